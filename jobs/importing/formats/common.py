"""
What every job board's reader needs: the board's JSON read a job at a time (ijson, so a
20 MB board never sits in memory whole), HTML turned into text for classifying, and the
small conversions that are the same for every board.
"""

import html
import re
from datetime import UTC, datetime

import ijson
from ijson.common import ObjectBuilder

UNLISTED = object()  # a record the board marks as not public: skipped, and closed by sync


class Bad(ValueError):
    """A record that cannot be read as a posting; its message is the reason."""


class Counted:
    """A binary file whose reads advance a progress bar (bytes)."""

    def __init__(self, path, bar):
        self.file, self.bar = open(path, "rb"), bar  # noqa: SIM115 - closed by __exit__

    def read(self, size=-1):
        data = self.file.read(size)
        if self.bar:
            self.bar.update(len(data))
        return data

    def seek(self, offset, whence=0):
        return self.file.seek(offset, whence)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


# No job board nests this deep; past it a document is refused before its depth costs
# anything (ijson's prefixed events grow with the depth, so a few hundred kilobytes of "["
# would take minutes and gigabytes).
MAX_DEPTH = 64


class TooDeep(ValueError):
    pass


def json_items(path, container, *, bar=None):
    """(position, item, problem) for each item of the array at `container` ("jobs" for
    {"jobs": [...]}, "" for a top-level array), streamed from the file. A document without
    that array is one problem: read as an empty board, it would close every posting."""
    where = f"“{container}”" if container else "the document"
    position, found = 0, None
    with Counted(path, bar) as handle:
        try:
            for event, value in array_items(ijson.basic_parse(handle, use_float=True), container):
                if event == "container":
                    found = value
                    if value != "start_array":
                        yield 1, None, f"{where} is not an array"
                        return
                    continue
                position += 1
                yield position, value, None
        except ijson.JSONError as error:
            yield position + 1, None, f"not valid JSON ({_short(error)}); nothing after it is read"
            return
        except TooDeep:
            yield position + 1, None, f"not valid JSON (nested deeper than {MAX_DEPTH} levels)"
            return
    if found is None:
        yield 1, None, f"no {where} array: is this the right --format?"


OPENS, CLOSES = {"start_map", "start_array"}, {"end_map", "end_array"}


def array_items(events, container):
    """("container", its first event) once the array is reached, then ("item", item) for
    each of its items, built from ijson's basic events with the depth counted."""
    depth, key, in_array, builder = 0, None, None, None
    for event, value in events:
        if event in OPENS:
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeep
        if builder is not None:  # inside an item
            builder.event(event, value)
            if event in CLOSES:
                depth -= 1
                if depth == in_array:
                    yield "item", builder.value
                    builder = None
        elif in_array is not None:  # at the array's own level
            if event in OPENS:
                builder = ObjectBuilder()
                builder.event(event, value)
            elif event == "end_array":
                return  # what follows the array is not read
            else:
                yield "item", value  # a scalar: its record says it is no job
        elif not container or (depth - (event in OPENS) == 1 and key == container):
            if container and event in ("map_key", *CLOSES):
                key = value if event == "map_key" else None
                depth -= event in CLOSES
                continue
            yield "container", event
            if event != "start_array":
                return
            in_array = depth
        elif event == "map_key" and depth == 1:
            key = value
        elif event in CLOSES:
            depth -= 1


def _short(error):
    return " ".join(str(error).split())[:120] or type(error).__name__


# Text -----------------------------------------------------------------------------------------

_DROPPED = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAKS = re.compile(
    r"<(?:/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|section|article|blockquote|pre)\b[^>]*"
    r"|br\s*/?)>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")


def html_text(markup):
    """The words of an HTML fragment, block ends as line breaks, entities decoded."""
    text = _DROPPED.sub(" ", markup)
    text = _BREAKS.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    return "\n".join(line for line in (_SPACES.sub(" ", part).strip() for part in
                                       text.split("\n")) if line)  # fmt: skip


def text(value, name, *, required=False):
    """A string field of a record, entities decoded; Bad if it is there but not text."""
    if value is None or value == "":
        if required:
            raise Bad(f"{name} is missing")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Bad(f"{name} must be text, not {type(value).__name__}")
    return html.unescape(str(value)).strip()


def markup(value, name):
    """An HTML field of a record, as it stands: its entities are the HTML's own."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise Bad(f"{name} must be text, not {type(value).__name__}")
    return value.strip()


def identifier(value, name):
    if isinstance(value, bool) or not isinstance(value, str | int):
        if value is None or value == "":
            raise Bad(f"{name} is missing")
        raise Bad(f"{name} must be text or a whole number, not {type(value).__name__}")
    return str(value).strip()


def mapping(value, name):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Bad(f"{name} must be an object, not {type(value).__name__}")
    return value


def sequence(value, name):
    if value is None:
        return []
    if not isinstance(value, list):
        raise Bad(f"{name} must be a list, not {type(value).__name__}")
    return value


def epoch_milliseconds(value, name):
    """An ISO date-time from milliseconds since 1970 (Lever's createdAt)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        if value is None:
            raise Bad(f"{name} is missing")
        raise Bad(f"{name} must be milliseconds since 1970, not {type(value).__name__}")
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        raise Bad(f"{name} {value} is not a time") from None


def amount(value, name):
    """A whole amount from a number (or numeric text); None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ""))
        except ValueError:
            raise Bad(f"{name} is not a number: {value[:40]!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Bad(f"{name} must be a number, not {type(value).__name__}")
    if value != value or value in (float("inf"), float("-inf")):
        raise Bad(f"{name} is not a number")
    return round(value)


# Places and workplace -------------------------------------------------------------------------

_PLACE_SPLIT = re.compile(r"\s*(?:;|\||\s/\s|\bor\b)\s*", re.IGNORECASE)
_WORKPLACE_WORD = re.compile(
    r"^\W*(?P<first>hybrid|on[- ]?site|in[- ]office|office[- ]based)\b\W*(?P<rest>.*?)\W*$"
    r"|^(?P<place>.*?)\W*\b(?P<last>hybrid|on[- ]?site|in[- ]office)\W*$",
    re.IGNORECASE,
)
_REMOTE = re.compile(r"\bremote\b|\banywhere\b|\bworldwide\b", re.IGNORECASE)


def places(*texts):
    """Places from location strings ("San Francisco, CA; New York, NY", "Hybrid - London"),
    each once, with what they say about the workplace: (places, (workplace, text) or None).
    Remote ones are kept ("Remote - US" is remote work from the US): the importer reads
    them as it does for our own format."""
    found, says = [], None
    for whole in texts:
        if not whole:
            continue
        for part in _PLACE_SPLIT.split(whole):
            part = part.strip(" -\u2013,")
            if not part:
                continue
            match = _WORKPLACE_WORD.match(part)
            if match:
                word = (match["first"] or match["last"]).lower()
                value = "hybrid" if word == "hybrid" else "onsite"
                says = says or (value, whole)
                part = (match["rest"] if match["first"] else match["place"]) or ""
                part = part.strip(" -\u2013,()")
            elif _REMOTE.search(part):
                says = ("remote", whole) if says is None or says[0] == "onsite" else says
            if part and part not in found:
                found.append(part)
    return found, says


def with_country(place, country):
    """ "London" and "GB" as "London, GB": a place the importer does not know needs one."""
    if not country or not place or "," in place or _REMOTE.search(place):
        return place
    return f"{place}, {country}"
