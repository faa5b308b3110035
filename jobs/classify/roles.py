"""
The role a title names, from our catalog: editors' title rules first (whenever their words
appear), then the guides' titles and other titles, a few built-in spellings, and, when the
title names no role at all but a field ("Head of Data Science"), the field.

Words are compared after `words.fold` ("Sr. ML Eng." is "senior machine learning
engineer"). Of several matches the longest wins ("Data Platform Engineer" is a data engineer,
not a platform engineer), a match across the title's segments first ("Software Engineer,
Machine Learning"), then the first segment's, then the next ones'. A generic first segment
takes its field from the next ("Software Engineer, Platform" reads as "Platform Engineer").
"""

from dataclasses import dataclass

from .levels import LEVEL_WORDS, NUMERALS
from .words import SEGMENT, joined, phrase_words, segments

KINDS = ("rule", "title", "other", "head", "builtin", "field")
# Titles that say "an engineer" and no more: their field comes from the next segment.
GENERIC = {
    ("engineer",), ("developer",), ("software", "engineer"), ("software", "developer"),
    ("scientist",), ("analyst",), ("architect",), ("researcher",), ("consultant",),
}  # fmt: skip
# Nouns that name the same job: "Full Stack Engineer" is a "Full-Stack Developer".
SAME_NOUN = {"developer": "engineer", "programmer": "engineer"}
# Spellings feeds use that no guide lists, by guide slug (used when that guide exists).
BUILTIN = {
    "software-engineer": [
        "Fullstack Engineer", "Frontend Developer", "Backend Developer", "Mobile Developer",
        "iOS Engineer", "Android Engineer", "Python Developer", "Java Developer",
        "Golang Engineer", "Ruby Engineer", "Rails Engineer", "React Engineer",
        "JavaScript Engineer", "TypeScript Engineer", "Web Engineer", "C++ Engineer",
        "Software Development Engineer", "Systems Software Engineer",
    ],
    "machine-learning-engineer": [
        "Machine Learning Software Engineer", "Machine Learning Developer",
        "Recommendation Systems Engineer", "Machine Learning Research Engineer",
    ],
    "mlops-engineer": ["Machine Learning Systems Engineer", "AI Infra Engineer"],
    "data-engineer": ["ETL Engineer", "DataOps Engineer", "Data Ops Engineer"],
    "database-administrator": ["DBRE", "Database Developer"],
    "ai-engineer": [
        "AI Developer", "GenAI Engineer", "Agentic AI Engineer", "AI Software Engineer",
    ],
    "research-scientist": ["AI Researcher", "Research Scientist, AI"],
    "platform-engineer": ["Release Engineer", "Build Engineer"],
    "security-engineer": ["AppSec Engineer", "Penetration Tester", "Security Architect"],
    "data-analyst": ["BI Analyst", "Analytics Analyst", "Data Analytics Analyst"],
}  # fmt: skip
# When no title matched: the field a title names, by guide slug.
FIELDS = {
    "machine-learning-engineer": ["Machine Learning", "Applied Machine Learning"],
    "data-scientist": ["Data Science", "Decision Science"],
    "data-analyst": ["Data Analytics", "Analytics", "Insights", "Product Analytics"],
    "bi-developer": ["Business Intelligence"],
    "data-architect": ["Data Architecture"],
    "database-administrator": ["Database", "Databases"],
    "mlops-engineer": ["MLOps", "ML Platform", "ML Infrastructure"],
    "research-scientist": ["AI Research", "Machine Learning Research", "Research"],
    "site-reliability-engineer": ["Site Reliability", "Reliability"],
    "security-engineer": ["Security", "Cybersecurity", "Information Security", "AppSec"],
    "cloud-engineer": ["Cloud", "Cloud Infrastructure"],
    "platform-engineer": ["Platform", "Developer Platform", "DevOps", "Infrastructure"],
    "software-engineer": ["Software", "Software Development"],
    "ai-engineer": ["AI", "Generative AI", "Applied AI", "Artificial Intelligence"],
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    tokens: tuple
    role: str
    kind: str
    text: str


def _core(words):
    """A segment's words without level words and numerals ("Senior ... II")."""
    return tuple(word for word in words if word not in LEVEL_WORDS and word not in NUMERALS)


def _same_nouns(words):
    return tuple(SAME_NOUN.get(word, word) for word in words)


class Index:
    """Entries by their first token, for finding every entry inside a token tuple."""

    def __init__(self):
        self.by_first, self.exact = {}, {}

    def add(self, entry):
        if not entry.tokens or entry.tokens in self.exact:
            return  # the first entry of a phrase keeps it (rules, then titles, ...)
        self.exact[entry.tokens] = entry
        self.by_first.setdefault(entry.tokens[0], []).append(entry)

    def matches(self, tokens):
        found = []
        for start, token in enumerate(tokens):
            for entry in self.by_first.get(token, ()):
                if tokens[start : start + len(entry.tokens)] == entry.tokens:
                    found.append((start, entry))
        return found


def _best(matches):
    """The longest match; on a tie the higher kind, then the earlier."""
    _, entry = max(
        matches, key=lambda match: (len(match[1].tokens), -KINDS.index(match[1].kind), -match[0])
    )
    return entry


class RoleCatalog:
    """Every phrase that names a role. `roles` is {slug: title}; `other_titles` and
    `rules` are (slug, text) pairs."""

    def __init__(self, *, roles, other_titles=(), rules=()):
        self.titles = dict(roles)
        self.rules, self.index, self.folded, self.fields = Index(), Index(), Index(), Index()
        for slug, phrase in rules:
            self.rules.add(Entry(phrase_words(phrase), slug, "rule", phrase))
        entries = [(slug, title, "title") for slug, title in self.titles.items()]
        entries += [(slug, title, "other") for slug, title in other_titles]
        entries += [
            (slug, text, "builtin")
            for slug, texts in BUILTIN.items()
            if slug in self.titles
            for text in texts
        ]
        for slug, text, kind in entries:
            self._add(Entry(phrase_words(text), slug, kind, text))
        # "Research Scientist (Machine Learning)" also answers to "Research Scientist".
        for slug, text, kind in entries:
            parts = segments(text)
            if len(parts) > 1 and kind != "builtin":
                self._add(Entry(parts[0], slug, "head", text))
        for slug, texts in FIELDS.items():
            if slug in self.titles:
                for text in texts:
                    self.fields.add(Entry(phrase_words(text), slug, "field", text))

    def _add(self, entry):
        self.index.add(entry)
        self.folded.add(Entry(_same_nouns(entry.tokens), entry.role, entry.kind, entry.text))

    def decide(self, title):
        """{"value": a guide's slug or None, "how": why}."""
        parts = segments(title)
        tokens = joined(parts)
        if rule := self.rules.matches(tokens):
            return self._decision(_best(rule), "title rule")
        across = [
            match
            for match in self.index.matches(tokens)
            if SEGMENT in match[1].tokens and _whole_segments(tokens, *match)
        ]
        if across:
            return self._decision(_best(across))
        if parts and (read := self._generic_with_field(parts)):
            return read
        for part in parts:
            core = _core(part)
            matches = (
                self.index.matches(part)
                or self.index.matches(core)
                or self.folded.matches(_same_nouns(core))
            )
            if matches:
                return self._decision(_best(matches))
        if parts and (entry := self._with_gaps(_core(parts[0]))):
            return self._decision(entry, "the words of")
        for part in parts:
            if matches := self.fields.matches(_core(part)):
                return self._decision(_best(matches), "title names")
        return {"value": None, "how": "no title rule, guide title or other title matches"}

    def _generic_with_field(self, parts):
        core = _core(parts[0])
        if core not in GENERIC:
            return None
        for qualifier in parts[1:]:
            candidate = _core(qualifier) + core[-1:]
            entry = self.index.exact.get(candidate) or self.folded.exact.get(_same_nouns(candidate))
            if entry:
                return {
                    "value": entry.role,
                    "how": f"“{' '.join(parts[0])}, {' '.join(qualifier)}” read as "
                    f"{self._described(entry)}",
                }
        return None

    def _with_gaps(self, words):
        """The longest entry whose words appear in order, first and last among them,
        with at most two others between ("Machine Learning Platform/Ops Engineer")."""
        best = None
        for entries in self.index.by_first.values():
            for entry in entries:
                if len(entry.tokens) < 2 or SEGMENT in entry.tokens:
                    continue
                if _in_order(entry.tokens, words) and (
                    best is None or len(entry.tokens) > len(best.tokens)
                ):
                    best = entry
        return best

    def _described(self, entry):
        if entry.kind in ("title", "head"):
            return f"the guide title “{entry.text}”"
        if entry.kind == "other":
            return f"“{entry.text}”, an other title of {self.titles[entry.role]}"
        if entry.kind == "builtin":
            return f"“{entry.text}”, a built-in spelling of {self.titles[entry.role]}"
        if entry.kind == "field":
            return f"the field “{entry.text}” ({self.titles[entry.role]})"
        return f"“{entry.text}”"

    def _decision(self, entry, prefix="title contains"):
        return {"value": entry.role, "how": f"{prefix} {self._described(entry)}"}


def _whole_segments(tokens, start, entry):
    """Whether a match spans whole segments: only level words before it in its first
    segment, nothing after it in its last ("Software Engineer, Data" is not in "Software
    Engineer, Data Infrastructure")."""
    end = start + len(entry.tokens)
    if end < len(tokens) and tokens[end] != SEGMENT:
        return False
    before = tokens[:start]
    if SEGMENT in before:
        before = before[len(before) - before[::-1].index(SEGMENT) :]
    return not _core(before)


def _in_order(needle, words):
    try:
        first = words.index(needle[0])
    except ValueError:
        return False
    position, gaps = first, 0
    for token in needle[1:]:
        try:
            found = words.index(token, position + 1)
        except ValueError:
            return False
        gaps += found - position - 1
        position = found
    return gaps <= 2
