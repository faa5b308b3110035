"""
PostgreSQL tells the site's processes about every write to what its pages show, however
it was made (careerguide/listener.py): statement-level triggers notify channel
`careerguide_writes` with "roles:<ids>" (the roles whose postings a statement touched) or
"site" (guides, their parts and the records postings name). Delivered at commit.
"""

from django.db import migrations

CHANNEL = "careerguide_writes"
POSTINGS = "jobs_jobposting"
POSTING_LINKS = ["jobs_jobposting_technologies", "jobs_jobposting_locations"]
SITE_TABLES = [
    "jobs_company", "jobs_location", "jobs_technology",
    "roles_role", "roles_responsibility", "roles_skill", "roles_skill_technologies",
    "roles_careerstage", "roles_specialization", "roles_faq", "roles_relatedrole",
    "roles_credential", "roles_othertitle", "roles_source", "roles_searchdocument",
]  # fmt: skip
EVENTS = {
    "insert": ("NEW TABLE AS new_rows", "SELECT * FROM new_rows"),
    "delete": ("OLD TABLE AS old_rows", "SELECT * FROM old_rows"),
    "update": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows",
    ),
}


def _roles_function(name, roles_of_changed, suffix=""):
    branches = " ".join(
        f"{'IF' if index == 0 else 'ELSIF'} TG_OP = '{event.upper()}' THEN "
        f"SELECT string_agg(DISTINCT role_id::text, ',') INTO roles "
        f"FROM ({roles_of_changed.format(changed=changed)}) touched;"
        for index, (event, (_, changed)) in enumerate(EVENTS.items())
    )
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"DECLARE roles text; BEGIN {branches} END IF; "
        f"IF roles IS NOT NULL THEN PERFORM pg_notify('{CHANNEL}', 'roles:' || roles"
        f"{' || ' + suffix if suffix else ''}); END IF; "
        "RETURN NULL; END $$;"
    )


def statements():
    result = [
        _roles_function(
            "careerguide_notify_postings", "SELECT c.role_id FROM ({changed}) c"
        ),
        _roles_function(
            "careerguide_notify_posting_links",
            f"SELECT p.role_id FROM ({{changed}}) c JOIN {POSTINGS} p ON p.id = c.jobposting_id",
        ),
        "CREATE OR REPLACE FUNCTION careerguide_notify_site() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN PERFORM pg_notify('{CHANNEL}', 'site'); RETURN NULL; END $$;",
    ]
    for table, function in [
        (POSTINGS, "careerguide_notify_postings"),
        *((link, "careerguide_notify_posting_links") for link in POSTING_LINKS),
    ]:
        result += [
            f"CREATE TRIGGER {table}_notify_{event} AFTER {event.upper()} ON {table} "
            f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
            for event, (transition, _) in EVENTS.items()
        ]
        result.append(
            f"CREATE TRIGGER {table}_notify_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION careerguide_notify_site();"
        )
    result += [
        f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION careerguide_notify_site();"
        for table in SITE_TABLES
    ]
    return result


def drops():
    names = [
        (table, f"{table}_notify_{event}")
        for table in [POSTINGS, *POSTING_LINKS]
        for event in [*EVENTS, "truncate"]
    ] + [(table, f"{table}_notify") for table in SITE_TABLES]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table};" for table, name in names] + [
        f"DROP FUNCTION IF EXISTS {name}();"
        for name in (
            "careerguide_notify_postings",
            "careerguide_notify_posting_links",
            "careerguide_notify_site",
        )
    ]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements():
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in drops():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("careerguide", "0001_missed_invalidation"),
        ("jobs", "0014_posting_search_document"),
        ("roles", "0004_editors_edit_new_guide_parts"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
