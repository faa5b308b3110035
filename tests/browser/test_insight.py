"""A reader meets a guide's market figures first, keeps its side column in view, and
compares roles without JavaScript (every page's axe and Nu checks: test_quality.py)."""

import re

from .conftest import screenshot

GUIDE = "/roles/machine-learning-engineer/"
COMPARE = "/roles/compare/?roles=data-engineer&roles=machine-learning-engineer"


def top(page, selector):
    return page.evaluate(
        "selector => document.querySelector(selector).getBoundingClientRect().top + scrollY",
        selector,
    )


def test_on_a_phone_at_a_glance_comes_before_the_long_text(phone):
    phone.goto(GUIDE)
    glance, overview = top(phone, "#at-a-glance"), top(phone, "#overview")
    assert glance < overview
    assert glance < phone.viewport_size["height"]  # on the first screen
    figures = phone.locator("#at-a-glance dt").all_inner_texts()
    assert figures == [
        "Open postings",
        "Median advertised pay",
        "New postings, last 30 days",
        "Most common level",
        "Remote",
        "Top technology",
    ]
    # Two figures a row: the six fit in about one screen.
    boxes = phone.locator("#at-a-glance .figure").evaluate_all(
        "figures => figures.map(f => Math.round(f.getBoundingClientRect().left))"
    )
    assert len(set(boxes)) == 2
    screenshot(phone, "guide-at-a-glance")


def test_on_a_desktop_the_side_column_stays_in_view(page):
    page.goto(GUIDE)
    aside = page.locator(".guide__aside")
    for anchor in ["#skills", "#salary", "#faq"]:
        page.locator(anchor).scroll_into_view_if_needed()
        box = aside.bounding_box()
        assert 0 <= box["y"] < page.viewport_size["height"], anchor
    body, side = page.locator(".guide__body").bounding_box(), aside.bounding_box()
    assert side["x"] > body["x"] + body["width"]  # beside the text, not under it


def test_the_guide_compares_with_another_without_javascript(no_js_page):
    no_js_page.goto(GUIDE)
    no_js_page.select_option("#compare-with", "data-engineer")
    no_js_page.get_by_role("button", name="Compare", exact=True).click()
    # Whatever order the form sends, the comparison lives at one address.
    no_js_page.wait_for_url(re.compile(re.escape(COMPARE) + "$"))
    heads = no_js_page.locator(".compare-table thead th").all_inner_texts()
    assert heads == ["Data Engineer", "Machine Learning Engineer"]


def test_the_catalog_compares_the_ticked_guides_without_javascript(no_js_page):
    no_js_page.goto("/roles/")
    no_js_page.get_by_label("Compare Machine Learning Engineer").check()
    no_js_page.get_by_label("Compare Data Engineer").check()
    no_js_page.get_by_role("button", name="Compare the ticked guides").click()
    no_js_page.wait_for_url(re.compile(re.escape(COMPARE) + "$"))
    assert no_js_page.locator("h1").inner_text() == "Data Engineer and Machine Learning Engineer"


def test_on_a_phone_the_comparison_scrolls_sideways_under_its_row_names(phone):
    phone.goto(COMPARE)
    region = phone.locator(".compare-scroll")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    names = phone.locator('.compare-table th[scope="row"]').first
    before = names.bounding_box()["x"]
    region.evaluate("region => { region.scrollLeft = region.scrollWidth }")
    assert names.bounding_box()["x"] == before  # the row names stay put
    screenshot(phone, "compare-scrolled")
