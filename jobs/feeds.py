"""RSS and Atom feeds of the newest open postings, for all roles and for each role."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.views.decorators.http import require_safe

from careerguide.text import xml_text
from roles.models import Role

from .models import JobPosting
from .templatetags.openings import salary_range, workplace_summary

FEED_SIZE = 50


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


class LatestOpeningsFeed(Feed):
    feed_type = SafeRss
    kind = "rss"  # the URL name's suffix, for the feed's link to itself

    @method_decorator(require_safe)  # a feed takes GET and HEAD: anything else is a 405
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug=None):
        return get_object_or_404(Role.objects.published(), slug=slug) if slug else None

    def title(self, role):
        return f"Newest {role.title} openings" if role else "Newest openings"

    def link(self, role):
        return reverse("roles:jobs", kwargs={"slug": role.slug}) if role else reverse("jobs:list")

    def feed_url(self, role):
        if role:
            return reverse("roles:jobs-feed-" + self.kind, kwargs={"slug": role.slug})
        return reverse("jobs:feed-" + self.kind)

    def description(self, role):
        what = f"{role.title} roles" if role else "data and machine learning roles"
        return f"The {FEED_SIZE} newest open postings for {what} on Career Guide."

    def items(self, role):
        postings = JobPosting.objects.listed(role).newest_first().select_related("company", "role")
        return postings.prefetch_related("locations")[:FEED_SIZE]

    def item_title(self, posting):
        return f"{posting.title} at {posting.company.name}"

    def item_description(self, posting):
        facts = [posting.get_seniority_display(), workplace_summary(posting)]
        if posting.has_salary:
            facts.append(salary_range(posting))
        return " · ".join(facts) + "\n\n" + posting.description

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
