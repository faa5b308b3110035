"""
Admin abuse: what an editor (or someone with an editor's session) can send to the admin
beyond its forms' intent. Each answer is a form error, a 403/404 or a refusal, never a 500,
and nothing stored changes.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from careerguide.markdown import render_markdown
from jobs.models import MAX_TECHNOLOGIES
from jobs.services import merge_companies
from tests.admin.conftest import EDITOR_PASSWORD, change_data
from tests.factories import (
    make_company,
    make_location,
    make_posting,
    make_role,
    make_technology,
)

pytestmark = pytest.mark.django_db


def posting_form(posting, **changes):
    """The posting change form's POST data as the page shows it, with `changes`."""
    local = timezone.localtime
    data = {
        "title": posting.title,
        "role": posting.role_id,
        "company": posting.company_id,
        "status": posting.status,
        "source": posting.source,
        "seniority": posting.seniority,
        "employment_type": posting.employment_type,
        "workplace": posting.workplace,
        "locations": [place.pk for place in posting.locations.all()],
        "technologies": [technology.pk for technology in posting.technologies.all()],
        "description": posting.description,
        "salary_min": posting.salary_min or "",
        "salary_max": posting.salary_max or "",
        "salary_currency": posting.salary_currency,
        "salary_period": posting.salary_period,
        "posted_at_0": f"{local(posting.posted_at):%Y-%m-%d}",
        "posted_at_1": f"{local(posting.posted_at):%H:%M:%S}",
        "expires_at_0": f"{local(posting.expires_at):%Y-%m-%d}" if posting.expires_at else "",
        "expires_at_1": f"{local(posting.expires_at):%H:%M:%S}" if posting.expires_at else "",
        "apply_url": posting.apply_url,
    }
    data.update(changes)
    return data


def posting_using(model, record):
    """A posting naming `record`, a company, location or technology."""
    if model == "company":
        return make_posting(company=record)
    field = {"location": "locations", "technology": "technologies"}[model]
    return make_posting(**{field: [record]})


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def unraised(client):
    """The same session, answering as the server would instead of raising."""
    quiet = Client(raise_request_exception=False)
    quiet.cookies = client.cookies
    return quiet


def test_the_unchanged_form_saves(editor_client):
    # The helper is right: the form as shown saves without errors.
    posting = make_posting()
    response = editor_client.post(change_url(posting), posting_form(posting, title="Renamed"))
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "Renamed"


# 1. Dates no driver can read back ---------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"expires_at_0": "9999-12-31", "expires_at_1": "23:59:59"}, "within 2 years from now"),
        ({"posted_at_0": "0001-01-01", "posted_at_1": "00:00:00"}, "on or after 2000-01-01"),
    ],
)
def test_the_posting_form_refuses_dates_out_of_range(editor_client, unchanged, changes, reason):
    posting = make_posting()
    with unchanged():
        response = editor_client.post(change_url(posting), posting_form(posting, **changes))
    assert response.status_code == 200
    assert reason in response.text


# 2. A merge page that held a worker for minutes -----------------------------------------


@pytest.mark.parametrize("model", ["location", "technology", "company"])
def test_the_merge_page_counts_with_plain_aggregates(editor_client, unchanged, model):
    # The list's correlated posting count beside Count() ran once per joined link row: 352 s
    # for 40,000 postings in one place. Each record's counts now come from one GROUP BY.
    make = {"location": make_location, "technology": make_technology, "company": make_company}
    records = [make[model]() for _ in range(2)]
    for record in records:
        for _ in range(3):
            posting_using(model, record)
    url = reverse(f"admin:jobs_{model}_changelist")
    selected = {"action": "merge_selected", "_selected_action": [r.pk for r in records]}

    with unchanged(), CaptureQueriesContext(connection) as queries:
        page = editor_client.post(url, {**selected, "index": "0"})

    assert page.status_code == 200
    assert [(r.posting_count, r.open_count) for r in page.context["records"]] == [(3, 3)] * 2
    counting = [q["sql"] for q in queries if "COUNT(" in q["sql"] and f"jobs_{model}" in q["sql"]]
    assert counting, "no counting query"
    for sql in counting:
        assert sql.count("SELECT") == 1, sql


# 4. Control characters in titles and names --------------------------------------------------


