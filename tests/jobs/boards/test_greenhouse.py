"""Greenhouse's Job Board API list ({"jobs": [...]}, content=true) in `import_postings`."""

import html

import pytest

from jobs.models import JobPosting
from tests.factories import make_company

from .conftest import load, refused
from .payloads import MISSING, greenhouse_board, greenhouse_job, pay_range, write

pytestmark = pytest.mark.django_db


def posting(number):
    return JobPosting.objects.get(source="acme", external_id=str(4_010_000 + number))


def places(posting):
    return sorted(posting.locations.values_list("name", flat=True))


def test_a_board_loads_classified(tmp_path, catalog):
    path = write(tmp_path / "board.json", greenhouse_board(greenhouse_job(1)))

    out = load(path, "--format", "greenhouse", "--source", "acme")

    assert "1 row checked" in out
    job = posting(1)
    assert job.title == "Senior Data Engineer"
    assert job.company.name == "Acme Analytics"
    assert job.role == catalog["data"]
    assert job.seniority == "senior"
    assert places(job) == ["New York"]
    assert job.workplace == "onsite"
    assert sorted(job.technologies.values_list("name", flat=True)) == [
        "AWS", "Apache Spark", "Python", "Snowflake", "dbt",
    ]  # fmt: skip
    assert job.apply_url == "https://boards.greenhouse.io/acmeanalytics/jobs/4010001"
    # The board's escaped HTML is decoded once: stored as HTML, shown sanitized.
    assert job.description.startswith("<h2>About the team</h2>")
    assert "&amp;" in job.description  # an entity of the HTML itself stays one
    assert job.classification["role"]["how"] == "title contains the guide title “Data Engineer”"
    assert job.classification["seniority"]["how"] == "title word “senior”"
    assert job.is_open


def test_the_posting_date_is_first_published_else_updated_at(tmp_path, catalog):
    first = greenhouse_job(1)
    second = greenhouse_job(2, first_published=MISSING)
    load(write(tmp_path / "b.json", greenhouse_board(first, second)), "--format", "greenhouse",
         "--source", "acme")  # fmt: skip

    assert posting(1).posted_at.isoformat()[:16] == first["first_published"][:16]
    assert posting(2).posted_at.isoformat()[:16] == second["updated_at"][:16]


def test_html_entities_in_titles_and_content_are_decoded(tmp_path, catalog):
    job = greenhouse_job(
        1,
        title="Data Engineer &ndash; R&amp;D Platform",
        content=html.escape("<p>Caf&eacute; budget &amp; Python.</p>"),
    )
    load(write(tmp_path / "b.json", greenhouse_board(job)), "--format", "greenhouse",
         "--source", "acme")  # fmt: skip

    stored = posting(1)
    assert stored.title == "Data Engineer \u2013 R&D Platform"
    assert stored.description == "<p>Caf&eacute; budget &amp; Python.</p>"
    assert stored.role == catalog["data"]
    assert list(stored.technologies.values_list("name", flat=True)) == ["Python"]


@pytest.mark.parametrize(
    ("location", "workplace", "expected"),
    [
        ("San Francisco, CA; New York, NY | London, UK", "onsite",
         ["London", "New York", "San Francisco"]),
        ("Remote - US", "remote", ["United States"]),
        ("Remote", "remote", []),
        ("Hybrid - London, UK", "hybrid", ["London"]),
        ("New York, NY or Remote", "remote", ["New York"]),
    ],
)  # fmt: skip
def test_several_locations_and_remote_variants(tmp_path, catalog, location, workplace, expected):
    job = greenhouse_job(1, location={"name": location})
    load(write(tmp_path / "b.json", greenhouse_board(job)), "--format", "greenhouse",
         "--source", "acme")  # fmt: skip

    stored = posting(1)
    assert stored.workplace == workplace
    assert places(stored) == expected
    assert location in stored.classification["workplace"]["how"] or workplace == "onsite"


def test_offices_stand_in_for_a_missing_location(tmp_path, catalog):
    job = greenhouse_job(1, location=MISSING)
    load(write(tmp_path / "b.json", greenhouse_board(job)), "--format", "greenhouse",
         "--source", "acme")  # fmt: skip

    assert places(posting(1)) == ["New York"]


