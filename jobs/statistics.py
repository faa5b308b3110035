"""
Every number a page shows about postings.

Each function is one aggregate query run by the database and returns plain data; views and
templates only display it. `guide_statistics()` bundles what a guide shows and caches it
under a generation key that every change to postings replaces (see `invalidate()`), so a
posting added, closed or edited shows on the next page load in every server process.
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Now
from django.utils import timezone

from roles.models import RelatedRole, Role

from .filters import listed_openings
from .models import JobPosting, Location, PostingTally, Technology

logger = logging.getLogger(__name__)

GENERATION_KEY = "jobs:statistics:generation"
CACHE_SECONDS = 300
LATEST_ON_GUIDE = 6
TOP_LIMIT = 10
REMOTE = "Remote"


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
    seniority: list[Share]
    technologies: list[Ranked]
    locations: list[Ranked]
    latest: list[JobPosting]
    related: list[RelatedCount]
    next_expiry: datetime | None = None
    open_count: int = field(init=False)

    def __post_init__(self):
        # Every posting has exactly one level, so the mix adds up to the open count.
        self.open_count = sum(share.count for share in self.seniority)


def open_postings(role):
    return JobPosting.objects.open().filter(role=role)


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


# The numbers below read the tallies (PostingTally: open postings per role and dimension,
# kept exact by database triggers) and subtract the open postings already past expiry,
# so each costs the same whether a role has ten postings or a million.


def _past_expiry(role):
    """Open postings of `role` (an id, or OuterRef) whose expiry has passed."""
    return JobPosting.objects.filter(
        role=role, status=JobPosting.Status.OPEN, expires_at__lte=Now()
    ).order_by()


def _how_many(postings):
    """A subquery counting `postings`, for use inside another query's annotation."""
    return Coalesce(
        Subquery(postings.values("role").annotate(number=Count("pk")).values("number")[:1]), 0
    )


def _next_expiry(role):
    return Subquery(
        JobPosting.objects.filter(role=role, status=JobPosting.Status.OPEN, expires_at__gt=Now())
        .order_by("expires_at")
        .values("expires_at")[:1]
    )


def _tallies(role, *dimensions):
    return PostingTally.objects.filter(role=role, dimension__in=dimensions, count__gt=0).order_by()


def seniority_mix(role):
    """Open postings per seniority level, in ladder order, with whole percentages."""
    return _mix(_seniority_rows(role))


