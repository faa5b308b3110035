"""The Editors group and `createeditor`: content only, never users, groups or permissions."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client

from .conftest import EDITOR_PASSWORD

pytestmark = pytest.mark.django_db


ACTIONS = ("add", "change", "delete", "view")


def content_models():
    """{model: actions} of every model editors work on: each one the admin shows for roles
    and jobs, with the parts edited inline on its page. A read-only admin (feed runs) says
    what it allows in `editor_permissions`."""
    found = {}
    for app_label in ("roles", "jobs"):
        for model in apps.get_app_config(app_label).get_models():
            if admin.site.is_registered(model):
                model_admin = admin.site.get_model_admin(model)
                found[model] = getattr(model_admin, "editor_permissions", ACTIONS)
                found |= {inline.model: ACTIONS for inline in model_admin.inlines}
    return found


def test_editors_may_do_everything_to_content_the_admin_shows_and_nothing_else():
    group = Group.objects.get(name="Editors")

    granted = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }

    assert granted == {
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model, actions in content_models().items()
        for action in actions
    }


def test_createeditor_makes_a_staff_user_in_editors_and_nothing_more(editor):
    assert editor.is_staff
    assert not editor.is_superuser
    assert editor.email == "edith@example.com"
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert not editor.user_permissions.exists()
    assert editor.check_password(EDITOR_PASSWORD)
    assert editor.has_perm("roles.change_role")
    assert editor.has_perm("jobs.delete_technology")
    assert not editor.has_perm("auth.view_user")
    assert not editor.has_perm("auth.change_group")
    assert not editor.has_perm("auth.add_permission")


def test_createeditor_reads_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "from-the-environment")

    call_command("createeditor", "erin", "--no-input", verbosity=0)

    assert get_user_model().objects.get(username="erin").check_password("from-the-environment")


def test_createeditor_without_a_password_and_no_input_stops(monkeypatch):
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="No password"):
        call_command("createeditor", "erin", "--no-input")

    assert not get_user_model().objects.filter(username="erin").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["edith", "--password", "another-long-one"], "already exists"),
        (["erin", "--email", "not-an-address", "--password", "long-enough-1"], "Invalid email"),
        (["bad name!", "--password", "long-enough-1"], "Invalid username"),
    ],
)
def test_createeditor_refuses_bad_input(editor, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("createeditor", *arguments)


def test_createeditor_reports_success(capsys):
    call_command("createeditor", "erin", password="long-enough-1")

    assert "Created editor 'erin'" in capsys.readouterr().out


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_an_editor_cannot_reach_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_an_editor_cannot_open_a_user_or_group_record(editor, editor_client):
    group = Group.objects.get(name="Editors")

    assert editor_client.get(f"/admin/auth/user/{editor.pk}/change/").status_code == 403
    assert editor_client.get(f"/admin/auth/group/{group.pk}/change/").status_code == 403


def test_the_admin_index_shows_an_editor_content_and_the_data_health_page(editor_client):
    page = editor_client.get("/admin/")

    assert page.status_code == 200
    assert "/admin/roles/role/data-health/" in page.text
    assert "/admin/jobs/jobposting/" in page.text
    assert "/admin/auth/" not in page.text


def test_people_who_are_not_staff_are_sent_to_log_in():
    user = get_user_model().objects.create_user("reader", password="reader-password")
    client = Client()
    client.force_login(user)

    for url in ["/admin/", "/admin/roles/role/", "/admin/roles/role/data-health/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
