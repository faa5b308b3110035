"""
Facet counts of the openings lists: beside each filter option, how many postings the list
would show with that option chosen and every other active filter left as it is
(`filters.apply(..., skip=<this facet>)`).

Every count shown is exact; a count that would cost seconds is not shown at all. Which
postings a facet counts over (its base: the list with the facet's own filter left out) is
measured first, capped at `exact_limit()` (one query for every base, each `LIMIT cap+1`):

- a base of at most that many postings is counted live: every facet over it in one more
  query (`_live_counts`), however many facets share it;
- a larger base without any filter (the whole list of a role or of every guide, or that
  list with only this facet's own filter chosen) is read from the tallies
  (`jobs/tallies.py`), exact whatever the number of postings, for what they count: levels,
  technologies, remote postings and, through the levels, each role's postings;
- any other large base is not counted: its options are listed without numbers, and the
  list's own total is shown as "more than" the cap (`OpeningFacets.total_is_exact`).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, CharField, Count, F, Q, Value, When

from careerguide.cache import POSTINGS, cached, role_scope
from roles.models import Role

from . import pay, tallies
from .filters import NEWEST, PAY, POSTED_WINDOWS
from .models import Company, JobPosting, Location, PostingTally, Technology

COMPANY_LIMIT = 30
# The facets of a list, by the name `filters.apply(skip=...)` knows each one's filter by
# (`role`: the list of every guide, by guide; it has no filter of its own).
FACETS = ("seniority", "location", "technology", "remote", "company", "employment_type",
          "posted", "pay", "role")  # fmt: skip
FACET_NAMES = {"seniority": "seniority", "location": "location", "technology": "technology",
               "remote": "remote", "company": "company", "employment_type": "employment",
               "posted": "date posted", "pay": "pay", "role": "role"}  # fmt: skip
# What the tallies count exactly, for a base without filters.
TALLIED = {"seniority", "technology", "remote", "role"}


def exact_limit():
    """The most postings a base is counted live over (settings.OPENINGS_EXACT_LIMIT)."""
    return settings.OPENINGS_EXACT_LIMIT


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int | None  # None: not counted (too many postings to count exactly, cheaply)
    group: str = ""


LOCATION_GROUPS = {"city": "Cities", "region": "Regions", "country": "Countries"}


# Each facet from its counts ({value: count}, or rows of (value, label[, group]) → count;
# None when the base is not counted): shared by the facet functions below, which count
# their own base, and by `opening_facets`, which counts every base at once.


def _seniority(counts):
    return [
        Facet(level.value, level.label, None if counts is None else counts.get(level.value, 0))
        for level in JobPosting.Seniority
    ]


def _employment(counts):
    return [
        Facet(kind.value, kind.label, None if counts is None else counts.get(kind.value, 0))
        for kind in JobPosting.EmploymentType
    ]


def _locations(rows, chosen):
    """rows: [(slug, name, kind, count)]."""
    if chosen and all(slug != chosen.slug for slug, *_ in rows):
        rows = [*rows, (chosen.slug, chosen.name, chosen.kind, 0 if _counted(rows) else None)]
    order = {kind: index for index, kind in enumerate(Location.Kind.values)}
    return [
        Facet(slug, name, count, LOCATION_GROUPS.get(kind, ""))
        for slug, name, kind, count in sorted(
            rows, key=lambda row: (order.get(row[2], 0), row[1], row[0])
        )
    ]


def _technologies(rows, chosen):
    """rows: [(slug, name, count)]."""
    rows = list(rows)
    if chosen and all(slug != chosen.slug for slug, *_ in rows):
        rows.append((chosen.slug, chosen.name, 0 if _counted(rows) else None))
    return [
        Facet(slug, name, count)
        for slug, name, count in sorted(rows, key=lambda row: (row[1].lower(), row[0]))
    ]


def _companies(rows, chosen, chosen_count):
    """rows: the top [(slug, name, count)], most first."""
    rows = list(rows)
    if chosen and all(slug != chosen.slug for slug, *_ in rows):
        rows.append((chosen.slug, chosen.name, chosen_count))
    return [
        Facet(slug, name, count)
        for slug, name, count in sorted(rows, key=lambda row: (row[1].lower(), row[0]))
    ]


def _counted(rows):
    """Whether rows of options carry counts (an empty list of counted options does)."""
    return all(row[-1] is not None for row in rows)


def _posted(counts):
    """counts: {'' (any time) or str(days): count}, or None."""
    return [Facet("", "Any time", None if counts is None else counts[""])] + [
        Facet(str(days), label, None if counts is None else counts[str(days)])
        for days, label in POSTED_WINDOWS.items()
    ]


def seniority_facets(*, role=None, filters):
    """Every level of the ladder, in ladder order, with its count (zeros included)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="seniority")
    return _seniority(dict(postings.order_by().values_list("seniority").annotate(n=Count("id"))))


