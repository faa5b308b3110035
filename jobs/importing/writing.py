"""
Writing checked rows, in one transaction: postings upserted by (source, external_id) in
batches, their technology and location links replaced, and (with `--sync`) the source's
postings the file no longer lists closed.

A posting an editor closed stays closed whatever the feed says. Every posting an import
changes (or closes with `--sync`) gets a version in its History, one revision per batch,
commented with the file and source. Postings it creates get none: serialising each one
would double the time of a large first import, and a new posting's source and creation
time already say where it came from.
"""

import os
from dataclasses import dataclass, field
from functools import reduce
from itertools import batched
from operator import or_

import reversion
from django.db import connection, reset_queries, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from careerguide.cache import invalidate_after_write

from .. import duplicates
from ..models import JobPosting
from .checking import checked
from .formats import UNLISTED
from .problems import BadFile, line_message
from .reading import records

BATCH_SIZE = 1000


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    closed: int = 0
    new_companies: int = 0
    new_locations: int = 0
    new_technologies: int = 0
    kept_closed: int = 0  # rows that would have reopened a posting an editor closed
    unchanged: int = 0  # of the updated: rows that changed nothing stored
    unlisted: int = 0  # records the board marks as not public: skipped
    needs_role: int = 0  # postings written without a role: the review queue
    folded: int = 0  # postings now counted once with another feed's posting of the job
    sources: set = field(default_factory=set)
    dry_run: bool = False


UPDATED_FIELDS = [
    "source", "role", "title", "company", "description", "seniority", "employment_type",
    "workplace", "salary_min", "salary_max", "salary_currency", "salary_period", "posted_at",
    "expires_at", "apply_url", "status", "title_key", "classification", "updated_at",
]  # fmt: skip
# What a row can change, as stored (an update that changes none of it is no change).
COMPARED_FIELDS = [
    "role_id" if name == "role" else "company_id" if name == "company" else name
    for name in UPDATED_FIELDS
    if name not in ("source", "updated_at")
]
LINKS = (
    (JobPosting.locations, "locations", "location_id"),
    (JobPosting.technologies, "technologies", "technology_id"),
)


@transaction.atomic
def write_file(
    path, file_format, checker, *, sync_source, dry_run, progress, batch_size, company="",
    name=None,
):  # fmt: skip
    """Upsert every row in batches, then (with `sync_source`) close what the file left out,
    and fold postings that repeat another feed's (`jobs.duplicates`). In a dry run the
    transaction is rolled back at the end."""
    if sync_source is not None and not sync_source.strip():
        raise ValueError("sync needs a source: a blank one is every posting made in the admin")
    result = ImportResult(dry_run=dry_run)
    started = timezone.now()
    history = f"Imported from {name or os.path.basename(path)}"
    batch, same_jobs = [], set()
    for row in _rows(path, file_format, checker, result, progress, company):
        batch.append(row)
        if len(batch) >= batch_size:
            same_jobs |= _write_batch(batch, checker, result, history)
            batch = []
    if batch:
        same_jobs |= _write_batch(batch, checker, result, history)
    if sync_source is not None:
        # Every row written above has updated_at >= started; the rest were not listed.
        unlisted = JobPosting.objects.filter(
            source=sync_source, status=JobPosting.Status.OPEN, updated_at__lt=started
        )
        closed = list(unlisted.values_list("pk", flat=True))
        for ids in batched(closed, batch_size):
            same_jobs |= duplicates.keys_of(ids)
            JobPosting.objects.filter(pk__in=ids).update(
                status=JobPosting.Status.CLOSED, updated_at=Now()
            )
            _record_history(
                ids, f"{history} with --sync: source {sync_source!r} no longer lists it."
            )
        result.closed = len(closed)
    result.folded = duplicates.fold(same_jobs)
    result.new_companies = checker.companies.created
    result.new_locations = checker.places.created
    result.new_technologies = checker.technologies.created
    if dry_run:
        transaction.set_rollback(True)
    else:
        invalidate_after_write()  # bulk writes sent no signals
    return result


def _rows(path, file_format, checker, result, progress, company):
    """The checked rows: those the check pass kept, else the file read and checked again."""
    if checker.kept.rows is not None:
        result.unlisted = checker.kept.unlisted
        yield from checker.kept.rows
        return
    for line, record, _ in records(path, file_format, progress, "Writing", company=company):
        if record is UNLISTED:
            result.unlisted += 1
            continue
        row, problems = checked(checker, line, record)
        if problems:  # The check pass found none: the file changed under us.
            raise BadFile([line_message(line, "; ".join(problems))])
        yield row


