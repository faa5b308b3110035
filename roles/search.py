"""
Guide search: published guides ranked by how well their search documents (one per guide,
`roles.models.SearchDocument`) match the reader's words.

- PostgreSQL: full text. The words become a `websearch_to_tsquery` in English (stemmed:
  "pipelines" finds "pipeline"), with the last word also matched as a prefix so that
  results follow typing ("kube" finds Kubernetes). Guides are ranked by `ts_rank` over
  the stored, GIN-indexed vector, whose weights put the title and the other titles first.
- Elsewhere (SQLite): every word must start a word somewhere in the guide's texts; a
  guide scores by how often each text holds each word, times the text's weight.

One query either way, with each guide's open count.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, IntegerField, Q, Value
from django.db.models.functions import Cast, Length, Lower, Replace

from jobs import statistics

from .models import Role, SearchDocument

MAX_WORDS = 8
# The fallback's weights per text, in the proportions of PostgreSQL's default ranking.
TEXT_WEIGHTS = {"names": 10, "keywords": 4, "body": 2, "details": 1}
_WORDS = re.compile(r"[^\W_][\w+#.&/'-]*")
_PREFIX = re.compile(r"[^\W_]{2,}")


def search_guides(query):
    """Published guides matching `query`, best first, each with `open_count` (and `rank`)."""
    words = _WORDS.findall(query.lower())[:MAX_WORDS]
    guides = statistics.with_open_counts(Role.objects.published())
    if not words:
        return guides.none()
    if connection.vendor == "postgresql":
        return _full_text(guides, words)
    return _matching_words(guides, words)


def _full_text(guides, words):
    config = SearchDocument.CONFIG
    text = " ".join(words)
    query = SearchQuery(text, search_type="websearch", config=config)
    last = words[-1]
    if _PREFIX.fullmatch(last):
        prefix = SearchQuery(f"{last}:*", search_type="raw", config=config)
        rest = words[:-1]
        if rest:
            prefix &= SearchQuery(" ".join(rest), search_type="websearch", config=config)
        query |= prefix
    return (
        guides.filter(search_document__vector=query)
        .annotate(rank=SearchRank(F("search_document__vector"), query))
        .order_by("-rank", "title")
    )


def _matching_words(guides, words):
    score = Value(0, output_field=IntegerField())
    for word in words:
        stem = _stem(word)
        found = Q()
        for name, weight in TEXT_WEIGHTS.items():
            found |= Q(**{f"search_document__{name}__iregex": _word_start(stem)})
            score += weight * _occurrences(f"search_document__{name}", stem)
        guides = guides.filter(found)
    return guides.annotate(rank=Cast(score, FloatField())).order_by("-rank", "title")


def _occurrences(text, word):
    """How often `word` occurs in `text`, in SQL: what removing it shortens the text by."""
    lowered = Lower(text)
    return (Length(lowered) - Length(Replace(lowered, Value(word), Value("")))) / len(word)


def _stem(word):
    """A plural finds its singular too: "pipelines" is looked up as "pipeline"."""
    if len(word) > 3 and word.endswith("s") and word[-2] != "s":
        return word[:-1]
    return word


def _word_start(word):
    """A pattern for `word` at the start of a word (so "sql" is not found in "MySQL")."""
    return r"(^|[^\w])" + re.escape(word)
