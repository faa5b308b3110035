"""The benchmark's synthetic data set (bench/synthetic.py)."""

import pytest

from bench import synthetic
from jobs.models import Company, JobPosting
from roles.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_generate_postings_writes_linked_postings_deterministically():
    synthetic.generate(postings=300, roles=5)
    assert Role.objects.count() == 5
    assert JobPosting.objects.filter(source="synthetic").count() == 300
    assert JobPosting.technologies.through.objects.count() >= 300 * 2
    assert JobPosting.objects.open().count() < 300  # some closed and expired
    first = list(JobPosting.objects.order_by("id").values_list("title", "role_id", "status")[:50])

    JobPosting.objects.all().delete()
    synthetic.generate(postings=300, roles=5)
    again = list(JobPosting.objects.order_by("id").values_list("title", "role_id", "status")[:50])
    assert again == first
    new = JobPosting.objects.create(
        external_id="after-copy",
        role_id=first[0][1],
        company_id=Company.objects.values_list("pk", flat=True).first(),
        title="t",
        description="d",
        seniority="mid",
        posted_at="2026-01-01T00:00:00Z",
        apply_url="https://x.example",
    )
    assert new.pk > JobPosting.objects.exclude(pk=new.pk).latest("id").pk  # sequence moved on
