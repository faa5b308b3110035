"""
The production configuration under gunicorn: HTTPS behind a proxy, every header on every
response, whitenoise's hashed and compressed static files, JSON logs on stdout.
"""

import gzip
import re

import pytest

from .conftest import BEHIND_PROXY

pytestmark = pytest.mark.slow

PAGES = {
    "home": "/",
    "catalog": "/roles/",
    "guide": "/roles/machine-learning-engineer/",
    "openings": "/jobs/",
    "rss": "/jobs/feed/rss/",
    "atom": "/roles/data-engineer/jobs/feed/atom/",
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
    "healthz": "/healthz",
    "readyz": "/readyz",
    "admin": "/admin/login/",
    "404": "/roles/no-such-role/",
}
DOCUMENT_HEADERS = {
    "strict-transport-security": "max-age=31536000; includeSubDomains; preload",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def test_every_page_type_has_every_header_over_https(site):
    for kind, path in PAGES.items():
        response = site.get(path, headers=BEHIND_PROXY)
        assert response.status == (404 if kind == "404" else 200), (kind, response.body[:300])
        for header, value in DOCUMENT_HEADERS.items():
            assert response.header(header) == value, (kind, header)
        policy = response.header("content-security-policy")
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, kind
        assert "unsafe" not in policy, kind
        assert response.header("server") == "gunicorn"  # no version number


def test_plain_http_is_redirected_to_https_except_health_checks(site):
    response = site.get("/roles/?q=data")
    assert response.status == 301
    assert response.header("location") == "https://localhost/roles/?q=data"
    assert site.get("/healthz").status == 200
    assert site.get("/readyz").status == 200


def test_unknown_host_is_refused_not_an_error(site):
    response = site.get("/", headers=BEHIND_PROXY, host="attacker.example")
    assert response.status == 400
    assert "attacker.example" not in response.body


def test_session_and_csrf_cookies_are_secure(site):
    response = site.get("/admin/login/", headers=BEHIND_PROXY)
    cookie = response.header("set-cookie")
    assert "csrftoken=" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def test_pages_link_hashed_static_files_and_htmx_from_django_htmx(site):
    html = site.get("/roles/", headers=BEHIND_PROXY).body
    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', html)
    assert re.search(r'src="/static/django_htmx/htmx-2\.min\.[0-9a-f]{12}\.js"', html)


def test_hashed_static_files_are_cached_forever_and_compressed(site, static_root):
    html = site.get("/roles/", headers=BEHIND_PROXY).body
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)[1]
    original = (static_root / stylesheet.removeprefix("/static/")).read_bytes()

    plain = site.get(stylesheet, headers=BEHIND_PROXY)
    assert plain.status == 200
    assert plain.raw == original
    max_age = int(re.search(r"max-age=(\d+)", plain.header("cache-control"))[1])
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in plain.header("cache-control")
    assert "Accept-Encoding" in plain.header("vary")
    assert plain.header("x-content-type-options") == "nosniff"

    compressed = site.get(stylesheet, headers={"Accept-Encoding": "gzip", **BEHIND_PROXY})
    assert compressed.header("content-encoding") == "gzip"
    assert len(compressed.raw) < len(original)
    assert gzip.decompress(compressed.raw) == original


def test_unhashed_names_are_not_cached_for_long(site):
    response = site.get("/static/css/site.css", headers=BEHIND_PROXY)
    assert response.status == 200
    assert int(re.search(r"max-age=(\d+)", response.header("cache-control"))[1]) <= 3600


def test_stdout_is_one_json_line_per_request_and_per_error(site):
    ids = [
        site.get(path, headers=BEHIND_PROXY).header("x-request-id")
        for path in ("/roles/", "/roles/no-such-role/", "/healthz")
    ]
    lines = site.wait_for_log(lambda lines: {*ids} <= {line.get("request_id") for line in lines})
    access = {line["request_id"]: line for line in lines if line["logger"] == "gunicorn.access"}
    for rid, (path, status) in zip(
        ids, [("/roles/", 200), ("/roles/no-such-role/", 404), ("/healthz", 200)], strict=True
    ):
        line = access[rid]
        assert (line["method"], line["path"], line["status"]) == ("GET", path, status)
        assert isinstance(line["duration_ms"], int)
    # gunicorn's access line is the request line: Django does not write a second one.
    assert not [line for line in lines if line["logger"] == "careerguide.request"]
    assert not [line for line in lines if line.get("request_id") in ids and line["level"] != "INFO"]
