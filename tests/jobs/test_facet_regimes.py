"""How the openings lists count (jobs/facets.py): each facet live over a small base, from the
tallies over an unfiltered one, or not at all; the total exact or shown as more than the
limit, with pages that stay right either way. Limits are set small here (the
OPENINGS_EXACT_LIMIT setting) and every count is checked against one computed directly."""

import random
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careerguide.cache import invalidate_after_write
from jobs import facets
from jobs.filters import PAY, OpeningFilters
from jobs.models import JobPosting
from roles.models import Role
from tests.factories import make_company, make_location, make_posting, make_role, make_technology

pytestmark = pytest.mark.django_db

LEVELS = JobPosting.Seniority.values
KINDS = JobPosting.EmploymentType.values


@pytest.fixture
def world():
    """Two published guides and a draft, with postings that differ in every facet."""
    rng = random.Random(16)
    roles = [make_role(title="Data Engineer"), make_role(title="Analytics Engineer")]
    draft = make_role(title="Draft Role", status=Role.Status.DRAFT)
    places = [make_location(name=f"Place {n}", slug=f"place-{n}") for n in range(3)]
    techs = [make_technology(name=f"Tech {n}", slug=f"tech-{n}") for n in range(4)]
    companies = [make_company(name=f"Employer {n}", slug=f"employer-{n}") for n in range(3)]
    now = timezone.now()
    for number in range(40):
        paid = number % 3 == 0
        make_posting(
            role=rng.choice([*roles, draft]) if number % 7 else roles[0],
            company=rng.choice(companies),
            seniority=rng.choice(LEVELS),
            employment_type=rng.choice(KINDS),
            workplace=rng.choice(["onsite", "remote", "hybrid"]),
            posted_at=now - timedelta(days=rng.choice([0.5, 3, 12, 60]), minutes=number),
            locations=rng.sample(places, rng.randint(0, 2)),
            technologies=rng.sample(techs, rng.randint(0, 3)),
            status="closed" if number % 11 == 5 else "open",
            **(pay(50_000 + 1000 * number, rng.choice(["USD", "EUR"])) if paid else {}),
        )
    return {"roles": roles, "draft": draft, "places": places, "techs": techs,
            "companies": companies}  # fmt: skip


def pay(amount, currency):
    return {"salary_min": amount, "salary_currency": currency, "salary_period": "YEAR"}


def values(found):
    return [(facet.value, facet.count) for facet in found]


def direct(role, filters):
    """Every facet counted directly, one query each (the functions beside the regimes)."""
    filters = filters.resolved(
        main_currency=facets.pay_facets(
            role=role, filters=filters.resolved(main_currency="", data_through=None)
        ).main_currency
        if filters.uses_currency and not filters.currency
        else "",
        data_through=JobPosting.objects.data_through(),
    )
    found = {
        "seniority": values(facets.seniority_facets(role=role, filters=filters)),
        "location": values(facets.location_facets(role=role, filters=filters)),
        "technology": values(facets.technology_facets(role=role, filters=filters)),
        "remote": facets.remote_facet(role=role, filters=filters),
        "employment_type": values(facets.employment_facets(role=role, filters=filters)),
        "posted": values(facets.posted_facets(role=role, filters=filters)),
        "pay": values(facets.pay_facets(role=role, filters=filters).currencies),
        "total": filters.apply(JobPosting.objects.listed(role)).count(),
    }
    total = found["total"]
    found["company"] = values(facets.company_facets(role=role, filters=filters, chosen_count=total))
    if role is None:
        found["role"] = values(facets.role_facets(filters=filters))
    return found


def shown(found):
    """The same facets as the list counted them (None where it did not)."""
    return {
        "seniority": values(found.seniority),
        "location": values(found.locations),
        "technology": values(found.technologies),
        "remote": found.remote,
        "employment_type": values(found.employment),
        "posted": values(found.posted),
        "pay": values(found.pay.currencies),
        "company": values(found.companies),
        "role": values(found.roles),
        "total": found.list_total,
    }


def counted(role, filters):
    return facets.opening_facets(role=role, filters=filters)


def combinations(world):
    senior, tech, place, company = ("senior",), world["techs"][1], world["places"][0], None
    company = world["companies"][2]
    return [
        OpeningFilters(),
        OpeningFilters(seniority=senior),
        OpeningFilters(technology=tech),
        OpeningFilters(remote=True),
        OpeningFilters(location=place, employment_type=("FULL_TIME",)),
        OpeningFilters(company=company, posted=7),
        OpeningFilters(seniority=("mid", "staff"), technology=tech, remote=True),
        OpeningFilters(salary_min=60_000),
        OpeningFilters(salary_min=60_000, currency="EUR", sort=PAY),
        OpeningFilters(q="things", posted=30),
    ]


# Live: every base within the limit ----------------------------------------------------------


