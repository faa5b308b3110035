"""
GIN indexes for the openings text search on PostgreSQL (see jobs/filters.py `search()`).

Expression indexes: each expression must stay identical to the SearchVector the query
builds, or PostgreSQL will not use it. Other databases search without them.
"""

from django.db import migrations

INDEXES = {
    "jobs_posting_search_idx": (
        "jobs_jobposting",
        "to_tsvector('english'::regconfig, "
        "COALESCE(title, '') || ' ' || COALESCE(description, ''))",
    ),
    "jobs_company_search_idx": (
        "jobs_company",
        "to_tsvector('english'::regconfig, COALESCE(name, ''))",
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
