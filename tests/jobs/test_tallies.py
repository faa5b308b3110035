"""The tallies behind the statistics match the raw postings after any sequence of writes."""

import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from jobs import statistics, tallies
from jobs.models import JobPosting, Location, PostingTally, Technology
from tests.factories import make_location, make_posting, make_role, make_technology

pytestmark = pytest.mark.django_db


def raw_statistics(role):
    """The same numbers counted straight from the postings: the oracle."""
    open_postings = JobPosting.objects.open().filter(role=role)
    seniority = dict(open_postings.values_list("seniority").annotate(n=Count("id")))
    technologies = dict(
        Technology.objects.filter(postings__in=open_postings)
        .values_list("name")
        .annotate(n=Count("postings"))
    )
    places = dict(
        Location.objects.filter(postings__in=open_postings.exclude(workplace="remote"))
        .values_list("name")
        .annotate(n=Count("postings"))
    )
    remote = open_postings.filter(workplace="remote").count()
    if remote:
        places["Remote"] = remote
    return open_postings.count(), seniority, technologies, places


def tallied_statistics(role):
    return (
        statistics.open_postings_count(role),
        {share.level: share.count for share in statistics.seniority_mix(role)},
        {item.name: item.count for item in statistics.top_technologies(role, limit=1000)},
        {item.name: item.count for item in statistics.top_locations(role, limit=1000)},
    )


def random_writes(rng, roles, technologies, places, steps):
    now = timezone.now()
    postings = []
    for _ in range(steps):
        action = rng.choice(
            [
                "add", "add", "close", "reopen", "edit", "relink", "delete", "expire", "bulk",
                "unassign", "fold", "unfold",
            ]
        )  # fmt: skip
        if action == "add" or not postings:
            postings.append(
                make_posting(
                    role=rng.choice(roles),
                    seniority=rng.choice(JobPosting.Seniority.values),
                    workplace=rng.choice(JobPosting.Workplace.values),
                    technologies=rng.sample(technologies, rng.randint(0, 3)),
                    locations=rng.sample(places, rng.randint(0, 2)),
                )
            )
            continue
        posting = rng.choice(postings)
        if action == "close":
            posting.status = JobPosting.Status.CLOSED
            posting.save()
        elif action == "reopen":
            posting.status = JobPosting.Status.OPEN
            posting.save()
        elif action == "edit":
            posting.role = rng.choice(roles)
            posting.seniority = rng.choice(JobPosting.Seniority.values)
            posting.workplace = rng.choice(JobPosting.Workplace.values)
            posting.save()
        elif action == "relink":
            posting.technologies.set(rng.sample(technologies, rng.randint(0, 3)))
            posting.locations.remove(*rng.sample(places, 1))
            posting.locations.add(*rng.sample(places, 1))
        elif action == "delete":
            postings.remove(posting)
            deleted = posting.pk
            posting.delete()
            for other in postings:  # its duplicates count again (SET_NULL)
                if other.duplicate_of_id == deleted:
                    other.refresh_from_db()
        elif action == "expire":
            posting.posted_at = now - timedelta(days=5)
            posting.expires_at = now - timedelta(days=rng.choice([1, -1]))  # past or future
            posting.save()
        elif action == "unassign":  # into the review queue, and out again
            posting.role = None if posting.role_id else rng.choice(roles)
            posting.save()
        elif action == "fold":  # a duplicate of another feed's posting of the same job
            others = [other for other in postings if other.pk != posting.pk]
            if others:
                posting.duplicate_of = rng.choice(others)
                posting.save()
        elif action == "unfold":
            JobPosting.objects.filter(pk=posting.pk).update(duplicate_of=None)
            posting.refresh_from_db()
        elif action == "bulk":
            chosen = rng.sample(postings, min(2, len(postings)))
            JobPosting.objects.filter(pk__in=[p.pk for p in chosen]).update(
                status=rng.choice(JobPosting.Status.values),
                workplace=rng.choice(JobPosting.Workplace.values),
            )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tallied_statistics_equal_raw_counts_after_random_writes(seed):
    rng = random.Random(seed)
    roles = [make_role() for _ in range(3)]
    technologies = [make_technology() for _ in range(5)]
    places = [make_location() for _ in range(4)]
    random_writes(rng, roles, technologies, places, steps=120)
    for role in roles:
        assert tallied_statistics(role) == raw_statistics(role)
    assert tallies.rebuild() == {}  # nothing to correct: the triggers kept them exact


def test_changing_a_posting_role_moves_its_counts():
    first, second, tech = make_role(), make_role(), make_technology(name="Go")
    posting = make_posting(role=first, technologies=[tech])
    posting.role = second
    posting.save()
    assert statistics.top_technologies(first) == []
    assert [(item.name, item.count) for item in statistics.top_technologies(second)] == [("Go", 1)]


def test_rebuild_command_checks_and_repairs():
    role = make_role()
    make_posting(role=role)
    call_command("rebuild_tallies", check=True, verbosity=0)
    PostingTally.objects.filter(role=role).update(count=7)
    with pytest.raises(Exception, match="differ"):
        call_command("rebuild_tallies", check=True, verbosity=0)
    call_command("rebuild_tallies", verbosity=0)
    assert statistics.open_postings_count(role) == 1


def installed_triggers():
    """What the database runs on writes: {name: definition} of our tally triggers (and, on
    PostgreSQL, the bodies of the functions they call)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT proname, prosrc FROM pg_proc JOIN pg_namespace n ON n.oid = pronamespace "
                "WHERE nspname = current_schema() "
                "AND (proname LIKE 'jobs%' OR proname LIKE '%_tally_statement')"
            )
        return dict(cursor.fetchall())


def test_the_installed_triggers_are_what_jobs_tallies_generates():
    # Migrations hold frozen copies of the rule; this keeps them and jobs/tallies.py one.
    if connection.vendor == "sqlite":
        expected = {statement.split()[2]: statement for statement in tallies.sqlite_statements()}
    else:
        expected = {
            tallies.postgresql_function_name(table): f" {tallies.postgresql_function_body(table)} "
            for table in tallies.TABLES
        }
    assert installed_triggers() == expected


def test_only_jobs_tallies_writes_tally_rows():
    root = Path(__file__).resolve().parents[2]
    writers = [
        path.relative_to(root).as_posix()
        for folder in ("careerguide", "roles", "jobs", "bench")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts and "INTO jobs_postingtally" in path.read_text()
    ]
    assert writers == ["jobs/tallies.py"]


def test_lowering_a_missing_row_writes_nothing():
    """Both databases: a write that would take a tally below what exists (here, after the
    rows were removed by hand) leaves no negative row behind."""
    role = make_role()
    posting = make_posting(role=role, technologies=[make_technology()])
    PostingTally.objects.filter(role=role).delete()
    posting.status = JobPosting.Status.CLOSED
    posting.save()
    assert not PostingTally.objects.filter(count__lt=0).exists()


def test_counted_by_role_equals_the_per_role_readers():
    rng = random.Random(7)
    roles = [make_role() for _ in range(3)]
    technologies = [make_technology() for _ in range(4)]
    places = [make_location() for _ in range(3)]
    random_writes(rng, roles, technologies, places, steps=80)
    for dimension in tallies.RULES:
        by_role = tallies.counted_by_role(dimension)
        for role in roles:
            per_role = {
                key: counted
                for key, counted in tallies.counted(role, dimension).values_list("key", "counted")
                if counted > 0
            }
            assert {key: n for (owner, key), n in by_role.items() if owner == role.pk} == per_role
