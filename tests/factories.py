"""Small make_* functions: each test builds the few objects it needs."""

import itertools
from datetime import timedelta

from django.utils import timezone

from jobs.models import Company, JobPosting, Location, Technology
from roles.models import Role

_numbers = itertools.count(1)


def make_role(**kwargs):
    number = next(_numbers)
    kwargs.setdefault("title", f"Role {number}")
    kwargs.setdefault("slug", f"role-{number}")
    kwargs.setdefault("summary", "A role worth reading about.")
    kwargs.setdefault("overview", "What the role is.")
    kwargs.setdefault("status", Role.Status.PUBLISHED)
    return Role.objects.create(**kwargs)


def make_company(**kwargs):
    number = next(_numbers)
    kwargs.setdefault("name", f"Company {number}")
    kwargs.setdefault("slug", f"company-{number}")
    return Company.objects.create(**kwargs)


def make_location(**kwargs):
    number = next(_numbers)
    kwargs.setdefault("name", f"City {number}")
    kwargs.setdefault("slug", f"city-{number}")
    kwargs.setdefault("country_code", "US")
    return Location.objects.create(**kwargs)


def make_technology(**kwargs):
    number = next(_numbers)
    kwargs.setdefault("name", f"Tech {number}")
    kwargs.setdefault("slug", f"tech-{number}")
    return Technology.objects.create(**kwargs)


def make_posting(*, locations=(), technologies=(), **kwargs):
    number = next(_numbers)
    kwargs.setdefault("external_id", f"test-{number}")
    if "role" not in kwargs:
        kwargs["role"] = make_role()
    if "company" not in kwargs:
        kwargs["company"] = make_company()
    kwargs.setdefault("title", f"Posting {number}")
    kwargs.setdefault("description", "Build things that work.")
    kwargs.setdefault("seniority", JobPosting.Seniority.MID)
    kwargs.setdefault("posted_at", timezone.now() - timedelta(days=1, minutes=number))
    kwargs.setdefault("apply_url", f"https://jobs.example/apply/{number}")
    posting = JobPosting.objects.create(**kwargs)
    if locations:
        posting.locations.set(locations)
    if technologies:
        posting.technologies.set(technologies)
    return posting
