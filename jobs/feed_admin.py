"""
The admin of what feeds bring: the "Needs a role" list (the review queue) with a bulk
"Give them a role" that can also make a title rule, the title rules, the feeds and each
feed's history of runs. `jobs/admin.py` imports this module so that it registers.

Every write goes through `jobs/services.py`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from careerguide.admin_helpers import HistoryAdmin, PlainTextFields
from roles.models import Role

from .classify.levels import LEVEL_WORDS, NUMERALS
from .classify.words import phrase_words, segments
from .models import Feed, FeedRun, JobPosting, PostingNeedingRole, TitleRule
from .services import apply_title_rule, assign_role, set_posting_status

RECENT_RUNS = 10


def _when(moment):
    if moment is None:
        return "—"
    return date_format(timezone.localtime(moment), "M j, Y, H:i")


def _plural(count, word):
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# The review queue ----------------------------------------------------------------------------


class AssignRoleForm(forms.Form):
    role = forms.ModelChoiceField(
        queryset=Role.objects.order_by("title"),
        label="Role",
        error_messages={"required": "Choose the role these postings count toward."},
    )
    make_rule = forms.BooleanField(
        required=False,
        label="Also make a title rule, so that postings with these words in their title get "
        "this role from now on (the queue's other matching postings too)",
    )
    phrase = forms.CharField(required=False, max_length=120, label="Titles containing")

    def clean(self):
        data = super().clean()
        if data.get("make_rule"):
            phrase = " ".join((data.get("phrase") or "").split())
            if not phrase_words(phrase):
                self.add_error("phrase", "Give the words the titles contain.")
            elif TitleRule.objects.filter(phrase__iexact=phrase).exists():
                self.add_error("phrase", "A title rule for these words exists already.")
            data["phrase"] = phrase
        return data


def suggested_phrase(titles):
    """The first segment of the first title without the level words before it and the
    numerals after it: "Senior MTS II, Inference" suggests "mts"; the editor may widen or
    narrow it."""
    for title in titles:
        parts = segments(title)
        words = list(parts[0]) if parts else []
        while words and words[0] in LEVEL_WORDS:
            words.pop(0)
        while words and words[-1] in NUMERALS:
            words.pop()
        if words:
            return " ".join(words)
    return ""


@admin.register(PostingNeedingRole)
class PostingNeedingRoleAdmin(admin.ModelAdmin):
    """Open postings no rule gave a role: stored, but neither counted nor listed."""

    list_display = ["posting", "company", "source", "posted", "why"]
    list_display_links = None
    list_filter = ["source"]
    list_select_related = ["company"]
    search_fields = ["title", "company__name", "external_id"]
    search_help_text = "Title, company or external id."
    ordering = ["-posted_at", "-id"]
    show_full_result_count = False
    actions = ["assign_role", "close_not_ours"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=JobPosting.Status.OPEN)

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One posting is edited on its own page, where its role can be chosen too.
        return redirect("admin:jobs_jobposting_change", object_id)

    @admin.display(description="Posting", ordering="title")
    def posting(self, posting):
        url = reverse("admin:jobs_jobposting_change", args=[posting.pk])
        return format_html('<a href="{}">{}</a>', url, posting.title)

    @admin.display(description="Posted", ordering="posted_at")
    def posted(self, posting):
        return date_format(timezone.localtime(posting.posted_at), "M j, Y")

    @admin.display(description="Why it has no role")
    def why(self, posting):
        return ((posting.classification or {}).get("role") or {}).get("how", "—")

    @admin.action(description="Give the selected postings a role…", permissions=["change"])
    def assign_role(self, request, queryset):
        postings = list(queryset.order_by("-posted_at")[:200].values_list("title", flat=True))
        count = queryset.count()
        data = request.POST if "assign" in request.POST else None
        form = AssignRoleForm(data, initial={"phrase": suggested_phrase(postings)})
        if form.is_valid():
            result = assign_role(
                postings=queryset,
                role=form.cleaned_data["role"],
                actor_id=request.user.pk,
                actor_name=request.user.get_username(),
                rule_phrase=form.cleaned_data["phrase"] if form.cleaned_data["make_rule"] else "",
            )
            role = form.cleaned_data["role"]
            text = f"{_plural(result.assigned, 'posting')} now count toward {role.title}."
            if result.rule:
                text += (
                    f" The title rule “{result.rule.phrase}” gives it to titles with these "
                    f"words from now on, and gave it to {_plural(result.by_rule, 'more posting')} "
                    "of the queue."
                )
            self.message_user(request, text, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Give postings a role",
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "titles": postings[:20],
            "count": count,
            "selected": queryset.values_list("pk", flat=True),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/jobs/assign_role.html", context)

    @admin.action(description="Close them: not a role we cover", permissions=["change"])
    def close_not_ours(self, request, queryset):
        result = set_posting_status(
            postings=JobPosting.objects.filter(pk__in=queryset.values("pk")),
            status=JobPosting.Status.CLOSED,
            actor_id=request.user.pk,
            comment="Closed from “Needs a role”: not a role the site covers.",
        )
        self.message_user(
            request,
            f"Closed {_plural(result.changed, 'posting')}; feeds will not reopen them.",
            messages.SUCCESS,
        )


@admin.register(TitleRule)
class TitleRuleAdmin(PlainTextFields, HistoryAdmin):
    list_display = ["phrase", "role", "created_by", "created"]
    list_filter = ["role"]
    list_select_related = ["role", "created_by"]
    search_fields = ["phrase"]
    fields = ["phrase", "role", "note", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    actions = ["apply_to_queue"]
    history_latest_first = True

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Made", ordering="created_at")
    def created(self, rule):
        return _when(rule.created_at)

    @admin.action(description="Apply to the postings that need a role", permissions=["change"])
    def apply_to_queue(self, request, queryset):
        from careerguide.cache import invalidate_after_write

        given = sum(len(apply_title_rule(rule=rule)) for rule in queryset.select_related("role"))
        invalidate_after_write()
        self.message_user(request, f"Gave a role to {_plural(given, 'posting')}.", messages.SUCCESS)


# Feeds --------------------------------------------------------------------------------------


@admin.register(Feed)
class FeedAdmin(PlainTextFields, HistoryAdmin):
    list_display = ["name", "format", "source", "enabled", "every", "last_run", "last_result"]
    list_filter = ["enabled", "format"]
    search_fields = ["name", "source", "location"]
    readonly_fields = ["last_run_at", "last_result", "running_since", "recent_runs"]
    fieldsets = [
        (None, {"fields": ["name", "location", "format", "source", "company"]}),
        ("Schedule", {"fields": ["enabled", "every_minutes"]}),
        ("Runs", {"fields": ["last_run_at", "last_result", "running_since", "recent_runs"]}),
    ]
    history_latest_first = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "location":
            kwargs["widget"] = forms.TextInput(attrs={"class": "vTextField", "size": 90})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Every", ordering="every_minutes")
    def every(self, feed):
        minutes = feed.every_minutes
        return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"

    @admin.display(description="Last run", ordering="last_run_at")
    def last_run(self, feed):
        return _when(feed.last_run_at)

    @admin.display(description=f"The last {RECENT_RUNS} runs")
    def recent_runs(self, feed):
        if feed.pk is None:
            return "—"
        runs = feed.runs.all()[:RECENT_RUNS]
        if not runs:
            return "No run yet: sync_feeds runs it when it is due."
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td class="numeric">{}</td>'
            '<td class="numeric">{}</td><td class="numeric">{}</td><td class="numeric">{}</td>'
            '<td class="numeric">{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:jobs_feedrun_change", args=[run.pk]),
                    _when(run.started_at),
                    run.get_result_display().split(":")[0],
                    run.created,
                    run.updated - run.unchanged,
                    run.closed,
                    run.needs_role,
                    run.rejected,
                    run.message,
                )
                for run in runs
            ),
        )
        url = reverse("admin:jobs_feedrun_changelist") + f"?feed__id__exact={feed.pk}"
        return format_html(
            '<table class="feed-runs"><thead><tr><th scope="col">Started</th>'
            '<th scope="col">Result</th><th scope="col">Created</th><th scope="col">Changed</th>'
            '<th scope="col">Closed</th><th scope="col">Need a role</th>'
            '<th scope="col">Rejected</th><th scope="col">Summary</th></tr></thead>'
            '<tbody>{}</tbody></table><p><a href="{}">Every run of this feed</a></p>',
            rows,
            url,
        )


@admin.register(FeedRun)
class FeedRunAdmin(admin.ModelAdmin):
    """Runs are history: nobody adds or edits one (editors may look)."""

    editor_permissions = ("view",)
    list_display = [
        "started", "feed", "outcome", "took", "jobs", "created", "changed", "unchanged",
        "closed", "unlisted", "needs_role", "folded", "rejected",
    ]  # fmt: skip
    list_filter = ["result", "feed"]
    list_select_related = ["feed"]
    date_hierarchy = "started_at"
    fields = [
        "feed", "started_at", "finished_at", "result", "message", "jobs", "created", "updated",
        "unchanged", "closed", "unlisted", "needs_role", "folded", "rejected", "problems",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Started", ordering="started_at")
    def started(self, run):
        return _when(run.started_at)

    @admin.display(description="Took")
    def took(self, run):
        return "—" if run.seconds is None else f"{run.seconds:.1f} s"

    @admin.display(description="Result", ordering="result")
    def outcome(self, run):
        return run.get_result_display().split(":")[0]

    @admin.display(description="Changed")
    def changed(self, run):
        return run.updated - run.unchanged
