"""A reader from a guide to its openings, filtering them, to a posting and its feeds:
with htmx, without JavaScript, and on a phone."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from tests.seed import ML_OPEN

from .conftest import screenshot

ROLE = "Machine Learning Engineer"
GUIDE = "/roles/machine-learning-engineer/"
OPENINGS = "/roles/machine-learning-engineer/jobs/"
ATOM = "{http://www.w3.org/2005/Atom}"
BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"
APPLY = "Apply on the employer\u2019s site"
NEXT = "Next \u203a"
DASH = "\u2013"


def query(page):
    """The page's query string as (name, value) pairs, in order."""
    return parse_qsl(urlsplit(page.url).query)


def count_note(page):
    return " ".join(page.locator("#results-count").inner_text().split())


def settled(page):
    expect(page.locator(BUSY)).to_have_count(0)


def card_tags(page):
    """Each posting card's tags, as lists of texts."""
    return [card.locator(".tag").all_inner_texts() for card in page.locator(".posting-card").all()]


def open_first_posting(page):
    """Follow the first card to its posting page; returns its apply link, checked."""
    posting = page.locator(".posting-card h2 a").first
    title = posting.inner_text()
    posting.click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator("h1")).to_have_text(title)
    apply = page.get_by_role("link", name=APPLY)
    assert apply.get_attribute("rel") == "nofollow noopener"
    return apply


def test_reader_filters_openings_in_place_and_goes_back(page):
    page.goto("/")
    page.get_by_role("link", name=ROLE, exact=True).click()
    page.wait_for_url(f"**{GUIDE}")
    page.get_by_role("link", name=f"Browse all {ROLE} openings").click()
    page.wait_for_url(f"**{OPENINGS}")
    assert count_note(page) == f"Openings 1{DASH}25 of {ML_OPEN}, newest first."
    page.evaluate("window.marker = 'no reload'")

    page.locator("#filter-seniority-senior").check()
    page.wait_for_url(re.compile(r"\?seniority=senior$"))
    expect(page.locator("#results-count")).to_contain_text("matching your filters")
    settled(page)
    senior_note = count_note(page)
    senior_first = page.locator(".posting-card h2 a").first.inner_text()
    assert all("Senior" in tags for tags in card_tags(page))
    expect(page.locator(".chip--remove")).to_have_text([re.compile(r"^Remove filter Senior\W*$")])
    assert page.evaluate("window.marker") == "no reload"

    page.select_option("#filter-technology", "python")
    page.wait_for_url(re.compile(r"technology=python"))
    assert query(page) == [("seniority", "senior"), ("technology", "python")]
    expect(page.locator(".chip--remove")).to_have_count(2)
    settled(page)
    assert count_note(page) != senior_note
    assert all({"Senior", "Python"} <= set(tags) for tags in card_tags(page))
    # The facet counts were refreshed out of band: Senior now counts Python postings only.
    total = page.locator("#results-count strong").inner_text()
    assert page.locator("label[for=filter-seniority-senior] .facet__count").inner_text() == total
    assert page.evaluate("window.marker") == "no reload"
    assert page.title().startswith(f"{ROLE} openings (filtered)")

    page.go_back()
    page.wait_for_url(re.compile(r"\?seniority=senior$"))
    expect(page.locator("#filter-technology")).to_have_value("")
    expect(page.locator("#filter-seniority-senior")).to_be_checked()
    expect(page.locator("#results-count")).to_have_text(re.compile(re.escape(senior_note)))
    assert page.locator(".posting-card h2 a").first.inner_text() == senior_first

    apply = open_first_posting(page)
    assert apply.get_attribute("href").startswith("https://")
    assert page.locator(".facts dt:text-is('Seniority') + dd").inner_text() == "Senior"


