import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from roles.models import (
    FAQ,
    CareerStage,
    Credential,
    OtherTitle,
    RelatedRole,
    Responsibility,
    Skill,
    Source,
    Specialization,
)

EDITOR_PASSWORD = "a-long-editor-passphrase"

# Inline formset prefixes of the guide admin, with the fields each row posts.
PARTS = {
    "responsibilities": (Responsibility, ["title", "text"]),
    "skills": (Skill, ["kind", "name", "text"]),
    "credentials": (Credential, ["name", "issuer", "status", "url", "note"]),
    "career_stages": (CareerStage, ["level", "title", "text"]),
    "specializations": (Specialization, ["name", "text"]),
    "other_titles": (OtherTitle, ["title"]),
    "faqs": (FAQ, ["question", "answer"]),
    "related_roles": (RelatedRole, ["related", "note"]),
    "sources": (Source, ["title", "publisher", "url"]),
}
ROLE_FIELDS = [
    "title",
    "article",
    "slug",
    "family",
    "summary",
    "occupation_code",
    "status",
    "overview",
    "how_to_become",
    "career_path_intro",
    "work_environment",
    "salary_note",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The default hasher spends about a second per hash, by design; tests hash a lot.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    """An editor made the documented way: `createeditor`, which puts them in Editors."""
    call_command(
        "createeditor", "edith", email="edith@example.com", password=EDITOR_PASSWORD, verbosity=0
    )
    return get_user_model().objects.get(username="edith")


@pytest.fixture
def editor_client(editor):
    """Signed in through the admin's sign-in form, as a browser would (and past django-axes,
    which needs the request that Client.login() does not pass)."""
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "edith", "password": EDITOR_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302, "the editor could not sign in"
    return client


def formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            key = f"{prefix}-{index}-{name}"
            if isinstance(value, list):  # a many-to-many field: one value per choice
                data[key] = [str(item) for item in value]
            else:
                data[key] = "" if value is None else str(value)
    return data


def add_data(role_fields, parts=None, **extra):
    """POST data for the guide add view: the role's fields and new rows per part."""
    data = {**role_fields, **extra}
    for prefix in PARTS:
        data.update(formset(prefix, (parts or {}).get(prefix, [])))
    return data


def change_data(role, edit=None, **extra):
    """POST data for the guide change view as the page shows it now, after `edit`.

    `edit` receives {prefix: [row dicts]} (existing rows first, with their ids) and may
    change, reorder-by-`order`, mark `DELETE` or append rows.
    """
    data = {name: getattr(role, name) for name in ROLE_FIELDS}
    parts = {}
    existing = {}
    for prefix, (model, fields) in PARTS.items():
        items = model.objects.filter(role=role).order_by("position")
        existing[prefix] = len(items)
        parts[prefix] = [
            {
                "id": item.pk,
                "role": role.pk,
                "order": item.position,
                **{
                    name: getattr(item, f"{name}_id" if name == "related" else name)
                    for name in fields
                },
                **(
                    {"technologies": [t.pk for t in item.technologies.all()]}
                    if model is Skill
                    else {}
                ),
            }
            for item in items
        ]
    if edit:
        edit(parts)
    for prefix, rows in parts.items():
        data.update(formset(prefix, rows, initial=existing[prefix]))
    data.update(extra)
    return data
