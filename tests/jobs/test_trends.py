"""Technology trends: the 30 days up to data-through against the 30 before (PRODUCT.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs import statistics
from jobs.models import JobPosting
from roles.models import Role
from tests.factories import make_company, make_posting, make_role, make_technology

pytestmark = pytest.mark.django_db


def test_change_and_direction_follow_the_product_definition():
    assert statistics.trend_change(11, 10) == (pytest.approx(0.1), "rising")
    assert statistics.trend_change(9, 10) == (pytest.approx(-0.1), "falling")
    assert statistics.trend_change(10, 10) == (0, "steady")
    assert statistics.trend_change(5, 0) == (None, "steady")


def test_windows_end_at_the_newest_posting_and_count_every_status():
    through = timezone.now() - timedelta(days=400)  # far from today: no clock involved
    role, company = make_role(), make_company()
    tech = make_technology(name="Widget", slug="widget")

    def posting(days_back, **kwargs):
        make_posting(
            role=role,
            company=company,
            technologies=[tech],
            posted_at=through - timedelta(days=days_back),
            **kwargs,
        )

    posting(0)  # data-through itself: current
    posting(29.9, status=JobPosting.Status.CLOSED)  # current, whatever its status
    posting(30)  # exactly 30 days back: the earlier window
    posting(59.9)
    posting(60)  # outside both
    draft = make_role(status=Role.Status.DRAFT)
    make_posting(role=draft, technologies=[tech], posted_at=through)  # a draft's: left out
    [trend] = statistics.technology_trends(through=JobPosting.objects.data_through())
    assert (trend.slug, trend.current, trend.previous) == ("widget", 2, 2)
    assert statistics.technology_trends(through=None) == []


def test_the_fastest_risers_need_enough_postings_to_mean_anything():
    through = timezone.now()
    role, company = make_role(), make_company()
    counts = {"steady": (30, 30), "rising": (20, 40), "faster": (20, 50), "tiny": (2, 10)}
    postings = []
    for slug, (previous, current) in counts.items():
        tech = make_technology(name=slug.title(), slug=slug)
        for n in range(previous + current):
            days = 45 if n < previous else 5
            postings.append((tech, through - timedelta(days=days, minutes=n)))
    for tech, posted_at in postings:
        make_posting(role=role, company=company, technologies=[tech], posted_at=posted_at)
    trends = statistics.technology_trends(through=JobPosting.objects.data_through())
    assert [t.slug for t in statistics.rising_technologies(trends)] == ["faster", "rising"]
    assert next(t.slug for t in statistics.rising_technologies(trends, minimum=1)) == "tiny"
