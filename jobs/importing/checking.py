"""
Checking rows: each record of an export becomes a `Row` ready to write, or the reasons it
cannot be loaded. Names of companies, places and technologies are resolved to records
(`resolving`) on the way, so that the write pass needs no further lookups.
"""

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from careerguide.text import has_control_characters
from roles.models import Role

from .. import spellings
from ..classify import title_key
from ..models import (
    CURRENCY_CODE,
    MAX_LOCATIONS,
    MAX_TECHNOLOGIES,
    Company,
    JobPosting,
    Technology,
    date_problems,
)
from .formats import UNLISTED, record_id
from .problems import by_line, shown
from .reading import MAX_TEXT, noun, records
from .resolving import PlaceRegistry, Registry

logger = logging.getLogger(__name__)

MAX_SALARY = 2_147_483_647  # PositiveIntegerField on every database


def _max_length(model, name):
    return model._meta.get_field(name).max_length


# The longest text each field takes: the database's own limits.
LIMITS = {
    "external_id": _max_length(JobPosting, "external_id"),
    "source": _max_length(JobPosting, "source"),
    "title": _max_length(JobPosting, "title"),
    "apply_url": _max_length(JobPosting, "apply_url"),
    "role": _max_length(Role, "slug"),
    "company": _max_length(Company, "name"),
    "company_website": _max_length(Company, "website"),
    "list_item": _max_length(Technology, "name"),
}
FUTURE_GRACE = timedelta(days=1)
LIST_SEPARATOR = re.compile(r"[;|]")

# Accepted spellings (compared by `spellings.key`) beyond each choice's value and label.
SENIORITY_WORDS = {"junior": "entry", "internship": "intern", "midlevel": "mid"}
EMPLOYMENT_WORDS = {
    "fulltime": "FULL_TIME", "permanent": "FULL_TIME", "parttime": "PART_TIME",
    "contract": "CONTRACTOR", "contractor": "CONTRACTOR", "freelance": "CONTRACTOR",
    "temporary": "TEMPORARY", "temp": "TEMPORARY", "intern": "INTERN", "internship": "INTERN",
}  # fmt: skip
WORKPLACE_WORDS = {"onsite": "onsite", "office": "onsite", "inoffice": "onsite"}
PERIOD_WORDS = {
    "year": "YEAR", "yearly": "YEAR", "annual": "YEAR", "annually": "YEAR", "peryear": "YEAR",
    "month": "MONTH", "monthly": "MONTH", "permonth": "MONTH",
    "week": "WEEK", "weekly": "WEEK", "perweek": "WEEK",
    "day": "DAY", "daily": "DAY", "perday": "DAY", "dayrate": "DAY",
    "hour": "HOUR", "hourly": "HOUR", "perhour": "HOUR",
}  # fmt: skip
STATUS_WORDS = {"open": "open", "active": "open", "closed": "closed", "filled": "closed"}


def _spellings_of(choices, words):
    """(every accepted spelling's key -> value, the values to name in an error)."""
    table = {spellings.key(choice.label): choice.value for choice in choices}
    table |= {spellings.key(choice.value): choice.value for choice in choices}
    return table | words, ", ".join(choices.values)


SENIORITY = _spellings_of(JobPosting.Seniority, SENIORITY_WORDS)
EMPLOYMENT = _spellings_of(JobPosting.EmploymentType, EMPLOYMENT_WORDS)
WORKPLACE = _spellings_of(JobPosting.Workplace, WORKPLACE_WORDS)
PERIOD = _spellings_of(JobPosting.SalaryPeriod, PERIOD_WORDS)
STATUS = _spellings_of(JobPosting.Status, STATUS_WORDS)
REMOTE_PLACE = re.compile(r"^\W*remote\b\W*(.*?)\W*$|^(.*?)\W*\bremote\W*$", re.IGNORECASE)


@dataclass
class Row:
    line: int
    external_id: str
    source: str
    fields: dict
    company: str
    locations: list
    technologies: list