def test_a_place_we_cannot_place_is_left_out_and_noted(tmp_path, catalog):
    job = greenhouse_job(1, location={"name": "Springfield; New York, NY"}, offices=[])
    load(write(tmp_path / "b.json", greenhouse_board(job)), "--format", "greenhouse",
         "--source", "acme")  # fmt: skip

    stored = posting(1)
    assert places(stored) == ["New York"]
    assert any("Springfield" in note for note in stored.classification["notes"])


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        ([pay_range(150_000, 190_000)], (150_000, 190_000, "USD", "YEAR")),
        # One range per pay zone: the widest in the first range's currency.
        ([pay_range(140_000, 170_000, title="Zone B"), pay_range(160_000, 200_000, title="Zone A"),
          pay_range(90_000, 120_000, currency="CAD")], (140_000, 200_000, "USD", "YEAR")),
        ([pay_range(45, 60, title="Hourly rate")], (45, 60, "USD", "HOUR")),
    ],
)  # fmt: skip
def test_pay_input_ranges(tmp_path, catalog, ranges, expected):
    job = greenhouse_job(1, pay_input_ranges=ranges)
    load(write(tmp_path / "b.json", greenhouse_board(job)), "--format", "greenhouse",
         "--source", "acme")  # fmt: skip

    stored = posting(1)
    assert (stored.salary_min, stored.salary_max, stored.salary_currency,
            stored.salary_period) == expected  # fmt: skip
    assert "pay_input_ranges" in stored.classification["pay"]["how"]


def test_pay_written_in_the_text_when_the_board_gives_none(tmp_path, catalog):
    text = "<p>Python every day.</p><p>The base salary range is $140k\u2013$180k per year.</p>"
    job = greenhouse_job(1, content=html.escape(text))
    load(write(tmp_path / "b.json", greenhouse_board(job)), "--format", "greenhouse",
         "--source", "acme")  # fmt: skip

    stored = posting(1)
    assert (stored.salary_min, stored.salary_max, stored.salary_currency) == (
        140_000, 180_000, "USD",
    )  # fmt: skip
    assert stored.classification["pay"]["how"] == "description says “$140k\u2013$180k per year”"


def test_without_company_name_the_feeds_company_is_the_employer(tmp_path, catalog):
    make_company(name="Hooli", slug="hooli")
    job = greenhouse_job(1, company_name=MISSING)
    path = write(tmp_path / "b.json", greenhouse_board(job))

    errors = refused(path, "--format", "greenhouse", "--source", "acme")
    assert errors == ["job 1 (id '4010001'): company is required"]

    load(path, "--format", "greenhouse", "--source", "acme", "--company", "Hooli")
    assert posting(1).company.slug == "hooli"


def test_missing_fields_are_named_per_job_and_nothing_is_written(tmp_path, catalog):
    jobs = [
        greenhouse_job(1),
        greenhouse_job(2, content=MISSING),
        greenhouse_job(3, title=""),
        greenhouse_job(4, id=MISSING),
        greenhouse_job(5, absolute_url="javascript:alert(1)"),
        greenhouse_job(6, updated_at=MISSING, first_published=MISSING),
        "not a job",
    ]
    errors = refused(write(tmp_path / "b.json", greenhouse_board(*jobs)), "--format",
                     "greenhouse", "--source", "acme")  # fmt: skip

    assert errors == [
        "job 2: content is missing: fetch the board with ?content=true",
        "job 3: title is missing",
        "job 4: id is missing",
        "job 5 (id '4010005'): apply_url is not an http(s) URL: 'javascript:alert(1)'",
        "job 6: updated_at is missing",
        "job 7: the job must be an object, not str",
    ]
    assert not JobPosting.objects.exists()


def test_another_boards_document_is_not_read_as_an_empty_board(tmp_path, catalog):
    errors = refused(write(tmp_path / "b.json", [{"id": "x", "text": "Lever?"}]), "--format",
                     "greenhouse", "--source", "acme")  # fmt: skip
    assert errors == ["job 1: no “jobs” array: is this the right --format?"]


def test_an_empty_board_with_sync_closes_the_sources_postings(tmp_path, catalog):
    load(write(tmp_path / "b.json", greenhouse_board(greenhouse_job(1))), "--format",
         "greenhouse", "--source", "acme")  # fmt: skip

    out = load(write(tmp_path / "e.json", greenhouse_board()), "--format", "greenhouse",
               "--source", "acme", "--sync")  # fmt: skip

    assert "1 open posting of source 'acme' that the file no longer lists closed" in out
    assert posting(1).status == "closed"


def test_a_board_needs_a_source(tmp_path, catalog):
    errors = refused(write(tmp_path / "b.json", greenhouse_board(greenhouse_job(1))), "--format",
                     "greenhouse")  # fmt: skip
    assert errors == ["a greenhouse feed's records name no source: pass --source NAME"]


def test_a_board_too_large_to_keep_in_memory_is_read_again_to_write(tmp_path, catalog, monkeypatch):
    # The check pass keeps a board's rows for writing up to a limit; past it, the file is
    # read and checked a second time, as our own files always are.
    monkeypatch.setattr("jobs.importing.classifying.KEPT_CHARACTERS", 10)
    board = greenhouse_board(greenhouse_job(1), greenhouse_job(2), greenhouse_job(3, title="Chef"))
    out = load(write(tmp_path / "b.json", board), "--format", "greenhouse", "--source", "acme")

    assert "3 created" in out
    assert "Needs a role: 1 posting" in out
    assert posting(2).role == catalog["data"]
