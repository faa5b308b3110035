"""
The seniority of a posting: from words of its title ("Sr.", "Staff", "II", "Head of"), else
from the experience its text asks for ("5+ years"), else the middle of the ladder.

Our ladder: intern, entry, mid, senior, staff, principal, manager, director. "Lead" is
staff (the shipped postings read it so), "Head of" and "VP" are director; a title's word
beats its numeral ("Senior Engineer II" is senior), and of several words the one highest on
the ladder wins ("Senior Staff" is staff, "Senior Manager" is manager).
"""

import re

from .words import segments

LADDER = ["intern", "entry", "mid", "senior", "staff", "principal", "manager", "director"]

LEVEL_WORDS = {
    "intern": "intern", "coop": "intern", "apprentice": "intern", "placement": "intern",
    "junior": "entry", "entry": "entry", "graduate": "entry", "trainee": "entry",
    "associate": "entry",
    "mid": "mid", "intermediate": "mid",
    "senior": "senior",
    "staff": "staff", "lead": "staff",
    "principal": "principal", "distinguished": "principal", "fellow": "principal",
    "manager": "manager",
    "head": "director", "director": "director", "vp": "director", "chief": "director",
    "cto": "director", "cdo": "director",
}  # fmt: skip
# Numerals after the role: "Data Engineer II", "Software Engineer 3", "L5".
NUMERALS = {
    "i": "entry", "1": "entry", "ii": "mid", "2": "mid", "iii": "senior", "3": "senior",
    "iv": "staff", "4": "staff", "v": "principal", "5": "principal",
    "l3": "entry", "l4": "mid", "l5": "senior", "l6": "staff", "l7": "principal",
}  # fmt: skip
# Words that look like a level but are part of a title.
NOT_LEVELS = [
    ("technical", "staff"),  # "Member of Technical Staff"
    ("staff", "augmentation"),
    ("lead", "generation"),
]
NOUNS = {
    "engineer", "developer", "scientist", "analyst", "architect", "administrator",
    "researcher", "consultant", "specialist", "manager", "designer", "modeler",
}  # fmt: skip

# "5+ years of experience", "3-5 years' experience", "at least 7 years in ...".
YEARS = re.compile(
    r"\b(?:at least |minimum (?:of )?)?(\d{1,2})\s*(?:\+|plus)?\s*"
    r"(?:(?:-|\u2013|to)\s*(\d{1,2})\s*)?"
    r"\+?\s*years?(?:['\u2019]s?)?\s+(?:of\s+)?(?:[\w-]+\s+){0,4}?(?:experience|exp\b)",
    re.IGNORECASE,
)
TEXT_WORDS = [
    (re.compile(r"\b(?:internship|intern program|interns)\b", re.I), "intern"),
    (re.compile(r"\b(?:new grad(?:uate)?s?|recent graduates?|entry[- ]level)\b", re.I), "entry"),
]


def _rank(level):
    return LADDER.index(level)


def from_title(title):
    """(level, the words that decided it) from a title, or (None, None)."""
    found, numeral = [], None
    for part in segments(title):
        skip = set()
        for index in range(len(part) - 1):
            if (part[index], part[index + 1]) in NOT_LEVELS:
                skip |= {index, index + 1}
        for index, word in enumerate(part):
            if index in skip:
                continue
            if word in LEVEL_WORDS:
                found.append((LEVEL_WORDS[word], word))
            elif (
                word in NUMERALS
                and index > 0
                and (part[index - 1] in NOUNS or part[index - 1] in NUMERALS)
                and numeral is None
            ):
                numeral = (NUMERALS[word], word)
    if found:
        level, word = max(found, key=lambda item: _rank(item[0]))
        return level, word
    return numeral or (None, None)


def from_text(text):
    """(level, the phrase that decided it) from a description, or (None, None)."""
    lowered = text.lower()
    for pattern, level in TEXT_WORDS:
        if (("intern" in lowered) if level == "intern" else True) and (
            match := pattern.search(text)
        ):
            return level, match.group(0)
    fewest = None
    for match in _years(text, lowered):
        years = int(match.group(1))
        if years <= 30 and (fewest is None or years < fewest[0]):
            fewest = (years, match.group(0))
    if fewest is None:
        return None, None
    years, phrase = fewest
    if years <= 1:
        return "entry", phrase
    if years <= 4:
        return "mid", phrase
    if years <= 7:
        return "senior", phrase
    return "staff", phrase


def _years(text, lowered):
    """YEARS' matches, looked for only just before each "year" of the text (tried at every
    character, the pattern cost a third of a millisecond a posting)."""
    seen, at = set(), lowered.find("year")
    while at >= 0:
        start = max(0, at - 30)
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        for match in YEARS.finditer(text, start, at + 120):
            if match.start() not in seen and match.start() <= at:
                seen.add(match.start())
                yield match
        at = lowered.find("year", at + 4)


def decide(title, text):
    """{"value": level, "how": why} for a posting."""
    level, word = from_title(title)
    if level:
        return {"value": level, "how": f"title word “{word}”"}
    level, phrase = from_text(text)
    if level:
        return {"value": level, "how": f"description asks “{' '.join(phrase.split())}”"}
    return {"value": "mid", "how": "no level in the title or the description: mid"}
