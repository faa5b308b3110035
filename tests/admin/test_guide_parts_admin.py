"""The guide parts of the catalog issue in the admin: credentials, other titles, sources,
skills' technologies, the occupation code; every save rebuilds what search reads."""

import pytest
from django.urls import reverse
from reversion.models import Version

from roles.models import OtherTitle
from roles.search import search_guides
from tests.factories import (
    make_other_title,
    make_posting,
    make_role,
    make_skill,
    make_technology,
)

from .conftest import change_data

pytestmark = pytest.mark.django_db


def change_url(role):
    return reverse("admin:roles_role_change", args=[role.pk])


def post(editor_client, role, edit=None, **extra):
    return editor_client.post(change_url(role), change_data(role, edit, _save="Save", **extra))


def errors(response):
    return [str(error) for error in response.context["errors"]] if response.context else []


def add_titles(*titles):
    def edit(parts):
        parts["other_titles"] += [{"order": "", "title": title} for title in titles]

    return edit


def test_the_guide_page_edits_every_new_part_in_page_order(editor_client):
    role = make_role()
    page = editor_client.get(change_url(role)).text
    order = [
        "responsibilities",
        "skills",
        "credentials",
        "career_stages",
        "specializations",
        "other_titles",
        "faqs",
        "related_roles",
        "sources",
    ]
    positions = [page.index(f'id="{prefix}-group"') for prefix in order]
    assert positions == sorted(positions)
    assert 'data-model-name="skill" data-field-name="technologies"' in page  # autocomplete
    for field in ["id_article", "id_family", "id_occupation_code", "id_how_to_become"]:
        assert f'id="{field}"' in page


def test_other_titles_are_unique_per_guide_whatever_their_case(editor_client):
    role = make_role(title="Data Engineer")
    make_other_title(role=role, title="ETL Developer")

    same_save = post(editor_client, role, add_titles("Pipeline Engineer", "pipeline engineer"))
    assert same_save.status_code == 200
    assert "The guide lists this title already." in same_save.text
    existing = post(editor_client, role, add_titles("etl developer"))
    assert existing.status_code == 200
    assert "The guide lists this title already." in existing.text
    own = post(editor_client, role, add_titles("data engineer"))
    assert own.status_code == 200
    assert "This is the guide&#x27;s own title." in own.text
    assert list(OtherTitle.objects.values_list("title", flat=True)) == ["ETL Developer"]

    assert post(editor_client, role, add_titles("Pipeline Engineer")).status_code == 302
    assert [guide.pk for guide in search_guides("pipeline")] == [role.pk]


def test_a_malformed_occupation_code_is_refused(editor_client):
    role = make_role()
    response = post(editor_client, role, occupation_code="15-2051")
    assert response.status_code == 200
    assert "An O*NET-SOC code looks like 15-2051.00." in response.text
    assert post(editor_client, role, occupation_code="15-2051.00").status_code == 302
    role.refresh_from_db()
    assert role.occupation_code == "15-2051.00"


def test_linking_a_skill_to_technologies_is_saved_and_searchable(editor_client):
    role = make_role(slug="ops")
    skill = make_skill(role=role, name="Infrastructure as code", text="Modules.")
    tofu = make_technology(name="OpenTofu", slug="opentofu")

    def link(parts):
        parts["skills"][0]["technologies"] = tofu.pk

    assert post(editor_client, role, link).status_code == 302
    assert list(skill.technologies.all()) == [tofu]
    assert [guide.slug for guide in search_guides("opentofu")] == ["ops"]


def test_a_link_set_in_the_admin_shows_as_demand_on_the_guide(editor_client, client):
    role = make_role(slug="ops", title="Ops Engineer")
    make_skill(role=role, kind="technical", name="Infrastructure as code", text="Modules.")
    tofu = make_technology(name="OpenTofu", slug="opentofu")
    make_posting(role=role, technologies=[tofu])
    make_posting(role=role)
    assert "Asked for in" not in client.get("/roles/ops/").text
    assert "OpenTofu" in client.get("/roles/ops/").text.split('id="also-asked-for"')[1]

    def link(parts):
        parts["skills"][0]["technologies"] = tofu.pk

    assert post(editor_client, role, link).status_code == 302
    page = client.get("/roles/ops/").text
    assert "Asked for in <strong>50%</strong> of open postings" in page
    assert 'id="also-asked-for"' not in page


def test_a_soft_skill_cannot_link_technologies(editor_client):
    role = make_role()
    skill = make_skill(role=role, kind="soft", name="Patience", text="Lots.")
    tofu = make_technology(name="OpenTofu", slug="opentofu")

    def link(parts):
        parts["skills"][0]["technologies"] = tofu.pk

    response = post(editor_client, role, link)
    assert response.status_code == 200
    assert "Only technical skills link to technologies" in response.text
    assert not skill.technologies.exists()


def test_renaming_a_technology_renames_it_in_search(editor_client):
    role = make_role(slug="ops")
    tofu = make_technology(name="OpenTofu", slug="opentofu")
    make_skill(role=role, name="Infrastructure as code").technologies.add(tofu)
    editor_client.post(change_url(role), change_data(role, _save="Save"))  # builds search
    url = reverse("admin:jobs_technology_change", args=[tofu.pk])

    response = editor_client.post(url, {"name": "Tofu IaC", "slug": "opentofu", "_save": "Save"})

    assert response.status_code == 302
    assert [guide.slug for guide in search_guides("tofu")] == ["ops"]
    assert [guide.slug for guide in search_guides("opentofu")] == []


def test_the_search_document_follows_a_guide_brought_back_from_its_history(editor_client):
    role = make_role(title="Alpha Role")
    assert post(editor_client, role, add_titles("Quokka Keeper")).status_code == 302
    first = Version.objects.get_for_object(role).first()
    title = OtherTitle.objects.get()

    def drop_title(parts):
        parts["other_titles"][0]["DELETE"] = "on"

    assert post(editor_client, role, drop_title).status_code == 302
    assert not search_guides("quokka").exists()

    # The revision form shows the guide as it was, its other title included; saving it
    # brings that back, and search with it.
    revision_url = reverse("admin:roles_role_revision", args=[role.pk, first.pk])

    def as_it_was(parts):
        parts["other_titles"] = [
            {"id": title.pk, "role": role.pk, "order": 1, "title": title.title}
        ]

    data = change_data(role, as_it_was)
    data["other_titles-INITIAL_FORMS"] = "1"
    assert editor_client.post(revision_url, data).status_code == 302
    assert [guide.pk for guide in search_guides("quokka")] == [role.pk]
