"""RSS and Atom feeds of the newest open postings, for all roles and for each role."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from roles.models import Role

from .models import JobPosting

FEED_SIZE = 50


class LatestOpeningsFeed(Feed):
    def get_object(self, request, slug=None):
        return get_object_or_404(Role.objects.published(), slug=slug) if slug else None

    def title(self, role):
        return f"Newest {role.title} openings" if role else "Newest openings"

    def link(self, role):
        return reverse("roles:jobs", kwargs={"slug": role.slug}) if role else reverse("jobs:list")

    def description(self, role):
        what = f"{role.title} roles" if role else "data and machine learning roles"
        return f"The {FEED_SIZE} newest open postings for {what} on Career Guide."

    def items(self, role):
        postings = JobPosting.objects.open().newest_first().select_related("company", "role")
        if role:
            postings = postings.filter(role=role)
        return postings[:FEED_SIZE]

    def item_title(self, posting):
        return f"{posting.title} at {posting.company.name}"

    def item_description(self, posting):
        return posting.description

    def item_pubdate(self, posting):
        return posting.posted_at

    def item_updateddate(self, posting):
        return posting.updated_at

    def item_author_name(self, posting):
        return posting.company.name

    def item_categories(self, posting):
        return [posting.role.title, posting.get_seniority_display()]


class LatestOpeningsAtomFeed(LatestOpeningsFeed):
    feed_type = Atom1Feed
    subtitle = LatestOpeningsFeed.description