def location_facets(*, role=None, filters):
    """Places with at least one matching posting (and the chosen one, even at zero):
    cities, then regions, then countries, each group alphabetical."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="location")
    rows = (
        JobPosting.locations.through.objects.filter(jobposting__in=postings.values("pk"))
        .values_list("location__slug", "location__name", "location__kind")
        .annotate(count=Count("jobposting_id"))
        .order_by()
    )
    return _locations(list(rows), filters.location)


def technology_facets(*, role=None, filters):
    """Technologies with at least one matching posting (and the chosen one), alphabetical."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="technology")
    rows = (
        JobPosting.technologies.through.objects.filter(jobposting__in=postings.values("pk"))
        .values_list("technology__slug", "technology__name")
        .annotate(count=Count("jobposting_id"))
        .order_by()
    )
    return _technologies(rows, filters.technology)


def remote_facet(*, role=None, filters):
    """How many matching postings are remote."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="remote")
    return postings.filter(workplace=JobPosting.Workplace.REMOTE).count()


def company_facets(*, role=None, filters, chosen_count=0, limit=COMPANY_LIMIT):
    """The employers with the most matching postings (ties alphabetical), listed by name,
    and the chosen one even when it has none or is not among them (with `chosen_count`:
    chosen, its count is the list's own)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="company")
    rows = (
        postings.values_list("company__slug", "company__name")
        .annotate(count=Count("id"))
        .order_by("-count", "company__name", "company__slug")[:limit]
    )
    return _companies(rows, filters.company, chosen_count)


def employment_facets(*, role=None, filters):
    """Every kind of employment, in the model's order, with its count (zeros included)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="employment_type")
    return _employment(
        dict(postings.order_by().values_list("employment_type").annotate(n=Count("id")))
    )


def _windows(data_through):
    """{str(days): the moment the window starts after}."""
    return {str(days): data_through - timedelta(days=days) for days in POSTED_WINDOWS}


def posted_facets(*, role=None, filters):
    """How many matching postings each window holds, the whole list first ('' = any time)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="posted")
    if filters.data_through is None:
        return _posted({"": 0} | {str(days): 0 for days in POSTED_WINDOWS})
    windows = {
        days: Count("id", filter=Q(posted_at__gt=start))
        for days, start in _windows(filters.data_through).items()
    }
    counts = postings.order_by().aggregate(any=Count("id"), **windows)
    counts[""] = counts.pop("any")
    return _posted(counts)


@dataclass(frozen=True)
class PayFacets:
    """The list's postings by the currency of their pay (the pay filter left out)."""

    currencies: list[Facet]  # with pay, by currency code
    without_pay: int | None  # None: not counted
    main_currency: str  # the one most of them quote (ties alphabetical), or ''

    @property
    def is_counted(self):
        return self.without_pay is not None

    def count(self, currency):
        """How many of the list's postings quote pay in `currency` (None: not counted)."""
        if not self.is_counted:
            return None
        return next((facet.count for facet in self.currencies if facet.value == currency), 0)

    def left_out(self, currency):
        """Postings a pay minimum in `currency` leaves out whatever their pay: those with
        none, and those quoting another currency (None: not counted)."""
        if not self.is_counted:
            return None
        other = sum(facet.count for facet in self.currencies if facet.value != currency)
        return {"without_pay": self.without_pay, "other_currency": other}


def _pay(counts, chosen):
    """counts: {currency code, or '' for none: count}."""
    rows = dict(counts)
    without_pay = rows.pop("", 0)
    if chosen and chosen not in rows:
        rows[chosen] = 0
    ranked = sorted(rows.items(), key=lambda row: (-row[1], row[0]))
    main = next((code for code, count in ranked if count), "")
    return PayFacets(
        currencies=[
            Facet(code, f"{code}, {pay.currency_name(code)}", count)
            for code, count in sorted(rows.items())
        ],
        without_pay=without_pay,
        main_currency=main,
    )


