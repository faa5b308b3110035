"""A role's market insight (jobs/insight/) against figures worked out by hand."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs import insight
from jobs.models import JobPosting
from tests.factories import (
    make_company,
    make_location,
    make_posting,
    make_role,
    make_skill,
    make_technology,
)

pytestmark = pytest.mark.django_db

# Far from today, and late in its day: the 30-day boundary cuts a day in two.
THROUGH = datetime(2025, 3, 20, 17, 40, tzinfo=UTC)


def paid(role, pay_min, pay_max=None, *, currency="USD", period="YEAR", **kwargs):
    kwargs.setdefault("posted_at", THROUGH - timedelta(days=2))
    return make_posting(
        role=role,
        salary_min=pay_min,
        salary_max=pay_max,
        salary_currency=currency,
        salary_period=period,
        **kwargs,
    )


def expired(**kwargs):
    """Marked open, but past its expiry: counted nowhere."""
    return make_posting(
        posted_at=timezone.now() - timedelta(days=10),
        expires_at=timezone.now() - timedelta(days=1),
        **kwargs,
    )


def test_pay_is_the_yearly_midpoint_in_the_most_quoted_currency():
    role = make_role()
    # Yearly midpoints: 100,000; 120,000 (10,000 a month); 104,000 (2,000 a week);
    # 130,000 (500 a day); 124,800 (60 an hour); 110,000 (the minimum alone) and 90,000
    # (the maximum alone). Sorted: 90,000 100,000 104,000 110,000 120,000 124,800 130,000.
    paid(role, 90_000, 110_000, seniority="mid")
    paid(role, 10_000, period="MONTH", seniority="mid")
    paid(role, 1_500, 2_500, period="WEEK", seniority="mid")
    paid(role, 500, period="DAY", seniority="mid")
    paid(role, 50, 70, period="HOUR", seniority="senior")
    paid(role, 110_000, seniority="senior")
    paid(role, None, 90_000, seniority="senior")
    # Other currencies: left out and counted; no pay at all: not in n.
    paid(role, 80_000, currency="EUR", seniority="mid")
    paid(role, 70_000, currency="GBP", seniority="mid")
    make_posting(role=role, seniority="mid")
    # Not counted: closed, past expiry, another role's.
    paid(role, 1_000_000, status="closed", seniority="mid")
    expired(role=role, salary_min=1_000_000, salary_currency="USD", salary_period="YEAR")
    paid(make_role(), 1_000_000)

    pay = insight.market_insight(role).pay

    assert (pay.currency, pay.period, pay.n, pay.left_out) == ("USD", "YEAR", 7, 2)
    # Continuous percentiles of 7 values: positions 1.5, 3 and 4.5.
    assert (pay.p25, pay.median, pay.p75) == (102_000, 110_000, 122_400)
    assert [(level.level, level.n, level.median) for level in pay.by_level] == [
        ("mid", 4, None),  # fewer than 5: named, no figures
        ("senior", 3, None),
    ]


def test_level_figures_interpolate_and_round_to_whole_units():
    role = make_role()
    for pay in (100_001, 100_002, 100_004, 100_008, 100_016):
        paid(role, pay, seniority="staff")
    pay = insight.market_insight(role).pay
    [staff] = pay.by_level
    # Positions 1, 2 and 3 exactly; then a role with 6 values: 1.25, 2.5, 3.75.
    assert (staff.label, staff.n, staff.p25, staff.median, staff.p75) == (
        "Staff",
        5,
        100_002,
        100_004,
        100_008,
    )
    paid(role, 100_032, seniority="mid")
    pay = insight.market_insight(role).pay
    # 100,002.5 -> 100,003 (halves up); 100,006 exactly; 100,014 (100,008 + 0.75 * 8).
    assert (pay.n, pay.p25, pay.median, pay.p75) == (6, 100_003, 100_006, 100_014)
    assert [level.level for level in pay.by_level] == ["mid", "staff"]  # ladder order


def test_halves_round_up():
    role = make_role()
    for pay in (1, 2, 3, 4, 5, 6):  # median 3.5
        paid(role, pay)
    assert insight.market_insight(role).pay.median == 4


def test_a_currency_tie_goes_to_the_first_in_the_alphabet():
    role = make_role()
    for currency in ("USD", "USD", "EUR", "EUR", "GBP"):
        paid(role, 50_000, currency=currency)
    pay = insight.market_insight(role).pay
    assert (pay.currency, pay.n, pay.left_out) == ("EUR", 2, 3)


def test_no_pay_at_all_and_a_role_without_postings():
    role = make_role()
    make_posting(role=role)
    assert insight.market_insight(role).pay is None
    empty = insight.market_insight(make_role())
    assert (empty.open_count, empty.remote_share, empty.pay) == (0, None, None)
    assert (empty.seniority, empty.technologies, empty.locations, empty.employers) == (
        [],
        [],
        [],
        [],
    )
    assert (empty.trend.current, empty.trend.previous, empty.trend.change) == (0, 0, None)


def test_counts_shares_ranks_and_remote():
    role = make_role()
    sql, dbt, go = (make_technology(name=name) for name in ("SQL", "dbt", "Go"))
    leeds, york = make_location(name="Leeds"), make_location(name="york")
    zeta, acme = make_company(name="Zeta"), make_company(name="acme")
    make_posting(role=role, company=zeta, technologies=[sql, dbt], locations=[leeds])
    make_posting(role=role, company=acme, technologies=[dbt], locations=[york])
    make_posting(role=role, company=acme, technologies=[sql], locations=[leeds])
    # Remote: a share, never a place, whatever places it names.
    make_posting(role=role, company=zeta, workplace="remote", locations=[york])
    expired(role=role, company=zeta, technologies=[go], locations=[york], workplace="remote")
    make_posting(role=role, company=zeta, technologies=[go], status="closed")

    figures = insight.market_insight(role)

    assert figures.open_count == 4
    assert (figures.remote_count, figures.remote_share) == (1, 0.25)
    # Ties alphabetical whatever the case.
    assert [(t.name, t.count, t.share) for t in figures.technologies] == [
        ("dbt", 2, 0.5),
        ("SQL", 2, 0.5),
    ]
    assert [(p.name, p.count, p.share) for p in figures.locations] == [
        ("Leeds", 2, 0.5),
        ("york", 1, 0.25),
    ]
    assert [(e.name, e.count) for e in figures.employers] == [("acme", 2), ("Zeta", 2)]
    assert [(s.level, s.count, s.percent) for s in figures.seniority] == [("mid", 4, 100)]


def test_top_lists_stop_at_ten():
    role = make_role()
    technologies = [make_technology(name=f"T{n:02}") for n in range(12)]
    for n, tech in enumerate(technologies):
        for _ in range(1 + n % 3):
            make_posting(role=role, technologies=[tech], company=make_company(name=f"C{n:02}"))
    figures = insight.market_insight(role)
    assert [t.name for t in figures.technologies] == [
        "T02", "T05", "T08", "T11", "T01", "T04", "T07", "T10", "T00", "T03",
    ]  # fmt: skip
    assert len(figures.employers) == 10


def test_skill_demand_counts_a_posting_once_and_names_the_gaps():
    role = make_role()
    sql, dbt, spark, go = (make_technology(name=n) for n in ("SQL", "dbt", "Spark", "Go"))
    modeling = make_skill(role=role, name="Modeling")
    modeling.technologies.set([sql, dbt])
    unlinked = make_skill(role=role, name="Unlinked")
    soft = make_skill(role=role, name="Listening", kind="soft")
    soft.technologies.set([go])  # a soft skill's links do not make a figure
    other = make_skill(role=make_role(), name="Elsewhere")
    other.technologies.set([spark])  # another guide's skill: not this guide's
    make_posting(role=role, technologies=[sql, dbt])  # both: counted once
    make_posting(role=role, technologies=[dbt, spark])
    make_posting(role=role, technologies=[spark])
    make_posting(role=role, technologies=[go])
    expired(role=role, technologies=[sql])

    figures = insight.market_insight(role)

    assert [(s.name, s.technologies, s.count, s.share) for s in figures.skills] == [
        ("Modeling", sorted([sql.slug, dbt.slug]), 2, 0.5)
    ]
    assert unlinked.pk not in {s.skill_id for s in figures.skills}
    # Top technologies no technical skill of the guide links to.
    assert [t.name for t in figures.also_asked_for] == ["Spark", "Go"]


def test_an_edited_skill_is_counted_again():
    role = make_role()
    sql, spark = make_technology(name="SQL"), make_technology(name="Spark")
    skill = make_skill(role=role, name="Data")
    skill.technologies.set([sql])
    make_posting(role=role, technologies=[sql])
    make_posting(role=role, technologies=[spark])
    assert [s.count for s in insight.market_insight(role).skills] == [1]
    skill.technologies.add(spark)
    assert [s.count for s in insight.market_insight(role).skills] == [2]
    skill.technologies.remove(sql)
    assert [s.count for s in insight.market_insight(role).skills] == [1]
    skill.delete()
    assert insight.market_insight(role).skills == []


def test_trend_windows_end_at_the_newest_posting_and_cut_days_exactly():
    role, company = make_role(), make_company()
    tech = make_technology(name="Widget")
    start = THROUGH - timedelta(days=30)

    def posted(moment, **kwargs):
        return make_posting(role=role, company=company, posted_at=moment, **kwargs)

    posted(THROUGH, technologies=[tech])  # data-through itself: current
    posted(THROUGH - timedelta(days=3), status="closed")  # whatever its status: current
    posted(start + timedelta(minutes=1), technologies=[tech])  # on the cut day, after: current
    posted(start, technologies=[tech])  # exactly 30 days back: previous
    posted(start - timedelta(hours=17))  # the cut day's first hour: previous
    posted(start - timedelta(days=10), technologies=[tech])  # previous
    posted(start - timedelta(days=30) + timedelta(minutes=1))  # earliest day, after: previous
    posted(start - timedelta(days=30))  # 60 days back: outside both
    posted(start - timedelta(days=30, hours=1), technologies=[tech])  # outside
    duplicate = posted(THROUGH - timedelta(days=1), technologies=[tech])
    posted(THROUGH - timedelta(days=1), duplicate_of=duplicate)  # one job: counted once
    make_posting(posted_at=THROUGH - timedelta(days=1))  # another role's

    trend = insight.market_insight(role).trend

    assert (trend.window_days, trend.through) == (30, THROUGH)
    assert (trend.current, trend.previous) == (4, 4)
    assert (trend.change, trend.direction) == (0, "steady")
    [widget] = trend.technologies
    assert (widget.name, widget.current, widget.previous) == ("Widget", 3, 2)
    assert (widget.change, widget.direction) == (0.5, "rising")


def test_trend_change_and_direction():
    role = make_role()
    for days in (1, 2, 3, 40, 41, 42, 43, 44):
        make_posting(role=role, posted_at=THROUGH - timedelta(days=days))
    make_posting(role=make_role(), posted_at=THROUGH)
    trend = insight.market_insight(role).trend
    assert (trend.current, trend.previous, trend.change, trend.direction) == (
        3,
        5,
        -0.4,
        "falling",
    )


def test_the_window_follows_data_through_of_any_role():
    role = make_role()
    make_posting(role=role, posted_at=THROUGH - timedelta(days=1))
    assert insight.market_insight(role).trend.current == 1
    make_posting(posted_at=THROUGH + timedelta(days=45))  # another role's, newer
    assert insight.market_insight(role).trend.current == 0
    assert insight.market_insight(role).trend.previous == 1


def test_json_has_exactly_the_product_schema():
    role = make_role(slug="schema-role", title="Schema Role")
    tech = make_technology(name="SQL", slug="sql")
    skill = make_skill(role=role, name="Querying")
    skill.technologies.set([tech])
    for pay in (10, 20, 30, 40, 50):
        paid(role, pay, technologies=[tech], seniority="senior")
    data = insight.market_insight(role).as_json()
    assert list(data) == [
        "role", "computed_at", "data_through", "open_count", "remote_share", "seniority",
        "technologies", "locations", "employers", "pay", "trend", "skills",
    ]  # fmt: skip
    assert data["role"] == {
        "slug": "schema-role",
        "title": "Schema Role",
        "url": "/roles/schema-role/",
    }
    assert data["data_through"] == (THROUGH - timedelta(days=2)).isoformat()
    datetime.fromisoformat(data["computed_at"])
    assert data["seniority"] == [{"level": "senior", "label": "Senior", "count": 5, "percent": 100}]
    assert data["technologies"] == [{"name": "SQL", "slug": "sql", "count": 5, "share": 1.0}]
    assert data["pay"] == {
        "currency": "USD",
        "period": "YEAR",
        "n": 5,
        "left_out": 0,
        "p25": 20,
        "median": 30,
        "p75": 40,
        "by_level": [{"level": "senior", "n": 5, "p25": 20, "median": 30, "p75": 40}],
    }
    assert set(data["trend"]) == {
        "window_days", "current", "previous", "change", "direction", "technologies",
    }  # fmt: skip
    assert set(data["trend"]["technologies"][0]) == {
        "name", "slug", "current", "previous", "change", "direction",
    }  # fmt: skip
    assert data["skills"] == [
        {"name": "Querying", "technologies": ["sql"], "count": 5, "share": 1.0}
    ]
    assert data["remote_share"] == 0.0 and data["employers"][0]["count"] == 1


def test_csv_rows_carry_the_same_figures():
    role = make_role()
    for pay in (10, 20, 30, 40, 50):
        paid(role, pay, seniority="mid", workplace="remote")
    lines = insight.market_insight(role).as_csv().splitlines()
    assert lines[0].split(",") == insight.CSV_COLUMNS
    rows = [dict(zip(insight.CSV_COLUMNS, line.split(","), strict=True)) for line in lines[1:]]
    by_section = {row["section"]: row for row in rows}
    assert by_section["open"]["count"] == "5"
    assert (by_section["remote"]["count"], by_section["remote"]["share"]) == ("5", "1.0")
    assert [by_section["pay"][key] for key in ("currency", "n", "p25", "median", "p75")] == [
        "USD", "5", "20", "30", "40",
    ]  # fmt: skip
    assert (by_section["pay_level"]["level"], by_section["pay_level"]["median"]) == ("mid", "30")
    assert by_section["trend"]["window_days"] == "30"


def test_estimated_salary_for_search_engines():
    role = make_role()
    for pay in (10, 20, 30, 40):
        paid(role, pay)
    assert insight.market_insight(role).estimated_salary() is None  # fewer than 5
    paid(role, 50)
    assert insight.market_insight(role).estimated_salary() == {
        "@type": "MonetaryAmountDistribution",
        "name": "Advertised pay",
        "currency": "USD",
        "duration": "P1Y",
        "percentile25": 20,
        "median": 30,
        "percentile75": 40,
    }


def _queries(role):
    """The insight's reads (on PostgreSQL it also sets, within a transaction of its own,
    a savepoint inside a test's, that these reads run without parallel workers)."""
    with CaptureQueriesContext(connection) as queries:
        insight.market_insight(role)
    settings = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL max_parallel_workers_per_gather")
    setting = [q for q in queries if q["sql"].startswith(settings)]
    assert len(setting) == (3 if connection.vendor == "postgresql" else 0)
    return len(queries) - len(setting)


def test_the_same_queries_whatever_the_data_size():
    role, tech, place = make_role(), make_technology(), make_location()
    skill = make_skill(role=role)
    skill.technologies.set([tech])

    def add(n):
        for index in range(n):
            paid(
                role,
                50_000 + index,
                technologies=[tech],
                locations=[place],
                seniority=JobPosting.Seniority.values[index % 8],
                posted_at=THROUGH - timedelta(days=index % 70, hours=index),
            )

    add(3)
    few = _queries(role)
    add(60)
    assert _queries(role) == few == 8
