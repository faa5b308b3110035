"""
Hostile query strings and headers: whatever a reader's browser (or a script) sends, public
pages answer below 500, mail nobody, store nothing, and keep the shared cache to the pages
readers can actually ask for.
"""

import logging
import random
import re
import socket
import time
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver

from careerguide.cache import ENTRY_PREFIX
from careerguide.errormail import ThrottledAdminEmailHandler
from jobs.filters import MAX_SEARCH_WORDS, websearch_text
from jobs.models import JobPosting
from tests.factories import make_company, make_posting, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def openings():
    role = make_role(slug="data-engineer", title="Data Engineer")
    make_posting(role=role, title="Senior Data Engineer, Streaming")
    make_posting(role=role, title="Data Engineer (Python)")
    return role


def errors_logged(caplog):
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


def anonymous():
    return Client(raise_request_exception=False)


# 3. Search text the database cannot parse ---------------------------------------------------

HOSTILE_SEARCHES = [
    "-" * 33,
    "- " * 40,
    "(-" * 40,
    "-" * 5000,
    "!" * 300 + "&" * 300 + "|" * 300,
    "(((((((((((((((((((((((((((((((((((((((a",
    '"' * 101,
    "a <-> b <-> c <-> " * 40,
    "a:* & b:*A & !c" * 30,
    "or " * 100,
    "-" + "-a" * 500,
    "x" * 5000,
    "\\" * 200,
]


@pytest.mark.parametrize("text", HOSTILE_SEARCHES, ids=range(len(HOSTILE_SEARCHES)))
@pytest.mark.parametrize("path", ["/jobs/", "/roles/data-engineer/jobs/", "/roles/"])
def test_search_text_never_reaches_the_parsers_limits(openings, unchanged, caplog, path, text):
    with unchanged():
        response = anonymous().get(path, {"q": text})
    assert response.status_code == 200
    assert errors_logged(caplog) == []


def test_search_still_finds_words_phrases_and_exclusions(openings):
    def titles(q):
        page = anonymous().get("/jobs/", {"q": q}).content.decode()
        return [title for title in ("Streaming", "(Python)") if title in page]

    assert titles("streaming") == ["Streaming"]
    assert titles("data engineer") == ["Streaming", "(Python)"]
    if connection.vendor == "postgresql":  # the rest is full-text search's
        assert titles("data -streaming") == ["(Python)"]
        assert titles("streaming or python") == ["Streaming", "(Python)"]
        assert titles('"senior data engineer"') == ["Streaming"]
        assert titles('"engineer senior"') == []


def test_rebuilt_search_text_always_parses(openings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's tsquery parser only")
    rng = random.Random(17)
    alphabet = "-()!&|:*<>\"' \\ab1.+#"
    texts = ["".join(rng.choices(alphabet, k=rng.randint(1, 300))) for _ in range(500)]
    with connection.cursor() as cursor:
        for text in texts:
            rebuilt = websearch_text(text)
            assert len(rebuilt.split()) <= 2 * MAX_SEARCH_WORDS
            cursor.execute("SELECT websearch_to_tsquery('english', %s)", [rebuilt])


@pytest.mark.urls("tests.production.urls")
def test_a_value_the_database_refuses_is_a_400_not_a_500(caplog):
    response = anonymous().get("/test/refused-value/")
    assert response.status_code == 400
    assert b"We could not use that request" in response.content
    assert b"secret-detail" not in response.content
    assert errors_logged(caplog) == []  # a reader's mistake: no mail, one warning line
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.levelno > 20] == [
        ("careerguide.faults", "WARNING", "Database refused the request: /test/refused-value/")
    ]


# 4. Control characters in stored text -------------------------------------------------------

FEEDS = [
    "/jobs/feed/rss/",
    "/jobs/feed/atom/",
    "/roles/data-engineer/jobs/feed/rss/",
    "/roles/data-engineer/jobs/feed/atom/",
]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_survive_control_characters_in_any_stored_text(url):
    # Written past the forms (older data, raw SQL): the feed writer drops what XML cannot
    # carry from every field, the guide's title (each item's category) included.
    role = make_role(slug="data-engineer", title="Data\x0bEngineer\x1b")
    company = make_company(name="Acme\x07")
    make_posting(role=role, company=company, title="Lead\x0c", description="Bell \x07")
    response = anonymous().get(url)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    text = "".join(feed.itertext()) + "".join(
        str(e.attrib) for e in feed.iter()
    )  # Atom: attributes
    assert "DataEngineer" in text and "Lead" in text and "Acme" in text


# 10. Mail to the operators on anyone's request ----------------------------------------------


@pytest.fixture
def error_mail(settings):
    """The error-mail handler, fresh, with operators to mail."""
    settings.ADMINS = ["ops@example.com"]
    handler = next(
        h for h in logging.getLogger("django").handlers if isinstance(h, ThrottledAdminEmailHandler)
    )
    handler.flush()
    handler._window_start, handler._sent, handler._left_out = float("-inf"), 0, 0
    mail.outbox.clear()
    yield handler
    handler.flush()


def test_a_refused_host_header_is_never_mailed(error_mail, unchanged):
    with unchanged():
        for number in range(20):
            response = anonymous().get("/", HTTP_HOST=f"attacker-{number}.example")
            assert response.status_code == 400
    error_mail.flush()
    assert mail.outbox == []


