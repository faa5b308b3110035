"""A reader on the home page, the catalog and a guide, in a real browser (every page
type's accessibility, markup and phone layout: test_quality.py)."""

import re

import pytest
from playwright.sync_api import expect

from tests.seed import GUIDE_OPEN, ML_OPEN, SEED_NEWEST, SEED_OPEN, SEED_RELATED

from .conftest import accessibility_violations

GUIDE = "/roles/machine-learning-engineer/"
NEXT_TO_ML = ["data-scientist", "mlops-engineer", "ai-engineer"]


def test_catalog_search_filters_as_you_type_and_back_restores(page):
    page.goto("/roles/")
    page.evaluate("window.notReloaded = true")
    assert page.locator(".role-card").count() == len(GUIDE_OPEN)
    assert page.locator(".family h2").all_inner_texts() == [
        "Data and analytics",
        "Data engineering and databases",
        "Machine learning and AI",
        "Software and infrastructure",
    ]
    page.fill("#guide-search", "on-call")
    page.wait_for_url(re.compile(r"q=on-call"))
    expect(page.locator(".role-card h2").first).to_have_text("Site Reliability Engineer")
    assert page.locator(".family").count() == 0  # ranked, not grouped
    assert page.evaluate("window.notReloaded") is True  # updated in place
    page.fill("#guide-search", "")
    expect(page.locator(".role-card")).to_have_count(len(GUIDE_OPEN))
    page.go_back()
    page.wait_for_url(re.compile(r"q=on-call"))
    expect(page.locator(".role-card h2").first).to_have_text("Site Reliability Engineer")


def test_guide_shows_every_section_and_the_live_numbers(page):
    page.goto("/")
    page.get_by_role("link", name="Machine Learning Engineer", exact=True).click()
    page.wait_for_url(f"**{GUIDE}")
    for heading in [
        "What is a machine learning engineer?",
        "What does a machine learning engineer do?",
        "What skills does a machine learning engineer need?",
        "How do you become a machine learning engineer?",
        "Which certifications help?",
        "How does a career as a machine learning engineer progress?",
        "What is it like to work as a machine learning engineer?",
        "How much does a machine learning engineer earn?",
        "What else is the job called?",
        "Frequently asked questions",
        "Which related roles are worth a look?",
        "Sources",
        "Machine Learning Engineer at a glance",
        "Which technologies do Machine Learning Engineer postings ask for?",
        "Are Machine Learning Engineer postings rising or falling?",
        "Which levels are hiring now?",
        "Advertised pay in open postings",
        "Where are the jobs, and who is hiring?",
        "Top places",
        "Top employers",
        "Latest openings",
    ]:
        assert page.get_by_role("heading", name=heading, exact=True).first.is_visible()
    toc = page.get_by_role("navigation", name="On this page").get_by_role("link")
    for link in toc.all():  # every entry of the table of contents leads to its section
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, target
    assert page.locator("#at-a-glance .figure__value").first.inner_text() == str(ML_OPEN)
    latest = page.locator(".opening-list a").all_inner_texts()
    assert latest == SEED_NEWEST
    related = [
        " ".join(text.split())
        for text in page.locator(".related-list .count-badge").all_text_contents()
    ]
    # The seed's three first, then the guides a reader of it would consider next.
    assert related[:3] == [f"{SEED_OPEN[slug]} open jobs" for slug in SEED_RELATED]
    assert related[3:] == [f"{GUIDE_OPEN[slug]} open jobs" for slug in NEXT_TO_ML]


@pytest.mark.parametrize("start", ["/", "/roles/"])
def test_search_works_without_javascript(no_js_page, start):
    no_js_page.goto(start)
    no_js_page.fill("#guide-search", "dbt")
    no_js_page.get_by_role("button", name="Search").click()
    no_js_page.wait_for_url(re.compile(r"/roles/\?q=dbt"))
    assert no_js_page.locator(".role-card h2").first.inner_text() == "Analytics Engineer"
    no_js_page.get_by_role("link", name="Analytics Engineer").first.click()
    assert no_js_page.locator("h1").inner_text() == "Analytics Engineer"


def test_home_leads_to_every_family_and_the_market_now(page):
    page.goto("/")
    figures = page.locator(".site-figures dd").all_inner_texts()
    assert figures == [f"{sum(GUIDE_OPEN.values()):,}", str(len(GUIDE_OPEN)), figures[2]]
    assert int(figures[2]) > 50  # employers hiring
    assert page.locator(".opening-list a").count() == 6
    assert page.locator(".trend-table tbody tr").count() == 5
    page.get_by_role("link", name="Software and infrastructure").click()
    page.wait_for_url("**/roles/#software-infrastructure")
    assert page.locator("#software-infrastructure .role-card").count() == 5


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
