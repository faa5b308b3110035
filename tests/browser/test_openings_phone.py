"""Issue 15 in a browser: on a 375 px phone the first posting is on the first screen, the
filter panel opens and closes by keyboard and the live count is announced; every new
control keeps the URL, the back button and the focus right; the new states pass axe and
the Nu HTML Checker."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import accessibility_violations, html_errors, posting_path, screenshot

OPENINGS = "/roles/machine-learning-engineer/jobs/"
SEARCH = "/jobs/?posted=7&salary_min=150000&currency=USD"
BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"
PHONE_HEIGHT = 812


def settled(page):
    expect(page.locator(BUSY)).to_have_count(0)


def focused_id(page):
    return page.evaluate("document.activeElement.id")


@pytest.mark.parametrize(
    ("name", "path"),
    [("openings", "/jobs/"), ("role-openings", OPENINGS), ("openings-search", SEARCH)],
)
def test_the_first_posting_is_on_the_first_screen(phone, name, path):
    phone.goto(path)
    expect(phone.locator("#filters-panel")).not_to_have_attribute("open", "")
    title = phone.locator(".posting-card h2").first.bounding_box()
    assert title["y"] + title["height"] <= PHONE_HEIGHT, title
    toggle = phone.locator("#filters-panel > summary").bounding_box()
    assert toggle["y"] + toggle["height"] <= PHONE_HEIGHT
    screenshot(phone, f"{name}-panel-closed")


def test_the_filter_panel_opens_and_closes_by_keyboard(phone):
    phone.goto("/jobs/")
    panel = phone.locator("#filters-panel")
    phone.locator("#filter-q").focus()
    phone.keyboard.press("Tab")
    expect(phone.locator("#filters-panel > summary")).to_be_focused()
    assert "Filters" in phone.locator("#filters-panel").aria_snapshot()
    expect(phone.locator("#filter-seniority-senior")).to_be_hidden()

    phone.keyboard.press("Enter")
    expect(panel).to_have_attribute("open", "")
    expect(phone.locator("#filter-seniority-senior")).to_be_visible()
    screenshot(phone, "openings-panel-open")
    assert accessibility_violations(phone) == []
    assert html_errors(phone.content()) == []
    phone.keyboard.press("Tab")  # into the panel
    expect(phone.get_by_role("link", name="Skip to the results")).to_be_focused()

    phone.keyboard.press("Escape")  # folds it and gives the focus back to the toggle
    expect(panel).not_to_have_attribute("open", "")
    expect(phone.locator("#filters-panel > summary")).to_be_focused()

    phone.keyboard.press("Space")
    expect(panel).to_have_attribute("open", "")
    phone.keyboard.press("Enter")
    expect(panel).not_to_have_attribute("open", "")


def test_the_live_count_is_announced_and_shown_on_the_button(phone):
    phone.goto(OPENINGS)
    phone.evaluate("window.marker = 'no reload'")
    status = phone.get_by_role("status")
    expect(status).to_have_count(1)
    status.evaluate("element => element.dataset.kept = 'yes'")  # updated, never replaced
    phone.locator("#filters-panel > summary").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("button", name="Show openings")).to_be_visible()

    phone.locator("#filter-posted-7").focus()
    phone.keyboard.press("Space")
    phone.wait_for_url(re.compile(r"\?posted=7$"))
    settled(phone)
    expect(status).to_contain_text("matching your filters")
    assert status.get_attribute("data-kept") == "yes"  # a live region announces changes
    total = phone.locator("#results-count strong").inner_text()
    show = phone.get_by_role("button", name=f"Show {total} openings")
    expect(show).to_be_visible()
    expect(phone.locator("#filters-panel > summary")).to_have_text(re.compile(r"^Filters \(1\)"))
    assert focused_id(phone) == "filter-posted-7"  # focus came back to the same control
    assert phone.evaluate("window.marker") == "no reload"
    screenshot(phone, "openings-live-count")
    assert accessibility_violations(phone) == []
    assert html_errors(phone.content()) == []

    show.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("#filters-panel")).not_to_have_attribute("open", "")
    expect(status).to_be_focused()
    expect(phone.locator(".posting-card").first).to_be_in_viewport()
    assert phone.evaluate("window.marker") == "no reload"


def test_new_controls_keep_the_url_the_back_button_and_the_focus(page):
    page.goto("/jobs/")
    page.evaluate("window.marker = 'no reload'")

    page.locator("#filter-employment-contractor").focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"\?employment_type=CONTRACTOR$"))
    settled(page)
    assert focused_id(page) == "filter-employment-contractor"
    contract_count = page.locator("#results-count").inner_text()

    page.locator("#filter-salary-min").press_sequentially("90000", delay=60)
    page.wait_for_url(re.compile(r"salary_min=90000&currency=USD$"))
    settled(page)
    expect(page.locator("#filter-salary-min")).to_have_value("90000")  # not overwritten
    assert focused_id(page) == "filter-salary-min"
    expect(page.locator(".pay-note")).to_contain_text("Left out:")

    page.locator("#filter-sort").focus()
    page.select_option("#filter-sort", "pay")
    page.wait_for_url(re.compile(r"&sort=pay$"))
    settled(page)
    expect(page.locator("#results-count")).to_contain_text("highest pay first")
    assert focused_id(page) == "filter-sort"
    pays = page.locator(".posting-card .tag--salary").all_inner_texts()
    assert pays, "pay sorted postings show their pay"

    page.locator("#filter-company").focus()
    page.select_option("#filter-company", index=1)
    page.wait_for_url(re.compile(r"\?company=[\w-]+&employment_type=CONTRACTOR"))
    settled(page)
    assert focused_id(page) == "filter-company"
    assert page.evaluate("window.marker") == "no reload"

    # Back: htmx keeps no copies of pages (historyCacheSize 0), so each step back loads
    # the address afresh, and the controls must show what that address says.
    page.go_back()
    page.wait_for_url(re.compile(r"\?employment_type=CONTRACTOR&salary_min=90000&currency=USD"))
    page.wait_for_load_state()
    expect(page.locator("#filter-company")).to_have_value("")
    expect(page.locator("#filter-sort")).to_have_value("pay")
    page.go_back()
    page.wait_for_url(re.compile(r"salary_min=90000&currency=USD$"))
    page.wait_for_load_state()
    expect(page.locator("#results-count")).to_contain_text("newest first")
    expect(page.locator("#filter-sort")).to_have_value("newest")
    expect(page.locator("#filter-salary-min")).to_have_value("90000")

    # A chip removes one value; the pay box is emptied (only typing leaves it alone).
    page.evaluate("window.marker = 'no reload'")
    page.get_by_role("link", name="Remove filter At least $90,000 a year").click()
    page.wait_for_url(re.compile(r"\?employment_type=CONTRACTOR$"))
    settled(page)
    expect(page.locator("#filter-salary-min")).to_have_value("")
    assert page.locator("#results-count").inner_text() == contract_count
    assert page.evaluate("window.marker") == "no reload"


def test_the_search_with_pay_and_recency_and_its_feeds(page, http):
    import feedparser

    page.goto(SEARCH)
    screenshot(page, "openings-search")
    expect(page.locator(".chip--remove")).to_have_text(
        [re.compile("Past 7 days"), re.compile(r"At least \$150,000 a year")]
    )
    shown = [
        link.split("/jobs/", 1)[1]
        for link in page.locator(".posting-card h2 a").evaluate_all(
            "links => links.map(link => link.href)"
        )
    ]
    for kind in ("RSS", "Atom"):
        href = page.get_by_role("link", name=kind, exact=True).first.get_attribute("href")
        assert href.endswith("?posted=7&salary_min=150000&currency=USD")
        feed = feedparser.parse(http.get(href).body())
        assert not feed.bozo and feed.version == ("rss20" if kind == "RSS" else "atom10")
        assert [entry.link.split("/jobs/", 1)[1] for entry in feed.entries] == shown


def test_the_posting_page(page, phone):
    path = posting_path("open")
    for reader in (page, phone):
        reader.goto(path)
        expect(reader.locator(".posting-description h3").first).to_be_visible()
        expect(reader.locator(".provenance")).to_contain_text("Where this comes from")
        expect(reader.locator(".glance")).to_contain_text("at a glance")
        screenshot(reader, "posting-redesigned")
    assert accessibility_violations(phone) == []
