"""The filters job seekers ask for first (issue 15): pay, recency, company, employment type
and a sort by pay, on /jobs/ and /roles/<slug>/jobs/: results, facet counts, chips, one
canonical address, and a clear message for every value the list cannot use."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from jobs import facets
from jobs.filters import OpeningFilters
from tests.factories import make_company, make_posting, make_role

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
THROUGH = datetime(2026, 11, 20, 17, 40, tzinfo=UTC)  # the newest posting's moment


def titles(response):
    return [posting.title for posting in response.context["page"].object_list]


def counts(response, name):
    found = getattr(response.context["facets"], name)
    return {facet.value: facet.count for facet in found}


def pay(low, high, currency="USD", period="YEAR"):
    return {"salary_min": low, "salary_max": high, "salary_currency": currency,
            "salary_period": period}  # fmt: skip


@pytest.fixture
def role():
    return make_role(slug="data-engineer", title="Data Engineer")


@pytest.fixture
def paid(role):
    """Pay in every period and three currencies; the yearly figure is in each title."""
    at = THROUGH - timedelta(days=2)

    def posting(title, hours, **kwargs):
        return make_posting(role=role, title=title, posted_at=at - timedelta(hours=hours), **kwargs)

    return {
        "year": posting("USD 150k yearly", 1, **pay(140_000, 160_000)),
        "month": posting("USD 120k monthly", 2, **pay(9_000, 11_000, period="MONTH")),
        "week": posting("USD 104k weekly", 3, **pay(2_000, None, period="WEEK")),
        "day": posting("USD 130k daily", 4, **pay(None, 500, period="DAY")),
        "hour": posting("USD 208k hourly", 5, **pay(100, 100, period="HOUR")),
        "cad": posting("CAD 247.5k yearly", 6, **pay(197_000, 298_000, currency="CAD")),
        "gbp": posting("GBP 95k yearly", 7, **pay(90_000, 100_000, currency="GBP")),
        "none": posting("No pay", 8),
        "newest": posting("Newest, no pay", -48),  # at THROUGH: where windows end
    }


# Pay ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [
        ("104000", ["USD 150k yearly", "USD 120k monthly", "USD 104k weekly", "USD 130k daily",
                    "USD 208k hourly"]),
        ("120000", ["USD 150k yearly", "USD 120k monthly", "USD 130k daily", "USD 208k hourly"]),
        ("120001", ["USD 150k yearly", "USD 130k daily", "USD 208k hourly"]),
        ("200000", ["USD 208k hourly"]),
        ("208001", []),
    ],
)  # fmt: skip
def test_salary_min_compares_yearly_pay_in_every_period(client, paid, minimum, expected):
    # USD is the main currency: most postings with pay quote it.
    assert titles(client.get(f"/jobs/?salary_min={minimum}")) == expected


def test_salary_min_in_the_currency_the_reader_picks(client, paid):
    response = client.get("/jobs/?salary_min=200000&currency=CAD")
    assert titles(response) == ["CAD 247.5k yearly"]
    assert titles(client.get("/jobs/?salary_min=95000&currency=GBP")) == ["GBP 95k yearly"]
    assert titles(client.get("/jobs/?salary_min=1&currency=JPY")) == []  # none quote it


def test_the_page_says_how_many_postings_the_minimum_leaves_out(client, paid):
    response = client.get("/jobs/?salary_min=100000")
    assert response.context["left_out"] == {"without_pay": 2, "other_currency": 2}
    html = " ".join(response.content.decode().split())
    assert (
        "Pay made yearly, in USD. Left out: <strong>2</strong> without pay, "
        "<strong>2</strong> in another currency."
    ) in html
    cad = client.get("/jobs/?salary_min=100000&currency=CAD")
    assert cad.context["left_out"] == {"without_pay": 2, "other_currency": 6}
    # The rule is on the page in plain words, filter set or not.
    unfiltered = client.get("/jobs/")
    plain = " ".join(unfiltered.content.decode().split())
    assert "a month counts 12 times, a week 52, a day 260, an hour 2,080" in plain
    assert unfiltered.context["left_out"] is None


def test_postings_without_pay_are_left_out_only_while_a_minimum_is_set(client, paid):
    assert "No pay" in titles(client.get("/jobs/"))
    assert "No pay" not in titles(client.get("/jobs/?salary_min=1"))


def test_main_currency_is_the_one_most_postings_with_pay_quote_ties_alphabetical(client, role):
    make_posting(role=role, title="EUR", **pay(50_000, 60_000, currency="EUR"))
    make_posting(role=role, title="GBP", **pay(50_000, 60_000, currency="GBP"))
    make_posting(role=role, title="No pay")
    response = client.get("/jobs/?salary_min=1")
    assert response.context["filters"].pay_currency == "EUR"
    assert titles(response) == ["EUR"]
    # The main currency is the list's: narrowed to GBP postings, GBP.
    gbp = client.get("/jobs/?q=GBP&salary_min=1")
    assert gbp.context["filters"].pay_currency == "GBP"


def test_currency_facets_count_postings_with_pay_whatever_the_minimum(client, paid):
    response = client.get("/jobs/?salary_min=200000&currency=CAD")
    pay_facets = response.context["facets"].pay
    assert {facet.value: facet.count for facet in pay_facets.currencies} == {
        "CAD": 1,
        "GBP": 1,
        "USD": 5,
    }
    assert pay_facets.without_pay == 2 and pay_facets.main_currency == "USD"
    html = response.content.decode()
    assert '<option value="CAD" selected>CAD (1)</option>' in html
    assert 'value="200000"' in html


def test_sort_by_pay_highest_first_other_currencies_and_no_pay_after(client, paid):
    response = client.get("/jobs/?sort=pay")
    assert titles(response) == [
        "USD 208k hourly", "USD 150k yearly", "USD 130k daily", "USD 120k monthly",
        "USD 104k weekly",
        # Then the rest, newest first.
        "Newest, no pay", "CAD 247.5k yearly", "GBP 95k yearly", "No pay",
    ]  # fmt: skip
    assert titles(client.get("/jobs/?currency=CAD&sort=pay"))[:2] == [
        "CAD 247.5k yearly",
        "Newest, no pay",
    ]
    assert "highest pay first." in response.content.decode()


def test_sort_ties_are_newest_first_then_the_later_id(client, role):
    same = pay(100_000, 100_000)
    older = make_posting(role=role, title="Older", posted_at=THROUGH - timedelta(days=1), **same)
    make_posting(role=role, title="Newer", posted_at=THROUGH, **same)
    make_posting(role=role, title="Twin A", posted_at=older.posted_at, **same)
    richer = pay(1, 999_999)
    make_posting(role=role, title="Richer", posted_at=THROUGH - timedelta(days=9), **richer)
    assert titles(client.get("/jobs/?sort=pay")) == ["Richer", "Newer", "Twin A", "Older"]


# Recency ------------------------------------------------------------------------------------


def test_posted_windows_end_at_the_newest_posting_and_leave_their_edge_out(client, role):
    def at(title, delta, **kwargs):
        return make_posting(role=role, title=title, posted_at=THROUGH - delta, **kwargs)

    # Data-through is the newest posting's moment, whatever its status.
    at("Closed, the newest of all", timedelta(0), status="closed")
    at("Just inside a day", timedelta(days=1) - timedelta(seconds=1))
    at("Exactly a day", timedelta(days=1))
    at("Six days", timedelta(days=6))
    at("Exactly seven days", timedelta(days=7))
    at("Twenty-nine days", timedelta(days=29, hours=23))
    at("Exactly thirty days", timedelta(days=30))
    assert titles(client.get("/roles/data-engineer/jobs/?posted=1")) == ["Just inside a day"]
    assert titles(client.get("/roles/data-engineer/jobs/?posted=7")) == [
        "Just inside a day", "Exactly a day", "Six days",
    ]  # fmt: skip
    assert "Exactly thirty days" not in titles(client.get("/roles/data-engineer/jobs/?posted=30"))
    response = client.get("/roles/data-engineer/jobs/")
    assert counts(response, "posted") == {"": 6, "1": 1, "7": 3, "30": 5}
    assert response.context["facets"].data_through == THROUGH
    assert "Counted back from the newest posting we have" in response.content.decode()


def test_posted_windows_do_not_move_with_the_calendar(client, role):
    make_posting(role=role, title="Old data", posted_at=datetime(2020, 1, 10, tzinfo=UTC))
    make_posting(role=role, title="Older", posted_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert titles(client.get("/jobs/?posted=7")) == ["Old data"]


# Company and employment type ----------------------------------------------------------------


def test_company_filter_and_its_facet(client, role):
    acme, globex = make_company(name="Acme", slug="acme"), make_company(name="Globex")
    make_posting(role=role, title="Acme one", company=acme, employment_type="CONTRACTOR")
    make_posting(role=role, title="Acme two", company=acme)
    make_posting(role=role, title="Globex one", company=globex)
    response = client.get("/jobs/?company=acme")
    assert titles(response) == ["Acme one", "Acme two"]
    assert counts(response, "companies") == {"acme": 2, globex.slug: 1}  # by name
    assert dict(response.context["chips"])["Acme"] == "/jobs/"
    contract = client.get("/jobs/?company=acme&employment_type=CONTRACTOR")
    assert titles(contract) == ["Acme one"]


def test_a_company_with_no_open_postings_is_accepted_and_shown_at_zero(client, role):
    gone = make_company(name="Gone Ltd", slug="gone")
    make_posting(role=role, company=gone, status="closed")
    make_posting(role=role)
    response = client.get("/jobs/?company=gone")
    assert response.status_code == 200 and titles(response) == []
    assert counts(response, "companies")["gone"] == 0
    html = response.content.decode()
    assert '<option value="gone" selected>Gone Ltd (0)</option>' in html
    assert "We left out part of this address" not in html


def test_company_facet_lists_the_employers_with_most_openings(client, role):
    for number in range(facets.COMPANY_LIMIT + 3):
        company = make_company(name=f"Employer {number:02d}")
        for _ in range(1 + (number >= 3)):
            make_posting(role=role, company=company)
    listed = facets.company_facets(filters=OpeningFilters())
    # The 30 with two postings, listed by name; the three with one left out.
    assert [facet.label for facet in listed] == [f"Employer {n:02d}" for n in range(3, 33)]
    # At the cut, ties go alphabetically.
    top = facets.company_facets(filters=OpeningFilters(), limit=31)
    assert top[0].label == "Employer 00"
    assert "Employer 01" not in [facet.label for facet in top]


def test_employment_type_filter_facets_and_spellings(client, role):
    make_posting(role=role, title="Full", employment_type="FULL_TIME")
    make_posting(role=role, title="Contract", employment_type="CONTRACTOR")
    make_posting(role=role, title="Intern", employment_type="INTERN")
    response = client.get("/jobs/?employment_type=CONTRACTOR&employment_type=INTERN")
    assert titles(response) == ["Full", "Contract", "Intern"][1:]
    assert counts(response, "employment") == {
        "FULL_TIME": 1, "PART_TIME": 0, "CONTRACTOR": 1, "TEMPORARY": 0, "INTERN": 1,
    }  # fmt: skip
    # Any case, dashes for underscores, any order: one address.
    typed = client.get("/jobs/?employment_type=intern&employment_type=contractor")
    assert typed.status_code == 301
    assert typed["Location"] == "/jobs/?employment_type=CONTRACTOR&employment_type=INTERN"
    chips = dict(response.context["chips"])
    assert chips["Contract"] == "/jobs/?employment_type=INTERN"


# Canonical addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("?remote=0", "/jobs/"),
        ("?page=1", "/jobs/"),
        ("?sort=newest", "/jobs/"),
        ("?q=&seniority=&location=&technology=&company=&salary_min=&currency=USD&posted=",
         "/jobs/"),
        ("?salary_min=120,000", "/jobs/?salary_min=120000"),
        ("?salary_min=0", "/jobs/"),
        ("?currency=usd&salary_min=1", "/jobs/?salary_min=1&currency=USD"),
        ("?currency=CAD", "/jobs/"),  # without a minimum or a pay sort it changes nothing
        ("?sort=pay&currency=CAD", "/jobs/?currency=CAD&sort=pay"),
        ("?posted=7&seniority=senior&sort=pay&remote=yes",
         "/jobs/?seniority=senior&remote=1&posted=7&sort=pay"),
        ("?seniority=staff&seniority=senior&seniority=senior",
         "/jobs/?seniority=senior&seniority=staff"),
        ("?q=++data++engineer&utm_source=mail", "/jobs/?q=data+engineer"),
    ],
)  # fmt: skip
def test_every_set_of_filters_has_one_address(client, paid, asked, canonical):
    response = client.get(f"/jobs/{asked}")
    assert response.status_code == 301
    assert response["Location"] == canonical
    assert client.get(canonical).status_code == 200  # and that one stays


def test_the_canonical_page_names_itself_and_is_not_redirected(client, paid):
    response = client.get("/roles/data-engineer/jobs/?seniority=mid&posted=7&page=1", follow=True)
    assert response.redirect_chain == [("/roles/data-engineer/jobs/?seniority=mid&posted=7", 301)]
    html = response.content.decode()
    assert (
        '<link rel="canonical" '
        'href="http://testserver/roles/data-engineer/jobs/?seniority=mid&amp;posted=7">'
    ) in html


def test_htmx_requests_are_not_redirected_but_push_the_canonical_address(client, paid):
    response = client.get("/jobs/?sort=newest&posted=7&salary_min=100,000&q=", **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/jobs/?posted=7&salary_min=100000"


def test_each_new_filter_value_has_a_chip_that_removes_only_it(client, paid):
    url = (
        "/jobs/?company={company}&employment_type=FULL_TIME&employment_type=CONTRACTOR"
        "&posted=7&salary_min=100000&currency=USD&sort=pay"
    ).format(company=paid["year"].company.slug)
    chips = dict(client.get(url).context["chips"])
    base = "/jobs/?company={}".format(paid["year"].company.slug)
    assert chips["Full-time"] == (
        f"{base}&employment_type=CONTRACTOR&posted=7&salary_min=100000&currency=USD&sort=pay"
    )
    assert chips["Past 7 days"] == (
        f"{base}&employment_type=FULL_TIME&employment_type=CONTRACTOR&salary_min=100000"
        "&currency=USD&sort=pay"
    )
    # Removing the minimum keeps the currency while the sort still uses it.
    assert chips["At least $100,000 a year"] == (
        f"{base}&employment_type=FULL_TIME&employment_type=CONTRACTOR&posted=7&currency=USD"
        "&sort=pay"
    )
    assert chips[paid["year"].company.name] == (
        "/jobs/?employment_type=FULL_TIME&employment_type=CONTRACTOR&posted=7"
        "&salary_min=100000&currency=USD&sort=pay"
    )


# Values the list cannot use -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("salary_min=abc", "salary_min “abc”: use a whole yearly amount, such as 120000"),
        ("salary_min=-5", "salary_min “-5”"),
        ("salary_min=1e9", "salary_min “1e9”"),
        ("salary_min=" + "9" * 20, "salary_min “99999999999999999999”"),
        ("salary_min=1&currency=XYZ", "currency “XYZ”: use a three-letter currency code"),
        ("salary_min=1&currency=dollars", "currency “dollars”"),
        ("posted=14", "posted “14”: use 1, 7 or 30 (days back from the newest posting)"),
        ("posted=week", "posted “week”"),
        ("company=nobody", "company “nobody”: not an employer we know"),
        ("company=..%2Fadmin", "company “../admin”"),
        ("employment_type=gig", "employment_type “gig”: use FULL_TIME, PART_TIME, CONTRACTOR"),
        ("sort=salary", "sort “salary”: use newest or pay"),
    ],
)
def test_unknown_values_get_a_clear_message_and_the_rest_still_apply(client, paid, query, message):
    response = client.get(f"/jobs/?seniority=mid&{query}")
    assert response.status_code == 200  # not redirected: the message would be lost
    html = response.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "We left out part of this address that we could not use" in text
    assert message in text
    assert '<meta name="robots" content="noindex">' in html
    assert response.context["filters"].seniority == ("mid",)
    # The canonical address leaves the unusable value out.
    (canonical,) = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical.startswith("http://testserver/jobs/?seniority=mid")
    name = query.rsplit("&", 1)[-1].split("=")[0]
    assert f"{name}=" not in canonical


def test_values_of_the_new_filters_never_reach_the_page_unescaped(client, paid):
    html = client.get("/jobs/", {"company": "<script>", "sort": '"><b>x'}).content.decode()
    assert "<script>" not in html.split("<main", 1)[1] and '"><b>x' not in html


# The page and its htmx updates --------------------------------------------------------------


def test_the_filter_toggle_and_the_show_button_carry_the_counts(client, paid):
    html = client.get("/jobs/?posted=7&salary_min=100000").content.decode()
    assert '<summary class="filters-toggle">Filters<span id="filters-count"' in html
    assert 'class="filters-toggle__count"> (2)</span>' in html
    assert '<span id="filters-show">Show openings</span>' in html  # no count without htmx
    partial = client.get("/jobs/?posted=7&salary_min=100000", **HTMX).content.decode()
    assert '<span id="filters-count" data-hx-swap-oob="innerHTML"> (2)</span>' in partial
    assert '<span id="filters-show" data-hx-swap-oob="innerHTML">Show 5 openings</span>' in partial
    assert '<p id="results-count" data-hx-swap-oob="innerHTML"><strong>5</strong> openings' in (
        partial
    )


def test_typed_values_are_left_alone_while_typing_and_refreshed_by_links(client, paid):
    typed = client.get("/jobs/?salary_min=1000", HTTP_HX_TRIGGER="filters", **HTMX)
    html = typed.content.decode()
    assert re.search(r'id="filter-salary-min"[^>]*data-hx-preserve="true"', html)
    assert 'id="filter-sort-box"' not in html  # the sort select is the reader's own too
    clicked = client.get("/jobs/?salary_min=1000", **HTMX).content.decode()
    assert not re.search(r'id="filter-salary-min"[^>]*data-hx-preserve', clicked)
    assert '<div id="filter-sort-box" class="results-sort" data-hx-swap-oob="true">' in clicked


def test_every_new_control_has_an_id_for_focus_to_come_back_to(client, paid):
    html = client.get("/jobs/").content.decode()
    for control in re.findall(r"<(?:input|select)\b[^>]*>", html):
        assert re.search(r'\bid="[^"]+"', control), control
    for name in ("company", "employment_type", "posted", "salary_min", "currency", "sort"):
        assert f'name="{name}"' in html, name
