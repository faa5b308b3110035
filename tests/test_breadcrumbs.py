"""The trail above each page, and the guide's BreadcrumbList: one list, built by the view."""

import json
import re

import pytest

from roles.models import Role
from tests.factories import make_posting, make_role

pytestmark = pytest.mark.django_db


def trail(html):
    """The visible breadcrumbs as (name, href) pairs; the current page has no href."""
    nav = re.search(
        r'<nav class="container breadcrumbs" aria-label="Breadcrumb">(.*?)</nav>', html, re.S
    )
    if nav is None:
        return None
    crumbs = re.findall(r'<li( aria-current="page")?>(?:<a href="([^"]*)">)?([^<]*)', nav.group(1))
    assert [current for current, _, _ in crumbs][-1:] == [' aria-current="page"']
    return [(name, href or None) for _, href, name in crumbs]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_each_page_shows_its_trail(client):
    role = make_role(title="Vision Engineer", slug="vision-engineer")
    posting = make_posting(role=role, title="Vision & Robots Lead")
    assert trail(get(client, "/")) is None
    assert trail(get(client, "/roles/")) == [("Home", "/"), ("Career guides", None)]
    assert trail(get(client, "/roles/vision-engineer/")) == [
        ("Home", "/"),
        ("Career guides", "/roles/"),
        ("Vision Engineer", None),
    ]
    assert trail(get(client, "/jobs/")) == [("Home", "/"), ("Openings", None)]
    assert trail(get(client, "/roles/vision-engineer/jobs/")) == [
        ("Home", "/"),
        ("Career guides", "/roles/"),
        ("Vision Engineer", "/roles/vision-engineer/"),
        ("Openings", None),
    ]
    assert trail(get(client, posting.get_absolute_url())) == [
        ("Home", "/"),
        ("Openings", "/jobs/"),
        ("Vision Engineer", "/roles/vision-engineer/jobs/"),
        ("Vision &amp; Robots Lead", None),
    ]
    assert trail(client.get("/roles/no-such-guide/").content.decode()) is None


def test_guide_tells_search_engines_the_trail_it_shows(client):
    make_role(title="Vision Engineer", slug="vision-engineer", status=Role.Status.PUBLISHED)
    html = get(client, "/roles/vision-engineer/")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    (listing,) = [data for data in map(json.loads, blocks) if data["@type"] == "BreadcrumbList"]
    items = listing["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [(item["name"], item["item"]) for item in items] == [
        (name, f"http://testserver{href or '/roles/vision-engineer/'}")
        for name, href in trail(html)
    ]
