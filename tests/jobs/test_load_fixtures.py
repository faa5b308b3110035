"""`load_fixtures`: all of the files into an empty database, or nothing at all."""

import json
import subprocess
import sys
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from jobs.models import Company, JobPosting, PostingTally
from roles.models import RelatedRole, Role, Skill
from roles.search import search_guides
from tests.factories import make_company

pytestmark = pytest.mark.django_db

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def role(slug, **fields):
    return {
        "model": "roles.role",
        "fields": {
            "slug": slug,
            "title": slug.title(),
            "summary": "A role.",
            "overview": "What it is.",
            "status": "published",
            "created_at": "2026-10-01T09:00:00Z",
            "updated_at": "2026-11-12T10:30:00Z",
            **fields,
        },
    }


def posting(external_id, **fields):
    return {
        "model": "jobs.jobposting",
        "fields": {
            "external_id": external_id,
            "source": "sample",
            "role": ["data-engineer"],
            "title": "Data Engineer",
            "company": ["quorvale-health"],
            "description": "Build pipelines.",
            "seniority": "senior",
            "workplace": "hybrid",
            "locations": [["london"]],
            "technologies": [["python"], ["sql"]],
            "posted_at": "2026-11-02T09:00:00Z",
            "apply_url": f"https://careers.quorvale-health.example/jobs/{external_id}",
            "status": "open",
            "created_at": "2026-11-02T09:00:00Z",
            "updated_at": "2026-11-02T09:00:00Z",
            **fields,
        },
    }


def files(tmp_path, roles=None, jobs=None):
    """A roles file and a jobs file in the shipped format (compact, natural keys)."""
    roles = roles or [
        role("data-engineer"),
        role("analytics-engineer"),
        {
            "model": "roles.relatedrole",
            "fields": {
                "role": ["data-engineer"],
                "position": 1,
                "related": ["analytics-engineer"],
                "note": "Next door.",
            },
        },
    ]
    jobs = jobs or [
        {"model": "jobs.company", "fields": {"name": "Quorvale Health", "slug": "quorvale-health"}},
        {
            "model": "jobs.location",
            "fields": {"name": "London", "slug": "london", "kind": "city", "country_code": "GB"},
        },
        {"model": "jobs.technology", "fields": {"name": "Python", "slug": "python"}},
        {"model": "jobs.technology", "fields": {"name": "SQL", "slug": "sql"}},
        posting("s-1"),
        posting("s-2", workplace="remote", locations=[], technologies=[["sql"]]),
        posting("s-3", status="closed"),
    ]
    paths = [tmp_path / "roles.json", tmp_path / "jobs.json"]
    for path, objects in zip(paths, [roles, jobs], strict=True):
        path.write_text("[\n" + ",\n".join(json.dumps(item) for item in objects) + "\n]\n")
    return paths


def load(*paths):
    out = StringIO()
    call_command("load_fixtures", *paths, stdout=out)
    return out.getvalue()


def test_loads_an_empty_database_with_every_reference_resolved(tmp_path):
    message = load(*files(tmp_path))
    assert message.startswith("Loaded ") and "3 job postings" in message
    first = JobPosting.objects.get(external_id="s-1")
    assert first.role.slug == "data-engineer" and first.company.name == "Quorvale Health"
    assert [loc.slug for loc in first.locations.all()] == ["london"]
    assert sorted(first.technologies.values_list("slug", flat=True)) == ["python", "sql"]
    assert RelatedRole.objects.get().related.slug == "analytics-engineer"
    # The files' times, not the moment of loading.
    guide = Role.objects.get(slug="data-engineer")
    assert guide.updated_at == datetime(2026, 11, 12, 10, 30, tzinfo=UTC)
    assert first.created_at == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_the_tally_triggers_count_what_it_loads(tmp_path):
    load(*files(tmp_path))
    role_id = Role.objects.get(slug="data-engineer").pk
    tallies = dict(PostingTally.objects.filter(role_id=role_id).values_list("dimension", "count"))
    assert tallies["seniority"] == 2 and tallies["remote"] == 1  # the closed one: not open
    call_command("rebuild_tallies", check=True, verbosity=0)


def test_records_added_later_get_fresh_ids(tmp_path):
    """It chooses ids itself: the database's own id sequences must move past them."""
    load(*files(tmp_path))
    added = make_company()
    assert added.pk > Company.objects.get(slug="quorvale-health").pk


def test_cached_pages_go_stale(tmp_path, client):
    assert "Data-Engineer" not in client.get("/roles/").content.decode()
    load(*files(tmp_path))
    assert "Data-Engineer" in client.get("/roles/").content.decode()


def test_a_database_with_guides_is_left_alone(tmp_path):
    paths = files(tmp_path)
    load(*paths)
    guide = Role.objects.get(slug="data-engineer")
    guide.title = "Data Engineer (edited)"
    guide.save()
    JobPosting.objects.filter(external_id="s-1").update(title="Edited posting")

    message = load(*paths)

    assert message.startswith(
        "Nothing loaded: the database already has 2 roles, 3 job postings and more."
    )
    assert Role.objects.get(slug="data-engineer").title == "Data Engineer (edited)"
    assert JobPosting.objects.get(external_id="s-1").title == "Edited posting"
    assert JobPosting.objects.count() == 3


