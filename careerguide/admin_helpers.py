"""Admin pieces every app's admin uses, here so that no app imports another's admin."""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

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


class HistoryAdmin(VersionAdmin):
    """django-reversion's History, kept to the admin's own model and to versions that can
    still be shown: a version id of another model (or of a record that exists, on the
    recover page) is a 404, and a version naming records merged away or deleted since
    says so instead of failing."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._own_version(version_id, object_id=unquote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = self._own_version(version_id)
        if self.model._base_manager.filter(pk=version.object_id).exists():
            raise Http404("That record exists: its History can bring back a version.")
        return super().recover_view(request, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, *args, **kwargs):
        missing = missing_references(version.revision)
        if not missing:
            return super()._reversion_revisionform_view(request, version, *args, **kwargs)
        names = ", ".join(f"{model._meta.verbose_name} {pk}" for model, pk in missing[:5])
        self.message_user(
            request,
            f"This version names records that no longer exist ({names}: merged into "
            "another record or deleted since), so it cannot be shown or brought back.",
            messages.WARNING,
        )
        opts = self.opts
        if self.model._base_manager.filter(pk=version.object_id).exists():
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[version.object_id]
            )
        else:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist")
        return HttpResponseRedirect(url)

    def _own_version(self, version_id, **filters):
        content_type = ContentType.objects.get_for_model(self.model)
        version = Version.objects.filter(
            pk=version_id, content_type=content_type, **filters
        ).first()
        if version is None:
            raise Http404("No such version of this record.")
        return version


def missing_references(revision):
    """[(model, pk)] of the records the versions of `revision` point to (foreign keys and
    many-to-many) that exist neither in the database nor in the revision itself."""
    in_revision, wanted = set(), defaultdict(set)
    versions = list(revision.version_set.all())
    for version in versions:
        in_revision.add((version._model, str(version.object_id)))
    for version in versions:
        model = version._model
        if model is None:
            continue
        try:
            fields = version.field_dict
        except RevertError:
            return [(Version, version.pk)]
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if not field.is_relation or field.related_model is None:
                continue
            value = fields.get(field.attname)
            for pk in value if field.many_to_many else [value]:
                if pk is not None and (field.related_model, str(pk)) not in in_revision:
                    wanted[field.related_model].add(str(pk))
    missing = []
    for model, pks in wanted.items():
        found = {
            str(pk) for pk in model._base_manager.filter(pk__in=pks).values_list("pk", flat=True)
        }
        missing += [(model, pk) for pk in sorted(pks - found)]
    return missing