def _write_batch(rows, checker, result, history):
    """Upsert one batch; returns the (company, title key) pairs it wrote."""
    company_ids = checker.companies.pks([row.company for row in rows])
    targets = {
        "locations": [checker.places.pks(row.locations) for row in rows],
        "technologies": [checker.technologies.pks(row.technologies) for row in rows],
    }
    existing = _existing([(row.source, row.external_id) for row in rows])
    postings, changed_keys = [], []
    for index, (row, company_id) in enumerate(zip(rows, company_ids, strict=True)):
        key = (row.source, row.external_id)
        fields = {**row.fields, "company_id": company_id}
        before = existing.get(key)
        if before and before["closed_by_editor"] and fields["status"] == JobPosting.Status.OPEN:
            fields["status"] = JobPosting.Status.CLOSED  # an editor's close stands
            result.kept_closed += 1
        if before and before["role_by_editor"]:
            fields["role_id"] = before["role_id"]  # so does an editor's choice of role
        if fields["role_id"] is None:
            result.needs_role += 1
        after = {**fields, **{name: set(targets[name][index]) for name in targets}}
        if before and any(before[name] != after[name] for name in before.keys() & after.keys()):
            changed_keys.append(key)
        postings.append(JobPosting(external_id=row.external_id, **fields))
    JobPosting.objects.bulk_create(
        postings,
        update_conflicts=True,
        unique_fields=["source", "external_id"],
        update_fields=UPDATED_FIELDS,
    )
    if any(posting.pk is None for posting in postings):  # Databases that return no ids.
        ids = {key: pk for key, pk in _ids([(p.source, p.external_id) for p in postings])}
        for posting in postings:
            posting.pk = ids[(posting.source, posting.external_id)]
    result.updated += len(existing)
    result.unchanged += len(existing) - len(changed_keys)
    result.created += len(rows) - len(existing)

    posting_ids = [posting.pk for posting in postings]
    for relation, name, _ in LINKS:
        through = relation.through
        through.objects.filter(jobposting_id__in=posting_ids).delete()
        links = [
            (posting_id, target_id)
            for posting_id, target_ids in zip(posting_ids, targets[name], strict=True)
            for target_id in target_ids
        ]
        _insert_links(through, relation.field.m2m_reverse_field_name(), links)
    pk_of = {(posting.source, posting.external_id): posting.pk for posting in postings}
    sources = ", ".join(sorted({repr(row.source) for row in rows}))
    _record_history([pk_of[key] for key in changed_keys], f"{history} (source {sources}).")
    # With DEBUG on, Django keeps the text of recent queries; ours are large.
    reset_queries()
    return {(posting.company_id, posting.title_key) for posting in postings if posting.title_key}


def _matching(keys):
    """Postings named by (source, external_id) pairs."""
    by_source = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    condition = reduce(
        or_, (Q(source=source, external_id__in=ids) for source, ids in by_source.items())
    )
    return JobPosting.objects.filter(condition)


def _ids(keys):
    return [
        ((source, external_id), pk)
        for pk, source, external_id in _matching(keys).values_list("pk", "source", "external_id")
    ]


def _existing(keys):
    """{(source, external_id): what is stored} for the postings of `keys` that exist, locked
    until the import ends so that an editor's close cannot slip in between."""
    stored = {
        (values.pop("source"), values.pop("external_id")): values
        for values in _matching(keys)
        .select_for_update()
        .order_by()
        .values(
            "pk",
            "source",
            "external_id",
            "closed_by_editor",
            "role_by_editor",
            *COMPARED_FIELDS,
        )
    }
    by_pk = {values["pk"]: values for values in stored.values()}
    for values in by_pk.values():
        values.update({name: set() for _, name, _ in LINKS})
    for relation, name, column in LINKS:
        links = relation.through.objects.filter(jobposting_id__in=list(by_pk))
        for posting_id, target_id in links.values_list("jobposting_id", column):
            by_pk[posting_id][name].add(target_id)
    return stored


def _record_history(ids, comment):
    """A version of each posting in `ids` in its History, in one revision by no user."""
    if not ids:
        return
    postings = (
        JobPosting.objects.filter(pk__in=ids)
        .select_related("company", "role")
        .prefetch_related("locations", "technologies")
    )
    with reversion.create_revision(manage_manually=True):
        for posting in postings:
            reversion.add_to_revision(posting)
        reversion.set_comment(comment)


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
