"""Lever's postings API (a JSON array) and Ashby's job posting API ({"jobs": [...]})."""

import pytest

from jobs.models import JobPosting

from .conftest import load, refused
from .payloads import (
    MISSING,
    ashby_board,
    ashby_compensation,
    ashby_job,
    ashby_salary,
    lever_posting,
    lever_postings,
    write,
)

pytestmark = pytest.mark.django_db

LEVER = ["--format", "lever", "--source", "globex", "--company", "Globex"]
ASHBY = ["--format", "ashby", "--source", "initech", "--company", "Initech"]


def lever(number):
    return JobPosting.objects.get(source="globex", external_id=lever_posting(number)["id"])


def ashby(number):
    return JobPosting.objects.get(source="initech", external_id=ashby_job(number)["id"])


def places(posting):
    return sorted(posting.locations.values_list("name", flat=True))


# Lever ----------------------------------------------------------------------------------------


def test_a_lever_posting_loads_classified(tmp_path, catalog):
    posting = lever_posting(1, salaryRange={
        "currency": "USD", "interval": "per-year-salary", "min": 160000, "max": 210000,
    })  # fmt: skip
    load(write(tmp_path / "l.json", lever_postings(posting)), *LEVER)

    stored = lever(1)
    assert stored.title == "Machine Learning Engineer"
    assert stored.company.name == "Globex"
    assert stored.role == catalog["ml"]
    assert stored.seniority == "mid"
    assert stored.employment_type == "FULL_TIME"
    assert stored.workplace == "hybrid"
    assert stored.classification["workplace"]["how"] == "the board's workplaceType “hybrid”"
    assert places(stored) == ["San Francisco"]
    assert stored.apply_url == posting["applyUrl"]
    assert abs(stored.posted_at.timestamp() * 1000 - posting["createdAt"]) < 1000
    # The description, then each list under its heading, then the closing part.
    assert stored.description.index("riders") < stored.description.index("<h3>What you&#x27;ll do")
    assert "<li>Train and ship models</li>" in stored.description
    assert stored.description.endswith("<div>We offer a learning budget.</div>")
    assert sorted(stored.technologies.values_list("name", flat=True)) == [
        "Kubernetes", "PyTorch", "Python",
    ]  # fmt: skip
    assert (stored.salary_min, stored.salary_max, stored.salary_period) == (160000, 210000, "YEAR")


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        ({"currency": "USD", "interval": "per-hour-wage", "min": 55, "max": 70},
         (55, 70, "USD", "HOUR")),
        ({"currency": "EUR", "interval": "per-month-salary", "min": 5000, "max": 6500},
         (5000, 6500, "EUR", "MONTH")),
        ({"currency": "GBP", "interval": "per-year-salary", "min": 70000},
         (70000, None, "GBP", "YEAR")),
        (MISSING, (None, None, "", "")),
    ],
)  # fmt: skip
def test_lever_pay_in_its_shapes(tmp_path, catalog, salary, expected):
    load(write(tmp_path / "l.json", lever_postings(lever_posting(1, salaryRange=salary))), *LEVER)

    stored = lever(1)
    assert (stored.salary_min, stored.salary_max, stored.salary_currency,
            stored.salary_period) == expected  # fmt: skip


def test_lever_locations_get_the_postings_country(tmp_path, catalog):
    posting = lever_posting(1, country="GB", categories={
        "commitment": "Contract", "location": "London", "allLocations": ["London", "Manchester"],
    }, workplaceType="on-site")  # fmt: skip
    load(write(tmp_path / "l.json", lever_postings(posting)), *LEVER)

    stored = lever(1)
    assert places(stored) == ["London", "Manchester"]
    assert set(stored.locations.values_list("country_code", flat=True)) == {"GB"}
    assert stored.employment_type == "CONTRACTOR"
    assert stored.workplace == "onsite"


def test_lever_remote_from_the_field_or_the_location(tmp_path, catalog):
    postings = [
        lever_posting(1, workplaceType="remote"),
        lever_posting(2, workplaceType="unspecified", categories={
            "location": "Remote - US", "allLocations": ["Remote - US"],
        }),
    ]  # fmt: skip
    load(write(tmp_path / "l.json", lever_postings(*postings)), *LEVER)

    assert lever(1).workplace == "remote"
    assert lever(2).workplace == "remote"
    assert places(lever(2)) == ["United States"]


def test_lever_plain_description_only(tmp_path, catalog):
    posting = lever_posting(1, description=MISSING, lists=[], additional="",
                            descriptionPlain="Ship models.\n\nUse Python.")  # fmt: skip
    load(write(tmp_path / "l.json", lever_postings(posting)), *LEVER)

    assert lever(1).description == "<p>Ship models.</p><p>Use Python.</p>"


def test_an_unlisted_lever_posting_is_skipped_and_closed_by_sync(tmp_path, catalog):
    load(write(tmp_path / "a.json", lever_postings(lever_posting(1), lever_posting(2))), *LEVER)

    out = load(write(tmp_path / "b.json", lever_postings(
        lever_posting(1), lever_posting(2, state="internal"),
    )), *LEVER, "--sync")  # fmt: skip

    assert "Unlisted: 1 job the board hides, skipped." in out
    assert lever(1).status == "open"
    assert lever(2).status == "closed"


