"""
Posting tallies: what a `PostingTally` row counts, the database triggers that keep every
row exact, and the readers that turn rows into the figures pages show.

The rule, in words. A row (role, dimension, key) counts the postings of that role whose
status is open, that are countable (a role decided, not folded into another feed's posting
of the same job: `jobs.models.countable_condition`) and that

- seniority: have the seniority level `key`;
- technology: name the technology whose id is `key`;
- location: are not remote and are in the place whose id is `key`;
- remote: ('' as key) are remote;
- company: are the company's whose id is `key`;
- currency: quote pay (`pay_yearly`) in the currency `key`;
- skill: name at least one of the technologies the skill whose id is `key` links to (the
  skill may be any guide's; readers ask for their guide's own). The triggers follow the
  postings' technologies, and recount a skill's rows when its own links change;

and two dimensions count the role's countable postings whatever their status, for trends:

- posted: posted on the day `key` (UTC, 'YYYY-MM-DD');
- tech_posted: name the technology and were posted on the day, as 'id|YYYY-MM-DD', so that
  one technology's window is one range of keys.

Expiry is not part of the rule, because time passing is not a write: a posting past its
expiry stays in its rows until it is closed. Readers subtract those postings (`counted`,
`open_count`, `counted_rows`), a set that `manage.py expire_postings` keeps small. A row
never counts below zero on purpose: writes that would lower a missing row (a table being
emptied) leave it missing, on both databases.

`RULES` below is the only statement of the rule. The SQL of the triggers (statement-level
on PostgreSQL, row-level on SQLite) and of `rebuild()` is generated from it, and so is the
ORM condition readers use. Migrations hold frozen copies of the generated SQL (the latest
in 0015); `tests/jobs/test_tallies.py` checks that the triggers installed in the database
are exactly what this module generates.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.db.models import BigIntegerField, Case, Count, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Cast, Coalesce

from .models import Company, JobPosting, Location, PostingTally, Technology, Workplace

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
    """One dimension: which postings it counts, under which key.

    `key` and `condition` are SQL over the posting `{p}` and its link row `{l}` (`{day}`:
    the posting's UTC day); `lookup` and `where` say the same to the ORM, for readers.
    `every_status`: counts countable postings whatever their status (readers subtract
    nothing). `skill`: the link is a skill's technologies, a posting counted once per
    skill however many of them it names."""

    dimension: str
    key: str
    condition: str = ""
    link: Link | None = None
    lookup: str | None = None
    where: Q = field(default_factory=Q)
    numeric_key: bool = False
    every_status: bool = False
    skill: bool = False

    def sql_key(self, p, l, vendor):  # noqa: E741
        return self.key.format(p=p, l=l, day=_day(p, vendor))

    def group_by(self, role, key):
        """GROUP BY for this rule's rows (PostgreSQL refuses a constant key there)."""
        return f"{role}, {key}" if "{" in self.key else role

    def matching(self, key):
        """The ORM condition on postings for a key (a value or an expression)."""
        condition = self.where
        if self.lookup:
            if self.numeric_key:
                key = Cast(key, BigIntegerField())
            condition &= Q(**{self.lookup: key})
        return condition


def _day(p, vendor):
    """SQL: the UTC day of the posting `p` as 'YYYY-MM-DD' (SQLite stores UTC text)."""
    if vendor == "postgresql":
        return f"to_char({p}.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    return f"substr({p}.posted_at, 1, 10)"


TECHNOLOGY_LINK = Link("jobs_jobposting_technologies", "technology_id")
LOCATION_LINK = Link("jobs_jobposting_locations", "location_id")
SKILL_TECHNOLOGIES = "roles_skill_technologies"

RULES = {
    rule.dimension: rule
    for rule in [
        Rule(Dimension.SENIORITY, key="{p}.seniority", lookup="seniority"),
        Rule(Dimension.REMOTE, key="''", condition=f"{{p}}.workplace = '{REMOTE}'",
             where=Q(workplace=REMOTE)),
        Rule(Dimension.TECHNOLOGY, key="CAST({l}.technology_id AS TEXT)", link=TECHNOLOGY_LINK,
             lookup="technologies", numeric_key=True),
        Rule(Dimension.LOCATION, key="CAST({l}.location_id AS TEXT)",
             condition=f"{{p}}.workplace <> '{REMOTE}'", link=LOCATION_LINK,
             lookup="locations", where=~Q(workplace=REMOTE), numeric_key=True),
        Rule(Dimension.COMPANY, key="CAST({p}.company_id AS TEXT)", lookup="company",
             numeric_key=True),
        Rule(Dimension.CURRENCY, key="{p}.salary_currency",
             condition="{p}.pay_yearly IS NOT NULL", lookup="salary_currency",
             where=Q(pay_yearly__isnull=False)),
        Rule(Dimension.SKILL, key="CAST({l}.skill_id AS TEXT)", lookup="technologies__skills",
             numeric_key=True, skill=True),
        Rule(Dimension.POSTED, key="{day}", every_status=True),
        Rule(Dimension.TECH_POSTED, key="CAST({l}.technology_id AS TEXT) || '|' || {day}",
             link=TECHNOLOGY_LINK, every_status=True),
    ]
}  # fmt: skip

# The posting columns the rule reads: an update that changes none of them changes no row.
COLUMNS = [
    "status", "role_id", "duplicate_of_id", "seniority", "workplace", "company_id",
    "salary_currency", "pay_yearly", "posted_at",
]  # fmt: skip


def _where(rule, p):
    # Countable: postings in the review queue (no role) and duplicates are not counted.
    condition = f"{p}.role_id IS NOT NULL AND {p}.duplicate_of_id IS NULL"
    if not rule.every_status:
        condition = f"{p}.status = '{OPEN}' AND {condition}"
    if rule.condition:
        condition += " AND " + rule.condition.format(p=p)
    return condition


def _skills_of(posting):
    """SQL: the distinct skills (`skill_id`) whose technologies the posting names."""
    return (
        f"SELECT DISTINCT st.skill_id FROM {TECHNOLOGY_LINK.table} l "
        f"JOIN {SKILL_TECHNOLOGIES} st ON st.technology_id = l.technology_id "
        f"WHERE l.jobposting_id = {posting}"
    )


def _links_to_skill(posting, skill, *, other_than=None):
    """SQL: how many of the posting's technology links belong to the skill."""
    other = f" AND l2.id <> {other_than}" if other_than else ""
    return (
        f"(SELECT COUNT(*) FROM {TECHNOLOGY_LINK.table} l2 JOIN {SKILL_TECHNOLOGIES} s2 "
        f"ON s2.technology_id = l2.technology_id WHERE l2.jobposting_id = {posting} "
        f"AND s2.skill_id = {skill}{other})"
    )


# Recounting ---------------------------------------------------------------------------------


def rebuild_statements(vendor=None):
    """SQL that fills an empty tally table from the postings."""
    vendor = vendor or connection.vendor
    return [_count_statement(rule, vendor) for rule in RULES.values()]


def _count_statement(rule, vendor, *, skill_ids=""):
    """SQL counting the rows of `rule` from the postings (for a skill rule, of the skills
    `skill_ids` only when given: SQL selecting `skill_id`)."""
    key = rule.sql_key("p", "l", vendor)
    join = f" JOIN {rule.link.table} l ON l.jobposting_id = p.id" if rule.link else ""
    if rule.skill:
        chosen = (
            f" WHERE st.skill_id IN (SELECT skill_id FROM ({skill_ids}) s)" if skill_ids else ""
        )
        join = (
            f" JOIN (SELECT DISTINCT l.jobposting_id, st.skill_id FROM {TECHNOLOGY_LINK.table} l "
            f"JOIN {SKILL_TECHNOLOGIES} st ON st.technology_id = l.technology_id{chosen}) l "
            "ON l.jobposting_id = p.id"
        )
    return (
        "INSERT INTO jobs_postingtally (role_id, dimension, key, count) "
        f"SELECT p.role_id, '{rule.dimension}', {key}, COUNT(*) FROM {POSTINGS} p{join} "
        f"WHERE {_where(rule, 'p')} GROUP BY {rule.group_by('p.role_id', key)}"
    )


def _recount_skills(skills, vendor):
    """SQL that counts the rows of the skills `skills` (SQL selecting `skill_id`) afresh:
    what an edit of a skill's technologies runs."""
    rule = RULES[Dimension.SKILL]
    return [
        f"DELETE FROM jobs_postingtally WHERE dimension = '{rule.dimension}' "
        f"AND key IN (SELECT CAST(s.skill_id AS TEXT) FROM ({skills}) s);",
        _count_statement(rule, vendor, skill_ids=skills) + ";",
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


PG = "postgresql"


def _postgresql_skill_source(table):
    """(source, posting, delta) of the skill rule's changes for `table`'s changed rows;
    `posting` names the relation with the posting's columns, and its `skill_id`."""
    if table == POSTINGS:
        return f"changed c JOIN LATERAL ({_skills_of('c.id')}) l ON TRUE", "c", "c.delta"
    # A posting counts once per skill: what changes is whether it names any of the skill's
    # technologies now (`after`) and did before the statement (`after` less the net change).
    # Grouped before anything joins it, so that each pair is looked up once.
    per_pair = (
        "SELECT p.role_id, p.status, p.duplicate_of_id, st.skill_id, SUM(c.delta) AS net, "
        f"{_links_to_skill('c.jobposting_id', 'st.skill_id')} AS after FROM changed c "
        f"JOIN {SKILL_TECHNOLOGIES} st ON st.technology_id = c.technology_id "
        f"JOIN {POSTINGS} p ON p.id = c.jobposting_id "
        "GROUP BY c.jobposting_id, st.skill_id, p.role_id, p.status, p.duplicate_of_id"
    )
    flips = (
        "SELECT a.role_id, a.status, a.duplicate_of_id, a.skill_id, "
        "(CASE WHEN a.after > 0 THEN 1 ELSE 0 END) - "
        f"(CASE WHEN a.after - a.net > 0 THEN 1 ELSE 0 END) AS d FROM ({per_pair}) a"
    )
    return f"({flips}) p", "p", "p.d"


def _postgresql_deltas(table):
    """SELECTs of (role_id, dimension, key, n) for the changed rows `c` of `table`."""
    parts = []
    for rule in RULES.values():
        if rule.skill and table in (POSTINGS, TECHNOLOGY_LINK.table):
            source, posting, delta = _postgresql_skill_source(table)
            key = rule.sql_key(posting, "l" if table == POSTINGS else posting, PG)
            where = _where(rule, posting)
        elif rule.skill:
            continue
        elif table == POSTINGS:
            key = rule.sql_key("c", "l", PG)
            join = f" JOIN {rule.link.table} l ON l.jobposting_id = c.id" if rule.link else ""
            source, where, delta = f"changed c{join}", _where(rule, "c"), "c.delta"
        elif rule.link and rule.link.table == table:
            key = rule.sql_key("p", "c", PG)
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
    if table == SKILL_TECHNOLOGIES:
        return _postgresql_skill_links_body()
    branches = "".join(
        f"{'IF' if index == 0 else 'ELSIF'} TG_OP = '{event}' THEN "
        f"WITH changed AS ({changed}), deltas AS ({_postgresql_deltas(table)}), {_APPLY} "
        for index, (event, (_, changed)) in enumerate(_CHANGED.items())
    )
    return f"BEGIN {branches}END IF; RETURN NULL; END"


def _postgresql_skill_links_body():
    changed = {
        "INSERT": "SELECT skill_id FROM new_rows",
        "DELETE": "SELECT skill_id FROM old_rows",
        "UPDATE": "SELECT skill_id FROM old_rows UNION SELECT skill_id FROM new_rows",
    }
    branches = "".join(
        f"{'IF' if index == 0 else 'ELSIF'} TG_OP = '{event}' THEN "
        + " ".join(_recount_skills(skills, PG))
        + " "
        for index, (event, skills) in enumerate(changed.items())
    )
    return f"BEGIN {branches}END IF; RETURN NULL; END"


# The tables whose writes change tallies, each with its triggers.
TABLES = [POSTINGS, TECHNOLOGY_LINK.table, LOCATION_LINK.table, SKILL_TECHNOLOGIES]


def postgresql_statements():
    """SQL that installs the PostgreSQL triggers (functions replaced, triggers created)."""
    statements = []
    for table in TABLES:
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


SQLITE = "sqlite"


def _sqlite_posting(row, adding):
    """What one posting row (NEW or OLD) contributes, counted in or out."""
    statements = []
    for rule in RULES.values():
        where = _where(rule, row)
        key = rule.sql_key(row, "l", SQLITE)
        links = f"{rule.link.table} l WHERE l.jobposting_id = {row}.id" if rule.link else ""
        if rule.skill:
            links = f"({_skills_of(f'{row}.id')}) l WHERE 1 = 1"
        if links and adding:
            source = f"FROM {links} AND {where}"
            statements.append(_sqlite_add(f"{row}.role_id", rule, key, source))
        elif links:
            match = f"IN (SELECT {key} FROM {links}) AND {where}"
            statements.append(_sqlite_subtract(f"{row}.role_id", rule, match))
        elif adding:
            statements.append(_sqlite_add(f"{row}.role_id", rule, key, f"WHERE {where}"))
        else:
            statements.append(_sqlite_subtract(f"{row}.role_id", rule, f"= {key} AND {where}"))
    return " ".join(statements)


def _sqlite_link(table, row, adding, *, replaced_by=None):
    """What one link row (NEW or OLD) of `table` contributes; `replaced_by`: the row that
    an update put in its place (NEW), already in the table."""
    statements = []
    for rule in RULES.values():
        if rule.skill and table == TECHNOLOGY_LINK.table:
            statements.append(_sqlite_skill_link(rule, row, adding, replaced_by=replaced_by))
            continue
        if not rule.link or rule.link.table != table:
            continue
        key = rule.sql_key("p", row, SQLITE)
        posting = f"{POSTINGS} p WHERE p.id = {row}.jobposting_id AND {_where(rule, 'p')}"
        if adding:
            statements.append(_sqlite_add("p.role_id", rule, key, f"FROM {posting}"))
        else:
            role = f"(SELECT p.role_id FROM {posting})"
            match = f"= (SELECT {key} FROM {posting})" if "{day}" in rule.key else f"= {key}"
            statements.append(_sqlite_subtract(role, rule, match))
    return " ".join(statements)


def _sqlite_skill_link(rule, row, adding, *, replaced_by=None):
    """A technology link added counts its posting in the skills it is the first link of;
    one removed counts it out of those it was the last link of."""
    posting = f"{POSTINGS} p WHERE p.id = {row}.jobposting_id AND {_where(rule, 'p')}"
    if adding:
        first = f"{_links_to_skill(f'{row}.jobposting_id', 'st.skill_id')} = 1"
        source = (
            f"FROM {SKILL_TECHNOLOGIES} st JOIN {POSTINGS} p ON p.id = {row}.jobposting_id "
            f"WHERE st.technology_id = {row}.technology_id AND {_where(rule, 'p')} AND {first}"
        )
        return _sqlite_add("p.role_id", rule, "CAST(st.skill_id AS TEXT)", source)
    links = _links_to_skill(f"{row}.jobposting_id", "st.skill_id", other_than=replaced_by)
    skills = (
        f"SELECT CAST(st.skill_id AS TEXT) FROM {SKILL_TECHNOLOGIES} st "
        f"WHERE st.technology_id = {row}.technology_id AND {links} = 0"
    )
    return _sqlite_subtract(f"(SELECT p.role_id FROM {posting})", rule, f"IN ({skills})")


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
            f"BEGIN {_sqlite_link(table, 'OLD', adding=False, replaced_by='NEW.id')} "
            f"{_sqlite_link(table, 'NEW', adding=True)} END",
        ]
    recount = {
        "INSERT": _recount_skills("SELECT NEW.skill_id AS skill_id", SQLITE),
        "DELETE": _recount_skills("SELECT OLD.skill_id AS skill_id", SQLITE),
        "UPDATE": _recount_skills(
            "SELECT OLD.skill_id AS skill_id UNION SELECT NEW.skill_id", SQLITE
        ),
    }
    statements += [
        f"CREATE TRIGGER {SKILL_TECHNOLOGIES}_tally_{event.lower()} AFTER {event} ON "
        f"{SKILL_TECHNOLOGIES} BEGIN {' '.join(recount[event])} END"
        for event in recount
    ]
    return statements


# Reading ------------------------------------------------------------------------------------


def rows(role, *dimensions):
    """The tally rows of `role` (an id, a Role or an OuterRef) that count something."""
    return PostingTally.objects.filter(role=role, dimension__in=dimensions, count__gt=0).order_by()


def how_many(postings):
    """A subquery counting `postings`, for use inside another query's annotation."""
    return Coalesce(
        # distinct: a posting reached through several links (a skill's technologies) is one.
        Subquery(
            postings.values("role").annotate(number=Count("pk", distinct=True)).values("number")[:1]
        ),
        0,
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
        if not RULES[dimension].every_status
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
    if rule.every_status:
        grouped = ()
    elif field:
        grouped = past_expiry.values_list("role_id", field).annotate(
            number=Count("pk", distinct=True)
        )
    else:
        grouped = (
            (role_id, "", number)
            for role_id, number in past_expiry.values_list("role_id").annotate(number=Count("pk"))
        )
    for role_id, key, number in grouped:
        if key is not None:
            counts[role_id, str(key)] -= number
    return {row: count for row, count in counts.items() if count > 0}


def counted_rows(role_id, dimensions):
    """{dimension: {key: (open postings, name, slug)}} of the role's rows in `dimensions`
    (none of them counting every status), each less the role's postings past expiry that
    it counts, with the name and slug of the record a key names (else None): one query,
    however many rows."""
    past = (
        JobPosting.objects.past_expiry()
        .filter(role=role_id)
        .values("id", "role_id", "status", "duplicate_of_id", *COLUMNS[3:])
        .order_by()
    )
    alias = past.db  # the replica, for a page's reads
    reader = connections[alias]
    past_sql, past_params = past.query.get_compiler(using=alias).as_sql()
    parts = []
    for dimension in dimensions:
        rule = RULES[dimension]
        assert not rule.every_status, dimension
        key = rule.sql_key("p", "st" if rule.skill else "l", reader.vendor)
        join = f" JOIN {rule.link.table} l ON l.jobposting_id = p.id" if rule.link else ""
        if rule.skill:
            join = (
                f" JOIN {TECHNOLOGY_LINK.table} l ON l.jobposting_id = p.id "
                f"JOIN {SKILL_TECHNOLOGIES} st ON st.technology_id = l.technology_id"
            )
        group = f" GROUP BY {key}" if "{" in rule.key else ""
        parts.append(
            f"SELECT '{dimension}' AS dimension, {key} AS key, COUNT(DISTINCT p.id) AS n "
            f"FROM past p{join} WHERE {_where(rule, 'p')}{group}"
        )
    chosen = ", ".join(f"'{dimension}'" for dimension in dimensions)
    named = [(dimension, table) for dimension, table in NAMED.items() if dimension in dimensions]
    joins = "".join(
        f" LEFT JOIN {table} n{index} ON t.dimension = '{dimension}' "
        f"AND t.key = CAST(n{index}.id AS TEXT)"
        for index, (dimension, table) in enumerate(named)
    )
    name, slug = (
        "COALESCE(" + ", ".join(f"n{index}.{column}" for index in range(len(named))) + ")"
        if named
        else "NULL"
        for column in ("name", "slug")
    )
    sql = (
        f"WITH past AS ({past_sql}), passed AS ({' UNION ALL '.join(parts)}) "
        f"SELECT t.dimension, t.key, t.count - COALESCE(passed.n, 0), {name}, {slug} "
        "FROM jobs_postingtally t "
        f"LEFT JOIN passed ON passed.dimension = t.dimension AND passed.key = t.key{joins} "
        f"WHERE t.role_id = %s AND t.dimension IN ({chosen}) AND t.count > 0"
    )
    found = {dimension: {} for dimension in dimensions}
    with reader.cursor() as cursor:
        cursor.execute(sql, [*past_params, role_id])
        for dimension, key, count, name, slug in cursor.fetchall():
            if count > 0:
                found[dimension][key] = (count, name, slug)
    return found


# The records whose ids are the keys of a dimension: readers want their names.
NAMED = {
    Dimension.TECHNOLOGY: Technology._meta.db_table,
    Dimension.LOCATION: Location._meta.db_table,
    Dimension.COMPANY: Company._meta.db_table,
}
