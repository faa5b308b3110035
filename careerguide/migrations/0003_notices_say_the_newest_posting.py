"""
Notices of posting writes say when the newest posting was posted once the statement is
done, and in which transaction ("roles:3,8;newest:1764600000.000000;tx:5521"): a
listener retires the figures whose windows end there (DATA_THROUGH) only when that
moment moved, so a title edited in psql no longer re-renders every guide, and of the
processes that hear one notice only the first retires what it names.
"""

from importlib import import_module

from django.db import migrations

notifications = import_module("careerguide.migrations.0002_write_notifications")

NEWEST = (
    "coalesce((SELECT extract(epoch FROM max(posted_at))::text FROM jobs_jobposting), 'none')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            notifications._roles_function(
                "careerguide_notify_postings",
                "SELECT c.role_id FROM ({changed}) c",
                suffix=f"';newest:' || {NEWEST} || ';tx:' || txid_current()::text",
            )
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            notifications._roles_function(
                "careerguide_notify_postings", "SELECT c.role_id FROM ({changed}) c"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("careerguide", "0002_write_notifications")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