@pytest.mark.urls("tests.production.urls")
def test_error_mail_is_limited_and_counts_what_it_left_out(error_mail, unchanged):
    with unchanged():
        for _ in range(30):
            assert anonymous().get("/test/crash/").status_code == 500
    error_mail.flush()
    assert len(mail.outbox) == error_mail.limit == 10
    assert all("RuntimeError" in message.body for message in mail.outbox)

    error_mail._window_start = float("-inf")  # the window has passed
    anonymous().get("/test/crash/")
    error_mail.flush()
    assert len(mail.outbox) == 11
    assert mail.outbox[-1].body.startswith("20 more error(s) since the last mail were not mailed")


@pytest.mark.urls("tests.production.urls")
def test_a_request_never_waits_for_the_mail_server(error_mail, settings):
    # A mail server that accepts and never answers: sending would take its 10 s timeout.
    silent = socket.create_server(("127.0.0.1", 0))
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": silent.getsockname()[1], "timeout": 10},
        }
    }
    try:
        started = time.monotonic()
        assert anonymous().get("/test/crash/").status_code == 500
        assert time.monotonic() - started < 1
    finally:
        silent.close()  # the sender gives up at once


# 11. Tracking parameters and the page cache -------------------------------------------------


def kept_pages():
    """How many whole pages the shared cache holds (LocMem or Redis, as CACHE_URL says)."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        keys = list(backend._cache)
    else:
        mine = f"{backend.key_prefix}:*"  # others may share the Redis database
        keys = [key.decode() for key in backend._cache.get_client().scan_iter(mine)]
    return sum(f"{ENTRY_PREFIX}page:" in key for key in keys)


@pytest.mark.parametrize("path", ["/", "/roles/", "/jobs/", "/roles/data-engineer/"])
def test_tracking_parameters_share_the_page_without_them(openings, path):
    reader = anonymous()
    first = reader.get(path)
    for number in range(300):
        tracked = reader.get(path, {"utm_campaign": f"c{number}", "fbclid": str(number)})
        assert tracked.status_code == 200
    assert kept_pages() == 1
    assert tracked.content == first.content


def test_parameters_a_page_reads_still_tell_pages_apart(openings):
    reader = anonymous()
    # A list asked for with its filters and a tracking parameter is sent to its one
    # address (issue 15); that page is kept once per set of filters.
    for query in ({}, {"q": "streaming"}, {"q": "python"}, {"seniority": "senior"}):
        reader.get("/jobs/", {**query, "utm_source": "mail"}, follow=True)
    assert kept_pages() == 4
    page = reader.get("/jobs/", {"q": "python", "utm_medium": "x"}, follow=True)
    assert b"Streaming" not in page.content


# 12h. Methods a page does not take ----------------------------------------------------------

SAMPLE_ARGUMENTS = {"slug": "data-engineer", "pk": None}  # pk: the fixture's posting


def public_urls(posting_pk):
    """One address per URL pattern outside the admin, new ones included automatically."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    values = {**SAMPLE_ARGUMENTS, "pk": str(posting_pk)}
    urls = []
    for route in walk(get_resolver().url_patterns):
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        assert set(names) <= set(values), f"give {route} sample arguments"
        urls.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], route))
    return urls


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "PUT", "PATCH", "DELETE", "POST"])
def test_public_pages_answer_405_to_methods_they_do_not_take(openings, unchanged, method):
    posting = JobPosting.objects.first()
    urls = public_urls(posting.pk)
    assert len(urls) >= 12
    with unchanged():
        for url in urls:
            assert anonymous().get(url).status_code == 200, url  # the sample address is right
            response = anonymous().generic(method, url)
            assert response.status_code == 405, (url, response.status_code)
            assert response["Allow"] == "GET, HEAD", url
            assert b"<html" not in response.content.lower(), url  # no page with it


# Headers ------------------------------------------------------------------------------------

HOSTILE_HEADERS = {
    "request id with a line break": {"HTTP_X_REQUEST_ID": "abc\r\nSet-Cookie: x=1"},
    "request id too long": {"HTTP_X_REQUEST_ID": "a" * 5000},
    "htmx trigger too long": {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER": "x" * 5000},
    "htmx history restore": {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "1"},
    "forwarded proto": {"HTTP_X_FORWARDED_PROTO": "javascript"},
    "forwarded host": {"HTTP_X_FORWARDED_HOST": "attacker.example"},
    "cookie garbage": {"HTTP_COOKIE": "sessionid=" + "x" * 4000 + "; csrftoken=\x00"},
    "messages cookie": {"HTTP_COOKIE": "messages=forged"},
    "if-modified-since": {"HTTP_IF_MODIFIED_SINCE": "not a date"},
    "if-none-match": {"HTTP_IF_NONE_MATCH": '"' + "x" * 5000},
    "range": {"HTTP_RANGE": "bytes=0-0," * 500},
    "accept-language": {"HTTP_ACCEPT_LANGUAGE": "x-" * 5000},
    "content-length lie": {"CONTENT_LENGTH": "99999999999"},
    "user agent with controls": {"HTTP_USER_AGENT": "\x00\x1b[31m"},
}


@pytest.mark.parametrize("headers", HOSTILE_HEADERS.values(), ids=HOSTILE_HEADERS.keys())
@pytest.mark.parametrize("path", ["/", "/jobs/", "/roles/data-engineer/", "/jobs/feed/rss/"])
def test_hostile_headers_never_get_a_500(openings, unchanged, caplog, path, headers):
    with unchanged():
        response = anonymous().get(path, **headers)
    assert response.status_code < 500
    assert errors_logged(caplog) == []
    assert "\n" not in response.get("X-Request-ID", "")
