"""The openings search reads each posting's stored search document (PostgreSQL)."""

import pytest
from django.db import connection

from jobs.filters import search
from jobs.models import JobPosting
from tests.factories import make_posting

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite searches the texts themselves"
    ),
]


def test_the_search_computes_no_vector_per_row():
    sql = str(search(JobPosting.objects.listed(), "streaming pipelines").query)
    assert "to_tsvector" not in sql
    assert '"jobs_jobposting"."search_document" @@' in sql


def test_the_document_follows_every_write_path():
    posting = make_posting(title="Data Engineer", description="Batch jobs.")
    assert not search(JobPosting.objects.filter(pk=posting.pk), "streaming").exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE jobs_jobposting SET description = 'Streaming with Kafka.' WHERE id = %s",
            [posting.pk],
        )
    assert search(JobPosting.objects.filter(pk=posting.pk), "streaming").exists()


def test_postings_are_fetched_without_their_document():
    posting = make_posting()
    assert "search_document" in JobPosting.objects.get(pk=posting.pk).get_deferred_fields()
