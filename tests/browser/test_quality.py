"""Every page type: no axe violations, valid HTML, fits a phone, reachable by keyboard;
with a screenshot of each at 375 and 1280 px (screenshots/, not committed)."""

import re

import pytest
from playwright.sync_api import expect

from tests.seed import ML_OPEN

from .conftest import (
    accessibility_violations,
    html_errors,
    ignore_missing_page_errors,
    posting_path,
    screenshot,
)

GUIDE = "/roles/machine-learning-engineer/"
OPENINGS = "/roles/machine-learning-engineer/jobs/"

# name: address, or the kind of posting whose page it is; and the status it answers.
PAGE_TYPES = {
    "home": ("/", 200),
    "catalog": ("/roles/", 200),
    "catalog-search": ("/roles/?q=sql", 200),
    "catalog-no-match": ("/roles/?q=zzz", 200),
    "guide": (GUIDE, 200),
    "guide-short": ("/roles/database-administrator/", 200),
    "guide-ai-engineer": ("/roles/ai-engineer/", 200),
    "guide-data-scientist": ("/roles/data-scientist/", 200),
    "guide-site-reliability-engineer": ("/roles/site-reliability-engineer/", 200),
    "guide-research-scientist": ("/roles/research-scientist/", 200),
    "role-openings": (OPENINGS, 200),
    "openings": ("/jobs/", 200),
    "openings-filtered": (
        "/jobs/?q=engineer&seniority=senior&seniority=staff&location=london&remote=0"
        "&technology=python",
        200,
    ),
    "openings-page-ignored": ("/jobs/?page=2&seniority=wizard&technology=%3Cb%3E", 200),
    "openings-past-end": ("/jobs/?remote=1&page=999", 200),
    "openings-none": ("/jobs/?q=zzzzz", 200),
    "openings-pay-recent": ("/jobs/?posted=7&salary_min=150000&currency=USD", 200),
    "openings-sort-pay": ("/roles/machine-learning-engineer/jobs/?currency=CAD&sort=pay", 200),
    "openings-company": (
        "/jobs/?company=moveworks-acquired-by-servicenow&employment_type=FULL_TIME",
        200,
    ),
    "openings-unusable": (
        "/jobs/?salary_min=abc&posted=14&company=nobody&sort=salary&employment_type=gig",
        200,
    ),
    "posting": ("open", 200),
    "posting-closed": ("closed", 200),
    "posting-expired": ("expired", 200),
    "compare": ("/roles/compare/?roles=data-engineer&roles=machine-learning-engineer", 200),
    "compare-four": (
        "/roles/compare/?roles=ai-engineer&roles=data-engineer&roles=data-scientist"
        "&roles=machine-learning-engineer",
        200,
    ),
    "compare-choose": ("/roles/compare/", 200),
    "compare-too-few": ("/roles/compare/?roles=data-engineer", 400),
    "compare-unknown": ("/roles/compare/?roles=data-engineer&roles=no-such-guide", 404),
    "not-found": ("/roles/no-such-guide/", 404),
    "admin-login": ("/admin/login/", 200),
}

# Checked by axe at phone width too: the pages whose layout changes most there (axe costs
# seconds a page; every page type is checked at 1280 px).
PHONE_AXE = {
    "home",
    "catalog",
    "guide",
    "guide-ai-engineer",
    "compare",
    "compare-four",
    "openings-filtered",
    "openings-pay-recent",
    "posting",
    "admin-login",
}


def address(name):
    path, _ = PAGE_TYPES[name]
    return path if path.startswith("/") else posting_path(path)


def visit(page, name):
    response = page.goto(address(name))
    assert response.status == PAGE_TYPES[name][1]
    if response.status in (400, 404):
        ignore_missing_page_errors(page, response.status)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_has_no_accessibility_violations(page, name):
    visit(page, name)
    assert accessibility_violations(page) == []
    screenshot(page, name)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_fits_a_phone(phone, name):
    visit(phone, name)
    widths = phone.evaluate(
        """() => [document.documentElement.scrollWidth,
                  ...[...document.querySelectorAll('body *')]
                      .filter(element => element.getBoundingClientRect().right > innerWidth + 1)
                      .slice(0, 5).map(element => element.outerHTML.slice(0, 120))]"""
    )
    assert widths[0] <= 375, widths[1:]
    if name in PHONE_AXE:
        assert accessibility_violations(phone) == []
    screenshot(phone, name)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_is_valid_html(http, name):
    response = http.get(address(name))
    assert response.status == PAGE_TYPES[name][1]
    assert html_errors(response.text()) == []


