"""The openings lists: /jobs/ and /roles/<slug>/jobs/, their filters, facets and pager."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careerguide.cache import invalidate_after_write
from jobs.models import JobPosting
from roles.models import Role
from tests.factories import (
    make_company,
    make_location,
    make_posting,
    make_role,
    make_technology,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# The facets of a list counted live: data-through (where `posted` windows end), the capped
# size of each base, every facet over every base at once, and the next expiry (how long
# they may be kept).
FACET_QUERIES = 4


def titles(response):
    return [posting.title for posting in response.context["page"].object_list]


def facet_counts(response, name):
    return {facet.value: facet.count for facet in getattr(response.context["facets"], name)}


@pytest.fixture
def world():
    """Two roles, a few places and technologies, and postings that differ in one way each."""
    data = make_role(slug="data-engineer", title="Data Engineer")
    ml = make_role(slug="machine-learning-engineer", title="Machine Learning Engineer")
    london = make_location(name="London", slug="london", country_code="GB")
    berlin = make_location(name="Berlin", slug="berlin", country_code="DE")
    usa = make_location(name="United States", slug="united-states", kind="country")
    python = make_technology(name="Python", slug="python")
    spark = make_technology(name="Apache Spark", slug="spark")
    globex = make_company(name="Globex", slug="globex")
    now = timezone.now()

    def posting(title, days, **kwargs):
        kwargs.setdefault("role", data)
        return make_posting(title=title, posted_at=now - timedelta(days=days), **kwargs)

    postings = {
        "senior-london": posting(
            "Senior Data Engineer", 1, seniority="senior", locations=[london],
            technologies=[python, spark],
        ),
        "mid-berlin": posting(
            "Data Engineer, Payments", 2, seniority="mid", locations=[berlin],
            technologies=[spark], company=globex,
        ),
        "staff-remote": posting(
            "Staff Data Engineer", 3, seniority="staff", workplace="remote", locations=[usa],
            technologies=[python], description="Own the lakehouse and its Kafka streams.",
        ),
        "senior-remote-ml": posting(
            "Senior ML Engineer", 4, role=ml, seniority="senior", workplace="remote",
            technologies=[python],
        ),
        "closed": posting(
            "Closed Data Engineer", 0, seniority="senior", status="closed", locations=[london]
        ),
        "expired": posting(
            "Expired Data Engineer", 10, seniority="senior", expires_at=now - timedelta(days=1),
            locations=[london],
        ),
    }  # fmt: skip
    return {"data": data, "ml": ml, "python": python, **postings}


def test_all_roles_list_shows_open_postings_newest_first(client, world):
    response = client.get("/jobs/")
    assert response.status_code == 200
    assert titles(response) == [
        "Senior Data Engineer",
        "Data Engineer, Payments",
        "Staff Data Engineer",
        "Senior ML Engineer",
    ]
    html = response.content.decode()
    assert "Closed Data Engineer" not in html and "Expired Data Engineer" not in html


def test_role_list_shows_only_that_role(client, world):
    response = client.get("/roles/machine-learning-engineer/jobs/")
    assert titles(response) == ["Senior ML Engineer"]
    assert "Machine Learning Engineer openings" in response.content.decode()


def test_unknown_or_draft_role_list_is_404(client, world):
    make_role(slug="draft-role", status=Role.Status.DRAFT)
    assert client.get("/roles/no-such-role/jobs/").status_code == 404
    assert client.get("/roles/draft-role/jobs/").status_code == 404


def test_postings_of_draft_guides_are_left_out_of_the_all_roles_list(client, world):
    draft = make_role(status=Role.Status.DRAFT)
    make_posting(role=draft, title="Hidden Draft Posting")
    assert "Hidden Draft Posting" not in titles(client.get("/jobs/"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("seniority=senior", ["Senior Data Engineer", "Senior ML Engineer"]),
        (
            "seniority=senior&seniority=staff",
            ["Senior Data Engineer", "Staff Data Engineer", "Senior ML Engineer"],
        ),
        ("location=london", ["Senior Data Engineer"]),
        ("location=united-states", ["Staff Data Engineer"]),
        ("remote=1", ["Staff Data Engineer", "Senior ML Engineer"]),
        ("remote=0", ["Senior Data Engineer", "Data Engineer, Payments", "Staff Data Engineer",
                      "Senior ML Engineer"]),
        ("technology=spark", ["Senior Data Engineer", "Data Engineer, Payments"]),
        ("q=payments", ["Data Engineer, Payments"]),  # title
        ("q=globex", ["Data Engineer, Payments"]),  # company name
        ("q=lakehouse", ["Staff Data Engineer"]),  # description
        ("q=kafka lakehouse", ["Staff Data Engineer"]),  # every word must match
        ("q=lakehouse payments", []),
        ("seniority=senior&remote=1", ["Senior ML Engineer"]),
        ("seniority=senior&technology=spark&location=london", ["Senior Data Engineer"]),
        ("technology=python&remote=1&q=lakehouse", ["Staff Data Engineer"]),
        ("seniority=mid&location=london", []),
    ],
)  # fmt: skip
def test_filters_and_their_combinations(client, world, query, expected):
    assert titles(client.get(f"/jobs/?{query}", follow=True)) == expected


def test_filters_apply_within_a_role(client, world):
    response = client.get("/roles/data-engineer/jobs/?seniority=senior&remote=1")
    assert titles(response) == []
    response = client.get("/roles/data-engineer/jobs/?technology=python")
    assert titles(response) == ["Senior Data Engineer", "Staff Data Engineer"]


def test_search_ignores_case(client, world):
    assert titles(client.get("/jobs/?q=GLOBEX")) == ["Data Engineer, Payments"]


def test_facet_counts_leave_their_own_filter_out(client, world):
    response = client.get("/jobs/?seniority=senior&technology=python")
    # Seniority counts: with technology=python, ignoring the seniority choice.
    assert facet_counts(response, "seniority") == {
        "intern": 0, "entry": 0, "mid": 0, "senior": 2, "staff": 1, "principal": 0,
        "manager": 0, "director": 0,
    }  # fmt: skip
    # Technology counts: with seniority=senior, ignoring the technology choice.
    assert facet_counts(response, "technologies") == {"spark": 1, "python": 2}
    # Places: senior and python.
    assert facet_counts(response, "locations") == {"london": 1}
    # Remote: senior and python and remote.
    assert response.context["facets"].remote == 1


def test_facets_count_only_open_postings(client, world):
    response = client.get("/roles/data-engineer/jobs/")
    assert facet_counts(response, "seniority")["senior"] == 1  # not the closed or expired ones
    assert facet_counts(response, "locations") == {"london": 1, "berlin": 1, "united-states": 1}


def test_chosen_option_stays_listed_even_with_no_matches(client, world):
    response = client.get("/jobs/?location=berlin&remote=1")
    assert titles(response) == []
    assert facet_counts(response, "locations")["berlin"] == 0
    assert 'value="berlin" selected' in response.content.decode()


def test_all_roles_page_links_to_each_role_with_the_same_filters(client, world):
    response = client.get("/jobs/?seniority=senior")
    links = {link["title"]: (link["count"], link["url"]) for link in response.context["role_links"]}
    assert links["Data Engineer"] == (1, "/roles/data-engineer/jobs/?seniority=senior")
    assert links["Machine Learning Engineer"] == (
        1,
        "/roles/machine-learning-engineer/jobs/?seniority=senior",
    )
    assert client.get("/roles/data-engineer/jobs/").context["role_links"] == []


def test_each_active_filter_can_be_removed_on_its_own(client, world):
    response = client.get(
        "/jobs/?q=data&seniority=senior&seniority=staff&location=london&remote=1&technology=spark"
    )
    chips = dict(response.context["chips"])
    assert chips["Senior"] == (
        "/jobs/?q=data&seniority=staff&location=london&remote=1&technology=spark"
    )
    assert (
        chips["London"]
        == "/jobs/?q=data&seniority=senior&seniority=staff&remote=1&technology=spark"
    )
    assert chips["Remote"] == (
        "/jobs/?q=data&seniority=senior&seniority=staff&location=london&technology=spark"
    )
    assert chips["Apache Spark"] == (
        "/jobs/?q=data&seniority=senior&seniority=staff&location=london&remote=1"
    )
    assert chips["“data”"] == (
        "/jobs/?seniority=senior&seniority=staff&location=london&remote=1&technology=spark"
    )
    assert "Clear all filters" in response.content.decode()


def test_no_filters_means_no_chips(client, world):
    response = client.get("/jobs/")
    assert response.context["chips"] == []
    assert "Clear all filters" not in response.content.decode()


def test_form_shows_the_current_choices(client, world):
    html = client.get("/jobs/?q=lake&seniority=staff&remote=1&technology=python").content.decode()
    assert 'id="filter-seniority-staff" name="seniority" value="staff" checked' in html
    assert 'name="remote" value="1" checked' in html
    assert 'value="python" selected' in html
    assert 'name="q" value="lake"' in html


def test_ignored_values_are_named_on_the_page(client, world):
    response = client.get("/jobs/?seniority=guru&seniority=senior&location=atlantis&page=abc")
    assert titles(response) == ["Senior Data Engineer", "Senior ML Engineer"]
    html = response.content.decode()
    assert "We left out part of this address" in html
    assert "seniority “guru”" in html and "location “atlantis”" in html


# Pagination -------------------------------------------------------------------------------


@pytest.fixture
def many():
    role = make_role(slug="analytics-engineer")
    company = make_company()
    now = timezone.now()
    return [
        make_posting(
            role=role, company=company, title=f"Opening {number:02d}",
            posted_at=now - timedelta(hours=number),
        )
        for number in range(1, 53)
    ]  # fmt: skip


def test_pages_of_25(client, many):
    first = client.get("/jobs/")
    assert len(titles(first)) == 25 and titles(first)[0] == "Opening 01"
    assert "Openings 1\u201325 of <strong>52</strong>" in first.content.decode()
    second = client.get("/jobs/?page=2")
    assert titles(second)[0] == "Opening 26"
    third = client.get("/jobs/?page=3")
    assert titles(third) == ["Opening 51", "Opening 52"]


@pytest.mark.parametrize(
    ("page", "shown"),
    [("abc", 1), ("-1", 1), ("0", 1), ("1.5", 1), ("", 1), ("4", 3), (str(10**9), 3),
     ("9" * 5000, 1)],
)  # fmt: skip
def test_page_numbers_out_of_range_or_not_numbers(client, many, page, shown):
    response = client.get("/jobs/", {"page": page}, follow=True)
    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_a_page_past_the_end_says_it_shows_the_last(client, many):
    html = client.get("/jobs/?page=7").content.decode()
    assert "only 3 pages of results, so this is the last one" in html


def test_pager_links_keep_the_filters(client, many):
    response = client.get("/jobs/?seniority=mid&page=2")
    links = response.context["page_links"]
    assert links["previous"] == "/jobs/?seniority=mid"
    assert links["next"] == "/jobs/?seniority=mid&page=3"
    numbers = [link and link["url"] for link in links["numbers"]]
    assert numbers == [
        "/jobs/?seniority=mid",
        "/jobs/?seniority=mid&page=2",
        "/jobs/?seniority=mid&page=3",
    ]
    html = response.content.decode()
    assert 'rel="next" href="/jobs/?seniority=mid&amp;page=3"' in html


def test_empty_result_says_so(client, many):
    response = client.get("/jobs/?q=nothing-matches-this")
    assert titles(response) == []
    assert "No open postings match these filters." in response.content.decode()


# htmx ---------------------------------------------------------------------------------------


def test_full_page_without_htmx(client, world):
    response = client.get("/jobs/?seniority=senior")
    html = response.content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert 'id="results"' in html and 'id="filters"' in html
    assert "HX-Request" in response["Vary"]
    assert "HX-Push-Url" not in response


def test_htmx_request_gets_the_results_partial(client, world):
    response = client.get("/jobs/?seniority=senior", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<!doctype html>" not in html and "<header" not in html
    assert 'id="results"' in html
    assert "Senior Data Engineer" in html and "Staff Data Engineer" not in html
    # Facet counts and the result count come along out of band; the title too.
    assert '<div id="facets" class="facets" data-hx-swap-oob="true">' in html
    assert '<p id="results-count" data-hx-swap-oob="innerHTML">' in html
    assert "<title>Openings (filtered) | " in html
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == "/jobs/?seniority=senior"


def test_htmx_pushes_the_clean_address(client, world):
    response = client.get(
        "/jobs/?q=&seniority=senior&seniority=senior&location=&technology=&remote=0&junk=1",
        **HTMX,
    )
    assert response["HX-Push-Url"] == "/jobs/?seniority=senior"


def test_search_box_is_left_alone_while_typing_but_refreshed_by_links(client, world):
    typed = client.get("/jobs/?q=lake", HTTP_HX_TRIGGER="filters", **HTMX).content.decode()
    assert 'id="filter-search"' not in typed
    clicked = client.get("/jobs/?q=lake", **HTMX).content.decode()
    assert '<div id="filter-search" class="filter-search" data-hx-swap-oob="true">' in clicked


def test_history_restore_request_gets_the_full_page(client, world):
    response = client.get("/jobs/", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert response.content.decode().lstrip().startswith("<!doctype html>")


def test_every_htmx_link_has_a_real_address(client, many):
    """Links that load in place are boosted: htmx follows their href and they name no other
    address (the browser suite checks that they do load in place)."""
    html = client.get("/jobs/?seniority=mid&page=2").content.decode()
    import re

    assert re.findall(r"<a [^>]*data-hx-get[^>]*>", html) == []
    assert '<div id="results" class="results" data-hx-boost="true">' in html
    assert 'method="get" action="/jobs/"' in html and 'data-hx-get="/jobs/"' in html
    assert " hx-" not in html  # only the valid data-hx-* form
    assert "style=" not in html and "onclick" not in html


# Queries ------------------------------------------------------------------------------------


def _build(count):
    role = make_role()
    places = [make_location() for _ in range(3)]
    technologies = [make_technology() for _ in range(4)]
    for number in range(count):
        make_posting(
            role=role,
            seniority=JobPosting.Seniority.values[number % 8],
            workplace=["onsite", "remote", "hybrid"][number % 3],
            locations=places[: 1 + number % 3],
            technologies=technologies[: 1 + number % 4],
            **(
                {"salary_min": 1000 * number, "salary_currency": "USD", "salary_period": "MONTH"}
                if number % 2
                else {}
            ),
        )
    return role, places[0], technologies[0]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?seniority=entry&seniority=staff&remote=1",
        "?q=build&page=2",
        "?employment_type=FULL_TIME&posted=30&salary_min=1000&sort=pay",
        "?sort=pay&page=2",
    ],
)
def test_list_queries_do_not_grow_with_postings(client, query):
    role, place, technology = _build(5)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count(f"/jobs/{query}"), count(f"/roles/{role.slug}/jobs/{query}")
    small_filtered = count(f"/jobs/?location={place.slug}&technology={technology.slug}")
    _build(60)
    large = count(f"/jobs/{query}"), count(f"/roles/{role.slug}/jobs/{query}")
    assert small == large
    assert small_filtered == count(f"/jobs/?location={place.slug}&technology={technology.slug}")
    # Every facet (FACET_QUERIES), the page of postings and their places and technologies,
    # the next expiry for the page cache; a role's list looks its role up and counts no
    # roles. Each filter named by a slug is one look-up more, and so is PostgreSQL's look-up
    # of the companies a search matches. The footer asks whether every posting is a sample.
    # Sorted by pay, a page that holds the last postings with pay and the first without
    # reads each of the two parts. Comparing or sorting pay in the currency most postings
    # quote counts the pay by currency first.
    searching = "q=" in query and connection.vendor == "postgresql"
    straddling = "sort=pay" in query
    settling = "sort=pay" in query or "salary_min" in query
    assert max(large) <= FACET_QUERIES + 5 + searching + straddling + settling


def test_whole_list_pages_come_from_the_cache_until_postings_change(client, world):
    def load():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/jobs/?technology=python")
        return response, len(queries)

    first, _ = load()
    again, warm = load()
    assert warm == 0
    assert again.content == first.content

    make_posting(role=world["data"], seniority="intern", technologies=[world["python"]])
    assert b"1 of 1" not in load()[0].content  # a fresh page, not the kept one
    assert load()[0].content != first.content


def test_facets_are_kept_apart_from_the_page_until_postings_change(client, world):
    # A reader with a session gets a freshly rendered page, so the facets' own cache is
    # what keeps their queries away on the second load.
    client.cookies["sessionid"] = "anything"

    def load():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/jobs/?technology=python")
        return response, len(queries)

    first, cold = load()
    again, warm = load()
    assert facet_counts(again, "seniority") == facet_counts(first, "seniority")
    assert cold - warm == FACET_QUERIES + 1  # and the footer's sample note, kept alike

    make_posting(role=world["data"], seniority="intern", technologies=[world["python"]])
    assert facet_counts(load()[0], "seniority")["intern"] == 1

    JobPosting.objects.filter(seniority="intern").update(status="closed")  # no signals
    invalidate_after_write()  # what bulk writers do
    assert facet_counts(load()[0], "seniority")["intern"] == 0


def test_cached_facets_do_not_outlive_the_next_expiry(client, world):
    import time

    expiry = timezone.now() + timedelta(seconds=1.5)
    make_posting(role=world["data"], seniority="intern", expires_at=expiry)
    assert facet_counts(client.get("/jobs/"), "seniority")["intern"] == 1
    time.sleep(max(0, (expiry - timezone.now()).total_seconds()) + 0.6)
    assert facet_counts(client.get("/jobs/"), "seniority")["intern"] == 0
