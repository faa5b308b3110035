"""Pages name the feeds that follow what they show: a role's openings, or every role's."""

import re

import pytest

from tests.factories import make_posting, make_role

pytestmark = pytest.mark.django_db

SITE = [
    ("application/rss+xml", "Newest openings (RSS)", "/jobs/feed/rss/"),
    ("application/atom+xml", "Newest openings (Atom)", "/jobs/feed/atom/"),
]
VISION = [
    (
        "application/rss+xml",
        "Newest Vision Engineer openings (RSS)",
        "/roles/vision/jobs/feed/rss/",
    ),
    (
        "application/atom+xml",
        "Newest Vision Engineer openings (Atom)",
        "/roles/vision/jobs/feed/atom/",
    ),
]


def head_feeds(client, url):
    html = client.get(url).content.decode()
    head = html.split("</head>", 1)[0]
    return re.findall(r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', head)


def visible_feeds(client, url):
    html = client.get(url).content.decode()
    (links,) = re.findall(
        r'<p class="meta feed-links" data-hx-boost="false">Follow this search:(.*?)</p>', html, re.S
    )
    return re.findall(r'<a href="([^"]+)">(\w+)</a>', links)


def test_role_pages_name_the_role_feeds_and_others_every_role(client):
    role = make_role(title="Vision Engineer", slug="vision")
    posting = make_posting(role=role)
    for url in ["/roles/vision/", "/roles/vision/jobs/", posting.get_absolute_url()]:
        assert head_feeds(client, url) == VISION, url
    for url in ["/", "/roles/", "/jobs/"]:
        assert head_feeds(client, url) == SITE, url


def test_openings_pages_link_to_their_feeds(client):
    make_role(title="Vision Engineer", slug="vision")
    assert visible_feeds(client, "/roles/vision/jobs/") == [
        ("/roles/vision/jobs/feed/rss/", "RSS"),
        ("/roles/vision/jobs/feed/atom/", "Atom"),
    ]
    assert visible_feeds(client, "/jobs/") == [
        ("/jobs/feed/rss/", "RSS"),
        ("/jobs/feed/atom/", "Atom"),
    ]
