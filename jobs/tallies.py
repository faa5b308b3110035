"""
Recounting the posting tallies from the postings themselves.

Triggers keep PostingTally exact on every write (migration 0003), so this is needed only
after loading data with triggers switched off (`generate_postings` on PostgreSQL) and to
check them: `manage.py rebuild_tallies [--check]`.
"""

from django.db import connection, transaction

from .models import PostingTally

REBUILD = [
    "INSERT INTO jobs_postingtally (role_id, dimension, key, count) "
    "SELECT role_id, 'seniority', seniority, COUNT(*) FROM jobs_jobposting "
    "WHERE status = 'open' GROUP BY role_id, seniority",
    "INSERT INTO jobs_postingtally (role_id, dimension, key, count) "
    "SELECT role_id, 'remote', '', COUNT(*) FROM jobs_jobposting "
    "WHERE status = 'open' AND workplace = 'remote' GROUP BY role_id",
    "INSERT INTO jobs_postingtally (role_id, dimension, key, count) "
    "SELECT p.role_id, 'technology', CAST(t.technology_id AS TEXT), COUNT(*) "
    "FROM jobs_jobposting_technologies t JOIN jobs_jobposting p ON p.id = t.jobposting_id "
    "WHERE p.status = 'open' GROUP BY p.role_id, t.technology_id",
    "INSERT INTO jobs_postingtally (role_id, dimension, key, count) "
    "SELECT p.role_id, 'location', CAST(l.location_id AS TEXT), COUNT(*) "
    "FROM jobs_jobposting_locations l JOIN jobs_jobposting p ON p.id = l.jobposting_id "
    "WHERE p.status = 'open' AND p.workplace <> 'remote' GROUP BY p.role_id, l.location_id",
]


def current():
    """Every non-zero tally as {(role id, dimension, key): count}."""
    return {
        (role, dimension, key): count
        for role, dimension, key, count in PostingTally.objects.filter(count__gt=0).values_list(
            "role_id", "dimension", "key", "count"
        )
    }


@transaction.atomic
def rebuild():
    """Replace every tally with a fresh count; returns the rows that were wrong before."""
    before = current()
    PostingTally.objects.all().delete()
    with connection.cursor() as cursor:
        for statement in REBUILD:
            cursor.execute(statement)
    after = current()
    return {
        key: (before.get(key, 0), after.get(key, 0))
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)
    }
