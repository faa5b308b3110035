"""Guide page, home and catalog: content, live numbers, drafts, search and metadata."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import JobPosting
from roles.models import Role, SearchDocument
from tests.factories import (
    make_full_guide,
    make_location,
    make_many_postings,
    make_posting,
    make_related_role,
    make_role,
    make_technology,
)

pytestmark = pytest.mark.django_db


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def share_bars(html):
    """(name, count, share) of every technology and place bar on the page, in order."""
    return re.findall(
        r'bar__label"><a href="[^"]*">([^<]+)</a></span>.*?bar__value">([\d,]+) · ([^<]+)</span>',
        html,
        re.S,
    )


def structured_data(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_guide_shows_every_section_and_live_numbers(client):
    role = make_full_guide(
        title="Vision Engineer", slug="vision-engineer", salary_note="Pay varies."
    )
    role.specializations.update(name="Edge deployment")
    neighbour = make_role(title="Data Engineer", slug="data-engineer")
    make_related_role(role=role, related=neighbour, position=1, note="Close cousins.")
    python, berlin = make_technology(name="PyTorch"), make_location(name="Berlin")
    make_posting(
        role=role,
        title="Senior Vision Engineer",
        seniority="senior",
        technologies=[python],
        locations=[berlin],
    )
    make_posting(role=role, title="Remote Vision Engineer", workplace="remote")
    make_posting(role=neighbour)

    html = page(client, "/roles/vision-engineer/")

    for text in [
        "Ship models",
        "Python",
        "Listening",
        "Entry level stage",
        "Leadership and management stage",
        "Edge deployment",
        "Is it fun?",
        "<strong>Yes.</strong>",
        "Pay varies.",
        "Close cousins.",
    ]:
        assert text in html
    assert "<strong>2</strong> open postings" in html
    # Each figure in its own place, not just somewhere on the page (the titles of the
    # postings above contain "Senior" and "Remote" too).
    assert re.search(r'bar__label">Senior</span>.*?bar__value">1 · 50%</span>', html, re.S)
    assert re.search(r'bar__label">Mid level</span>.*?bar__value">1 · 50%</span>', html, re.S)
    # Remote is a share of its own, not ranked among the places.
    assert share_bars(html) == [("PyTorch", "1", "50%"), ("Berlin", "1", "50%")]
    assert "<strong>50%</strong> <span>of open postings are remote: 1 of 2." in html
    assert 'href="/jobs/' in html and "Senior Vision Engineer</a>" in html
    assert "/roles/vision-engineer/jobs/" in html
    assert "<strong>1</strong> open job" in html  # the related role's count


def test_new_posting_changes_the_count_on_the_next_request(client):
    role = make_full_guide(slug="live")
    make_posting(role=role)
    assert "<strong>1</strong> open posting" in page(client, "/roles/live/")
    posting = make_posting(role=role)
    assert "<strong>2</strong> open postings" in page(client, "/roles/live/")
    posting.status = JobPosting.Status.CLOSED
    posting.save()
    assert "<strong>1</strong> open posting" in page(client, "/roles/live/")
    assert "<strong>1</strong> open job" in page(client, "/roles/")


def test_draft_is_hidden_from_readers_and_previewed_by_staff(client):
    make_full_guide(slug="secret", status=Role.Status.DRAFT)
    assert client.get("/roles/secret/").status_code == 404
    assert "secret" not in page(client, "/roles/")
    staff = User.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    html = page(client, "/roles/secret/")
    assert "Draft preview" in html
    assert 'content="noindex"' in html
    assert structured_data(html) == []


def test_unknown_guide_is_404_and_not_indexed(client):
    response = client.get("/roles/no-such-role/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def test_guide_metadata_and_structured_data(client):
    role = make_full_guide(
        title="Vision Engineer", slug="vision-engineer", summary="Builds eyes for machines."
    )
    html = page(client, "/roles/vision-engineer/")
    assert "<title>Vision Engineer career guide" in html
    assert '<meta name="description" content="Builds eyes for machines.">' in html
    assert '<link rel="canonical" href="http://testserver/roles/vision-engineer/">' in html
    assert '<meta property="og:title" content="Vision Engineer career guide">' in html
    occupation, breadcrumbs = structured_data(html)
    assert occupation["@type"] == "Occupation"
    assert occupation["name"] == role.title
    assert occupation["skills"] == ["Python", "Listening"]
    assert occupation["responsibilities"] == ["Ship models"]
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Home",
        "Career guides",
        "Vision Engineer",
    ]


def test_structured_data_cannot_break_out_of_its_script(client):
    make_full_guide(slug="x", summary="</script><script>alert(1)</script>")
    html = page(client, "/roles/x/")
    assert "<script>alert(1)" not in html
    assert structured_data(html)[0]["description"] == "</script><script>alert(1)</script>"


def test_every_page_has_a_unique_title_and_description(client):
    make_full_guide(slug="one", title="One", summary="The first role.")
    make_full_guide(slug="two", title="Two", summary="The second role.")
    titles, descriptions = set(), set()
    for url in ["/", "/roles/", "/roles/one/", "/roles/two/"]:
        html = page(client, url)
        titles.add(re.search(r"<title>(.*?)</title>", html).group(1))
        descriptions.add(re.search(r'<meta name="description" content="(.*?)">', html).group(1))
        assert 'property="og:url"' in html
    assert len(titles) == len(descriptions) == 4


def searchable(*roles):
    """Build the search documents, as the admin and the fixture loader do after a write."""
    SearchDocument.objects.rebuild()
    return roles


def test_search_filters_guides_as_a_plain_form(client):
    searchable(
        make_role(title="Data Engineer", summary="Pipelines all day."),
        make_role(title="Database Administrator", summary="Backups and replication."),
    )
    html = page(client, "/roles/?q=pipelines")
    assert "Data Engineer" in html and "Database Administrator" not in html
    assert "1 guide matches" in html
    assert "No guide matches" in page(client, "/roles/?q=zzz")


def test_the_home_page_search_box_goes_to_the_catalog(client):
    html = page(client, "/")
    form = re.search(r'<form class="search-form" action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert form.group(1) == "/roles/"
    assert "data-hx-get" not in form.group(2)  # no results on the home page to update
    response = client.get("/?q=sql")  # the home page's search of earlier versions
    assert response.status_code == 302
    assert response["Location"] == "/roles/?q=sql"


def test_search_with_htmx_returns_only_the_results(client):
    searchable(make_role(title="Data Engineer", summary="Pipelines all day."))
    response = client.get("/roles/?q=data", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Data Engineer" in html and "<html" not in html
    assert "HX-Request" in response["Vary"]
    restore = client.get(
        "/roles/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "'; DROP TABLE roles_role; --",
        "x" * 5000,
        "\u202e\u0000",
        "<script>",
        "a b c d e f g h i j k l",
    ],
)
def test_odd_search_queries_answer_normally(client, query):
    make_role(title="Data Engineer")
    response = client.get("/roles/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>")[1]


def _guide_queries(client, slug):
    """The queries of the guide's page rendered with nothing kept (the cache emptied)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page(client, f"/roles/{slug}/")
    return len(queries)


