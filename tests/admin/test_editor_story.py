"""The issue's story end to end: an editor signs in, edits a guide and closes a posting,
and a reader sees both at the next page load."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from jobs import insight
from tests.factories import make_posting, make_role

from .conftest import EDITOR_PASSWORD, change_data

pytestmark = pytest.mark.django_db


def test_an_editors_guide_edit_and_closed_posting_show_at_the_next_load(editor):
    role = make_role(slug="story-role", title="Story Role", summary="The old summary.")
    postings = [make_posting(role=role, title=f"Story opening {n}") for n in range(3)]
    reader = Client()
    before = reader.get("/roles/story-role/")
    assert "The old summary." in before.text
    assert shown_open_count(before.text) == 3
    assert insight.market_insight(role).open_count == 3  # cached from here on

    editor_browser = Client()
    signed_in = editor_browser.post(
        reverse("admin:login"),
        {"username": "edith", "password": EDITOR_PASSWORD, "next": "/admin/"},
    )
    assert signed_in.status_code == 302
    saved = editor_browser.post(
        reverse("admin:roles_role_change", args=[role.pk]),
        change_data(role, summary="A summary an editor wrote."),
    )
    closed = editor_browser.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "close_postings", "_selected_action": [postings[0].pk], "index": "0"},
    )
    assert (saved.status_code, closed.status_code) == (302, 302)

    guide = reader.get("/roles/story-role/")
    openings = reader.get("/roles/story-role/jobs/")
    assert "A summary an editor wrote." in guide.text
    assert "The old summary." not in guide.text
    assert shown_open_count(guide.text) == 2
    assert insight.market_insight(role).open_count == 2
    assert "Story opening 0" not in openings.text
    assert "Story opening 1" in openings.text


def shown_open_count(html):
    """The "N open postings" a reader sees on the guide page, markup between ignored."""
    found = re.search(r"(\d[\d,]*)(?:\s|<[^>]+>)*open postings", html)
    return int(found.group(1).replace(",", "")) if found else None
