"""
What the openings lists show: open postings of published guides, narrowed by filters.

`OpeningFilters` is the cleaned state of a list's query string (built by
`forms.OpeningsFilterForm`); it narrows a queryset, leaves one filter out for facet counts,
and writes itself back into a query string for links.
"""

import re
from dataclasses import dataclass, replace
from functools import cached_property
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Q

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


@dataclass(frozen=True)
class OpeningFilters:
    q: str = ""
    seniority: tuple[str, ...] = ()
    location: Location | None = None
    remote: bool = False
    technology: Technology | None = None
    page: int = 1

    @property
    def is_active(self):
        return bool(self.q or self.seniority or self.location or self.remote or self.technology)

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
        return postings

    @cached_property
    def search_companies(self):
        """Companies whose names match the search, looked up once for every query."""
        return matching_companies(self.q)

    def params(self, **changes):
        """The query parameters of these filters (page 1 left out), with `changes` applied."""
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
        if filters.page > 1:
            params.append(("page", str(filters.page)))
        return params

    def url(self, path, **changes):
        """`path` with these filters as its query string; changes=None values remove one."""
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path

    def removals(self, path):
        """One (label, url) per active filter value, the url leaving just that value out."""
        labels = dict(JobPosting.Seniority.choices)
        chips = []
        if self.q:
            chips.append((f"“{self.q}”", self.url(path, q="", page=1)))
        for level in self.seniority:
            rest = tuple(other for other in self.seniority if other != level)
            chips.append((labels[level], self.url(path, seniority=rest, page=1)))
        if self.location:
            chips.append((self.location.name, self.url(path, location=None, page=1)))
        if self.remote:
            chips.append(("Remote", self.url(path, remote=False, page=1)))
        if self.technology:
            chips.append((self.technology.name, self.url(path, technology=None, page=1)))
        return chips


def search(postings, text, *, companies=None):
    """Postings whose title, description or company name match `text`.

    PostgreSQL: full-text search (websearch syntax, English stemming) served by the GIN
    expression indexes of migration 0002; the vectors here must stay identical to the
    indexed expressions. The few matching companies are looked up first (`companies`, from
    `matching_companies`), so that the planner can combine the GIN index with the
    company index instead of computing every posting's vector. Elsewhere (SQLite): every
    word must appear, case-insensitively, in the title, description or company name.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        if companies is None:
            companies = matching_companies(text)
        matches = postings.alias(
            document=SearchVector("title", "description", config=SEARCH_CONFIG)
        )
        if isinstance(companies, list):
            return matches.filter(Q(document=_query(text)) | Q(company_id__in=companies))
        return matches.filter(Q(document=_query(text)) | Q(company__in=companies))

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
