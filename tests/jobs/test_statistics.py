"""Each statistic against hand-computed results on small data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs import insight, statistics
from jobs.models import JobPosting
from roles.models import Role
from tests.factories import (
    make_location,
    make_posting,
    make_related_role,
    make_role,
    make_technology,
)

pytestmark = pytest.mark.django_db

Level = JobPosting.Seniority


def expired(**kwargs):
    now = timezone.now()
    return make_posting(
        posted_at=now - timedelta(days=10), expires_at=now - timedelta(days=1), **kwargs
    )


def closed(**kwargs):
    return make_posting(status=JobPosting.Status.CLOSED, **kwargs)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 1], [34, 33, 33]),
        ([2, 1], [67, 33]),
        ([1, 1, 1, 1, 1, 1, 1], [15, 15, 14, 14, 14, 14, 14]),
        ([5], [100]),
        ([1, 2, 3, 4, 5, 6], [5, 9, 14, 19, 24, 29]),  # largest remainders: 5, 1, 6
        ([0, 0], [0, 0]),
        ([], []),
    ],
)
def test_whole_percentages_add_up_to_exactly_100(counts, expected):
    assert statistics.whole_percentages(counts) == expected
    if any(counts):
        assert sum(statistics.whole_percentages(counts)) == 100


def test_seniority_mix_in_ladder_order_with_percentages():
    role = make_role()
    for level in [Level.SENIOR, Level.SENIOR, Level.ENTRY, Level.DIRECTOR]:
        make_posting(role=role, seniority=level)
    closed(role=role, seniority=Level.INTERN)
    expired(role=role, seniority=Level.MID)

    mix = statistics.seniority_mix(role)

    assert [(share.level, share.count, share.percent) for share in mix] == [
        ("entry", 1, 25),
        ("senior", 2, 50),
        ("director", 1, 25),
    ]


def test_seniority_mix_rounds_to_100_with_thirds():
    role = make_role()
    for level in [Level.ENTRY, Level.MID, Level.SENIOR]:
        make_posting(role=role, seniority=level)
    assert [share.percent for share in statistics.seniority_mix(role)] == [34, 33, 33]


def test_role_with_no_postings():
    role = make_role()
    figures, stats = insight.market_insight(role), statistics.guide_statistics(role)
    assert figures.open_count == 0
    assert figures.seniority == figures.technologies == figures.locations == stats.latest == []


def test_all_closed_or_expired_counts_nothing():
    role, python = make_role(), make_technology(name="Python")
    city = make_location(name="Berlin")
    closed(role=role, technologies=[python], locations=[city])
    expired(role=role, technologies=[python], locations=[city])
    figures, stats = insight.market_insight(role), statistics.guide_statistics(role)
    assert statistics.open_postings_count(role) == 0
    assert (figures.open_count, figures.technologies, figures.locations, stats.latest) == (
        0,
        [],
        [],
        [],
    )


def test_top_technologies_counts_ties_alphabetical_and_limit():
    role = make_role()
    techs = {name: make_technology(name=name) for name in ["Spark", "Airflow", "SQL", "Python"]}
    make_posting(role=role, technologies=[techs["Python"], techs["SQL"], techs["Spark"]])
    make_posting(role=role, technologies=[techs["Python"], techs["Airflow"]])
    make_posting(role=role, technologies=[techs["Python"], techs["SQL"]])
    closed(role=role, technologies=[techs["Airflow"], techs["Spark"]])
    make_posting(technologies=[techs["Spark"]])  # another role

    top = statistics.top_technologies(role)
    assert [(item.name, item.count) for item in top] == [
        ("Python", 3),
        ("SQL", 2),
        ("Airflow", 1),
        ("Spark", 1),
    ]
    assert [item.name for item in statistics.top_technologies(role, limit=2)] == ["Python", "SQL"]


def test_top_locations_with_remote_as_its_own_entry():
    role = make_role()
    berlin, lisbon = make_location(name="Berlin"), make_location(name="Lisbon")
    usa = make_location(name="United States", kind="country")
    make_posting(role=role, locations=[berlin])
    make_posting(role=role, locations=[berlin, lisbon], workplace="hybrid")
    make_posting(role=role, workplace="remote", locations=[usa])
    make_posting(role=role, workplace="remote")
    make_posting(role=role, workplace="remote")
    expired(role=role, locations=[lisbon])

    top = statistics.top_locations(role)
    assert [(item.name, item.count) for item in top] == [
        ("Remote", 3),
        ("Berlin", 2),
        ("Lisbon", 1),
    ]


def test_top_locations_without_remote_postings_has_no_remote_entry():
    role = make_role()
    make_posting(role=role, locations=[make_location(name="Austin")])
    assert [item.name for item in statistics.top_locations(role)] == ["Austin"]


def test_latest_openings_newest_first_and_open_only():
    role = make_role()
    now = timezone.now()
    older = make_posting(role=role, posted_at=now - timedelta(days=3))
    newest = make_posting(role=role, posted_at=now - timedelta(hours=1))
    closed(role=role, posted_at=now - timedelta(minutes=5))
    middle = make_posting(role=role, posted_at=now - timedelta(days=2))
    assert statistics.latest_openings(role) == [newest, middle, older]
    assert statistics.latest_openings(role, limit=1) == [newest]


def test_related_roles_with_their_open_counts_in_order():
    role = make_role()
    first, second = make_role(title="First"), make_role(title="Second")
    draft = make_role(title="Draft", status=Role.Status.DRAFT)
    make_related_role(role=role, related=second, position=2, note="Two")
    make_related_role(role=role, related=first, position=1, note="One")
    make_related_role(role=role, related=draft, position=3, note="Hidden")
    make_posting(role=first)
    make_posting(role=first)
    closed(role=second)
    expired(role=first)

    related = statistics.related_roles(role)
    assert [(item.title, item.open_count, item.note) for item in related] == [
        ("First", 2, "One"),
        ("Second", 0, "Two"),
    ]


def test_open_counts_on_a_role_queryset():
    busy, quiet = make_role(title="Busy"), make_role(title="Quiet")
    make_posting(role=busy)
    make_posting(role=busy)
    expired(role=busy)
    closed(role=quiet)
    counts = dict(
        statistics.with_open_counts(Role.objects.all()).values_list("title", "open_count")
    )
    assert counts == {"Busy": 2, "Quiet": 0}


@pytest.mark.parametrize(
    "statistic",
    [
        statistics.seniority_mix,
        statistics.top_technologies,
        statistics.top_locations,
        statistics.related_roles,
        statistics.open_postings_count,
    ],
)
def test_each_statistic_is_one_query(statistic):
    role = make_role()
    tech, place = make_technology(), make_location()
    make_related_role(role=role, related=make_role(), position=1, note="n")
    for _ in range(5):
        make_posting(role=role, technologies=[tech], locations=[place])
    with CaptureQueriesContext(connection) as queries:
        statistic(role)
    assert len(queries) == 1


def test_latest_openings_are_one_query_and_one_for_their_places():
    role, place = make_role(), make_location(name="Leeds")
    for _ in range(8):
        make_posting(role=role, locations=[place], workplace="hybrid")
    with CaptureQueriesContext(connection) as queries:
        latest = statistics.latest_openings(role)
        places = [location.name for posting in latest for location in posting.locations.all()]
    assert len(queries) == 2
    assert places == ["Leeds"] * 6
