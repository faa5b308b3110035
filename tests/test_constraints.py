"""Each database constraint rejects the bad data it guards."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from jobs.models import Company, JobPosting, Location, Technology
from roles.models import (
    FAQ,
    CareerStage,
    RelatedRole,
    Responsibility,
    Role,
    Skill,
    Specialization,
)
from tests.factories import make_company, make_posting, make_role

pytestmark = pytest.mark.django_db


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_role_slug_is_unique():
    make_role(slug="data-engineer")
    rejected(lambda: make_role(slug="data-engineer"))


@pytest.mark.parametrize("model", [Company, Location, Technology])
def test_grouping_records_have_unique_slugs(model):
    model.objects.create(name="PyTorch", slug="pytorch", **_required(model))
    rejected(lambda: model.objects.create(name="Pytorch", slug="pytorch", **_required(model)))


def _required(model):
    return {"country_code": "US"} if model is Location else {}


def test_posting_external_id_is_unique_within_its_source():
    make_posting(source="acme", external_id="feed-1")
    rejected(lambda: make_posting(source="acme", external_id="feed-1"))
    make_posting(source="globex", external_id="feed-1")  # another feed's id space
    make_posting(source="", external_id="feed-1")  # the admin's
    rejected(lambda: make_posting(source="", external_id="feed-1"))


def test_salary_minimum_not_above_maximum():
    make_posting(salary_min=100, salary_max=100, salary_currency="USD", salary_period="YEAR")
    rejected(
        lambda: make_posting(
            salary_min=200, salary_max=100, salary_currency="USD", salary_period="YEAR"
        )
    )


def test_salary_needs_currency_and_period():
    rejected(lambda: make_posting(salary_min=100, salary_max=200))


def test_expiry_after_posting():
    posting = make_posting()
    rejected(
        lambda: make_posting(
            posted_at=posting.posted_at, expires_at=posting.posted_at - timedelta(days=1)
        )
    )


@pytest.mark.parametrize(
    ("field", "moment"),
    [
        ("expires_at", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("expires_at", datetime(2200, 1, 1, tzinfo=UTC)),
        ("posted_at", datetime(1, 1, 1, tzinfo=UTC)),
        ("posted_at", datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_dates_stay_where_every_driver_can_read_them(field, moment):
    # A PostgreSQL timestamp past year 9999 in UTC is stored fine and cannot be read back by
    # psycopg: one such posting took every page listing it down.
    rejected(lambda: make_posting(**{field: moment}))
    # The bounds themselves are fine:
    make_posting(posted_at=datetime(2000, 1, 1, tzinfo=UTC))
    make_posting(expires_at=datetime(2199, 12, 31, 23, 59, 59, tzinfo=UTC))


def test_status_and_seniority_must_be_known_values():
    rejected(lambda: make_posting(status="paused"))
    rejected(lambda: make_posting(seniority="wizard"))


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Responsibility, {"title": "Ship", "text": "Ship it."}),
        (Skill, {"kind": Skill.Kind.TECHNICAL, "name": "SQL", "text": "Queries."}),
        (CareerStage, {"level": CareerStage.Level.ENTRY, "title": "Junior", "text": "Learn."}),
        (Specialization, {"name": "NLP", "text": "Language."}),
        (FAQ, {"question": "Why?", "answer": "Because."}),
    ],
)
def test_one_item_per_position_within_a_guide(model, fields):
    role = make_role()
    model.objects.create(role=role, position=1, **fields)
    model.objects.create(role=make_role(), position=1, **fields)  # another guide: fine
    if model is CareerStage:
        fields = {**fields, "level": CareerStage.Level.MID}
    rejected(lambda: model.objects.create(role=role, position=1, **fields))


def test_one_career_stage_per_level():
    role = make_role()
    CareerStage.objects.create(role=role, position=1, level="entry", title="A", text="a")
    rejected(
        lambda: CareerStage.objects.create(
            role=role, position=2, level="entry", title="B", text="b"
        )
    )


def test_role_never_related_to_itself():
    role = make_role()
    rejected(lambda: RelatedRole.objects.create(role=role, related=role, position=1, note="Me."))


def test_role_related_to_another_once():
    role, other = make_role(), make_role()
    RelatedRole.objects.create(role=role, related=other, position=1, note="Next door.")
    rejected(
        lambda: RelatedRole.objects.create(role=role, related=other, position=2, note="Again.")
    )


def test_postings_keep_their_role_and_company():
    posting = make_posting()
    with pytest.raises(ProtectedError), transaction.atomic():
        Role.objects.filter(pk=posting.role_id).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Company.objects.filter(pk=posting.company_id).delete()
    assert JobPosting.objects.filter(pk=posting.pk).exists()


def test_company_str_and_posting_url():
    company = make_company(name="Acme")
    posting = make_posting(company=company, title="Data Engineer")
    assert str(posting) == "Data Engineer at Acme"
    assert posting.get_absolute_url() == f"/jobs/{posting.pk}/"
    assert posting.role.get_absolute_url() == f"/roles/{posting.role.slug}/"
