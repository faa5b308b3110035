"""Fetching feeds over HTTP (jobs/importing/fetching.py), against a local server: timeouts,
errors, a size limit while streaming, redirects, retries honouring Retry-After, and the
addresses an editor's feed may not reach. Every failure is one line."""

import gzip
import json
import time

import httpx
import pytest
from werkzeug import Response

from jobs.importing.fetching import FetchError, fetch

from .payloads import greenhouse_board, greenhouse_job


def url(server, path="/board"):
    return server.url_for(path)


def fails(address, tmp_path, **options):
    with pytest.raises(FetchError) as error:
        fetch(address, tmp_path / "feed", **options)
    message = str(error.value)
    assert "\n" not in message
    return message


def test_a_body_is_saved_to_the_file(feed_server, tmp_path):
    board = greenhouse_board(greenhouse_job(1))
    feed_server.expect_request("/board").respond_with_json(board)

    fetched = fetch(url(feed_server), tmp_path / "feed")

    assert json.loads((tmp_path / "feed").read_text()) == board
    assert fetched.attempts == 1
    assert fetched.size == (tmp_path / "feed").stat().st_size


def test_a_server_error_is_retried_then_named(feed_server, tmp_path, no_waiting):
    feed_server.expect_request("/board").respond_with_data("oops", status=500)

    message = fails(url(feed_server), tmp_path)

    assert message == f"{url(feed_server)}: HTTP 500 INTERNAL SERVER ERROR after 3 attempts"
    assert len(feed_server.log) == 3
    assert len(no_waiting) == 2 and no_waiting[0] < no_waiting[1]  # backoff


def test_retry_after_is_honoured(feed_server, tmp_path, no_waiting):
    answers = iter([
        Response("slow down", status=429, headers={"Retry-After": "7"}),
        Response("busy", status=503),
        Response(json.dumps(greenhouse_board()), content_type="application/json"),
    ])  # fmt: skip
    feed_server.expect_request("/board").respond_with_handler(lambda request: next(answers))

    fetched = fetch(url(feed_server), tmp_path / "feed")

    assert fetched.attempts == 3
    assert no_waiting[0] == 7.0
    assert len(no_waiting) == 2


def test_a_retry_after_past_a_minute_is_not_waited(feed_server, tmp_path, no_waiting):
    feed_server.expect_request("/board").respond_with_data(
        "later", status=429, headers={"Retry-After": "3600"}
    )
    message = fails(url(feed_server), tmp_path)
    assert "asks to wait 3600 s (Retry-After; at most 60 s are waited)" in message
    assert no_waiting == []


def test_a_server_that_does_not_answer_times_out(feed_server, tmp_path, no_waiting):
    def stall(request):
        time.sleep(1.5)
        return Response("late")

    feed_server.expect_request("/board").respond_with_handler(stall)
    started = time.monotonic()

    message = fails(url(feed_server), tmp_path, timeout=0.3, attempts=2)

    assert message == f"{url(feed_server)}: no answer within 0.3 s after 2 attempts"
    assert time.monotonic() - started < 1.5


def test_a_server_that_cannot_be_reached(tmp_path, no_waiting):
    message = fails("http://127.0.0.1:9/board", tmp_path, attempts=2)
    assert message.startswith("http://127.0.0.1:9/board: cannot connect (")
    assert message.endswith("after 2 attempts")


def test_fifty_megabytes_stop_at_the_limit(feed_server, tmp_path, settings):
    chunk = b"x" * (1024 * 1024)
    feed_server.expect_request("/big").respond_with_response(
        Response((chunk for _ in range(50)), content_type="application/json")
    )
    started = time.monotonic()

    message = fails(url(feed_server, "/big"), tmp_path)

    limit = settings.FEED_MAX_BYTES
    assert message == (
        f"{url(feed_server, '/big')}: sent more than the {limit:,} bytes a feed may send "
        "(FEED_MAX_BYTES)"
    )
    assert (tmp_path / "feed").stat().st_size <= limit
    assert time.monotonic() - started < 20


def test_a_declared_length_over_the_limit_is_refused_before_reading(feed_server, tmp_path):
    feed_server.expect_request("/big").respond_with_data(b"x" * 5000)
    message = fails(url(feed_server, "/big"), tmp_path, max_bytes=1024)
    assert "the body would be 5,000 bytes, over the 1,024 a feed may send" in message


def test_a_compressed_body_counts_as_it_unpacks(feed_server, tmp_path):
    bomb = gzip.compress(b"0" * (20 * 1024 * 1024))
    feed_server.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="application/json"
    )
    message = fails(url(feed_server, "/bomb"), tmp_path, max_bytes=1024 * 1024)
    assert "sent more than the 1,048,576 bytes" in message
    assert (tmp_path / "feed").stat().st_size <= 1024 * 1024


def test_redirects_are_followed_a_few_times(feed_server, tmp_path):
    feed_server.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    feed_server.expect_request("/new").respond_with_json(greenhouse_board())

    fetched = fetch(url(feed_server, "/old"), tmp_path / "feed")
    assert fetched.url == url(feed_server, "/new")


def test_redirecting_forever_is_named(feed_server, tmp_path):
    feed_server.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    message = fails(url(feed_server, "/loop"), tmp_path)
    assert message == f"{url(feed_server, '/loop')}: more than 5 redirects (a loop?)"
    assert len(feed_server.log) == 6


def test_a_redirect_out_of_http_is_refused(feed_server, tmp_path):
    feed_server.expect_request("/file").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    message = fails(url(feed_server, "/file"), tmp_path)
    assert message == f"{url(feed_server, '/file')}: redirects to file:///etc/passwd, not http(s)"


def test_a_client_error_is_not_retried(feed_server, tmp_path, no_waiting):
    feed_server.expect_request("/gone").respond_with_data("no", status=404)
    assert fails(url(feed_server, "/gone"), tmp_path).endswith(": HTTP 404 NOT FOUND")
    assert no_waiting == []


@pytest.mark.parametrize(
    "address",
    ["http://127.0.0.1:8616/board", "http://localhost/board", "http://10.1.2.3/board",
     "http://169.254.169.254/latest/meta-data/", "http://[::1]/board"],
)  # fmt: skip
def test_an_editors_feed_may_not_reach_local_or_private_addresses(tmp_path, address):
    message = fails(address, tmp_path, allow_private=False)
    assert "is a private or local address" in message


def test_nor_may_a_redirect_take_it_there(tmp_path, monkeypatch):
    """A public host (resolved here by a stand-in) that redirects to the cloud's metadata."""
    real = __import__("socket").getaddrinfo

    def resolve(host, *args, **kwargs):
        if host == "jobs.example":
            return [(2, 1, 6, "", ("93.184.216.34", 80))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr("jobs.importing.fetching.socket.getaddrinfo", resolve)
    transport = httpx.MockTransport(
        lambda request: httpx.Response(302, headers={"Location": "http://169.254.169.254/"})
    )
    message = fails("http://jobs.example/board", tmp_path, allow_private=False,
                    transport=transport)  # fmt: skip
    assert message.startswith("http://169.254.169.254/: 169.254.169.254 is a private")
