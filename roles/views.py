from itertools import groupby
from typing import NamedTuple

from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from careerguide import breadcrumbs
from careerguide.cache import POSTINGS
from careerguide.pagecache import shared_page
from jobs import insight as market
from jobs import kept, statistics
from jobs.forms import tidy_search_text
from jobs.models import JobPosting

from . import compare as comparing
from .models import Role, Skill
from .search import search_guides


class Family(NamedTuple):
    value: str
    label: str
    guides: list


def guides_by_family(guides):
    """The guides grouped by family, in the families' order, each family's by title."""
    order = {value: index for index, value in enumerate(Role.Family.values)}
    ordered = sorted(guides, key=lambda guide: (order.get(guide.family, len(order)), guide.title))
    return [
        Family(family, Role.Family(family).label if family in order else "Other roles", list(group))
        for family, group in groupby(ordered, key=lambda guide: guide.family)
    ]


@require_safe
@shared_page(valid_until=kept.next_expiry, query=["q"])
def home(request):
    if request.GET.get("q"):  # the search box of earlier versions of this page
        return redirect(f"{reverse('roles:catalog')}?{urlencode({'q': request.GET['q']})}")
    guides = list(statistics.with_open_counts(Role.objects.published()))
    through = JobPosting.objects.data_through()
    trends = statistics.technology_trends(through=through)
    context = {
        "families": guides_by_family(guides),
        "guide_count": len(guides),
        "open_count": sum(guide.open_count for guide in guides),
        "employer_count": statistics.employers_hiring(),
        "newest": statistics.newest_openings(),
        "rising": statistics.rising_technologies(trends),
        "trend_days": statistics.TREND_WINDOW_DAYS,
        "rising_minimum": statistics.RISING_MINIMUM,
        "trend_threshold": round(statistics.TREND_THRESHOLD * 100),
        "data_through": through,
    }
    return render(request, "roles/home.html", context)


@require_safe
@shared_page(valid_until=kept.next_expiry, query=["q"])
@vary_on_headers("HX-Request")
def catalog(request):
    query = tidy_search_text(request.GET.get("q", ""))
    if query:
        guides, families = list(search_guides(query)), None
    else:
        guides = list(statistics.with_open_counts(Role.objects.published()))
        families = guides_by_family(guides)
    context = {
        "guides": guides,
        "families": families,
        "query": query,
        "breadcrumbs": breadcrumbs.trail(("Career guides", reverse("roles:catalog"))),
    }
    template = "roles/catalog.html"
    if request.htmx and not request.htmx.history_restore_request:
        template = "roles/includes/guide_results.html#results"
    return render(request, template, context)


def _guide_page_scopes(request, slug):
    """The guide page's scopes in one query (`kept.guide_scopes` in one), kept on the request
    for its statistics."""
    rows = Role.objects.filter(slug=slug).values_list("pk", "related_roles__related_id")
    ids = list(dict.fromkeys(pk for row in rows for pk in row if pk is not None))
    request.cache_scopes = kept.insight_page_scopes(ids) if ids else [POSTINGS]
    return request.cache_scopes


@require_safe
@shared_page(valid_until=kept.next_expiry, query=(), scopes=_guide_page_scopes)
def guide(request, slug):
    role = get_object_or_404(
        _readable_roles(request).prefetch_related(
            "responsibilities",
            Prefetch("skills", queryset=Skill.objects.order_by("position")),
            "credentials",
            "career_stages",
            "specializations",
            "other_titles",
            "faqs",
            "sources",
        ),
        slug=slug,
    )
    insight = kept.market_insight(role)
    demand = {item.skill_id: item for item in insight.skills}
    skills = list(role.skills.all())
    for skill in skills:
        skill.demand = demand.get(skill.pk)
    crumbs = breadcrumbs.trail(
        ("Career guides", reverse("roles:catalog")), (role.title, role.get_absolute_url())
    )
    context = {
        "role": role,
        "breadcrumbs": crumbs,
        "technical_skills": [skill for skill in skills if skill.kind == Skill.Kind.TECHNICAL],
        "soft_skills": [skill for skill in skills if skill.kind == Skill.Kind.SOFT],
        "stats": kept.guide_statistics(role, scopes=getattr(request, "cache_scopes", None)),
        "insight": insight,
        "pay_minimum": market.SMALL_SAMPLE,
        "compare_choices": [
            (other_slug, title)
            for other_slug, title in _compare_choices(request)
            if other_slug != role.slug
        ],
    }
    context["structured_data"] = _guide_structured_data(request, role, context)
    return render(request, "roles/guide.html", context)


