"""
Browser tests: Debian's Chromium driven by Playwright against Django's live server, with
the shipped fixtures loaded once for the whole session (run by .ci/run with -m browser).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "screenshots"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)
            # Makes pytest-django create the test database (it sets up only the databases
            # that marked tests ask for); each test's writes are rolled back after it.
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def site(django_db_setup, django_db_blocker):
    """The live server's address, serving the shipped guides and postings."""
    from pytest_django.live_server_helper import LiveServer

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_db_blocker.unblock():
        call_command(
            "loaddata", ROOT / "fixtures/roles.json", ROOT / "fixtures/jobs.json", verbosity=0
        )
        server = LiveServer("localhost:0")
        yield server.url
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, site, viewport, javascript=True):
    context = browser.new_context(base_url=site, viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.problems = []
    page.on(
        "console", lambda message: message.type == "error" and page.problems.append(message.text)
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return context, page


@pytest.fixture
def page(browser, site):
    context, page = _new_page(browser, site, DESKTOP)
    yield page
    context.close()
    assert page.problems == [], "the browser reported errors (CSP, scripts)"


@pytest.fixture
def phone(browser, site):
    context, page = _new_page(browser, site, PHONE)
    yield page
    context.close()
    assert page.problems == []


@pytest.fixture
def no_js_page(browser, site):
    context, page = _new_page(browser, site, DESKTOP, javascript=False)
    yield page
    context.close()


def screenshot(page, name=None):
    """Full-page picture for people to look at; the folder is not committed."""
    SCREENSHOTS.mkdir(exist_ok=True)
    if name is None:
        path = page.url.split("//", 1)[-1].split("/", 1)[-1]
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    width = page.viewport_size["width"]
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


def html_errors(html):
    """Errors the Nu HTML Checker finds in a page (empty list: valid)."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail("The Nu HTML Checker needs Java and node_modules/vnu-jar (npm install)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "text", "-"],
        input=html.encode(),
        capture_output=True,
        timeout=120,
    )
    output = result.stderr.decode() + result.stdout.decode()
    return [line for line in output.splitlines() if line.startswith(("Error", "error"))]


def accessibility_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]