def _uncounted_pay(filters):
    """Pay not counted: the reader's currency, or the main one when it was settled."""
    codes = sorted({code for code in (filters.currency, filters.main_currency) if code})
    return PayFacets(
        currencies=[Facet(code, f"{code}, {pay.currency_name(code)}", None) for code in codes],
        without_pay=None,
        main_currency=filters.main_currency,
    )


def _with_currency(postings):
    return postings.annotate(
        currency=Case(
            When(pay_yearly__isnull=True, then=Value("")),
            default=F("salary_currency"),
            output_field=CharField(),
        )
    )


def pay_facets(*, role=None, filters):
    postings = filters.apply(JobPosting.objects.listed(role), skip="pay")
    counts = _with_currency(postings).order_by().values_list("currency").annotate(n=Count("id"))
    return _pay(dict(counts), filters.currency)


def role_facets(*, filters):
    """The published guides with open postings matching the filters, with how many."""
    rows = (
        filters.apply(JobPosting.objects.listed())
        .values_list("role__slug", "role__title")
        .annotate(count=Count("id"))
        .order_by("role__title")
    )
    return [Facet(slug, title, count) for slug, title, count in rows]


@dataclass(frozen=True)
class OpeningFacets:
    seniority: list[Facet]
    locations: list[Facet]
    technologies: list[Facet]
    remote: int | None
    roles: list[Facet]
    companies: list[Facet]
    employment: list[Facet]
    posted: list[Facet]
    pay: PayFacets
    data_through: datetime | None
    next_expiry: datetime | None
    # How many postings the list itself shows: exact, or (not `total_is_exact`) more than
    # `exact_limit` postings, which is all that was counted.
    list_total: int = 0
    total_is_exact: bool = True
    # The facets counted from the tallies or live, as {facet: "tallies" | "live"};
    # the others are listed without counts.
    counted_from: dict | None = None
    # Sorted by pay: how many of the list's postings quote pay in its currency (None: more
    # than the exact limit, or not sorted by pay).
    paid_total: int | None = None

    def total(self, filters):
        return self.list_total

    @property
    def exact_limit(self):
        return exact_limit()

    @property
    def uncounted(self):
        """The names of the facets listed without counts, as the filter panel calls them."""
        if self.counted_from is None:
            return []
        return [
            FACET_NAMES[facet]
            for facet in FACETS
            if facet not in self.counted_from and (facet != "role" or self.roles)
        ]

    @property
    def companies_counted(self):
        return self.counted_from is None or "company" in self.counted_from

    def resolve(self, filters):
        """`filters` with what the data decides: the main currency and data-through."""
        return filters.resolved(
            main_currency=self.pay.main_currency, data_through=self.data_through
        )


def resolve_filters(*, role=None, filters):
    """`filters` with what they need from the data, and no more (for feeds, which show
    no counts): data-through when they name a window, the main currency when they compare
    or sort pay without a currency of the reader's. The same as `opening_facets` settles."""
    data_through = JobPosting.objects.data_through() if filters.posted else None
    dated = filters.resolved(main_currency="", data_through=data_through)
    if not filters.uses_currency or filters.currency:
        return dated
    main = pay_facets(role=role, filters=dated).main_currency
    return dated.resolved(main_currency=main, data_through=data_through)


def _total(seniority, filters):
    """How many postings the list itself shows. Every posting has one level, so the levels
    counted without the level filter, kept to the chosen ones, add up to it."""
    chosen = filters.seniority
    return sum(facet.count for facet in seniority if not chosen or facet.value in chosen)


def _is_active(filters, facet):
    """Whether the list narrows by this facet's own filter."""
    if facet == "pay":
        return bool(filters.salary_min)
    if facet == "role":
        return False
    return bool(getattr(filters, facet))


def opening_facets(*, role=None, filters):
    """Every facet of one list (`roles` only for all roles), from the shared cache while
    nothing has changed, and never past the moment the next open posting expires.

    The newest posting's date comes first, and the pay by currency when the list compares
    or sorts pay in the currency most of its postings quote: the filters need them (`posted`
    windows end at that date; a pay minimum applies in the main currency unless the reader
    chose one) before the other facets are counted."""
    where = hashlib.sha256(urlencode(filters.facet_params()).encode()).hexdigest()[:32]

    def count():
        return _count_facets(role, filters)

    return cached(
        f"facets:{role.pk if role else 'all'}:{where}",
        count,
        scopes=[role_scope(role.pk)] if role else [POSTINGS],
        valid_until=lambda facets: facets.next_expiry,
    )


