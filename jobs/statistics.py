"""
Every number a guide shows about postings.

Selectors: plain functions without side effects, each one aggregate query run by the
database, returning plain data; views and templates only display it.
They read the posting tallies (`jobs/tallies.py`), so each costs the same whether a role
has ten postings or a million. Caching is the caller's business (`careerguide.cache`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Lower

from roles.models import RelatedRole, Role

from . import tallies
from .models import JobPosting, Location, Technology

LATEST_ON_GUIDE = 6
LATEST_ON_HOME = 6
TOP_LIMIT = 10
REMOTE = "Remote"
# Trend (PRODUCT.md, "Market insight"): postings in the 30 days up to data-through against
# the 30 days before; rising at +10 % or more, falling at -10 % or less.
TREND_WINDOW_DAYS = 30
TREND_THRESHOLD = 0.10
# A rise from 2 postings to 4 is +100 % and says nothing: the home page ranks technologies
# with at least this many postings in the earlier window.
RISING_MINIMUM = 20

Dimension = tallies.Dimension


@dataclass(frozen=True)
class Share:
    """One seniority level's slice of a role's open postings."""

    level: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Ranked:
    name: str
    slug: str
    count: int


@dataclass(frozen=True)
class RelatedCount:
    title: str
    slug: str
    summary: str
    note: str
    open_count: int
    url: str
    next_expiry: datetime | None = None


@dataclass
class GuideStatistics:
    """What a guide shows of postings besides its market insight (`jobs.insight`)."""

    latest: list[JobPosting]
    related: list[RelatedCount]
    next_expiry: datetime | None = None


def open_postings_count(role):
    return with_open_counts(Role.objects.filter(pk=role.pk)).values_list("open_count", flat=True)[0]


def whole_percentages(counts):
    """Percentages of `counts` as whole numbers that add up to exactly 100.

    Largest remainder: floor every share, then give the points left over to the largest
    remainders, earlier entries first on ties.
    """
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    floors = [count * 100 // total for count in counts]
    remainders = [count * 100 % total for count in counts]
    by_remainder = sorted(range(len(counts)), key=lambda index: -remainders[index])
    for index in by_remainder[: 100 - sum(floors)]:
        floors[index] += 1
    return floors


def _next_expiry(role):
    """Expression: when the next open posting of `role` expires."""
    return Subquery(
        JobPosting.objects.open()
        .filter(role=role, expires_at__isnull=False)
        .order_by("expires_at")
        .values("expires_at")[:1]
    )


def seniority_mix(role):
    """Open postings per seniority level, in ladder order, with whole percentages."""
    return _mix(_seniority_rows(role))


def _seniority_rows(role):
    # The next expiry comes along in the same query: cached figures must not outlive it.
    rows = tallies.counted(role, Dimension.SENIORITY).values_list(
        "key", "counted", _next_expiry(role)
    )
    return {level: (count, expiry) for level, count, expiry in rows if count > 0}


def _mix(rows):
    ladder = [level for level in JobPosting.Seniority if level.value in rows]
    percents = whole_percentages([rows[level.value][0] for level in ladder])
    return [
        Share(level.value, level.label, rows[level.value][0], percent)
        for level, percent in zip(ladder, percents, strict=True)
    ]


def _ranked(rows, limit):
    # Ties alphabetical whatever the case, and alike on both databases' collations.
    ranked = rows.filter(counted__gt=0).order_by("-counted", Lower("name"), "name")
    return [Ranked(*row) for row in ranked[:limit]]


def _named(model, *fields):
    """Subqueries of `model`'s `fields` for the record a tally row's key names."""
    record = model.objects.filter(pk=Cast(OuterRef("key"), BigIntegerField()))
    return [Subquery(record.values(name)[:1]) for name in fields]


def top_technologies(role, limit=TOP_LIMIT):
    """The technologies most open postings of the role name; ties alphabetical."""
    name, slug = _named(Technology, "name", "slug")
    rows = (
        tallies.counted(role, Dimension.TECHNOLOGY)
        .annotate(name=name)
        .values_list("name", slug, "counted")
    )
    return _ranked(rows, limit)


def top_locations(role, limit=TOP_LIMIT):
    """Where the role's open postings are; remote postings count as one place, Remote."""
    name, slug = _named(Location, "name", "slug")
    is_remote = Q(dimension=Dimension.REMOTE)
    rows = (
        tallies.counted(role, Dimension.LOCATION, Dimension.REMOTE)
        .annotate(
            name=Case(When(is_remote, then=Value(REMOTE)), default=name),
            place=Case(
                When(is_remote, then=Value("remote")), default=slug, output_field=CharField()
            ),
        )
        .values_list("name", "place", "counted")
    )
    return _ranked(rows, limit)


