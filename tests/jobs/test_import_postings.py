"""`manage.py import_postings`: good files, bad files, spellings, --sync and --dry-run."""

import csv
import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobs import insight
from jobs.importing import BadFile, import_postings
from jobs.importing.checking import SeenIds
from jobs.models import Company, JobPosting, Location, Technology
from tests.factories import (
    import_row,
    make_company,
    make_location,
    make_posting,
    make_role,
    make_technology,
    write_jsonl,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def write_csv(path, rows, columns=None):
    columns = columns or list(dict.fromkeys(key for item in rows for key in item))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_postings", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(path, *args):
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_postings", str(path), *args, stdout=StringIO(), stderr=err)
    return str(error.value), err.getvalue().splitlines()


def snapshot():
    return (
        sorted(JobPosting.objects.values_list("external_id", "title", "status", "updated_at")),
        Company.objects.count(),
        Location.objects.count(),
        Technology.objects.count(),
    )


@pytest.fixture
def roles():
    return {
        "data": make_role(slug="data-engineer", title="Data Engineer"),
        "ml": make_role(slug="machine-learning-engineer", title="Machine Learning Engineer"),
    }


# Good files ---------------------------------------------------------------------------------


def test_jsonl_file_loads_every_field(tmp_path, roles):
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        [
            import_row(
                1,
                title="Senior Data Engineer, Streaming",
                company_website="https://acme.example",
                description="Line one.\n\nLine two.",
                seniority="Senior",
                employment_type="full-time",
                workplace="hybrid",
                locations=["New York, NY"],
                technologies=["Python", "Apache Kafka"],
                salary_min=165000,
                salary_max="205,000",
                salary_currency="usd",
                salary_period="yearly",
                expires_at="2027-01-31",
                status="open",
                source="acme",
            )
        ],
    )
    out, _ = run(path)
    assert "1 row checked" in out and "1 created, 0 updated" in out
    posting = JobPosting.objects.get(external_id="feed-1")
    assert posting.role == roles["data"]
    assert posting.title == "Senior Data Engineer, Streaming"
    assert posting.company.name == "Acme Analytics"
    assert posting.company.website == "https://acme.example"
    assert posting.description == "Line one.\n\nLine two."
    assert (posting.seniority, posting.employment_type, posting.workplace) == (
        "senior",
        "FULL_TIME",
        "hybrid",
    )
    assert [place.name for place in posting.locations.all()] == ["New York"]
    assert posting.locations.get().country_code == "US"
    assert sorted(t.name for t in posting.technologies.all()) == ["Apache Kafka", "Python"]
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (
        165000,
        205000,
        "USD",
    )
    assert posting.salary_period == "YEAR"
    assert posting.posted_at == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert posting.expires_at == datetime(2027, 1, 31, tzinfo=UTC)
    assert (posting.status, posting.source) == ("open", "acme")


def test_loading_twice_creates_no_duplicates_and_updates(tmp_path, roles):
    path = write_jsonl(
        tmp_path / "feed.jsonl", [import_row(1), import_row(2, technologies=["Python"])]
    )
    run(path)
    assert JobPosting.objects.count() == 2
    write_jsonl(
        path, [import_row(1, title="Renamed"), import_row(2, technologies=["Spark"]), import_row(3)]
    )  # one new, two updated
    out, _ = run(path)
    assert "1 created, 2 updated" in out
    assert JobPosting.objects.count() == 3
    assert JobPosting.objects.get(external_id="feed-1").title == "Renamed"
    technologies = JobPosting.objects.get(external_id="feed-2").technologies.all()
    assert [technology.name for technology in technologies] == ["Apache Spark"]  # an alias
    assert Company.objects.count() == 1
    run(path)
    assert JobPosting.objects.count() == 3


def test_csv_file_with_lists_and_multiline_text(tmp_path, roles):
    path = write_csv(
        tmp_path / "feed.csv",
        [
            import_row(1, description="First line,\nsecond \"quoted\" line.",
                       locations="NYC; Austin, TX", technologies="SQL|dbt",
                       salary_min="", salary_max=""),
            import_row(2, locations="", technologies="", salary_min="100000",
                       salary_max="120000", salary_currency="EUR"),
        ],
    )  # fmt: skip
    out, _ = run(path)
    assert "2 created" in out
    first = JobPosting.objects.get(external_id="feed-1")
    assert first.description == 'First line,\nsecond "quoted" line.'
    assert sorted(place.slug for place in first.locations.all()) == ["austin", "new-york"]
    assert sorted(t.name for t in first.technologies.all()) == ["SQL", "dbt"]
    assert not first.has_salary and first.salary_currency == ""
    second = JobPosting.objects.get(external_id="feed-2")
    assert (second.salary_min, second.salary_currency, second.salary_period) == (
        100000,
        "EUR",
        "YEAR",
    )


