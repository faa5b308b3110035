"""Sample postings (source "sample", as every shipped one) say so, and search engines are
told to leave them alone: no JobPosting markup, noindex, not in the sitemap."""

import re
from xml.etree import ElementTree

import pytest

from jobs.models import SAMPLE_SOURCE
from tests.factories import make_posting, make_role

pytestmark = pytest.mark.django_db

NOTICE = "Sample posting: this job was made up to show how the site works."


@pytest.fixture
def role():
    return make_role(slug="data-engineer", title="Data Engineer")


def test_a_sample_posting_says_so_and_is_kept_out_of_search_engines(client, role):
    posting = make_posting(role=role, source=SAMPLE_SOURCE)
    response = client.get(posting.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(NOTICE) == 1
    assert '"JobPosting"' not in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"


def test_a_posting_from_a_feed_keeps_its_markup_and_is_indexed(client, role):
    posting = make_posting(role=role, source="greenhouse")
    response = client.get(posting.get_absolute_url())
    html = response.content.decode()
    assert NOTICE not in html
    assert '"@type": "JobPosting"' in html
    assert 'content="noindex"' not in html
    assert "X-Robots-Tag" not in response


def test_the_sitemap_lists_no_sample_posting(client, role):
    real = make_posting(role=role, source="lever")
    sample = make_posting(role=role, source=SAMPLE_SOURCE)
    sitemap = client.get("/sitemap.xml").content
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = {
        re.sub(r"^https?://[^/]+", "", node.text)
        for node in ElementTree.fromstring(sitemap).findall(".//s:loc", namespace)
    }
    assert real.get_absolute_url() in paths
    assert sample.get_absolute_url() not in paths
