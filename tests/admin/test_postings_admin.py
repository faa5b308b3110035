"""Editors fix postings: bulk close and reopen change the public numbers at once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from jobs import insight, statistics
from jobs.models import JobPosting
from roles.models import Role
from tests.factories import make_posting, make_role, make_technology

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:jobs_jobposting_changelist")


def act(client, action, postings, **extra):
    return client.post(
        LIST_URL,
        {"action": action, "_selected_action": [p.pk for p in postings], "index": "0"},
        **extra,
    )


def open_count(role):
    return statistics.with_open_counts(Role.objects.filter(pk=role.pk)).get().open_count


def test_bulk_close_changes_the_public_counts_immediately(editor_client):
    role = make_role(slug="counted")
    postings = [make_posting(role=role, title=f"Opening {n}") for n in range(4)]
    assert insight.market_insight(role).open_count == 4  # and now cached

    response = act(editor_client, "close_postings", postings[:3])

    assert response.status_code == 302
    assert insight.market_insight(role).open_count == 1
    assert open_count(role) == 1
    assert JobPosting.objects.filter(status="closed").count() == 3
    listing = editor_client.__class__().get("/roles/counted/jobs/")
    assert "Opening 3" in listing.text
    assert "Opening 0" not in listing.text


def test_bulk_reopen_brings_them_back_and_warns_about_expired_ones(editor_client):
    role = make_role()
    now = timezone.now()
    closed = make_posting(role=role, status=JobPosting.Status.CLOSED)
    expired = make_posting(
        role=role,
        status=JobPosting.Status.CLOSED,
        posted_at=now - timedelta(days=30),
        expires_at=now - timedelta(days=1),
    )
    assert insight.market_insight(role).open_count == 0

    response = act(editor_client, "reopen_postings", [closed, expired], follow=True)

    assert insight.market_insight(role).open_count == 1
    assert "Reopened 2 postings." in response.text
    assert "1 posting past expiry stays out of the counts" in response.text


def test_bulk_close_of_closed_postings_says_so(editor_client):
    posting = make_posting(status=JobPosting.Status.CLOSED)

    response = act(editor_client, "close_postings", [posting], follow=True)

    assert "Every selected posting was already closed." in response.text


def test_bulk_close_is_kept_in_each_postings_history(editor, editor_client):
    posting = make_posting()

    act(editor_client, "close_postings", [posting])

    version = Version.objects.get_for_object(posting).get()
    assert version.field_dict["status"] == "closed"
    assert version.revision.user == editor
    assert version.revision.comment == "Closed from the posting list."
    history = editor_client.get(reverse("admin:jobs_jobposting_history", args=[posting.pk]))
    assert "Closed from the posting list." in history.text


def test_external_id_is_editable_on_add_and_read_only_once_saved(editor_client):
    posting = make_posting(external_id="feed-123")
    change_url = reverse("admin:jobs_jobposting_change", args=[posting.pk])

    add_page = editor_client.get(reverse("admin:jobs_jobposting_add"))
    change_page = editor_client.get(change_url)

    assert 'name="external_id"' in add_page.text
    assert 'name="external_id"' not in change_page.text
    assert "feed-123" in change_page.text


def test_a_posted_external_id_is_ignored_on_change(editor_client):
    tech = make_technology()
    posting = make_posting(external_id="feed-123", technologies=[tech])
    data = {
        "external_id": "hijacked",
        "source": "",
        "title": "Renamed posting",
        "role": posting.role_id,
        "company": posting.company_id,
        "status": "open",
        "seniority": "senior",
        "employment_type": "FULL_TIME",
        "workplace": "remote",
        "technologies": [tech.pk],
        "description": "Still a job.",
        "salary_min": "",
        "salary_max": "",
        "salary_currency": "",
        "salary_period": "",
        "posted_at_0": timezone.localtime(posting.posted_at).strftime("%Y-%m-%d"),
        "posted_at_1": timezone.localtime(posting.posted_at).strftime("%H:%M:%S"),
        "expires_at_0": "",
        "expires_at_1": "",
        "apply_url": posting.apply_url,
        "_save": "Save",
    }

    response = editor_client.post(reverse("admin:jobs_jobposting_change", args=[posting.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    posting.refresh_from_db()
    assert posting.external_id == "feed-123"
    assert posting.title == "Renamed posting"


def test_the_change_page_offers_autocomplete_for_company_locations_and_technologies(
    editor_client,
):
    posting = make_posting()

    page = editor_client.get(reverse("admin:jobs_jobposting_change", args=[posting.pk]))

    for field in ["company", "locations", "technologies"]:
        assert f'data-model-name="jobposting" data-field-name="{field}"' in page.text


def test_the_list_filters_by_what_the_site_counts(editor_client):
    now = timezone.now()
    counted = make_posting(title="Counted")
    make_posting(title="Closed", status=JobPosting.Status.CLOSED)
    make_posting(
        title="Expired", posted_at=now - timedelta(days=9), expires_at=now - timedelta(days=1)
    )

    def titles(**params):
        page = editor_client.get(LIST_URL, params)
        return sorted(p.title for p in page.context["cl"].result_list)

    assert titles(open="yes") == ["Counted"]
    assert titles(open="expired") == ["Expired"]
    assert titles(open="closed") == ["Closed"]
    assert titles(q="counted") == ["Counted"]
    assert titles(role__id__exact=counted.role_id) == ["Counted"]
    page = editor_client.get(LIST_URL)
    assert "Open, past expiry" in page.text
    assert page.context["cl"].date_hierarchy == "posted_at"


def test_the_list_costs_the_same_queries_however_many_postings(editor_client):
    role = make_role()
    make_posting(role=role)
    editor_client.get(LIST_URL)

    with CaptureQueriesContext(connection) as few:
        editor_client.get(LIST_URL)
    for _ in range(30):
        make_posting(role=role, technologies=[make_technology()])
    with CaptureQueriesContext(connection) as many:
        editor_client.get(LIST_URL)

    assert len(many) == len(few)
