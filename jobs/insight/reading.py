"""The selector: a role's market insight from its tallies, in a fixed number of queries."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import connections, router, transaction
from django.db.models import BigIntegerField, FilteredRelation, Q, Value
from django.utils import timezone

from roles.models import Skill

from .. import statistics, tallies
from ..models import JobPosting
from .figures import (
    QUARTILES,
    SMALL_SAMPLE,
    TOP_LIMIT,
    TREND_WINDOW_DAYS,
    Employer,
    LevelPay,
    MarketInsight,
    Pay,
    RoleTrend,
    SkillDemand,
    TechnologyShare,
    percentile,
    share_of,
    whole,
)

Dimension = tallies.Dimension

# Selectors ----------------------------------------------------------------------------------

# What the role's tally rows give: counts per key, each less the postings past expiry.
COUNTED = [
    Dimension.SENIORITY, Dimension.REMOTE, Dimension.TECHNOLOGY, Dimension.LOCATION,
    Dimension.COMPANY, Dimension.CURRENCY, Dimension.SKILL,
]  # fmt: skip


def counted_postings(role):
    return JobPosting.objects.open().filter(role=role)


def _top(rows, limit=TOP_LIMIT):
    """The `limit` records with the highest counts (`rows`: {id: (count, name, slug)}),
    ties alphabetical whatever the case: [(pk, name, slug, count)]."""
    ranked = [(int(pk), name, slug, count) for pk, (count, name, slug) in rows.items()]
    return sorted(ranked, key=lambda row: (-row[3], row[1].lower(), row[1]))[:limit]


def _counts(rows):
    return {key: count for key, (count, _, _) in rows.items()}


def _shared(rows, open_count):
    return [TechnologyShare(name, slug, n, share_of(n, open_count)) for _, name, slug, n in rows]


def _quartiles(values):
    """(p25, median, p75) of sorted `values` in whole units, or Nones below SMALL_SAMPLE."""
    if len(values) < SMALL_SAMPLE:
        return None, None, None
    return tuple(whole(percentile(values, fraction)) for fraction in QUARTILES)


def _pay_by_level(postings):
    """{level: (n, p25, median, p75)}, and the role's own under the key None, for
    `postings` (with pay, in one currency): one query."""
    alias = postings.db
    if connections[alias].vendor != "postgresql":  # small data: the same interpolation
        values = {}
        for level, pay in postings.values_list("seniority", "pay_yearly").order_by("pay_yearly"):
            values.setdefault(level, []).append(pay)
            values.setdefault(None, []).append(pay)
        return {key: (len(pays), *_quartiles(pays)) for key, pays in values.items()}
    # Read from jobs_posting_pay_idx alone; the role's and each level's in one pass.
    by_level = postings.values("seniority", "pay_yearly").order_by()
    sql, params = by_level.query.get_compiler(using=alias).as_sql()
    fractions = ", ".join(map(str, QUARTILES))
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT seniority, COUNT(*), percentile_cont(ARRAY[" + fractions + "]) "
            f"WITHIN GROUP (ORDER BY pay_yearly) FROM ({sql}) pay "
            "GROUP BY GROUPING SETS ((seniority), ())",
            params,
        )
        rows = cursor.fetchall()
    return {
        level: (n, *(whole(f) if n >= SMALL_SAMPLE else None for f in figures))
        for level, n, figures in rows
    }


def advertised_pay(role, currencies):
    """The role's pay figures (PRODUCT.md "Advertised pay") from the counted postings with
    pay per currency (`currencies`); None when there are none."""
    if not currencies:
        return None
    currency = min(currencies, key=lambda code: (-currencies[code], code))
    with_pay = counted_postings(role).filter(pay_yearly__isnull=False, salary_currency=currency)
    figures = _pay_by_level(with_pay)
    n, p25, median, p75 = figures.pop(None, (0, None, None, None))
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


def _day(moment):
    return moment.astimezone(UTC).date()


def _on_days(role, days, technology_ids):
    """(posting id, posted_at, technology id or None) of the role's countable postings
    posted on `days` (UTC dates), once per technology of `technology_ids` they name: one
    query, each day an index range."""
    parts = []
    for day in days:
        since = datetime.combine(day, time(), tzinfo=UTC)
        postings = JobPosting.objects.countable().filter(
            role=role, posted_at__gte=since, posted_at__lt=since + timedelta(days=1)
        )
        if technology_ids:
            naming = Q(technologies__pk__in=technology_ids)
            postings = postings.annotate(named=FilteredRelation("technologies", condition=naming))
            parts.append(postings.values_list("pk", "posted_at", "named__pk").order_by())
        else:
            parts.append(
                postings.values_list("pk", "posted_at", Value(None, BigIntegerField())).order_by()
            )
    return parts[0].union(*parts[1:], all=True).order_by()


def trend(role, technologies, *, through, days=TREND_WINDOW_DAYS):
    """The role's new postings (countable, whatever their status now) in the `days` up to
    `through` against the `days` before, and the same for each of `technologies` (records
    with pk, name and slug) among the role's postings.

    Whole days come from the posted-per-day tallies; the two days that a window boundary
    cuts (those of `start` and of `earliest`) are counted from the postings themselves."""
    if through is None:
        return RoleTrend(days, None, 0, 0, None, "steady", [])
    start = through - timedelta(days=days)
    earliest = start - timedelta(days=days)
    first, cut, last = _day(earliest), _day(start), _day(through)
    totals = {key: {"current": 0, "previous": 0} for key in [None, *(t.pk for t in technologies)]}

    def add_whole_day(key, day, count):
        if cut < day <= last:
            totals[key]["current"] += count
        elif first < day < cut:
            totals[key]["previous"] += count

    days_posted = tallies.rows(role, Dimension.POSTED).filter(
        key__gt=first.isoformat(), key__lte=last.isoformat()
    )
    for key, count in days_posted.values_list("key", "count"):
        add_whole_day(None, date.fromisoformat(key), count)
    if technologies:
        ranges = Q()
        for tech in technologies:
            ranges |= Q(key__gt=f"{tech.pk}|{first}", key__lte=f"{tech.pk}|{last}")
        for key, count in (
            tallies.rows(role, Dimension.TECH_POSTED).filter(ranges).values_list("key", "count")
        ):
            tech_id, _, day = key.partition("|")
            add_whole_day(int(tech_id), date.fromisoformat(day), count)
    counted_once = set()
    for pk, posted_at, tech_id in _on_days(role, [first, cut], [t.pk for t in technologies]):
        window = "current" if posted_at > start else "previous" if posted_at > earliest else None
        if window and pk not in counted_once:
            counted_once.add(pk)
            totals[None][window] += 1
        if window and tech_id is not None:
            totals[tech_id][window] += 1
    current, previous = totals[None]["current"], totals[None]["previous"]
    return RoleTrend(
        days,
        through,
        current,
        previous,
        *statistics.trend_change(current, previous),
        technologies=[
            _trend(t.name, t.slug, totals[t.pk]["current"], totals[t.pk]["previous"])
            for t in technologies
        ],
    )


def _trend(name, slug, current, previous):
    change, direction = statistics.trend_change(current, previous)
    return statistics.Trend(name, slug, current, previous, change, direction)


def _skills(role):
    """The guide's technical skills linked to technologies: [(id, name, [(slug, name)])],
    in the guide's order; one query."""
    skills = {}
    for skill_id, name, slug, technology in (
        Skill.technologies.through.objects.filter(
            skill__role=role, skill__kind=Skill.Kind.TECHNICAL
        )
        .order_by("skill__position", "skill_id", "technology__slug")
        .values_list("skill_id", "skill__name", "technology__slug", "technology__name")
    ):
        skills.setdefault((skill_id, name), []).append((slug, technology))
    return [(skill_id, name, linked) for (skill_id, name), linked in skills.items()]