def test_guide_titles_refuse_control_characters(editor_client, unchanged):
    role = make_role(title="Data Engineer")
    with unchanged():
        response = editor_client.post(change_url(role), change_data(role, title="Data\x0bEngineer"))
    assert response.status_code == 200
    assert "Remove the control characters" in response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Senior\tEngineer"), ("title", "Esc\x1b[31m"), ("description", "Bell \x07")],
)
def test_posting_texts_refuse_control_characters(editor_client, unchanged, field, value):
    posting = make_posting()
    with unchanged():
        response = editor_client.post(change_url(posting), posting_form(posting, **{field: value}))
    assert response.status_code == 200
    assert "Remove the control characters" in response.text


def test_multi_line_texts_keep_their_tabs_and_line_breaks(editor_client):
    posting = make_posting()
    text = "First paragraph.\n\n\tIndented line."
    response = editor_client.post(change_url(posting), posting_form(posting, description=text))
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.description == text


def test_names_of_companies_refuse_control_characters(editor_client, unchanged):
    company = make_company(name="Acme")
    data = {"name": "Acme\x1b", "slug": company.slug, "website": ""}
    with unchanged():
        response = editor_client.post(change_url(company), data)
    assert response.status_code == 200
    assert "Remove the control characters" in response.text


# 9. Guessing passwords, weak passwords, look-alike names -----------------------------------

LOGIN = "/admin/login/"


def sign_in(client, password, username="edith"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_guessing_locks_the_account_even_against_the_right_password(editor, unchanged):
    guesser = Client()
    with unchanged():
        for attempt in range(50):
            response = sign_in(guesser, f"wrong-guess-{attempt}")
            assert response.status_code in (200, 429)  # the form again, then the lockout
        assert response.status_code == 429
        assert "Too many failed sign-ins" in response.text
        # The right password, from the guesser or from anyone else, is refused too.
        assert sign_in(guesser, EDITOR_PASSWORD).status_code == 429
        elsewhere = Client(REMOTE_ADDR="203.0.113.9")
        assert sign_in(elsewhere, EDITOR_PASSWORD).status_code == 429
        assert "_auth_user_id" not in elsewhere.session
    # Counted in the database: every server process sees the same lockout.
    assert AccessAttempt.objects.get(username="edith").failures_since_start >= 5


def test_a_few_mistakes_do_not_lock_an_editor_out(editor):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, f"typo-{attempt}").status_code == 200
    assert sign_in(client, EDITOR_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="edith").exists()  # reset on success


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("a", "too short"),
        ("password1234", "too common"),
        ("839201746351", "entirely numeric"),
        ("frankenstein.editor", "too similar to the username"),
    ],
)
def test_createeditor_refuses_weak_passwords(db, unchanged, password, reason):
    with unchanged(), pytest.raises(CommandError, match=reason):
        call_command("createeditor", "frankenstein-editor", "--password", password)


def test_editor_names_that_differ_only_in_case_are_one_name(editor, unchanged):
    with unchanged(), pytest.raises(CommandError, match="'edith' already exists"):
        call_command("createeditor", "EDITH", "--password", "a-different-long-phrase")


# 12a. Lists no posting needs ----------------------------------------------------------------


def test_the_posting_form_refuses_more_technologies_than_a_posting_names(editor_client, unchanged):
    posting = make_posting()
    many = [make_technology().pk for _ in range(MAX_TECHNOLOGIES + 1)]
    with unchanged():
        response = editor_client.post(change_url(posting), posting_form(posting, technologies=many))
    assert response.status_code == 200
    assert f"A posting names at most {MAX_TECHNOLOGIES} technologies." in response.text


# 12c, 12j. History of records merged away; versions of other records ------------------------


def close_from_the_list(client, posting):
    client.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "close_postings", "_selected_action": [posting.pk], "index": "0"},
    )
    return Version.objects.get_for_object(posting).get()


def test_a_version_naming_a_company_merged_away_says_so(editor_client, unchanged):
    posting = make_posting()
    version = close_from_the_list(editor_client, posting)  # names the old company
    keep = make_company(name="Kept")
    merge_companies(keep=keep, others=[posting.company])
    url = reverse("admin:jobs_jobposting_revision", args=[posting.pk, version.pk])
    history = reverse("admin:jobs_jobposting_history", args=[posting.pk])

    with unchanged():
        shown = unraised(editor_client).get(url)
        reverted = unraised(editor_client).post(url, posting_form(posting))
    for response in (shown, reverted):
        assert response.status_code == 302
        assert response["Location"] == history
    page = editor_client.get(history)
    assert page.status_code == 200
    assert "cannot be shown or brought back" in page.text


