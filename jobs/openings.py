"""
One openings list as its page and its feeds show it, and the openings like one posting.

`find_openings(role, filters)` counts the facets (which also settle what the filters need
from the data: the main currency and data-through), then gives the postings in the list's
order; the page shows them 25 at a time. `first_page(role, filters)` settles the same
without counting anything else: a feed of the same address shows exactly that first page.

Pages cost the same however deep they are. Numbered pages exist near both ends of a list
only (NUMBERED_PAGES each), each read from the nearer end, so no query skips more than
NUMBERED_PAGES pages' rows; in between, a newest-first list is read by keyset, from a
cursor (`after=` / `before=`, see `filters.Cursor`). A sort by pay reads its two parts (the
postings with pay in the currency, then the rest) each from its own nearer end.
"""

from dataclasses import dataclass

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Q, QuerySet, prefetch_related_objects

from roles.models import Role

from .facets import OpeningFacets, exact_limit, opening_facets, resolve_filters
from .filters import PAY, Cursor, OpeningFilters
from .models import JobPosting

PER_PAGE = 25
# What a list shows of each posting beyond its row, fetched once for a whole page.
LISTED_WITH = ("locations", "technologies")
# Pages numbered at each end of a list (the rest are reached by cursor).
NUMBERED_PAGES = 40
SIMILAR_LIMIT = 5
# Similar openings are looked for among this many of the role's newest, so that a posting
# page costs the same whatever the number of postings.
SIMILAR_CANDIDATES = 200


class NotNumbered(InvalidPage):
    """A page number between the numbered pages of both ends (not shown, unlike a page
    past the end, which shows the last one)."""