def _guide_structured_data(request, role, context):
    url = request.build_absolute_uri(role.get_absolute_url())
    occupation = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary,
        "url": url,
        "skills": [skill.name for skill in context["technical_skills"] + context["soft_skills"]],
        "responsibilities": [item.title for item in role.responsibilities.all()],
        "dateModified": role.updated_at.isoformat(),
    }
    other_titles = [item.title for item in role.other_titles.all()]
    if other_titles:
        occupation["alternateName"] = other_titles
    if role.occupation_code:
        occupation["occupationalCategory"] = role.occupation_code
    salary = context["insight"].estimated_salary() if "insight" in context else None
    if salary:
        occupation["estimatedSalary"] = salary
    return [occupation, breadcrumbs.structured_data(request, context["breadcrumbs"])]


def _statistics_scopes(request, slug):
    ids = list(Role.objects.filter(slug=slug).values_list("pk", flat=True))
    return kept.insight_page_scopes(ids) if ids else [POSTINGS]


def _readable_roles(request):
    """The guides this reader may read: the published ones, and drafts too for staff."""
    return Role.objects.all() if request.user.is_staff else Role.objects.published()


def _readable_role(request, slug):
    """The guide of `slug` this reader may read; else 404."""
    return get_object_or_404(_readable_roles(request), slug=slug)


@require_safe
@shared_page(valid_until=kept.next_expiry, query=(), scopes=_statistics_scopes)
def statistics_json(request, slug):
    """The guide's market figures as JSON (PRODUCT.md, "Market insight", gives the keys)."""
    insight = kept.market_insight(_readable_role(request, slug))
    return JsonResponse(insight.as_json(request), json_dumps_params={"indent": 1})


@require_safe
@shared_page(valid_until=kept.next_expiry, query=(), scopes=_statistics_scopes)
def statistics_csv(request, slug):
    """The same figures as CSV, one row per figure (`jobs.insight.CSV_COLUMNS`)."""
    insight = kept.market_insight(_readable_role(request, slug))
    response = HttpResponse(insight.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-statistics.csv"'
    return response


def _compare_page_scopes(request):
    """The scopes of the roles a comparison shows (one query); asked before the view runs,
    so also of a request the view will turn down (which is not kept)."""
    try:
        slugs = comparing.chosen_slugs(request.GET.getlist("roles"))
    except comparing.UnusableChoice:
        return [POSTINGS]
    ids = list(Role.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    return kept.insight_page_scopes(ids) if ids else [POSTINGS]


@require_safe
@shared_page(valid_until=kept.next_expiry, query=["roles"], scopes=_compare_page_scopes)
def compare(request):
    """Two to four guides side by side, at one address per set (sorted slugs)."""
    given = request.GET.getlist("roles")
    if not given:
        return _unusable_comparison(request, None, status=200)
    try:
        slugs = comparing.chosen_slugs(given)
    except comparing.UnusableChoice as problem:
        return _unusable_comparison(request, str(problem), status=400)
    if slugs != given:
        return redirect(comparing.comparison_url(slugs), permanent=True)
    found = {role.slug: role for role in _readable_roles(request).filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        names = ", ".join(f"“{slug}”" for slug in unknown)
        message = f"We have no published guide at {names}: choose the guides from the list below."
        return _unusable_comparison(request, message, status=404, chosen=slugs)
    roles = [found[slug] for slug in slugs]
    insights = [kept.market_insight(role) for role in roles]
    context = {
        "columns": list(zip(roles, insights, strict=True)),
        "shared": comparing.shared_technologies(insights),
        "pay_minimum": market.SMALL_SAMPLE,
        "levels": comparing.levels_shown(insights),
        "choices": _compare_choices(request),
        "chosen": slugs,
        "canonical_url": request.build_absolute_uri(comparing.comparison_url(slugs)),
        "breadcrumbs": breadcrumbs.trail(
            ("Career guides", reverse("roles:catalog")),
            ("Compare roles", comparing.comparison_url(slugs)),
        ),
    }
    return render(request, "roles/compare.html", context)


def _compare_choices(request):
    """(slug, title) of the guides a reader can pick for a comparison, by title."""
    return list(_readable_roles(request).order_by("title").values_list("slug", "title"))


def _unusable_comparison(request, message, *, status, chosen=()):
    context = {
        "message": message,
        "choices": _compare_choices(request),
        "chosen": chosen,
        "breadcrumbs": breadcrumbs.trail(
            ("Career guides", reverse("roles:catalog")), ("Compare roles", reverse("roles:compare"))
        ),
    }
    return render(request, "roles/compare_unusable.html", context, status=status)
