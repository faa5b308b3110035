"""Every kind of response carries the security headers, and pages need no unsafe CSP."""

import re

import pytest
from django.test import Client

from tests.factories import make_posting, make_role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.production.urls")]

SECURITY_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.fixture
def responses():
    role = make_role(slug="vision-engineer", title="Vision Engineer")
    posting = make_posting(role=role)
    client = Client(raise_request_exception=False)
    pages = {
        "home": "/",
        "catalog": "/roles/",
        "catalog (htmx partial)": ("/roles/?q=vision", {"HX-Request": "true"}),
        "guide": "/roles/vision-engineer/",
        "role openings": "/roles/vision-engineer/jobs/",
        "openings": "/jobs/",
        "posting": f"/jobs/{posting.pk}/",
        "rss": "/jobs/feed/rss/",
        "atom": "/jobs/feed/atom/",
        "role rss": "/roles/vision-engineer/jobs/feed/rss/",
        "role atom": "/roles/vision-engineer/jobs/feed/atom/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "healthz": "/healthz",
        "readyz": "/readyz",
        "admin login": "/admin/login/",
        "admin redirect": "/admin/",
        "404": "/no-such-page/",
        "500": "/test/crash/",
        "503": "/test/database-gone/",
    }
    answered = {}
    for kind, target in pages.items():
        url, headers = target if isinstance(target, tuple) else (target, {})
        answered[kind] = client.get(url, headers=headers)
    return answered


def test_every_response_type_has_the_security_headers(responses):
    statuses = {kind: response.status_code for kind, response in responses.items()}
    expected = {"admin redirect": 302, "404": 404, "500": 500, "503": 503}
    assert statuses == {kind: expected.get(kind, 200) for kind in responses}
    for kind, response in responses.items():
        for header, value in SECURITY_HEADERS.items():
            assert response.headers.get(header) == value, (kind, header)
        assert_strict_csp(response.headers.get("Content-Security-Policy"), kind)
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"]), kind


def test_html_pages_need_neither_inline_scripts_nor_inline_styles(responses):
    for kind, response in responses.items():
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        inline_scripts = [
            tag
            for tag in re.findall(r"<script\b[^>]*>", html)
            if "src=" not in tag and not re.search(r'type="application/(ld\+)?json"', tag)
        ]
        assert inline_scripts == [], kind
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", html), kind


def assert_strict_csp(policy, kind):
    assert policy, f"{kind}: no Content-Security-Policy"
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'self'"], kind
    assert directives["frame-ancestors"] == ["'none'"], kind
    assert directives["object-src"] == ["'none'"], kind
    assert "unsafe" not in policy, (kind, policy)
    for sources in directives.values():
        assert "*" not in sources and "http:" not in sources, (kind, policy)
