"""The admin's "Needs a role" list: editors give postings a role in bulk, turn it into a
title rule, or close postings of roles the site does not cover; and see how any posting
was classified and what it was folded together with."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from jobs import statistics
from jobs.duplicates import fold
from jobs.models import JobPosting, TitleRule
from tests.factories import make_company, make_location, make_posting, make_role

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:jobs_postingneedingrole_changelist")
CLASSIFIED = {
    "role": {"value": None, "how": "no title rule, guide title or other title matches"},
    "seniority": {"value": "mid", "how": "no level in the title or the description: mid"},
    "technologies": {"value": [], "how": "none of our technologies is named"},
    "pay": {"value": None, "how": "no range given by the feed or written in the text"},
    "workplace": {"value": "onsite", "how": "nothing says remote or hybrid: on-site"},
    "notes": [],
}


@pytest.fixture
def queue():
    role = make_role(slug="ai-engineer", title="AI Engineer")
    company = make_company(name="Initech")
    postings = [
        make_posting(role=None, company=company, source="initech", title=title,
                     classification=CLASSIFIED)
        for title in ["MTS, Inference", "Senior MTS, Inference", "MTS, Agents", "Barista"]
    ]  # fmt: skip
    return role, postings


def test_the_list_shows_the_open_postings_without_a_role_and_why(editor_client, queue):
    _, postings = queue
    make_posting(title="Has a role", source="initech")
    postings[3].status = "closed"
    postings[3].save()

    page = editor_client.get(QUEUE).content.decode()

    assert "MTS, Inference" in page and "MTS, Agents" in page
    assert "Barista" not in page and "Has a role" not in page
    assert "no title rule, guide title or other title matches" in page


def test_an_editor_gives_postings_a_role_in_bulk(editor_client, queue):
    role, postings = queue
    form = editor_client.post(QUEUE, {
        "action": "assign_role", ACTION_CHECKBOX_NAME: [postings[0].pk, postings[2].pk],
    })  # fmt: skip
    assert form.status_code == 200
    assert "Give postings a role" in form.content.decode()

    response = editor_client.post(QUEUE, {
        "action": "assign_role", "assign": "yes", "role": role.pk,
        ACTION_CHECKBOX_NAME: [postings[0].pk, postings[2].pk],
    }, follow=True)  # fmt: skip

    assert "2 postings now count toward AI Engineer." in response.content.decode()
    assert statistics.open_postings_count(role) == 2
    assert set(JobPosting.objects.filter(role=role).values_list("role_by_editor", flat=True)) == {
        True
    }
    assert not TitleRule.objects.exists()


def test_an_assignment_becomes_a_title_rule(editor_client, editor, queue):
    role, postings = queue
    response = editor_client.post(QUEUE, {
        "action": "assign_role", "assign": "yes", "role": role.pk, "make_rule": "on",
        "phrase": "MTS, Inference", ACTION_CHECKBOX_NAME: [postings[0].pk],
    }, follow=True)  # fmt: skip

    text = response.content.decode()
    assert "The title rule “MTS, Inference”" in text
    assert "gave it to 1 more posting of the queue" in text
    rule = TitleRule.objects.get()
    assert (rule.phrase, rule.role, rule.created_by) == ("MTS, Inference", role, editor)
    assert list(JobPosting.objects.needing_role().values_list("title", flat=True)) == [
        "MTS, Agents", "Barista",
    ]  # fmt: skip


def test_a_rule_needs_words_and_is_made_once(editor_client, queue):
    role, postings = queue
    TitleRule.objects.create(phrase="MTS, Inference", role=role)
    for phrase, error in [
        ("", "Give the words the titles contain."),
        ("mts, inference", "A title rule for these words exists already."),
    ]:
        response = editor_client.post(QUEUE, {
            "action": "assign_role", "assign": "yes", "role": role.pk, "make_rule": "on",
            "phrase": phrase, ACTION_CHECKBOX_NAME: [postings[2].pk],
        })  # fmt: skip
        assert error in response.content.decode()
    assert JobPosting.objects.needing_role().count() == 4


def test_postings_of_roles_the_site_does_not_cover_are_closed_for_good(editor_client, queue):
    _, postings = queue
    editor_client.post(QUEUE, {"action": "close_not_ours", ACTION_CHECKBOX_NAME: [postings[3].pk]})

    postings[3].refresh_from_db()
    assert postings[3].status == "closed"
    assert postings[3].closed_by_editor


def test_a_postings_page_shows_how_it_was_classified(editor_client, queue):
    _, postings = queue
    page = editor_client.get(reverse("admin:jobs_jobposting_change", args=[postings[0].pk]))

    text = page.content.decode()
    assert "How the importer classified it" in text
    assert "no level in the title or the description: mid" in text


def test_a_postings_page_shows_what_was_folded_together(editor_client):
    role, company, place = make_role(), make_company(name="Acme"), make_location()
    first = make_posting(
        role=role,
        company=company,
        source="greenhouse-acme",
        title="Data Engineer",
        title_key="data engineer",
        locations=[place],
    )
    second = make_posting(role=role, company=company, source="lever-acme",
                          title="Data Engineer", title_key="data engineer", locations=[place],
                          posted_at=first.posted_at)  # fmt: skip
    fold({(company.pk, "data engineer")})

    text = editor_client.get(
        reverse("admin:jobs_jobposting_change", args=[second.pk])
    ).content.decode()
    assert "Counted once, as the first:" in text
    assert "greenhouse-acme" in text and "lever-acme" in text
    listed = editor_client.get(reverse("admin:jobs_jobposting_changelist") + "?folded=into")
    assert listed.context["cl"].result_count == 1


def test_an_editor_choosing_a_role_keeps_it_against_feeds(editor_client, queue):
    role, postings = queue
    from tests.security.test_admin_abuse import posting_form

    posting = postings[0]
    data = posting_form(posting, role=role.pk)
    response = editor_client.post(reverse("admin:jobs_jobposting_change", args=[posting.pk]), data)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.role == role
    assert posting.role_by_editor
    assert posting.classification["role"]["how"] == "chosen by edith in the admin"


@pytest.mark.parametrize(
    ("titles", "phrase"),
    [
        (["Senior MTS II, Inference"], "mts"),
        (["Member of Inference Staff"], "member of inference staff"),
        (["Sr. ML Ops Lead", "Other"], "mlops lead"),
        (["Senior", "Data Wrangler"], "data wrangler"),
    ],
)
def test_the_suggested_rule_is_the_first_titles_words_without_its_level(titles, phrase):
    from jobs.feed_admin import suggested_phrase

    assert suggested_phrase(titles) == phrase
