from urllib.parse import parse_qsl, urlencode

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from careerguide import breadcrumbs
from careerguide.cache import POSTINGS, role_scope
from careerguide.pagecache import shared_page
from roles.models import Role

from . import kept
from .filters import PAY, POSTED_WINDOWS, SORTS, Cursor
from .forms import OpeningsFilterForm, tidy_search_text
from .models import JobPosting
from .openings import NotNumbered, find_openings, similar_openings
from .structured_data import job_posting_data

FILTERS_FORM_ID = "filters"


# The partial and the full page share a URL: caches must keep them apart, and apart from
# the partial that also refreshes the reader's own controls (see `controls_oob` below).
def _list_scopes(request, slug=None):
    """A role's list shows its role's postings; the list of every role, any posting. The
    role is kept on the request for the view."""
    if slug is None:
        return [POSTINGS]
    request.openings_role = Role.objects.published().filter(slug=slug).first()
    return [role_scope(request.openings_role.pk)] if request.openings_role else [POSTINGS]


@require_safe
@shared_page(
    valid_until=kept.next_expiry,
    query=OpeningsFilterForm.base_fields,
    scopes=_list_scopes,
)
@vary_on_headers("HX-Request", "HX-Trigger")
def job_list(request, slug=None):
    """Open postings of one guide's role or of all of them, with filters, newest first or
    by pay.

    One address per set of filters: a page asked for by another spelling of its filters
    (another order, defaults or empty fields, as a plain form sends them) is redirected to
    the canonical one, unless part of it could not be used; then the page says what, and
    names the canonical address. Out-of-range pages show the last page (saying so); pages
    that are not numbers show the first. htmx requests get the `results` partial plus
    out-of-band updates of the facets, the counts and the toggle, and the clean URL to push.
    """
    role = _openings_role(request, slug)
    form = OpeningsFilterForm(request.GET)
    asked = form.filters()
    path = request.path
    if not request.htmx and not form.ignored and _as_asked(request) != asked.params():
        return HttpResponsePermanentRedirect(asked.url(path))

    found = find_openings(role, asked)
    filters = found.filters
    try:
        page = found.page()
    except NotNumbered:
        return _not_numbered(request, role, filters, found)
    partial = bool(request.htmx) and not request.htmx.history_restore_request

    context = {
        "role": role,
        "filters": filters,
        "page": page,
        "page_links": _page_links(page, filters, path),
        "total": found.total,
        "total_is_exact": found.total_is_exact,
        "page_past_end": page.number is not None and filters.page > page.paginator.num_pages,
        "ignored": form.ignored_values(),
        "chips": filters.removals(path),
        "facets": found.facets,
        "left_out": found.left_out,
        "role_links": _role_links(found.facets.roles, filters),
        "sorts": SORTS,
        "posted_windows": POSTED_WINDOWS,
        "heading": f"{role.title} openings" if role else "Openings",
        "search_feeds": _search_feeds(role, filters),
        "canonical_url": request.build_absolute_uri(_address(filters, path, page)),
        "breadcrumbs": _openings_trail(role, path),
        "show_role": role is None,
        "form_id": FILTERS_FORM_ID,
        "partial": partial,
        # Typing in the search box (or any change in the form) asks for results; the
        # reader's own controls (search box, sort, pay minimum) are left alone then, so
        # that a response never overwrites what is being typed. Links (a removed filter,
        # another page) do refresh them.
        "controls_oob": partial and request.htmx.trigger != FILTERS_FORM_ID,
    }
    template = "jobs/job_list.html#results" if partial else "jobs/job_list.html"
    response = render(request, template, context)
    if partial:
        push_url(response, _address(filters, path, page))
    return response


def _address(filters, path, page):
    """The page's one address: its number, or the cursor it was read from."""
    if page.number is None:
        return filters.url(path)
    return filters.url(path, page=page.number)


def _not_numbered(request, role, filters, found):
    """A page number between the numbered ends of a long list: where to go instead."""
    paginator = found.paginator()
    path = request.path
    context = {
        "role": role,
        "heading": f"{role.title} openings" if role else "Openings",
        "number": filters.page,
        "total": paginator.count,
        "total_is_exact": found.total_is_exact,
        "numbered_from_start_only": paginator.at_least,
        "first_pages": paginator.numbered,
        "last_page": paginator.num_pages,
        "from_page": filters.url(path, page=paginator.numbered),
        "from_end": filters.url(path, page=paginator.num_pages - paginator.numbered + 1),
        "breadcrumbs": _openings_trail(role, path),
    }
    return render(request, "jobs/not_numbered.html", context, status=404)