def _seniority_rows(role):
    # The next expiry comes along in the same query: cached figures must not outlive it.
    rows = _tallies(role, PostingTally.Dimension.SENIORITY).values_list(
        "key",
        F("count") - _how_many(_past_expiry(role).filter(seniority=OuterRef("key"))),
        _next_expiry(role),
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
    return [
        Ranked(*row)
        for row in rows.filter(open_count__gt=0).order_by("-open_count", "name")[:limit]
    ]


def top_technologies(role, limit=TOP_LIMIT):
    """The technologies most open postings of the role name; ties alphabetical."""
    technology = Technology.objects.filter(pk=Cast(OuterRef("key"), BigIntegerField()))
    rows = (
        _tallies(role, PostingTally.Dimension.TECHNOLOGY)
        .annotate(
            name=Subquery(technology.values("name")[:1]),
            open_count=F("count")
            - _how_many(
                _past_expiry(role).filter(technologies=Cast(OuterRef("key"), BigIntegerField()))
            ),
        )
        .values_list("name", Subquery(technology.values("slug")[:1]), "open_count")
    )
    return _ranked(rows, limit)


def top_locations(role, limit=TOP_LIMIT):
    """Where the role's open postings are; remote postings count as one place, Remote."""
    location = Location.objects.filter(pk=Cast(OuterRef("key"), BigIntegerField()))
    is_remote = Q(dimension=PostingTally.Dimension.REMOTE)
    remote_past_expiry = _past_expiry(role).filter(workplace=JobPosting.Workplace.REMOTE)
    placed_past_expiry = _past_expiry(role).filter(
        locations=Cast(OuterRef("key"), BigIntegerField()),
        workplace__in=[JobPosting.Workplace.ONSITE, JobPosting.Workplace.HYBRID],
    )
    rows = (
        _tallies(role, PostingTally.Dimension.LOCATION, PostingTally.Dimension.REMOTE)
        .annotate(
            name=Case(
                When(is_remote, then=Value(REMOTE)), default=Subquery(location.values("name")[:1])
            ),
            slug=Case(
                When(is_remote, then=Value("remote")),
                default=Subquery(location.values("slug")[:1]),
                output_field=CharField(),
            ),
            open_count=F("count")
            - Case(
                When(is_remote, then=_how_many(remote_past_expiry)),
                default=_how_many(placed_past_expiry),
            ),
        )
        .values_list("name", "slug", "open_count")
    )
    return _ranked(rows, limit)


def latest_openings(role, limit=LATEST_ON_GUIDE):
    return list(open_postings(role).newest_first().select_related("company")[:limit])


def _open_count(role):
    """Expression: the open postings of `role` (an OuterRef to a role's id)."""
    tallied = (
        PostingTally.objects.filter(role=role, dimension=PostingTally.Dimension.SENIORITY)
        .order_by()
        .values("role")
        .annotate(total=Sum("count"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(tallied), 0) - _how_many(_past_expiry(role))


def related_roles(role):
    """The guide's related roles that readers can open, each with its open count."""
    rows = (
        RelatedRole.objects.filter(role=role, related__status=Role.Status.PUBLISHED)
        .select_related("related")
        .annotate(
            open_count=_open_count(OuterRef("related")),
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
    return roles.annotate(open_count=_open_count(OuterRef("pk")))


def compute_guide_statistics(role):
    rows = _seniority_rows(role)
    related = related_roles(role)
    expiries = [expiry for _, expiry in rows.values()] + [item.next_expiry for item in related]
    return GuideStatistics(
        seniority=_mix(rows),
        technologies=top_technologies(role),
        locations=top_locations(role),
        latest=latest_openings(role),
        related=related,
        next_expiry=min((expiry for expiry in expiries if expiry), default=None),
    )


def guide_statistics(role):
    """What a guide page shows about postings, from the cache while nothing has changed."""
    return cached(
        f"guide:{role.pk}",
        lambda: compute_guide_statistics(role),
        valid_until=lambda statistics: statistics.next_expiry,
    )


def cached(name, compute, valid_until=lambda value: None):
    """`compute()`'s value, kept in the shared cache for the current generation, which
    `invalidate()` replaces on every change to postings or guides, and never kept past
    `valid_until(value)` (the next expiry that would change it).

    The entry carries the generation it was computed for, so one round trip fetches both
    and tells whether the entry still holds."""
    key = f"jobs:statistics:{name}"
    found = _cache_call("get_many", [GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) if found is not None else None
    if generation is None and found is not None:
        generation = _generation()  # the first use of an empty cache
    if generation is None:
        return compute()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    _cache_call("set", key, (generation, value), _seconds_until(valid_until(value)))
    return value


def invalidate():
    """Make every cached statistic stale, in every process sharing the cache."""
    global _invalidation_pending
    # Remembered until the cache takes it: a change made while the cache is away must
    # still retire what was cached before it, once the cache is back.
    _invalidation_pending = True
    _cache_call("get", GENERATION_KEY)


def _generation():
    generation = _cache_call("get", GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        if not _cache_call("add", GENERATION_KEY, generation, None):
            generation = _cache_call("get", GENERATION_KEY)
    return generation


def _seconds_until(moment: datetime | None):
    if moment is None:
        return CACHE_SECONDS
    return max(1, min(CACHE_SECONDS, int((moment - timezone.now()).total_seconds())))


CACHE_RETRY_SECONDS = 5
_cache_down_until = 0.0
_invalidation_pending = False


def _cache_call(method, *args):
    """A cache operation that degrades to 'no cache' when the cache is unreachable.

    After a failure the cache is left alone for CACHE_RETRY_SECONDS, so that an
    unreachable cache costs one timeout every few seconds, not several on every page.
    """
    global _cache_down_until, _invalidation_pending
    if time.monotonic() < _cache_down_until:
        return None
    try:
        if _invalidation_pending:
            # A fresh value, not an increment: a generation evicted and restarted at 1
            # could otherwise meet entries written under the old 1.
            cache.set(GENERATION_KEY, time.time_ns(), None)
            _invalidation_pending = False
        return getattr(cache, method)(*args)
    except Exception as error:  # Any backend error: the database still has every answer.
        _cache_down_until = time.monotonic() + CACHE_RETRY_SECONDS
        logger.warning(
            "cache unreachable (%s: %s); serving from the database for %d s",
            type(error).__name__,
            error,
            CACHE_RETRY_SECONDS,
        )
        return None


# Openings lists: facet counts ---------------------------------------------------------------
#
# Each option's count is how many open postings the list would show with that option chosen
# and every other active filter left as it is (`filters.apply(..., skip=<this facet>)`).


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    group: str = ""


LOCATION_GROUPS = {"city": "Cities", "region": "Regions", "country": "Countries"}


def seniority_facets(*, role=None, filters):
    """Every level of the ladder, in ladder order, with its count (zeros included)."""
    postings = filters.apply(listed_openings(role), skip="seniority")
    rows = dict(postings.order_by().values_list("seniority").annotate(count=Count("id")))
    return [
        Facet(level.value, level.label, rows.get(level.value, 0)) for level in JobPosting.Seniority
    ]


def location_facets(*, role=None, filters):
    """Places with at least one matching posting (and the chosen one, even at zero):
    cities, then regions, then countries, each group alphabetical."""
    postings = filters.apply(listed_openings(role), skip="location")
    rows = (
        JobPosting.locations.through.objects.filter(jobposting__in=postings.values("pk"))
        .values_list("location__slug", "location__name", "location__kind")
        .annotate(count=Count("jobposting_id"))
        .order_by()
    )
    chosen = filters.location
    if chosen and all(slug != chosen.slug for slug, *_ in rows):
        rows = [*rows, (chosen.slug, chosen.name, chosen.kind, 0)]
    order = {kind: index for index, kind in enumerate(Location.Kind.values)}
    return [
        Facet(slug, name, count, LOCATION_GROUPS.get(kind, ""))
        for slug, name, kind, count in sorted(
            rows, key=lambda row: (order.get(row[2], 0), row[1], row[0])
        )
    ]


def technology_facets(*, role=None, filters):
    """Technologies with at least one matching posting (and the chosen one), alphabetical."""
    postings = filters.apply(listed_openings(role), skip="technology")
    rows = list(
        JobPosting.technologies.through.objects.filter(jobposting__in=postings.values("pk"))
        .values_list("technology__slug", "technology__name")
        .annotate(count=Count("jobposting_id"))
        .order_by()
    )
    chosen = filters.technology
    if chosen and all(slug != chosen.slug for slug, *_ in rows):
        rows.append((chosen.slug, chosen.name, 0))
    return [
        Facet(slug, name, count)
        for slug, name, count in sorted(rows, key=lambda row: (row[1].lower(), row[0]))
    ]


def remote_facet(*, role=None, filters):
    """How many matching postings are remote."""
    postings = filters.apply(listed_openings(role), skip="remote")
    return postings.filter(workplace=JobPosting.Workplace.REMOTE).count()


def role_facets(*, filters):
    """The published guides with open postings matching the filters, with how many."""
    rows = (
        filters.apply(listed_openings(None))
        .values_list("role__slug", "role__title")
        .annotate(count=Count("id"))
        .order_by("role__title")
    )
    return [Facet(slug, title, count) for slug, title, count in rows]


@dataclass(frozen=True)
class OpeningFacets:
    seniority: list[Facet]
    locations: list[Facet]
    technologies: list[Facet]
    remote: int
    roles: list[Facet]

    def total(self, filters):
        """How many postings the list itself shows. Every posting has one level, so the
        levels counted without the level filter, kept to the chosen ones, add up to it."""
        return sum(
            facet.count
            for facet in self.seniority
            if not filters.seniority or facet.value in filters.seniority
        )


def opening_facets(*, role=None, filters):
    """Every facet of one list (`roles` only for all roles), from the cache while nothing
    has changed: cached like a guide's figures, under the generation that `invalidate()`
    replaces on every write, and never past the moment the next open posting expires."""
    where = hashlib.sha256(urlencode(filters.params(page=1)).encode()).hexdigest()[:32]
    return cached(
        f"facets:{role.pk if role else 'all'}:{where}",
        lambda: OpeningFacets(
            seniority=seniority_facets(role=role, filters=filters),
            locations=location_facets(role=role, filters=filters),
            technologies=technology_facets(role=role, filters=filters),
            remote=remote_facet(role=role, filters=filters),
            roles=[] if role else role_facets(filters=filters),
        ),
        valid_until=lambda facets: next_open_expiry(),
    )


def next_open_expiry():
    """When the next open posting expires: nothing cached may outlive that moment."""
    return (
        JobPosting.objects.open()
        .filter(expires_at__isnull=False)
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
        .first()
    )
