"""Logs: one JSON line per request and per error on stdout, tied together by a request id."""

import io
import json
import logging
import sys

import pytest
from django.test import Client

from careerguide.logs import JSONFormatter, request_id

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.production.urls")]


@pytest.fixture
def json_log():
    """What the stdout handler of the production settings writes, as parsed lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous, root.level = root.level, logging.INFO
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(previous)


def request_lines(caplog):
    return [record for record in caplog.records if record.name == "careerguide.request"]


def test_one_line_per_request_with_method_path_status_duration_and_id(client, caplog):
    caplog.set_level(logging.INFO)
    response = client.get("/roles/", {"q": "data"})
    (line,) = request_lines(caplog)
    assert (line.method, line.path, line.status) == ("GET", "/roles/", 200)
    assert isinstance(line.duration_ms, float) and line.duration_ms >= 0
    assert line.getMessage() == "GET /roles/ 200"
    assert response["X-Request-ID"]


def test_a_sane_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-2f1c9e.7"})
    assert kept["X-Request-ID"] == "lb-2f1c9e.7"
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert replaced["X-Request-ID"] != "bad id\nwith newline"
    assert len(replaced["X-Request-ID"]) == 32


def test_an_error_is_one_line_naming_the_request(json_log):
    response = Client(raise_request_exception=False).get(
        "/test/crash/", headers={"X-Request-ID": "abc123"}
    )
    assert response.status_code == 500
    formatted = json_log()
    errors = [line for line in formatted if line["level"] == "ERROR"]
    assert len(errors) == 1
    (error,) = errors
    assert error["logger"] == "django.request"
    assert error["request_id"] == "abc123"
    assert error["status_code"] == 500
    assert "RuntimeError" in error["error"] and "Traceback" in error["traceback"]
    (request_line,) = [line for line in formatted if line["logger"] == "careerguide.request"]
    assert request_line["status"] == 500
    assert request_line["request_id"] == "abc123"


def test_not_found_is_in_the_request_line_only(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/no-such-page/")
    assert [record.name for record in caplog.records] == ["careerguide.request"]


def test_json_lines_are_single_lines_even_with_a_traceback():
    try:
        raise ValueError("two\nlines")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "failed: %s", ("a\nb",), sys.exc_info()
        )
    token = request_id.set("rid-1")
    try:
        line = JSONFormatter().format(record)
    finally:
        request_id.reset(token)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "failed: a\nb"
    assert parsed["request_id"] == "rid-1"
    assert parsed["level"] == "ERROR"
    assert parsed["time"].endswith("+00:00")


def test_request_line_can_be_switched_off(settings, caplog):
    settings.REQUEST_LOG = False
    caplog.set_level(logging.INFO)
    response = Client().get("/healthz")
    assert request_lines(caplog) == []
    assert response["X-Request-ID"]  # the id still goes out, for gunicorn's access log
