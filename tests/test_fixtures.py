"""The shipped fixtures load, reproduce the seed figures, and are what the generator writes."""

import ast
import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Max
from django.utils.html import escape

from jobs.models import Company, JobPosting
from roles.models import CareerStage, Role, Skill
from tests.seed import FIXTURES, GUIDE_OPEN, SEED_NEWEST, SEED_NEWEST_EMPLOYERS, SEED_OPEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_data")]

GENERATOR = FIXTURES / "generate_jobs.py"


def shipped_objects():
    return [
        *json.loads((FIXTURES / "roles.json").read_text()),
        *json.loads((FIXTURES / "jobs.json").read_text()),
    ]


def open_count(slug):
    return JobPosting.objects.open().filter(role__slug=slug).count()


def newest_ml_openings():
    return list(
        JobPosting.objects.open()
        .filter(role__slug="machine-learning-engineer")
        .newest_first()
        .select_related("company")[:6]
    )


def test_every_record_of_the_files_is_loaded():
    shipped = {}
    for item in shipped_objects():
        shipped[item["model"]] = shipped.get(item["model"], 0) + 1
    for label, count in shipped.items():
        assert apps.get_model(label).objects.count() == count, label
    links = sum(
        len(item["fields"]["technologies"])
        for item in shipped_objects()
        if item["model"] == "jobs.jobposting"
    )
    assert JobPosting.technologies.through.objects.count() == links


def test_tallies_match_the_postings():
    call_command("rebuild_tallies", check=True, verbosity=0)


def test_seed_figures():
    for slug, count in SEED_OPEN.items():
        assert open_count(slug) == count, slug


def test_sixteen_published_guides_each_with_their_open_postings():
    assert set(Role.objects.published().values_list("slug", flat=True)) == set(GUIDE_OPEN)
    for slug, count in GUIDE_OPEN.items():
        assert open_count(slug) == count, slug


def test_six_newest_machine_learning_openings_in_order_with_the_seed_employers():
    newest = newest_ml_openings()
    assert [posting.title for posting in newest] == SEED_NEWEST
    assert [posting.company.name for posting in newest] == SEED_NEWEST_EMPLOYERS


def test_the_seed_openings_carry_only_what_the_seed_says():
    for posting in newest_ml_openings():
        assert not posting.has_salary
        assert not posting.locations.exists()
    undisclosed = Company.objects.get(slug="undisclosed-employer")
    assert undisclosed.name == "Undisclosed employer" and not undisclosed.website
    assert [p.title for p in undisclosed.postings.all()] == [SEED_NEWEST[4]]


def test_no_other_posting_names_a_seed_employer():
    seed_ids = {posting.pk for posting in newest_ml_openings()}
    named = JobPosting.objects.filter(company__name__in=set(SEED_NEWEST_EMPLOYERS))
    assert set(named.values_list("pk", flat=True)) == seed_ids


def test_every_shipped_posting_is_a_sample():
    assert set(JobPosting.objects.values_list("source", flat=True)) == {"sample"}


def test_a_closed_posting_is_newer_than_every_open_one():
    newest = JobPosting.objects.newest_first().first()
    assert newest.status == JobPosting.Status.CLOSED
    assert newest.role.slug == "machine-learning-engineer"


def test_closed_and_expired_postings_are_shipped_for_every_guide_and_not_open():
    open_ids = set(JobPosting.objects.open().values_list("id", flat=True))
    for slug in GUIDE_OPEN:
        postings = JobPosting.objects.filter(role__slug=slug)
        closed = postings.filter(status=JobPosting.Status.CLOSED)
        expired = postings.filter(status=JobPosting.Status.OPEN, expires_at__isnull=False)
        assert closed.exists() and expired.exists(), slug
        assert all(posting.is_expired for posting in expired)
        assert open_ids.isdisjoint(closed.values_list("id", flat=True))
        assert open_ids.isdisjoint(expired.values_list("id", flat=True))


def test_open_postings_carry_no_expiry_and_are_at_most_90_days_older_than_the_newest():
    newest = JobPosting.objects.aggregate(newest=Max("posted_at"))["newest"]
    counted = JobPosting.objects.open()
    assert not counted.filter(expires_at__isnull=False).exists()
    assert not counted.filter(posted_at__lt=newest - timedelta(days=90)).exists()
    # Expired postings expired before the data's newest posting: no figure drifts.
    assert not JobPosting.objects.filter(expires_at__gte=newest).exists()