def test_the_default_files_are_the_shipped_ones():
    call_command("load_fixtures", verbosity=0)
    assert Role.objects.filter(slug="machine-learning-engineer").exists()
    assert JobPosting.objects.filter(external_id="mle-seed-1").exists()


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        ("truncated", "jobs.json: line 8 column 513: Expecting ',' delimiter"),
        ("not a list", "jobs.json: expected a JSON list of objects"),
        ("no model", 'jobs.json: object 1: needs a "model" and its "fields"'),
        ("unknown model", "jobs.json: object 1 (jobs.nonsense): no such model"),
        ("unknown field", "jobs.json: object 5 (jobs.jobposting): no field 'colour'"),
        ("bad value", "jobs.json: object 5 (jobs.jobposting): posted_at:"),
        ("missing company", "jobs.json: object 5 (jobs.jobposting): company ['nobody'] is not in"),
        ("missing technology", "technologies ['cobol'] is not in the files"),
        ("twice", "jobs.json: object 6 (jobs.jobposting): ('sample', 's-1') appears twice"),
        ("not a key", "jobs.json: object 5 (jobs.jobposting): company: {'slug': 'x'} is not a key"),
        ("rejected by the database", "The database refused the fixtures, nothing loaded: "),
    ],
)
def test_bad_input_is_one_line_naming_the_problem_and_nothing_is_written(
    tmp_path, breakage, expected
):
    roles_path, jobs_path = files(tmp_path)
    objects = json.loads(jobs_path.read_text())
    if breakage == "truncated":
        jobs_path.write_text(jobs_path.read_text()[:-3])
    elif breakage == "not a list":
        jobs_path.write_text('{"model": "jobs.company"}')
    elif breakage == "no model":
        jobs_path.write_text(json.dumps([{"fields": {}}]))
    else:
        if breakage == "unknown model":
            objects[0]["model"] = "jobs.nonsense"
        elif breakage == "unknown field":
            objects[4]["fields"]["colour"] = "blue"
        elif breakage == "bad value":
            objects[4]["fields"]["posted_at"] = "last Tuesday"
        elif breakage == "missing company":
            objects[4]["fields"]["company"] = ["nobody"]
        elif breakage == "missing technology":
            objects[6]["fields"]["technologies"] = [["python"], ["cobol"]]
        elif breakage == "not a key":
            objects[4]["fields"]["company"] = {"slug": "x"}
        elif breakage == "twice":
            objects[5]["fields"]["external_id"] = "s-1"
        elif breakage == "rejected by the database":  # the last posting breaks a constraint
            objects[6]["fields"].update(
                salary_min=90_000, salary_max=80_000, salary_currency="GBP", salary_period="YEAR"
            )
        jobs_path.write_text(json.dumps(objects))

    with pytest.raises(CommandError) as raised:
        call_command("load_fixtures", roles_path, jobs_path, verbosity=0)

    message = str(raised.value)
    assert expected in message and "\n" not in message
    assert message.endswith("nothing loaded.") or "nothing loaded:" in message
    assert not Role.objects.exists() and not JobPosting.objects.exists()
    assert not Company.objects.exists()


def test_a_malformed_file_is_one_line_on_the_command_line(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "roles.role", "fields": {"slug": "x",}}]')
    result = subprocess.run(
        [sys.executable, "manage.py", "load_fixtures", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"CommandError: {broken}: line 1 column 48: ")
    assert line.endswith("; nothing loaded.")
    assert result.stdout == ""


def test_replace_starts_over_in_one_transaction(tmp_path):
    paths = files(tmp_path)
    load(*paths)
    guide = Role.objects.get(slug="data-engineer")
    guide.title = "Data Engineer (edited)"
    guide.save()
    make_company(name="Imported Employer")
    editor = get_user_model().objects.create_user("edith")

    call_command("load_fixtures", *paths, replace=True, interactive=False, verbosity=0)

    assert Role.objects.get(slug="data-engineer").title == "Data-Engineer"
    assert not Company.objects.filter(name="Imported Employer").exists()
    assert JobPosting.objects.count() == 3
    assert get_user_model().objects.filter(pk=editor.pk).exists()
    call_command("rebuild_tallies", check=True, verbosity=0)


def test_replace_that_fails_keeps_the_old_records(tmp_path):
    paths = files(tmp_path)
    load(*paths)
    objects = json.loads(paths[1].read_text())
    objects[6]["fields"].update(
        salary_min=2, salary_max=1, salary_currency="GBP", salary_period="YEAR"
    )
    paths[1].write_text(json.dumps(objects))
    with pytest.raises(CommandError, match="The database refused the fixtures, nothing loaded"):
        call_command("load_fixtures", *paths, replace=True, interactive=False, verbosity=0)
    assert JobPosting.objects.count() == 3 and Role.objects.count() == 2


def skill(role_slug, technologies, **fields):
    return {
        "model": "roles.skill",
        "fields": {
            "role": [role_slug],
            "position": 1,
            "kind": "technical",
            "name": "Pipelines",
            "text": "Builds them.",
            "technologies": technologies,
            **fields,
        },
    }


def test_skills_link_to_technologies_of_a_later_file_and_search_finds_the_guides(tmp_path):
    roles = [role("data-engineer", family="data-engineering"), skill("data-engineer", [["sql"]])]
    load(*files(tmp_path, roles=roles))
    linked = Skill.objects.get(role__slug="data-engineer").technologies.all()
    assert [technology.slug for technology in linked] == ["sql"]
    # Bulk inserts build nothing by themselves: the loader builds the search documents.
    assert [guide.slug for guide in search_guides("sql")] == ["data-engineer"]
    call_command("rebuild_search", check=True, verbosity=0)


def test_a_skill_naming_no_technology_of_the_files_loads_nothing(tmp_path):
    roles = [role("data-engineer"), skill("data-engineer", [["cobol"]])]
    with pytest.raises(CommandError) as raised:
        load(*files(tmp_path, roles=roles))
    message = str(raised.value)
    assert "roles.json: object 2 (roles.skill)" in message
    assert "technologies ['cobol'] is not in the files" in message
    assert not Role.objects.exists()