def test_search_chips_and_pager_update_in_place(page):
    page.goto("/jobs/?seniority=senior&remote=1")
    page.evaluate("window.marker = 'no reload'")
    page.fill("#filter-q", "platform")
    page.wait_for_url(re.compile(r"q=platform"))
    settled(page)
    expect(page.locator("#filter-q")).to_have_value("platform")  # not overwritten as typed
    expect(page.locator(".chip--remove")).to_have_count(3)

    page.get_by_role("link", name="Remove filter “platform”").click()
    page.wait_for_url(re.compile(r"\?seniority=senior&remote=1$"))
    expect(page.locator("#filter-q")).to_have_value("")
    page.get_by_role("link", name="Remove filter Remote").click()
    page.wait_for_url(re.compile(r"\?seniority=senior$"))
    expect(page.locator("#filter-remote")).not_to_be_checked()
    settled(page)

    page.get_by_role("navigation", name="Pages of openings").get_by_role("link", name=NEXT).click()
    page.wait_for_url(re.compile(r"\?seniority=senior&page=2$"))
    expect(page.locator("#results-count")).to_contain_text(f"Openings 26{DASH}50 of")
    expect(page.locator(".pager a[aria-current=page]")).to_have_text("2")
    assert page.evaluate("window.marker") == "no reload"

    page.get_by_role("link", name="Clear all filters").click()
    page.wait_for_url(re.compile(r"/jobs/$"))
    expect(page.locator(".chip--remove")).to_have_count(0)
    expect(page.locator("#filter-seniority-senior")).not_to_be_checked()
    assert page.evaluate("window.marker") == "no reload"


def test_reader_journey_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/")
    page.get_by_role("link", name=ROLE, exact=True).click()
    page.wait_for_url(f"**{GUIDE}")
    page.get_by_role("link", name=f"Browse all {ROLE} openings").click()
    page.wait_for_url(f"**{OPENINGS}")

    page.locator("#filter-seniority-senior").check()
    page.get_by_role("button", name="Show openings").click()
    page.wait_for_url(re.compile(r"\?.*seniority=senior"))
    senior_note = count_note(page)
    assert "matching your filters" in senior_note
    assert all("Senior" in tags for tags in card_tags(page))

    page.select_option("#filter-technology", "python")
    page.get_by_role("button", name="Show openings").click()
    page.wait_for_url(re.compile(r"technology=python"))
    # A plain form sends every field, empty ones too; the filters it names still apply.
    assert ("technology", "python") in query(page)
    assert all({"Senior", "Python"} <= set(tags) for tags in card_tags(page))

    page.get_by_role("link", name="Remove filter Python").click()
    page.wait_for_url(re.compile(r"\?seniority=senior$"))
    assert count_note(page) == senior_note
    page.get_by_role("link", name=NEXT).click()
    page.wait_for_url(re.compile(r"\?seniority=senior&page=2$"))
    assert count_note(page).startswith(f"Openings 26{DASH}50 of")
    page.go_back()
    page.wait_for_url(re.compile(r"\?seniority=senior$"))
    expect(page.locator("#filter-seniority-senior")).to_be_checked()

    open_first_posting(page)


def parse_feed(http, url):
    """(kind, [(title, link)]) of an RSS or Atom feed; fails unless it is well-formed XML."""
    response = http.get(url)
    assert response.status == 200, url
    root = ET.fromstring(response.body())
    if root.tag == "rss":
        items = root.findall("./channel/item")
        return "rss", [(item.findtext("title"), item.findtext("link")) for item in items]
    assert root.tag == f"{ATOM}feed", root.tag
    entries = root.findall(f"{ATOM}entry")
    return "atom", [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href")) for entry in entries
    ]


def test_feeds_named_by_the_pages_parse(page, http):
    """The feeds a reader's feed reader finds: those the page heads name."""
    page.goto(OPENINGS)
    feeds = page.locator("head link[rel=alternate]").evaluate_all(
        "links => links.map(link => [link.type, link.href])"
    )
    assert [kind for kind, _ in feeds] == ["application/rss+xml", "application/atom+xml"]
    for _, url in feeds:
        kind, items = parse_feed(http, url)
        assert len(items) == 25, url  # the list's first page
        assert items[0] == (
            "Senior Machine Learning Engineer II, NLU & Agentic AI at Moveworks (acquired by "
            "ServiceNow)",
            items[0][1],
        )
        for title, link in items:
            assert title and re.search(r"/jobs/\d+/$", link), (kind, title, link)
    # The link of an item is the posting's page.
    page.goto(items[0][1])
    expect(page.locator("h1")).to_have_text("Senior Machine Learning Engineer II, NLU & Agentic AI")


