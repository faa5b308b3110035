"""
Posting tallies: what a `PostingTally` row counts, the database triggers that keep every
row exact, and the readers that turn rows into the figures pages show.

The rule, in words. A row (role, dimension, key) counts the postings of that role whose
status is open, that are countable (a role decided, not folded into another feed's posting
of the same job: `jobs.models.countable_condition`) and that

- seniority: have the seniority level `key`;
- technology: name the technology whose id is `key`;
- location: are not remote and are in the place whose id is `key`;
- remote: ('' as key) are remote.

Expiry is not part of the rule, because time passing is not a write: a posting past its
expiry stays in its rows until it is closed. Readers subtract those postings (`counted`,
`open_count`), a set that `manage.py expire_postings` keeps small. A row never counts
below zero on purpose: writes that would lower a missing row (a table being emptied) leave
it missing, on both databases.

`RULES` below is the only statement of the rule. The SQL of the triggers (statement-level
on PostgreSQL, row-level on SQLite) and of `rebuild()` is generated from it, and so is the
ORM condition readers use. Migrations hold frozen copies of the generated SQL (the latest
in 0013); `tests/jobs/test_tallies.py` checks that the triggers installed in the database
are exactly what this module generates.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, Count, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Cast, Coalesce

from .models import JobPosting, PostingTally, Workplace

Dimension = PostingTally.Dimension
POSTINGS = "jobs_jobposting"
OPEN = JobPosting.Status.OPEN
REMOTE = Workplace.REMOTE


@dataclass(frozen=True)
class Link:
    """A many-to-many table whose rows give a posting its keys in one dimension."""

    table: str
    column: str


@dataclass(frozen=True)
class Rule:
    """One dimension: which open postings it counts, under which key.

    `key` and `condition` are SQL over the posting `{p}` and its link row `{l}`;
    `lookup` and `where` say the same to the ORM, for readers."""

    dimension: str
    key: str
    condition: str = ""
    link: Link | None = None
    lookup: str | None = None
    where: Q = field(default_factory=Q)

    def group_by(self, role, key):
        """GROUP BY for this rule's rows (PostgreSQL refuses a constant key there)."""
        return f"{role}, {key}" if "{" in self.key else role

    def matching(self, key):
        """The ORM condition on postings for a key (a value or an expression)."""
        condition = self.where
        if self.lookup:
            if self.link:
                key = Cast(key, BigIntegerField())
            condition &= Q(**{self.lookup: key})
        return condition


TECHNOLOGY_LINK = Link("jobs_jobposting_technologies", "technology_id")
LOCATION_LINK = Link("jobs_jobposting_locations", "location_id")

RULES = {
    rule.dimension: rule
    for rule in [
        Rule(Dimension.SENIORITY, key="{p}.seniority", lookup="seniority"),
        Rule(Dimension.REMOTE, key="''", condition=f"{{p}}.workplace = '{REMOTE}'",
             where=Q(workplace=REMOTE)),
        Rule(Dimension.TECHNOLOGY, key="CAST({l}.technology_id AS TEXT)", link=TECHNOLOGY_LINK,
             lookup="technologies"),
        Rule(Dimension.LOCATION, key="CAST({l}.location_id AS TEXT)",
             condition=f"{{p}}.workplace <> '{REMOTE}'", link=LOCATION_LINK,
             lookup="locations", where=~Q(workplace=REMOTE)),
    ]
}  # fmt: skip

# The posting columns the rule reads: an update that changes none of them changes no row.
COLUMNS = ["status", "role_id", "duplicate_of_id", "seniority", "workplace"]


def _where(rule, p):
    # Countable: postings in the review queue (no role) and duplicates are not counted.
    condition = f"{p}.status = '{OPEN}' AND {p}.role_id IS NOT NULL AND {p}.duplicate_of_id IS NULL"
    if rule.condition:
        condition += " AND " + rule.condition.format(p=p)
    return condition


# Recounting ---------------------------------------------------------------------------------


def rebuild_statements():
    """SQL that fills an empty tally table from the postings."""
    statements = []
    for rule in RULES.values():
        key = rule.key.format(p="p", l="l")
        join = f" JOIN {rule.link.table} l ON l.jobposting_id = p.id" if rule.link else ""
        statements.append(
            "INSERT INTO jobs_postingtally (role_id, dimension, key, count) "
            f"SELECT p.role_id, '{rule.dimension}', {key}, COUNT(*) FROM {POSTINGS} p{join} "
            f"WHERE {_where(rule, 'p')} GROUP BY {rule.group_by('p.role_id', key)}"
        )
    return statements


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
        for statement in rebuild_statements():
            cursor.execute(statement)
    after = current()
    return {
        key: (before.get(key, 0), after.get(key, 0))
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)
    }