@dataclass(frozen=True)
class _Named:
    pk: int
    name: str
    slug: str


@contextmanager
def _serial_plans():
    """Each query here reads a few thousand index entries at most. PostgreSQL plans some
    of them with parallel workers, whose start costs more than the query (about 10 ms a
    query at a million postings): not within this transaction."""
    alias = router.db_for_read(JobPosting)  # the replica, for a page's reads
    if connections[alias].vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def market_insight(role, *, through=None):
    """Every market figure of `role`, in a fixed number of queries whatever the data size.
    `through`: data-through, when the caller knows it (else one query more)."""
    with _serial_plans():
        return _market_insight(role, through=through)


def _market_insight(role, *, through):
    if through is None:
        through = JobPosting.objects.data_through()
    computed_at = timezone.now()
    counted = tallies.counted_rows(role.pk, COUNTED)
    levels = {level: (count, None) for level, (count, _, _) in counted[Dimension.SENIORITY].items()}
    seniority = statistics._mix(levels)
    open_count = sum(share.count for share in seniority)
    technologies = _top(counted[Dimension.TECHNOLOGY])
    asking = _counts(counted[Dimension.SKILL])
    skills = [
        SkillDemand(
            skill_id,
            name,
            [slug for slug, _ in linked],
            asking.get(str(skill_id), 0),
            share_of(asking.get(str(skill_id), 0), open_count),
            technology_names=[technology for _, technology in linked],
        )
        for skill_id, name, linked in _skills(role)
    ]
    linked = {slug for skill in skills for slug in skill.technologies}
    shares = _shared(technologies, open_count)
    return MarketInsight(
        role_slug=role.slug,
        role_title=role.title,
        role_path=role.get_absolute_url(),
        computed_at=computed_at,
        data_through=through,
        open_count=open_count,
        remote_count=_counts(counted[Dimension.REMOTE]).get("", 0),
        seniority=seniority,
        technologies=shares,
        locations=_shared(_top(counted[Dimension.LOCATION]), open_count),
        employers=[Employer(*row[1:]) for row in _top(counted[Dimension.COMPANY])],
        pay=advertised_pay(role, _counts(counted[Dimension.CURRENCY])),
        trend=trend(role, [_Named(*row[:3]) for row in technologies], through=through),
        skills=skills,
        also_asked_for=[share for share in shares if share.slug not in linked],
        next_expiry=JobPosting.objects.filter(role=role).next_expiry(),
    )
