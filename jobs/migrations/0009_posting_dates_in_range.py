"""
Dates every driver can read back: posted_at and expires_at within [2000-01-01, 2200-01-01)
in UTC, as constraints (jobs.models.STORED_FROM and STORED_UNTIL, frozen here).

Rows outside the range are repaired first, without reading them back (psycopg cannot read a
timestamp past year 9999 or before year 1): an expiry out of range becomes "none given", a
posting date out of range becomes the day the row was created.

On SQLite, adding a constraint rebuilds the table, which its triggers and those of the link
tables cannot survive: the tally triggers of 0007 (a frozen copy of jobs/tallies.py) are
dropped before and installed again after.
"""

import datetime
from importlib import import_module

from django.db import migrations, models
from django.db.models import F, Q

STORED_FROM = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
STORED_UNTIL = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)


def repair(apps, schema_editor):
    JobPosting = apps.get_model("jobs", "JobPosting")
    JobPosting.objects.filter(Q(expires_at__lt=STORED_FROM) | Q(expires_at__gte=STORED_UNTIL)).update(
        expires_at=None
    )
    posted_out = Q(posted_at__lt=STORED_FROM) | Q(posted_at__gte=STORED_UNTIL)
    JobPosting.objects.filter(posted_out, expires_at__lte=F("created_at")).update(expires_at=None)
    JobPosting.objects.filter(posted_out).update(posted_at=F("created_at"))


# Dropped before the table is rebuilt and installed again after, as 0008 does.
pay_yearly = import_module("jobs.migrations.0008_pay_yearly")
drop_sqlite_tally_triggers = pay_yearly.drop_sqlite_tally_triggers
install_sqlite_tally_triggers = pay_yearly.install_sqlite_tally_triggers


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0008_pay_yearly'),
        ('roles', '0002_editors_group'),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(drop_sqlite_tally_triggers, install_sqlite_tally_triggers, elidable=False),
        migrations.AddConstraint(
            model_name='jobposting',
            constraint=models.CheckConstraint(condition=models.Q(('posted_at__gte', STORED_FROM), ('posted_at__lt', STORED_UNTIL)), name='jobs_posting_posted_in_range', violation_error_message='The posting date is out of range.'),
        ),
        migrations.AddConstraint(
            model_name='jobposting',
            constraint=models.CheckConstraint(condition=models.Q(('expires_at__isnull', True), ('expires_at__lt', STORED_UNTIL), _connector='OR'), name='jobs_posting_expires_in_range', violation_error_message='The expiry date is out of range.'),
        ),
        migrations.RunPython(install_sqlite_tally_triggers, drop_sqlite_tally_triggers, elidable=False),
    ]
