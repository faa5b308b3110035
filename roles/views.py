from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from careerguide import breadcrumbs
from careerguide.cache import cached
from careerguide.pagecache import shared_page
from jobs import statistics
from jobs.forms import tidy_search_text
from jobs.models import JobPosting

from .models import Role, Skill


def search_guides(query):
    """Published guides matching `query` in title, summary or overview, with open counts."""
    guides = statistics.with_open_counts(Role.objects.published())
    for word in query.split()[:8]:
        guides = guides.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(overview__icontains=word)
        )
    return guides.order_by("title")


def _guide_listing(request, template, crumbs=None):
    query = tidy_search_text(request.GET.get("q", ""))
    context = {"guides": search_guides(query), "query": query, "breadcrumbs": crumbs}
    if request.htmx and not request.htmx.history_restore_request:
        template = "roles/includes/guide_results.html#results"
    return render(request, template, context)


@require_safe
@shared_page(valid_until=JobPosting.objects.next_expiry, query=["q"])
@vary_on_headers("HX-Request")
def home(request):
    return _guide_listing(request, "roles/home.html")


@require_safe
@shared_page(valid_until=JobPosting.objects.next_expiry, query=["q"])
@vary_on_headers("HX-Request")
def catalog(request):
    crumbs = breadcrumbs.trail(("Career guides", reverse("roles:catalog")))
    return _guide_listing(request, "roles/catalog.html", crumbs)


@require_safe
@shared_page(valid_until=JobPosting.objects.next_expiry, query=())
def guide(request, slug):
    readable = Role.objects.all() if request.user.is_staff else Role.objects.published()
    role = get_object_or_404(
        readable.prefetch_related(
            "responsibilities",
            Prefetch("skills", queryset=Skill.objects.order_by("position")),
            "career_stages",
            "specializations",
            "faqs",
        ),
        slug=slug,
    )
    skills = list(role.skills.all())
    crumbs = breadcrumbs.trail(
        ("Career guides", reverse("roles:catalog")), (role.title, role.get_absolute_url())
    )
    context = {
        "role": role,
        "breadcrumbs": crumbs,
        "technical_skills": [skill for skill in skills if skill.kind == Skill.Kind.TECHNICAL],
        "soft_skills": [skill for skill in skills if skill.kind == Skill.Kind.SOFT],
        "stats": guide_statistics(role),
    }
    context["structured_data"] = _guide_structured_data(request, role, context)
    return render(request, "roles/guide.html", context)


def guide_statistics(role):
    """The guide's figures, from the shared cache while nothing has changed, and never
    past the next expiry that would change them."""
    return cached(
        f"guide:{role.pk}",
        lambda: statistics.guide_statistics(role),
        valid_until=lambda figures: figures.next_expiry,
    )


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
    return [occupation, breadcrumbs.structured_data(request, context["breadcrumbs"])]
