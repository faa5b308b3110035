"""
A role's market insight: every figure PRODUCT.md "Market insight" defines, in one value.

`market_insight(role)` is the selector (no cache, no side effects); `jobs.kept` keeps its
value per role. Counted postings are those of `JobPosting.objects.open()`: countable, open
and not past expiry. Windows end at data-through, the newest posting's `posted_at`.
"""

import csv
import io
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Exists, FloatField, OuterRef, Q
from django.db.models.aggregates import Aggregate
from django.utils import timezone

from roles.models import Skill

from . import statistics, tallies
from .models import JobPosting, Technology, countable_condition

Dimension = tallies.Dimension
TOP_LIMIT = statistics.TOP_LIMIT
TREND_WINDOW_DAYS = statistics.TREND_WINDOW_DAYS
# A role or a level with fewer postings with pay than this gets its n but no figures; any
# figure resting on fewer postings is marked as a small sample on the page.
SMALL_SAMPLE = 5
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
        return self.n < SMALL_SAMPLE


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
    small_sample_below: int = field(default=SMALL_SAMPLE, init=False)

    @property
    def remote_share(self):
        return share_of(self.remote_count, self.open_count)

    @property
    def small_sample(self):
        """Whether the open count itself is too small to read much into."""
        return self.open_count < SMALL_SAMPLE

    @property
    def top_level(self):
        return min(self.seniority, key=lambda share: -share.count, default=None)

    @property
    def top_technology(self):
        return self.technologies[0] if self.technologies else None

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


def whole(value):
    """A money figure in whole units, halves rounded up."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percentile(ordered, fraction):
    """The continuous percentile of sorted values, as PostgreSQL's `percentile_cont`."""
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate `percentile_cont(fraction)` of an expression."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


# Selectors ----------------------------------------------------------------------------------


def counted_postings(role):
    return JobPosting.objects.open().filter(role=role)


def _shared(rows, open_count):
    return [TechnologyShare(r.name, r.slug, r.count, share_of(r.count, open_count)) for r in rows]


