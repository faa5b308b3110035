"""
The openings filters, cleaned from a query string typed (or pasted, or forged) by anyone.

Nothing a query string holds makes the list fail: values the form cannot use are left
out and listed in `ignored`, so the page can say so, and the rest still apply.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re

from .filters import OpeningFilters
from .models import JobPosting, Location, Technology

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


class OpeningsFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH)
    seniority = forms.MultipleChoiceField(required=False, choices=JobPosting.Seniority.choices)
    location = SlugChoiceField(Location.objects.all())
    remote = YesNoField()
    technology = SlugChoiceField(Technology.objects.all())
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data, **kwargs):
        self.ignored = []
        super().__init__(self._tidy(data), **kwargs)

    def _tidy(self, data):
        """The query string as plain values: search text made printable, unknown levels out."""
        known_levels = set(JobPosting.Seniority.values)
        levels = []
        for level in data.getlist("seniority"):
            if level in known_levels:
                if level not in levels:
                    levels.append(level)
            elif level:
                self.ignored.append(("seniority", level))
        tidy = {name: data.get(name, "") for name in ("location", "remote", "technology", "page")}
        tidy["q"] = tidy_search_text(data.get("q", ""))
        # Ladder order, so that one set of levels has one address however it was typed.
        tidy["seniority"] = [level for level in JobPosting.Seniority.values if level in levels]
        return tidy

    def filters(self):
        """The filters to apply; any value that did not clean is left out and noted."""
        self.is_valid()
        for name in self.errors:
            self.ignored.append((name, self.data[name]))
        cleaned = {name: value for name, value in self.cleaned_data.items() if value}
        return OpeningFilters(
            q=cleaned.get("q", ""),
            seniority=tuple(cleaned.get("seniority", ())),
            location=cleaned.get("location"),
            remote=cleaned.get("remote", False),
            technology=cleaned.get("technology"),
            page=cleaned.get("page", 1),
        )

    def ignored_values(self):
        """What the page tells readers it could not use, shortened for display."""
        shown = []
        for name, value in self.ignored:
            text = tidy_search_text(str(value))
            if len(text) > SHOWN_VALUE_LENGTH:
                text = text[: SHOWN_VALUE_LENGTH - 1] + "…"
            shown.append((name, text))
        return shown