def test_guide_query_count_is_fixed_whatever_the_data_size(client):
    small, large = make_full_guide(slug="small"), make_full_guide(slug="large")
    for role in (small, large):
        make_related_role(role=role, related=make_role(), position=1, note="n")
    make_many_postings(small, 10)
    make_many_postings(large, 5000)
    small_count, large_count = _guide_queries(client, "small"), _guide_queries(client, "large")
    # The guide and its nine kinds of parts, its market
    # insight (data-through, tally rows, skills, pay, days posted for the role and its
    # technologies, the days a window cuts, its next expiry; on PostgreSQL in a savepoint
    # without parallel workers: 3 more), the related roles, the latest openings and their
    # places, the role's next expiry, the guides to compare with, the footer's sample note
    # and the next expiry for the cache; what the page rests on (its roles' scopes).
    assert small_count == large_count == 24 + 3 * (connection.vendor == "postgresql")
    assert "<strong>5,000</strong>" in page(client, "/roles/large/")


@pytest.mark.parametrize("url", ["/roles/", "/roles/?q=role", "/"])
def test_home_and_catalog_query_counts_are_fixed(client, url):
    for _ in range(3):
        make_posting(role=make_role())
    searchable()
    with CaptureQueriesContext(connection) as few:
        page(client, url)
    for _ in range(10):
        make_many_postings(make_role(), 50)
    searchable()
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        page(client, url)
    # Catalog and search: the guides, the footer's sample note, the next expiry for the
    # cache. Home adds data-through, the technology trends, employers and newest openings
    # with their places.
    assert len(few) == len(many) <= (8 if url == "/" else 3)


