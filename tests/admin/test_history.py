"""Every change is kept: who, when, what; an earlier guide can be brought back whole."""

import pytest
from django.urls import reverse
from reversion.models import Version

from roles.models import Responsibility, Role
from tests.factories import make_responsibility, make_role

from .conftest import change_data

pytestmark = pytest.mark.django_db


def change_url(role):
    return reverse("admin:roles_role_change", args=[role.pk])


def test_a_guide_change_is_recorded_with_its_author_and_parts(editor, editor_client):
    role = make_role(title="Recorded")
    make_responsibility(role=role, position=1, title="Ship", text="x")

    response = editor_client.post(change_url(role), change_data(role, summary="A new summary."))

    assert response.status_code == 302
    version = Version.objects.get_for_object(role).get()
    assert version.revision.user == editor
    assert version.field_dict["summary"] == "A new summary."
    assert "Changed Summary." in version.revision.get_comment()
    parts = version.revision.version_set.exclude(pk=version.pk)
    assert [v.object_repr for v in parts] == ["Ship"]


def test_the_history_page_shows_who_changed_what(editor_client):
    role = make_role()
    editor_client.post(change_url(role), change_data(role, summary="Edited once."))

    page = editor_client.get(reverse("admin:roles_role_history", args=[role.pk]))

    assert page.status_code == 200
    assert "edith" in page.text
    assert "Changed Summary." in page.text


def test_an_earlier_version_of_a_guide_comes_back_with_its_parts_in_order(editor_client):
    role = make_role(summary="First summary.")
    for position, title in [(1, "Alpha"), (2, "Beta")]:
        make_responsibility(role=role, position=position, title=title, text="x")
    editor_client.post(change_url(role), change_data(role))  # version 1
    first = Version.objects.get_for_object(role).get()

    def swap_and_add(parts):
        rows = parts["responsibilities"]
        rows[0]["order"], rows[1]["order"] = 2, 1
        rows.append({"order": "", "title": "Gamma", "text": "y", "role": role.pk})

    editor_client.post(change_url(role), change_data(role, swap_and_add, summary="Second."))
    assert list(role.responsibilities.order_by("position").values_list("title", flat=True)) == [
        "Beta",
        "Alpha",
        "Gamma",
    ]
    revision_url = reverse("admin:roles_role_revision", args=[role.pk, first.pk])

    preview = editor_client.get(revision_url)
    assert preview.status_code == 200
    assert "First summary." in preview.text
    role.refresh_from_db()
    assert role.summary == "Second."  # looking changes nothing

    # The revision form shows the guide as it was; saving it brings that back.
    alpha, beta = Responsibility.objects.filter(title__in=["Alpha", "Beta"]).order_by("title")
    data = change_data(role, summary="First summary.")
    data.update(
        {
            "responsibilities-TOTAL_FORMS": "2",
            "responsibilities-INITIAL_FORMS": "2",
            "responsibilities-0-id": str(alpha.pk),
            "responsibilities-0-order": "1",
            "responsibilities-0-title": "Alpha",
            "responsibilities-0-text": "x",
            "responsibilities-1-id": str(beta.pk),
            "responsibilities-1-order": "2",
            "responsibilities-1-title": "Beta",
            "responsibilities-1-text": "x",
        }
    )
    data.pop("responsibilities-2-title", None)
    response = editor_client.post(revision_url, data)

    assert response.status_code == 302
    role.refresh_from_db()
    assert role.summary == "First summary."
    assert list(role.responsibilities.order_by("position").values_list("title", "position")) == [
        ("Alpha", 1),
        ("Beta", 2),
    ]
    assert "Reverted" in Version.objects.get_for_object(role).first().revision.comment


def test_publishing_from_the_list_is_recorded(editor, editor_client):
    role = make_role(status=Role.Status.DRAFT)

    editor_client.post(
        reverse("admin:roles_role_changelist"),
        {"action": "publish", "_selected_action": [role.pk], "index": "0"},
    )

    version = Version.objects.get_for_object(role).get()
    assert version.field_dict["status"] == "published"
    assert version.revision.user == editor
    assert version.revision.comment == "Published from the guide list."


def test_a_deleted_guide_can_be_recovered(editor_client):
    role = make_role(title="Gone Guide")
    editor_client.post(change_url(role), change_data(role))

    editor_client.post(reverse("admin:roles_role_delete", args=[role.pk]), {"post": "yes"})
    assert not Role.objects.filter(pk=role.pk).exists()
    recover_list = editor_client.get(reverse("admin:roles_role_recoverlist"))

    assert recover_list.status_code == 200
    assert "Gone Guide" in recover_list.text
