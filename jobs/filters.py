"""
What the openings lists show: open postings of published guides, narrowed by filters.

`OpeningFilters` is the cleaned state of a list's query string (built by
`forms.OpeningsFilterForm`); it narrows a queryset, leaves one filter out for facet counts,
puts the list in its order, and writes itself back into a query string for links, always in
one canonical form.
"""

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Q

from . import pay
from .models import Company, JobPosting, Location, Technology

# Text search: at most this many words count (PostgreSQL's query, or the SQLite fallback that
# matches every word somewhere in the title, description or company name).
MAX_SEARCH_WORDS = 8
MAX_WORD_LENGTH = 40
SEARCH_CONFIG = "english"
# A term of the search box: a "quoted phrase" or a token, either with a leading - (leave
# out). A word: letters and digits, joined by . + # ' or - (node.js, a-b).
SEARCH_TERM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
SEARCH_WORD = re.compile(r"\w+(?:[.+#'-]\w+)*")


NEWEST = "newest"
PAY = "pay"
SORTS = {NEWEST: "Newest first", PAY: "Highest pay first"}
# `posted`: how many days back from data-through (the newest posting's date) a list reaches.
POSTED_WINDOWS = {1: "Past 24 hours", 7: "Past 7 days", 30: "Past 30 days"}


