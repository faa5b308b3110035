"""A reader on the home page, the catalog and a guide, in a real browser (every page
type's accessibility, markup and phone layout: test_quality.py)."""

import re

from playwright.sync_api import expect

from tests.seed import GUIDE_OPEN, ML_OPEN, SEED_NEWEST, SEED_OPEN, SEED_RELATED

from .conftest import accessibility_violations

GUIDE = "/roles/machine-learning-engineer/"


def test_catalog_search_filters_as_you_type_and_back_restores(page):
    page.goto("/roles/")
    page.evaluate("window.notReloaded = true")
    assert page.locator(".role-card").count() == len(GUIDE_OPEN)
    page.fill("#guide-search", "replication")
    page.wait_for_url(re.compile(r"q=replication"))
    expect(page.locator(".role-card")).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True  # updated in place
    page.fill("#guide-search", "")
    expect(page.locator(".role-card")).to_have_count(len(GUIDE_OPEN))
    page.go_back()
    page.wait_for_url(re.compile(r"q=replication"))
    expect(page.locator(".role-card")).to_have_count(1)


def test_guide_shows_every_section_and_the_live_numbers(page):
    page.goto("/")
    page.get_by_role("link", name="Machine Learning Engineer", exact=True).click()
    page.wait_for_url(f"**{GUIDE}")
    for heading in [
        "What the work involves",
        "Skills",
        "Career path",
        "Salary",
        "Frequently asked questions",
        "Related roles",
        "Seniority mix",
        "Most requested technologies",
        "Top locations",
        "Latest openings",
    ]:
        assert page.get_by_role("heading", name=heading).first.is_visible()
    assert page.locator(".big-number strong").inner_text() == str(ML_OPEN)
    latest = page.locator(".opening-list a").all_inner_texts()
    assert latest == SEED_NEWEST
    related = [
        " ".join(text.split())
        for text in page.locator(".related-list .count-badge").all_text_contents()
    ]
    assert related == [f"{SEED_OPEN[slug]} open jobs" for slug in SEED_RELATED]


def test_search_works_without_javascript(no_js_page):
    no_js_page.goto("/roles/")
    no_js_page.fill("#guide-search", "dbt")
    no_js_page.get_by_role("button", name="Search").click()
    no_js_page.wait_for_url(re.compile(r"/roles/\?q=dbt"))
    assert no_js_page.locator(".role-card").count() >= 1
    no_js_page.get_by_role("link", name="Analytics Engineer").first.click()
    assert no_js_page.locator("h1").inner_text() == "Analytics Engineer"


def test_search_results_updated_by_htmx_are_accessible(page):
    page.goto("/roles/")
    page.fill("#guide-search", "pipelines")
    page.wait_for_url(re.compile(r"q=pipelines"))
    assert accessibility_violations(page) == []


def test_keyboard_reaches_skip_link_and_shows_focus(page):
    page.goto(GUIDE)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
