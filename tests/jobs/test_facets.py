"""Facet counts in jobs/facets.py: each option's count given the other filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs import facets
from jobs.filters import OpeningFilters
from tests.factories import make_location, make_posting, make_role, make_technology

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    role = make_role(title="Data Engineer")
    other = make_role(title="Analytics Engineer")
    paris = make_location(name="Paris", slug="paris", country_code="FR")
    france = make_location(name="France", slug="france", kind="country", country_code="FR")
    sql = make_technology(name="SQL", slug="sql")
    dbt = make_technology(name="dbt", slug="dbt")
    make_posting(role=role, seniority="mid", locations=[paris], technologies=[sql, dbt])
    make_posting(role=role, seniority="mid", workplace="remote", locations=[france])
    make_posting(role=role, seniority="senior", locations=[paris], technologies=[sql])
    make_posting(role=other, seniority="senior", technologies=[dbt])
    make_posting(role=role, seniority="senior", status="closed", locations=[paris])
    return {"role": role, "other": other, "paris": paris, "sql": sql}


def counts(facets):
    return {facet.value: facet.count for facet in facets if facet.count}


def test_without_filters(setup):
    filters = OpeningFilters()
    assert counts(facets.seniority_facets(filters=filters)) == {"mid": 2, "senior": 2}
    assert counts(facets.seniority_facets(role=setup["role"], filters=filters)) == {
        "mid": 2,
        "senior": 1,
    }
    assert counts(facets.technology_facets(filters=filters)) == {"dbt": 2, "sql": 2}
    assert counts(facets.location_facets(filters=filters)) == {"paris": 2, "france": 1}
    assert facets.remote_facet(filters=filters) == 1
    assert counts(facets.role_facets(filters=filters)) == {
        setup["role"].slug: 3,
        setup["other"].slug: 1,
    }


def test_each_facet_leaves_out_only_its_own_filter(setup):
    filters = OpeningFilters(seniority=("senior",), technology=setup["sql"])
    assert counts(facets.seniority_facets(filters=filters)) == {"mid": 1, "senior": 1}
    assert counts(facets.technology_facets(filters=filters)) == {"sql": 1, "dbt": 1}
    assert counts(facets.location_facets(filters=filters)) == {"paris": 1}
    assert facets.remote_facet(filters=filters) == 0


def test_seniority_facets_list_the_whole_ladder_in_order(setup):
    ladder = facets.seniority_facets(filters=OpeningFilters())
    assert [facet.value for facet in ladder] == [
        "intern", "entry", "mid", "senior", "staff", "principal", "manager", "director",
    ]  # fmt: skip


def test_locations_are_grouped_cities_first(setup):
    places = facets.location_facets(filters=OpeningFilters())
    assert [(facet.group, facet.label) for facet in places] == [
        ("Cities", "Paris"),
        ("Countries", "France"),
    ]


def test_each_facet_is_one_query(setup):
    filters = OpeningFilters(q="build", seniority=("mid",), location=setup["paris"], remote=True)
    _ = filters.search_companies  # PostgreSQL looks these up once per request.
    for facet in (
        facets.seniority_facets,
        facets.location_facets,
        facets.technology_facets,
        facets.remote_facet,
    ):
        with CaptureQueriesContext(connection) as queries:
            facet(filters=filters)
        assert len(queries) == 1, facet.__name__
    with CaptureQueriesContext(connection) as queries:
        facets.role_facets(filters=filters)
    assert len(queries) == 1
