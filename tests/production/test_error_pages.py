"""404, 500 and 503 pages: styled like the site, helpful, and leaking nothing."""

import re

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

from careerguide import views

from .urls import LEAKY_MESSAGE

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.production.urls")]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def assert_leaks_nothing(html):
    assert LEAKY_MESSAGE not in html
    for secret in (
        "Traceback",
        'File "',
        str(settings.BASE_DIR),
        settings.SECRET_KEY,
        "SECRET_KEY",
        "DATABASES",
        "OperationalError",
        "RuntimeError",
        "Django",
    ):
        assert secret not in html, secret


def assert_styled(html):
    assert re.search(r'<link rel="stylesheet" href="/static/css/site[^"]*\.css">', html)
    assert 'class="container error-page"' in html
    assert "<h1>" in html


def test_404_is_styled_and_shows_the_way_on(client):
    response = client.get("/roles/no-such-role/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_styled(html)
    assert "We could not find that page" in html
    assert 'href="/roles/"' in html and 'href="/jobs/"' in html
    assert_leaks_nothing(html)


def test_404_never_echoes_the_address_as_markup(client):
    response = client.get("/<script>alert(1)</script>/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<script>alert" not in html
    assert_leaks_nothing(html)


def test_500_is_styled_static_and_leaks_nothing(client):
    response = client.get("/test/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_styled(html)
    assert "Something went wrong on our side" in html
    assert_leaks_nothing(html)


def test_500_template_has_no_tags_that_could_fail():
    source = (settings.BASE_DIR / "templates" / "500.html").read_text()
    assert "{%" not in source and "{{" not in source


def test_500_falls_back_to_plain_text_without_its_template(client, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    response = client.get("/test/crash/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_503_from_a_view_is_styled_says_when_to_retry_and_leaks_nothing(client):
    response = client.get("/test/database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(views.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert_styled(html)
    assert "We will be back in a moment" in html
    assert 'href="/test/database-gone/"' in html  # "Try again" reloads the same page
    assert_leaks_nothing(html)


def test_503_when_the_database_fails_in_middleware_after_the_view(client):
    def refuse(execute, sql, params, many, context):
        if "django_session" in sql:
            raise OperationalError("connection refused")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        response = client.get("/test/save-session/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert_styled(response.content.decode())


def test_503_page_renders_without_context_processors(rf, settings):
    # The messages context processor reads the session, which may live in the database.
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": []},
        }
    ]
    response = views.service_unavailable(rf.get("/roles/"))
    assert response.status_code == 503
    assert "Career Guide" in response.content.decode()
