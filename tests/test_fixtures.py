"""The shipped fixtures load cleanly, twice, and reproduce the seed figures."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils.html import escape

from jobs.models import Company, JobPosting, Location, Technology
from roles.models import FAQ, CareerStage, RelatedRole, Responsibility, Role, Skill
from tests.seed import FIXTURES, SEED_NEWEST

pytestmark = pytest.mark.django_db

MODELS = [
    Role,
    Responsibility,
    Skill,
    CareerStage,
    FAQ,
    RelatedRole,
    Company,
    Location,
    Technology,
    JobPosting,
]


@pytest.fixture(scope="module", autouse=True)
def shipped(django_db_setup, django_db_blocker):
    """Load the fixtures once for this module; every test runs in a savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


def load():
    call_command("loaddata", FIXTURES / "roles.json", FIXTURES / "jobs.json", verbosity=0)


def counts():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["posting technologies"] = JobPosting.technologies.through.objects.count()
    counts["posting locations"] = JobPosting.locations.through.objects.count()
    return counts


def open_count(slug):
    return JobPosting.objects.open().filter(role__slug=slug).count()


def test_loading_twice_changes_nothing():
    first = counts()
    snapshot = list(JobPosting.objects.order_by("external_id").values())
    load()
    assert counts() == first
    assert list(JobPosting.objects.order_by("external_id").values()) == snapshot
    assert first["Role"] == 4
    assert first["JobPosting"] > 333 + 297 + 228 + 11


def test_seed_figures():
    assert open_count("machine-learning-engineer") == 333
    assert open_count("analytics-engineer") == 297
    assert open_count("data-engineer") == 228
    assert open_count("database-administrator") == 11


def test_six_newest_machine_learning_openings_in_order():
    newest = (
        JobPosting.objects.open()
        .filter(role__slug="machine-learning-engineer")
        .newest_first()
        .select_related("company")[:6]
    )
    assert [posting.title for posting in newest] == SEED_NEWEST
    assert [posting.company.name for posting in newest][:4] == [
        "Moveworks (acquired by ServiceNow)",
        "Moveworks (acquired by ServiceNow)",
        "Xsolla",
        "Preply",
    ]


def test_closed_and_expired_postings_are_shipped_and_not_open():
    closed = JobPosting.objects.filter(status=JobPosting.Status.CLOSED)
    expired = JobPosting.objects.filter(status=JobPosting.Status.OPEN, expires_at__isnull=False)
    assert closed.exists() and expired.exists()
    assert all(posting.is_expired for posting in expired)
    open_ids = set(JobPosting.objects.open().values_list("id", flat=True))
    assert open_ids.isdisjoint(closed.values_list("id", flat=True))
    assert open_ids.isdisjoint(expired.values_list("id", flat=True))


def test_every_guide_is_complete():
    for role in Role.objects.all():
        assert role.is_published
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


def test_generator_reproduces_the_shipped_file():
    generated = subprocess.run(
        [sys.executable, str(FIXTURES / "generate_jobs.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(generated) == json.loads((FIXTURES / "jobs.json").read_text())


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
    for count in [333, 297, 228, 11]:
        assert f"<strong>{count}</strong> open jobs" in html