# PostgreSQL: statement-level triggers with transition tables ------------------------------
#
# Each statement's changed rows are signed (-1 as they were, +1 as they are) and summed
# per tally row first, so a bulk write touches every affected row once.

_CHANGED = {
    "INSERT": ("NEW TABLE AS new_rows", "SELECT *, 1 AS delta FROM new_rows"),
    "DELETE": ("OLD TABLE AS old_rows", "SELECT *, -1 AS delta FROM old_rows"),
    "UPDATE": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT *, -1 AS delta FROM old_rows UNION ALL SELECT *, 1 FROM new_rows",
    ),
}

_APPLY = (
    "lowered AS (UPDATE jobs_postingtally t SET count = t.count + d.n FROM deltas d "
    "WHERE d.n < 0 AND t.role_id = d.role_id AND t.dimension = d.dimension AND t.key = d.key) "
    "INSERT INTO jobs_postingtally (role_id, dimension, key, count) "
    "SELECT role_id, dimension, key, n FROM deltas WHERE n > 0 "
    "ON CONFLICT (role_id, dimension, key) "
    "DO UPDATE SET count = jobs_postingtally.count + EXCLUDED.count;"
)


def _postgresql_deltas(table):
    """SELECTs of (role_id, dimension, key, n) for the changed rows `c` of `table`."""
    parts = []
    for rule in RULES.values():
        if table == POSTINGS:
            key = rule.key.format(p="c", l="l")
            join = f" JOIN {rule.link.table} l ON l.jobposting_id = c.id" if rule.link else ""
            source, where, delta = f"changed c{join}", _where(rule, "c"), "c.delta"
        elif rule.link and rule.link.table == table:
            key = rule.key.format(p="p", l="c")
            source = f"changed c JOIN {POSTINGS} p ON p.id = c.jobposting_id"
            where, delta = _where(rule, "p"), "c.delta"
        else:
            continue
        role = "c.role_id" if table == POSTINGS else "p.role_id"
        parts.append(
            f"SELECT {role} AS role_id, '{rule.dimension}' AS dimension, {key} AS key, "
            f"SUM({delta}) AS n FROM {source} WHERE {where} GROUP BY {rule.group_by(role, key)}"
        )
    return " UNION ALL ".join(parts)


def postgresql_function_name(table):
    return f"{table}_tally_statement"


def postgresql_function_body(table):
    branches = "".join(
        f"{'IF' if index == 0 else 'ELSIF'} TG_OP = '{event}' THEN "
        f"WITH changed AS ({changed}), deltas AS ({_postgresql_deltas(table)}), {_APPLY} "
        for index, (event, (_, changed)) in enumerate(_CHANGED.items())
    )
    return f"BEGIN {branches}END IF; RETURN NULL; END"


def postgresql_statements():
    """SQL that installs the PostgreSQL triggers (functions replaced, triggers created)."""
    statements = []
    for table in (POSTINGS, TECHNOLOGY_LINK.table, LOCATION_LINK.table):
        function = postgresql_function_name(table)
        statements.append(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ {postgresql_function_body(table)} $$;"
        )
        statements += [
            f"CREATE TRIGGER {table}_tally_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
            for event, (transition, _) in _CHANGED.items()
        ]
    return statements


# SQLite: row-level triggers (it has no others) ---------------------------------------------


def _sqlite_add(role, rule, key, source):
    # `source` always ends in a WHERE clause: SQLite reads "SELECT ... ON CONFLICT" as an
    # upsert only then.
    return (
        "INSERT INTO jobs_postingtally (role_id, dimension, key, count) "
        f"SELECT {role}, '{rule.dimension}', {key}, 1 {source} "
        "ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + excluded.count;"
    )


def _sqlite_subtract(role, rule, match):
    return (
        "UPDATE jobs_postingtally SET count = count - 1 "
        f"WHERE role_id = {role} AND dimension = '{rule.dimension}' AND key {match};"
    )


def _sqlite_posting(row, adding):
    """What one posting row (NEW or OLD) contributes, counted in or out."""
    statements = []
    for rule in RULES.values():
        where = _where(rule, row)
        if rule.link and adding:
            key = rule.key.format(p=row, l="l")
            source = f"FROM {rule.link.table} l WHERE l.jobposting_id = {row}.id AND {where}"
            statements.append(_sqlite_add(f"{row}.role_id", rule, key, source))
        elif rule.link:
            keys = (
                f"SELECT {rule.key.format(p=row, l='l')} FROM {rule.link.table} l "
                f"WHERE l.jobposting_id = {row}.id"
            )
            statements.append(_sqlite_subtract(f"{row}.role_id", rule, f"IN ({keys}) AND {where}"))
        elif adding:
            key = rule.key.format(p=row, l="l")
            statements.append(_sqlite_add(f"{row}.role_id", rule, key, f"WHERE {where}"))
        else:
            key = rule.key.format(p=row, l="l")
            statements.append(_sqlite_subtract(f"{row}.role_id", rule, f"= {key} AND {where}"))
    return " ".join(statements)


