"""The posting page /jobs/<id>/: every field, apply link, related openings, JSON-LD."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

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
    assert details["Locations"] == "Berlin; London, England"  # alphabetical
    assert details["Salary"].startswith("£90,000\u2013120,000 a year")
    assert details["Posted"] == "2 November 2026"
    assert "Apply by" in details
    assert "acme-42" in details["Reference"] and "acme-feed" in details["Reference"]
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
    assert data["description"] == "<p>Build pipelines.</p>\n\n<p>Own Kafka &amp; Flink.</p>"
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


def test_related_openings_are_open_postings_of_the_same_role(client, role, onsite):
    newer = make_posting(
        role=role, title="Newer Data Engineer", posted_at=POSTED + timedelta(days=1)
    )
    older = make_posting(
        role=role, title="Older Data Engineer", posted_at=POSTED - timedelta(days=1)
    )
    make_posting(role=role, title="Closed Data Engineer", status=JobPosting.Status.CLOSED)
    make_posting(title="Other Role Engineer")
    response = client.get(f"/jobs/{onsite.pk}/")
    assert list(response.context["related"]) == [newer, older]
    assert "Newer Data Engineer" in response.content.decode()


def test_related_openings_are_at_most_five(client, role, onsite):
    for _ in range(8):
        make_posting(role=role)
    assert len(client.get(f"/jobs/{onsite.pk}/").context["related"]) == 5