@dataclass(frozen=True)
class Cursor:
    """A place in a list in its newest-first order: just after (or before) the posting
    posted at `posted_at` with id `pk`. Deep pages are read from one, by keyset: however
    deep, a page costs what the first one does."""

    posted_at: datetime
    pk: int

    TOKEN = re.compile(r"([0-9]{1,19})-([0-9]{1,19})")

    @classmethod
    def of(cls, posting):
        return cls(posting.posted_at, posting.pk)

    @classmethod
    def parse(cls, token):
        """The cursor a token names, or None when it names none."""
        match = cls.TOKEN.fullmatch(token or "")
        if not match:
            return None
        microseconds, pk = int(match[1]), int(match[2])
        try:
            moment = EPOCH + timedelta(microseconds=microseconds)
        except OverflowError:
            return None
        return cls(moment, pk)

    @property
    def token(self):
        return f"{(self.posted_at - EPOCH) // timedelta(microseconds=1)}-{self.pk}"

    # Each condition bounds posted_at on its own as well: without it, PostgreSQL reads the
    # OR as a filter and walks the newest-first index from the top down to the cursor
    # (1.4 s half-way down a million postings) instead of starting there.
    def older(self):
        """The postings after this place, newest first."""
        return Q(posted_at__lte=self.posted_at) & (
            Q(posted_at__lt=self.posted_at) | Q(posted_at=self.posted_at, pk__lt=self.pk)
        )

    def newer(self):
        return Q(posted_at__gte=self.posted_at) & (
            Q(posted_at__gt=self.posted_at) | Q(posted_at=self.posted_at, pk__gt=self.pk)
        )


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class OpeningFilters:
    q: str = ""
    seniority: tuple[str, ...] = ()
    location: Location | None = None
    remote: bool = False
    technology: Technology | None = None
    company: Company | None = None
    employment_type: tuple[str, ...] = ()
    posted: int | None = None
    salary_min: int | None = None
    currency: str = ""  # as the reader chose it; `pay_currency` is the one that applies
    sort: str = NEWEST
    page: int = 1
    # Deep in a newest-first list: the page just after (or before) a posting.
    after: Cursor | None = None
    before: Cursor | None = None
    # Read from the data before the list is (`resolved`), never written into an address:
    # the currency most of the list's postings with pay quote, and the newest posting's
    # date, where `posted` windows end.
    main_currency: str = ""
    data_through: datetime | None = None

    @property
    def is_active(self):
        return bool(
            self.q
            or self.seniority
            or self.location
            or self.remote
            or self.technology
            or self.company
            or self.employment_type
            or self.posted
            or self.salary_min
        )

    @property
    def pay_currency(self):
        """The currency pay is compared and sorted in: the reader's, else the list's main."""
        return self.currency or self.main_currency

    @property
    def uses_currency(self):
        """Whether the currency changes what the list shows (a minimum, or a sort by pay)."""
        return bool(self.salary_min) or self.sort == PAY

    def resolved(self, *, main_currency, data_through):
        """These filters with what the data decides; companies a search matched (looked up
        once per request) come along."""
        filters = replace(self, main_currency=main_currency or "", data_through=data_through)
        if "search_companies" in self.__dict__:
            filters.__dict__["search_companies"] = self.search_companies
        return filters

    def apply(self, postings, *, skip=None):
        """Narrow `postings` by every active filter except the one named `skip`."""
        if self.q and skip != "q":
            postings = search(postings, self.q, companies=self.search_companies)
        if self.seniority and skip != "seniority":
            postings = postings.filter(seniority__in=self.seniority)
        if self.location and skip != "location":
            postings = postings.filter(locations=self.location)
        if self.remote and skip != "remote":
            postings = postings.filter(workplace=JobPosting.Workplace.REMOTE)
        if self.technology and skip != "technology":
            postings = postings.filter(technologies=self.technology)
        if self.company and skip != "company":
            postings = postings.filter(company=self.company)
        if self.employment_type and skip != "employment_type":
            postings = postings.filter(employment_type__in=self.employment_type)
        if self.posted and skip != "posted":
            postings = self.posted_within(postings, self.posted)
        if self.salary_min and skip != "pay":
            if not self.pay_currency:  # nothing in the list quotes pay
                return postings.none()
            postings = postings.filter(
                salary_currency=self.pay_currency, pay_yearly__gte=self.salary_min
            )
        return postings

    def posted_within(self, postings, days):
        """Postings from the `days` up to data-through: after its moment `days` before,
        up to and with it."""
        if self.data_through is None:  # no postings at all
            return postings.none()
        return postings.filter(posted_at__gt=self.data_through - timedelta(days=days))

    @cached_property
    def search_companies(self):
        """Companies whose names match the search, looked up once for every query."""
        return matching_companies(self.q)

    def params(self, **changes):
        """The query parameters of these filters in their one canonical form and order
        (defaults and page 1 left out), with `changes` applied. Changing the page leaves
        any cursor behind."""
        if "page" in changes:
            changes.setdefault("after", None)
            changes.setdefault("before", None)
        filters = replace(self, **changes)
        params = []
        if filters.q:
            params.append(("q", filters.q))
        params += [("seniority", level) for level in filters.seniority]
        if filters.location:
            params.append(("location", filters.location.slug))
        if filters.remote:
            params.append(("remote", "1"))
        if filters.technology:
            params.append(("technology", filters.technology.slug))
        if filters.company:
            params.append(("company", filters.company.slug))
        params += [("employment_type", kind) for kind in filters.employment_type]
        if filters.posted:
            params.append(("posted", str(filters.posted)))
        if filters.salary_min:
            params.append(("salary_min", str(filters.salary_min)))
        if filters.currency and filters.uses_currency:
            params.append(("currency", filters.currency))
        if filters.sort != NEWEST:
            params.append(("sort", filters.sort))
        if filters.page > 1:
            params.append(("page", str(filters.page)))
        if filters.after:
            params.append(("after", filters.after.token))
        elif filters.before:
            params.append(("before", filters.before.token))
        return params

    def facet_params(self):
        """What the facet counts depend on: the filters, not the order or the page."""
        return self.params(sort=NEWEST, page=1)

    @property
    def is_first_page(self):
        return self.page == 1 and not self.after and not self.before

    def url(self, path, **changes):
        """`path` with these filters as its query string; changes=None values remove one."""
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path

    def removals(self, path):
        """One (label, url) per active filter value, the url leaving just that value out."""
        levels = dict(JobPosting.Seniority.choices)
        kinds = dict(JobPosting.EmploymentType.choices)
        chips = []
        if self.q:
            chips.append((f"“{self.q}”", self.url(path, q="", page=1)))
        for level in self.seniority:
            rest = tuple(other for other in self.seniority if other != level)
            chips.append((levels[level], self.url(path, seniority=rest, page=1)))
        if self.location:
            chips.append((self.location.name, self.url(path, location=None, page=1)))
        if self.remote:
            chips.append(("Remote", self.url(path, remote=False, page=1)))
        if self.technology:
            chips.append((self.technology.name, self.url(path, technology=None, page=1)))
        if self.company:
            chips.append((self.company.name, self.url(path, company=None, page=1)))
        for kind in self.employment_type:
            rest = tuple(other for other in self.employment_type if other != kind)
            chips.append((kinds[kind], self.url(path, employment_type=rest, page=1)))
        if self.posted:
            chips.append((POSTED_WINDOWS[self.posted], self.url(path, posted=None, page=1)))
        if self.salary_min:
            chips.append((self.minimum_label(), self.url(path, salary_min=None, page=1)))
        return chips

    def minimum_label(self):
        """'At least CA$150,000 a year'."""
        if self.pay_currency:
            return f"At least {pay.yearly(self.salary_min, self.pay_currency)}"
        return f"At least {pay.number(self.salary_min)} a year"

    @property
    def panel_count(self):
        """How many filter values the filter panel holds (the search box is outside it)."""
        return (
            len(self.seniority)
            + bool(self.location)
            + bool(self.remote)
            + bool(self.technology)
            + bool(self.company)
            + len(self.employment_type)
            + bool(self.posted)
            + bool(self.salary_min)
        )