@pytest.mark.parametrize("scope", ["all", "role"])
def test_live_counts_equal_direct_counts(world, settings, scope):
    settings.OPENINGS_EXACT_LIMIT = 1000
    role = world["roles"][0] if scope == "role" else None
    for filters in combinations(world):
        found = counted(role, filters)
        expected = direct(role, filters)
        got = shown(found)
        for name, value in expected.items():
            assert got[name] == value, (filters.params(), name)
        assert found.total_is_exact
        assert set(found.counted_from.values()) == {"live"}
        assert found.uncounted == []


# Tallies: unfiltered bases past the limit ---------------------------------------------------


@pytest.mark.parametrize("scope", ["all", "role"])
def test_unfiltered_lists_past_the_limit_count_from_the_tallies(world, settings, scope):
    settings.OPENINGS_EXACT_LIMIT = 2
    role = world["roles"][0] if scope == "role" else None
    found = counted(role, OpeningFilters())
    expected = direct(role, OpeningFilters())
    got = shown(found)
    tallied = {"seniority", "technology", "remote"} | ({"role"} if role is None else set())
    assert {name for name, how in found.counted_from.items() if how == "tallies"} == tallied
    for name in tallied:
        assert got[name] == expected[name], name
    assert found.total_is_exact and found.list_total == expected["total"]
    # What the tallies do not count is listed without numbers.
    assert {count for _, count in got["location"]} == {None}
    assert {count for _, count in got["employment_type"]} == {None}
    assert {count for _, count in got["posted"]} == {None}
    assert got["company"] == [] and found.pay.without_pay is None
    assert "company" in found.uncounted and "date posted" in found.uncounted


def test_tallied_counts_stay_equal_to_direct_counts_after_random_writes(world, settings):
    settings.OPENINGS_EXACT_LIMIT = 2
    rng = random.Random(4)
    for _ in range(12):
        choice = rng.choice(["add", "close", "move", "retag", "raw"])
        if choice == "add":
            make_posting(role=rng.choice(world["roles"]), seniority=rng.choice(LEVELS),
                         workplace=rng.choice(["remote", "onsite"]),
                         technologies=rng.sample(world["techs"], 2))  # fmt: skip
        elif choice == "close":
            JobPosting.objects.filter(pk=JobPosting.objects.open().order_by("?").first().pk).update(
                status="closed"
            )
        elif choice == "move":
            posting = JobPosting.objects.open().order_by("?").first()
            posting.role = rng.choice([*world["roles"], world["draft"]])
            posting.save()
        elif choice == "retag":
            JobPosting.objects.open().order_by("?").first().technologies.set(
                rng.sample(world["techs"], 1)
            )
        else:  # a write no signal sees, then what bulk writers do
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE jobs_jobposting SET seniority = %s WHERE id = %s",
                    [rng.choice(LEVELS), JobPosting.objects.open().order_by("?").first().pk],
                )
        invalidate_after_write()
        for role in (None, world["roles"][0], world["roles"][1]):
            for filters in (OpeningFilters(), OpeningFilters(technology=world["techs"][0])):
                found, expected = shown(counted(role, filters)), direct(role, filters)
                assert found["technology"] == expected["technology"], (choice, role)
                if not filters.is_active:
                    assert found["seniority"] == expected["seniority"], (choice, role)
                    assert found["remote"] == expected["remote"], (choice, role)
                    assert found["total"] == expected["total"], (choice, role)
                    if role is None:
                        assert found["role"] == expected["role"], choice


def test_a_single_filter_counts_its_own_facet_from_the_tallies(world, settings):
    settings.OPENINGS_EXACT_LIMIT = 3
    tech = world["techs"][0]
    filters = OpeningFilters(technology=tech)
    found = counted(None, filters)
    expected = direct(None, filters)
    assert found.counted_from["technology"] == "tallies"
    assert shown(found)["technology"] == expected["technology"]
    # the list itself is the chosen technology's count
    assert found.total_is_exact and found.list_total == expected["total"] > 3
    assert "seniority" not in found.counted_from  # its base, the technology's list, is too big


# Capped: large filtered bases -----------------------------------------------------------------


def test_large_filtered_lists_show_a_total_past_the_limit_and_no_uncounted_numbers(
    client, world, settings
):
    settings.OPENINGS_EXACT_LIMIT = 3
    kind = "FULL_TIME"
    expected = direct(None, OpeningFilters(employment_type=(kind,)))
    assert expected["total"] > 3
    response = client.get(f"/jobs/?employment_type={kind}")
    found = response.context["facets"]
    assert not found.total_is_exact and found.list_total == 4
    assert {facet.count for facet in found.employment} == {None}  # its base is every posting
    html = response.content.decode()
    assert "of <strong>3+</strong>" in html or "<strong>3+</strong> opening" in html
    assert "Numbers appear beside the" in html
    # Past the limit a posting's figures are never guessed: no count beside a level.
    levels = re.search(r"<legend>Seniority</legend>(.*?)</fieldset>", html, re.S)[1]
    assert "facet__count" not in levels


