"""The shipped fixtures through the openings pages: the seed figures and the newest six.

One test, so the fixtures (slow to load) load once."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from tests.seed import FIXTURES, SEED_NEWEST

pytestmark = pytest.mark.django_db

OPEN = {
    "Analytics Engineer": ("analytics-engineer", 297),
    "Data Engineer": ("data-engineer", 228),
    "Database Administrator": ("database-administrator", 11),
    "Machine Learning Engineer": ("machine-learning-engineer", 333),
}


def test_openings_pages_reproduce_the_seed_figures(client):
    call_command("loaddata", FIXTURES / "roles.json", FIXTURES / "jobs.json", verbosity=0)

    pages = {}
    for slug, count in OPEN.values():
        pages[slug] = response = client.get(f"/roles/{slug}/jobs/")
        assert response.context["page"].paginator.count == count, slug
        assert sum(facet.count for facet in response.context["facets"].seniority) == count

    everything = client.get("/jobs/")
    assert everything.context["page"].paginator.count == sum(c for _, c in OPEN.values())
    assert {link["title"]: link["count"] for link in everything.context["role_links"]} == {
        title: count for title, (_, count) in OPEN.items()
    }

    ml = pages["machine-learning-engineer"]
    titles = [posting.title for posting in ml.context["page"].object_list]
    assert titles[:6] == SEED_NEWEST and len(titles) == 25
    assert ml.context["page"].paginator.num_pages == 14

    feed = ET.fromstring(client.get("/roles/machine-learning-engineer/jobs/feed/rss/").content)
    feed_titles = [item.findtext("title").rsplit(" at ", 1)[0] for item in feed.iter("item")]
    assert feed_titles[:6] == SEED_NEWEST and len(feed_titles) == 50

    closed = client.get("/roles/machine-learning-engineer/jobs/?q=Filled")
    assert "Principal Machine Learning Engineer, Ranking" not in closed.content.decode()
