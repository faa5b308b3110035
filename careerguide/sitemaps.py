from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from jobs.models import SAMPLE_SOURCE, JobPosting
from roles.models import Role


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["home", "roles:catalog", "jobs:list"]

    def location(self, name):
        return reverse(name)


class GuideSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.9

    def items(self):
        return Role.objects.published().order_by("slug")

    def lastmod(self, role):
        return role.updated_at


class RoleOpeningsSitemap(GuideSitemap):
    changefreq = "daily"
    priority = 0.7

    def location(self, role):
        return reverse("roles:jobs", kwargs={"slug": role.slug})

    def lastmod(self, role):
        return None


class PostingSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        # Sample postings are no real vacancies: their pages are noindex, so not listed.
        return (
            JobPosting.objects.listed()
            .exclude(source=SAMPLE_SOURCE)
            .only("id", "updated_at")
            .order_by("id")
        )

    def lastmod(self, posting):
        return posting.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "guides": GuideSitemap,
    "openings": RoleOpeningsSitemap,
    "postings": PostingSitemap,
}
