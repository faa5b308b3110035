"""Editors write whole guides in the admin; what they publish is on the site at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from jobs.models import JobPosting
from roles.models import RelatedRole, Role
from tests.factories import (
    make_career_stage,
    make_faq,
    make_posting,
    make_responsibility,
    make_role,
    make_skill,
)

from .conftest import add_data, change_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:roles_role_add")
LIST_URL = reverse("admin:roles_role_changelist")


def change_url(role):
    return reverse("admin:roles_role_change", args=[role.pk])


def full_guide(related):
    return add_data(
        {
            "title": "Platform Engineer",
            "article": "a",
            "slug": "platform-engineer",
            "family": Role.Family.SOFTWARE_INFRASTRUCTURE,
            "summary": "Platform engineers build the paved road other engineers ship on.",
            "occupation_code": "15-1252.00",
            "status": Role.Status.PUBLISHED,
            "overview": "Platform engineers run **internal platforms**.",
            "how_to_become": "Most start as developers or operations engineers.",
            "career_path_intro": "Most start as software or operations engineers.",
            "work_environment": "Product-like teams with a pager.",
            "salary_note": "Pay follows the scope of the platform.",
        },
        {
            "responsibilities": [
                {"order": "", "title": "Run the platform", "text": "Keep it up."},
                {"order": "", "title": "Pave the road", "text": "Make the easy way right."},
            ],
            "skills": [
                {"order": "", "kind": "technical", "name": "Kubernetes", "text": "Clusters."},
                {"order": "", "kind": "soft", "name": "Listening", "text": "To users."},
            ],
            "career_stages": [
                {"order": "", "level": level, "title": f"{level} stage", "text": "Grow."}
                for level in ["entry", "mid", "senior", "leadership"]
            ],
            "credentials": [
                {
                    "order": "",
                    "name": "Certified Kubernetes Administrator",
                    "issuer": "CNCF",
                    "status": "current",
                    "url": "https://www.cncf.io/training/certification/cka/",
                    "note": "Hands-on.",
                }
            ],
            "specializations": [{"order": "", "name": "Developer experience", "text": "DX."}],
            "other_titles": [{"order": "", "title": "DevOps Engineer"}],
            "faqs": [{"order": "", "question": "Is it DevOps?", "answer": "Partly."}],
            "related_roles": [{"order": "", "related": related.pk, "note": "Neighbours."}],
            "sources": [
                {
                    "order": "",
                    "title": "Software developers",
                    "publisher": "BLS",
                    "url": "https://www.bls.gov/ooh/",
                }
            ],
        },
        _save="Save",
    )


def test_an_editor_creates_and_publishes_a_full_guide_that_is_live_at_once(editor_client):
    related = make_role(title="Site Reliability Engineer", slug="sre")

    response = editor_client.post(ADD_URL, full_guide(related))

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    role = Role.objects.get(slug="platform-engineer")
    assert role.is_published
    assert [r.title for r in role.responsibilities.order_by("position")] == [
        "Run the platform",
        "Pave the road",
    ]
    assert list(role.responsibilities.values_list("position", flat=True)) == [1, 2]
    assert role.skills.count() == 2
    assert role.career_stages.count() == 4
    assert role.specializations.count() == 1
    assert role.faqs.count() == 1
    assert role.related_roles.get().related == related
    assert role.credentials.get().name == "Certified Kubernetes Administrator"
    assert list(role.other_titles.values_list("title", flat=True)) == ["DevOps Engineer"]
    assert role.sources.get().publisher == "BLS"
    assert (role.family, role.occupation_code) == ("software-infrastructure", "15-1252.00")

    page = editor_client.get("/roles/platform-engineer/")
    assert page.status_code == 200
    assert "Platform Engineer" in page.text
    public = editor_client.__class__().get("/roles/platform-engineer/")
    assert public.status_code == 200
    assert "Platform Engineer" in public.text


def test_the_add_page_prepopulates_the_slug_and_offers_autocomplete_for_related_roles(
    editor_client,
):
    page = editor_client.get(ADD_URL)

    assert page.status_code == 200
    assert "data-prepopulated-fields" in page.text
    assert "#id_title" in page.text
    assert 'data-model-name="relatedrole" data-field-name="related"' in page.text
    assert "**bold**" in page.text  # Markdown help on the text fields
    assert "Save and preview" in page.text


def test_an_edit_and_a_publish_show_on_the_next_page_load(editor_client):
    role = make_role(status=Role.Status.DRAFT, title="Quiet Role", slug="quiet-role")
    assert editor_client.__class__().get("/roles/quiet-role/").status_code == 404

    edited = change_data(role, title="Loud Role", _save="Save")
    assert editor_client.post(change_url(role), edited).status_code == 302
    response = editor_client.post(
        LIST_URL, {"action": "publish", "_selected_action": [role.pk], "index": "0"}
    )

    assert response.status_code == 302
    page = editor_client.__class__().get("/roles/quiet-role/")
    assert page.status_code == 200
    assert "Loud Role" in page.text


def test_move_to_draft_takes_a_guide_off_the_site(editor_client):
    role = make_role(slug="going-away")

    editor_client.post(
        LIST_URL, {"action": "move_to_draft", "_selected_action": [role.pk], "index": "0"}
    )

    role.refresh_from_db()
    assert role.status == Role.Status.DRAFT
    assert editor_client.__class__().get("/roles/going-away/").status_code == 404


def test_publishing_an_incomplete_guide_warns_what_is_missing(editor_client):
    role = make_role(status=Role.Status.DRAFT, title="Thin Guide")

    response = editor_client.post(
        LIST_URL,
        {"action": "publish", "_selected_action": [role.pk], "index": "0"},
        follow=True,
    )

    text = response.text
    assert "Thin Guide" in text
    assert "has no: How to become one, Career path introduction" in text


def test_save_and_preview_opens_the_guide_page(editor_client):
    role = make_role(status=Role.Status.DRAFT, slug="draft-guide")

    response = editor_client.post(
        change_url(role), change_data(role, title="Draft In Progress", _preview="1")
    )

    assert response.status_code == 302
    assert response["Location"] == "/roles/draft-guide/"
    preview = editor_client.get(response["Location"])  # staff see drafts on the real page
    assert preview.status_code == 200
    assert "Draft In Progress" in preview.text
    assert editor_client.__class__().get("/roles/draft-guide/").status_code == 404


def test_the_change_page_links_a_draft_as_a_preview(editor_client):
    role = make_role(status=Role.Status.DRAFT, slug="draft-guide")

    page = editor_client.get(change_url(role))

    assert 'href="/roles/draft-guide/"' in page.text
    assert "Preview draft" in page.text


def test_typing_a_position_moves_an_item_and_items_keep_their_numbers(editor_client):
    role = make_role()
    for position, title in [(1, "First"), (2, "Second"), (5, "Third")]:
        make_responsibility(role=role, position=position, title=title, text="x")

    def move_third_to_the_top(parts):
        parts["responsibilities"][2]["order"] = 1

    response = editor_client.post(change_url(role), change_data(role, move_third_to_the_top))

    assert response.status_code == 302
    assert list(role.responsibilities.order_by("position").values_list("title", "position")) == [
        ("Third", 1),
        ("First", 2),
        ("Second", 5),
    ]


def test_items_can_swap_places_delete_and_append_in_one_save(editor_client):
    role = make_role()
    for position, name in [(1, "A"), (2, "B"), (3, "C")]:
        make_faq(role=role, position=position, question=name, answer="x")

    def edit(parts):
        rows = parts["faqs"]
        rows[0]["order"], rows[1]["order"] = 2, 1  # A and B swap
        rows[2]["DELETE"] = "on"  # C goes
        rows.append({"order": "", "question": "D", "answer": "new", "role": role.pk})

    response = editor_client.post(change_url(role), change_data(role, edit))

    assert response.status_code == 302
    assert list(role.faqs.order_by("position").values_list("question", "position")) == [
        ("B", 1),
        ("A", 2),
        ("D", 4),
    ]


def test_moving_an_item_down_puts_it_after_the_one_at_that_place(editor_client):
    role = make_role()
    for position, name in [(1, "A"), (2, "B"), (3, "C"), (4, "D")]:
        make_faq(role=role, position=position, question=name, answer="x")

    def move_a_to_third(parts):
        parts["faqs"][0]["order"] = 3

    editor_client.post(change_url(role), change_data(role, move_a_to_third))

    assert list(role.faqs.order_by("position").values_list("question", flat=True)) == [
        "B",
        "C",
        "A",
        "D",
    ]


def test_saving_an_untouched_guide_changes_nothing(editor_client):
    role = make_role(overview="First paragraph.\n\nSecond paragraph.")
    for position, name in [(11, "Listening"), (12, "Writing")]:
        make_skill(role=role, position=position, kind="soft", name=name, text="a\nb")
    # Browsers send textareas with CRLF line endings.
    data = {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in change_data(role, _save="Save").items()
    }

    response = editor_client.post(change_url(role), data)

    assert response.status_code == 302
    assert Version.objects.get_for_object(role).get().revision.comment == "No fields changed."
    assert list(role.skills.values_list("position", flat=True)) == [11, 12]
    role.refresh_from_db()
    assert role.overview == "First paragraph.\n\nSecond paragraph."


def test_a_guide_cannot_relate_to_itself(editor_client):
    role = make_role()

    def point_at_itself(parts):
        parts["related_roles"].append(
            {"order": "", "related": role.pk, "note": "Me", "role": role.pk}
        )

    response = editor_client.post(change_url(role), change_data(role, point_at_itself))

    assert response.status_code == 200
    assert "cannot point to itself" in response.text
    assert not RelatedRole.objects.exists()


def test_two_stages_at_one_level_are_refused_not_crashed(editor_client):
    role = make_role()
    make_career_stage(role=role, position=1, level="entry", title="Junior", text="x")

    def second_entry(parts):
        parts["career_stages"].append(
            {"order": "", "level": "entry", "title": "Also junior", "text": "y", "role": role.pk}
        )

    response = editor_client.post(change_url(role), change_data(role, second_entry))

    assert response.status_code == 200
    assert role.career_stages.count() == 1


def test_the_list_shows_status_last_update_and_open_postings(editor_client):
    role = make_role(title="Counted Role")
    make_posting(role=role)
    make_posting(role=role)
    make_posting(role=role, status=JobPosting.Status.CLOSED)

    page = editor_client.get(LIST_URL)

    assert page.status_code == 200
    row = next(r for r in page.context["cl"].result_list if r.pk == role.pk)
    assert row.open_count == 2
    assert "Published" in page.text
    assert "o=" in page.text  # sortable columns
    ordered = editor_client.get(LIST_URL, {"o": "-3"})  # by open postings, most first
    assert ordered.status_code == 200


def test_the_list_filters_and_searches(editor_client):
    make_role(title="Alpha Analyst", status=Role.Status.DRAFT)
    make_role(title="Beta Builder")

    drafts = editor_client.get(LIST_URL, {"status__exact": "draft"})
    found = editor_client.get(LIST_URL, {"q": "beta"})
    without = editor_client.get(LIST_URL, {"openings": "no"})

    assert [r.title for r in drafts.context["cl"].result_list] == ["Alpha Analyst"]
    assert [r.title for r in found.context["cl"].result_list] == ["Beta Builder"]
    assert len(without.context["cl"].result_list) == 2


def test_the_list_costs_the_same_queries_however_many_roles_and_postings(editor_client):
    make_posting(role=make_role())
    editor_client.get(LIST_URL)  # warm the session and content types

    with CaptureQueriesContext(connection) as few:
        editor_client.get(LIST_URL)
    for _ in range(5):
        role = make_role()
        for _ in range(4):
            make_posting(role=role)
    with CaptureQueriesContext(connection) as many:
        editor_client.get(LIST_URL)

    assert len(many) == len(few)


def test_the_skills_inline_keeps_kinds_apart(editor_client):
    role = make_role()
    make_skill(role=role, position=1, kind="soft", name="Listening", text="x")

    page = editor_client.get(change_url(role))

    assert page.status_code == 200
    assert "Listening" in page.text
