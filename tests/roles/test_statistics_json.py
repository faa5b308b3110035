"""/roles/<slug>/statistics.json and .csv: the guide's market figures for the rest of the team."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import JobPosting
from roles.models import Role
from tests.factories import (
    make_company,
    make_full_guide,
    make_many_postings,
    make_posting,
    make_role,
    make_skill,
    make_technology,
)

pytestmark = pytest.mark.django_db


def figures(client, slug, **headers):
    response = client.get(f"/roles/{slug}/statistics.json", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def paid(role, pay, **kwargs):
    return make_posting(
        role=role, salary_min=pay, salary_currency="USD", salary_period="YEAR", **kwargs
    )


def test_json_serves_the_figures_with_an_absolute_role_url(client):
    role = make_role(slug="data", title="Data Person")
    sql = make_technology(name="SQL", slug="sql")
    make_skill(role=role, name="Querying").technologies.set([sql])
    for pay in (100, 200, 300, 400, 500):
        paid(role, pay, technologies=[sql], workplace="remote")
    data = figures(client, "data")
    assert data["role"] == {
        "slug": "data",
        "title": "Data Person",
        "url": "http://testserver/roles/data/",
    }
    assert (data["open_count"], data["remote_share"]) == (5, 1.0)
    assert (data["pay"]["median"], data["pay"]["n"]) == (300, 5)
    assert data["skills"] == [
        {"name": "Querying", "technologies": ["sql"], "count": 5, "share": 1.0}
    ]


def test_csv_serves_the_same_figures(client):
    role = make_role(slug="data")
    for pay in (100, 200, 300, 400, 500):
        paid(role, pay, seniority="senior")
    response = client.get("/roles/data/statistics.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="data-statistics.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    pay = next(row for row in rows if row["section"] == "pay")
    assert (pay["currency"], pay["n"], pay["median"], pay["p25"]) == ("USD", "5", "300", "200")
    level = next(row for row in rows if row["section"] == "pay_level")
    assert (level["level"], level["n"], level["median"]) == ("senior", "5", "300")
    assert next(row for row in rows if row["section"] == "open")["count"] == "5"


def test_unknown_and_draft_guides_are_not_found_but_staff_read_drafts(client):
    make_role(slug="secret", status=Role.Status.DRAFT)
    for suffix in ("json", "csv"):
        assert client.get(f"/roles/no-such-role/statistics.{suffix}").status_code == 404
        assert client.get(f"/roles/secret/statistics.{suffix}").status_code == 404
    client.force_login(User.objects.create_user("editor", password="pw", is_staff=True))
    assert figures(client, "secret")["role"]["slug"] == "secret"
    assert client.get("/roles/secret/statistics.csv").status_code == 200


def test_a_write_changes_the_kept_json_on_the_next_request(client):
    role = make_role(slug="live")
    first = make_posting(role=role)
    assert figures(client, "live")["open_count"] == 1
    response = client.get("/roles/live/statistics.json")
    assert response["Cache-Control"] == "public, no-cache" and response["ETag"]
    make_posting(role=role)
    assert figures(client, "live")["open_count"] == 2
    first.status = JobPosting.Status.CLOSED
    first.save()
    assert figures(client, "live")["open_count"] == 1
    # Bulk writes, as the importer and services make them, retire it too.
    JobPosting.objects.filter(pk=first.pk).update(status=JobPosting.Status.OPEN)
    from careerguide.cache import invalidate_after_write
    from jobs.signals import posting_scopes

    invalidate_after_write(posting_scopes(role.pk))
    assert figures(client, "live")["open_count"] == 2


def test_a_newer_posting_of_another_role_moves_the_trend_window(client):
    role, other, company = make_role(slug="steady"), make_role(), make_company()
    now = timezone.now()
    make_posting(role=role, posted_at=now - timedelta(days=1))
    before = figures(client, "steady")
    assert (before["trend"]["current"], before["trend"]["previous"]) == (1, 0)
    # Only a posting of another role (no guide or company saved): data-through moves.
    make_posting(role=other, company=company, posted_at=now + timedelta(days=40))
    after = figures(client, "steady")
    assert (after["trend"]["current"], after["trend"]["previous"]) == (0, 1)
    assert after["data_through"] > before["data_through"]


def test_a_change_of_a_skills_technologies_changes_the_json(client):
    role = make_role(slug="skills")
    sql, dbt = make_technology(name="SQL"), make_technology(name="dbt")
    skill = make_skill(role=role, name="Modeling")
    skill.technologies.set([sql])
    make_posting(role=role, technologies=[sql])
    make_posting(role=role, technologies=[dbt])
    assert [s["count"] for s in figures(client, "skills")["skills"]] == [1]
    skill.technologies.add(dbt)
    assert [s["count"] for s in figures(client, "skills")["skills"]] == [2]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_query_counts_are_fixed_cold_and_warm(client, suffix):
    small, large = make_full_guide(slug="small"), make_full_guide(slug="large")
    make_many_postings(small, 10, salary_min=1000, salary_currency="USD", salary_period="YEAR")
    make_many_postings(large, 3000, salary_min=1000, salary_currency="USD", salary_period="YEAR")
    cold = {}
    warm = {}
    for slug in ("small", "large"):
        cache.clear()
        url = f"/roles/{slug}/statistics.{suffix}"
        cold[slug], warm[slug] = _queries(client, url), _queries(client, url)
    # Cold: the role's id for the page's scopes, the guide, the insight (data-through,
    # tally rows, skills, pay, days posted for the role and its technologies, the cut
    # days, the next expiry; PostgreSQL: a savepoint setting no parallel workers) and the
    # next expiry for the kept page. Warm: the kept page.
    assert cold["small"] == cold["large"] == 11 + 3 * (connection.vendor == "postgresql")
    assert warm["small"] == warm["large"] == 0


def test_the_guide_carries_estimated_salary_in_its_structured_data(client):
    role = make_full_guide(slug="paid")
    for pay in (100, 200, 300, 400, 500):
        paid(role, pay)
    html = client.get("/roles/paid/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    [occupation] = [item for item in map(json.loads, blocks) if item.get("@type") == "Occupation"]
    assert occupation["estimatedSalary"] == {
        "@type": "MonetaryAmountDistribution",
        "name": "Advertised pay",
        "currency": "USD",
        "duration": "P1Y",
        "percentile25": 200,
        "median": 300,
        "percentile75": 400,
    }
    make_full_guide(slug="unpaid")
    assert "estimatedSalary" not in client.get("/roles/unpaid/").content.decode()
