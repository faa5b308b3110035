"""
The postings admin: postings with bulk close/reopen, and the records postings group by
(companies, locations, technologies) with a merge action for duplicate spellings.

Every write here goes through `jobs/services.py`.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from careerguide.admin_helpers import HistoryAdmin, PlainTextFields, TextareaField, on_changelist
from roles.models import Role, SearchDocument

from . import duplicates
from .classify import title_key
from .models import (
    MAX_LOCATIONS,
    MAX_TECHNOLOGIES,
    Company,
    JobPosting,
    Location,
    Technology,
    open_postings_condition,
)
from .services import merge_companies, merge_locations, merge_technologies, set_posting_status


class CountedFilter(admin.SimpleListFilter):
    """Which postings the public counts include: open and not past expiry."""

    title = "counted on the site"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Yes: open"),
            ("expired", "No: past expiry"),
            ("closed", "No: closed"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.open()
            case "expired":
                return queryset.past_expiry()
            case "closed":
                return queryset.filter(status=JobPosting.Status.CLOSED)
        return queryset


class FoldedFilter(admin.SimpleListFilter):
    """Postings counted once with another feed's posting of the same job."""

    title = "duplicates across feeds"
    parameter_name = "folded"

    def lookups(self, request, model_admin):
        return [("into", "Folded into another posting"), ("standing", "Standing for others")]

    def queryset(self, request, queryset):
        match self.value():
            case "into":
                return queryset.filter(duplicate_of__isnull=False)
            case "standing":
                return queryset.filter(duplicates__isnull=False).distinct()
        return queryset


class JobPostingForm(forms.ModelForm):
    """The posting form, with the limits a feed's rows have too (the admin adds the fields)."""

    def clean_locations(self):
        return _at_most(self.cleaned_data["locations"], MAX_LOCATIONS, "places")

    def clean_technologies(self):
        return _at_most(self.cleaned_data["technologies"], MAX_TECHNOLOGIES, "technologies")


def _at_most(records, limit, what):
    if len(records) > limit:
        raise forms.ValidationError(f"A posting names at most {limit} {what}.")
    return records


CLASSIFIED = [
    ("role", "Role"),
    ("seniority", "Seniority"),
    ("technologies", "Technologies"),
    ("pay", "Pay"),
    ("workplace", "Workplace"),
]


def _decided(name, value):
    if value in (None, "", []):
        return "none"
    if name == "technologies":
        return ", ".join(value)
    if name == "pay":
        low, high = value.get("low"), value.get("high")
        amounts = "\u2013".join(f"{amount:,}" for amount in (low, high) if amount is not None)
        return f"{value.get('currency')} {amounts} per {str(value.get('period')).lower()}"
    return str(value)


def postings_text(count):
    return f"{intcomma(count)} posting{'' if count == 1 else 's'}"


