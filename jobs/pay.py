"""
How pay reads: amounts and ranges formatted by Babel in the site's locale, the currency
said once ("CA$197,000-298,000 a year" with an en dash, "From £450 a day", "Up to $60 an hour").
"""

import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_name,
    get_currency_symbol,
    is_currency,
)
from django.conf import settings
from django.utils.translation import to_locale

DASH = "\u2013"
NO_BREAK_SPACE = "\u00a0"
PERIODS = {
    "YEAR": "a year",
    "MONTH": "a month",
    "WEEK": "a week",
    "DAY": "a day",
    "HOUR": "an hour",
}


@cache
def site_locale():
    try:
        return Locale.parse(to_locale(settings.LANGUAGE_CODE))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en_US")


@cache
def _whole_number_pattern():
    """The locale's currency pattern without decimals: pay is quoted in whole units."""
    pattern = site_locale().currency_formats["standard"].pattern.split(";")[0]
    integer, _, rest = pattern.partition(".")
    return integer + "".join(char for char in rest if char not in "0#")


def _spaced(text, symbol):
    """CLDR's currency spacing, which Babel leaves out: a symbol that ends (or starts) in a
    letter is kept apart from the digits by a no-break space ("PLN 9,000", "CHF 90,000"),
    while "$", "£" or "CA$" touch them."""
    if not symbol:
        return text
    at = text.find(symbol)
    if at < 0:
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and _is_letter(symbol[-1]):
        return text[:end] + NO_BREAK_SPACE + text[end:]
    if at > 0 and text[at - 1].isdigit() and _is_letter(symbol[0]):
        return text[:at] + NO_BREAK_SPACE + text[at:]
    return text


def _is_letter(char):
    return unicodedata.category(char)[0] not in "SZ"


def money(amount, currency):
    """One amount with its currency: '$120,000', 'CA$90,000', 'PLN 9,000'."""
    locale = site_locale()
    text = format_currency(
        amount, currency, format=_whole_number_pattern(), locale=locale, currency_digits=False
    )
    return _spaced(text, currency_symbol(currency))


def number(amount):
    return format_decimal(amount, format="#,##0", locale=site_locale())


def _symbol_first():
    return _whole_number_pattern().lstrip().startswith("¤")


def amount_range(low, high, currency):
    """'CA$197,000-298,000' (an en dash): the currency once, where the locale puts it."""
    if _symbol_first():
        return f"{money(low, currency)}{DASH}{number(high)}"
    return f"{number(low)}{DASH}{money(high, currency)}"


def pay_range(low, high, currency, period):
    """A posting's advertised pay as readers read it, or '' when it quotes none."""
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        amount = amount_range(low, high, currency)
    elif low is not None and high is not None:
        amount = money(low, currency)
    elif low is not None:
        amount = f"From {money(low, currency)}"
    else:
        amount = f"Up to {money(high, currency)}"
    return f"{amount} {PERIODS.get(period, '')}".strip()


def posting_pay(posting):
    return pay_range(
        posting.salary_min, posting.salary_max, posting.salary_currency, posting.salary_period
    )


def yearly(amount, currency):
    """'US$150,000 a year': a yearly figure, such as the openings' minimum pay."""
    return f"{money(amount, currency)} {PERIODS['YEAR']}"


def currency_symbol(currency):
    return get_currency_symbol(currency, locale=site_locale())


def currency_name(currency):
    """'Canadian dollars': how a currency select names its options."""
    return get_currency_name(currency, count=2, locale=site_locale())


def is_known_currency(code):
    """An ISO 4217 code that Babel knows (upper case, as postings store them)."""
    return len(code) == 3 and code.isascii() and code.isupper() and is_currency(code)
