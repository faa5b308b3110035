"""
Loading job postings from JSON Lines or CSV exports: `manage.py import_postings`.

The file is read twice, a line at a time, so memory stays flat however long it is:

1. Check. Every row is parsed and validated, and every problem is collected as
   "line N: reason". External ids repeated within the file are found with a fixed-size
   Bloom filter (and the few ids it flags confirmed exactly). Nothing is written.
2. Write, only if no row is bad, in one transaction: rows go to the database in batches,
   inserted or updated by `external_id` in one statement each. Companies, locations and
   technologies the file names are matched to existing records through `spellings`,
   and the missing ones created. `--sync` then closes the source's open postings that the
   file did not list. A dry run does all of that and rolls it back, so its figures are
   exact.

The README section "Loading postings" documents the format.
"""

import csv
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, reset_queries, transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from roles.models import Role

from . import spellings, statistics
from .models import Company, JobPosting, Location, Technology

FORMATS = ("jsonl", "csv")
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
BATCH_SIZE = 1000
MAX_DESCRIPTION = 100_000
MAX_SALARY = 2_147_483_647  # PositiveIntegerField on every database
FUTURE_GRACE = timedelta(days=1)
LIST_SEPARATOR = re.compile(r"[;|]")
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

COLUMNS = (
    "external_id", "role", "title", "company", "description", "seniority", "posted_at",
    "apply_url", "employment_type", "workplace", "locations", "technologies", "salary_min",
    "salary_max", "salary_currency", "salary_period", "expires_at", "status", "source",
    "company_website",
)  # fmt: skip
REQUIRED = COLUMNS[:8]

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


