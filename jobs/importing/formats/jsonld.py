"""
schema.org JobPosting (schema.org/JobPosting) as JSON-LD: one object, a list of them, an
"@graph", or a page whose <script type="application/ld+json"> blocks carry them, as career
sites publish them for search engines. A page's blocks are found by extruct (the
JsonLdExtractor Scrapinghub keeps, on lxml), one block at a time so that a bad block is named
and the others still read; a page's other types (Organization, BreadcrumbList, ...) are
left out. The properties read:

- `identifier` (a PropertyValue's `value`, or text), else `url`: the external id.
- `title` (else `name`), `description` (HTML), `url`: where to apply.
- `datePosted` (ISO 8601), `validThrough`: the expiry.
- `hiringOrganization`: an Organization's `name` and `sameAs`/`url`, or text.
- `jobLocation`: one Place or a list, each an `address` (PostalAddress: `addressLocality`,
  `addressRegion`, `addressCountry` as text or a Country's `name`) or text.
- `jobLocationType` "TELECOMMUTE": remote; `applicantLocationRequirements` (Country or
  State, or a list): where a remote job's applicants may be.
- `employmentType`: FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN (text or a list).
- `baseSalary`: a MonetaryAmount's `currency` and `value` (a QuantitativeValue's `minValue`,
  `maxValue` or `value`, with `unitText` HOUR, DAY, WEEK, MONTH or YEAR), or a number.

A plain JSON file is streamed (ijson); a page is read whole, up to MAX_PAGE_BYTES.
"""

import os

import ijson
from extruct.jsonld import JsonLdExtractor
from extruct.utils import parse_html
from ijson.common import ObjectBuilder

from .common import (
    CLOSES,
    MAX_DEPTH,
    OPENS,
    Bad,
    Counted,
    TooDeep,
    amount,
    array_items,
    html_text,
    identifier,
    mapping,
    markup,
    places,
    text,
)

MAX_PAGE_BYTES = 16 * 1024 * 1024
UNITS = {"HOUR": "HOUR", "DAY": "DAY", "WEEK": "WEEK", "MONTH": "MONTH", "YEAR": "YEAR"}
SCRIPT = '//script[@type="application/ld+json"]'


def items(path, *, bar=None):
    """(position, JobPosting object or None, problem) for each JobPosting in the file."""
    with open(path, "rb") as handle:
        start = handle.read(512).lstrip()
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:].lstrip()
    found = _json_items(path, bar) if start[:1] in (b"{", b"[") else _page_items(path)
    position, problems = 0, 0
    for item, problem in found:
        if problem:
            problems += 1
            yield position + 1, None, problem
            continue
        position += 1
        yield position, item, None
    if position == 0 and not problems:
        yield 1, None, "no schema.org JobPosting found"


def _is_posting(item):
    kinds = item.get("@type") if isinstance(item, dict) else None
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(kind, str) and kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting"
        for kind in kinds
    )


def _postings(value):
    """JobPostings in a JSON-LD value: itself, a list's items, an @graph's items."""
    if isinstance(value, list):
        for item in value:
            yield from _postings(item)
    elif isinstance(value, dict):
        if _is_posting(value):
            yield value
        graph = value.get("@graph")
        if isinstance(graph, list | dict):
            yield from _postings(graph)


def _json_items(path, bar):
    """A JSON-LD document, streamed: a top-level list item by item, an object's @graph item
    by item, and the object itself (without its @graph) when it is a JobPosting."""
    try:
        with Counted(path, bar) as handle:
            first = next(ijson.basic_parse(handle), (None, None))[0]
        if first is None:
            yield None, "the file is empty"
            return
        container = "" if first == "start_array" else "@graph"
        with Counted(path, bar) as handle:
            for event, item in array_items(ijson.basic_parse(handle, use_float=True), container):
                if event == "item":
                    for posting in _postings(item):
                        yield posting, None
        if first == "start_map":
            with Counted(path, bar) as handle:
                top = _members(ijson.basic_parse(handle, use_float=True), skip="@graph")
            if _is_posting(top):
                yield top, None
    except ijson.JSONError as error:
        yield None, f"not valid JSON ({' '.join(str(error).split())[:120]})"
    except TooDeep:
        yield None, f"not valid JSON (nested deeper than {MAX_DEPTH} levels)"


def _members(events, *, skip):
    """The top-level object's members but `skip` (read item by item elsewhere), built from
    basic events with the depth counted, so that a large graph is never held whole."""
    top, key, builder, depth = {}, None, None, 0
    for event, value in events:
        if event in OPENS:
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeep
        if depth == 1 and event == "map_key":
            key = value
            builder = ObjectBuilder() if key != skip else None
            continue
        if builder is not None and depth >= 1 and not (depth == 1 and event == "end_map"):
            builder.event(event, value)
            if depth == 1 or (event in CLOSES and depth == 2):
                top[key] = builder.value
        if event in CLOSES:
            depth -= 1
    return top


