"""RSS and Atom feeds of the newest open postings, for all roles and for each role."""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from roles.models import Role

from .models import JobPosting
from .templatetags.openings import salary_range, workplace_summary

FEED_SIZE = 50

# XML 1.0 cannot carry these at all; a stray one pasted into a posting must not break the
# whole feed (Django's XML writer refuses them outright).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    return _NOT_XML.sub("", text)


class LatestOpeningsFeed(Feed):
    kind = "rss"  # the URL name's suffix, for the feed's link to itself

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
        return xml_text(f"{posting.title} at {posting.company.name}")

    def item_description(self, posting):
        facts = [posting.get_seniority_display(), workplace_summary(posting)]
        if posting.has_salary:
            facts.append(salary_range(posting))
        return xml_text(" · ".join(facts) + "\n\n" + posting.description)

    def item_pubdate(self, posting):
        return posting.posted_at

    def item_updateddate(self, posting):
        return posting.updated_at

    def item_author_name(self, posting):
        return xml_text(posting.company.name)

    def item_categories(self, posting):
        return [posting.role.title, posting.get_seniority_display()]


class LatestOpeningsAtomFeed(LatestOpeningsFeed):
    feed_type = Atom1Feed
    kind = "atom"
    subtitle = LatestOpeningsFeed.description