def latest_openings(role, limit=LATEST_ON_GUIDE):
    return list(
        JobPosting.objects.open()
        .filter(role=role)
        .newest_first()
        .select_related("company")
        .prefetch_related("locations")[:limit]
    )


def related_roles(role):
    """The guide's related roles that readers can open, each with its open count."""
    rows = (
        RelatedRole.objects.filter(role=role, related__status=Role.Status.PUBLISHED)
        .select_related("related")
        .annotate(
            open_count=tallies.open_count(OuterRef("related")),
            next_expiry=_next_expiry(OuterRef("related")),
        )
        .order_by("position")
    )
    return [
        RelatedCount(
            title=row.related.title,
            slug=row.related.slug,
            summary=row.related.summary,
            note=row.note,
            open_count=row.open_count,
            url=row.related.get_absolute_url(),
            next_expiry=row.next_expiry,
        )
        for row in rows
    ]


def with_open_counts(roles):
    """Annotate a queryset of roles with `open_count`, in the same query."""
    return roles.annotate(open_count=tallies.open_count(OuterRef("pk")))


def guide_statistics(role):
    """The guide's latest openings and related roles, and when they next change by
    themselves (a posting of the role or of a related role passing its expiry)."""
    related = related_roles(role)
    expiries = [JobPosting.objects.filter(role=role).next_expiry()]
    expiries += [item.next_expiry for item in related]
    return GuideStatistics(
        latest=latest_openings(role),
        related=related,
        next_expiry=min((expiry for expiry in expiries if expiry), default=None),
    )


@dataclass(frozen=True)
class Trend:
    """Postings in the window up to data-through (`current`) against the one before."""

    name: str
    slug: str
    current: int
    previous: int
    change: float | None
    direction: str


def trend_change(current, previous):
    """(change, direction) as PRODUCT.md defines them: no change when previous is 0."""
    if not previous:
        return None, "steady"
    change = (current - previous) / previous
    if change >= TREND_THRESHOLD:
        return change, "rising"
    if change <= -TREND_THRESHOLD:
        return change, "falling"
    return change, "steady"


def technology_trends(*, through, days=TREND_WINDOW_DAYS):
    """Per technology, the postings of every published guide's role (whatever their status
    now) that name it and were posted in the `days` up to `through`, and in the `days`
    before; one query. Empty without a `through` (no postings)."""
    if through is None:
        return []
    start = through - timedelta(days=days)
    links = JobPosting.technologies.through.objects.filter(
        jobposting__role__status=Role.Status.PUBLISHED,
        jobposting__duplicate_of__isnull=True,  # one job published by two feeds counts once
        jobposting__posted_at__gt=start - timedelta(days=days),
        jobposting__posted_at__lte=through,
    )
    rows = (
        links.values_list("technology__name", "technology__slug")
        .annotate(
            current=Count("pk", filter=Q(jobposting__posted_at__gt=start)),
            previous=Count("pk", filter=Q(jobposting__posted_at__lte=start)),
        )
        .order_by("technology__name")
    )
    return [
        Trend(name, slug, current, previous, *trend_change(current, previous))
        for name, slug, current, previous in rows
    ]


def rising_technologies(trends, *, limit=5, minimum=RISING_MINIMUM):
    """The technologies whose postings rose fastest, of those with at least `minimum`
    postings in the earlier window; ties by the larger count, then by name."""
    rising = [t for t in trends if t.direction == "rising" and t.previous >= minimum]
    return sorted(rising, key=lambda t: (-t.change, -t.current, t.name))[:limit]


def employers_hiring():
    """How many companies have listed openings (open, of a published guide)."""
    return JobPosting.objects.listed().values("company").distinct().count()


def newest_openings(limit=LATEST_ON_HOME):
    """The newest listed openings of every published guide."""
    return list(
        JobPosting.objects.listed()
        .newest_first()
        .select_related("company", "role")
        .prefetch_related("locations")[:limit]
    )
