"""
Where the work is done: remote, hybrid or on-site, from the feed's own field when it has one
(Lever's workplaceType, Ashby's, JSON-LD's jobLocationType), else from the locations
("Remote - US", "Hybrid - London"), the title ("(Remote)"), then the text's words.
"""

import re

ONSITE, HYBRID, REMOTE = "onsite", "hybrid", "remote"

# Said of the job, not of the technology ("hybrid cloud", "remote sensing").
NOT_REMOTE = re.compile(
    r"\b(?:not|no|isn['\u2019]t|is not)\s+(?:a\s+)?(?:fully\s+)?remote\b"
    r"|\bremote\s+(?:work\s+)?(?:is\s+)?not\s+(?:possible|available|offered)\b",
    re.IGNORECASE,
)
HYBRID_WORDS = re.compile(
    r"\bhybrid\b(?!\s+(?:cloud|search|model(?:s|ing)?\b|infrastructure|architecture|app))"
    r"|\b\d(?:\s*(?:-|to)\s*\d)?\s+days?\s+(?:a|per|each)\s+week\s+(?:in|at|from)\s+"
    r"(?:the\s+|our\s+|an?\s+)?office\b",
    re.IGNORECASE,
)
REMOTE_WORDS = re.compile(
    r"\b(?:fully|100\s?%|completely|entirely|permanently)\s+remote\b"
    r"|\bremote[- ](?:first|only|friendly|based)\b"
    r"|\bwork\s+(?:from\s+)?(?:anywhere|home)\b|\bwork(?:ing)?\s+remotely\b"
    r"|\b(?:this|the)\s+(?:role|position|job|team)\s+is\s+(?:a\s+|fully\s+)?remote\b"
    r"|\bremote\s+(?:role|position|job|opportunity|work)\b",
    re.IGNORECASE,
)
ONSITE_WORDS = re.compile(
    r"\bon[- ]?site\b|\bin[- ]office\b|\bin\s+(?:the|our)\s+office\s+(?:every\s+day|full[- ]time)",
    re.IGNORECASE,
)
# Words one of the patterns above needs: a text with none of them is passed over at once.
CLUES = ("remote", "hybrid", "site", "office", "anywhere", "home")
TITLE_REMOTE = re.compile(r"\bremote\b", re.IGNORECASE)
TITLE_HYBRID = re.compile(r"\bhybrid\b", re.IGNORECASE)


def decide(*, given=None, given_how="", places_say=None, title="", text=""):
    """{"value": onsite|hybrid|remote, "how": why}."""
    if given:
        return {"value": given, "how": given_how or "the feed's workplace field"}
    if places_say:
        value, place = places_say
        return {"value": value, "how": f"location “{place}”"}
    if TITLE_HYBRID.search(title):
        return {"value": HYBRID, "how": "title says hybrid"}
    if TITLE_REMOTE.search(title):
        return {"value": REMOTE, "how": "title says remote"}
    lowered = text.lower()
    if not any(word in lowered for word in CLUES):
        return {"value": ONSITE, "how": "nothing says remote or hybrid: on-site"}
    if match := NOT_REMOTE.search(text):
        return {"value": ONSITE, "how": f"description says “{match.group(0)}”"}
    for pattern, value in ((HYBRID_WORDS, HYBRID), (REMOTE_WORDS, REMOTE), (ONSITE_WORDS, ONSITE)):
        if match := pattern.search(text):
            return {"value": value, "how": f"description says “{' '.join(match.group(0).split())}”"}
    return {"value": ONSITE, "how": "nothing says remote or hybrid: on-site"}
