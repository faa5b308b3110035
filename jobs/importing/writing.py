"""
Writing checked rows, in one transaction: postings upserted by `external_id` in batches,
their technology and location links replaced, and (with `--sync`) the source's postings
the file no longer lists closed.
"""

from dataclasses import dataclass, field

from django.db import connection, reset_queries, transaction
from django.db.models.functions import Now
from django.utils import timezone

from careerguide.cache import invalidate_after_write

from ..models import JobPosting
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
    sources: set = field(default_factory=set)
    dry_run: bool = False


UPDATED_FIELDS = [
    "source", "role", "title", "company", "description", "seniority", "employment_type",
    "workplace", "salary_min", "salary_max", "salary_currency", "salary_period", "posted_at",
    "expires_at", "apply_url", "status", "updated_at",
]  # fmt: skip


@transaction.atomic
def write_file(path, file_format, checker, *, sync_source, dry_run, progress, batch_size):
    """Upsert every row in batches, then (with `sync_source`) close what the file left out.
    In a dry run the transaction is rolled back at the end."""
    result = ImportResult(dry_run=dry_run)
    started = timezone.now()
    batch = []
    for line, record, _ in records(path, file_format, progress, "Writing"):
        row, problems = checker.check(line, record)
        if problems:  # The check pass found none: the file changed under us.
            raise BadFile([line_message(line, "; ".join(problems))])
        batch.append(row)
        if len(batch) >= batch_size:
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
    else:
        invalidate_after_write()  # bulk writes sent no signals
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