def test_pages_of_a_list_past_the_limit_are_numbered_from_the_start_and_continue_by_cursor(
    client, world, settings
):
    settings.OPENINGS_EXACT_LIMIT = 3
    role = world["roles"][0]
    for _ in range(30):
        make_posting(role=role, employment_type="CONTRACTOR")
    expected = list(
        JobPosting.objects.listed()
        .filter(employment_type="CONTRACTOR")
        .newest_first()
        .values_list("pk", flat=True)
    )
    assert len(expected) > 25
    first = client.get("/jobs/?employment_type=CONTRACTOR")
    assert [p.pk for p in first.context["page"].object_list] == expected[:25]
    links = first.context["page_links"]
    assert links["next"] and "after=" in links["next"]  # page 2 is not numbered
    following = client.get(links["next"])
    assert [p.pk for p in following.context["page"].object_list] == expected[25:50]
    missing = client.get("/jobs/?employment_type=CONTRACTOR&page=2")
    assert missing.status_code == 404
    assert b"past the numbered pages" in missing.content
    assert b"The numbered pages at the end" not in missing.content


# Postings with pay within the limit, past it, and more than a page of them.
@pytest.mark.parametrize(("paid_count", "limit"), [(2, 5), (9, 5), (30, 40)])
def test_pay_order_past_the_limit_reads_both_parts_from_their_start(
    client, world, settings, paid_count, limit
):
    settings.OPENINGS_EXACT_LIMIT = limit
    role = make_role()
    for number in range(paid_count):
        make_posting(role=role, salary_min=90_000 + number, salary_currency="GBP",
                     salary_period="YEAR")  # fmt: skip
    for _ in range(28):
        make_posting(role=role)
    listed = JobPosting.objects.listed(role)
    with_pay = listed.filter(salary_currency="GBP", pay_yearly__isnull=False)
    expected = list(
        with_pay.order_by("-pay_yearly", "-posted_at", "-id").values_list("pk", flat=True)
    ) + list(
        listed.exclude(pk__in=with_pay.values("pk")).newest_first().values_list("pk", flat=True)
    )
    response = client.get(f"/roles/{role.slug}/jobs/?currency=GBP&sort=pay")
    assert response.context["total"] == len(expected)  # from the tallies: no filter
    assert [p.pk for p in response.context["page"].object_list] == expected[:25]
    assert response.context["page"].paginator.is_numbered(2) == (paid_count <= limit)
    # A search makes the list's total unknown past the limit; the order stays the same.
    searched = client.get(f"/roles/{role.slug}/jobs/?q=things&currency=GBP&sort=pay")
    assert searched.context["total_is_exact"] == (len(expected) <= limit)
    assert [p.pk for p in searched.context["page"].object_list] == expected[:25]
    following = searched.context["page_links"]["next"]
    if searched.context["page"].paginator.is_numbered(2):
        rows = client.get(following).context["page"].object_list
        assert [p.pk for p in rows] == expected[25:50]
    else:  # cursors read newest first: no Next that would change the order
        assert following is None


# Queries --------------------------------------------------------------------------------------


def _grow(world, count):
    for number in range(count):
        make_posting(role=world["roles"][number % 2], seniority=LEVELS[number % 8],
                     employment_type="FULL_TIME", technologies=world["techs"][: number % 3],
                     locations=world["places"][: number % 2])  # fmt: skip


@pytest.mark.parametrize(
    ("limit", "query"),
    [
        (1000, "?technology=tech-1&employment_type=FULL_TIME"),  # live
        (2, ""),  # tallies
        (2, "?technology=tech-1"),  # tallies for its own facet, the rest not counted
        (2, "?employment_type=FULL_TIME&posted=30"),  # capped
    ],
)
def test_queries_of_each_regime_do_not_grow_with_postings(client, world, settings, limit, query):
    settings.OPENINGS_EXACT_LIMIT = limit
    client.cookies["sessionid"] = "anything"  # rendered afresh, facets from their own cache

    def facet_queries(path):
        invalidate_after_write()
        with CaptureQueriesContext(connection) as queries:
            counted(None if "roles" not in path else world["roles"][0], _filters(path))
        return len(queries)

    def _filters(path):
        from jobs.forms import OpeningsFilterForm

        return OpeningsFilterForm(QueryDict(path.partition("?")[2])).filters()

    before = facet_queries(f"/jobs/{query}"), facet_queries(f"/roles/x/jobs/{query}")
    _grow(world, 40)
    after = facet_queries(f"/jobs/{query}"), facet_queries(f"/roles/x/jobs/{query}")
    assert before == after
    # data-through, the capped sizes, the live counts, the next expiry; from the tallies,
    # one query a dimension and the guides (every role), or one (a role), and the
    # technologies' names; the places' and technologies' names when not counted.
    assert max(after) <= 12
    assert client.get(f"/jobs/{query}").status_code == 200