def search(postings, text, *, companies=None):
    """Postings whose title, description or company name match `text`.

    PostgreSQL: full-text search (websearch syntax, English stemming) of each posting's
    stored `search_document`, served by its GIN index (migration 0011): no vector is
    computed per row. The few matching companies are looked up first (`companies`, from
    `matching_companies`), so that the planner can combine the GIN index with the company
    index. Elsewhere (SQLite): every word must appear, case-insensitively, in the title,
    description or company name.
    """
    if connection.vendor == "postgresql":
        if companies is None:
            companies = matching_companies(text)
        company = (
            Q(company_id__in=companies) if isinstance(companies, list) else Q(company__in=companies)
        )
        return postings.filter(Q(search_document=_query(text)) | company)

    words = text.split()[:MAX_SEARCH_WORDS]
    for word in words:
        postings = postings.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(company__name__icontains=word)
        )
    return postings


def matching_companies(text, *, limit=1000):
    """PostgreSQL: ids of the companies whose names match `text` (a list while short, else
    a subquery). Elsewhere unused: None."""
    if connection.vendor != "postgresql" or not text:
        return None
    from django.contrib.postgres.search import SearchVector

    companies = (
        Company.objects.alias(document=SearchVector("name", config=SEARCH_CONFIG))
        .filter(document=_query(text))
        .values_list("pk", flat=True)
        .order_by()
    )
    ids = list(companies[: limit + 1])
    return ids if len(ids) <= limit else companies


def websearch_text(text):
    """`text` rebuilt in the part of PostgreSQL's websearch syntax the search box offers:
    words, "phrases", -left out and OR, at most MAX_SEARCH_WORDS words of at most
    MAX_WORD_LENGTH characters. Anything else a reader types is dropped, so no input
    reaches the parser's limits (33 dashes made it fail with "tsquery stack too small")."""
    terms, words_left, wants_or = [], MAX_SEARCH_WORDS, False
    for match in SEARCH_TERM.finditer(text):
        negated = bool(match[1] or match[3])
        phrase, token = match[2], match[4]
        if token is not None and token.lower() == "or" and not negated:
            wants_or = bool(terms)
            continue
        words = [word[:MAX_WORD_LENGTH] for word in SEARCH_WORD.findall(phrase or token or "")]
        words = words[:words_left]
        if not words:
            continue
        words_left -= len(words)
        quoted = phrase is not None or (negated and len(words) > 1)
        term = f'"{" ".join(words)}"' if quoted else " ".join(words)
        if wants_or:
            terms.append("or")
            wants_or = False
        terms.append(f"-{term}" if negated else term)
        if not words_left:
            break
    return " ".join(terms)


def _query(text):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(websearch_text(text), config=SEARCH_CONFIG, search_type="websearch")
