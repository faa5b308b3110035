"""
The openings search reads a stored, GIN-indexed tsvector (jobs.models.SearchDocument)
instead of computing `to_tsvector(title || description)` for every row it looks at; the
expression index of 0002 on postings is dropped with it (its company index stays).

SQLite adds the (there empty) generated column by rebuilding the table: the tally triggers
are dropped before and installed again after, from the latest frozen copy (0012).
"""

from importlib import import_module

import django.contrib.postgres.search
import jobs.models
from django.db import migrations, models

TRIGGERS = import_module("jobs.migrations.0007_tally_rule").SQLITE_TRIGGERS
RULE = import_module("jobs.migrations.0012_tally_rule_countable").SQLITE


def drop_sqlite_tally_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_sqlite_tally_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        drop_sqlite_tally_triggers(apps, schema_editor)
        for statement in RULE:
            schema_editor.execute(statement)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS jobs_posting_document_idx "
            "ON jobs_jobposting USING gin (search_document)"
        )
        schema_editor.execute("DROP INDEX IF EXISTS jobs_posting_search_idx")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS jobs_posting_document_idx")
        import_module("jobs.migrations.0002_posting_search_indexes").create_indexes(
            apps, schema_editor
        )


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0013_editors_feeds_and_review_queue'),
    ]

    operations = [
        migrations.RunPython(
            drop_sqlite_tally_triggers, install_sqlite_tally_triggers, elidable=False
        ),
        migrations.AddField(
            model_name='jobposting',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=jobs.models.SearchDocument(), help_text='Title and description as the search reads them (computed; PostgreSQL).', output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
        migrations.RunPython(
            install_sqlite_tally_triggers, drop_sqlite_tally_triggers, elidable=False
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
