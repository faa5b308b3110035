"""Admin pieces every app's admin uses, here so that no app imports another's admin."""

from django import forms


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