def test_the_four_seed_guides_are_complete():
    for role in Role.objects.filter(slug__in=SEED_OPEN):
        assert role.responsibilities.count() >= 6
        assert role.skills.filter(kind=Skill.Kind.TECHNICAL).exists()
        assert role.skills.filter(kind=Skill.Kind.SOFT).exists()
        assert set(role.career_stages.values_list("level", flat=True)) == set(
            CareerStage.Level.values
        )
        assert role.specializations.exists()
        assert role.faqs.count() >= 4
        assert role.related_roles.exists()
        assert role.salary_note


def test_every_shipped_posting_passes_field_validation():
    for posting in JobPosting.objects.all():
        posting.clean_fields(exclude=["role", "company"])


def test_loaddata_reads_the_same_files_and_finds_the_loaded_records(tmp_path):
    """Operators use loaddata: it matches the records by natural key and changes nothing.

    Every company, place, technology and guide, and every 25th posting (the whole file
    takes loaddata a dozen seconds; its postings all have one shape)."""
    jobs = json.loads((FIXTURES / "jobs.json").read_text())
    postings = [item for item in jobs if item["model"] == "jobs.jobposting"]
    sample = [item for item in jobs if item["model"] != "jobs.jobposting"] + postings[::25]
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps(sample))
    before = list(JobPosting.objects.order_by("external_id").values())
    roles_before = list(Role.objects.order_by("slug").values())
    call_command("loaddata", FIXTURES / "roles.json", path, verbosity=0)
    assert list(JobPosting.objects.order_by("external_id").values()) == before
    assert list(Role.objects.order_by("slug").values()) == roles_before
    call_command("rebuild_tallies", check=True, verbosity=0)


def test_the_loader_leaves_an_edited_guide_alone():
    guide = Role.objects.get(slug="data-engineer")
    guide.summary = "An editor's own summary."
    guide.save()
    call_command("load_fixtures", verbosity=0)
    guide.refresh_from_db()
    assert guide.summary == "An editor's own summary."
    assert JobPosting.objects.count() == sum(
        item["model"] == "jobs.jobposting" for item in shipped_objects()
    )


def test_guide_page_shows_the_seed_figures(client):
    html = client.get("/roles/machine-learning-engineer/").content.decode()
    assert ">333<" in html
    for title, count in [
        ("Analytics Engineer", 297),
        ("Data Engineer", 228),
        ("Database Administrator", 11),
    ]:
        assert title in html
        assert f"<strong>{count}</strong> open job" in html
    positions = [html.index(escape(title)) for title in SEED_NEWEST]
    assert positions == sorted(positions)


def test_catalog_shows_every_guide_with_its_open_count(client):
    html = client.get("/roles/").content.decode()
    for count in GUIDE_OPEN.values():
        assert f"<strong>{count}</strong> open jobs" in html


# The generator -------------------------------------------------------------------------


def generate(**env):
    return subprocess.run(
        [sys.executable, str(GENERATOR)],
        capture_output=True,
        check=True,
        env={**os.environ, **env},
    ).stdout


def test_the_generator_writes_the_shipped_file_byte_for_byte_whatever_the_zone_and_hash_seed():
    shipped = (FIXTURES / "jobs.json").read_bytes()
    assert generate(TZ="UTC", PYTHONHASHSEED="1") == shipped
    assert generate(TZ="Pacific/Kiritimati", PYTHONHASHSEED="2") == shipped


CLOCK_READS = {"now", "today", "utcnow", "time", "time_ns", "monotonic", "localtime", "gmtime"}


def test_the_generator_never_reads_the_clock():
    """Output independent of the date: no `datetime.now()`, `date.today()`, `time.time()`
    or the like anywhere in the generator, and no `time` module."""
    sources = [GENERATOR, *sorted((FIXTURES / "samples").glob("*.py"))]
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text())):
            where = f"{path.name}:{getattr(node, 'lineno', '')}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in CLOCK_READS, f"{where} calls {node.func.attr}()"
            if isinstance(node, ast.Import):
                assert "time" not in [alias.name for alias in node.names], f"{where}"
            if isinstance(node, ast.ImportFrom):
                assert node.module != "time", f"{where} imports from time"