def test_sitemap_lists_published_guides_and_open_postings(client):
    make_full_guide(slug="public")
    make_full_guide(slug="hidden", status=Role.Status.DRAFT)
    posting = make_posting(role=Role.objects.get(slug="public"))
    closed = make_posting(role=posting.role, status=JobPosting.Status.CLOSED)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {
        node.text
        for node in ElementTree.fromstring(response.content).findall(".//s:loc", namespace)
    }
    assert "http://testserver/roles/public/" in urls
    assert "http://testserver/roles/hidden/" not in urls
    assert f"http://testserver/jobs/{posting.pk}/" in urls
    assert f"http://testserver/jobs/{closed.pk}/" not in urls


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_guide_page_is_served_whole_from_the_cache_until_something_changes(client):
    role = make_full_guide(slug="cached")
    make_posting(role=role)
    first = page(client, "/roles/cached/")
    with CaptureQueriesContext(connection) as queries:
        assert page(client, "/roles/cached/") == first
    assert len(queries) == 0

    make_posting(role=role)  # a new posting
    assert "<strong>2</strong> open postings" in page(client, "/roles/cached/")
    faq = role.faqs.get()
    faq.question = "Is it still fun?"  # an edited part of the guide
    faq.save()
    assert "Is it still fun?" in page(client, "/roles/cached/")


def test_readers_with_a_session_get_their_own_page(client):
    make_full_guide(slug="draft-ish", status=Role.Status.DRAFT)
    make_full_guide(slug="public")
    page(client, "/roles/public/")  # cached for readers without a session
    staff = User.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    assert "Draft preview" in page(client, "/roles/draft-ish/")
    client.logout()
    assert client.get("/roles/draft-ish/").status_code == 404


def test_guide_asks_its_questions_with_the_right_article_and_shows_the_new_parts(client):
    role = make_full_guide(
        title="AI Engineer",
        slug="ai-engineer",
        article="an",
        how_to_become="Most start as **software engineers**.",
        work_environment="Product teams; an on-call rotation once a feature is live.",
        occupation_code="15-1252.00",
    )
    role.credentials.update(status="retired", url="https://cert.example/old")
    html = page(client, "/roles/ai-engineer/")
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    for question in [
        "What is an AI engineer?",
        "What does an AI engineer do?",
        "What skills does an AI engineer need?",
        "How do you become an AI engineer?",
        "How does a career as an AI engineer progress?",
        "What is it like to work as an AI engineer?",
        "What else is the job called?",
        "Sources",
    ]:
        assert question in headings
        assert f">{question}</a></li>" in html  # and in the table of contents
    assert "What a " not in html and " a AI" not in html
    assert "<strong>software engineers</strong>" in html
    assert "an on-call rotation once a feature is live" in html
    assert re.search(r'href="https://cert.example/old"[^>]*>Cloud Certificate</a>', html)
    assert re.search(r"A Cloud · <span class=\"credential__status\">Retired</span>", html)
    assert '<li class="tag">Model Wrangler</li>' in html
    assert re.search(r'href="https://source.example/\d+"[^>]*>A handbook page</a>', html)
    assert 'href="https://www.onetonline.org/link/summary/15-1252.00"' in html
    occupation = structured_data(html)[0]
    assert occupation["occupationalCategory"] == "15-1252.00"
    assert occupation["alternateName"] == ["Model Wrangler"]


def test_a_guide_without_the_optional_parts_leaves_their_questions_out(client):
    make_role(slug="bare", title="Bare Role")
    html = page(client, "/roles/bare/")
    assert "How do you become" not in html
    assert "What else is the job called?" not in html
    assert ">Sources<" not in html
    assert "occupationalCategory" not in html


def test_the_catalog_groups_guides_by_family_and_search_lists_them_by_rank(client):
    make_role(title="Data Analyst", slug="data-analyst", family=Role.Family.DATA_ANALYTICS)
    make_role(title="Cloud Engineer", slug="cloud", family=Role.Family.SOFTWARE_INFRASTRUCTURE)
    make_role(title="Data Engineer", slug="data-engineer", family=Role.Family.DATA_ENGINEERING)
    html = page(client, "/roles/")
    families = re.findall(r'<h2 id="([a-z-]+)-title">([^<]+)</h2>', html)
    assert families == [
        ("data-analytics", "Data and analytics"),
        ("data-engineering", "Data engineering and databases"),
        ("software-infrastructure", "Software and infrastructure"),
    ]
    assert "3 guides in 3 families." in html
    searchable()
    html = page(client, "/roles/?q=data")
    assert "2 guides match “data”, best match first." in html
    assert '<h2><a href="/roles/data-analyst/">Data Analyst</a></h2>' in html
