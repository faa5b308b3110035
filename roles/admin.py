"""
The guide admin: a whole guide on one page, ordered parts, publish/draft, history.

Every content model is registered with django-reversion here, so an editor can read who
changed what and when, and bring back an earlier version of a guide with all its parts.
"""

import math

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from careerguide.admin_helpers import HistoryAdmin, PlainTextFields, TextareaField, on_changelist
from jobs.statistics import open_postings_count, with_open_counts

from . import health
from .models import (
    FAQ,
    CareerStage,
    Credential,
    OtherTitle,
    RelatedRole,
    Responsibility,
    Role,
    SearchDocument,
    Skill,
    Source,
    Specialization,
)
from .services import POSITION_MAX, park_positions, set_guide_status

# In the order readers meet them on the guide page.
GUIDE_PARTS = [
    Responsibility,
    Skill,
    Credential,
    CareerStage,
    Specialization,
    OtherTitle,
    FAQ,
    RelatedRole,
    Source,
]

reversion.register(
    Role,
    follow=[part._meta.default_related_name for part in GUIDE_PARTS],
)
for part in GUIDE_PARTS:
    reversion.register(part)

admin.site.site_header = "Career Guide admin"
admin.site.site_title = "Career Guide admin"
admin.site.index_title = "Guides and postings"
# Five models fit the breadcrumbs and the index; lists and guides need the width more.
admin.site.enable_nav_sidebar = False

MARKDOWN_HELP = (
    "Markdown: **bold**, *italic*, [link text](https://example.com), a line starting with "
    "“- ” for a list, a blank line between paragraphs. HTML tags are removed."
)


def with_markdown_help(db_field, formfield):
    """Spell out the Markdown a text field accepts instead of the model's bare "Markdown."."""
    if isinstance(db_field, models.TextField) and isinstance(formfield, TextareaField):
        intro = db_field.help_text.removesuffix("Markdown.").strip()
        formfield.help_text = f"{intro} {MARKDOWN_HELP}".strip()
    return formfield