def _count_facets(role, filters):
    limit = exact_limit()
    data_through = JobPosting.objects.data_through()
    next_expiry = JobPosting.objects.next_expiry()
    resolved = filters.resolved(main_currency="", data_through=data_through)
    settled_pay = None
    if filters.uses_currency and not filters.currency:
        settled_pay = _settled_pay(role, resolved, next_expiry)
        resolved = resolved.resolved(
            main_currency=settled_pay.main_currency, data_through=data_through
        )
    listed = JobPosting.objects.listed(role)
    # Each facet's base: the list with its own filter left out (None: the list itself).
    base_of = {facet: facet if _is_active(resolved, facet) else None for facet in FACETS}
    if role is not None:
        del base_of["role"]
    if settled_pay is not None:
        del base_of["pay"]
    bases = {key: resolved.apply(listed, skip=key) for key in {*base_of.values(), None}}
    measured = dict(bases)
    if resolved.sort == PAY and resolved.pay_currency:  # the pager needs the paid part
        measured["paid"] = bases[None].filter(
            salary_currency=resolved.pay_currency, pay_yearly__isnull=False
        )
    sizes = capped_sizes(measured, limit)

    live = {facet: base for facet, base in base_of.items() if sizes[base] <= limit}
    counts = _live_counts({key: bases[key] for key in set(live.values())}, live, resolved)
    tallied = {
        facet
        for facet, base in base_of.items()
        if facet not in live
        and facet in TALLIED
        and (not resolved.is_active or (base is not None and _only(resolved, facet)))
    }
    counts |= _tallied_counts(role, tallied)

    seniority = _seniority(counts.get("seniority"))
    technologies = _technologies(
        counts.get("technology") or _every(Technology, counted="technology" in counts),
        resolved.technology,
    )
    total, exact = _list_total(resolved, sizes[None], limit, seniority, technologies, counts)
    if settled_pay is not None:
        pay_counts = settled_pay
    elif "pay" in counts:
        pay_counts = _pay(counts["pay"], resolved.currency)
    else:
        pay_counts = _uncounted_pay(resolved)
    roles = []
    if role is None:
        roles = counts.get("role")
        if roles is None:  # not counted: every guide, without counts
            roles = [
                Facet(slug, title, None)
                for slug, title in Role.objects.published()
                .order_by("title")
                .values_list("slug", "title")
            ]
    counted_from = {facet: "tallies" if facet in tallied else "live" for facet in counts}
    if settled_pay is not None:
        counted_from["pay"] = "live"
    return OpeningFacets(
        seniority=seniority,
        locations=_locations(
            counts.get("location") or _every(Location, counted="location" in counts),
            resolved.location,
        ),
        technologies=technologies,
        remote=counts.get("remote"),
        roles=roles,
        companies=_companies(counts.get("company", []), resolved.company, total if exact else None),
        employment=_employment(counts.get("employment_type")),
        posted=_posted(counts.get("posted")),
        pay=pay_counts,
        data_through=data_through,
        next_expiry=next_expiry,
        list_total=total,
        total_is_exact=exact,
        counted_from=counted_from,
        paid_total=sizes["paid"] if sizes.get("paid", limit + 1) <= limit else None,
    )


def _settled_pay(role, filters, next_expiry):
    """The pay by currency, counted exactly whatever the number of postings, when the list
    compares or sorts pay in the currency most of them quote. Kept apart from the other
    facets: every pay minimum and either order of a list share it."""
    where = urlencode(filters.params(salary_min=None, currency="", sort=NEWEST, page=1))
    where = hashlib.sha256(where.encode()).hexdigest()[:32]
    return cached(
        f"pay-facets:{role.pk if role else 'all'}:{where}",
        lambda: pay_facets(role=role, filters=filters),
        scopes=[role_scope(role.pk)] if role else [POSTINGS],
        valid_until=lambda _: next_expiry,
    )


def _active(filters):
    return {facet for facet in FACETS if _is_active(filters, facet)}


def _only(filters, facet):
    """Whether this facet's own filter is the only one the list has (no search either)."""
    return not filters.q and _active(filters) == {facet}


def _list_total(filters, size, limit, seniority, technologies, counts):
    """(how many postings the list shows, whether that is exact): its capped size when
    within the limit, else what exact facets add up to, else limit + 1 (more than that)."""
    if size <= limit:
        return size, True
    if "seniority" in counts:
        return _total(seniority, filters), True
    if "technology" in counts and _only(filters, "technology"):
        chosen = filters.technology.slug
        return next(facet.count for facet in technologies if facet.value == chosen), True
    if "remote" in counts and _only(filters, "remote"):
        return counts["remote"], True
    return limit + 1, False