def test_the_shipped_example_file_loads(roles):
    make_role(slug="analytics-engineer")
    out, _ = run(ROOT / "fixtures/example_postings.jsonl", "--source", "acme")
    assert "3 created" in out


def test_import_makes_cached_counts_stale(tmp_path, roles):
    assert insight.market_insight(roles["data"]).open_count == 0
    run(write_jsonl(tmp_path / "feed.jsonl", [import_row(1), import_row(2)]))
    assert insight.market_insight(roles["data"]).open_count == 2


# Bad files ----------------------------------------------------------------------------------


def test_bad_rows_are_all_named_and_nothing_is_written(tmp_path, roles):
    make_posting(external_id="feed-1", role=roles["data"], title="Before")
    before = snapshot()
    future = (timezone.now() + timedelta(days=30)).isoformat()
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(import_row(1, title="After", technologies=["Brand New Tech"])),  # 1: fine
        json.dumps(import_row(2, role="astronaut")),  # 2
        json.dumps(import_row(3, seniority="guru")),  # 3
        json.dumps(import_row(4, posted_at="yesterday")),  # 4
        json.dumps(import_row(5, salary_min=200, salary_max=100, salary_currency="USD")),  # 5
        json.dumps(import_row(6, apply_url="javascript:alert(1)")),  # 6
        "",  # 7: blank lines are skipped
        "{not json",  # 8
        json.dumps(["a", "list"]),  # 9
        json.dumps({k: v for k, v in import_row(10).items() if k != "title"}),  # 10
        json.dumps(import_row(11, salary_min=100)),  # 11: no currency
        json.dumps(import_row(12, expires_at="2026-11-01T00:00:00Z")),  # 12: before posted_at
        json.dumps(import_row(13, posted_at=future)),  # 13
        json.dumps(import_row(14, locations=["Springfield"])),  # 14: new place, no country
        json.dumps(import_row(15, title="x" * 201, company="")),  # 15: two problems
        json.dumps(import_row(16, description="NUL \x00 inside")),  # 16
        json.dumps(import_row(1)),  # 17: repeats line 1's id
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message, errors = fails(path)
    assert "nothing was written" in message
    assert [error.split(":")[0] for error in errors] == [
        f"line {number}" for number in (2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
    ]
    text = "\n".join(errors)
    assert "line 2: role 'astronaut' is not a guide's slug" in text
    assert "line 3: seniority 'guru' is not one of intern, entry" in text
    assert "line 4: posted_at is not an ISO 8601 date or date-time: 'yesterday'" in text
    assert "line 5: salary_min 200 is more than salary_max 100" in text
    assert "line 6: apply_url is not an http(s) URL" in text
    assert "line 8: not valid JSON" in text
    assert "line 9: not a JSON object" in text
    assert "line 10: title is required" in text
    assert "line 11: salary_currency is required" in text
    assert "line 12: expires_at must be after posted_at" in text
    assert "line 13: posted_at" in text and "is in the future" in text
    assert "line 14: locations: 'Springfield' is a new place: add its country" in text
    assert "line 15: title is longer than 200 characters; company is required" in text
    assert "line 16: description contains control characters" in text
    assert "line 17: external_id 'feed-1' is also on line 1" in text
    assert snapshot() == before
    assert not Technology.objects.filter(name="Brand New Tech").exists()


def test_one_bad_line_in_a_big_file_changes_nothing(tmp_path, roles):
    rows = [import_row(number) for number in range(1, 2501)]
    rows[1733]["seniority"] = "wizard"
    path = write_jsonl(tmp_path / "feed.jsonl", rows)
    before = snapshot()
    _, errors = fails(path)
    assert errors == [
        "line 1734: seniority 'wizard' is not one of intern, entry, mid, senior, staff, "
        "principal, manager, director"
    ]
    assert snapshot() == before


def test_csv_problems_are_named_by_line(tmp_path, roles):
    path = tmp_path / "feed.csv"
    header = "external_id,role,title,company,description,seniority,posted_at,apply_url\n"
    good = "a-1,data-engineer,Title,Acme,Text,mid,2026-11-02,https://a.example/1\n"
    multiline = 'a-2,data-engineer,Title,Acme,"two\nlines",mid,2026-11-02,https://a.example/2\n'
    short = "a-3,data-engineer,Title\n"
    bad_level = "a-4,data-engineer,Title,Acme,Text,boss,2026-11-02,https://a.example/4\n"
    path.write_bytes((header + good + multiline + short + bad_level).encode() + b"a-5,\xff\xfe,x\n")
    _, errors = fails(path, "--source", "acme")
    assert errors == [
        "line 5: has 3 fields where the header has 8",
        "line 6: seniority 'boss' is not one of intern, entry, mid, senior, staff, principal, "
        "manager, director",
        "line 7: not UTF-8 text",
    ]
    assert JobPosting.objects.count() == 0


def test_csv_without_required_columns(tmp_path, roles):
    path = tmp_path / "feed.csv"
    path.write_text("external_id,title\nx,y\n")
    _, errors = fails(path)
    assert errors == [
        "line 1: header lacks required column(s): role, company, description, seniority, "
        "posted_at, apply_url"
    ]


def test_unknown_extension_needs_format(tmp_path, roles):
    path = write_jsonl(tmp_path / "feed.txt", [import_row(1)])
    _, errors = fails(path)
    assert "pass --format, one of jsonl, csv, greenhouse, lever, ashby, jsonld" in errors[0]
    out, _ = run(path, "--format", "jsonl")
    assert "1 created" in out


def test_missing_file(tmp_path):
    message, _ = fails(tmp_path / "nope.jsonl")
    assert "no such file" in message


# Spellings ----------------------------------------------------------------------------------


def test_spelling_variants_fold_into_one_record(tmp_path, roles):
    make_technology(name="PyTorch", slug="pytorch")
    make_location(name="New York", slug="new-york", region="New York", country_code="US")
    make_company(name="Acme Analytics", slug="acme-analytics")
    spellings = [
        ("PyTorch", "NYC", "Acme Analytics"),
        ("pytorch", "New York, NY", "ACME ANALYTICS"),
        ("Py Torch", "new york", "Acme Analytics, Inc."),
        ("py-torch", "New York City", "Acme Analytics LLC"),
        ("PYTORCH", "New York, New York, USA", "acme-analytics"),
    ]
    rows = [
        import_row(number, technologies=[tech], locations=[place], company=company)
        for number, (tech, place, company) in enumerate(spellings, start=1)
    ]
    run(write_jsonl(tmp_path / "feed.jsonl", rows))
    assert Technology.objects.count() == 1
    assert Location.objects.count() == 1
    assert Company.objects.count() == 1
    pytorch = Technology.objects.get()
    assert pytorch.postings.count() == 5
    assert Location.objects.get().postings.count() == 5


def test_aliases_and_new_records(tmp_path, roles):
    make_technology(name="Kubernetes", slug="kubernetes")
    rows = [
        import_row(1, technologies=["k8s", "Golang", "C++", "c++"], locations=["Berlin, DE"]),
        import_row(2, technologies=["golang", "Go", "cplusplus"], locations=["Berlin, Germany"]),
        import_row(3, workplace="remote", locations=["USA", "U.S."], technologies=["C#"]),
        import_row(4, locations=["Remote (UK)"]),
    ]
    run(write_jsonl(tmp_path / "feed.jsonl", rows))
    assert sorted(Technology.objects.values_list("slug", "name")) == [
        ("cpp", "C++"),
        ("csharp", "C#"),
        ("go", "Go"),
        ("kubernetes", "Kubernetes"),
    ]
    assert sorted(Location.objects.values_list("slug", "name", "kind", "country_code")) == [
        ("berlin", "Berlin", "city", "DE"),
        ("united-kingdom", "United Kingdom", "country", "GB"),
        ("united-states", "United States", "country", "US"),
    ]
    remote = JobPosting.objects.get(external_id="feed-4")
    assert remote.workplace == "remote"
    assert [place.slug for place in remote.locations.all()] == ["united-kingdom"]


def test_same_name_in_another_country_is_another_place(tmp_path, roles):
    make_location(name="London", slug="london", region="England", country_code="GB")
    run(
        write_jsonl(
            tmp_path / "feed.jsonl",
            [
                import_row(1, locations=["London, England"]),
                import_row(2, locations=["London, Ontario"]),
            ],
        )
    )
    assert sorted(Location.objects.values_list("name", "region", "country_code")) == [
        ("London", "England", "GB"),
        ("London", "Ontario", "CA"),
    ]


# --sync, --dry-run, --source ----------------------------------------------------------------


def test_sync_closes_the_sources_open_postings_the_file_leaves_out(tmp_path, roles):
    kept = make_posting(external_id="feed-1", source="acme", role=roles["data"])
    dropped = make_posting(external_id="feed-9", source="acme", role=roles["data"])
    other_source = make_posting(external_id="other-1", source="globex", role=roles["data"])
    already_closed = make_posting(
        external_id="feed-8", source="acme", status="closed", role=roles["data"]
    )
    out, _ = run(
        write_jsonl(tmp_path / "feed.jsonl", [import_row(1), import_row(2)]),
        "--source",
        "acme",
        "--sync",
    )
    assert "Sync: 1 open posting of source 'acme' that the file no longer lists closed." in out
    statuses = dict(JobPosting.objects.values_list("external_id", "status"))
    assert statuses == {
        kept.external_id: "open",
        "feed-2": "open",
        dropped.external_id: "closed",
        other_source.external_id: "open",
        already_closed.external_id: "closed",
    }
    assert JobPosting.objects.get(external_id="feed-2").source == "acme"


def test_sync_uses_the_rows_source_when_it_is_one(tmp_path, roles):
    make_posting(external_id="gone", source="acme", role=roles["data"])
    path = write_jsonl(
        tmp_path / "feed.jsonl", [import_row(1, source="acme"), import_row(2, source="acme")]
    )
    run(path, "--sync")
    assert JobPosting.objects.get(external_id="gone").status == "closed"


def test_sync_refuses_a_file_of_several_sources(tmp_path, roles):
    path = write_jsonl(
        tmp_path / "feed.jsonl", [import_row(1, source="a"), import_row(2, source="b")]
    )
    _, errors = fails(path, "--sync")
    assert "--sync needs every row to have one source" in errors[0]
    assert JobPosting.objects.count() == 0


def test_dry_run_reports_and_writes_nothing(tmp_path, roles):
    make_posting(external_id="feed-1", source="acme", role=roles["data"])
    make_posting(external_id="gone", source="acme", role=roles["data"])
    before = snapshot()
    path = write_jsonl(
        tmp_path / "feed.jsonl", [import_row(1), import_row(2, technologies=["Zig"])]
    )
    out, _ = run(path, "--source", "acme", "--sync", "--dry-run")
    assert "1 to create, 1 to update" in out
    assert "1 open posting of source 'acme' that the file no longer lists to close" in out
    assert "1 technology." in out
    assert "Dry run: nothing was written." in out
    assert snapshot() == before


def test_progress_bar_on_request(tmp_path, roles):
    _, err = run(write_jsonl(tmp_path / "feed.jsonl", [import_row(1)]), "--progress")
    assert "Checking" in err and "Writing" in err


def test_quiet_at_verbosity_zero(tmp_path, roles):
    out, err = run(write_jsonl(tmp_path / "feed.jsonl", [import_row(1)]), "--verbosity", "0")
    assert out == "" and err == ""


def test_service_raises_bad_file_with_every_problem(tmp_path, roles):
    path = write_jsonl(
        tmp_path / "feed.jsonl", [import_row(1, role="x"), import_row(2, seniority="x")]
    )
    with pytest.raises(BadFile) as error:
        import_postings(path=path)
    assert [problem.split(":")[0] for problem in error.value.errors] == ["line 1", "line 2"]


def test_repeated_ids_are_found_in_fixed_memory():
    seen = SeenIds(file_size=0)
    size = len(seen.bits)
    for number in range(50_000):
        seen.add(f"id-{number}")
    assert len(seen.bits) == size
    assert len(seen.maybe_repeated) < 5  # only Bloom filter false positives, if any
    seen.add("id-123")
    assert "id-123" in seen.maybe_repeated


def test_new_records_are_reused_across_batches(tmp_path, roles):
    rows = [
        import_row(number, company="Newco", locations=["Lyon, FR"], technologies=["Zig", "zig"])
        for number in range(1, 8)
    ]
    result = import_postings(path=write_jsonl(tmp_path / "feed.jsonl", rows), batch_size=2)
    assert result.created == 7
    assert (result.new_companies, result.new_locations, result.new_technologies) == (1, 1, 1)
    lyon = Location.objects.get()
    assert (lyon.name, lyon.country_code, lyon.postings.count()) == ("Lyon", "FR", 7)
    assert Technology.objects.get().postings.count() == 7


@pytest.mark.parametrize(
    ("given", "period"),
    [("weekly", "WEEK"), ("per week", "WEEK"), ("day rate", "DAY"), ("daily", "DAY")],
)
def test_weekly_pay_and_day_rates_are_understood(tmp_path, roles, given, period):
    feed = [
        import_row(1, salary_min=500, salary_max=650, salary_currency="GBP", salary_period=given)
    ]
    run(write_jsonl(tmp_path / "feed.jsonl", feed))
    assert JobPosting.objects.get(external_id="feed-1").salary_period == period
