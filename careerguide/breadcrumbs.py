"""
Breadcrumbs: a view builds the trail once with `trail()` and passes it as `breadcrumbs`;
base.html shows it (includes/breadcrumbs.html) and a page may give search engines the
same trail as a schema.org BreadcrumbList (`structured_data()`).
"""

from typing import NamedTuple

from django.urls import reverse


class Crumb(NamedTuple):
    name: str
    url: str


def trail(*crumbs):
    """Home, then each (name, url) down to the current page, which comes last."""
    return [Crumb("Home", reverse("home")), *(Crumb(name, url) for name, url in crumbs)]


def structured_data(request, crumbs):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.name,
                "item": request.build_absolute_uri(crumb.url),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }
