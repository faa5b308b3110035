"""
Pay written in a posting's text, for feeds that give no structured range: "$140k-$180k",
"€60.000 - €80.000 per year", "£45 an hour", "USD 120,000 - 150,000", "CHF 100'000 p.a.".

An amount needs a currency (symbol or ISO code) beside it. A range without a period word is
read as yearly only when its amounts are yearly-sized; a single amount needs a period word,
or a pay word before it and a yearly size ("base salary of $150,000"). Separators are read
as the amount writes them: "60.000" and "60,000" are sixty thousand, "45.50" and "45,50"
forty-five and a half. Amounts outside what a period can plausibly pay are ignored, so
"raised $40M" or "a $5 lunch" are not pay.
"""

import re
from dataclasses import dataclass

SYMBOLS = {
    "US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD",
    "S$": "SGD", "HK$": "HKD", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₹": "INR", "₩": "KRW", "zł": "PLN",
}  # fmt: skip
CODES = {
    "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "INR", "SGD", "HKD", "JPY", "SEK",
    "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BRL", "MXN", "ZAR", "ILS", "AED", "KRW",
}  # fmt: skip
_SYMBOL = "|".join(re.escape(symbol) for symbol in sorted(SYMBOLS, key=len, reverse=True))
_CODE = "|".join(sorted(CODES))
CURRENCY = rf"(?:{_SYMBOL}|\b(?:{_CODE})\b)"
AMOUNT = r"\d{1,3}(?:[.,'\u2019\u202f\u00a0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
PERIODS = [
    ("YEAR", r"per\s+(?:year|annum)|a\s+year|/\s*(?:year|yr|y|annum)\b|annual(?:ly)?|yearly"
     r"|p\.\s?a\.|\bpa\b|per\s+yr"),
    ("MONTH", r"per\s+month|a\s+month|/\s*(?:month|mo|mth)\b|monthly|p\.\s?m\."),
    ("WEEK", r"per\s+week|a\s+week|/\s*(?:week|wk)\b|weekly"),
    ("DAY", r"per\s+day|a\s+day|/\s*day\b|daily|day\s+rate|per\s+diem"),
    ("HOUR", r"per\s+hour|an\s+hour|/\s*(?:hour|hr|h)\b|hourly|p\.\s?h\."),
]  # fmt: skip
PERIOD = "|".join(f"(?P<{name}>{pattern})" for name, pattern in PERIODS)


def _side(n):
    """One amount with its currency before or after it, groups numbered `n`."""
    return (
        rf"(?P<c{n}>{CURRENCY})?\s?(?P<a{n}>{AMOUNT})\s?(?P<k{n}>[kK]\b)?"
        rf"(?:\s?(?P<d{n}>{CURRENCY}))?"
    )


PAY = re.compile(
    _side(1)
    + r"(?:\s*(?:-|\u2013|\u2014|to|and)\s*"
    + _side(2)
    + r")?"
    + rf"(?:[\s,]*(?:{PERIOD}))?",
    re.IGNORECASE,
)
PAY_WORDS = re.compile(
    r"\b(?:salary|salaries|pay|compensation|base|ote|range|rate|wage|earn|remuneration|"
    r"package|stipend)\b",
    re.IGNORECASE,
)
UP_TO = re.compile(r"\b(?:up\s+to|max(?:imum)?(?:\s+of)?)\s*$", re.IGNORECASE)
FROM = re.compile(r"\b(?:from|starting\s+(?:at|from)|min(?:imum)?(?:\s+of)?|at\s+least)\s*$", re.I)
# What one period can plausibly pay, in any of the currencies above (JPY and KRW aside).
PLAUSIBLE = {
    "YEAR": (5_000, 5_000_000),
    "MONTH": (300, 500_000),
    "WEEK": (80, 100_000),
    "DAY": (30, 10_000),
    "HOUR": (5, 2_000),
}
LARGE_UNITS = {"JPY": 150, "KRW": 1_300, "INR": 80, "HUF": 350}


@dataclass(frozen=True)
class Pay:
    low: int | None
    high: int | None
    currency: str
    period: str
    text: str


def _number(text, thousands):
    """An amount as written: separators read from their places."""
    digits = re.sub(r"[\s'\u2019\u202f\u00a0]", "", text)
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        whole, _, fraction = digits.rpartition(decimal)
        value = float(re.sub(r"[.,]", "", whole) + "." + fraction)
    elif "," in digits or "." in digits:
        mark = "," if "," in digits else "."
        groups = digits.split(mark)
        if len(groups) > 2 or len(groups[-1]) == 3:
            value = float("".join(groups))
        else:
            value = float(groups[0] + "." + groups[1])
    else:
        value = float(digits)
    return round(value * (1000 if thousands else 1))


def _currency(*texts):
    for text in texts:
        if text:
            upper = text.upper()
            if upper in CODES:
                return upper
            for symbol, code in SYMBOLS.items():
                if text.upper() == symbol.upper():
                    return code
    return None


def _period(match):
    for name, _ in PERIODS:
        if match.group(name):
            return name
    return None


# Where pay can be: a currency's mark. PAY is matched only around these (a description
# with none is passed over at once; PAY tried at every character took 0.7 ms a posting).
MARKS = re.compile("|".join(re.escape(symbol) for symbol in SYMBOLS) + r"|\b[A-Z]{3}\b")
BEFORE_MARK = 40  # "60.000 - 80.000 EUR": the amounts come before the code


def find(text):
    """The first pay that `text` states, or None."""
    tried = -1
    for mark in MARKS.finditer(text):
        if len(mark.group()) == 3 and mark.group().isalpha() and mark.group() not in CODES:
            continue  # three capitals that name no currency ("SQL", "AWS")
        start = max(mark.start() - BEFORE_MARK, tried + 1, 0)
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,'\u2019"):
            start -= 1  # from the start of a word: not "60,000" of "160,000"
        for match in PAY.finditer(text, start, mark.end() + 80):
            if match.start() > mark.start():
                break
            tried = max(tried, match.start())
            pay = _read(match, text)
            if pay:
                return pay
    return None


def _read(match, text):
    currency = _currency(match["c1"], match["d1"], match["c2"], match["d2"])
    if currency is None:
        return None
    ranged = match["a2"] is not None
    thousands_low = bool(match["k1"]) or (ranged and bool(match["k2"]))
    low = _number(match["a1"], thousands_low)
    high = _number(match["a2"], bool(match["k2"])) if ranged else None
    if ranged and match["k2"] and not match["k1"] and low >= 1000:
        low = _number(match["a1"], False)  # "$140,000-180k": the k is the second's
    period = _period(match)
    before = text[max(0, match.start() - 80) : match.start()]
    scale = LARGE_UNITS.get(currency, 1)
    if period is None:
        biggest = high or low
        yearly = biggest / scale >= 20_000
        if not yearly or not (ranged or PAY_WORDS.search(before)):
            return None
        period = "YEAR"
    least, most = PLAUSIBLE[period]
    for amount in (low, high):
        if amount is not None and not least * scale <= amount <= most * scale:
            return None
    if high is not None and (high < low or high > 5 * low):
        return None
    if not ranged:
        if UP_TO.search(before):
            low, high = None, low
        elif not FROM.search(before):
            high = low
    return Pay(low, high, currency, period, " ".join(match.group(0).split()))