class GuideItemForm(forms.ModelForm):
    """A part of a guide; `order` says where it goes, the formset turns it into a position."""

    order = forms.IntegerField(
        label="Position",
        required=False,
        min_value=0,
        max_value=POSITION_MAX,
        help_text="Lower comes first. Type a place to move an item there; empty: at the end.",
        widget=forms.NumberInput(attrs={"class": "vIntegerField"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_position = self.instance.position if self.instance.pk else None
        if self.saved_position is not None:
            self.initial["order"] = self.saved_position


class RelatedRoleForm(GuideItemForm):
    def clean(self):
        cleaned_data = super().clean()
        role, related = cleaned_data.get("role"), cleaned_data.get("related")
        if role is not None and role.pk is not None and related == role:
            self.add_error("related", "A guide cannot point to itself.")
        return cleaned_data


class SkillForm(GuideItemForm):
    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("kind") == Skill.Kind.SOFT and cleaned_data.get("technologies"):
            self.add_error(
                "technologies",
                "Only technical skills link to technologies: the guide shows beside them how "
                "many open postings name one.",
            )
        return cleaned_data


class GuideItemFormSet(forms.BaseInlineFormSet):
    """Saves a guide's parts of one kind in the order of their Position fields.

    A moved item takes the place typed: moved up, it goes before the item already there;
    moved down, after it. Items left empty go to the end in the order shown.
    """

    def ordered_forms(self):
        deleted = set(self.deleted_forms)
        keyed = []
        for index, form in enumerate(self.forms):
            if form in deleted or (form.saved_position is None and not form.has_changed()):
                continue
            wanted = form.cleaned_data.get("order")
            if form.saved_position is None:
                key = (math.inf, 0) if wanted is None else (wanted, -1)
            elif wanted is None or wanted == form.saved_position:
                key = (form.saved_position, 0)
            else:
                key = (wanted, -1 if wanted < form.saved_position else 1)
            keyed.append((*key, index, form))
        return [entry[-1] for entry in sorted(keyed, key=lambda entry: entry[:3])]

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            ordered = self.ordered_forms()
            for form, position in zip(ordered, self.positions_for(ordered), strict=True):
                form.instance.position = position
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.saved_position is not None
                and (form in self.deleted_forms or form.saved_position != form.instance.position)
            ]
            if moving:
                park_positions(model=self.model, role_id=self.instance.pk, pks=moving)
            saved = super().save()
            for form in ordered:
                moved_only = form.saved_position not in (None, form.instance.position)
                if moved_only and not form.has_changed():
                    form.instance.save(update_fields=["position"])
                    self.changed_objects.append((form.instance, ["order"]))
            return saved

    def positions_for(self, ordered):
        """The positions items keep: their own values, handed out in the new order, and
        new values after the highest for added items. Unmoved items keep their number, so
        history stays quiet and fixtures keyed by (guide, position) still match."""
        kept = sorted(form.saved_position for form in ordered if form.saved_position is not None)
        saved = [form.saved_position for form in self.initial_forms]
        top = max((position for position in saved if position is not None), default=0)
        added = len(ordered) - len(kept)
        return [*kept, *range(top + 1, top + 1 + added)]


class OtherTitleFormSet(GuideItemFormSet):
    """Other titles are unique per guide whatever their case: two rows of one submission
    are compared here (the database constraint sees them only one at a time)."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if form in self.deleted_forms or not getattr(form, "cleaned_data", None):
                continue
            title = (form.cleaned_data.get("title") or "").strip().casefold()
            if title in seen:
                form.add_error("title", "The guide lists this title already.")
            seen.add(title)


class GuideItemInline(PlainTextFields, admin.TabularInline):
    """One kind of a guide's parts, a row each, in the order readers see them."""

    form = GuideItemForm
    formset = GuideItemFormSet
    exclude = ["position"]
    ordering = ["position"]
    formfield_overrides = {
        models.TextField: {
            "form_class": TextareaField,
            "widget": forms.Textarea(attrs={"rows": 4, "cols": 44}),
        },
    }

    def get_extra(self, request, obj=None, **kwargs):
        # A new guide shows one empty row of each kind; an existing one adds rows on demand.
        return 0 if obj else 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return with_markdown_help(db_field, formfield)


class ResponsibilityInline(GuideItemInline):
    model = Responsibility
    fields = ["order", "title", "text"]


class SkillInline(GuideItemInline):
    model = Skill
    form = SkillForm
    fields = ["order", "kind", "name", "text", "technologies"]
    autocomplete_fields = ["technologies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("technologies")


class CredentialInline(GuideItemInline):
    model = Credential
    fields = ["order", "name", "issuer", "status", "note", "url"]
    formfield_overrides = {
        **GuideItemInline.formfield_overrides,
        # A plain box: the admin's "Currently: … Change:" pair would not fit in a row.
        models.URLField: {"widget": forms.URLInput(attrs={"class": "vURLField"})},
    }


class CareerStageInline(GuideItemInline):
    model = CareerStage
    fields = ["order", "level", "title", "text"]
    max_num = len(CareerStage.Level)


class SpecializationInline(GuideItemInline):
    model = Specialization
    fields = ["order", "name", "text"]


class OtherTitleInline(GuideItemInline):
    model = OtherTitle
    formset = OtherTitleFormSet
    fields = ["order", "title"]


class FAQInline(GuideItemInline):
    model = FAQ
    fields = ["order", "question", "answer"]


class RelatedRoleInline(GuideItemInline):
    model = RelatedRole
    form = RelatedRoleForm
    fk_name = "role"
    fields = ["order", "related", "note"]
    autocomplete_fields = ["related"]

    def get_queryset(self, request):
        # Each row's title names both guides.
        return super().get_queryset(request).select_related("role", "related")


class SourceInline(GuideItemInline):
    model = Source
    fields = ["order", "title", "publisher", "url"]
    formfield_overrides = CredentialInline.formfield_overrides


class LastUpdateFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "last update"


class OpenPostingsFilter(admin.SimpleListFilter):
    title = "open postings"
    parameter_name = "openings"

    def lookups(self, request, model_admin):
        return [("yes", "Some"), ("no", "None")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_count__gt=0)
        if self.value() == "no":
            return queryset.filter(open_count=0)
        return queryset


@admin.register(Role)
class RoleAdmin(PlainTextFields, HistoryAdmin):
    list_display = ["title", "status", "open_postings", "last_update", "page_link"]
    list_filter = ["status", "family", OpenPostingsFilter, ("updated_at", LastUpdateFilter)]
    search_fields = ["title", "slug", "summary"]
    ordering = ["title"]
    actions = ["publish", "move_to_draft"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["open_postings", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "article",
                    "slug",
                    "family",
                    "summary",
                    "occupation_code",
                    "status",
                ]
            },
        ),
        (
            "Guide text",
            {
                "fields": [
                    "overview",
                    "how_to_become",
                    "career_path_intro",
                    "work_environment",
                    "salary_note",
                ]
            },
        ),
        ("Numbers", {"fields": ["open_postings", "created_at", "updated_at"]}),
    ]
    # In the order of the guide page.
    inlines = [
        ResponsibilityInline,
        SkillInline,
        CredentialInline,
        CareerStageInline,
        SpecializationInline,
        OtherTitleInline,
        FAQInline,
        RelatedRoleInline,
        SourceInline,
    ]
    change_list_template = "admin/roles/role/change_list.html"
    history_latest_first = True
    formfield_overrides = {models.TextField: {"form_class": TextareaField}}

    class Media:
        css = {"all": ["roles/admin/guide.css"]}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return with_open_counts(queryset) if on_changelist(request, self) else queryset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return with_markdown_help(
            db_field, super().formfield_for_dbfield(db_field, request, **kwargs)
        )

    @admin.display(description="Open postings", ordering="open_count")
    def open_postings(self, role):
        if role.pk is None:
            return self.get_empty_value_display()
        count = getattr(role, "open_count", None)
        if count is None:
            count = open_postings_count(role)
        return format_html(
            '<a href="{}?role__id__exact={}&amp;open=yes" aria-label="{} open postings of {}">'
            "{}</a>",
            reverse("admin:jobs_jobposting_changelist"),
            role.pk,
            count,
            role.title,
            intcomma(count),
        )

    @admin.display(description="Last update", ordering="updated_at")
    def last_update(self, role):
        return role.updated_at

    @admin.display(description="Page")
    def page_link(self, role):
        label = "View" if role.is_published else "Preview"
        return format_html(
            '<a href="{}" aria-label="{} {} on the site">{}</a>',
            role.get_absolute_url(),
            label,
            role.title,
            label,
        )

    # Publishing --------------------------------------------------------------------------

    @admin.action(description="Publish selected guides", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Role.Status.PUBLISHED)

    @admin.action(description="Move selected guides to draft", permissions=["change"])
    def move_to_draft(self, request, queryset):
        self._set_status(request, queryset, Role.Status.DRAFT)

    def _set_status(self, request, queryset, status):
        label = "published" if status == Role.Status.PUBLISHED else "moved to draft"
        changing = set_guide_status(roles=queryset, status=status)
        if not changing:
            self.message_user(request, f"Every selected guide was already {label}.")
            return
        for role in changing:
            self.log_change(request, role, [{"changed": {"fields": ["Status"]}}])
        reversion.set_comment(f"{capfirst(label)} from the guide list.")
        titles = ", ".join(f"“{role.title}”" for role in changing)
        self.message_user(request, f"{capfirst(label)}: {titles}.", messages.SUCCESS)
        if status == Role.Status.PUBLISHED:
            gaps = health.incomplete_guides(
                health.roles_with_parts(Role.objects.filter(pk__in=[r.pk for r in changing]))
            )
            for gap in gaps:
                self.message_user(
                    request,
                    f"“{gap.role.title}” is live but has no: {', '.join(gap.missing)}.",
                    messages.WARNING,
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Search reads a document derived from the whole guide, parts and links included.
        SearchDocument.objects.rebuild(Role.objects.filter(pk=form.instance.pk))

    # Preview -----------------------------------------------------------------------------

    def render_change_form(self, request, context, *args, **kwargs):
        context.setdefault("show_save_and_preview", True)
        return super().render_change_form(request, context, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return self._preview(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return self._preview(request, obj)
        return super().response_change(request, obj)

    def _preview(self, request, role):
        self.message_user(request, f"Saved “{role.title}”.", messages.SUCCESS)
        return HttpResponseRedirect(role.get_absolute_url())

    # History -----------------------------------------------------------------------------

    def _reversion_revisionform_view(self, request, version, *args, **kwargs):
        # Reverting writes each part back at its old position; parts that swapped places
        # since would clash on the unique position, so every part is parked first (inside
        # reversion's own transaction, undone with it).
        revision = version.revision
        revert = revision.revert

        def revert_after_parking(delete=False):
            for model in GUIDE_PARTS:
                park_positions(model=model, role_id=version.object_id)
            revert(delete=delete)
            SearchDocument.objects.rebuild(Role.objects.filter(pk=version.object_id))

        revision.revert = revert_after_parking
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    # Data health -------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "data-health/",
                self.admin_site.admin_view(self.data_health_view),
                name="roles_role_data_health",
            ),
            *super().get_urls(),
        ]

    def data_health_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = health.data_health()
        context = {
            **self.admin_site.each_context(request),
            "title": "Data health",
            "opts": self.model._meta,
            "report": report,
            "posting_list_url": reverse("admin:jobs_jobposting_changelist"),
            "spellings": [
                (kind, reverse(f"admin:jobs_{model._meta.model_name}_changelist"), groups)
                for kind, model in health.SPELLING_MODELS.items()
                if (groups := report.duplicate_spellings[kind])
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/data_health.html", context)
