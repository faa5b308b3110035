"""The posting page /jobs/<id>/: every field, apply link, related openings, JSON-LD."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from roles.models import Role
from tests.factories import (
    make_company,
    make_location,
    make_posting,
    make_role,
    make_technology,
)

pytestmark = pytest.mark.django_db

POSTED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def structured_data(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def job_postings(html):
    return [block for block in structured_data(html) if block.get("@type") == "JobPosting"]


@pytest.fixture
def role():
    return make_role(slug="data-engineer", title="Data Engineer")


@pytest.fixture
def onsite(role):
    return make_posting(
        role=role,
        external_id="acme-42",
        title="Senior Data Engineer, Streaming",
        company=make_company(name="Acme Analytics", website="https://acme.example"),
        description="Build pipelines.\n\nOwn Kafka & Flink.",
        seniority="senior",
        employment_type="CONTRACTOR",
        workplace="hybrid",
        locations=[
            make_location(name="London", region="England", country_code="GB"),
            make_location(name="Berlin", country_code="DE"),
        ],
        technologies=[make_technology(name="Apache Kafka"), make_technology(name="Python")],
        salary_min=90_000,
        salary_max=120_000,
        salary_currency="GBP",
        salary_period="YEAR",
        posted_at=POSTED,
        expires_at=timezone.now() + timedelta(days=30),
        apply_url="https://acme.example/apply/42",
        source="acme-feed",
    )


def facts(html):
    """The posting's details list as {label: text}, tags stripped."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S)
    return {
        re.sub(r"<[^>]+>", "", label).strip(): " ".join(re.sub(r"<[^>]+>", "", text).split())
        for label, text in pairs
    }


def test_every_field_is_shown(client, onsite):
    response = client.get(f"/jobs/{onsite.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Senior Data Engineer, Streaming</h1>" in html
    assert "Own Kafka &amp; Flink." in html
    details = facts(html)
    assert details["Status"] == "Open"
    assert details["Role"] == "Data Engineer"
    assert details["Seniority"] == "Senior"
    assert details["Employment"] == "Contract"
    assert details["Workplace"] == "Hybrid"
    assert details["Location"] == "Berlin; London, England"  # alphabetical
    assert details["Pay"] == "£90,000\u2013120,000 a year"  # the currency once
    assert details["Posted"] == "2 November 2026"
    assert details["Closing date"] == f"{onsite.expires_at:%-d %B %Y}"
    (provenance,) = re.findall(r'<p class="meta provenance">(.*?)</p>', html, re.S)
    assert "<code>acme-42</code> in the acme-feed feed" in provenance
    assert re.search(r'class="tag"[^>]*>Apache Kafka</a>', html)
    assert re.search(r'class="tag"[^>]*>Python</a>', html)
    assert "Acme Analytics" in html
    assert '<a href="/roles/data-engineer/">Data Engineer</a>' in html


def test_apply_link_is_nofollow_noopener(client, onsite):
    html = client.get(f"/jobs/{onsite.pk}/").content.decode()
    links = re.findall(r'<a [^>]*href="https://acme.example/apply/42"[^>]*>', html)
    assert links and all('rel="nofollow noopener"' in link for link in links)


def test_json_ld_job_posting(client, onsite):
    html = client.get(f"/jobs/{onsite.pk}/").content.decode()
    [data] = job_postings(html)
    assert data["@context"] == "https://schema.org"
    assert data["title"] == "Senior Data Engineer, Streaming"
    # The page's own description HTML: in its parts, sanitized.
    assert data["description"] == "<p>Build pipelines.</p>\n<p>Own Kafka &amp; Flink.</p>"
    assert data["datePosted"] == "2026-11-02T09:00:00+00:00"
    assert data["validThrough"] == onsite.expires_at.isoformat()
    assert data["employmentType"] == "CONTRACTOR"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Acme Analytics",
        "sameAs": "https://acme.example",
    }
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "Acme Analytics",
        "value": "acme-42",
    }
    assert data["jobLocation"] == [  # in name order
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": "DE",
                "addressLocality": "Berlin",
            },
        },
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": "GB",
                "addressLocality": "London",
                "addressRegion": "England",
            },
        },
    ]
    assert "jobLocationType" not in data
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "YEAR",
            "minValue": 90_000,
            "maxValue": 120_000,
        },
    }
    assert data["url"] == f"http://testserver/jobs/{onsite.pk}/"
    assert data["directApply"] is False