def top_employers(role, limit=TOP_LIMIT):
    """The companies with the most counted postings of the role; ties alphabetical."""
    rows = (
        counted_postings(role)
        .values_list("company__name", "company__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "company__name")[:limit]
    )
    return [Employer(*row) for row in rows]


def _quartiles(values):
    """(p25, median, p75) of sorted `values` in whole units, or Nones below SMALL_SAMPLE."""
    if len(values) < SMALL_SAMPLE:
        return None, None, None
    return tuple(whole(percentile(values, fraction)) for fraction in QUARTILES)


def _pay_by_level(postings):
    """{level: (n, p25, median, p75)} and the role's own (n, p25, median, p75) under
    the key None, for `postings` (with pay, in one currency)."""
    if connection.vendor == "postgresql":
        quartiles = {
            f"p{index}": PercentileCont("pay_yearly", fraction)
            for index, fraction in enumerate(QUARTILES)
        }
        by_level = {
            level: (n, *figures)
            for level, n, *figures in postings.values_list("seniority")
            .annotate(n=Count("pk"), **quartiles)
            .values_list("seniority", "n", *quartiles)
            .order_by()
        }
        role = postings.order_by().aggregate(n=Count("pk"), **quartiles)
        by_level[None] = (role["n"], *(role[name] for name in quartiles))
        return {
            key: (n, *(whole(f) if n >= SMALL_SAMPLE else None for f in figures))
            for key, (n, *figures) in by_level.items()
        }
    values = {}
    for level, pay in postings.values_list("seniority", "pay_yearly").order_by("pay_yearly"):
        values.setdefault(level, []).append(pay)
        values.setdefault(None, []).append(pay)
    return {key: (len(pays), *_quartiles(pays)) for key, pays in values.items()}


def advertised_pay(role):
    """The role's pay figures (PRODUCT.md "Advertised pay"), None when no counted posting
    quotes pay."""
    with_pay = counted_postings(role).filter(pay_yearly__isnull=False)
    currencies = dict(with_pay.values_list("salary_currency").annotate(n=Count("pk")).order_by())
    if not currencies:
        return None
    currency = min(currencies, key=lambda code: (-currencies[code], code))
    figures = _pay_by_level(with_pay.filter(salary_currency=currency))
    n, p25, median, p75 = figures.pop(None)
    by_level = [
        LevelPay(level.value, level.label, *figures[level.value])
        for level in JobPosting.Seniority
        if level.value in figures
    ]
    return Pay(
        currency=currency,
        n=n,
        left_out=sum(currencies.values()) - n,
        p25=p25,
        median=median,
        p75=p75,
        by_level=by_level,
    )


def trend(role, technologies, *, through, days=TREND_WINDOW_DAYS):
    """The role's new postings (countable, whatever their status now) in the `days` up to
    `through` against the `days` before; the same for each of `technologies` (TechnologyShare
    or Technology-like with name and slug) among the role's postings."""
    if through is None:
        return RoleTrend(days, None, 0, 0, None, "steady", [])
    start = through - timedelta(days=days)
    window = Q(posted_at__gt=start - timedelta(days=days), posted_at__lte=through)
    counts = (
        JobPosting.objects.countable()
        .filter(window, role=role)
        .aggregate(
            current=Count("pk", filter=Q(posted_at__gt=start)),
            previous=Count("pk", filter=Q(posted_at__lte=start)),
        )
    )
    slugs = [technology.slug for technology in technologies]
    links = JobPosting.technologies.through.objects.filter(
        countable_condition("jobposting__"), jobposting__role=role, technology__slug__in=slugs
    ).filter(jobposting__posted_at__gt=start - timedelta(days=days))
    by_slug = {
        slug: (current, previous)
        for slug, current, previous in links.filter(jobposting__posted_at__lte=through)
        .values_list("technology__slug")
        .annotate(
            current=Count("pk", filter=Q(jobposting__posted_at__gt=start)),
            previous=Count("pk", filter=Q(jobposting__posted_at__lte=start)),
        )
        .values_list("technology__slug", "current", "previous")
        .order_by()
    }
    current, previous = counts["current"], counts["previous"]
    return RoleTrend(
        days,
        through,
        current,
        previous,
        *statistics.trend_change(current, previous),
        technologies=[_trend(t.name, t.slug, *by_slug.get(t.slug, (0, 0))) for t in technologies],
    )


def _trend(name, slug, current, previous):
    return statistics.Trend(
        name, slug, current, previous, *statistics.trend_change(current, previous)
    )


def skill_demand(role, open_count):
    """Each technical skill of the guide linked to technologies, with the counted postings
    naming at least one of them; in the guide's order."""
    naming = JobPosting.technologies.through.objects.filter(
        jobposting=OuterRef("pk"), technology__skills=OuterRef(OuterRef("pk"))
    )
    asking = counted_postings(role).filter(Exists(naming)).order_by()
    skills = (
        Skill.objects.filter(role=role, kind=Skill.Kind.TECHNICAL, technologies__isnull=False)
        .distinct()
        .annotate(count=tallies.how_many(asking))
        .order_by("position")
    )
    skills = list(skills.values_list("pk", "name", "count"))
    links = {}
    for skill_id, slug in (
        Skill.technologies.through.objects.filter(skill_id__in=[pk for pk, _, _ in skills])
        .order_by("technology__slug")
        .values_list("skill_id", "technology__slug")
    ):
        links.setdefault(skill_id, []).append(slug)
    return [
        SkillDemand(pk, name, links.get(pk, []), count, share_of(count, open_count))
        for pk, name, count in skills
    ]


def market_insight(role, *, through=None):
    """Every market figure of `role`. `through`: data-through, when the caller knows it
    (else one query more)."""
    if through is None:
        through = JobPosting.objects.data_through()
    computed_at = timezone.now()
    levels = statistics._seniority_rows(role)
    seniority = statistics._mix(levels)
    open_count = sum(share.count for share in seniority)
    remote = tallies.counted(role, Dimension.REMOTE).values_list("counted", flat=True).first() or 0
    technologies = _shared(statistics.top_technologies(role), open_count)
    locations = _shared(statistics.top_places(role), open_count)
    skills = skill_demand(role, open_count)
    linked = set(
        Technology.objects.filter(skills__role=role, skills__kind=Skill.Kind.TECHNICAL).values_list(
            "slug", flat=True
        )
    )
    expiries = [expiry for _, expiry in levels.values() if expiry]
    return MarketInsight(
        role_slug=role.slug,
        role_title=role.title,
        role_path=role.get_absolute_url(),
        computed_at=computed_at,
        data_through=through,
        open_count=open_count,
        remote_count=max(remote, 0),
        seniority=seniority,
        technologies=technologies,
        locations=locations,
        employers=top_employers(role),
        pay=advertised_pay(role),
        trend=trend(role, technologies, through=through),
        skills=skills,
        also_asked_for=[t for t in technologies if t.slug not in linked],
        next_expiry=min(expiries, default=None),
    )
