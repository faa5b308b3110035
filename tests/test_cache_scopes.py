"""A write retires what shows what it changed, and leaves the rest of the cache alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careerguide import cache
from jobs.models import JobPosting
from jobs.services import set_posting_status
from tests.factories import make_company, make_full_guide, make_posting, make_related_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides():
    """Three guides: ml relates to data; web relates to nothing."""
    ml, data, web = (make_full_guide(slug=slug) for slug in ("ml", "data", "web"))
    make_related_role(role=ml, related=data)
    company = make_company()  # postings below name it: a new company is a site-wide write
    for role in (ml, data, web):
        make_posting(role=role, company=company)
    return {"ml": ml, "data": data, "web": web, "company": company}


def served(client, url):
    """Whether `url` came from the cache (no query at all), and its status."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries) == 0


PAGES = ["/roles/ml/", "/roles/data/", "/roles/web/", "/roles/web/jobs/", "/roles/ml/jobs/",
         "/jobs/", "/"]  # fmt: skip


def kept_after(client, write):
    """{page: still served from the cache} after `write()`."""
    for url in PAGES:
        client.get(url)
    assert all(served(client, url) for url in PAGES)  # all kept
    write()
    return {url: served(client, url) for url in PAGES}


def test_a_posting_retires_its_role_and_what_relates_to_it(client, guides):
    kept = kept_after(client, lambda: make_posting(role=guides["data"], company=guides["company"]))
    assert kept == {
        "/roles/ml/": False,  # relates to data: shows its count
        "/roles/data/": False,
        "/roles/web/": True,
        "/roles/web/jobs/": True,
        "/roles/ml/jobs/": True,
        "/jobs/": False,  # every role's postings
        "/": False,
    }


def test_a_posting_moved_to_another_role_retires_both(client, guides):
    posting = JobPosting.objects.get(role=guides["web"])
    posting = JobPosting.objects.get(pk=posting.pk)  # as loaded, from its role

    def move():
        posting.role = guides["ml"]
        posting.save()

    kept = kept_after(client, move)
    assert not kept["/roles/web/"] and not kept["/roles/web/jobs/"]
    assert not kept["/roles/ml/"] and not kept["/roles/ml/jobs/"]


def test_a_bulk_status_change_retires_the_roles_it_touched(client, guides):
    kept = kept_after(
        client,
        lambda: set_posting_status(
            postings=JobPosting.objects.filter(role=guides["web"]), status="closed"
        ),
    )
    assert not kept["/roles/web/"] and not kept["/roles/web/jobs/"]
    assert kept["/roles/ml/"] and kept["/roles/data/"]


def test_a_guide_edit_retires_every_page(client, guides):
    def edit():
        guides["web"].summary = "Edited."
        guides["web"].save()

    assert not any(kept_after(client, edit).values())


def test_kept_pages_carry_an_etag_and_answer_a_conditional_get_with_304(client, guides):
    first = client.get("/roles/web/")
    etag = first["ETag"]
    assert etag and "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    again = client.get("/roles/web/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    make_posting(role=guides["web"], company=guides["company"])
    changed = client.get("/roles/web/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_readers_own_page_is_private(client, guides, django_user_model):
    client.force_login(django_user_model.objects.create_user("ed", password="x" * 12))
    assert "private" in client.get("/roles/web/")["Cache-Control"]


def test_scopes_an_entry_learns_are_checked_on_every_hit():
    values = {"n": 0}

    def compute():
        values["n"] += 1
        return values["n"]

    scopes = lambda: [cache.role_scope(7)]  # noqa: E731  (asked only when computed)
    assert cache.cached("learned", compute, scopes=scopes) == 1
    assert cache.cached("learned", compute, scopes=scopes) == 1
    cache.state.learned.clear()  # a process that never computed it
    cache.invalidate([cache.role_scope(7)])
    assert cache.cached("learned", compute, scopes=scopes) == 2
