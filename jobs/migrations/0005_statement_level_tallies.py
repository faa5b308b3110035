"""
On PostgreSQL, tally postings once per statement instead of once per row.

Row-level triggers (0003) rewrote the same few hundred tally rows for every posting of a
bulk write: a 100,000-line import piled up dead row versions and stalled. Statement-level
triggers with transition tables add up each statement's changes first and touch every
affected tally row once. SQLite keeps the row-level triggers of 0003 (it has no others).

FROZEN COPY of the rule as it stood when this migration was written: the rule's home is
jobs/tallies.py, and migration 0007 replaces these triggers with what it generates now.
"""

from django.db import migrations

# Rows a statement changed, signed: -1 as they were, +1 as they are.
CHANGED = {
    "INSERT": "SELECT *, 1 AS delta FROM new_rows",
    "DELETE": "SELECT *, -1 AS delta FROM old_rows",
    "UPDATE": "SELECT *, -1 AS delta FROM old_rows UNION ALL SELECT *, 1 FROM new_rows",
}

UPSERT = """
    INSERT INTO jobs_postingtally (role_id, dimension, key, count)
    SELECT role_id, dimension, key, n FROM deltas WHERE n <> 0
    ON CONFLICT (role_id, dimension, key)
    DO UPDATE SET count = jobs_postingtally.count + EXCLUDED.count;
"""

POSTING_DELTAS = """
    WITH changed AS ({changed}),
    deltas AS (
        SELECT role_id, 'seniority' AS dimension, seniority::text AS key, SUM(delta) AS n
        FROM changed WHERE status = 'open' GROUP BY role_id, seniority
        UNION ALL
        SELECT role_id, 'remote', '', SUM(delta)
        FROM changed WHERE status = 'open' AND workplace = 'remote' GROUP BY role_id
        UNION ALL
        SELECT c.role_id, 'technology', t.technology_id::text, SUM(c.delta)
        FROM changed c JOIN jobs_jobposting_technologies t ON t.jobposting_id = c.id
        WHERE c.status = 'open' GROUP BY c.role_id, t.technology_id
        UNION ALL
        SELECT c.role_id, 'location', l.location_id::text, SUM(c.delta)
        FROM changed c JOIN jobs_jobposting_locations l ON l.jobposting_id = c.id
        WHERE c.status = 'open' AND c.workplace <> 'remote' GROUP BY c.role_id, l.location_id
    )
"""

LINK_DELTAS = """
    WITH changed AS ({changed}),
    deltas AS (
        SELECT p.role_id, '{dimension}' AS dimension, c.{column}::text AS key, SUM(c.delta) AS n
        FROM changed c JOIN jobs_jobposting p ON p.id = c.jobposting_id
        WHERE p.status = 'open'{placed} GROUP BY p.role_id, c.{column}
    )
"""

LINKS = [
    ("jobs_jobposting_technologies", "technology", "technology_id", ""),
    ("jobs_jobposting_locations", "location", "location_id", " AND p.workplace <> 'remote'"),
]


def _function(name, deltas):
    branches = "\n".join(
        f"    {'IF' if index == 0 else 'ELSIF'} TG_OP = '{event}' THEN\n"
        f"{deltas.format(changed=changed)}{UPSERT}"
        for index, (event, changed) in enumerate(CHANGED.items())
    )
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{branches}\n    END IF;\n    RETURN NULL;\nEND\n$$;"
    )


def _triggers(table, function):
    references = {
        "INSERT": "NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }
    return [
        f"CREATE TRIGGER {table}_tally_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {reference} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        for event, reference in references.items()
    ]


def statement_level():
    statements = [
        _function("jobs_posting_tally_statement", POSTING_DELTAS),
        *_triggers("jobs_jobposting", "jobs_posting_tally_statement"),
    ]
    for table, dimension, column, placed in LINKS:
        function = f"{table}_tally_statement"
        deltas = LINK_DELTAS.replace("{dimension}", dimension).replace("{column}", column)
        statements += [
            _function(function, deltas.replace("{placed}", placed)),
            *_triggers(table, function),
        ]
    return statements


ROW_LEVEL_DROP = """
DROP TRIGGER IF EXISTS jobs_location_link_tally ON jobs_jobposting_locations;
DROP TRIGGER IF EXISTS jobs_technology_link_tally ON jobs_jobposting_technologies;
DROP TRIGGER IF EXISTS jobs_posting_tally_update ON jobs_jobposting;
DROP TRIGGER IF EXISTS jobs_posting_tally_insert_delete ON jobs_jobposting;
"""

STATEMENT_LEVEL_DROP = [
    f"DROP TRIGGER IF EXISTS {table}_tally_{event} ON {table};"
    for table in ("jobs_jobposting", "jobs_jobposting_technologies", "jobs_jobposting_locations")
    for event in ("insert", "delete", "update")
] + [
    "DROP FUNCTION IF EXISTS jobs_posting_tally_statement();",
    "DROP FUNCTION IF EXISTS jobs_jobposting_technologies_tally_statement();",
    "DROP FUNCTION IF EXISTS jobs_jobposting_locations_tally_statement();",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(ROW_LEVEL_DROP)
    for statement in statement_level():
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in STATEMENT_LEVEL_DROP:
        schema_editor.execute(statement)
    # Restore 0003's row-level triggers; its functions were left in place.
    schema_editor.execute(
        "CREATE TRIGGER jobs_posting_tally_insert_delete AFTER INSERT OR DELETE ON jobs_jobposting "
        "FOR EACH ROW EXECUTE FUNCTION jobs_posting_tally_trigger();"
        "CREATE TRIGGER jobs_posting_tally_update AFTER UPDATE ON jobs_jobposting FOR EACH ROW "
        "WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.role_id IS DISTINCT FROM NEW.role_id "
        "OR OLD.seniority IS DISTINCT FROM NEW.seniority "
        "OR OLD.workplace IS DISTINCT FROM NEW.workplace) "
        "EXECUTE FUNCTION jobs_posting_tally_trigger();"
        "CREATE TRIGGER jobs_technology_link_tally AFTER INSERT OR UPDATE OR DELETE "
        "ON jobs_jobposting_technologies FOR EACH ROW "
        "EXECUTE FUNCTION jobs_link_tally_trigger('technology', 'technology_id');"
        "CREATE TRIGGER jobs_location_link_tally AFTER INSERT OR UPDATE OR DELETE "
        "ON jobs_jobposting_locations FOR EACH ROW "
        "EXECUTE FUNCTION jobs_link_tally_trigger('location', 'location_id');"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0004_next_expiry_index"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
