"""A feed's posting whose role no rule decides is stored, but neither counted nor listed,
until an editor gives it one; imports keep an editor's choice and apply title rules."""

import pytest
from django.urls import reverse

from jobs import statistics
from jobs.models import JobPosting, TitleRule
from jobs.services import assign_role

from .conftest import load
from .payloads import greenhouse_board, greenhouse_job, write

pytestmark = pytest.mark.django_db

ARGS = ["--format", "greenhouse", "--source", "acme"]


@pytest.fixture
def queued(tmp_path, catalog):
    """One posting with a role, one without."""
    board = greenhouse_board(
        greenhouse_job(1), greenhouse_job(2, title="Member of Inference Staff, Serving")
    )
    out = load(write(tmp_path / "board.json", board), *ARGS)
    assert "Needs a role: 1 posting" in out
    return JobPosting.objects.get(external_id="4010002")


def test_a_posting_without_a_role_is_stored_but_not_counted_or_listed(client, queued, catalog):
    assert queued.role is None
    assert queued.status == "open"
    assert list(JobPosting.objects.needing_role()) == [queued]
    assert queued not in JobPosting.objects.open()
    assert queued not in JobPosting.objects.listed()
    assert statistics.open_postings_count(catalog["data"]) == 1
    assert client.get(reverse("jobs:detail", args=[queued.pk])).status_code == 404
    listing = client.get(reverse("jobs:list"))
    assert "Member of Inference Staff" not in listing.content.decode()
    assert "Senior Data Engineer" in listing.content.decode()


def test_an_assigned_role_counts_at_once_and_imports_keep_it(tmp_path, client, queued, catalog):
    assign_role(postings=JobPosting.objects.filter(pk=queued.pk), role=catalog["ml"],
                actor_id=None, actor_name="edith")  # fmt: skip

    queued.refresh_from_db()
    assert queued.role == catalog["ml"]
    assert queued.role_by_editor
    assert queued.classification["role"] == {
        "value": "machine-learning-engineer",
        "how": "assigned by edith in the admin",
    }
    assert statistics.open_postings_count(catalog["ml"]) == 1
    assert client.get(reverse("jobs:detail", args=[queued.pk])).status_code == 200

    board = greenhouse_board(
        greenhouse_job(1), greenhouse_job(2, title="Member of Inference Staff, Serving")
    )
    load(write(tmp_path / "again.json", board), *ARGS)
    queued.refresh_from_db()
    assert queued.role == catalog["ml"]  # the feed's rules decide nothing more


def test_a_title_rule_gives_the_role_to_the_queue_and_to_later_imports(tmp_path, queued, catalog):
    other = greenhouse_job(3, title="Senior Member of Inference Staff")
    load(write(tmp_path / "more.json", greenhouse_board(
        greenhouse_job(1), greenhouse_job(2, title="Member of Inference Staff, Serving"), other,
    )), *ARGS)  # fmt: skip
    result = assign_role(postings=JobPosting.objects.filter(pk=queued.pk), role=catalog["ml"],
                         actor_id=None, rule_phrase="member of  inference staff")  # fmt: skip

    assert result.assigned == 1
    assert result.rule.phrase == "member of inference staff"
    assert result.by_rule == 1
    third = JobPosting.objects.get(external_id="4010003")
    assert third.role == catalog["ml"]
    assert not third.role_by_editor
    assert third.classification["role"]["how"] == "title rule “member of inference staff”"

    load(write(tmp_path / "new.json", greenhouse_board(
        greenhouse_job(4, title="Staff Member of Inference Staff - Batch"),
    )), "--format", "greenhouse", "--source", "acme-2")  # fmt: skip
    fourth = JobPosting.objects.get(external_id="4010004")
    assert fourth.role == catalog["ml"]
    assert fourth.classification["role"]["how"] == "title rule “member of inference staff”"
    assert TitleRule.objects.count() == 1
