"""RSS and Atom feeds of an openings list, for all roles and for each role: the same query
string as the list's page, and exactly the postings of its first page."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from careerguide.text import xml_text
from roles.models import Role

from .filters import NEWEST, OpeningFilters
from .forms import OpeningsFilterForm
from .openings import PER_PAGE, first_page
from .templatetags.openings import posting_description, salary_range, workplace_summary

FEED_SIZE = PER_PAGE


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class XMLSafe:
    """A feed writer that drops what XML 1.0 cannot carry from every text it is handed:
    feed and item fields alike (titles, descriptions, categories, names), so that no stored
    text can break a feed (Django's XML writer refuses such characters outright)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*_xml_safe(args), **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*_xml_safe(args), **{k: _xml_safe(v) for k, v in kwargs.items()})


class SafeRss(XMLSafe, Rss201rev2Feed):
    pass


class SafeAtom(XMLSafe, Atom1Feed):
    pass


@dataclass(frozen=True)
class Search:
    """The list a feed follows: its role, its filters (values it cannot use left out, as
    on the page) and its first page."""

    role: Role | None
    filters: OpeningFilters
    postings: list


class LatestOpeningsFeed(Feed):
    feed_type = SafeRss
    kind = "rss"  # the URL name's suffix, for the feed's link to itself

    @method_decorator(require_safe)  # a feed takes GET and HEAD: anything else is a 405
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug=None):
        role = get_object_or_404(Role.objects.published(), slug=slug) if slug else None
        filters, postings = first_page(role, OpeningsFilterForm(request.GET).filters())
        return Search(role, filters, postings)

    def _query(self, search):
        query = urlencode(search.filters.params(page=1))
        return f"?{query}" if query else ""

    def title(self, search):
        role = search.role
        what = f"Newest {role.title} openings" if role else "Newest openings"
        if search.filters.sort != NEWEST:
            what = f"{role.title} openings" if role else "Openings"
            what += ", highest pay first"
        chosen = [label for label, _ in search.filters.removals("")]
        return f"{what}: {', '.join(chosen)}" if chosen else what

    def link(self, search):
        role = search.role
        path = reverse("roles:jobs", kwargs={"slug": role.slug}) if role else reverse("jobs:list")
        return path + self._query(search)

    def feed_url(self, search):
        role = search.role
        if role:
            path = reverse("roles:jobs-feed-" + self.kind, kwargs={"slug": role.slug})
        else:
            path = reverse("jobs:feed-" + self.kind)
        return path + self._query(search)

    def description(self, search):
        role = search.role
        what = f"{role.title} roles" if role else "data and machine learning roles"
        matching = " matching this search" if search.filters.is_active else ""
        return (
            f"The first {FEED_SIZE} open postings for {what}{matching} on Career Guide, "
            "as the list shows them."
        )

    def items(self, search):
        return search.postings

    def item_title(self, posting):
        return f"{posting.title} at {posting.company.name}"

    def item_description(self, posting):
        facts = [posting.get_seniority_display(), workplace_summary(posting)]
        if posting.has_salary:
            facts.append(salary_range(posting))
        summary = escape(" · ".join(facts))
        return f"<p>{summary}</p>\n{posting_description(posting)}"

    def item_pubdate(self, posting):
        return posting.posted_at

    def item_updateddate(self, posting):
        return posting.updated_at

    def item_author_name(self, posting):
        return posting.company.name

    def item_categories(self, posting):
        return [posting.role.title, posting.get_seniority_display()]


class LatestOpeningsAtomFeed(LatestOpeningsFeed):
    feed_type = SafeAtom
    kind = "atom"
    subtitle = LatestOpeningsFeed.description
