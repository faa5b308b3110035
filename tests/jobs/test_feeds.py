"""RSS and Atom feeds of the newest open postings, for all roles and for each role."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from roles.models import Role
from tests.factories import make_posting, make_role

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def postings():
    data = make_role(slug="data-engineer", title="Data Engineer")
    ml = make_role(slug="machine-learning-engineer", title="Machine Learning Engineer")
    now = timezone.now()
    make_posting(role=data, title="Newest Data Engineer", posted_at=now - timedelta(hours=1))
    make_posting(role=data, title="Older Data Engineer", posted_at=now - timedelta(hours=5))
    make_posting(role=ml, title="ML Engineer", posted_at=now - timedelta(hours=3))
    make_posting(role=data, title="Closed Data Engineer", status="closed")
    make_posting(
        role=data,
        title="Expired Data Engineer",
        posted_at=now - timedelta(days=9),
        expires_at=now - timedelta(days=1),
    )
    make_posting(role=make_role(status=Role.Status.DRAFT), title="Draft Guide Engineer")
    return data


def rss_titles(response):
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(response):
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_rss_of_all_roles(client, postings):
    response = client.get("/jobs/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    titles = rss_titles(response)
    assert [title.split(" at ")[0] for title in titles] == [
        "Newest Data Engineer",
        "ML Engineer",
        "Older Data Engineer",
    ]


def test_atom_of_all_roles(client, postings):
    response = client.get("/jobs/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert [title.split(" at ")[0] for title in atom_titles(response)] == [
        "Newest Data Engineer",
        "ML Engineer",
        "Older Data Engineer",
    ]


def test_feeds_of_one_role(client, postings):
    rss = rss_titles(client.get("/roles/data-engineer/jobs/feed/rss/"))
    atom = atom_titles(client.get("/roles/data-engineer/jobs/feed/atom/"))
    expected = ["Newest Data Engineer", "Older Data Engineer"]
    assert [title.split(" at ")[0] for title in rss] == expected
    assert [title.split(" at ")[0] for title in atom] == expected
    root = ET.fromstring(client.get("/roles/data-engineer/jobs/feed/atom/").content)
    assert root.findtext(f"{ATOM}title") == "Newest Data Engineer openings"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href").endswith("/roles/data-engineer/jobs/feed/atom/")


def test_feed_items_link_to_posting_pages(client, postings):
    root = ET.fromstring(client.get("/roles/data-engineer/jobs/feed/rss/").content)
    links = [item.findtext("link") for item in root.iter("item")]
    assert all(link.startswith("http://testserver/jobs/") for link in links)
    assert client.get(links[0].removeprefix("http://testserver")).status_code == 200


def test_feeds_of_unknown_or_draft_roles_are_404(client, postings):
    make_role(slug="draft-role", status=Role.Status.DRAFT)
    assert client.get("/roles/nope/jobs/feed/rss/").status_code == 404
    assert client.get("/roles/draft-role/jobs/feed/atom/").status_code == 404


def test_text_that_xml_cannot_carry_does_not_break_the_feed(client):
    role = make_role(slug="data-engineer")
    make_posting(role=role, title="Odd \x0b Title", description="Bell \x07 and <b>tags</b> & more")
    for url in ["/jobs/feed/rss/", "/jobs/feed/atom/", "/roles/data-engineer/jobs/feed/rss/"]:
        response = client.get(url)
        assert response.status_code == 200
        ET.fromstring(response.content)  # parses
