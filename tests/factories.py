"""Small make_* functions: each test builds the few objects it needs."""

import itertools
import json
from datetime import timedelta

from django.utils import timezone

from jobs.models import Company, JobPosting, Location, Technology
from roles.models import (
    FAQ,
    CareerStage,
    Credential,
    OtherTitle,
    RelatedRole,
    Responsibility,
    Role,
    Skill,
    Source,
    Specialization,
)

_numbers = itertools.count(1)


def make_role(**kwargs):
    number = next(_numbers)
    kwargs.setdefault("title", f"Role {number}")
    kwargs.setdefault("slug", f"role-{number}")
    kwargs.setdefault("summary", "A role worth reading about.")
    kwargs.setdefault("overview", "What the role is.")
    kwargs.setdefault("family", Role.Family.DATA_ENGINEERING)
    kwargs.setdefault("status", Role.Status.PUBLISHED)
    return Role.objects.create(**kwargs)


def _next_position(model, role):
    last = model.objects.filter(role=role).order_by("-position").first()
    return last.position + 1 if last else 1


def _make_part(model, *, role=None, **kwargs):
    """One part of a guide, placed after the guide's other parts of its kind."""
    role = role or make_role()
    kwargs.setdefault("position", _next_position(model, role))
    return model.objects.create(role=role, **kwargs)


def make_responsibility(**kwargs):
    kwargs.setdefault("title", f"Responsibility {next(_numbers)}")
    kwargs.setdefault("text", "What the work involves.")
    return _make_part(Responsibility, **kwargs)


def make_skill(**kwargs):
    kwargs.setdefault("kind", Skill.Kind.TECHNICAL)
    kwargs.setdefault("name", f"Skill {next(_numbers)}")
    kwargs.setdefault("text", "Why it matters.")
    return _make_part(Skill, **kwargs)


def make_career_stage(**kwargs):
    kwargs.setdefault("level", CareerStage.Level.ENTRY)
    kwargs.setdefault("title", f"Stage {next(_numbers)}")
    kwargs.setdefault("text", "What this stage is like.")
    return _make_part(CareerStage, **kwargs)


def make_specialization(**kwargs):
    kwargs.setdefault("name", f"Specialization {next(_numbers)}")
    kwargs.setdefault("text", "Where the role can lead.")
    return _make_part(Specialization, **kwargs)


def make_faq(**kwargs):
    kwargs.setdefault("question", f"Question {next(_numbers)}?")
    kwargs.setdefault("answer", "An answer.")
    return _make_part(FAQ, **kwargs)


def make_related_role(**kwargs):
    kwargs.setdefault("related", make_role())
    kwargs.setdefault("note", "Why readers should look there.")
    return _make_part(RelatedRole, **kwargs)


def make_credential(**kwargs):
    kwargs.setdefault("name", f"Certificate {next(_numbers)}")
    kwargs.setdefault("issuer", "An issuer")
    kwargs.setdefault("note", "Who it helps.")
    return _make_part(Credential, **kwargs)


def make_other_title(**kwargs):
    kwargs.setdefault("title", f"Other title {next(_numbers)}")
    return _make_part(OtherTitle, **kwargs)


def make_source(**kwargs):
    number = next(_numbers)
    kwargs.setdefault("title", f"Source {number}")
    kwargs.setdefault("publisher", "A publisher")
    kwargs.setdefault("url", f"https://source.example/{number}")
    return _make_part(Source, **kwargs)


def make_full_guide(**kwargs):
    """A guide with one of each part, as editors would publish it."""
    kwargs.setdefault("how_to_become", "Study, then build things.")
    kwargs.setdefault("work_environment", "Office hours, some on-call.")
    role = make_role(**kwargs)
    make_responsibility(role=role, title="Ship models", text="Daily.")
    make_skill(role=role, kind=Skill.Kind.TECHNICAL, name="Python", text="Fluent.")
    make_skill(role=role, kind=Skill.Kind.SOFT, name="Listening", text="Often.")
    make_credential(role=role, name="Cloud Certificate", issuer="A Cloud")
    for level in CareerStage.Level:
        make_career_stage(role=role, level=level, title=f"{level.label} stage", text="Learn.")
    make_specialization(role=role, name="Vision", text="Images.")
    make_other_title(role=role, title="Model Wrangler")
    make_faq(role=role, question="Is it fun?", answer="**Yes.**")
    make_source(role=role, title="A handbook page", publisher="A bureau")
    return role


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


def make_many_postings(role, count, **fields):
    """`count` open postings of `role` in bulk, one a minute back from now, sharing one
    company, technology and place: for query counts and deep pages at size."""
    company, tech, place = make_company(), make_technology(), make_location()
    now = timezone.now()
    postings = JobPosting.objects.bulk_create(
        JobPosting(
            external_id=f"bulk-{role.pk}-{n}",
            role=role,
            company=company,
            title=f"Posting {n}",
            description="d",
            seniority=JobPosting.Seniority.values[n % 8],
            workplace=JobPosting.Workplace.values[n % 3],
            posted_at=now - timedelta(minutes=n),
            apply_url="https://jobs.example/a",
            **fields,
        )
        for n in range(count)
    )
    JobPosting.technologies.through.objects.bulk_create(
        JobPosting.technologies.through(jobposting_id=p.pk, technology_id=tech.pk) for p in postings
    )
    JobPosting.locations.through.objects.bulk_create(
        JobPosting.locations.through(jobposting_id=p.pk, location_id=place.pk) for p in postings
    )
    return postings


def import_row(number, **fields):
    """One good line of an import file (as `import_postings` reads it), `fields` changed."""
    data = {
        "external_id": f"feed-{number}",
        "role": "data-engineer",
        "title": f"Data Engineer {number}",
        "company": "Acme Analytics",
        "description": "Build pipelines that work.",
        "seniority": "mid",
        "posted_at": "2026-11-02T09:00:00Z",
        "apply_url": f"https://acme.example/apply/{number}",
        "source": "acme",
    }
    data.update(fields)
    return data


def write_jsonl(path, rows):
    """An import file of JSON lines, one per row."""
    path.write_text("".join(json.dumps(item) + "\n" for item in rows), encoding="utf-8")
    return path
