"""Admin pieces every app's admin uses, here so that no app imports another's admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import render

from .text import has_control_characters


def on_changelist(request, model_admin):
    """Whether the request is the model's list page (where list columns are computed)."""
    match = request.resolver_match
    opts = model_admin.opts
    return match is not None and match.url_name == f"{opts.app_label}_{opts.model_name}_changelist"


class TextareaField(forms.CharField):
    """Text from a textarea with the line endings we store: browsers send CRLF, so an
    unedited text would otherwise count as changed and be saved rewritten."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class PlainText:
    """Refuses control characters: in one-line text (titles, names) tabs and line breaks
    too, in multi-line text only the others."""

    def __init__(self, *, lines):
        self.lines = lines

    def __call__(self, value):
        if value and has_control_characters(value, lines=self.lines):
            raise ValidationError("Remove the control characters (invisible, not printable).")


class PlainTextFields:
    """A ModelAdmin or inline whose text fields refuse control characters, as the importer
    does: nobody types them, and one in a guide's title broke every feed."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.CharField):
            formfield.validators.append(PlainText(lines=isinstance(db_field, models.TextField)))
        return formfield


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in while its username is locked out: the admin's look,
    status 429, and when to try again."""
    from django.conf import settings
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "title": "Too many failed sign-ins",
        "minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "admin/locked_out.html", context, status=429)
