"""
Facet counts of the openings lists: beside each filter option, how many postings the list
would show with that option chosen and every other active filter left as it is
(`filters.apply(..., skip=<this facet>)`).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Case, CharField, Count, F, Q, Value, When

from careerguide.cache import POSTINGS, cached, role_scope

from . import pay
from .filters import POSTED_WINDOWS
from .models import JobPosting, Location

COMPANY_LIMIT = 30


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    group: str = ""


LOCATION_GROUPS = {"city": "Cities", "region": "Regions", "country": "Countries"}


def seniority_facets(*, role=None, filters):
    """Every level of the ladder, in ladder order, with its count (zeros included)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="seniority")
    rows = dict(postings.order_by().values_list("seniority").annotate(count=Count("id")))
    return [
        Facet(level.value, level.label, rows.get(level.value, 0)) for level in JobPosting.Seniority
    ]


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
    chosen = filters.location
    if chosen and all(slug != chosen.slug for slug, *_ in rows):
        rows = [*rows, (chosen.slug, chosen.name, chosen.kind, 0)]
    order = {kind: index for index, kind in enumerate(Location.Kind.values)}
    return [
        Facet(slug, name, count, LOCATION_GROUPS.get(kind, ""))
        for slug, name, kind, count in sorted(
            rows, key=lambda row: (order.get(row[2], 0), row[1], row[0])
        )
    ]


def technology_facets(*, role=None, filters):
    """Technologies with at least one matching posting (and the chosen one), alphabetical."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="technology")
    rows = list(
        JobPosting.technologies.through.objects.filter(jobposting__in=postings.values("pk"))
        .values_list("technology__slug", "technology__name")
        .annotate(count=Count("jobposting_id"))
        .order_by()
    )
    chosen = filters.technology
    if chosen and all(slug != chosen.slug for slug, *_ in rows):
        rows.append((chosen.slug, chosen.name, 0))
    return [
        Facet(slug, name, count)
        for slug, name, count in sorted(rows, key=lambda row: (row[1].lower(), row[0]))
    ]


def remote_facet(*, role=None, filters):
    """How many matching postings are remote."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="remote")
    return postings.filter(workplace=JobPosting.Workplace.REMOTE).count()


def company_facets(*, role=None, filters, chosen_count=0, limit=COMPANY_LIMIT):
    """The employers with the most matching postings (ties alphabetical), listed by name,
    and the chosen one even when it has none or is not among them (with `chosen_count`:
    chosen, its count is the list's own)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="company")
    rows = list(
        postings.values_list("company__slug", "company__name")
        .annotate(count=Count("id"))
        .order_by("-count", "company__name", "company__slug")[:limit]
    )
    chosen = filters.company
    if chosen and all(slug != chosen.slug for slug, *_ in rows):
        rows.append((chosen.slug, chosen.name, chosen_count))
    return [
        Facet(slug, name, count)
        for slug, name, count in sorted(rows, key=lambda row: (row[1].lower(), row[0]))
    ]


def employment_facets(*, role=None, filters):
    """Every kind of employment, in the model's order, with its count (zeros included)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="employment_type")
    rows = dict(postings.order_by().values_list("employment_type").annotate(count=Count("id")))
    return [
        Facet(kind.value, kind.label, rows.get(kind.value, 0)) for kind in JobPosting.EmploymentType
    ]


def posted_facets(*, role=None, filters):
    """How many matching postings each window holds, the whole list first ('' = any time)."""
    postings = filters.apply(JobPosting.objects.listed(role), skip="posted")
    if filters.data_through is None:
        counts = {"": 0} | {str(days): 0 for days in POSTED_WINDOWS}
    else:
        windows = {
            str(days): Count(
                "id", filter=Q(posted_at__gt=filters.data_through - timedelta(days=days))
            )
            for days in POSTED_WINDOWS
        }
        counts = postings.order_by().aggregate(any=Count("id"), **windows)
        counts[""] = counts.pop("any")
    return [Facet("", "Any time", counts[""])] + [
        Facet(str(days), label, counts[str(days)]) for days, label in POSTED_WINDOWS.items()
    ]


@dataclass(frozen=True)
class PayFacets:
    """The list's postings by the currency of their pay (the pay filter left out)."""

    currencies: list[Facet]  # with pay, by currency code
    without_pay: int
    main_currency: str  # the one most of them quote (ties alphabetical), or ''

    def count(self, currency):
        """How many of the list's postings quote pay in `currency`."""
        return next((facet.count for facet in self.currencies if facet.value == currency), 0)

    def left_out(self, currency):
        """Postings a pay minimum in `currency` leaves out whatever their pay: those with
        none, and those quoting another currency."""
        other = sum(facet.count for facet in self.currencies if facet.value != currency)
        return {"without_pay": self.without_pay, "other_currency": other}


def pay_facets(*, role=None, filters):
    postings = filters.apply(JobPosting.objects.listed(role), skip="pay")
    rows = dict(
        postings.annotate(
            currency=Case(
                When(pay_yearly__isnull=True, then=Value("")),
                default=F("salary_currency"),
                output_field=CharField(),
            )
        )
        .order_by()
        .values_list("currency")
        .annotate(count=Count("id"))
    )
    without_pay = rows.pop("", 0)
    chosen = filters.currency
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
    remote: int
    roles: list[Facet]
    companies: list[Facet]
    employment: list[Facet]
    posted: list[Facet]
    pay: PayFacets
    data_through: datetime | None
    next_expiry: datetime | None

    def total(self, filters):
        return _total(self.seniority, filters)

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


def opening_facets(*, role=None, filters):
    """Every facet of one list (`roles` only for all roles), from the shared cache while
    nothing has changed, and never past the moment the next open posting expires.

    The newest posting's date and the pay by currency come first: the filters need them
    (`posted` windows end at that date; a pay minimum applies in the main currency unless
    the reader chose one) before the other facets are counted."""
    where = hashlib.sha256(urlencode(filters.facet_params()).encode()).hexdigest()[:32]

    def count():
        data_through = JobPosting.objects.data_through()
        dated = filters.resolved(main_currency="", data_through=data_through)
        pay_counts = pay_facets(role=role, filters=dated)
        resolved = dated.resolved(main_currency=pay_counts.main_currency, data_through=data_through)
        seniority = seniority_facets(role=role, filters=resolved)
        return OpeningFacets(
            seniority=seniority,
            locations=location_facets(role=role, filters=resolved),
            technologies=technology_facets(role=role, filters=resolved),
            remote=remote_facet(role=role, filters=resolved),
            roles=[] if role else role_facets(filters=resolved),
            companies=company_facets(
                role=role, filters=resolved, chosen_count=_total(seniority, resolved)
            ),
            employment=employment_facets(role=role, filters=resolved),
            posted=posted_facets(role=role, filters=resolved),
            pay=pay_counts,
            data_through=data_through,
            next_expiry=JobPosting.objects.next_expiry(),
        )

    return cached(
        f"facets:{role.pk if role else 'all'}:{where}",
        count,
        scopes=[role_scope(role.pk)] if role else [POSTINGS],
        valid_until=lambda facets: facets.next_expiry,
    )
