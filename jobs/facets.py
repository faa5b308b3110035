"""
Facet counts of the openings lists: beside each filter option, how many postings the list
would show with that option chosen and every other active filter left as it is
(`filters.apply(..., skip=<this facet>)`).
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count

from careerguide.cache import cached

from .models import JobPosting, Location


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    group: str = ""


LOCATION_GROUPS = {"city": "Cities", "region": "Regions", "country": "Countries"}


def seniority_facets(*, role=None, filters):
    """Every level of the ladder, in ladder order, with its count (zeros included)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="seniority")
    rows = dict(postings.order_by().values_list("seniority").annotate(count=Count("id")))
    return [
        Facet(level.value, level.label, rows.get(level.value, 0)) for level in JobPosting.Seniority
    ]


def location_facets(*, role=None, filters):
    """Places with at least one matching posting (and the chosen one, even at zero):
    cities, then regions, then countries, each group alphabetical."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="location")
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
    postings = filters.apply(JobPosting.objects.listed(role), skip="technology")
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
    postings = filters.apply(JobPosting.objects.listed(role), skip="remote")
    return postings.filter(workplace=JobPosting.Workplace.REMOTE).count()


def role_facets(*, filters):
    """The published guides with open postings matching the filters, with how many."""
    rows = (
        filters.apply(JobPosting.objects.listed())
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
    """Every facet of one list (`roles` only for all roles), from the shared cache while
    nothing has changed, and never past the moment the next open posting expires."""
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
        valid_until=lambda facets: JobPosting.objects.next_expiry(),
    )