def _every(model, *, counted):
    """A facet's options when its base is not counted: every place or technology, without
    counts ([] when the base was counted and nothing matched)."""
    if counted:
        return []
    if model is Location:
        return [(*row, None) for row in model.objects.values_list("slug", "name", "kind")]
    return [(*row, None) for row in model.objects.values_list("slug", "name")]


def _sql(queryset):
    """The SQL and parameters of `queryset`, for the database it reads from; None when it
    cannot match anything (`.none()`, an empty `__in`)."""
    try:
        return queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return None


def capped_sizes(querysets, limit):
    """{key: how many postings each queryset holds, up to limit + 1 (more than the limit)},
    in one query: each is counted only as far as `LIMIT limit + 1`."""
    keys = list(querysets)
    parts, params = [], []
    for key in keys:
        compiled = _sql(querysets[key].order_by().values("pk")[: limit + 1])
        if compiled is None:
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({compiled[0]}) AS capped)")
        params += compiled[1]
    database = querysets[keys[0]].db
    with connections[database].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(keys, row, strict=True))


BASE_COLUMNS = ("id", "seniority", "workplace", "company_id", "employment_type", "posted_at",
                "currency", "role_id")  # fmt: skip


def _live_counts(bases, live, filters):
    """{facet: counts} of every facet in `live` ({facet: its base's key}) over its base, in
    one query: each base (`bases`, each of at most the exact limit) is read once into a
    materialized table of its own, and every facet counted over it."""
    names, ctes, params = {}, [], []
    for key, base in bases.items():
        compiled = _sql(_with_currency(base).order_by().values_list(*BASE_COLUMNS))
        if compiled is None:  # nothing to count
            continue
        names[key] = f"base_{len(names)}"
        ctes.append(f"{names[key]}({', '.join(BASE_COLUMNS)}) AS MATERIALIZED ({compiled[0]})")
        params += compiled[1]
        database = base.db
    if not names:
        return _gather([], live, filters)
    connection = connections[database]
    branches = []
    for facet, key in live.items():
        if key not in names:
            continue
        sql, branch_params = _branch(facet, names[key], filters, connection)
        branches.append(f"SELECT * FROM ({sql}) AS {facet}_counts")
        params += branch_params
    query = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return _gather(rows, live, filters)


def _branch(facet, base, filters, connection):
    """SQL of (facet, value, label, grp, n) rows counting one facet over a base table."""
    grouped = {"seniority": "seniority", "employment_type": "employment_type", "pay": "currency"}
    if facet in grouped:
        column = grouped[facet]
        return (
            f"SELECT '{facet}' AS facet, {column} AS value, '' AS label, '' AS grp, "
            f"COUNT(*) AS n FROM {base} GROUP BY {column}",
            [],
        )
    if facet == "remote":
        return (
            f"SELECT 'remote' AS facet, '' AS value, '' AS label, '' AS grp, COUNT(*) AS n "
            f"FROM {base} WHERE workplace = %s",
            [JobPosting.Workplace.REMOTE],
        )
    if facet == "posted":
        if filters.data_through is None:
            return (
                "SELECT 'posted' AS facet, '' AS value, '' AS label, '' AS grp, 0 AS n",
                [],
            )
        windows = _windows(filters.data_through)
        columns = ", ".join(
            f"SUM(CASE WHEN posted_at > %s THEN 1 ELSE 0 END) AS w{days}" for days in windows
        )
        unpivot = " UNION ALL ".join(
            f"SELECT 'posted', '{days}', '', '', w{days} FROM windows" for days in windows
        )
        return (
            f"WITH windows AS (SELECT COUNT(*) AS total, {columns} FROM {base}) "
            f"SELECT 'posted' AS facet, '' AS value, '' AS label, '' AS grp, total AS n "
            f"FROM windows UNION ALL {unpivot}",
            [connection.ops.adapt_datetimefield_value(start) for start in windows.values()],
        )
    if facet == "company":
        company = Company._meta.db_table
        return (
            f"SELECT 'company' AS facet, c.slug AS value, c.name AS label, '' AS grp, "
            f"COUNT(*) AS n FROM {base} b JOIN {company} c ON c.id = b.company_id "
            f"GROUP BY c.slug, c.name ORDER BY n DESC, c.name, c.slug LIMIT {COMPANY_LIMIT}",
            [],
        )
    if facet == "role":
        return (
            f"SELECT 'role' AS facet, r.slug AS value, r.title AS label, '' AS grp, "
            f"COUNT(*) AS n FROM {base} b JOIN {Role._meta.db_table} r ON r.id = b.role_id "
            f"GROUP BY r.slug, r.title",
            [],
        )
    model, kind, through = {
        "technology": (Technology, "", JobPosting.technologies.through),
        "location": (Location, "t.kind", JobPosting.locations.through),
    }[facet]
    group = f"t.slug, t.name, {kind}" if kind else "t.slug, t.name"
    return (
        f"SELECT '{facet}' AS facet, t.slug AS value, t.name AS label, {kind or "''"} AS grp, "
        f"COUNT(*) AS n FROM {base} b JOIN {through._meta.db_table} l ON l.jobposting_id = b.id "
        f"JOIN {model._meta.db_table} t ON t.id = l.{facet}_id GROUP BY {group}",
        [],
    )


