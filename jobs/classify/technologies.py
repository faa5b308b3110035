"""
The technologies a posting names, found in its title and text by one Aho-Corasick
automaton over every spelling we know (technology records' names and the alias table of
`jobs.spellings`), rather than one regular expression per name.

A spelling counts only as a word of its own: "Go" is not in "Google", "C" is not in "C++",
"C#", "Objective-C" or "C-suite", "R" is not in "R&D". Spellings that are common words or one
or two letters ("Go", "R", "Swift", "Spark") match only in the catalog's own capitals, and
"Go" not as a sentence's first word before a verb's ("Go beyond the spec"). A few aliases that mean
something else in a job text ("CV" is a résumé, "TF" may be Terraform, "Node" a graph's)
are left to feeds' explicit lists. Where spellings overlap, the longest wins ("SQL Server",
not "SQL").
"""

import re

import ahocorasick

from ..models import MAX_TECHNOLOGIES
from ..spellings import TECHNOLOGY_ALIASES

# Aliases that are other things in free text: only explicit technology lists use them.
NOT_IN_TEXT = {"cv", "tf", "ts", "hf", "node", "kube", "scikit", "js", "mongo", "psql"}
# Spellings that are also common English words: matched only as the catalog writes them.
COMMON_WORDS = {
    "go", "swift", "rust", "ruby", "dart", "spark", "iceberg", "airflow", "flink", "looker",
    "shell", "chef", "puppet", "salt", "dash", "flask", "spring", "express", "julia",
    "elixir", "oracle", "snowflake", "hive", "pig", "storm", "beam", "mode", "delta", "ray",
    "sage", "excel", "sheets", "crystal", "pulsar", "prefect", "luigi", "dagster",
}  # fmt: skip
# "-based", "-native": a spelling followed by these is still the technology.
HYPHEN_SUFFIXES = {
    "based", "native", "powered", "first", "driven", "heavy", "centric", "focused",
    "related", "specific", "only", "like", "savvy", "fluent", "compatible", "backed",
}  # fmt: skip
# Before a single letter, words that make it something else: "Series C", "plan B".
NOT_BEFORE_LETTER = {"series", "vitamin", "type", "level", "plan", "grade", "class", "section"}
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*[-*•]?\s*)$")
# Words after "Go" that make it the verb: "Go beyond", "Go to market", "Go live".
GO_VERB = re.compile(
    r"\s+(?:beyond|to|get|the|for|out|home|back|ahead|further|live|deep|above|fast|from|"
    r"through|after|with|big|far|on|into|over|above|where|wild|all|green)\b",
    re.IGNORECASE,
)


class TechnologyMatcher:
    """`spellings` is {spelling: technology name}; the names are what `found()` returns,
    for the importer's technology registry to resolve."""

    def __init__(self, spellings):
        self.folded, self.cased = ahocorasick.Automaton(), ahocorasick.Automaton()
        for spelling, name in spellings.items():
            spelling = " ".join(spelling.split())
            lower = spelling.lower()
            if not lower or lower in NOT_IN_TEXT:
                continue
            if len(lower) <= 2 or lower in COMMON_WORDS:
                self.cased.add_word(spelling, (spelling, name))
            else:
                self.folded.add_word(lower, (spelling, name))
        for automaton in (self.folded, self.cased):
            if len(automaton):
                automaton.make_automaton()

    @classmethod
    def from_records(cls, names):
        """A matcher over technology records' `names` and the alias table."""
        spellings = {name: name for name in names}
        for (_, canonical), aliases in TECHNOLOGY_ALIASES.items():
            for spelling in [canonical, *aliases]:
                spellings.setdefault(spelling, canonical)
        return cls(spellings)

    def found(self, text, limit=MAX_TECHNOLOGIES):
        """The technology names `text` mentions, in the order of their first mention."""
        matches = []
        for automaton, haystack in ((self.folded, text.lower()), (self.cased, text)):
            if not len(automaton):
                continue
            for end, (spelling, name) in automaton.iter(haystack):
                start = end - len(spelling) + 1
                if _stands_alone(haystack, start, end + 1, spelling):
                    matches.append((start, end + 1, name))
        chosen, taken_until, names = [], -1, []
        for start, end, name in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
            if start >= taken_until:
                chosen.append(name)
                taken_until = end
        for name in chosen:
            if name not in names:
                names.append(name)
        return names[:limit], len(names)


def _stands_alone(text, start, end, spelling):
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    short = len(spelling) <= 2
    if before.isalnum() or before in "_+#@.-&'\u2019":
        return False
    if after.isalnum() or after in "_+#":
        return False
    if after in "&'\u2019" and short:
        return False
    following = text[end + 1 : end + 20]
    if after == "-":
        word = re.match(r"[a-z]+", following.lower())
        if not word or word.group(0) not in HYPHEN_SUFFIXES:
            return False
    if after == "." and following[:1].isalnum():
        return False
    if short and len(spelling) == 1:
        previous = re.search(r"(\w+)\s+$", text[max(0, start - 20) : start])
        if previous and previous.group(1).lower() in NOT_BEFORE_LETTER:
            return False
    # "Go beyond": a sentence that starts with the verb; "Go, Python" is the language.
    return not (
        spelling == "Go"
        and _SENTENCE_START.search(text[max(0, start - 4) : start])
        and GO_VERB.match(text, end)
    )