def test_the_checkers_do_report_faults(page):
    """Zero findings mean something only if the checkers can find some."""
    assert html_errors("<!doctype html><title>x</title><p><div></p>")
    page.set_content('<html><body><img src="/static/img/logo.svg"><input></body></html>')
    found = accessibility_violations(page)
    assert any(finding.startswith("image-alt") for finding in found), found


def apply_filter_in_place(page):
    page.goto("/jobs/")
    page.evaluate("window.marker = 'no reload'")
    toggle = page.locator("#filters-panel > summary")
    if toggle.is_visible():  # on a phone the filters are folded behind it
        toggle.click()
    page.locator("#filter-remote").check()
    page.wait_for_url(re.compile(r"\?remote=1$"))
    expect(page.locator("#results-count")).to_contain_text("matching your filters")
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    assert page.evaluate("window.marker") == "no reload"


def test_list_updated_in_place_has_no_accessibility_violations(page):
    apply_filter_in_place(page)
    assert accessibility_violations(page) == []
    # The document as htmx left it (the partial response alone is not a page).
    assert html_errors(page.content()) == []
    screenshot(page, "openings-updated-in-place")


def test_list_updated_in_place_on_a_phone(phone):
    apply_filter_in_place(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert accessibility_violations(phone) == []
    screenshot(phone, "openings-updated-in-place")


FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)


@pytest.mark.parametrize(
    "name", ["role-openings", "openings-filtered", "guide", "posting", "home", "not-found"]
)
def test_every_control_is_reached_by_keyboard_with_visible_focus(page, name):
    visit(page, name)
    # A group of radio buttons is one stop for Tab, its checked button (arrows move within).
    controls = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(element => element.getClientRects().length && !element.disabled)
            .filter(element => element.type !== 'radio' || element.checked
                || !element.form.querySelector(`[name="${element.name}"]:checked`))
            .map((element, index) => {
                element.dataset.control = index;
                return (element.id ? '#' + element.id + ' ' : '')
                    + (element.textContent.trim() || element.name || element.tagName)
                        .replace(/\\s+/g, ' ').slice(0, 40);
            })""",
        FOCUSABLE,
    )
    reached = {}
    for _ in range(len(controls) + 3):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                const box = element.getBoundingClientRect();
                return {
                    control: element.dataset.control,
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0
                        && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
                };
            }"""
        )
        if focus["control"] is not None:
            reached[int(focus["control"])] = focus
    assert [label for index, label in enumerate(controls) if index not in reached] == []
    assert [controls[index] for index, focus in reached.items() if not focus["outline"]] == []
    assert [controls[index] for index, focus in reached.items() if not focus["onScreen"]] == []


def test_filters_show_focus_and_move_on_in_reading_order(page):
    page.goto(OPENINGS)
    page.locator("#filter-q").focus()
    order = []
    for _ in range(40):
        element = page.evaluate("document.activeElement.id || document.activeElement.textContent")
        order.append(element.strip())
        if element.strip() == "Show openings":
            break
        page.keyboard.press("Tab")
    assert order[:2] == ["filter-q", "filter-seniority-intern"]
    assert order.index("filter-location") < order.index("filter-remote")
    assert order.index("filter-remote") < order.index("filter-technology")
    assert order[-1] == "Show openings"
    screenshot(page, "role-openings-keyboard-focus")


@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_charts_read_as_text(request, viewport):
    """The seniority, technology and place bars and the pay ranges say their numbers in
    words a screen reader reads, with nothing cut off, and the graphics stay out of the way."""
    page = request.getfixturevalue(viewport)
    page.goto(GUIDE)
    bars = page.locator(".bars--levels .bar")
    rows = [" ".join(text.split()) for text in bars.all_inner_texts()]
    counts = [re.fullmatch(r"(.+) (\d+) · (\d+)%", row) for row in rows]
    assert all(counts), rows
    assert sum(int(match.group(2)) for match in counts) == ML_OPEN
    assert sum(int(match.group(3)) for match in counts) == 100
    tree = page.locator(".bars--levels").aria_snapshot()
    for match in counts:
        assert f"{match.group(1)} {match.group(2)} · {match.group(3)}%" in tree
    assert "img" not in tree and "svg" not in tree
    texts = page.locator(".bar__label, .bar__value, .rank-list li > a, .pay-row__figures")
    clipped = texts.evaluate_all(
        "spans => spans.filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent)"
    )
    assert clipped == []
    technologies = page.locator("#technologies .bars").aria_snapshot()
    assert re.search(r'link "Python".*?text: \d+ · \d+%', technologies, re.S), technologies
    assert "img" not in technologies
    pay = page.locator("#salary .pay-chart").aria_snapshot()
    assert re.search(
        r"All levels \d+ with pay.*25th percentile \$[\d,]+.*median.*\$[\d,]+", pay, re.S
    ), pay
    assert "img" not in pay and "svg" not in pay
