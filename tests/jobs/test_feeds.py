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


# The feed of a search (issue 15) -------------------------------------------------------------

SEARCHES = [
    "",
    "?seniority=senior",
    "?posted=7&salary_min=100000",
    "?salary_min=100000&currency=GBP&sort=pay",
    "?sort=pay",
    "?company=globex&employment_type=CONTRACTOR",
    "?q=engineer&remote=1",
    "?page=2",  # a feed is always the first page
]


@pytest.fixture
def market():
    """Thirty postings, enough for a first page and more, with pay, places and employers."""
    from tests.factories import make_company, make_location

    role = make_role(slug="data-engineer", title="Data Engineer")
    other = make_role(slug="analytics-engineer", title="Analytics Engineer")
    globex = make_company(name="Globex", slug="globex")
    london = make_location(name="London", slug="london", country_code="GB")
    now = timezone.now()
    for number in range(30):
        currency = ("USD", "USD", "GBP")[number % 3]
        make_posting(
            role=(role, other)[number % 2],
            title=f"Engineer {number:02d} <&>",
            company=globex if number % 4 == 0 else make_company(),
            seniority=("senior", "mid", "staff")[number % 3],
            workplace=("onsite", "remote", "hybrid")[number % 3],
            employment_type=("FULL_TIME", "CONTRACTOR")[number % 5 == 0],
            locations=[london] if number % 2 else [],
            salary_min=80_000 + 3_000 * number if number % 7 else None,
            salary_max=120_000 + 3_000 * number if number % 7 else None,
            salary_currency=currency if number % 7 else "",
            salary_period="YEAR" if number % 7 else "",
            posted_at=now - timedelta(hours=number * 9),
            description=f"About the team\nWe build.\n\nWhat you will do\n- Item {number}\n- More",
        )
    return role


def _page_links(client, url):
    response = client.get(url, follow=True)
    return [posting.get_absolute_url() for posting in response.context["page"].object_list]


@pytest.mark.parametrize("query", SEARCHES)
@pytest.mark.parametrize("base", ["/jobs/", "/roles/data-engineer/jobs/"])
def test_the_feed_of_a_search_shows_exactly_its_first_page(client, market, base, query):
    import feedparser

    first_page = _page_links(client, f"{base}{query.replace('page=2', 'page=1')}")
    for kind in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"{base}feed/{kind}/{query}").content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == ("rss20" if kind == "rss" else "atom10")
        links = [entry.link.removeprefix("http://testserver") for entry in feed.entries]
        assert links == first_page, (kind, query)


def test_feeds_of_a_search_stay_valid_rss_and_atom(client, market):
    """Checked by feedparser (strict about well-formedness, RSS 2.0 and Atom 1.0) and by
    the elements each format requires (RSS 2.0 spec; RFC 4287 section 4.1)."""
    import feedparser
    from lxml import etree

    query = "?posted=7&salary_min=100000&sort=pay"
    rss = client.get(f"/jobs/feed/rss/{query}")
    assert rss["Content-Type"].startswith("application/rss+xml")
    root = etree.fromstring(rss.content)  # raises on anything but well-formed XML
    channel = root.find("channel")
    assert root.get("version") == "2.0"
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    assert channel.findtext("title") == (
        "Openings, highest pay first: Past 7 days, At least $100,000 a year"
    )
    assert channel.findtext("link") == f"http://testserver/jobs/{query}"
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("link") and item.findtext("guid")
        assert item.findtext("pubDate")
    parsed = feedparser.parse(rss.content)
    assert not parsed.bozo and parsed.entries
    # The description is HTML: the facts, then the description in its parts.
    summary = parsed.entries[0].summary
    assert "<h3>About the team</h3>" in summary and "<li>More</li>" in summary
    assert "a year" in summary

    atom = client.get(f"/jobs/feed/atom/{query}")
    root = etree.fromstring(atom.content)
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated"):
        assert root.find(required, namespace) is not None, required
    self_link = root.find("a:link[@rel='self']", namespace).get("href")
    assert self_link == f"http://testserver/jobs/feed/atom/{query}"
    for entry in root.findall("a:entry", namespace):
        for required in ("a:id", "a:title", "a:updated", "a:link"):
            assert entry.find(required, namespace) is not None, required
    parsed = feedparser.parse(atom.content)
    assert not parsed.bozo and parsed.version == "atom10"
    assert all("<&> at " in entry.title for entry in parsed.entries)  # escaped, and back


@pytest.mark.parametrize(
    "query",
    ["salary_min=abc", "posted=14", "company=nobody", "sort=salary", "currency=XYZ&salary_min=1",
     "employment_type=gig", "page=abc", "q=%00"],
)  # fmt: skip
def test_feeds_of_searches_with_values_they_cannot_use_still_answer(client, market, query):
    import feedparser

    for kind in ("rss", "atom"):
        response = client.get(f"/jobs/feed/{kind}/?{query}")
        assert response.status_code == 200
        assert not feedparser.parse(response.content).bozo


def test_the_list_links_the_feeds_of_its_own_search(client, market):
    html = client.get("/jobs/?seniority=senior&posted=7").content.decode()
    assert (
        'Follow this search: <a href="/jobs/feed/rss/?seniority=senior&amp;posted=7">RSS</a> · '
        '<a href="/jobs/feed/atom/?seniority=senior&amp;posted=7">Atom</a>'
    ) in html
    head = html.split("</head>", 1)[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" title="This search (RSS)" '
        'href="/jobs/feed/rss/?seniority=senior&amp;posted=7">'
    ) in head


def test_feed_queries_are_fixed(client, market):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    # The postings and their places; data-through for a window; the main currency when pay
    # is compared without one of the reader's.
    assert count("/jobs/feed/rss/") == 2
    assert count("/jobs/feed/atom/?posted=7") == 3
    assert count("/jobs/feed/rss/?posted=7&salary_min=100000") == 4
    assert count("/jobs/feed/rss/?salary_min=100000&currency=USD") == 2
