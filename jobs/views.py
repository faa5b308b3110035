from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from careerguide import breadcrumbs
from careerguide.pagecache import shared_page
from roles.models import Role

from .facets import opening_facets
from .forms import OpeningsFilterForm
from .models import JobPosting
from .structured_data import job_posting_data

PER_PAGE = 25
RELATED_LIMIT = 5
FILTERS_FORM_ID = "filters"


class CountedPaginator(Paginator):
    """A paginator told how many items there are, so that it never counts them again."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count


# The partial and the full page share a URL: caches must keep them apart, and apart from
# the partial that also refreshes the search box (see `search_oob` below).
@shared_page(valid_until=JobPosting.objects.next_expiry)
@vary_on_headers("HX-Request", "HX-Trigger")
def job_list(request, slug=None):
    """Open postings, newest first, of one guide's role or of all of them, with filters.

    Out-of-range pages show the last page (saying so); pages that are not numbers show
    the first. htmx requests get the `results` partial plus out-of-band updates of the
    facet counts and the result count, and the clean URL to push.
    """
    role = get_object_or_404(Role.objects.published(), slug=slug) if slug else None
    form = OpeningsFilterForm(request.GET)
    filters = form.filters()
    postings = (
        filters.apply(JobPosting.objects.listed(role))
        .newest_first()
        .select_related("company", "role")
        .prefetch_related("locations", "technologies")
    )
    facets = opening_facets(role=role, filters=filters)
    paginator = CountedPaginator(postings, PER_PAGE, count=facets.total(filters))
    page = paginator.get_page(filters.page)
    path = request.path
    partial = bool(request.htmx) and not request.htmx.history_restore_request

    context = {
        "role": role,
        "filters": filters,
        "page": page,
        "page_links": _page_links(page, filters, path),
        "page_past_end": filters.page > paginator.num_pages,
        "ignored": form.ignored_values(),
        "chips": filters.removals(path),
        "facets": facets,
        "role_links": _role_links(facets.roles, filters),
        "heading": f"{role.title} openings" if role else "Openings",
        "breadcrumbs": _openings_trail(role, path),
        "show_role": role is None,
        "form_id": FILTERS_FORM_ID,
        "partial": partial,
        # Typing in the search box asks for results; the box itself is left alone then, so
        # that a response never overwrites what is being typed. Links (a removed filter,
        # another page) do refresh it.
        "search_oob": partial and request.htmx.trigger != FILTERS_FORM_ID,
    }
    template = "jobs/job_list.html#results" if partial else "jobs/job_list.html"
    response = render(request, template, context)
    if partial:
        push_url(response, filters.url(path, page=page.number))
    return response


@shared_page(valid_until=JobPosting.objects.next_expiry)
def job_detail(request, pk):
    """One posting. Closed and expired ones still answer, say so, and offer no JobPosting
    markup to search engines; nor do sample postings, which also stay out of their index."""
    posting = get_object_or_404(
        JobPosting.objects.filter(role__status=Role.Status.PUBLISHED)
        .select_related("company", "role")
        .prefetch_related("locations", "technologies"),
        pk=pk,
    )
    is_open = posting.is_open
    role_jobs_url = reverse("roles:jobs", kwargs={"slug": posting.role.slug})
    related = (
        JobPosting.objects.listed(posting.role)
        .exclude(pk=posting.pk)
        .newest_first()
        .select_related("company")[:RELATED_LIMIT]
    )
    context = {
        "posting": posting,
        "is_open": is_open,
        "related": related,
        "structured_data": (
            job_posting_data(posting, url=request.build_absolute_uri(posting.get_absolute_url()))
            if is_open and not posting.is_sample
            else None
        ),
        "role_jobs_url": role_jobs_url,
        "breadcrumbs": breadcrumbs.trail(
            ("Openings", reverse("jobs:list")),
            (posting.role.title, role_jobs_url),
            (posting.title, posting.get_absolute_url()),
        ),
    }
    response = render(request, "jobs/job_detail.html", context)
    if not is_open or posting.is_sample:
        response["X-Robots-Tag"] = "noindex"
    return response


def _openings_trail(role, path):
    if role is None:
        return breadcrumbs.trail(("Openings", path))
    return breadcrumbs.trail(
        ("Career guides", reverse("roles:catalog")),
        (role.title, role.get_absolute_url()),
        ("Openings", path),
    )


def _page_links(page, filters, path):
    """The pager: numbers around the current page and at both ends, gaps as None."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            links.append(None)
        else:
            links.append(
                {
                    "number": number,
                    "url": filters.url(path, page=number),
                    "current": number == page.number,
                }
            )
    return {
        "numbers": links,
        "previous": filters.url(path, page=page.previous_page_number())
        if page.has_previous()
        else None,
        "next": filters.url(path, page=page.next_page_number()) if page.has_next() else None,
    }


def _role_links(role_facets, filters):
    """Each guide's openings with the same filters, and how many match there."""
    return [
        {
            "title": facet.label,
            "count": facet.count,
            "url": filters.url(reverse("roles:jobs", kwargs={"slug": facet.value}), page=1),
        }
        for facet in role_facets
    ]
