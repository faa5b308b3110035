"""A posting's advertised pay made yearly (PRODUCT.md, "Advertised pay"), kept by the database."""

import pytest
from django.db import connection

from jobs.models import JobPosting
from tests.factories import make_posting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("low", "high", "period", "yearly"),
    [
        (100_000, 120_000, "YEAR", 110_000),
        (5_000, 7_000, "MONTH", 72_000),
        (2_000, 2_000, "WEEK", 104_000),
        (500, 600, "DAY", 143_000),
        (50, 61, "HOUR", 115_440),
        (90_000, None, "YEAR", 90_000),  # only a minimum: that figure
        (None, 80, "HOUR", 166_400),  # only a maximum: that figure
    ],
)
def test_midpoint_made_yearly(low, high, period, yearly):
    posting = make_posting(
        salary_min=low, salary_max=high, salary_currency="USD", salary_period=period
    )
    posting.refresh_from_db()
    assert posting.pay_yearly == yearly


def test_no_pay_is_no_figure():
    posting = make_posting()
    posting.refresh_from_db()
    assert posting.pay_yearly is None


def test_every_write_path_keeps_it_right():
    posting = make_posting(salary_min=1, salary_max=1, salary_currency="EUR", salary_period="YEAR")
    JobPosting.objects.filter(pk=posting.pk).update(salary_min=60_000, salary_max=80_000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE jobs_jobposting SET salary_period = 'MONTH', salary_min = 4000, "
            "salary_max = 4000 WHERE id = %s",
            [posting.pk],
        )
    posting.refresh_from_db()
    assert posting.pay_yearly == 48_000


def test_data_through_is_the_newest_posting_whatever_its_status():
    older = make_posting()
    newest = make_posting(status="closed", posted_at=older.posted_at.replace(year=2030))
    assert JobPosting.objects.data_through() == newest.posted_at
