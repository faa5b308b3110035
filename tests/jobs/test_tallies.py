"""The tallies behind the statistics match the raw postings after any sequence of writes."""

import random
from datetime import timedelta

import pytest
from django.core.management import call_command
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
            ["add", "add", "close", "reopen", "edit", "relink", "delete", "expire", "bulk"]
        )
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
            posting.delete()
        elif action == "expire":
            posting.posted_at = now - timedelta(days=5)
            posting.expires_at = now - timedelta(days=rng.choice([1, -1]))  # past or future
            posting.save()
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