def _sqlite_link(table, row, adding):
    """What one link row (NEW or OLD) of `table` contributes."""
    statements = []
    for rule in RULES.values():
        if not rule.link or rule.link.table != table:
            continue
        key = rule.key.format(p="p", l=row)
        posting = f"{POSTINGS} p WHERE p.id = {row}.jobposting_id AND {_where(rule, 'p')}"
        if adding:
            statements.append(_sqlite_add("p.role_id", rule, key, f"FROM {posting}"))
        else:
            role = f"(SELECT p.role_id FROM {posting})"
            statements.append(_sqlite_subtract(role, rule, f"= {key}"))
    return " ".join(statements)


def sqlite_statements():
    """SQL that creates the SQLite triggers."""
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in COLUMNS)
    statements = [
        f"CREATE TRIGGER {POSTINGS}_tally_insert AFTER INSERT ON {POSTINGS} "
        f"BEGIN {_sqlite_posting('NEW', adding=True)} END",
        f"CREATE TRIGGER {POSTINGS}_tally_delete AFTER DELETE ON {POSTINGS} "
        f"BEGIN {_sqlite_posting('OLD', adding=False)} END",
        f"CREATE TRIGGER {POSTINGS}_tally_update AFTER UPDATE ON {POSTINGS} WHEN {changed} "
        f"BEGIN {_sqlite_posting('OLD', adding=False)} {_sqlite_posting('NEW', adding=True)} END",
    ]
    for table in (TECHNOLOGY_LINK.table, LOCATION_LINK.table):
        statements += [
            f"CREATE TRIGGER {table}_tally_insert AFTER INSERT ON {table} "
            f"BEGIN {_sqlite_link(table, 'NEW', adding=True)} END",
            f"CREATE TRIGGER {table}_tally_delete AFTER DELETE ON {table} "
            f"BEGIN {_sqlite_link(table, 'OLD', adding=False)} END",
            f"CREATE TRIGGER {table}_tally_update AFTER UPDATE ON {table} "
            f"BEGIN {_sqlite_link(table, 'OLD', adding=False)} "
            f"{_sqlite_link(table, 'NEW', adding=True)} END",
        ]
    return statements


# Reading ------------------------------------------------------------------------------------


def rows(role, *dimensions):
    """The tally rows of `role` (an id, a Role or an OuterRef) that count something."""
    return PostingTally.objects.filter(role=role, dimension__in=dimensions, count__gt=0).order_by()


def how_many(postings):
    """A subquery counting `postings`, for use inside another query's annotation."""
    return Coalesce(
        Subquery(postings.values("role").annotate(number=Count("pk")).values("number")[:1]), 0
    )


def _past_expiry_in_row(role, rule):
    """The postings past expiry that the row of `rule` under OuterRef("key") counts."""
    return JobPosting.objects.past_expiry().filter(role=role).filter(rule.matching(OuterRef("key")))


def counted(role, *dimensions):
    """Tally rows of `role` with `counted`: their count less the postings in them that are
    past expiry, i.e. the open postings pages count."""
    past_expiry = [
        When(dimension=dimension, then=how_many(_past_expiry_in_row(role, RULES[dimension])))
        for dimension in dimensions
    ]
    return rows(role, *dimensions).annotate(counted=F("count") - Case(*past_expiry, default=0))


def open_count(role):
    """Expression: the open postings of `role` (an id or an OuterRef to a role's id).
    Every posting has one level, so the seniority rows add up to its postings."""
    tallied = (
        rows(role, Dimension.SENIORITY)
        .values("role")
        .annotate(total=Sum("count"))
        .values("total")[:1]
    )
    past_expiry = JobPosting.objects.past_expiry().filter(role=role).order_by()
    return Coalesce(Subquery(tallied), 0) - how_many(past_expiry)


def counted_by_role(dimension):
    """{(role id, key): open postings} for every role in one dimension, in two queries."""
    rule = RULES[dimension]
    counts = Counter(
        {
            (role_id, key): count
            for role_id, key, count in PostingTally.objects.filter(
                dimension=dimension, count__gt=0
            ).values_list("role_id", "key", "count")
        }
    )
    field = rule.lookup
    past_expiry = JobPosting.objects.past_expiry().filter(rule.where).order_by()
    if field:
        grouped = past_expiry.values_list("role_id", field).annotate(number=Count("pk"))
    else:
        grouped = (
            (role_id, "", number)
            for role_id, number in past_expiry.values_list("role_id").annotate(number=Count("pk"))
        )
    for role_id, key, number in grouped:
        if key is not None:
            counts[role_id, str(key)] -= number
    return {row: count for row, count in counts.items() if count > 0}