class RowChecker:
    """Turns one record into a Row, or into the reasons it cannot be loaded."""

    # Our own format names a guide for every row; a board's records may get none (the
    # review queue) and may name places we cannot place (left out, and said so).
    role_required = True
    lenient_places = False

    def __init__(self, *, source=""):
        self.source = source
        self.kept = KeptRows(0)  # our own files: read again to write, however long
        self.roles = dict(Role.objects.values_list("slug", "pk"))
        self.companies = Registry(Company, spellings.company_key)
        self.technologies = Registry(Technology, spellings.key)
        self.places = PlaceRegistry()
        self.url = URLValidator(schemes=["http", "https"])
        self.now = timezone.now()
        self.latest_posting = self.now + FUTURE_GRACE

    def check(self, line, record):
        problems, failed = [], set()
        self.left_out = []  # places a lenient check dropped, for the record's notes

        def take(name, parse, **options):
            try:
                return parse(name, record.get(name), **options)
            except ValueError as error:
                problems.append(str(error))
                failed.add(name)
                return None

        external_id = take("external_id", _text, required=True, limit=LIMITS["external_id"])
        # Every posting of an import belongs to a named feed: a blank source is the admin's.
        source = self.source or take("source", _text, limit=LIMITS["source"]) or ""
        if not source and "source" not in failed:
            problems.append("source is required (or pass --source NAME)")
        role = take("role", self._role)
        title = take("title", _text, required=True, limit=LIMITS["title"])
        company = take("company", self._company)
        website = take("company_website", self._url, limit=LIMITS["company_website"])
        description = take("description", _text, required=True, limit=MAX_TEXT, lines=True)
        seniority = take("seniority", _choice, choices=SENIORITY, required=True)
        employment = take("employment_type", _choice, choices=EMPLOYMENT)
        workplace = take("workplace", _choice, choices=WORKPLACE)
        places, remote_named = take("locations", self._places) or ([], False)
        technologies = take("technologies", self._technologies) or []
        low = take("salary_min", _amount)
        high = take("salary_max", _amount)
        currency = take("salary_currency", _currency)
        period = take("salary_period", _choice, choices=PERIOD)
        posted_at = take("posted_at", _moment, required=True)
        expires_at = take("expires_at", _moment)
        apply_url = take("apply_url", self._url, required=True, limit=LIMITS["apply_url"])
        status = take("status", _choice, choices=STATUS)

        if low is not None and high is not None and low > high:
            problems.append(f"salary_min {low} is more than salary_max {high}")
        has_salary = low is not None or high is not None
        if has_salary and not currency and "salary_currency" not in failed:
            problems.append("salary_currency is required with a salary (e.g. USD)")
        if posted_at and posted_at > self.latest_posting:
            problems.append(f"posted_at {posted_at.isoformat()} is in the future")
        if posted_at and expires_at and expires_at <= posted_at:
            problems.append("expires_at must be after posted_at")
        for name, reason in date_problems(
            posted_at=posted_at, expires_at=expires_at, now=self.now
        ).items():
            problems.append(f"{name} {reason}")
        if problems:
            return None, problems

        if company is not None and website:
            self.companies.offer_website(company, website)
        return (
            Row(
                line=line,
                external_id=external_id,
                source=source,
                company=company,
                locations=places,
                technologies=technologies,
                fields={
                    "source": source,
                    "role_id": role,
                    "title": title,
                    "description": description,
                    "seniority": seniority,
                    "employment_type": employment or JobPosting.EmploymentType.FULL_TIME,
                    "workplace": workplace or ("remote" if remote_named else "onsite"),
                    "salary_min": low,
                    "salary_max": high,
                    "salary_currency": currency if has_salary else "",
                    "salary_period": (period or JobPosting.SalaryPeriod.YEAR) if has_salary else "",
                    "posted_at": posted_at,
                    "expires_at": expires_at,
                    "apply_url": apply_url,
                    "status": status or JobPosting.Status.OPEN,
                    "title_key": title_key(title),
                },
            ),
            [],
        )

    def _role(self, name, value):
        slug = _text(name, value, required=self.role_required, limit=LIMITS["role"]).lower()
        if not slug:
            return None
        if slug not in self.roles:
            known = ", ".join(sorted(self.roles)[:10])
            raise ValueError(f"role {slug!r} is not a guide's slug (known: {known})")
        return self.roles[slug]

    def _company(self, name, value):
        return self.companies.resolve(_text(name, value, required=True, limit=LIMITS["company"]))

    def _url(self, name, value, *, required=False, limit):
        text = _text(name, value, required=required, limit=limit)
        if text:
            try:
                self.url(text)
            except ValidationError:
                raise ValueError(f"{name} is not an http(s) URL: {shown(text)}") from None
        return text

    def _places(self, name, value):
        keys, remote_named = [], False
        for text in _list(name, value, limit=MAX_LOCATIONS):
            match = REMOTE_PLACE.match(text)
            if match:
                remote_named = True
                text = (match.group(1) or match.group(2) or "").strip()
                if not text or spellings.key(text) in spellings.REMOTE_WORDS:
                    continue
            if spellings.key(text) in spellings.REMOTE_WORDS:
                remote_named = True
                continue
            try:
                place = self.places.resolve(text)
            except ValueError as error:
                if self.lenient_places:
                    self.left_out.append(f"the place {shown(text)}: {error}")
                    continue
                raise ValueError(f"{name}: {error}") from None
            if place not in keys:
                keys.append(place)
        return keys, remote_named

    def _technologies(self, name, value):
        keys = []
        for text in _list(name, value, limit=MAX_TECHNOLOGIES):
            technology = self.technologies.resolve(text)
            if technology not in keys:
                keys.append(technology)
        return keys


