"""How postings read on the page: salary ranges and where the work is."""

from django import template

from jobs.models import JobPosting

register = template.Library()

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
DASH = "\u2013"
PERIODS = {
    "YEAR": "a year",
    "MONTH": "a month",
    "WEEK": "a week",
    "DAY": "a day",
    "HOUR": "an hour",
}


def _amount(value, currency):
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{value:,}" if symbol else f"{value:,} {currency}".strip()


@register.filter
def salary_range(posting):
    """'$160,000-$215,000 a year' (with an en dash), 'From 90,000 PLN a month', or ''."""
    low, high, currency = posting.salary_min, posting.salary_max, posting.salary_currency
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        amount = f"{_amount(low, currency)}{DASH}{_amount(high, currency)}"
    elif low is not None and high is not None:
        amount = _amount(low, currency)
    elif low is not None:
        amount = f"From {_amount(low, currency)}"
    else:
        amount = f"Up to {_amount(high, currency)}"
    period = PERIODS.get(posting.salary_period, "")
    return f"{amount} {period}".strip()


@register.filter
def workplace_summary(posting):
    """Where the work is: 'London, Berlin', 'London (hybrid)', 'Remote (United States)'."""
    places = ", ".join(location.name for location in posting.locations.all())
    if posting.workplace == JobPosting.Workplace.REMOTE:
        return f"Remote ({places})" if places else "Remote"
    if posting.workplace == JobPosting.Workplace.HYBRID:
        return f"{places} (hybrid)" if places else "Hybrid"
    return places or "On-site"
