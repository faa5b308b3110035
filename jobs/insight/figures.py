"""The market insight's value: its figures, and the same as JSON and CSV."""

import csv
import io
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from .. import statistics

TOP_LIMIT = statistics.TOP_LIMIT
TREND_WINDOW_DAYS = statistics.TREND_WINDOW_DAYS
# A role or a level with fewer postings with pay than this gets its n but no figures.
SMALL_SAMPLE = 5
# Figures resting on fewer counted postings than this are marked as small samples: a share
# of 11 postings moves 9 points with each one.
SHARE_SAMPLE = 30
PAY_PERIOD = "YEAR"
QUARTILES = (0.25, 0.5, 0.75)


@dataclass(frozen=True)
class TechnologyShare:
    """A technology or a place: counted postings naming it, and their share."""

    name: str
    slug: str
    count: int
    share: float


@dataclass(frozen=True)
class Employer:
    name: str
    slug: str
    count: int


@dataclass(frozen=True)
class LevelPay:
    level: str
    label: str
    n: int
    p25: int | None
    median: int | None
    p75: int | None


@dataclass(frozen=True)
class Pay:
    """Advertised yearly pay in the role's currency; other currencies are `left_out`."""

    currency: str
    n: int
    left_out: int
    p25: int | None
    median: int | None
    p75: int | None
    by_level: list[LevelPay]
    period: str = PAY_PERIOD

    @property
    def small_sample(self):
        return self.n < SHARE_SAMPLE


@dataclass(frozen=True)
class RoleTrend:
    """New postings of the role in the window up to `through` against the window before,
    and the same for each of its top technologies (`statistics.Trend`)."""

    window_days: int
    through: datetime | None
    current: int
    previous: int
    change: float | None
    direction: str
    technologies: list[statistics.Trend]


@dataclass(frozen=True)
class SkillDemand:
    """A technical skill of the guide linked to technologies: counted postings naming at
    least one of them."""

    skill_id: int
    name: str
    technologies: list[str]  # slugs
    count: int
    share: float
    technology_names: list[str] = field(default_factory=list)  # in the order of the slugs