def test_json_ld_for_remote_work(client, role):
    posting = make_posting(
        role=role,
        workplace="remote",
        locations=[make_location(name="United States", kind="country", country_code="US")],
    )
    [data] = job_postings(client.get(f"/jobs/{posting.pk}/").content.decode())
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "United States"}]
    assert "jobLocation" not in data
    assert "baseSalary" not in data and "validThrough" not in data


def test_json_ld_salary_with_one_bound(client, role):
    posting = make_posting(role=role, salary_min=50, salary_currency="USD", salary_period="HOUR")
    [data] = job_postings(client.get(f"/jobs/{posting.pk}/").content.decode())
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "HOUR",
        "value": 50,
    }


def test_descriptions_cannot_break_out_of_the_json_ld(client, role):
    hostile = 'Fine print </script><script>alert("x")</script> <!-- & \u2028 done'
    posting = make_posting(role=role, title="</script><b>bold</b>", description=hostile)
    html = client.get(f"/jobs/{posting.pk}/").content.decode()
    assert '<script>alert("x")' not in html
    assert "<b>bold</b>" not in html
    [data] = job_postings(html)
    assert data["title"] == "</script><b>bold</b>"
    assert "&lt;/script&gt;&lt;script&gt;alert" in data["description"]


@pytest.mark.parametrize("state", ["closed", "expired"])
def test_closed_or_expired_posting_says_so_without_markup(client, role, state):
    now = timezone.now()
    if state == "closed":
        posting = make_posting(role=role, title="Gone Engineer", status="closed")
    else:
        posting = make_posting(
            role=role, title="Gone Engineer", posted_at=now - timedelta(days=20),
            expires_at=now - timedelta(days=2),
        )  # fmt: skip
    response = client.get(f"/jobs/{posting.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gone Engineer" in html
    assert "no longer takes applications" in html
    assert job_postings(html) == []
    assert posting.apply_url not in html
    assert response["X-Robots-Tag"] == "noindex"
    # ...and it is in no list and no count.
    listing = client.get("/jobs/")
    assert "Gone Engineer" not in listing.content.decode()
    assert "Gone Engineer" not in client.get("/roles/data-engineer/jobs/").content.decode()
    assert listing.context["page"].paginator.count == 0


def test_open_posting_has_no_closed_notice(client, onsite):
    response = client.get(f"/jobs/{onsite.pk}/")
    assert "no longer takes applications" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_missing_posting_is_404(client):
    assert client.get("/jobs/123456/").status_code == 404


def test_posting_of_a_draft_guide_is_404(client):
    posting = make_posting(role=make_role(status=Role.Status.DRAFT))
    assert client.get(f"/jobs/{posting.pk}/").status_code == 404


# The same labels on every posting ----------------------------------------------------------

LABELS = [
    "Status", "Role", "Seniority", "Employment", "Workplace", "Location", "Pay", "Posted",
    "Closing date",
]  # fmt: skip


def detail_labels(html):
    (details,) = re.findall(r'<dl class="facts">(.*?)</dl>', html, re.S)
    labels = re.findall(r"<dt>(.*?)</dt>", details)
    return [re.sub(r"<[^>]+>", "", label).strip() for label in labels]


def test_every_posting_has_the_same_labels_in_the_same_order(client, role, onsite):
    now = timezone.now()
    others = [
        make_posting(role=role, workplace="remote"),  # no places, no pay, no closing date
        make_posting(role=role, status="closed", salary_min=40, salary_currency="USD",
                     salary_period="HOUR"),
        make_posting(role=role, posted_at=now - timedelta(days=9),
                     expires_at=now - timedelta(days=1), locations=[make_location(name="Leeds")]),
    ]  # fmt: skip
    for posting in [onsite, *others]:
        html = client.get(posting.get_absolute_url()).content.decode()
        assert detail_labels(html) == LABELS, posting
        assert "Reference" not in detail_labels(html)
        assert "Where this comes from: reference" in html
    remote = facts(client.get(others[0].get_absolute_url()).content.decode())
    assert remote["Location"] == "Anywhere"
    assert remote["Pay"] == "Not stated"
    assert remote["Closing date"] == "None given"


@pytest.mark.parametrize(
    ("low", "high", "currency", "period", "shown"),
    [
        (197_000, 298_000, "CAD", "YEAR", "CA$197,000\u2013298,000 a year"),
        (9_000, 12_000, "PLN", "MONTH",
         "PLN\u00a09,000\u201312,000 a month (about PLN\u00a0126,000 a year)"),
        (2_000, 2_500, "USD", "WEEK", "$2,000\u20132,500 a week (about $117,000 a year)"),
        (450, None, "GBP", "DAY", "From £450 a day (about £117,000 a year)"),
        (None, 60, "EUR", "HOUR", "Up to €60 an hour (about €124,800 a year)"),
        (80, 80, "USD", "HOUR", "$80 an hour (about $166,400 a year)"),
    ],
)  # fmt: skip
def test_pay_reads_with_the_currency_once_in_every_period(
    client, role, low, high, currency, period, shown
):
    posting = make_posting(
        role=role, salary_min=low, salary_max=high, salary_currency=currency, salary_period=period
    )
    html = client.get(posting.get_absolute_url()).content.decode()
    assert facts(html)["Pay"] == " ".join(shown.split())
    assert shown.split(" (about")[0] in html  # no-break spaces kept
    assert f"({currency})" not in html.split('<dl class="facts">')[1].split("</dl>")[0]


def test_description_shows_its_parts_with_headings_and_lists(client, role):
    posting = make_posting(
        role=role,
        description=(
            "About the team\nWe run the clinics' data.\n\nWhat you will do\n- Model the data\n"
            "- Keep <costs> & quality in check\n\nThe range is $120,000\u2013$182,000 a year."
        ),
    )
    html = client.get(posting.get_absolute_url()).content.decode()
    (body,) = re.findall(r'<div class="prose posting-description">(.*?)</div>', html, re.S)
    assert body == (
        "<h3>About the team</h3>\n<p>We run the clinics' data.</p>\n"
        "<h3>What you will do</h3>\n"
        "<ul><li>Model the data</li><li>Keep &lt;costs&gt; &amp; quality in check</li></ul>\n"
        "<p>The range is $120,000\u2013$182,000 a year.</p>"
    )


def test_html_descriptions_from_feeds_go_through_the_guides_sanitizer(client, role):
    posting = make_posting(
        role=role,
        description=(
            '<h1>About us</h1><p onclick="steal()">We <b>build</b>.<script>alert(1)</script></p>'
            '<ul><li><a href="javascript:alert(1)">x</a></li><li>'
            '<a href="https://acme.example/team">Team</a></li></ul><h2>Perks</h2><img src=x>'
        ),
    )
    html = client.get(posting.get_absolute_url()).content.decode()
    (body,) = re.findall(r'<div class="prose posting-description">(.*?)</div>', html, re.S)
    assert "<h3>About us</h3>" in body and "<h3>Perks</h3>" in body  # below the page's h2
    assert "<b>build</b>" in body
    assert "script" not in body and "onclick" not in body and "javascript:" not in body
    assert "<img" not in body
    assert '<a href="https://acme.example/team" rel="nofollow noopener">Team</a>' in body


def test_posting_page_queries_are_fixed(client, role):
    def count(posting):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(posting.get_absolute_url()).status_code == 200
        return len(queries)

    python = make_technology(name="Python")
    first = make_posting(role=role, technologies=[python])
    make_posting(role=role, technologies=[python])
    few = count(first)
    for _ in range(30):
        make_posting(role=role, technologies=[python], locations=[make_location()])
    # The posting, its places and technologies; the similar openings chosen and their
    # places. Kept per role, and asked here because the cache is empty: the role's newest
    # openings with their technologies and places (3), its market figures (7 without
    # pay: data-through, tally rows, skills, days posted for the role and its
    # technologies, the postings of the days a window cuts, its next expiry; on
    # PostgreSQL in a savepoint that sets no parallel workers: 3 more), the next expiry,
    # and the footer's question (are all postings samples?).
    assert few == count(first) == 17 + 3 * (connection.vendor == "postgresql")


def test_a_posting_page_of_a_role_already_seen_costs_five_queries(client, role):
    """Real traffic: posting pages asked once each, the role's figures kept meanwhile."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    python = make_technology(name="Python")
    postings = [make_posting(role=role, technologies=[python]) for _ in range(3)]
    client.get(postings[0].get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(postings[1].get_absolute_url()).status_code == 200
    assert len(queries) == 5


# Similar openings -------------------------------------------------------------------------


def test_similar_openings_share_technologies_or_places_most_first(client, role):
    python, spark, kafka = (make_technology(name=name) for name in ("Python", "Spark", "Kafka"))
    london, paris = make_location(name="London"), make_location(name="Paris")
    posting = make_posting(role=role, technologies=[python, spark], locations=[london])

    def similar(title, days, **kwargs):
        posted_at = POSTED - timedelta(days=days)
        return make_posting(role=role, title=title, posted_at=posted_at, **kwargs)

    three = similar("Shares three", 5, technologies=[python, spark], locations=[london])
    two_old = similar("Shares two, older", 4, technologies=[spark], locations=[london])
    two_new = similar("Shares two, newer", 3, technologies=[python, spark, kafka])
    one = similar("Shares a place", 1, locations=[london, paris])
    similar("Shares nothing", 0, technologies=[kafka], locations=[paris])
    similar("Closed", 0, technologies=[python], status="closed")
    make_posting(title="Other role", technologies=[python], locations=[london])

    response = client.get(posting.get_absolute_url())
    assert response.context["similar"] == [three, two_new, two_old, one]
    html = response.content.decode()
    assert "Shares nothing" not in html and "Other role" not in html
    # Each with the place and the workplace, as the guide's latest openings.
    assert "London · on-site" in html and "London, Paris · on-site" in html


def test_similar_openings_are_at_most_five_and_say_when_there_are_none(client, role):
    python = make_technology()
    lonely = make_posting(role=role, technologies=[make_technology()])
    posting = make_posting(role=role, technologies=[python])
    for _ in range(8):
        make_posting(role=role, technologies=[python])
    assert len(client.get(posting.get_absolute_url()).context["similar"]) == 5
    html = client.get(lonely.get_absolute_url()).content.decode()
    assert "No other open Data Engineer posting shares its technologies or places" in html
    assert f'href="/jobs/?company={lonely.company.slug}"' in html


# The guide's figures at a glance ----------------------------------------------------------


def glance(html):
    (section,) = re.findall(r'<dl class="glance__figures">(.*?)</dl>', html, re.S)
    return {
        label: " ".join(re.sub(r"<[^>]+>", "", value).split())
        for label, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section, re.S)
    }


def test_posting_page_shows_the_roles_figures_at_a_glance(client, role):
    sql, dbt = make_technology(name="SQL"), make_technology(name="dbt")
    postings = [
        make_posting(role=role, seniority="senior", technologies=[sql, dbt], workplace="remote"),
        make_posting(role=role, seniority="senior", technologies=[dbt]),
        make_posting(role=role, seniority="mid", technologies=[sql]),
        make_posting(role=role, seniority="mid", workplace="remote"),
    ]
    make_posting(role=role, seniority="mid", status="closed", technologies=[sql])
    html = client.get(postings[0].get_absolute_url()).content.decode()
    # Ties: the lower level of the ladder, the technology first in the alphabet.
    assert glance(html) == {
        "Open postings": "4",
        "Most common level": "Mid level (50%)",
        "Most asked-for technology": "dbt (in 50%)",
        "Remote": "50% (2 postings)",
    }
    assert '<a href="/roles/data-engineer/">Read the Data Engineer guide</a>' in html
