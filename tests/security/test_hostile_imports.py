"""
Hostile import files: whatever a feed sends, `import_postings` answers "line N: reason" for
every bad row, exits non-zero, and stores nothing; a good file never reaches postings it
does not own.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_posting, make_role

pytestmark = pytest.mark.django_db


def row(number, **fields):
    data = {
        "external_id": f"feed-{number}",
        "role": "data-engineer",
        "title": f"Data Engineer {number}",
        "company": "Acme Analytics",
        "description": "Build pipelines that work.",
        "seniority": "mid",
        "posted_at": "2026-11-02T09:00:00Z",
        "apply_url": f"https://acme.example/apply/{number}",
        "source": "acme",
    }
    data.update(fields)
    return data


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def write_rows(path, rows):
    return write_lines(path, [json.dumps(item) for item in rows])


def refused(path, *args):
    """The problems the command names (it must fail, and say nothing was written)."""
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_postings", str(path), *args, stdout=StringIO(), stderr=err)
    assert "nothing was written" in str(error.value)
    return err.getvalue().splitlines()


def loaded(path, *args):
    out = StringIO()
    call_command("import_postings", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def site():
    """A guide with a posting an editor made and one of another feed."""
    role = make_role(slug="data-engineer", title="Data Engineer")
    make_posting(role=role, external_id="editor-1", source="", title="Made by an editor")
    make_posting(role=role, external_id="feed-7", source="globex", title="Globex's own")
    return role


# 1. Dates no driver can read back ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("expires_at", "9999-12-31T23:59:59-14:00", "is outside the years 1-9999 in UTC"),
        ("posted_at", "0001-01-01T00:00:00+14:00", "is outside the years 1-9999 in UTC"),
        ("posted_at", "1899-12-31", "must be on or after 2000-01-01"),
        ("expires_at", "2199-12-31", "must be within 2 years from now"),
        ("expires_at", "9999-12-31", "must be within 2 years from now"),
    ],
)
def test_dates_outside_what_can_be_stored_are_refused_by_line(
    tmp_path, site, unchanged, field, value, reason
):
    path = write_rows(tmp_path / "feed.jsonl", [row(1), row(2, **{field: value})])
    with unchanged():
        errors = refused(path)
    assert len(errors) == 1
    assert errors[0].startswith(f"line 2: {field} ")
    assert reason in errors[0]
