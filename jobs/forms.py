"""
The openings filters, cleaned from a query string typed (or pasted, or forged) by anyone.

Nothing a query string holds makes the list fail: values the form cannot use are left
out and listed in `ignored`, so the page can say so, and the rest still apply.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re

from . import pay
from .filters import NEWEST, POSTED_WINDOWS, SORTS, Cursor, OpeningFilters
from .models import Company, JobPosting, Location, Technology

SEARCH_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 120
SHOWN_VALUE_LENGTH = 40


def tidy_search_text(text):
    """One line of printable text: whitespace runs become one space, control and
    invisible format characters (NUL, zero-width joiners, bidi overrides) are dropped."""
    words = " ".join(text.split())
    printable = "".join(char for char in words if not unicodedata.category(char).startswith("C"))
    return printable[:SEARCH_MAX_LENGTH].strip()


class SlugChoiceField(forms.ModelChoiceField):
    """A record named by its slug. Values that are not slugs never reach the database."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if len(value) > SLUG_MAX_LENGTH or not slug_re.fullmatch(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class YesNoField(forms.Field):
    """remote=1 (or true, yes, on) turns a filter on; 0, false, no, off or nothing leave it off."""

    YES = frozenset({"1", "true", "yes", "on"})
    NO = frozenset({"", "0", "false", "no", "off"})

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        word = (value or "").strip().lower()
        if word in self.YES:
            return True
        if word in self.NO:
            return False
        raise ValidationError("Expected 1 or 0.", code="invalid")


class YearlyAmountField(forms.Field):
    """A yearly pay minimum in whole units: 120000, 120,000 or 120 000 (0 or nothing: none)."""

    MAX = 10**12  # above any yearly pay in any currency, and well inside a bigint

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        digits = "".join((value or "").split()).replace(",", "").replace("_", "")
        if not digits:
            return None
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 13:
            raise ValidationError("Expected a whole number.", code="invalid")
        amount = int(digits)
        if amount > self.MAX:
            raise ValidationError("Too large.", code="max_value")
        return amount or None


class CursorField(forms.Field):
    """A place deep in a list (`Cursor.token`)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if not value:
            return None
        cursor = Cursor.parse(value.strip())
        if cursor is None:
            raise ValidationError("Not a place in the list.", code="invalid")
        return cursor


class CurrencyField(forms.Field):
    """An ISO 4217 code, in any case: usd is USD."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        code = (value or "").strip().upper()
        if not code:
            return ""
        if not pay.is_known_currency(code):
            raise ValidationError("Not a currency code.", code="invalid")
        return code


# What the page says about a value it could not use, after `name “value”`.
HINTS = {
    "seniority": "not a level we list",
    "location": "not a place we know",
    "remote": "use 1 for remote only",
    "technology": "not a technology we know",
    "company": "not an employer we know",
    "employment_type": "use " + ", ".join(kind.value for kind in JobPosting.EmploymentType),
    "posted": "use 1, 7 or 30 (days back from the newest posting)",
    "salary_min": "use a whole yearly amount, such as 120000",
    "currency": "use a three-letter currency code, such as USD",
    "sort": "use newest or pay",
    "page": "not a page number",
    "after": "not a place in this list: start from its first page",
    "before": "not a place in this list: start from its first page",
    "q": "too long",
}


class OpeningsFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH)
    seniority = forms.MultipleChoiceField(required=False, choices=JobPosting.Seniority.choices)
    location = SlugChoiceField(Location.objects.all())
    remote = YesNoField()
    technology = SlugChoiceField(Technology.objects.all())
    company = SlugChoiceField(Company.objects.all())
    employment_type = forms.MultipleChoiceField(
        required=False, choices=JobPosting.EmploymentType.choices
    )
    posted = forms.TypedChoiceField(
        required=False,
        choices=[(str(days), label) for days, label in POSTED_WINDOWS.items()],
        coerce=int,
        empty_value=None,
    )
    salary_min = YearlyAmountField()
    currency = CurrencyField()
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))
    page = forms.IntegerField(required=False, min_value=1)
    after = CursorField()
    before = CursorField()

    SINGLE = ("location", "remote", "technology", "company", "posted", "salary_min", "currency")

    def __init__(self, data, **kwargs):
        self.ignored = []
        super().__init__(self._tidy(data), **kwargs)

    def _tidy(self, data):
        """The query string as plain values: search text made printable, unknown levels and
        kinds of employment out, each list in its one order."""
        tidy = {
            name: data.get(name, "") for name in (*self.SINGLE, "sort", "page", "after", "before")
        }
        tidy["q"] = tidy_search_text(data.get("q", ""))
        # Ladder order, so that one set of levels has one address however it was typed.
        tidy["seniority"] = self._known(
            data.getlist("seniority"), "seniority", JobPosting.Seniority.values
        )
        # FULL_TIME, full-time or full_time alike.
        tidy["employment_type"] = self._known(
            [kind.strip().upper().replace("-", "_") for kind in data.getlist("employment_type")],
            "employment_type",
            JobPosting.EmploymentType.values,
            shown=data.getlist("employment_type"),
        )
        return tidy

    def _known(self, values, name, known, *, shown=None):
        """`values` that are `known`, in the order of `known`; the others noted as ignored."""
        chosen = set()
        for value, as_given in zip(values, shown or values, strict=True):
            if value in known:
                chosen.add(value)
            elif as_given:
                self.ignored.append((name, as_given))
        return [value for value in known if value in chosen]

    def filters(self):
        """The filters to apply; any value that did not clean is left out and noted."""
        self.is_valid()
        for name in self.errors:
            self.ignored.append((name, self.data[name]))
        cleaned = {name: value for name, value in self.cleaned_data.items() if value}
        place = self._place(cleaned)
        return OpeningFilters(
            q=cleaned.get("q", ""),
            seniority=tuple(cleaned.get("seniority", ())),
            location=cleaned.get("location"),
            remote=cleaned.get("remote", False),
            technology=cleaned.get("technology"),
            company=cleaned.get("company"),
            employment_type=tuple(cleaned.get("employment_type", ())),
            posted=cleaned.get("posted"),
            salary_min=cleaned.get("salary_min"),
            currency=cleaned.get("currency", ""),
            sort=cleaned.get("sort") or NEWEST,
            page=1 if place else cleaned.get("page", 1),
            **place,
        )

    def _place(self, cleaned):
        """A cursor reads a newest-first list, from its first page on: with a page number or
        another order it is left out (and said so)."""
        place = {name: cleaned[name] for name in ("after", "before") if name in cleaned}
        if len(place) == 2 or (place and (cleaned.get("sort", NEWEST) != NEWEST)):
            for name in place:
                self.ignored.append((name, self.data[name]))
            return {}
        if place and cleaned.get("page", 1) != 1:
            self.ignored.append(("page", self.data["page"]))
        return place

    def ignored_values(self):
        """What the page tells readers it could not use, shortened for display, and what
        would work instead."""
        shown = []
        for name, value in self.ignored:
            text = tidy_search_text(str(value))
            if len(text) > SHOWN_VALUE_LENGTH:
                text = text[: SHOWN_VALUE_LENGTH - 1] + "…"
            shown.append((name, text, HINTS.get(name, "")))
        return shown
