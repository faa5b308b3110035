"""The data-health page: what in the guides and postings needs an editor's attention."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs import statistics
from jobs.insight import market_insight
from jobs.models import JobPosting
from roles import health
from roles.models import CareerStage, Role
from tests.factories import (
    make_career_stage,
    make_credential,
    make_faq,
    make_location,
    make_other_title,
    make_posting,
    make_related_role,
    make_responsibility,
    make_role,
    make_skill,
    make_source,
    make_specialization,
    make_technology,
)

pytestmark = pytest.mark.django_db

URL = reverse("admin:roles_role_data_health")


def complete_guide(**kwargs):
    kwargs.setdefault("career_path_intro", "How careers go.")
    kwargs.setdefault("salary_note", "What pays.")
    kwargs.setdefault("how_to_become", "Learn.")
    kwargs.setdefault("work_environment", "An office.")
    role = make_role(**kwargs)
    make_responsibility(role=role, position=1, title="Do", text="x")
    make_skill(role=role, position=1, kind="technical", name="Python", text="Code.")
    make_skill(role=role, position=2, kind="soft", name="Writing", text="Docs.")
    for position, level in enumerate(CareerStage.Level, start=1):
        make_career_stage(role=role, position=position, level=level, title=level.label, text="x")
    make_credential(role=role, position=1, name="A certificate")
    make_specialization(role=role, position=1, name="Niche", text="x")
    make_other_title(role=role, position=1, title="Another name")
    make_faq(role=role, position=1, question="Why?", answer="Because.")
    make_related_role(role=role, position=1, related=make_role(), note="See also.")
    make_source(role=role, position=1, title="A handbook")
    return role


def test_a_complete_guide_has_no_gaps_and_a_thin_one_lists_each():
    complete = complete_guide(title="Complete")
    thin = make_role(title="Thin")
    make_career_stage(role=thin, position=1, level="entry", title="Junior", text="x")

    roles = health.roles_with_parts()
    gaps = {gap.role.title: gap.missing for gap in health.incomplete_guides(roles)}

    assert complete.title not in gaps
    assert gaps["Thin"] == [
        "How to become one",
        "Career path introduction",
        "Work environment",
        "Salary note",
        "Responsibilities",
        "Technical skills",
        "Soft skills",
        "Career stage: mid level",
        "Career stage: senior and staff",
        "Career stage: leadership and management",
        "Credentials",
        "Specializations",
        "Other titles",
        "FAQs",
        "Related roles",
        "Sources",
    ]


def test_published_guides_without_open_postings_are_listed_drafts_are_not():
    quiet = make_role(title="Quiet")
    make_posting(role=quiet, status=JobPosting.Status.CLOSED)
    make_role(title="Draft", status=Role.Status.DRAFT)
    busy = make_role(title="Busy")
    make_posting(role=busy)

    listed = [role.title for role in health.data_health().published_without_openings]

    assert "Quiet" in listed
    assert "Draft" not in listed
    assert "Busy" not in listed


def test_top_technologies_no_skill_links_to_are_listed_with_the_skill_naming_them():
    role = complete_guide(title="Data")
    orchestration = make_skill(
        role=role, position=3, kind="technical", name="Orchestration", text="Mostly Airflow."
    )
    python, airflow, go, dbt, spark = (
        make_technology(name=name) for name in ["Python", "Apache Airflow", "Go", "dbt", "Spark"]
    )
    airflow.name = "Airflow"
    airflow.save()
    orchestration.technologies.set([spark])
    for _ in range(3):
        make_posting(role=role, technologies=[python, airflow, go, dbt, spark])
    make_posting(role=role, technologies=[dbt])
    unrelated = make_technology(name="Cobol")
    make_posting(role=role, technologies=[unrelated], status=JobPosting.Status.CLOSED)
    # A soft skill's link makes no demand figure: it does not count.
    make_skill(role=role, position=4, kind="soft", name="Go-getter", text="x").technologies.set(
        [go]
    )

    (entry,) = health.technologies_no_skill_links_to(health.roles_with_parts())

    assert entry.role == role
    assert [(t.name, t.count, t.mentioned_by) for t in entry.technologies] == [
        ("dbt", 4, ""),
        ("Airflow", 3, "Orchestration"),
        ("Go", 3, ""),
        ("Python", 3, "Python"),
    ]
    # The guide's "also asked for" list names the same ones.
    insight = market_insight(role)
    assert [t.name for t in insight.also_asked_for] == [t.name for t in entry.technologies]


def test_only_each_roles_top_ten_technologies_are_checked():
    role = complete_guide()
    technologies = [make_technology(name=f"Tool{n:02}") for n in range(12)]
    for count, technology in enumerate(technologies, start=1):
        for _ in range(count):
            make_posting(role=role, technologies=[technology])

    (entry,) = health.technologies_no_skill_links_to(health.roles_with_parts())

    assert [t.name for t in entry.technologies] == [f"Tool{n:02}" for n in range(11, 1, -1)]


@pytest.mark.parametrize(
    ("text", "name", "found"),
    [
        ("We use PyTorch daily.", "pytorch", True),
        ("C++ and Rust.", "C++", True),
        ("Teams go to production weekly.", "Go", False),
        ("Write Go services.", "Go", True),
        ("Work with LLM APIs.", "LLMs", True),
        ("Kubernetes", "Kube", False),
    ],
)
def test_mentions_matches_whole_names(text, name, found):
    assert health.mentions(text, name) is found


def test_duplicate_spellings_are_grouped_places_only_within_one_region():
    make_technology(name="PyTorch")
    make_technology(name="Py-torch")
    make_technology(name="Python")
    make_location(name="Portland", region="Oregon", country_code="US")
    make_location(name="Portland", region="Maine", country_code="US")

    spellings = health.data_health().duplicate_spellings

    assert [[t.name for t in group] for group in spellings["technologies"]] == [
        ["Py-torch", "PyTorch"]
    ]
    assert spellings["locations"] == []


def test_the_page_shows_every_section_with_links(editor_client):
    role = make_role(title="Needs Work")
    tech = make_technology(name="Terraform")
    make_posting(role=role, technologies=[tech])
    make_technology(name="terraform")

    page = editor_client.get(URL)

    assert page.status_code == 200
    text = page.text
    assert "Needs Work" in text
    assert reverse("admin:roles_role_change", args=[role.pk]) in text
    assert f"technologies__id__exact={tech.pk}" in text
    assert "“Terraform”, “terraform”" in text or "“terraform”, “Terraform”" in text
    assert "/admin/jobs/technology/?id__in=" in text


def test_the_page_costs_the_same_queries_however_many_postings(editor_client):
    role = complete_guide()
    make_posting(role=role, technologies=[make_technology()])
    editor_client.get(URL)

    with CaptureQueriesContext(connection) as few:
        editor_client.get(URL)
    for _ in range(40):
        make_posting(role=role, technologies=[make_technology(), make_technology()])
    with CaptureQueriesContext(connection) as many:
        editor_client.get(URL)

    assert len(many) == len(few)


def test_the_page_costs_the_same_queries_however_many_guides(editor_client):
    make_posting(role=make_role(), technologies=[make_technology()])
    editor_client.get(URL)

    with CaptureQueriesContext(connection) as one:
        editor_client.get(URL)
    for _ in range(3):
        make_posting(role=make_role(), technologies=[make_technology()])
    with CaptureQueriesContext(connection) as four:
        editor_client.get(URL)

    assert len(four) == len(one)


def test_top_technologies_agree_with_the_guide_page():
    now = timezone.now()
    roles = [make_role(), make_role()]
    technologies = [make_technology(name=f"Tech {letter}") for letter in "ABCDEFGHIJKL"]
    for index, technology in enumerate(technologies):
        for role in roles:
            for _ in range(index % 5 + 1):
                make_posting(role=role, technologies=[technology, technologies[-1 - index]])
        make_posting(role=roles[0], technologies=[technology], status=JobPosting.Status.CLOSED)
        make_posting(
            role=roles[1],
            technologies=[technology],
            posted_at=now - timedelta(days=9),
            expires_at=now - timedelta(days=1),
        )

    top = health.top_technologies_by_role()

    for role in roles:
        expected = [(t.name, t.count) for t in statistics.top_technologies(role)]
        assert [(t.name, t.count) for t in top[role.pk]] == expected


def test_the_page_is_for_staff_only(client, django_user_model):
    assert client.get(URL).status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(URL)["Location"].startswith("/admin/login/")
