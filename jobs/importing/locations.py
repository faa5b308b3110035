"""
Where a feed is: an http(s) address, or a file. A feed's file (one an editor names in the
admin) must lie inside `FEED_FILES_DIR`, symbolic links resolved, so that no admin form can
make the server read any other file.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from careerguide.text import has_control_characters


def is_url(text):
    return urlsplit(text.strip()).scheme.lower() in ("http", "https")


def location_problem(text):
    """Why `text` cannot be a feed's location, or None."""
    text = (text or "").strip()
    if not text:
        return "Give the feed's address or its file's path."
    if has_control_characters(text):
        return "The location contains control characters."
    parts = urlsplit(text)
    if parts.scheme and len(parts.scheme) > 1:  # "C:" is a drive, not a scheme
        if parts.scheme.lower() not in ("http", "https"):
            return "Only http and https addresses can be fetched."
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            return "The address has a port that is not a number."
        if not parts.hostname:
            return "The address names no host."
        return None
    try:
        feed_file(text)
    except ValueError as error:
        return str(error)
    return None


def feed_file(text):
    """The file a feed names, resolved inside FEED_FILES_DIR; ValueError if outside it."""
    root = Path(settings.FEED_FILES_DIR).resolve()
    path = Path(text.strip())
    if not path.is_absolute():
        path = root / path
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        raise ValueError(f"A feed's file must be inside {root} (FEED_FILES_DIR).")
    return resolved