class EndsPaginator(Paginator):
    """The numbered pages of a list: NUMBERED_PAGES at each end, each read from the nearer
    end of the list (`parts`: the list's ordered parts and their lengths, one part unless it
    is sorted by pay). A list whose length is known only to pass `count` (`at_least`) is
    numbered from its start only, as far as the counted postings reach."""

    def __init__(
        self, parts, per_page, *, numbered=NUMBERED_PAGES, count=None, at_least=False, reach=None
    ):
        super().__init__([], per_page, allow_empty_first_page=True)
        self.parts = parts
        self.at_least = at_least
        if at_least:  # pages that begin within the postings known to be there (`reach`)
            numbered = min(numbered, ((reach or count) - 1) // per_page + 1)
        self.numbered = numbered
        self.count = count if count is not None else sum(length for _, length in parts)

    @property
    def num_pages(self):
        if self.at_least:  # a page more than those numbered: reached by cursor, if any
            return self.numbered + 1
        return super().num_pages

    def is_numbered(self, number):
        if self.at_least:
            return number <= self.numbered
        return number <= self.numbered or number > self.num_pages - self.numbered

    def page(self, number):
        number = self.validate_number(number)
        if not self.is_numbered(number):
            raise NotNumbered(f"Page {number} is not numbered.")
        start = (number - 1) * self.per_page
        if not self.at_least:
            rows = _rows(self.parts, start, start + self.per_page)
            prefetch_related_objects(rows, *LISTED_WITH)
            return Page(rows, number, self)
        rows = _rows(self.parts, start, start + self.per_page + 1)  # one more: is there a next?
        page = OpenEndedPage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        prefetch_related_objects(page.object_list, *LISTED_WITH)
        return page


class OpenEndedPage(Page):
    """A numbered page of a list whose length is not known: whether another follows is
    read from the rows."""

    more = False

    def has_next(self):
        return self.more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


def _rows(parts, start, stop):
    """Rows `start` to `stop` of the ordered parts, each part read from its nearer end (from
    its start when its length is not known: None, a part longer than `start`)."""
    rows, offset = [], 0
    for postings, length in parts:
        if offset >= stop:
            break
        low = max(start - offset, 0)
        if length is None:
            found = list(postings[low : stop - offset])
            rows += found
            offset += low + len(found)  # where the part ended, if it did
            if offset >= stop:
                break
            continue
        high = min(stop - offset, length)
        if low < high:
            if low <= length - high:
                rows += list(postings[low:high])
            else:  # nearer the end: read it backwards, then turn the rows round
                rows += reversed(list(postings.reverse()[length - high : length - low]))
        offset += length
    return rows


@dataclass
class CursorPage:
    """A page read by keyset: the postings after (or before) a cursor, newest first."""

    object_list: list
    has_older: bool
    has_newer: bool
    number = None

    def has_other_pages(self):
        return True

    @property
    def older(self):
        return Cursor.of(self.object_list[-1]) if self.has_older and self.object_list else None

    @property
    def newer(self):
        return Cursor.of(self.object_list[0]) if self.has_newer and self.object_list else None


def ordered_parts(postings, filters, *, total=None, paid=None):
    """The list's ordered parts, with their lengths where known: one, newest first; or,
    sorted by pay, those with pay in the currency (highest first), then the rest (newest
    first). Each part can be read from either end along an index."""
    if filters.sort != PAY or not filters.pay_currency:
        return [(postings.newest_first(), total)]
    with_pay = Q(salary_currency=filters.pay_currency, pay_yearly__isnull=False)
    rest = None if total is None or paid is None else total - paid
    return [
        (postings.filter(with_pay).order_by("-pay_yearly", "-posted_at", "-id"), paid),
        (postings.exclude(with_pay).newest_first(), rest),
    ]


def cursor_page(postings, filters, per_page=PER_PAGE):
    """The page of a newest-first list just after `filters.after` or just before
    `filters.before`; one query (a row more than the page tells whether more follow), and
    one for each of what a list shows of its postings (LISTED_WITH)."""
    if filters.after:
        rows = list(postings.filter(filters.after.older()).newest_first()[: per_page + 1])
        page = CursorPage(rows[:per_page], has_older=len(rows) > per_page, has_newer=True)
    else:
        rows = list(
            postings.filter(filters.before.newer()).order_by("posted_at", "id")[: per_page + 1]
        )
        newer = len(rows) > per_page
        page = CursorPage(rows[:per_page][::-1], has_older=True, has_newer=newer)
    prefetch_related_objects(page.object_list, *LISTED_WITH)
    return page


@dataclass
class Openings:
    role: Role | None
    filters: OpeningFilters  # resolved: main currency and data-through filled in
    facets: OpeningFacets
    postings: QuerySet

    @property
    def total(self):
        """How many postings the list shows, or (not `total_is_exact`) a number it passes."""
        return self.facets.total(self.filters)

    @property
    def total_is_exact(self):
        return self.facets.total_is_exact

    def paginator(self):
        """Numbered at both ends when the length of every part is known; else from the start
        only, as far as the exact limit (past it, a part's end is not known)."""
        parts = self.parts()
        known = all(length is not None for _, length in parts)
        return EndsPaginator(
            parts, PER_PAGE, count=self.total, at_least=not known, reach=exact_limit() + 1
        )

    def parts(self):
        total = self.total if self.total_is_exact else None
        if self.filters.salary_min:  # with a minimum, every posting shown has pay
            paid = total
        elif self.facets.pay.is_counted:
            paid = self.facets.pay.count(self.filters.pay_currency)
        else:
            paid = self.facets.paid_total
        return ordered_parts(self.postings, self.filters, total=total, paid=paid)

    def page(self):
        """The page the filters ask for: numbered, or read from a cursor."""
        if self.filters.after or self.filters.before:
            return cursor_page(self.postings, self.filters)
        return self.paginator().get_page(self.filters.page)

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
    postings = _listed(role, filters)
    return Openings(role=role, filters=filters, facets=facets, postings=postings)


def first_page(role, filters):
    """The resolved filters and the postings of the list's first page, as its feeds show
    them (with their places)."""
    _ = filters.search_companies
    filters = resolve_filters(role=role, filters=filters)
    postings = _listed(role, filters).prefetch_related("locations")
    rows = []
    for part, _ in ordered_parts(postings, filters):
        rows += list(part[: PER_PAGE - len(rows)])
        if len(rows) == PER_PAGE:
            break
    return filters, rows


def _listed(role, filters):
    return filters.apply(JobPosting.objects.listed(role)).select_related("company", "role")


def similar_candidates(role_id):
    """The role's newest listed postings (SIMILAR_CANDIDATES of them) as (id, posted_at,
    technology ids, place ids): what similar openings are chosen from. Three queries."""
    rows = list(
        JobPosting.objects.listed()
        .filter(role_id=role_id)
        .newest_first()
        .values_list("pk", "posted_at")[:SIMILAR_CANDIDATES]
    )
    ids = [pk for pk, _ in rows]
    linked = {pk: (set(), set()) for pk in ids}
    links = (
        (JobPosting.technologies.through, "technology_id", 0),
        (JobPosting.locations.through, "location_id", 1),
    )
    for through, column, side in links:
        for posting_id, target in through.objects.filter(jobposting_id__in=ids).values_list(
            "jobposting_id", column
        ):
            linked[posting_id][side].add(target)
    return [(pk, posted_at, *map(frozenset, linked[pk])) for pk, posted_at in rows]


def similar_openings(posting, candidates, *, limit=SIMILAR_LIMIT):
    """Open postings of the same role that share technologies or places with `posting`:
    those sharing the most first, then the newest. Needs the posting's technologies and
    locations prefetched, and the role's `candidates` (`similar_candidates`); two queries
    fetch the chosen ones and their places."""
    technologies = {technology.pk for technology in posting.technologies.all()}
    places = {location.pk for location in posting.locations.all()}
    if not technologies and not places:
        return []
    scored = [
        (len(technologies & techs) + len(places & spots), posted_at, pk)
        for pk, posted_at, techs, spots in candidates
        if pk != posting.pk
    ]
    chosen = [pk for shared, _, pk in sorted(scored, reverse=True) if shared][:limit]
    if not chosen:
        return []
    found = JobPosting.objects.filter(pk__in=chosen).select_related("company")
    by_id = {item.pk: item for item in found.prefetch_related("locations")}
    return [by_id[pk] for pk in chosen if pk in by_id]
