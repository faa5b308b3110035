"""Deep pages cost what the first one does: numbered pages at both ends, keyset between."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.filters import PAY, Cursor, OpeningFilters
from jobs.models import JobPosting
from jobs.openings import (
    NUMBERED_PAGES,
    PER_PAGE,
    EndsPaginator,
    NotNumbered,
    cursor_page,
    ordered_parts,
)
from tests.factories import make_many_postings, make_posting, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    """23 postings of one role, one a minute, two of them at the very same moment."""
    role = make_role(slug="long-list")
    start = timezone.now() - timedelta(days=1)
    for minute in range(22):
        make_posting(role=role, title=f"P{minute}", posted_at=start + timedelta(minutes=minute))
    make_posting(role=role, title="Twin", posted_at=start + timedelta(minutes=21))
    return JobPosting.objects.listed(role)


def titles(rows):
    return [posting.title for posting in rows]


def test_numbered_pages_at_both_ends_each_read_from_its_nearer_end(listed):
    newest = list(listed.newest_first())
    paginator = EndsPaginator([(listed.newest_first(), len(newest))], 3, numbered=2)
    assert paginator.num_pages == 8
    for number in (1, 2, 7, 8):
        start = (number - 1) * 3
        assert titles(paginator.page(number).object_list) == titles(newest[start : start + 3])
    for number in (3, 4, 5, 6):
        with pytest.raises(NotNumbered):
            paginator.page(number)


def test_a_walk_by_cursor_sees_every_posting_once_in_order(listed):
    newest = titles(listed.newest_first())
    first = listed.newest_first()[0]
    seen, page = [first.title], cursor_page(listed, OpeningFilters(after=Cursor.of(first)), 4)
    while True:
        seen += titles(page.object_list)
        if not page.older:
            break
        page = cursor_page(listed, OpeningFilters(after=page.older), 4)
    assert seen == newest


def test_backwards_by_cursor_too(listed):
    newest = list(listed.newest_first())
    page = cursor_page(listed, OpeningFilters(before=Cursor.of(newest[10])), 4)
    assert titles(page.object_list) == titles(newest[6:10])
    assert page.has_newer and page.has_older


def test_cursor_pages_stay_put_while_postings_are_added(listed):
    newest = list(listed.newest_first())
    deep = OpeningFilters(after=Cursor.of(newest[7]))
    before = titles(cursor_page(listed, deep, 5).object_list)
    role = newest[0].role
    for number in range(6):  # a busy minute: newer postings arrive
        make_posting(role=role, title=f"New {number}", posted_at=timezone.now())
    assert titles(cursor_page(listed, deep, 5).object_list) == before == titles(newest[8:13])


def test_cursor_tokens_read_back_and_refuse_nonsense(listed):
    posting = listed.newest_first()[3]
    cursor = Cursor.of(posting)
    assert Cursor.parse(cursor.token) == cursor
    fullwidth = "\uff11\uff12-3"
    for token in ["", "abc", "1-", "-1", "9" * 40 + "-1", "1e9-3", fullwidth]:
        assert Cursor.parse(token) is None


def test_pay_sort_reads_its_two_parts_in_order(listed):
    rows = list(listed.newest_first())
    for index, posting in enumerate(rows[:9]):
        posting.salary_min = posting.salary_max = 100_000 + (index % 4) * 1000
        posting.salary_currency, posting.salary_period = ("USD" if index % 3 else "EUR"), "YEAR"
        posting.save()
    filters = OpeningFilters(sort=PAY, main_currency="USD")
    paid = listed.filter(salary_currency="USD", pay_yearly__isnull=False).count()
    parts = ordered_parts(listed, filters, total=len(rows), paid=paid)
    paginator = EndsPaginator(parts, 4, numbered=10)
    walked = [p for number in paginator.page_range for p in paginator.page(number).object_list]

    def oracle(posting):  # highest USD pay first, then newest first, ties by id
        usd = posting.salary_currency == "USD" and posting.pay_yearly is not None
        return (
            (0, -posting.pay_yearly, -posting.posted_at.timestamp(), -posting.pk)
            if usd
            else (1, 0, -posting.posted_at.timestamp(), -posting.pk)
        )

    assert [p.pk for p in walked] == [p.pk for p in sorted(listed, key=oracle)]


@pytest.fixture
def long_list():
    """A role with more than 80 pages: numbered ends, keyset in between."""
    role = make_role(slug="very-long")
    make_many_postings(role, PER_PAGE * (2 * NUMBERED_PAGES + 5))
    return role


def test_the_last_numbered_page_leads_on_by_cursor(client, long_list):
    page = client.get(f"/roles/very-long/jobs/?page={NUMBERED_PAGES}")
    following = page.context["page_links"]["next"]
    assert "after=" in following and "page=" not in following
    deep = client.get(following)
    assert deep.status_code == 200
    last_of = page.context["page"].object_list[-1]
    first_of_next = deep.context["page"].object_list[0]
    assert (first_of_next.posted_at, first_of_next.pk) < (last_of.posted_at, last_of.pk)
    # ...and the pager offers the numbered end of the list, read backwards.
    last = page.context["page"].paginator.num_pages
    assert client.get(f"/roles/very-long/jobs/?page={last}").status_code == 200


def test_a_page_between_the_numbered_ends_says_where_to_go(client, long_list):
    response = client.get(f"/roles/very-long/jobs/?page={NUMBERED_PAGES + 1}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "between the numbered pages" in html
    assert '<meta name="robots" content="noindex">' in html
    assert f"?page={NUMBERED_PAGES}" in html


def test_past_the_end_shows_the_last_page_as_before(client, listed):
    assert client.get("/roles/long-list/jobs/?page=99").context["page"].number == 1


def test_pages_after_the_first_are_not_for_search_engines(client, listed):
    first = client.get("/roles/long-list/jobs/").content.decode()
    assert 'content="noindex' not in first
    cursor = Cursor.of(listed.newest_first()[5]).token
    deep = client.get(f"/roles/long-list/jobs/?after={cursor}")
    html = deep.content.decode()
    assert deep.status_code == 200
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "First page" in html
    assert titles(deep.context["page"].object_list) == titles(listed.newest_first()[6:23])


def test_a_cursor_with_a_page_number_or_another_order_is_named_and_left_out(client, listed):
    cursor = Cursor.of(listed.newest_first()[5]).token
    for query in (f"after={cursor}&sort=pay", f"after={cursor}&before={cursor}", "after=nonsense"):
        response = client.get(f"/roles/long-list/jobs/?{query}")
        assert response.status_code == 200
        assert response.context["page"].number == 1, query
        assert response.context["ignored"], query


@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_cursor_page_costs_the_same_queries_however_many_places_its_postings_have(direction):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_location, make_technology

    role = make_role(slug="linked")
    start = timezone.now() - timedelta(days=1)
    postings = [
        make_posting(
            role=role,
            posted_at=start + timedelta(minutes=minute),
            locations=[make_location()],
            technologies=[make_technology(), make_technology()],
        )
        for minute in range(8)
    ]
    middle = Cursor.of(postings[4])

    def queries(per_page):
        page = cursor_page(
            JobPosting.objects.listed(role), OpeningFilters(**{direction: middle}), per_page
        )
        with CaptureQueriesContext(connection) as captured:
            for posting in page.object_list:
                list(posting.locations.all()), list(posting.technologies.all())
        return len(page.object_list), len(captured)

    assert queries(1) == (1, 0) and queries(3)[1] == 0  # their places came with the page
    with CaptureQueriesContext(connection) as captured:
        cursor_page(JobPosting.objects.listed(role), OpeningFilters(**{direction: middle}), 3)
    assert len(captured) == 3  # the page, its places, its technologies
