"""The market insight's tallies stay exact through any sequence of writes: its figures equal
the same figures counted straight from the postings."""

import random
from datetime import timedelta

import pytest
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from jobs import insight, tallies
from jobs.models import JobPosting
from roles.models import Skill
from tests.factories import make_company, make_posting, make_role, make_skill, make_technology

pytestmark = pytest.mark.django_db


def raw(role, through):
    """The oracle: the figures counted from the postings with plain ORM queries."""
    counted = JobPosting.objects.open().filter(role=role)
    employers = dict(counted.values_list("company__name").annotate(n=Count("pk")))
    currencies = dict(
        counted.filter(pay_yearly__isnull=False)
        .values_list("salary_currency")
        .annotate(n=Count("pk"))
    )
    skills = {}
    for skill in Skill.objects.filter(role=role, kind=Skill.Kind.TECHNICAL):
        linked = skill.technologies.all()
        if linked:
            naming = JobPosting.technologies.through.objects.filter(
                jobposting=OuterRef("pk"), technology__in=linked
            )
            skills[skill.name] = counted.filter(Exists(naming)).count()
    start = through - timedelta(days=30)
    window = (
        JobPosting.objects.countable()
        .filter(role=role, posted_at__gt=start - timedelta(days=30), posted_at__lte=through)
        .aggregate(
            current=Count("pk", filter=Q(posted_at__gt=start)),
            previous=Count("pk", filter=Q(posted_at__lte=start)),
        )
    )
    return employers, currencies, skills, (window["current"], window["previous"])


def tallied(role, through):
    figures = insight.market_insight(role, through=through)
    currencies = {}
    if figures.pay:
        currencies = {figures.pay.currency: figures.pay.n}
    employers = {e.name: e.count for e in figures.employers}
    skills = {s.name: s.count for s in figures.skills}
    return figures, employers, currencies, skills, (figures.trend.current, figures.trend.previous)


@pytest.mark.parametrize("seed", [11, 12])
def test_insight_figures_equal_the_raw_counts_after_random_writes(seed):
    rng = random.Random(seed)
    roles = [make_role() for _ in range(2)]
    companies = [make_company() for _ in range(3)]
    technologies = [make_technology() for _ in range(5)]
    skills = [make_skill(role=rng.choice(roles)) for _ in range(4)]
    for skill in skills:
        skill.technologies.set(rng.sample(technologies, 2))
    postings = []

    def pay():
        if rng.random() < 0.3:
            return {
                "salary_min": None,
                "salary_max": None,
                "salary_currency": "",
                "salary_period": "",
            }
        return {
            "salary_min": rng.randint(1, 9) * 10_000,
            "salary_max": None,
            "salary_currency": rng.choice(["USD", "EUR"]),
            "salary_period": rng.choice(["YEAR", "MONTH"]),
        }

    for _ in range(120):
        action = rng.choice(["add", "add", "edit", "close", "relink", "skill", "fold", "delete"])
        if action == "add" or not postings:
            postings.append(
                make_posting(
                    role=rng.choice(roles),
                    company=rng.choice(companies),
                    technologies=rng.sample(technologies, rng.randint(0, 3)),
                    posted_at=timezone.now() - timedelta(days=rng.uniform(0, 70)),
                    **pay(),
                )
            )
            continue
        posting = rng.choice(postings)
        if action == "edit":
            posting.company = rng.choice(companies)
            posting.role = rng.choice(roles)
            posting.posted_at -= timedelta(days=rng.uniform(-5, 5))
            for field, value in pay().items():
                setattr(posting, field, value)
            posting.save()
        elif action == "close":
            posting.status = rng.choice(JobPosting.Status.values)
            posting.save()
        elif action == "relink":
            posting.technologies.set(rng.sample(technologies, rng.randint(0, 3)))
        elif action == "skill":
            skill = rng.choice(skills)
            skill.technologies.set(rng.sample(technologies, rng.randint(1, 3)))
        elif action == "fold":
            others = [other for other in postings if other.pk != posting.pk]
            posting.duplicate_of = rng.choice(others) if others and rng.random() < 0.5 else None
            posting.save()
        elif action == "delete":
            postings.remove(posting)
            deleted = posting.pk
            posting.delete()
            for other in postings:
                if other.duplicate_of_id == deleted:
                    other.refresh_from_db()

    through = JobPosting.objects.data_through()
    for role in roles:
        figures, employers, currencies, skill_counts, window = tallied(role, through)
        raw_employers, raw_currencies, raw_skills, raw_window = raw(role, through)
        assert employers == raw_employers
        if raw_currencies:
            top = min(raw_currencies, key=lambda code: (-raw_currencies[code], code))
            assert currencies == {top: raw_currencies[top]}
            assert figures.pay.left_out == sum(raw_currencies.values()) - raw_currencies[top]
        else:
            assert figures.pay is None
        assert skill_counts == raw_skills
        assert window == raw_window
    assert tallies.rebuild() == {}  # nothing to correct: the triggers kept every row exact
