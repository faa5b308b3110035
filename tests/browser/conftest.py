"""
Browser tests: Debian's Chromium driven by Playwright against Django's live server, with
the shipped fixtures loaded once for the whole session (run by .ci/run with -m browser).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
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
        call_command("load_fixtures", verbosity=0)
        server = LiveServer("localhost:0")
        yield server.url
        server.stop()


# Autouse: started inside a test (a fixture asked for by name while the test's transaction
# is open), Playwright's greenlets leave that transaction unfinished at teardown.
@pytest.fixture(scope="session", autouse=True)
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, site, viewport, javascript=True):
    # Reduced motion turns smooth scrolling off, so that where a link or focus lands can be
    # measured at once.
    context = browser.new_context(
        base_url=site, viewport=viewport, java_script_enabled=javascript, reduced_motion="reduce"
    )
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
    # caret="initial": hiding the caret injects a style, which our CSP refuses (a console error).
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True, caret="initial")


_nu_checker = {}


@pytest.fixture(scope="session", autouse=True)
def nu_checker():
    """The Nu HTML Checker as a local web service, started once: a JVM per page would cost
    seconds each. It warms up while the first tests run; `html_errors` waits for it."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        yield None
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                java,
                # The quick compiler alone starts it in a third of the time and CPU; its
                # larger frames need a bigger stack for the schema's deep recursion.
                "-XX:TieredStopAtLevel=1",
                "-Xss8m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        _nu_checker.update(url=f"http://127.0.0.1:{port}/?out=json", process=process, log=log)
        yield process
        _nu_checker.clear()
        process.terminate()
        process.wait(timeout=30)


def html_errors(html):
    """Errors the Nu HTML Checker finds in a page (empty list: valid)."""
    if not _nu_checker:
        pytest.fail("The Nu HTML Checker needs Java and node_modules/vnu-jar (npm ci)")
    request = urllib.request.Request(
        _nu_checker["url"],
        data=html.encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                messages = json.load(response)["messages"]
            break
        except OSError:
            if _nu_checker["process"].poll() is not None:
                _nu_checker["log"].seek(0)
                output = _nu_checker["log"].read().decode(errors="replace")
                pytest.fail(f"The Nu HTML Checker stopped:\n{output[-2000:]}")
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)
    return [
        f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


def accessibility_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]


@pytest.fixture(scope="session")
def http(browser, site):
    """Plain HTTP requests to the live server (no page), for markup, feeds and statuses."""
    context = browser.new_context(base_url=site)
    yield context.request
    context.close()


def posting_path(kind, role="machine-learning-engineer"):
    """The page of one shipped posting of `role`: "open", "closed" or "expired"."""
    from jobs.models import JobPosting

    postings = JobPosting.objects.filter(role__slug=role).order_by("pk")
    if kind == "open":
        posting = postings.open().first()
    elif kind == "closed":
        posting = postings.filter(status=JobPosting.Status.CLOSED).first()
    else:
        posting = postings.past_expiry().first()
    assert posting is not None, f"the fixtures have no {kind} {role} posting"
    return posting.get_absolute_url()


def ignore_missing_page_errors(page, status=404):
    """A 404 (or 400) page is reported to the console as a failed load: expected there, not
    a fault. Only the page itself: a missing stylesheet or script on it is still reported."""
    missing = [problem for problem in page.problems if f"status of {status}" in problem]
    if missing:
        page.problems.remove(missing[0])