def _openings_role(request, slug):
    if slug is None:
        return None
    if "openings_role" not in request.__dict__:  # the page cache did not look it up
        request.openings_role = Role.objects.published().filter(slug=slug).first()
    if request.openings_role is None:
        raise Http404("No published guide has this address.")
    return request.openings_role


def _as_asked(request):
    """The query string's parameters in their order, the search text as the list uses it
    (tidied: shortened, spaces folded), so that only another spelling of the filters
    redirects, never the text itself."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    return [(name, tidy_search_text(value) if name == "q" else value) for name, value in pairs]


def _search_feeds(role, filters):
    """The RSS and Atom feeds of this very search: its filters and order, page 1."""
    query = urlencode(filters.params(page=1))
    prefix, kwargs = ("roles:jobs-feed-", {"slug": role.slug}) if role else ("jobs:feed-", {})
    rss, atom = (
        reverse(prefix + kind, kwargs=kwargs) + (f"?{query}" if query else "")
        for kind in ("rss", "atom")
    )
    return {"rss": rss, "atom": atom}


@require_safe
@shared_page(valid_until=kept.next_expiry, query=())
def job_detail(request, pk):
    """One posting. Closed and expired ones still answer, say so, and offer no JobPosting
    markup to search engines; nor do sample postings, which also stay out of their index."""
    posting = get_object_or_404(
        JobPosting.objects.filter(role__status=Role.Status.PUBLISHED)
        .select_related("company", "role")
        .prefetch_related("locations", "technologies"),
        pk=pk,
    )
    if posting.duplicate_of_id:  # another feed's posting of the job stands for it
        return redirect("jobs:detail", pk=posting.duplicate_of_id)
    is_open = posting.is_open
    role_jobs_url = reverse("roles:jobs", kwargs={"slug": posting.role.slug})
    context = {
        "posting": posting,
        "is_open": is_open,
        "similar": similar_openings(posting, kept.similar_candidates(posting.role_id)),
        "glance": kept.at_a_glance(posting.role),
        "structured_data": (
            job_posting_data(posting, url=request.build_absolute_uri(posting.get_absolute_url()))
            if is_open and not posting.is_sample
            else None
        ),
        "role_jobs_url": role_jobs_url,
        "company_jobs_url": reverse("jobs:list")
        + "?"
        + urlencode({"company": posting.company.slug}),
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
    """The pager: numbers around the current page and at both ends (only numbered pages;
    gaps as None), Previous and Next (from the last numbered page at the start, by cursor)."""
    if page.number is None:  # a page read from a cursor
        return {
            "numbers": [],
            "first": filters.url(path, page=1),
            "previous": filters.url(path, page=1, before=page.newer) if page.newer else None,
            "next": filters.url(path, page=1, after=page.older) if page.older else None,
        }
    paginator = page.paginator
    links = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS or not paginator.is_numbered(number):
            if links and links[-1] is not None:
                links.append(None)
            continue
        links.append(
            {
                "number": number,
                "url": filters.url(path, page=number),
                "current": number == page.number,
            }
        )
    # Cursors follow the newest-first order only: past its numbered pages, a list sorted
    # by pay has no Next (the not-numbered page says how to narrow it instead).
    by_cursor = filters.sort != PAY
    following = page.next_page_number() if page.has_next() else None
    if following and not paginator.is_numbered(following):
        next_url = None
        if by_cursor:
            next_url = filters.url(path, page=1, after=Cursor.of(page.object_list[-1]))
    else:
        next_url = filters.url(path, page=following) if following else None
    previous = page.previous_page_number() if page.has_previous() else None
    if previous and not paginator.is_numbered(previous):
        previous_url = None
        if by_cursor:
            previous_url = filters.url(path, page=1, before=Cursor.of(page.object_list[0]))
    else:
        previous_url = filters.url(path, page=previous) if previous else None
    return {"numbers": links, "first": None, "previous": previous_url, "next": next_url}


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