@pytest.mark.parametrize("url", ["/jobs/feed/rss/", "/jobs/feed/atom/"])
def test_feeds_of_every_role_parse(http, url):
    kind, items = parse_feed(http, url)
    assert kind in url
    assert len(items) == 25


def test_sitemap_and_robots(http):
    sitemap = ET.fromstring(http.get("/sitemap.xml").body())
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    paths = {urlsplit(loc.text).path for loc in sitemap.iter(f"{namespace}loc")}
    assert {"/", "/roles/", GUIDE, OPENINGS, "/jobs/"} <= paths
    robots = http.get("/robots.txt").text()
    assert "Disallow: /admin/" in robots
    assert re.search(r"^Sitemap: http://\S+/sitemap\.xml$", robots, re.MULTILINE)


def test_phone_reader_can_use_the_menu_and_the_filters(phone):
    phone.goto(OPENINGS)
    for name in ["Guides", "Openings"]:
        box = phone.get_by_role("navigation", name="Main").get_by_role("link", name=name)
        box = box.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, name

    phone.evaluate("window.marker = 'no reload'")
    expect(phone.locator("#filter-location")).to_be_hidden()  # folded behind the toggle
    phone.get_by_text("Filters", exact=True).click()
    phone.select_option("#filter-location", "london")
    phone.wait_for_url(re.compile(r"\?location=london$"))
    settled(phone)
    phone.locator("label[for=filter-seniority-senior]").click()
    phone.wait_for_url(re.compile(r"seniority=senior"))
    settled(phone)
    assert query(phone) == [("seniority", "senior"), ("location", "london")]
    total = phone.locator("#results-count strong").inner_text()
    show = phone.get_by_role("button", name=f"Show {total} opening{'' if total == '1' else 's'}")
    show.click()
    # The panel folds and the reader is taken to the results it chose.
    expect(phone.locator("#filters-panel")).not_to_have_attribute("open", "")
    expect(phone.locator("#results-count")).to_be_focused()
    expect(phone.locator(".posting-card").first).to_be_in_viewport()
    assert all("Senior" in tags for tags in card_tags(phone))
    assert phone.evaluate("window.marker") == "no reload"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "role-openings-phone-filtered")


def test_links_in_the_results_keep_their_place_and_postings_open_as_pages(page):
    """Chips leave the scroll where it is, the pager brings the results count to the top,
    the current page and the postings are plain links."""
    page.goto("/jobs/?seniority=senior&remote=1")
    page.evaluate("window.marker = 'no reload'")
    page.evaluate("scrollTo(0, 200)")
    page.get_by_role("link", name="Remove filter Remote").click()
    page.wait_for_url(re.compile(r"\?seniority=senior$"))
    settled(page)
    assert page.evaluate("scrollY") == 200

    page.evaluate("scrollTo(0, document.body.scrollHeight)")
    page.get_by_role("navigation", name="Pages of openings").get_by_role("link", name=NEXT).click()
    page.wait_for_url(re.compile(r"\?seniority=senior&page=2$"))
    settled(page)
    assert abs(page.locator("#results-count").evaluate("e => e.getBoundingClientRect().top")) <= 1
    assert page.evaluate("window.marker") == "no reload"

    history = page.evaluate("history.length")
    page.locator(".pager a[aria-current=page]").click()
    page.wait_for_load_state()
    assert page.evaluate("window.marker") is None  # a plain link: no second history entry
    assert page.evaluate("history.length") == history

    page.evaluate("window.marker = 'no reload'")
    open_first_posting(page)
    assert page.evaluate("window.marker") is None