@admin.register(JobPosting)
class JobPostingAdmin(PlainTextFields, HistoryAdmin):
    form = JobPostingForm
    list_display = ["title", "role", "company", "seniority", "state", "posted", "expires"]
    list_filter = [
        CountedFilter, "status", "role", "seniority", "workplace", FoldedFilter, "source",
        "expires_at",
    ]  # fmt: skip
    list_select_related = ["role", "company"]
    search_fields = ["title", "company__name", "external_id"]
    search_help_text = "Title, company or external id."
    date_hierarchy = "posted_at"
    # One COUNT over every posting is enough: "N of M" would add a second on each filter.
    show_full_result_count = False
    autocomplete_fields = ["company", "locations", "technologies"]
    actions = ["close_postings", "reopen_postings"]
    fieldsets = [
        (None, {"fields": ["title", "role", "company", "status", "external_id", "source"]}),
        (
            "What and where",
            {
                "fields": [
                    "seniority",
                    ("employment_type", "workplace"),
                    "locations",
                    "technologies",
                    "description",
                ]
            },
        ),
        (
            "Salary",
            {"fields": [("salary_min", "salary_max"), ("salary_currency", "salary_period")]},
        ),
        ("Dates and link", {"fields": ["posted_at", "expires_at", "apply_url"]}),
        ("How the importer classified it", {"fields": ["how_classified", "folded_together"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]
    history_latest_first = True
    formfield_overrides = {models.TextField: {"form_class": TextareaField}}

    def get_readonly_fields(self, request, obj=None):
        # The source and external id tie a posting to its feed: changing them would make
        # the next import create the posting again.
        if obj is None:
            return ["created_at", "updated_at"]
        return [
            "external_id", "source", "created_at", "updated_at", "how_classified",
            "folded_together",
        ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        # An editor's close stands against every import; reopening hands it back to feeds.
        if not change or "status" in form.changed_data:
            obj.closed_by_editor = obj.status == JobPosting.Status.CLOSED
        # So does an editor's choice of role (a feed's rules decide only until then).
        if change and "role" in form.changed_data:
            obj.role_by_editor = True
            record = dict(obj.classification or {})
            record["role"] = {
                "value": obj.role.slug,
                "how": f"chosen by {request.user.get_username()} in the admin",
            }
            obj.classification = record
        obj.title_key = title_key(obj.title)
        self._same_job_before = duplicates.keys_of([obj.pk]) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Its places are saved now: fold it with (or out of) other feeds' postings.
        posting = form.instance
        duplicates.fold(self._same_job_before | duplicates.keys_of([posting.pk]))

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                entry
                for entry in self.fieldsets
                if entry[0] not in ("Record", "How the importer classified it")
            ]
        return self.fieldsets

    @admin.display(description="Decisions")
    def how_classified(self, posting):
        record = posting.classification
        if not record:
            return "Nothing to decide: the file named its role, level and technologies."
        rows = []
        for name, label in CLASSIFIED:
            decision = record.get(name) or {}
            rows.append((label, _decided(name, decision.get("value")), decision.get("how", "")))
        notes = record.get("notes") or []
        return format_html(
            '<table class="classification"><thead><tr><th scope="col">What</th>'
            '<th scope="col">Decided</th><th scope="col">How</th></tr></thead>'
            "<tbody>{}</tbody></table>{}",
            format_html_join("", '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>', rows),
            format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((n,) for n in notes)))
            if notes
            else "",
        )

    @admin.display(description="Folded together")
    def folded_together(self, posting):
        together = list(duplicates.postings_folded_with(posting))
        if len(together) < 2:
            return "No other feed publishes this job (same company, title, place and week)."
        return format_html(
            "<p>Counted once, as the first:</p><ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}, source “{}”, posted {}){}</li>',
                (
                    (
                        reverse("admin:jobs_jobposting_change", args=[other.pk]),
                        other.title,
                        other.company,
                        other.source or "made here",
                        date_format(timezone.localtime(other.posted_at), "M j, Y"),
                        " — this posting" if other.pk == posting.pk else "",
                    )
                    for other in together
                ),
            ),
        )

    @admin.display(description="Status", ordering="status")
    def state(self, posting):
        # Past expiry, an open posting is no longer counted: say so where editors look.
        if posting.is_past_expiry:
            return "Open, past expiry"
        return posting.get_status_display()

    @admin.display(description="Posted", ordering="posted_at")
    def posted(self, posting):
        return date_format(timezone.localtime(posting.posted_at), "M j, Y")

    @admin.display(description="Expires", ordering="expires_at")
    def expires(self, posting):
        if posting.expires_at is None:
            return self.get_empty_value_display()
        return date_format(timezone.localtime(posting.expires_at), "M j, Y")

    @admin.action(description="Close selected postings", permissions=["change"])
    def close_postings(self, request, queryset):
        self._set_status(request, queryset, JobPosting.Status.CLOSED)

    @admin.action(description="Reopen selected postings", permissions=["change"])
    def reopen_postings(self, request, queryset):
        self._set_status(request, queryset, JobPosting.Status.OPEN)

    def _set_status(self, request, queryset, status):
        verb = "Closed" if status == JobPosting.Status.CLOSED else "Reopened"
        result = set_posting_status(
            postings=queryset,
            status=status,
            actor_id=request.user.pk,
            comment=f"{verb} from the posting list.",
        )
        if not result.changed:
            self.message_user(
                request, f"Every selected posting was already {status.label.lower()}."
            )
            return
        self.message_user(request, f"{verb} {postings_text(result.changed)}.", messages.SUCCESS)
        if result.past_expiry:
            stay = "stays" if result.past_expiry == 1 else "stay"
            self.message_user(
                request,
                f"{postings_text(result.past_expiry)} past expiry {stay} out of the counts "
                "until the expiry date is moved.",
                messages.WARNING,
            )


