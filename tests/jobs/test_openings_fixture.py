"""The shipped fixtures through the openings pages: the open counts and the newest six."""

import xml.etree.ElementTree as ET

import pytest

from jobs.models import JobPosting
from roles.models import Role
from tests.seed import GUIDE_OPEN, SEED_NEWEST, SEED_OPEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_data")]


@pytest.mark.parametrize("slug", list(SEED_OPEN))
def test_a_guides_openings_list_counts_its_open_postings(client, slug):
    response = client.get(f"/roles/{slug}/jobs/")
    assert response.context["page"].paginator.count == SEED_OPEN[slug]
    assert sum(facet.count for facet in response.context["facets"].seniority) == SEED_OPEN[slug]


def test_all_openings_list_every_guide_with_its_count(client):
    everything = client.get("/jobs/")
    assert everything.context["page"].paginator.count == sum(GUIDE_OPEN.values())
    titles = dict(Role.objects.values_list("title", "slug"))
    assert {
        titles[link["title"]]: link["count"] for link in everything.context["role_links"]
    } == GUIDE_OPEN


def test_the_newest_six_lead_the_list_and_the_feed(client):
    ml = client.get("/roles/machine-learning-engineer/jobs/")
    titles = [posting.title for posting in ml.context["page"].object_list]
    assert titles[:6] == SEED_NEWEST and len(titles) == 25
    assert ml.context["page"].paginator.num_pages == 14

    feed = ET.fromstring(client.get("/roles/machine-learning-engineer/jobs/feed/rss/").content)
    feed_titles = [item.findtext("title").rsplit(" at ", 1)[0] for item in feed.iter("item")]
    # The feed shows exactly the list's first page.
    assert feed_titles == titles


def test_a_closed_posting_is_not_listed(client):
    closed = client.get("/roles/machine-learning-engineer/jobs/?q=Filled")
    assert "Principal Machine Learning Engineer, Search Ranking" not in closed.content.decode()
    assert closed.context["page"].paginator.count == 0
    # The search does find it once it is open again.
    posting = JobPosting.objects.get(external_id="mle-closed-newest")
    posting.status = JobPosting.Status.OPEN
    posting.save()
    reopened = client.get("/roles/machine-learning-engineer/jobs/?q=Filled")
    assert reopened.context["page"].paginator.count == 1