def _text(name, value, *, required=False, limit=None, lines=False):
    if value is None:
        value = ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{name} must be text, not {type(value).__name__}")
    text = str(value).strip()
    if not lines:
        text = " ".join(text.split())
    if required and not text:
        raise ValueError(f"{name} is required")
    if has_control_characters(text, lines=lines):
        raise ValueError(f"{name} contains control characters")
    if limit and len(text) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    return text


def _list(name, value, *, limit):
    """The names a list field gives, at most `limit` of them (spellings of one name folded
    later count once, so the limit is on what is given)."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        items = LIST_SEPARATOR.split(value)
    elif isinstance(value, list):
        items = value
    else:
        raise ValueError(f"{name} must be a list or text separated by ';'")
    texts = [_text(name, item, limit=LIMITS["list_item"]) for item in items]
    texts = list(dict.fromkeys(text for text in texts if text))
    if len(texts) > limit:
        raise ValueError(f"{name} names {len(texts):,}; a posting may name at most {limit}")
    return texts


def _choice(name, value, *, choices, required=False):
    """One of a TextChoices' values, given as its value, its label or a known word."""
    table, allowed = choices
    text = _text(name, value, required=required)
    if not text:
        return None
    wanted = spellings.key(text)
    if wanted in table:
        return table[wanted]
    raise ValueError(f"{name} {shown(text)} is not one of {allowed}")


def _amount(name, value):
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        digits = re.sub(r"[\s,_]", "", value)
        if re.fullmatch(r"\d+(\.0+)?", digits):
            value = int(digits.split(".")[0])
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {shown(value)}")
    if not 0 <= value <= MAX_SALARY:
        raise ValueError(f"{name} {value} is out of range")
    return value


def _currency(name, value):
    text = _text(name, value).upper()
    if text and not CURRENCY_CODE.fullmatch(text):
        raise ValueError(f"{name} must be a three-letter ISO 4217 code, not {shown(text)}")
    return text


def _moment(name, value, *, required=False):
    text = _text(name, value, required=required)
    if not text:
        return None
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(f"{name} is not an ISO 8601 date or date-time: {shown(text)}")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    try:
        # The moment as stored: "9999-12-31T23:59:59-14:00" is past year 9999 in UTC.
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{name} {shown(text)} is outside the years 1-9999 in UTC") from None