@dataclass
class MarketInsight:
    role_slug: str
    role_title: str
    role_path: str
    computed_at: datetime
    data_through: datetime | None
    open_count: int
    remote_count: int
    seniority: list[statistics.Share]
    technologies: list[TechnologyShare]
    locations: list[TechnologyShare]
    employers: list[Employer]
    pay: Pay | None
    trend: RoleTrend
    skills: list[SkillDemand]
    also_asked_for: list[TechnologyShare]
    # When the first counted posting passes its expiry: the figures change then by themselves.
    next_expiry: datetime | None = None
    small_sample_below: int = field(default=SHARE_SAMPLE, init=False)

    @property
    def remote_share(self):
        return share_of(self.remote_count, self.open_count)

    @property
    def small_sample(self):
        """Whether the open count itself is too small to read much into."""
        return self.open_count < SHARE_SAMPLE

    @property
    def top_level(self):
        """The most common level (the lower one on ties)."""
        return min(self.seniority, key=lambda share: -share.count, default=None)

    @property
    def top_technology(self):
        return self.technologies[0] if self.technologies else None

    @property
    def top_technology_percent(self):
        top = self.top_technology
        return whole_percent(top.count, self.open_count) if top else None

    @property
    def remote_percent(self):
        return whole_percent(self.remote_count, self.open_count)

    def estimated_salary(self):
        """The pay figures as schema.org's `estimatedSalary` of an Occupation (what search
        engines read for salary estimates), or None while the role has none."""
        pay = self.pay
        if pay is None or pay.median is None:
            return None
        return {
            "@type": "MonetaryAmountDistribution",
            "name": "Advertised pay",
            "currency": pay.currency,
            "duration": "P1Y",
            "percentile25": pay.p25,
            "median": pay.median,
            "percentile75": pay.p75,
        }

    def as_json(self, request=None):
        """The figures as `/roles/<slug>/statistics.json` serves them (PRODUCT.md's schema);
        the role's URL absolute when a `request` is given."""
        url = request.build_absolute_uri(self.role_path) if request else self.role_path
        pay = None
        if self.pay:
            pay = {
                "currency": self.pay.currency,
                "period": self.pay.period,
                "n": self.pay.n,
                "left_out": self.pay.left_out,
                "p25": self.pay.p25,
                "median": self.pay.median,
                "p75": self.pay.p75,
                "by_level": [
                    {key: getattr(level, key) for key in ("level", "n", "p25", "median", "p75")}
                    for level in self.pay.by_level
                ],
            }
        trend = self.trend
        return {
            "role": {"slug": self.role_slug, "title": self.role_title, "url": url},
            "computed_at": self.computed_at.isoformat(),
            "data_through": self.data_through.isoformat() if self.data_through else None,
            "open_count": self.open_count,
            "remote_share": self.remote_share,
            "seniority": [asdict(share) for share in self.seniority],
            "technologies": [asdict(item) for item in self.technologies],
            "locations": [asdict(item) for item in self.locations],
            "employers": [asdict(item) for item in self.employers],
            "pay": pay,
            "trend": {
                "window_days": trend.window_days,
                "current": trend.current,
                "previous": trend.previous,
                "change": trend.change,
                "direction": trend.direction,
                "technologies": [asdict(item) for item in trend.technologies],
            },
            "skills": [
                {
                    "name": skill.name,
                    "technologies": skill.technologies,
                    "count": skill.count,
                    "share": skill.share,
                }
                for skill in self.skills
            ],
        }

    def csv_rows(self):
        """One row per figure, under CSV_COLUMNS: what `/roles/<slug>/statistics.csv`
        serves. Blank cells: the figure has no such part (or a rule withholds it)."""
        rows = [
            {"section": "open", "count": self.open_count},
            {"section": "remote", "count": self.remote_count, "share": self.remote_share},
        ]
        rows += [
            {"section": "seniority", "name": s.label, "level": s.level, "count": s.count,
             "share": share_of(s.count, self.open_count)}
            for s in self.seniority
        ]  # fmt: skip
        for section, items in (("technology", self.technologies), ("location", self.locations)):
            rows += [
                {"section": section, "name": item.name, "slug": item.slug, "count": item.count,
                 "share": item.share}
                for item in items
            ]  # fmt: skip
        rows += [
            {"section": "employer", "name": e.name, "slug": e.slug, "count": e.count}
            for e in self.employers
        ]
        if self.pay:
            pay = self.pay
            rows.append(
                {"section": "pay", "currency": pay.currency, "period": pay.period, "n": pay.n,
                 "left_out": pay.left_out, "p25": pay.p25, "median": pay.median, "p75": pay.p75}
            )  # fmt: skip
            rows += [
                {"section": "pay_level", "name": level.label, "level": level.level,
                 "currency": pay.currency, "period": pay.period, "n": level.n,
                 "p25": level.p25, "median": level.median, "p75": level.p75}
                for level in pay.by_level
            ]  # fmt: skip
        trend = self.trend
        rows.append(
            {"section": "trend", "window_days": trend.window_days, "current": trend.current,
             "previous": trend.previous, "change": trend.change, "direction": trend.direction}
        )  # fmt: skip
        rows += [
            {"section": "technology_trend", "name": t.name, "slug": t.slug,
             "window_days": trend.window_days, "current": t.current, "previous": t.previous,
             "change": t.change, "direction": t.direction}
            for t in trend.technologies
        ]  # fmt: skip
        rows += [
            {"section": "skill", "name": s.name, "slug": " ".join(s.technologies),
             "count": s.count, "share": s.share}
            for s in self.skills
        ]  # fmt: skip
        return rows

    def as_csv(self):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for row in self.csv_rows():
            writer.writerow({key: "" if value is None else value for key, value in row.items()})
        return out.getvalue()


# The CSV's columns. `section` says what a row is: open, remote, seniority, technology,
# location, employer, pay, pay_level, trend, technology_trend, skill (its `slug` lists the
# linked technologies' slugs, space-separated). Pay is yearly in `currency`.
CSV_COLUMNS = [
    "section", "name", "slug", "level", "count", "share", "currency", "period", "n",
    "left_out", "p25", "median", "p75", "window_days", "current", "previous", "change",
    "direction",
]  # fmt: skip


def share_of(count, total):
    """`count` over `total` as a fraction 0-1 (four places), None without a total."""
    return round(count / total, 4) if total else None


def whole_percent(count, total):
    """Whole percent, halves rounded up; None without a total."""
    return (200 * count + total) // (2 * total) if total else None


def whole(value):
    """A money figure in whole units, halves rounded up."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percentile(ordered, fraction):
    """The continuous percentile of sorted values, as PostgreSQL's `percentile_cont`."""
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)