def test_a_version_of_another_model_is_not_found(editor_client, unchanged):
    role = make_role(title="A guide")
    editor_client.post(change_url(role), change_data(role, summary="Edited."))
    guide_version = Version.objects.get_for_object(role).get()
    company = make_company()
    urls = [
        reverse("admin:jobs_company_recover", args=[guide_version.pk]),
        reverse("admin:jobs_company_revision", args=[company.pk, guide_version.pk]),
        reverse("admin:jobs_company_revision", args=[role.pk, guide_version.pk]),
    ]
    with unchanged():
        for url in urls:
            assert unraised(editor_client).get(url).status_code == 404, url
            assert unraised(editor_client).post(url, {"name": "x"}).status_code == 404, url


def test_the_recover_page_is_for_deleted_records_only(editor_client, unchanged):
    role = make_role(title="Still here")
    editor_client.post(change_url(role), change_data(role, summary="Edited."))
    version = Version.objects.get_for_object(role).get()
    with unchanged():
        response = unraised(editor_client).get(
            reverse("admin:roles_role_recover", args=[version.pk])
        )
    assert response.status_code == 404


# 12d. The autocomplete endpoint -------------------------------------------------------------

AUTOCOMPLETE = "/admin/autocomplete/"


@pytest.mark.parametrize(
    "query",
    [
        "app_label=roles&model_name=role&field_name=postings",  # a reverse relation: was a 500
        "app_label=jobs&model_name=company&field_name=postings",
        "app_label=jobs&model_name=technology&field_name=postings",
        "app_label=jobs&model_name=jobposting&field_name=title",
        "app_label=auth&model_name=user&field_name=groups",
        "app_label=jobs&model_name=nothing&field_name=company",
        "app_label=jobs",
        "",
    ],
)
def test_the_autocomplete_endpoint_refuses_what_no_widget_asks(editor_client, unchanged, query):
    with unchanged():
        response = unraised(editor_client).get(f"{AUTOCOMPLETE}?{query}&term=a")
    assert response.status_code in (403, 404)


def test_the_autocomplete_endpoint_still_serves_the_posting_form(editor_client):
    make_company(name="Acme Analytics")
    response = editor_client.get(
        AUTOCOMPLETE,
        {"app_label": "jobs", "model_name": "jobposting", "field_name": "company", "term": "acm"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Acme Analytics"]


# 12g. A currency the importer would refuse --------------------------------------------------


@pytest.mark.parametrize("currency", ["<s>", "US", "€€€", "12A", "U D"])
def test_the_posting_form_refuses_what_is_no_currency_code(editor_client, unchanged, currency):
    posting = make_posting(
        salary_min=100, salary_max=200, salary_currency="USD", salary_period="YEAR"
    )
    with unchanged():
        response = editor_client.post(
            change_url(posting), posting_form(posting, salary_currency=currency)
        )
    assert response.status_code == 200
    assert "An ISO 4217 code: three letters" in response.text


def test_the_posting_form_takes_a_code_in_small_letters(editor_client):
    posting = make_posting(
        salary_min=100, salary_max=200, salary_currency="USD", salary_period="YEAR"
    )
    response = editor_client.post(change_url(posting), posting_form(posting, salary_currency="eur"))
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.salary_currency == "EUR"


# 12i. Links to other sites without a scheme -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[sources](//evil.example/login)",
        '<a href="//evil.example">sources</a>',
        "[sources](/\\evil.example)",
        '<a href="\\\\evil.example">sources</a>',
        '<a href=" //evil.example ">sources</a>',
        "[sources][ref]\n\n[ref]: //evil.example",
    ],
)
def test_guide_texts_lose_protocol_relative_links(editor_client, text):
    role = make_role(slug="data-engineer", status="published")
    response = editor_client.post(change_url(role), change_data(role, overview=text))
    assert response.status_code == 302
    page = Client().get("/roles/data-engineer/").content.decode()
    assert "evil.example" not in page
    assert "sources" in page  # the text stays, the link goes


def test_links_on_this_site_and_with_a_scheme_stay():
    html = render_markdown("[a](/roles/) [b](https://ok.example/x) [c](mailto:ops@ok.example)")
    assert 'href="/roles/"' in html
    assert 'href="https://ok.example/x"' in html
    assert 'href="mailto:ops@ok.example"' in html
