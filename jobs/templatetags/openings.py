"""How postings read on the page: pay, where the work is, the description in its parts."""

from django import template

from jobs import pay
from jobs.description import description_html, description_text

register = template.Library()


@register.filter
def salary_range(posting):
    """'CA$197,000-298,000 a year' (an en dash, the currency once), 'From £450 a day', or ''."""
    return pay.posting_pay(posting)


@register.filter
def workplace_summary(posting):
    """Where the work is, places first, then the kind of workplace: 'London · hybrid',
    'Berlin, London · on-site', 'United States · remote'; the kind alone without places.
    Postings need their locations prefetched."""
    places = ", ".join(location.name for location in posting.locations.all())
    kind = posting.get_workplace_display()
    return f"{places} · {kind.lower()}" if places else kind


@register.filter
def posting_description(posting):
    return description_html(posting.description)


@register.filter
def posting_summary(posting):
    """The description as plain words (a board's HTML too), for meta descriptions."""
    return description_text(posting.description)


@register.filter
def money(amount, currency):
    return pay.money(amount, currency) if currency else f"{amount:,}"