def test_lever_needs_the_company_and_documented_intervals(tmp_path, catalog):
    path = write(tmp_path / "l.json", lever_postings(lever_posting(1)))
    assert refused(path, "--format", "lever", "--source", "globex") == [
        "a lever feed does not name its employer: pass --company NAME"
    ]
    bad = lever_posting(1, salaryRange={"currency": "USD", "interval": "per-fortnight",
                                        "min": 1, "max": 2})  # fmt: skip
    assert refused(write(tmp_path / "b.json", lever_postings(bad)), *LEVER) == [
        "job 1: salaryRange.interval 'per-fortnight' is not one Lever documents"
    ]


def test_lever_records_of_the_wrong_types(tmp_path, catalog):
    postings = [
        lever_posting(1, createdAt="yesterday"),
        lever_posting(2, categories=["San Francisco"]),
        lever_posting(3, text=None),
        lever_posting(4, id={"nested": 1}),
    ]
    errors = refused(write(tmp_path / "l.json", lever_postings(*postings)), *LEVER)
    assert errors == [
        "job 1: createdAt must be milliseconds since 1970, not str",
        "job 2: categories must be an object, not list",
        "job 3: text is missing",
        "job 4: id must be text or a whole number, not dict",
    ]


# Ashby ----------------------------------------------------------------------------------------


def test_an_ashby_job_loads_classified(tmp_path, catalog):
    load(write(tmp_path / "a.json", ashby_board(ashby_job(1))), *ASHBY)

    stored = ashby(1)
    assert stored.role == catalog["analytics"]
    assert stored.company.name == "Initech"
    assert places(stored) == ["Berlin"]
    assert stored.locations.get().country_code == "DE"
    assert stored.workplace == "onsite"
    assert sorted(stored.technologies.values_list("name", flat=True)) == ["SQL", "dbt"]
    assert stored.apply_url.endswith("/application")


def test_ashby_compensation_tiers_and_components(tmp_path, catalog):
    compensation = ashby_compensation(
        [ashby_salary(70000, 85000), {"compensationType": "EquityPercentage", "interval": "NONE",
                                      "currencyCode": None, "minValue": 0.1, "maxValue": 0.25}],
        [ashby_salary(80000, 95000), ashby_salary(60, 70, "EUR", "1 HOUR")],
    )  # fmt: skip
    load(write(tmp_path / "a.json", ashby_board(ashby_job(1, compensation=compensation))), *ASHBY)

    stored = ashby(1)
    assert (stored.salary_min, stored.salary_max, stored.salary_currency,
            stored.salary_period) == (70000, 95000, "EUR", "YEAR")  # fmt: skip


def test_ashby_secondary_locations_remote_and_employment(tmp_path, catalog):
    jobs = [
        ashby_job(1, secondaryLocations=[
            {"location": "Munich", "address": {"addressLocality": "Munich",
                                               "addressCountry": "Germany"}},
            {"location": "Remote (Europe)", "address": {}},
        ], workplaceType="Hybrid"),
        ashby_job(2, workplaceType=MISSING, isRemote=True, location="Remote",
                  address=MISSING, employmentType="Intern", title="Analytics Engineering Intern"),
    ]  # fmt: skip
    load(write(tmp_path / "a.json", ashby_board(*jobs)), *ASHBY)

    first, second = ashby(1), ashby(2)
    assert places(first) == ["Berlin", "Munich"]
    assert first.workplace == "hybrid"
    assert second.workplace == "remote"
    assert second.employment_type == "INTERN"
    assert second.seniority == "intern"


def test_an_unlisted_ashby_job_is_skipped(tmp_path, catalog):
    out = load(write(tmp_path / "a.json", ashby_board(ashby_job(1), ashby_job(2, isListed=False))),
               *ASHBY)  # fmt: skip

    assert "1 row checked" in out
    assert "Unlisted: 1 job the board hides, skipped." in out
    assert not JobPosting.objects.filter(external_id=ashby_job(2)["id"]).exists()


def test_an_ashby_job_without_id_is_named_by_its_url(tmp_path, catalog):
    load(write(tmp_path / "a.json", ashby_board(ashby_job(1, id=MISSING))), *ASHBY)

    assert JobPosting.objects.get(source="initech").external_id == ashby_job(1)["id"]


def test_ashby_plain_description_and_missing_fields(tmp_path, catalog):
    jobs = [
        ashby_job(1, descriptionHtml=MISSING, descriptionPlain="Model data in dbt."),
        ashby_job(2, descriptionHtml=MISSING, descriptionPlain=MISSING),
        ashby_job(3, publishedAt=MISSING),
    ]
    errors = refused(write(tmp_path / "a.json", ashby_board(*jobs)), *ASHBY)
    assert errors == [
        "job 2: description is missing (neither descriptionHtml nor descriptionPlain)",
        "job 3: publishedAt is missing",
    ]
    load(write(tmp_path / "b.json", ashby_board(jobs[0])), *ASHBY)
    assert ashby(1).description == "<p>Model data in dbt.</p>"
