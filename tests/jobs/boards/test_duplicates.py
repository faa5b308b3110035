"""One job published by two feeds (same company, normalized title, place, within days)
is counted once; the admin shows which postings were folded together."""

import pytest
from django.urls import reverse

from jobs import statistics
from jobs.models import JobPosting
from jobs.services import close_expired_postings, set_posting_status

from .conftest import load
from .payloads import (
    ago,
    greenhouse_board,
    greenhouse_job,
    lever_posting,
    lever_postings,
    write,
)

pytestmark = pytest.mark.django_db

GREENHOUSE = ["--format", "greenhouse", "--source", "acme-greenhouse"]
LEVER = ["--format", "lever", "--source", "acme-lever", "--company", "Acme Analytics"]


def greenhouse(tmp_path, *jobs):
    return load(write(tmp_path / "gh.json", greenhouse_board(*jobs)), *GREENHOUSE)


def lever(tmp_path, *postings):
    return load(write(tmp_path / "lever.json", lever_postings(*postings)), *LEVER)


def same_job_on_lever(number, **fields):
    """Acme's Senior Data Engineer in New York, as its Lever board would publish it."""
    fields.setdefault("text", "Sr. Data Engineer")
    fields.setdefault("categories", {"location": "New York, NY", "allLocations": []})
    fields.setdefault("workplaceType", "on-site")
    return lever_posting(number, **fields)


def test_one_job_on_two_feeds_counts_once(tmp_path, client, catalog):
    greenhouse(tmp_path, greenhouse_job(1))
    out = lever(tmp_path, same_job_on_lever(1))

    assert "Duplicates: 1 posting" in out
    first = JobPosting.objects.get(source="acme-greenhouse")
    second = JobPosting.objects.get(source="acme-lever")
    assert second.duplicate_of == first
    assert first.duplicate_of is None
    assert statistics.open_postings_count(catalog["data"]) == 1
    assert list(JobPosting.objects.listed()) == [first]
    # The duplicate's page is the job's page.
    response = client.get(reverse("jobs:detail", args=[second.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[first.pk])


@pytest.mark.parametrize(
    "change",
    [
        {"categories": {"location": "Boston, MA", "allLocations": []}},  # another place
        {"createdAt": int(ago(9).timestamp() * 1000)},  # a week apart
        {"text": "Staff Data Engineer"},  # another title
    ],
)
def test_other_places_dates_or_titles_are_other_jobs(tmp_path, catalog, change):
    greenhouse(tmp_path, greenhouse_job(1))
    lever(tmp_path, same_job_on_lever(1, **change))

    assert not JobPosting.objects.filter(duplicate_of__isnull=False).exists()
    assert statistics.open_postings_count(catalog["data"]) == 2


def test_one_feed_listing_a_title_twice_means_two_openings(tmp_path, catalog):
    greenhouse(tmp_path, greenhouse_job(1), greenhouse_job(2))
    assert statistics.open_postings_count(catalog["data"]) == 2

    lever(tmp_path, same_job_on_lever(1))
    # Lever's copy folds into one of Greenhouse's two; the other still counts.
    assert JobPosting.objects.filter(duplicate_of__isnull=False).count() == 1
    assert statistics.open_postings_count(catalog["data"]) == 2


def test_remote_jobs_without_a_place_fold(tmp_path, catalog):
    greenhouse(tmp_path, greenhouse_job(1, location={"name": "Remote"}, offices=[]))
    lever(tmp_path, same_job_on_lever(1, workplaceType="remote", categories={
        "location": "Anywhere", "allLocations": [],
    }))  # fmt: skip

    assert JobPosting.objects.filter(duplicate_of__isnull=False).count() == 1


def test_when_the_standing_posting_closes_the_other_feeds_counts(tmp_path, catalog):
    greenhouse(tmp_path, greenhouse_job(1))
    lever(tmp_path, same_job_on_lever(1))
    first = JobPosting.objects.get(source="acme-greenhouse")

    # The Greenhouse board no longer lists it...
    load(write(tmp_path / "none.json", greenhouse_board()), *GREENHOUSE, "--sync")
    first.refresh_from_db()
    second = JobPosting.objects.get(source="acme-lever")
    assert first.status == "closed"
    assert second.duplicate_of is None  # ...so Lever's stands for the job now
    assert statistics.open_postings_count(catalog["data"]) == 1

    # Back on the board, the posting stored first stands for the job again.
    set_posting_status(postings=JobPosting.objects.filter(pk=first.pk), status="open")
    second.refresh_from_db()
    assert second.duplicate_of == first
    assert statistics.open_postings_count(catalog["data"]) == 1


def test_expiry_and_an_editors_close_refold(tmp_path, catalog):
    greenhouse(tmp_path, greenhouse_job(1))
    lever(tmp_path, same_job_on_lever(1))
    first = JobPosting.objects.get(source="acme-greenhouse")
    second = JobPosting.objects.get(source="acme-lever")

    set_posting_status(postings=JobPosting.objects.filter(pk=first.pk), status="closed")
    second.refresh_from_db()
    assert second.duplicate_of is None

    set_posting_status(postings=JobPosting.objects.filter(pk=first.pk), status="open")
    second.refresh_from_db()
    assert second.duplicate_of == first

    JobPosting.objects.filter(pk=first.pk).update(expires_at=ago(0, hours=1))
    assert close_expired_postings() == 1
    second.refresh_from_db()
    assert second.duplicate_of is None
    assert statistics.open_postings_count(catalog["data"]) == 1


def test_running_both_feeds_again_changes_nothing(tmp_path, catalog):
    job, posting = greenhouse_job(1), same_job_on_lever(1)
    greenhouse(tmp_path, job)
    lever(tmp_path, posting)
    before = list(JobPosting.objects.order_by("pk").values())

    out_greenhouse = greenhouse(tmp_path, job)
    out_lever = lever(tmp_path, posting)

    assert "0 created, 1 updated (1 of them unchanged)" in out_greenhouse
    assert "0 created, 1 updated (1 of them unchanged)" in out_lever
    after = list(JobPosting.objects.order_by("pk").values())
    for row in before + after:
        row.pop("updated_at")  # a run touches what it lists (how --sync knows)
    assert after == before
