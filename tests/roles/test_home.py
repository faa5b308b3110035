"""The home page: site-wide figures, the newest openings, rising technologies and the
families of roles; a page of its own, not the catalog again."""

import re
from datetime import timedelta

import pytest
from django.utils import dateformat, timezone

from jobs.models import JobPosting
from roles.models import Role
from tests.factories import make_company, make_posting, make_role, make_technology

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def figures(html):
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>(?:<a [^>]+>)?([\d,]+)", html))


def test_site_wide_figures_count_open_postings_guides_and_employers_hiring(client):
    data, cloud = make_role(), make_role(family=Role.Family.SOFTWARE_INFRASTRUCTURE)
    draft = make_role(status=Role.Status.DRAFT)
    acme, globex = make_company(), make_company()
    make_posting(role=data, company=acme)
    make_posting(role=cloud, company=acme)
    make_posting(role=cloud, company=globex, status=JobPosting.Status.CLOSED)
    make_posting(role=draft, company=globex)
    make_posting(role=data, company=globex, expires_at=timezone.now() - timedelta(hours=1))

    assert figures(home(client)) == {
        "Open postings": "2",
        "Career guides": "2",
        "Employers hiring": "1",
    }


def test_the_newest_openings_of_every_guide_come_first(client):
    role = make_role()
    old = make_posting(role=role, title="Older opening", posted_at=timezone.now() - timedelta(2))
    new = make_posting(role=role, title="Newest opening", posted_at=timezone.now())
    make_posting(role=role, title="Closed opening", status=JobPosting.Status.CLOSED)
    html = home(client)
    panel = html.split('id="newest-title"')[1].split("</section>")[0]
    assert re.findall(r'<a href="/jobs/\d+/">([^<]+)</a>', panel) == [new.title, old.title]


def test_rising_technologies_say_what_they_rest_on(client):
    role, company = make_role(), make_company()
    tech = make_technology(name="Quarkle", slug="quarkle")
    newest = timezone.now() - timedelta(days=1)
    for n in range(20):
        make_posting(role=role, company=company, technologies=[tech],
                     posted_at=newest - timedelta(days=40, minutes=n))  # fmt: skip
    for n in range(30):
        make_posting(role=role, company=company, technologies=[tech],
                     posted_at=newest - timedelta(days=3, minutes=n))  # fmt: skip
    make_posting(role=role, company=company, posted_at=newest)
    html = home(client)
    row = re.search(r'<th scope="row"><a href="/jobs/\?technology=quarkle">Quarkle</a></th>'
                    r"\s*<td>\+50&#8239;%</td>\s*<td>30</td>\s*<td>20</td>", html)  # fmt: skip
    assert row
    day = dateformat.format(timezone.localtime(newest), "j F Y")
    assert re.search(rf'in the 30 days to <time datetime="[^"]+">{day}</time> \(our newest', html)
    assert "at least 20 postings in the earlier window" in html


def test_families_lead_to_their_part_of_the_catalog(client):
    make_role(title="Data Analyst", family=Role.Family.DATA_ANALYTICS)
    make_role(title="Cloud Engineer", family=Role.Family.SOFTWARE_INFRASTRUCTURE)
    html = home(client)
    assert re.findall(r'<h3><a href="/roles/#([a-z-]+)">', html) == [
        "data-analytics",
        "software-infrastructure",
    ]
    assert 'id="guide-results"' not in html  # no catalog on the home page


def test_a_site_of_sample_postings_says_so_once_and_a_real_posting_ends_it(client):
    role = make_role()
    make_posting(role=role, source="sample")
    note = "Every posting here is a sample"
    assert home(client).count(note) == 1
    assert client.get("/roles/").content.decode().count(note) == 1
    make_posting(role=role, source="greenhouse")
    assert note not in home(client)