class KeptRows:
    """The rows of the check pass, kept for the write pass while their texts add up to at
    most `limit` characters; past it none are kept, and the file is read again (so memory
    stays bounded). A board's document is kept: reading and classifying it twice took half
    of a 5,000-job board's load."""

    def __init__(self, limit):
        self.limit, self.size, self.unlisted = limit, 0, 0
        self.rows = [] if limit else None

    def keep(self, row):
        if self.rows is None:
            return
        self.size += len(row.fields["description"]) + 2000
        if self.size > self.limit:
            self.rows = None
        else:
            self.rows.append(row)


@dataclass
class Checked:
    rows: int  # records read (unlisted ones aside)
    sources: set
    errors: list  # "line N: reason" (or "job N (id X): reason"), in file order
    unlisted: int = 0


def check_file(path, file_format, checker, progress, *, company=""):
    """Validate every row; return what was found, problems as "line N: reason"."""
    errors, sources, rows, unlisted, ids = [], set(), 0, 0, {}
    seen = SeenIds(os.path.getsize(path))
    for line, record, problem in records(path, file_format, progress, "Checking", company=company):
        if problem:
            errors.append((line, problem))
            continue
        if record is UNLISTED:
            unlisted += 1
            continue
        rows += 1
        row, problems = checked(checker, line, record)
        if problems and noun(file_format) == "job" and (feed_id := record_id(record)):
            ids[line] = feed_id
        errors += [(line, reason) for reason in problems]
        if row:
            sources.add(row.source)
            seen.add(_posting_key(row.source, row.external_id))
            checker.kept.keep(row)
    checker.kept.unlisted = unlisted
    if seen.maybe_repeated:
        errors += _repeated_ids(path, file_format, checker, seen.maybe_repeated, company)
    return Checked(rows, sources, by_line(errors, noun(file_format), ids), unlisted)


def checked(checker, line, record):
    """`checker.check()`, except that a row the checker itself fails on (a bug: report it)
    is one more bad line, not a traceback that hides every other problem."""
    try:
        return checker.check(line, record)
    except Exception:
        logger.exception("line %d: the importer failed on this row", line)
        return None, ["could not be checked: the importer failed on this row (logged)"]


def _posting_key(source, external_id):
    """What names one posting: its source and its id there."""
    return f"{source}\x1f{external_id}"


def _repeated_ids(path, file_format, checker, candidates, company):
    """Exact check of the ids the Bloom filter flagged: each later occurrence is an error."""
    first_lines = {}
    errors = []
    for line, record, problem in records(path, file_format, company=company):
        if problem or record is UNLISTED:
            continue
        try:
            external_id = _text("external_id", record.get("external_id"))
            source = checker.source or _text("source", record.get("source"))
        except ValueError:
            continue
        key = _posting_key(source, external_id)
        if key in candidates:
            if key in first_lines:
                first = first_lines[key]
                where = f"{noun(file_format)} {first}"
                errors.append((line, f"external_id {shown(external_id)} is also on {where}"))
            else:
                first_lines[key] = line
    return errors


class SeenIds:
    """External ids seen so far, in a fixed-size Bloom filter: memory does not grow with
    the file. An id it may have seen before goes to `maybe_repeated` for an exact check."""

    HASHES = 4

    def __init__(self, file_size):
        # About 16 bits per expected row (rows of 200 bytes or more), from 1 to 16 MB.
        bits = max(1 << 23, min(1 << 27, file_size // 200 * 16))
        self.size = 1 << (bits - 1).bit_length()
        self.bits = bytearray(self.size // 8)
        self.maybe_repeated = set()

    def add(self, external_id):
        digest = hashlib.blake2b(external_id.encode(), digest_size=4 * self.HASHES).digest()
        positions = [
            int.from_bytes(digest[index : index + 4], "big") % self.size
            for index in range(0, 4 * self.HASHES, 4)
        ]
        if all(self.bits[position >> 3] & (1 << (position & 7)) for position in positions):
            self.maybe_repeated.add(external_id)
        for position in positions:
            self.bits[position >> 3] |= 1 << (position & 7)