def _gather(rows, live, filters):
    """The rows of `_live_counts` as {facet: counts}, in the shapes the facets take."""
    counts = {}
    for facet in live:
        if facet == "posted":
            counts[facet] = {"": 0} | {str(days): 0 for days in POSTED_WINDOWS}
        elif facet in ("seniority", "employment_type", "pay"):
            counts[facet] = {}
        elif facet == "remote":
            counts[facet] = 0
        else:
            counts[facet] = []
    for facet, value, label, group, number in rows:
        number = int(number or 0)
        if facet == "remote":
            counts[facet] = number
        elif facet in ("seniority", "employment_type", "pay", "posted"):
            counts[facet][value or ""] = number
        elif facet == "location":
            counts[facet].append((value, label, group, number))
        else:
            counts[facet].append((value, label, number))
    if "company" in counts:
        counts["company"].sort(key=lambda row: (-row[2], row[1], row[0]))
    if "role" in counts:
        counts["role"] = [
            Facet(slug, title, number)
            for slug, title, number in sorted(counts["role"], key=lambda row: (row[1], row[0]))
        ]
    return counts


TALLY_DIMENSIONS = {
    "seniority": PostingTally.Dimension.SENIORITY,
    "technology": PostingTally.Dimension.TECHNOLOGY,
    "remote": PostingTally.Dimension.REMOTE,
    "role": PostingTally.Dimension.SENIORITY,  # every posting has one level
}


def _tallied_counts(role, facets):
    """{facet: counts} of `facets` over the whole list, from the tallies: exact, and a few
    hundred rows read whatever the number of postings."""
    if not facets:
        return {}
    dimensions = {TALLY_DIMENSIONS[facet] for facet in facets}
    if role is not None:
        rows = [
            (role.pk, dimension, key, number)
            for dimension, key, number in tallies.counted(role, *dimensions).values_list(
                "dimension", "key", "counted"
            )
        ]
        guides = {}
    else:
        guides = {pk: (slug, title) for pk, slug, title in
                  Role.objects.published().values_list("pk", "slug", "title")}  # fmt: skip
        rows = [
            (role_id, dimension, key, number)
            for dimension in dimensions
            for (role_id, key), number in tallies.counted_by_role(dimension).items()
            if role_id in guides
        ]
    summed = {}
    for _, dimension, key, number in rows:
        summed.setdefault(dimension, {}).setdefault(key, 0)
        summed[dimension][key] += number
    counts = {}
    if "seniority" in facets:
        counts["seniority"] = summed.get(PostingTally.Dimension.SENIORITY, {})
    if "remote" in facets:
        counts["remote"] = summed.get(PostingTally.Dimension.REMOTE, {}).get("", 0)
    if "technology" in facets:
        by_id = summed.get(PostingTally.Dimension.TECHNOLOGY, {})
        names = Technology.objects.filter(pk__in=[int(key) for key in by_id]).values_list(
            "pk", "slug", "name"
        )
        counts["technology"] = [
            (slug, name, by_id[str(pk)]) for pk, slug, name in names if by_id[str(pk)] > 0
        ]
    if "role" in facets:
        per_role = {}
        for role_id, dimension, _, number in rows:
            if dimension == PostingTally.Dimension.SENIORITY:
                per_role[role_id] = per_role.get(role_id, 0) + number
        counts["role"] = [
            Facet(*guides[role_id], number)
            for role_id, number in sorted(per_role.items(), key=lambda row: guides[row[0]][1])
            if number > 0
        ]
    return counts