# Records postings group by ------------------------------------------------------------------


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep",
        error_messages={"required": "Choose the record to keep."},
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        model = type(records[0])
        self.fields["keep"].queryset = model.objects.filter(pk__in=[r.pk for r in records])
        # The record most postings already use is the likeliest right spelling.
        self.fields["keep"].initial = records[0].pk


class GroupingAdmin(PlainTextFields, HistoryAdmin):
    """Companies, locations and technologies: how many postings use each, and merging."""

    merge_service = None
    actions = ["merge_selected"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    history_latest_first = True

    # The table with one row per posting using a record, and its column naming the record.
    posting_link = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not on_changelist(request, self):
            return queryset
        # A correlated count per listed record reads the link table's index only; open
        # counts would visit every posting, so only the merge page (a few records) has them.
        model, field = self.posting_link
        links = (
            model.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("*"))
            .values("n")
        )
        return queryset.annotate(posting_count=Coalesce(Subquery(links), 0))

    @admin.display(description="Postings", ordering="posting_count")
    def posting_total(self, record):
        return intcomma(record.posting_count)

    @admin.action(
        description="Merge selected %(verbose_name_plural)s into one",
        permissions=["change", "delete"],
    )
    def merge_selected(self, request, queryset):
        # Plain aggregates over one join. The list's correlated posting_count is left out:
        # beside Count() it ran once per joined link row (minutes for a big location).
        selected = list(queryset.order_by().values_list("pk", flat=True))
        records = list(
            self.model.objects.filter(pk__in=selected)
            .annotate(
                posting_count=Count("postings"),
                open_count=Count("postings", filter=open_postings_condition("postings__")),
            )
            .order_by("-posting_count", "name", "pk")
        )
        opts = self.opts
        if len(records) < 2:
            self.message_user(
                request,
                f"Select two or more {opts.verbose_name_plural} to merge into one.",
                messages.WARNING,
            )
            return None
        form = MergeForm(request.POST if "merge" in request.POST else None, records=records)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            others = [record for record in records if record.pk != keep.pk]
            with transaction.atomic():
                LogEntry.objects.log_actions(
                    user_id=request.user.pk,
                    queryset=others,
                    action_flag=DELETION,
                    change_message=f"Merged into “{keep}”.",
                )
                result = self.merge_service(keep=keep, others=others)
                summary = (
                    f"Merged {', '.join(f'“{name}”' for name in result.deleted)} into “{keep}”: "
                    f"{postings_text(result.postings_moved)} moved."
                )
                self.log_change(request, keep, summary)
                reversion.add_to_revision(keep)
                reversion.set_comment(summary)
            self.message_user(request, summary, messages.SUCCESS)
            return None

        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {opts.verbose_name_plural}",
            "subtitle": None,
            "opts": opts,
            "records": records,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "total_postings": sum(record.posting_count for record in records),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/jobs/merge_confirmation.html", context)


@admin.register(Company)
class CompanyAdmin(GroupingAdmin):
    merge_service = staticmethod(merge_companies)
    list_display = ["name", "website", "posting_total"]
    posting_link = (JobPosting, "company")


@admin.register(Location)
class LocationAdmin(GroupingAdmin):
    merge_service = staticmethod(merge_locations)
    list_display = ["name", "kind", "region", "country_code", "posting_total"]
    list_filter = ["kind", "country_code"]
    search_fields = ["name", "slug", "region"]
    posting_link = (JobPosting.locations.through, "location")


@admin.register(Technology)
class TechnologyAdmin(GroupingAdmin):
    merge_service = staticmethod(merge_technologies)
    list_display = ["name", "slug", "posting_total"]
    posting_link = (JobPosting.technologies.through, "technology")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            # Guide search reads the names of the technologies skills link to.
            SearchDocument.objects.rebuild(Role.objects.filter(skills__technologies=obj).distinct())


# The review queue, title rules and feeds register from their own module.
from . import feed_admin  # noqa: E402, F401