class BadFile(Exception):
    """The file cannot be loaded; `errors` name every bad row ("line N: reason")."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) found; nothing was written.")


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    closed: int = 0
    new_companies: int = 0
    new_locations: int = 0
    new_technologies: int = 0
    sources: set = field(default_factory=set)
    dry_run: bool = False


def guess_format(path):
    extension = os.path.splitext(str(path))[1].lower()
    if extension not in EXTENSIONS:
        raise BadFile([f"cannot tell the format of {path}: pass --format jsonl or --format csv"])
    return EXTENSIONS[extension]


def import_postings(
    *, path, file_format=None, source=None, dry_run=False, sync=False, progress=None
):
    """Check the whole file, then load it (or, in a dry run, load and roll back).

    `source` names the feed for every row (else each row's own `source`). `sync` closes
    open postings of that source missing from the file. `progress(total, description)`,
    when given, returns a bar with update(n) and close(), advanced in bytes.
    Raises BadFile, writing nothing, when any row is bad."""
    file_format = file_format or guess_format(path)
    if file_format not in FORMATS:
        raise BadFile([f"unknown format {file_format!r}: use jsonl or csv"])
    source = (source or "").strip()
    checker = RowChecker(source=source)
    rows, sources, errors = _check_file(path, file_format, checker, progress)
    if not errors and sync and len(sources) != 1:
        listed = ", ".join(sorted(repr(name) for name in sources)) or "none"
        errors.append(
            f"--sync needs every row to have one source (found {listed}): pass --source NAME"
        )
    if errors:
        raise BadFile(errors)
    result = _write_file(
        path, file_format, checker, sync_source=next(iter(sources)) if sync else None,
        dry_run=dry_run, progress=progress,
    )  # fmt: skip
    result.rows, result.sources = rows, sources
    if not dry_run:
        statistics.invalidate()
    return result


# Reading ------------------------------------------------------------------------------------


def _lines(path, progress, description):
    """(line number, text) for each line, decoded as UTF-8, progress counted in bytes."""
    bar = progress(os.path.getsize(path), description) if progress else None
    try:
        with open(path, "rb") as raw:
            for number, data in enumerate(raw, start=1):
                if bar:
                    bar.update(len(data))
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    yield number, None
                    continue
                yield number, text.removeprefix("\ufeff") if number == 1 else text
    finally:
        if bar:
            bar.close()


def _records(path, file_format, progress=None, description="Checking"):
    """(line number, record or None, problem or None) for each row of the file."""
    lines = _lines(path, progress, description)
    if file_format == "jsonl":
        yield from _jsonl_records(lines)
    else:
        yield from _csv_records(lines)


def _jsonl_records(lines):
    for number, text in lines:
        if text is None:
            yield number, None, "not UTF-8 text"
        elif text.strip():
            try:
                record = json.loads(text)
            except ValueError as error:
                yield number, None, f"not valid JSON ({getattr(error, 'msg', error)})"
                continue
            if isinstance(record, dict):
                yield number, record, None
            else:
                yield number, None, "not a JSON object"


def _csv_records(lines):
    undecodable = set()

    def texts():
        for number, text in lines:
            if text is None:
                undecodable.add(number)
                text = "\n"
            yield text

    csv.field_size_limit(MAX_DESCRIPTION * 4)
    reader = csv.reader(texts(), strict=True)
    header, last_line = None, 0
    while True:
        start = last_line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            last_line = reader.line_num
            yield start, None, f"not valid CSV ({error})"
            continue
        last_line = reader.line_num
        if any(number in undecodable for number in range(start, last_line + 1)):
            yield start, None, "not UTF-8 text"
            continue
        if header is None:
            header = [name.strip().lower() for name in values]
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                yield start, None, f"header lacks required column(s): {', '.join(missing)}"
                return
            continue
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            yield start, None, f"has {len(values)} fields where the header has {len(header)}"
            continue
        yield start, dict(zip(header, values, strict=True)), None


# Checking -----------------------------------------------------------------------------------


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

    def __init__(self, *, source=""):
        self.source = source
        self.roles = dict(Role.objects.values_list("slug", "pk"))
        self.companies = Registry(Company, spellings.company_key)
        self.technologies = Registry(Technology, spellings.key)
        self.places = PlaceRegistry()
        self.url = URLValidator(schemes=["http", "https"])
        self.latest_posting = timezone.now() + FUTURE_GRACE

    def check(self, line, record):
        problems, failed = [], set()

        def take(name, parse, **options):
            try:
                return parse(name, record.get(name), **options)
            except ValueError as error:
                problems.append(str(error))
                failed.add(name)
                return None

        external_id = take("external_id", _text, required=True, limit=120)
        source = self.source or take("source", _text, limit=60) or ""
        role = take("role", self._role)
        title = take("title", _text, required=True, limit=200)
        company = take("company", self._company)
        website = take("company_website", self._url, limit=200)
        description = take("description", _text, required=True, limit=MAX_DESCRIPTION, lines=True)
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
        apply_url = take("apply_url", self._url, required=True, limit=500)
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
                },
            ),
            [],
        )

    def _role(self, name, value):
        slug = _text(name, value, required=True, limit=80).lower()
        if slug not in self.roles:
            known = ", ".join(sorted(self.roles)[:10])
            raise ValueError(f"role {slug!r} is not a guide's slug (known: {known})")
        return self.roles[slug]

    def _company(self, name, value):
        return self.companies.resolve(_text(name, value, required=True, limit=120))

    def _url(self, name, value, *, required=False, limit):
        text = _text(name, value, required=required, limit=limit)
        if text:
            try:
                self.url(text)
            except ValidationError:
                raise ValueError(f"{name} is not an http(s) URL: {_shown(text)}") from None
        return text

    def _places(self, name, value):
        keys, remote_named = [], False
        for text in _list(name, value):
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
                raise ValueError(f"{name}: {error}") from None
            if place not in keys:
                keys.append(place)
        return keys, remote_named

    def _technologies(self, name, value):
        keys = []
        for text in _list(name, value):
            technology = self.technologies.resolve(text)
            if technology not in keys:
                keys.append(technology)
        return keys


def _shown(value, limit=60):
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


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
    if CONTROL_CHARACTERS.search(text):
        raise ValueError(f"{name} contains control characters")
    if limit and len(text) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    return text


def _list(name, value):
    if value in (None, ""):
        return []
    if isinstance(value, str):
        items = LIST_SEPARATOR.split(value)
    elif isinstance(value, list):
        items = value
    else:
        raise ValueError(f"{name} must be a list or text separated by ';'")
    texts = [_text(name, item, limit=120) for item in items]
    return [text for text in texts if text]


def _choice(name, value, *, choices, required=False):
    """One of a TextChoices' values, given as its value, its label or a known word."""
    table, allowed = choices
    text = _text(name, value, required=required)
    if not text:
        return None
    wanted = spellings.key(text)
    if wanted in table:
        return table[wanted]
    raise ValueError(f"{name} {_shown(text)} is not one of {allowed}")


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
        raise ValueError(f"{name} must be a whole number, not {_shown(value)}")
    if not 0 <= value <= MAX_SALARY:
        raise ValueError(f"{name} {value} is out of range")
    return value


def _currency(name, value):
    text = _text(name, value).upper()
    if text and not re.fullmatch(r"[A-Z]{3}", text):
        raise ValueError(f"{name} must be a three-letter ISO 4217 code, not {_shown(text)}")
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
        raise ValueError(f"{name} is not an ISO 8601 date or date-time: {_shown(text)}")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment


def _check_file(path, file_format, checker, progress):
    """Validate every row; return (row count, sources, problems as "line N: reason")."""
    errors, sources, rows = [], set(), 0
    seen = SeenIds(os.path.getsize(path))
    for line, record, problem in _records(path, file_format, progress, "Checking"):
        if problem:
            errors.append((line, problem))
            continue
        rows += 1
        row, problems = checker.check(line, record)
        errors += [(line, reason) for reason in problems]
        if row:
            sources.add(row.source)
            seen.add(row.external_id)
    if seen.maybe_repeated:
        errors += _repeated_ids(path, file_format, seen.maybe_repeated)
    return rows, sources, _by_line(errors)


def _by_line(errors):
    """One message per bad line, its reasons joined, in line order."""
    reasons = {}
    for line, reason in sorted(errors, key=lambda item: item[0]):
        reasons.setdefault(line, []).append(reason)
    return [_line_message(line, "; ".join(texts)) for line, texts in reasons.items()]


def _line_message(line, reason):
    return f"line {line}: {reason}"


def _repeated_ids(path, file_format, candidates):
    """Exact check of the ids the Bloom filter flagged: each later occurrence is an error."""
    first_lines = {}
    errors = []
    for line, record, problem in _records(path, file_format):
        if problem:
            continue
        try:
            external_id = _text("external_id", record.get("external_id"))
        except ValueError:
            continue
        if external_id in candidates:
            if external_id in first_lines:
                first = first_lines[external_id]
                errors.append((line, f"external_id {_shown(external_id)} is also on line {first}"))
            else:
                first_lines[external_id] = line
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


# Spellings to records -----------------------------------------------------------------------


class Registry:
    """The records of one model by key, and those a file needs that do not exist yet."""

    def __init__(self, model, key):
        self.model, self.key = model, key
        self.ids, self.slugs, self.new = {}, set(), {}
        for pk, name, slug in model.objects.values_list("pk", "name", "slug"):
            self.slugs.add(slug)
            for record_key in (key(name), key(slug)):
                self.ids.setdefault(record_key, pk)
        self.created = 0

    def resolve(self, text):
        """The key of the record `text` names, planning a new record when there is none."""
        record_key = self.key(text)
        if not record_key:
            raise ValueError(f"{_shown(text)} has no letters or digits")
        canonical = (
            spellings.TECHNOLOGY_BY_KEY.get(record_key) if self.model is Technology else None
        )
        if canonical:
            slug, name = canonical
            for candidate in (self.key(slug), self.key(name), record_key):
                if candidate in self.ids or candidate in self.new:
                    return candidate
            return self.plan(self.key(slug), name=name, slug=slug)
        if record_key in self.ids or record_key in self.new:
            return record_key
        return self.plan(record_key, name=" ".join(text.split()))

    def plan(self, record_key, *, slug=None, **fields):
        if slug is None or slug in self.slugs:
            slug = spellings.new_slug(fields["name"], self.slugs.__contains__)
        self.slugs.add(slug)
        self.new[record_key] = {"slug": slug, **fields}
        return record_key

    def remember(self, record):
        """Note what later rows need to know about a record just created."""

    def offer_website(self, record_key, website):
        if record_key in self.new:
            self.new[record_key].setdefault("website", website)

    def pks(self, keys):
        """Primary keys of the records `keys` name, creating the planned ones first."""
        missing = [record_key for record_key in keys if record_key not in self.ids]
        if missing:
            records = [self.model(**self.new[record_key]) for record_key in dict.fromkeys(missing)]
            self.model.objects.bulk_create(records)
            for record_key, record in zip(dict.fromkeys(missing), records, strict=True):
                self.ids[record_key] = record.pk
                self.remember(record)
            self.created += len(records)
        return [self.ids[record_key] for record_key in keys]


class PlaceRegistry(Registry):
    """Places: a name, then optional qualifiers saying where it is ("Austin, TX, USA")."""

    def __init__(self):
        super().__init__(Location, spellings.key)
        self.where_is = {
            pk: (country, region)
            for pk, country, region in Location.objects.values_list("pk", "country_code", "region")
        }
        # Country code -> key of that country's record, for "DE", "Deutschland", "Germany".
        self.countries = {
            country: spellings.key(name)
            for country, name in Location.objects.filter(kind=Location.Kind.COUNTRY)
            .order_by("-pk")
            .values_list("country_code", "name")
        }

    def resolve(self, text):
        parts = [part.strip() for part in text.split(",") if part.strip()]
        whole, first, qualifiers = spellings.key(text), spellings.key(parts[0]), parts[1:]
        if not first:
            raise ValueError(f"{_shown(text)} has no letters or digits")
        alias = spellings.PLACE_BY_KEY.get(whole) or spellings.PLACE_BY_KEY.get(first)
        if alias and self._fits(alias[4], alias[3], qualifiers):
            slug, name, kind, region, country = alias
            for candidate in (spellings.key(slug), spellings.key(name)):
                if candidate in self.new or self._known_fits(candidate, qualifiers):
                    return candidate
            if kind == Location.Kind.COUNTRY and country in self.countries:
                return self.countries[country]
            return self.plan(
                spellings.key(slug), slug=slug, name=name, kind=kind, region=region,
                country_code=country,
            )  # fmt: skip
        if whole in self.new or self._known_fits(whole, []):
            return whole
        if self._known_fits(first, qualifiers):
            return first
        if not qualifiers and (code := self._country_code(parts[0])):
            if code in self.countries:
                return self.countries[code]
            name = spellings.COUNTRIES.get(code, parts[0])
            return self.plan(
                f"country:{code}", name=name, kind=Location.Kind.COUNTRY, country_code=code
            )
        country, region = spellings.where(qualifiers)
        if not country:
            raise ValueError(
                f"{_shown(text)} is a new place: add its country, e.g. '{parts[0]}, US'"
            )
        record_key = first if first not in self.ids else f"{first}:{country.lower()}"
        if record_key in self.new:
            return record_key
        return self.plan(
            record_key, name=" ".join(parts[0].split()), kind=Location.Kind.CITY,
            region=region, country_code=country,
        )  # fmt: skip

    def remember(self, place):
        self.where_is[place.pk] = (place.country_code, place.region)

    def _known_fits(self, record_key, qualifiers):
        pk = self.ids.get(record_key)
        return pk is not None and self._fits(*self.where_is[pk], qualifiers)

    def _fits(self, country, region, qualifiers):
        """Whether "…, qualifiers" can be the place in `country`/`region`: any qualifier
        naming them agrees; only one that names somewhere else disagrees."""
        if not qualifiers:
            return True
        names = {
            spellings.key(country),
            spellings.key(region),
            spellings.key(spellings.COUNTRIES.get(country, "")),
        } - {""}
        for part in qualifiers:
            part_key = spellings.key(part)
            if part_key in names or spellings.COUNTRY_BY_KEY.get(part_key) == country:
                return True
            for table in (spellings.STATE_BY_KEY, spellings.PROVINCE_BY_KEY):
                if table.get(part_key) == (country, region):
                    return True
        implied, _ = spellings.where(qualifiers)
        return not implied or implied == country

    def _country_code(self, text):
        text_key = spellings.key(text)
        if text_key in spellings.COUNTRY_BY_KEY:
            return spellings.COUNTRY_BY_KEY[text_key]
        return text.upper() if text.upper() in spellings.COUNTRIES else None


# Writing ------------------------------------------------------------------------------------

UPDATED_FIELDS = [
    "source", "role", "title", "company", "description", "seniority", "employment_type",
    "workplace", "salary_min", "salary_max", "salary_currency", "salary_period", "posted_at",
    "expires_at", "apply_url", "status", "updated_at",
]  # fmt: skip


@transaction.atomic
def _write_file(path, file_format, checker, *, sync_source, dry_run, progress):
    """Upsert every row in batches, then (with `sync_source`) close what the file left out.
    In a dry run the transaction is rolled back at the end."""
    result = ImportResult(dry_run=dry_run)
    started = timezone.now()
    batch = []
    for line, record, _ in _records(path, file_format, progress, "Writing"):
        row, problems = checker.check(line, record)
        if problems:  # The check pass found none: the file changed under us.
            raise BadFile([_line_message(line, "; ".join(problems))])
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            _write_batch(batch, checker, result)
            batch = []
    if batch:
        _write_batch(batch, checker, result)
    if sync_source is not None:
        # Every row written above has updated_at >= started; the rest were not listed.
        result.closed = JobPosting.objects.filter(
            source=sync_source, status=JobPosting.Status.OPEN, updated_at__lt=started
        ).update(status=JobPosting.Status.CLOSED, updated_at=Now())
    result.new_companies = checker.companies.created
    result.new_locations = checker.places.created
    result.new_technologies = checker.technologies.created
    if dry_run:
        transaction.set_rollback(True)
    return result


def _write_batch(rows, checker, result):
    company_ids = checker.companies.pks([row.company for row in rows])
    existing = set(
        JobPosting.objects.filter(external_id__in=[row.external_id for row in rows]).values_list(
            "external_id", flat=True
        )
    )
    postings = [
        JobPosting(external_id=row.external_id, company_id=company_id, **row.fields)
        for row, company_id in zip(rows, company_ids, strict=True)
    ]
    JobPosting.objects.bulk_create(
        postings,
        update_conflicts=True,
        unique_fields=["external_id"],
        update_fields=UPDATED_FIELDS,
    )
    if any(posting.pk is None for posting in postings):  # Databases that return no ids.
        listed = JobPosting.objects.filter(external_id__in=[p.external_id for p in postings])
        ids = dict(listed.values_list("external_id", "pk"))
        for posting in postings:
            posting.pk = ids[posting.external_id]
    result.updated += len(existing)
    result.created += len(rows) - len(existing)

    posting_ids = [posting.pk for posting in postings]
    for relation, registry, attribute in (
        (JobPosting.locations, checker.places, "locations"),
        (JobPosting.technologies, checker.technologies, "technologies"),
    ):
        through = relation.through
        through.objects.filter(jobposting_id__in=posting_ids).delete()
        links = [
            (posting_id, target_id)
            for row, posting_id in zip(rows, posting_ids, strict=True)
            for target_id in registry.pks(getattr(row, attribute))
        ]
        _insert_links(through, relation.field.m2m_reverse_field_name(), links)
    # With DEBUG on, Django keeps the text of recent queries; ours are large.
    reset_queries()


LINKS_PER_INSERT = 4000  # 8,000 parameters: within every database's limit


def _insert_links(through, target, links):
    """Link rows in multi-row INSERTs: model instances would cost more than the writing."""
    quote = connection.ops.quote_name
    columns = (through._meta.get_field("jobposting").column, through._meta.get_field(target).column)
    head = "INSERT INTO {} ({}, {}) VALUES ".format(
        quote(through._meta.db_table), *map(quote, columns)
    )
    with connection.cursor() as cursor:
        for start in range(0, len(links), LINKS_PER_INSERT):
            chunk = links[start : start + LINKS_PER_INSERT]
            cursor.execute(
                head + ", ".join(["(%s, %s)"] * len(chunk)),
                [value for link in chunk for value in link],
            )
