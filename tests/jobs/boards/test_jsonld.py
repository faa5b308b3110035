"""schema.org JobPosting as JSON-LD: alone, in a list, in an @graph, or inside a page."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import JobPosting

from .conftest import load, refused
from .payloads import MISSING, job_posting, page, write

pytestmark = pytest.mark.django_db

ARGS = ["--format", "jsonld", "--source", "umbrella"]


def stored(number):
    return JobPosting.objects.get(source="umbrella", external_id=f"srl-{number}")


def test_one_job_posting_alone(tmp_path, catalog):
    out = load(write(tmp_path / "job.jsonld", job_posting(1)), "--source", "umbrella")

    assert "1 row checked" in out
    posting = stored(1)
    assert posting.role == catalog["sre"]
    assert posting.company.name == "Umbrella Logistics"
    assert posting.company.website == "https://umbrella-logistics.example"
    assert list(posting.locations.values_list("name", "region")) == [("Austin", "Texas")]
    assert posting.employment_type == "FULL_TIME"
    assert posting.expires_at is not None
    assert sorted(posting.technologies.values_list("name", flat=True)) == [
        "Go", "Kubernetes", "Terraform",
    ]  # fmt: skip


def test_a_list_and_a_graph(tmp_path, catalog):
    load(write(tmp_path / "list.json", [job_posting(1), job_posting(2)]), *ARGS)
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "Umbrella Logistics"},
            job_posting(3),
            {"@type": "BreadcrumbList", "itemListElement": []},
        ],
    }
    load(write(tmp_path / "graph.json", graph), *ARGS)

    assert sorted(JobPosting.objects.values_list("external_id", flat=True)) == [
        "srl-1", "srl-2", "srl-3",
    ]  # fmt: skip


def test_a_page_with_blocks_of_several_types(tmp_path, catalog):
    html = page(
        {"@context": "https://schema.org", "@type": "Organization", "name": "Umbrella"},
        [job_posting(1), job_posting(2, **{"@type": ["JobPosting"]})],
        extra="<p>We are hiring.</p>",
    )
    out = load(write(tmp_path / "careers.html", html), "--source", "umbrella")

    assert "2 rows checked" in out
    assert JobPosting.objects.count() == 2


def test_a_bad_block_of_a_page_is_named_and_nothing_is_written(tmp_path, catalog):
    html = page(job_posting(1), '{"@type": "JobPosting", "title": ')
    errors = refused(write(tmp_path / "careers.html", html), *ARGS)

    assert errors == ["job 2: JSON-LD block 2 is not valid JSON (JSONDecodeError)"]
    assert not JobPosting.objects.exists()


def test_a_page_without_job_postings(tmp_path, catalog):
    html = page({"@type": "Organization", "name": "Umbrella"})
    assert refused(write(tmp_path / "careers.html", html), *ARGS) == [
        "job 1: no schema.org JobPosting found"
    ]


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        ({"@type": "MonetaryAmount", "currency": "USD", "value": {
            "@type": "QuantitativeValue", "minValue": 60, "maxValue": 75, "unitText": "HOUR"}},
         (60, 75, "USD", "HOUR")),
        ({"@type": "MonetaryAmount", "currency": "EUR", "value": {
            "@type": "QuantitativeValue", "value": 85000, "unitText": "YEAR"}},
         (85000, 85000, "EUR", "YEAR")),
        ({"@type": "MonetaryAmount", "currency": "GBP", "value": 52000},
         (52000, 52000, "GBP", "YEAR")),
        (120000, (None, None, "", "")),  # a bare number names no currency
    ],
)  # fmt: skip
def test_base_salary_in_its_shapes(tmp_path, catalog, salary, expected):
    load(write(tmp_path / "job.json", job_posting(1, baseSalary=salary)), *ARGS)

    posting = stored(1)
    assert (posting.salary_min, posting.salary_max, posting.salary_currency,
            posting.salary_period) == expected  # fmt: skip


def test_a_telecommute_job_where_applicants_may_live(tmp_path, catalog):
    job = job_posting(
        1,
        jobLocation=MISSING,
        jobLocationType="TELECOMMUTE",
        applicantLocationRequirements=[{"@type": "Country", "name": "USA"},
                                       {"@type": "Country", "name": "Canada"}],
    )  # fmt: skip
    load(write(tmp_path / "job.json", job), *ARGS)

    posting = stored(1)
    assert posting.workplace == "remote"
    assert posting.classification["workplace"]["how"] == "jobLocationType TELECOMMUTE"
    assert sorted(posting.locations.values_list("name", flat=True)) == ["Canada", "United States"]


def test_a_placeholder_expiry_is_left_out_and_noted(tmp_path, catalog):
    load(write(tmp_path / "job.json", job_posting(1, validThrough="2999-12-31")), *ARGS)

    posting = stored(1)
    assert posting.expires_at is None
    assert posting.classification["notes"] == [
        "expiry 2999-12-31 left out: no closing date a posting can have"
    ]


def test_an_identifier_as_text_and_the_url_as_the_id(tmp_path, catalog):
    first = job_posting(1, identifier="REQ-77")
    second = job_posting(2, identifier=MISSING)
    load(write(tmp_path / "jobs.json", [first, second]), *ARGS)

    assert sorted(JobPosting.objects.values_list("external_id", flat=True)) == [
        "REQ-77", second["url"],
    ]  # fmt: skip


def test_missing_and_hostile_properties(tmp_path, catalog):
    jobs = [
        job_posting(1, title=MISSING, name=MISSING),
        job_posting(2, url=MISSING, identifier="x-2"),
        job_posting(3, datePosted=(timezone.now() + timedelta(days=9)).date().isoformat()),
        job_posting(4, jobLocation=17),
        job_posting(5, description=MISSING),
    ]
    errors = refused(write(tmp_path / "jobs.json", jobs), *ARGS)
    assert [error.split(":")[0] for error in errors] == [
        "job 1", "job 2", "job 3 (id 'srl-3')", "job 4", "job 5",
    ]  # fmt: skip
    assert errors[0].endswith("title is missing")
    assert errors[1].endswith("url is missing: where would readers apply?")
    assert "is in the future" in errors[2]
    assert errors[3].endswith("jobLocation must be a Place or a list of them")
    assert errors[4].endswith("description is missing")


def test_json_ld_that_is_not_json(tmp_path, catalog):
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps([job_posting(1)])[:-20])
    errors = refused(path, *ARGS)
    assert len(errors) == 1
    assert errors[0].startswith("job 1: not valid JSON")
