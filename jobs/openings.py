"""
One openings list as its page and its feeds show it, and the openings like one posting.

`find_openings(role, filters)` counts the facets (which also settle what the filters need
from the data: the main currency and data-through), then gives the postings in the list's
order; the page shows them 25 at a time. `first_page(role, filters)` settles the same
without counting anything else: a feed of the same address shows exactly that first page.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet

from roles.models import Role

from .facets import OpeningFacets, opening_facets, resolve_filters
from .filters import OpeningFilters
from .models import JobPosting

PER_PAGE = 25
SIMILAR_LIMIT = 5
# Similar openings are looked for among this many of the role's newest, so that a posting
# page costs the same whatever the number of postings.
SIMILAR_CANDIDATES = 200


class CountedPaginator(Paginator):
    """A paginator told how many items there are, so that it never counts them again."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count


@dataclass
class Openings:
    role: Role | None
    filters: OpeningFilters  # resolved: main currency and data-through filled in
    facets: OpeningFacets
    postings: QuerySet

    @property
    def total(self):
        return self.facets.total(self.filters)

    def paginator(self):
        return CountedPaginator(self.postings, PER_PAGE, count=self.total)

    @property
    def left_out(self):
        """With a pay minimum: how many postings it leaves out for quoting no pay or
        another currency (a dict), else None."""
        if not self.filters.salary_min:
            return None
        return self.facets.pay.left_out(self.filters.pay_currency)


def find_openings(role, filters):
    """The list of `role` (None: every published guide) that `filters` (as the reader asked,
    from `OpeningsFilterForm.filters()`) describe."""
    _ = filters.search_companies  # one look-up, shared by every query below
    facets = opening_facets(role=role, filters=filters)
    filters = facets.resolve(filters)
    postings = _listed(role, filters).prefetch_related("locations", "technologies")
    return Openings(role=role, filters=filters, facets=facets, postings=postings)


def first_page(role, filters):
    """The resolved filters and the postings of the list's first page, as its feeds show
    them (with their places)."""
    _ = filters.search_companies
    filters = resolve_filters(role=role, filters=filters)
    return filters, list(_listed(role, filters).prefetch_related("locations")[:PER_PAGE])


def _listed(role, filters):
    return filters.order(filters.apply(JobPosting.objects.listed(role))).select_related(
        "company", "role"
    )


def similar_openings(posting, *, limit=SIMILAR_LIMIT):
    """Open postings of the same role that share technologies or places with `posting`:
    those sharing the most first, then the newest. Needs the posting's technologies and
    locations prefetched; one query, and one for the places of those it finds."""
    technologies = [technology.pk for technology in posting.technologies.all()]
    places = [location.pk for location in posting.locations.all()]
    if not technologies and not places:
        return []
    candidates = (
        JobPosting.objects.listed(posting.role)
        .exclude(pk=posting.pk)
        .newest_first()
        .values("pk")[:SIMILAR_CANDIDATES]
    )
    # A count over an empty list would make the whole query empty: only what it has.
    counts = [
        Count(field, filter=Q(**{f"{field}__in": keys}), distinct=True)
        for field, keys in (("technologies", technologies), ("locations", places))
        if keys
    ]
    shared = sum(counts[1:], counts[0])
    return list(
        JobPosting.objects.filter(pk__in=candidates)
        .annotate(shared=shared)
        .filter(shared__gt=0)
        .order_by("-shared", "-posted_at", "-id")
        .select_related("company")
        .prefetch_related("locations")[:limit]
    )
