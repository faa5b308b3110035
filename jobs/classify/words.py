"""
A job title as words: spellings folded so that a feed's title and our guide titles compare
("Sr. ML Eng." and "Senior Machine Learning Engineer" are the same words), and split into
segments at the marks that start a qualifier ("Data Engineer, Platform", "Data Engineer -
Ads", "Research Scientist (Machine Learning)").
"""

import html
import re
import unicodedata
from functools import lru_cache

# Between segments in a token list: a match spanning one says more than one inside a segment.
SEGMENT = "|"

_SEPARATORS = re.compile(
    r"\s*(?:[,;|:()\[\]{}]|\s[-\u2013\u2014]+\s|[\u2013\u2014]|\s@\s|\s(?:at|for|in)\s(?=[A-Z]))\s*"
)
# Spellings that are one word to us, joined before the title is split into words.
_JOINS = [
    (re.compile(r"\bml\s*[-/ ]?\s*ops\b"), "mlops"),
    (re.compile(r"\bmachine learning (?:ops|operations)\b"), "mlops"),
    (re.compile(r"\bllm\s*[-/ ]?\s*ops\b"), "llmops"),
    (re.compile(r"\bdev\s*[-/ ]?\s*sec\s*[-/ ]?\s*ops\b"), "devsecops"),
    (re.compile(r"\bdev\s*[-/ ]?\s*ops\b"), "devops"),
    (re.compile(r"\bcloud\s*[-/ ]?\s*ops\b"), "cloudops"),
    (re.compile(r"\bfront\s*[- ]\s*end\b"), "frontend"),
    (re.compile(r"\bback\s*[- ]\s*end\b"), "backend"),
    (re.compile(r"\bfull\s*[- ]?\s*stack\b"), "fullstack"),
    (re.compile(r"\bco\s*-\s*op\b"), "coop"),
    (re.compile(r"\bgen\s*[- ]?\s*ai\b"), "generative ai"),
    (re.compile(r"\bartificial intelligence\b"), "ai"),
    (re.compile(r"\bnew\s*[- ]\s*grad(?:uate)?s?\b"), "graduate"),
    (re.compile(r"\bentry\s*[- ]\s*level\b"), "entry"),
    (re.compile(r"\bmid\s*[- ]\s*(?:level|senior)\b"), "mid"),
    (re.compile(r"\bvice\s*[- ]\s*president\b"), "vp"),
    (re.compile(r"\bsite\s*[- ]\s*reliability\b"), "site reliability"),
    (re.compile(r"\bcyber\s*[- ]\s*security\b"), "cybersecurity"),
]
_WORD = re.compile(r"[a-z0-9]+[+#]*")

# Abbreviations feeds use, as the words our titles use.
ABBREVIATIONS = {
    "sr": ("senior",), "snr": ("senior",), "jr": ("junior",), "jnr": ("junior",),
    "mgr": ("manager",), "eng": ("engineer",), "engr": ("engineer",), "engg": ("engineer",),
    "engineering": ("engineer",), "dev": ("developer",), "devs": ("developer",),
    "ml": ("machine", "learning"), "mle": ("machine", "learning", "engineer"),
    "swe": ("software", "engineer"), "sde": ("software", "development", "engineer"),
    "sre": ("site", "reliability", "engineer"), "dba": ("database", "administrator"),
    "bi": ("business", "intelligence"), "genai": ("generative", "ai"),
    "infra": ("infrastructure",), "ds": ("data", "scientist"),
    "engineers": ("engineer",), "developers": ("developer",), "scientists": ("scientist",),
    "analysts": ("analyst",), "architects": ("architect",), "programmer": ("developer",),
    "programmers": ("developer",), "researchers": ("researcher",), "internship": ("intern",),
    "interns": ("intern",), "dir": ("director",),
    "dbre": ("database", "reliability", "engineer"),
}  # fmt: skip


@lru_cache(maxsize=1 << 15)
def fold(text):
    """Lower case, accents and entities gone, our one-word spellings joined."""
    text = unicodedata.normalize("NFKD", html.unescape(text))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    for pattern, replacement in _JOINS:
        text = pattern.sub(replacement, text)
    return text


def _words(text):
    found = []
    for word in _WORD.findall(fold(text)):
        found.extend(ABBREVIATIONS.get(word, (word,)))
    return found


@lru_cache(maxsize=1 << 15)
def segments(title):
    """The title's segments, each a tuple of words; empty segments dropped."""
    # Separators are read on the unfolded title (" at " before a capital, "(" ...).
    parts = _SEPARATORS.split(html.unescape(title))
    return tuple(words for words in (tuple(_words(part)) for part in parts) if words)


def joined(parts):
    """Segments as one token tuple with SEGMENT between them."""
    tokens = []
    for index, part in enumerate(parts):
        if index:
            tokens.append(SEGMENT)
        tokens.extend(part)
    return tuple(tokens)


def phrase_words(text):
    """A catalog phrase (a guide title, other title or title rule) as tokens."""
    return joined(segments(text))
