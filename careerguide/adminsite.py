"""
The admin site: Django's, with an autocomplete endpoint that keeps to the fields a form can
offer it on. Django's own view took any relation named in its query string, and a reverse
one (`?app_label=roles&model_name=role&field_name=postings`) failed with a 500.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied


class ForwardRelationAutocompleteView(AutocompleteJsonView):
    """Autocomplete for foreign keys and many-to-many fields of the model named, the only
    fields whose widgets ask it; anything else is refused as Django refuses bad names."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if source_field.auto_created:  # a reverse relation (role.postings): no widget asks
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name


class AdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return ForwardRelationAutocompleteView.as_view(admin_site=self)(request)