def _page_items(path):
    size = os.path.getsize(path)
    if size > MAX_PAGE_BYTES:
        yield None, f"a page of {size:,} bytes is over the {MAX_PAGE_BYTES:,} a page may have"
        return
    with open(path, "rb") as handle:
        markup = handle.read()
    try:
        tree = parse_html(markup, encoding="utf-8")
    except Exception as error:  # lxml's errors for a page it cannot parse at all
        yield None, f"not an HTML page ({type(error).__name__})"
        return
    if tree is None:
        yield None, "not an HTML page"
        return
    extractor = JsonLdExtractor()
    for number, script in enumerate(tree.xpath(SCRIPT), start=1):
        try:
            blocks = extractor.extract_items(script)
        except (ValueError, RecursionError) as error:
            yield None, f"JSON-LD block {number} is not valid JSON ({type(error).__name__})"
            continue
        for block in blocks:
            for posting in _postings(block):
                yield posting, None


def record(posting, *, company):
    posting = mapping(posting, "the JobPosting")
    url = text(_first(posting.get("url")), "url")
    external_id = _identifier(posting.get("identifier")) or url
    organization = posting.get("hiringOrganization")
    if isinstance(organization, dict):
        employer = text(organization.get("name"), "hiringOrganization.name")
        website = text(_first(organization.get("sameAs") or organization.get("url")), "sameAs")
    else:
        employer, website = text(_first(organization), "hiringOrganization"), ""
    description = markup(posting.get("description"), "description")
    if not description:
        raise Bad("description is missing")
    names = _locations(posting.get("jobLocation"))
    requirements = _names(posting.get("applicantLocationRequirements"))
    remote = (
        text(_first(posting.get("jobLocationType")), "jobLocationType").upper() == "TELECOMMUTE"
    )
    found, says = places(*(names or []), *(requirements if remote else []))
    result = {
        "external_id": identifier(external_id, "identifier"),
        "title": text(posting.get("title") or posting.get("name"), "title", required=True),
        "company": employer or company,
        "company_website": website if website.startswith(("http://", "https://")) else "",
        "description": description,
        "text": html_text(description),
        "locations": found,
        "places_say": says,
        "posted_at": text(posting.get("datePosted"), "datePosted", required=True),
        "expires_at": text(posting.get("validThrough"), "validThrough") or None,
        "apply_url": url,
        "employment_type": _employment(posting.get("employmentType")),
    }
    if not url:
        raise Bad("url is missing: where would readers apply?")
    if remote:
        result["workplace"], result["workplace_how"] = "remote", "jobLocationType TELECOMMUTE"
    result.update(_pay(posting.get("baseSalary")))
    return result


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _identifier(value):
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("value") or value.get("@id") or value.get("name")
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value).strip()
    return None


def _names(value):
    """Names of places from Country/State/AdministrativeArea objects or text."""
    values = value if isinstance(value, list) else [value]
    found = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and item.strip():
            found.append(item.strip())
    return found


def _locations(value):
    """ "City, Region, Country" texts from jobLocation."""
    names = []
    values = value if isinstance(value, list) else [value] if value else []
    for place in values:
        if isinstance(place, str):
            names.append(place)
            continue
        if not isinstance(place, dict):
            raise Bad("jobLocation must be a Place or a list of them")
        address = place.get("address")
        if isinstance(address, str):
            names.append(address)
            continue
        address = mapping(address, "jobLocation.address")
        country = address.get("addressCountry")
        if isinstance(country, dict):
            country = country.get("name")
        parts = [
            text(address.get("addressLocality"), "addressLocality"),
            text(address.get("addressRegion"), "addressRegion"),
            text(country, "addressCountry"),
        ]
        parts = [part for part in parts if part]
        if parts:
            names.append(", ".join(parts))
        elif place.get("name"):
            names.append(text(place.get("name"), "jobLocation.name"))
    return names


def _employment(value):
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, str) and item.strip():
            return item.strip()
    return None


def _pay(salary):
    if salary is None or salary == "":
        return {}
    if isinstance(salary, int | float) and not isinstance(salary, bool):
        return {}  # a bare number names no currency
    salary = mapping(_first(salary), "baseSalary")
    currency = text(salary.get("currency") or salary.get("salaryCurrency"), "baseSalary.currency")
    value = salary.get("value")
    if isinstance(value, dict):
        low = amount(value.get("minValue"), "baseSalary.value.minValue")
        high = amount(value.get("maxValue"), "baseSalary.value.maxValue")
        if low is None and high is None:
            low = high = amount(value.get("value"), "baseSalary.value.value")
        unit = text(value.get("unitText"), "unitText").upper()
    else:
        low = high = amount(value, "baseSalary.value")
        unit = text(salary.get("unitText"), "unitText").upper()
    if low is None and high is None:
        return {}
    return {
        "salary_min": low,
        "salary_max": high,
        "salary_currency": currency,
        "salary_period": UNITS.get(unit, "YEAR"),
        "salary_how": "baseSalary",
    }
