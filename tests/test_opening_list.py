"""The short lists of openings beside a guide and beside a posting read alike."""

import re
from datetime import UTC, datetime

import pytest

from tests.factories import make_company, make_location, make_posting, make_role

pytestmark = pytest.mark.django_db


def opening_list(client, url):
    html = client.get(url).content.decode()
    (items,) = re.findall(r'<ul class="opening-list">(.*?)</ul>', html, re.S)
    return [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r"<li>(.*?)</li>", items, re.S)
    ]


def test_guide_and_posting_pages_list_openings_alike(client):
    role = make_role(slug="vision")
    berlin = make_location(name="Berlin")
    make_posting(
        role=role,
        title="Vision Lead",
        company=make_company(name="Optica"),
        workplace="hybrid",
        locations=[berlin],
        posted_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
    )
    # A similar opening: it shares the place.
    other = make_posting(role=role, locations=[berlin], posted_at=datetime(2026, 10, 1, tzinfo=UTC))
    line = "Vision Lead Optica · Berlin · hybrid · 2 Nov 2026"
    assert opening_list(client, "/roles/vision/")[0] == line
    assert opening_list(client, other.get_absolute_url()) == [line]
