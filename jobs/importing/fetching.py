"""
Fetching a feed over HTTP into a file, which the importer then reads like any other (twice,
a record at a time). httpx, with:

- a timeout for connecting and between bytes (FEED_TIMEOUT) and one for the whole download
  (FEED_TOTAL_SECONDS), so that a server that trickles cannot hold a run;
- a size limit (FEED_MAX_BYTES) enforced while the body streams, after decompression, so
  that neither a large nor a compressed body can fill the disk or memory;
- redirects followed by hand, at most MAX_REDIRECTS, each to http(s) only;
- retries (ATTEMPTS in all) when the server answers 429 or 5xx or the connection fails,
  after Retry-After when the server sends one (at most MAX_RETRY_AFTER seconds), else with
  exponential backoff;
- for feeds editors make in the admin, no loopback, private or link-local address (every
  hop's host resolved and checked) unless FEED_ALLOW_PRIVATE_HOSTS is on.

Every failure is one FetchError whose message is one line naming the address.
"""

import ipaddress
import random
import socket
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from django.conf import settings
from django.utils import timezone

MAX_REDIRECTS = 5
ATTEMPTS = 3
MAX_RETRY_AFTER = 60  # seconds: a server asking for longer is failed now, and tried next run
BACKOFF = 1.0  # seconds before the second attempt; doubled for each one after
RETRIED = {429, 500, 502, 503, 504}
REDIRECTS = {301, 302, 303, 307, 308}
HEADERS = {
    "User-Agent": "CareerGuide-feeds/1.0 (job postings importer)",
    "Accept": "application/json, application/ld+json;q=0.9, text/html;q=0.8, */*;q=0.5",
}
CHUNK = 64 * 1024


class FetchError(Exception):
    """The feed could not be fetched; the message is one line."""


class _Retry(Exception):
    def __init__(self, reason, after=None):
        super().__init__(reason)
        self.reason, self.after = reason, after


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    size: int
    content_type: str
    attempts: int


def shown(url):
    """An address for a message: without credentials, at most 120 characters."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    text = urlunsplit((parts.scheme, host, parts.path, parts.query, ""))
    return text if len(text) <= 120 else text[:119] + "…"


def fetch(
    url, destination, *, allow_private=True, max_bytes=None, timeout=None, total=None,
    attempts=ATTEMPTS, sleep=None, transport=None,
):  # fmt: skip
    """Download `url` into the file `destination`; returns Fetched, or raises FetchError."""
    sleep = sleep or _sleep
    max_bytes = max_bytes or settings.FEED_MAX_BYTES
    timeout = timeout or settings.FEED_TIMEOUT
    total = total or settings.FEED_TOTAL_SECONDS
    deadline = time.monotonic() + total
    client = httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers=HEADERS,
        transport=transport,
    )
    with client:
        for attempt in range(1, attempts + 1):
            try:
                size, final, kind = _download(
                    client, url, destination, allow_private=allow_private,
                    max_bytes=max_bytes, deadline=deadline, total=total,
                )  # fmt: skip
                return Fetched(url=final, size=size, content_type=kind, attempts=attempt)
            except _Retry as retry:
                if attempt == attempts:
                    tries = f" after {attempts} attempts" if attempts > 1 else ""
                    raise FetchError(f"{shown(url)}: {retry.reason}{tries}") from None
                wait = retry.after if retry.after is not None else _backoff(attempt)
                if wait > MAX_RETRY_AFTER:
                    raise FetchError(
                        f"{shown(url)}: {retry.reason}, and asks to wait {wait:.0f} s "
                        f"(Retry-After; at most {MAX_RETRY_AFTER} s are waited)"
                    ) from None
                if time.monotonic() + wait > deadline:
                    raise FetchError(
                        f"{shown(url)}: {retry.reason}; no time left for another attempt "
                        f"within {total:.0f} s"
                    ) from None
                sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _sleep(seconds):
    time.sleep(seconds)


def _backoff(attempt):
    return BACKOFF * 2 ** (attempt - 1) + random.uniform(0, BACKOFF / 2)


def _download(client, url, destination, *, allow_private, max_bytes, deadline, total):
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        _check_address(current, allow_private)
        try:
            with client.stream("GET", current) as response:
                if response.status_code in REDIRECTS and response.headers.get("location"):
                    current = _redirect(current, response.headers["location"])
                    continue
                if response.status_code in RETRIED:
                    raise _Retry(_status(response), _retry_after(response))
                if not 200 <= response.status_code < 300:
                    raise FetchError(f"{shown(url)}: {_status(response)}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(
                        f"{shown(url)}: the body would be {int(declared):,} bytes, over the "
                        f"{max_bytes:,} a feed may send (FEED_MAX_BYTES)"
                    )
                size = _save(response, destination, url, max_bytes, deadline, total)
                return size, str(response.url), response.headers.get("content-type", "")
        except httpx.TimeoutException:
            raise _Retry(f"no answer within {client.timeout.read:g} s") from None
        except httpx.ConnectError as error:
            raise _Retry(f"cannot connect ({_reason(error)})") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            raise _Retry(f"the connection broke ({_reason(error)})") from None
        except httpx.DecodingError as error:
            raise FetchError(
                f"{shown(url)}: the body cannot be decoded ({_reason(error)})"
            ) from None
        except httpx.HTTPError as error:
            raise FetchError(f"{shown(url)}: {type(error).__name__}: {_reason(error)}") from None
    raise FetchError(f"{shown(url)}: more than {MAX_REDIRECTS} redirects (a loop?)")


def _save(response, destination, url, max_bytes, deadline, total):
    size = 0
    with open(destination, "wb") as handle:
        for chunk in response.iter_bytes(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(
                    f"{shown(url)}: sent more than the {max_bytes:,} bytes a feed may send "
                    "(FEED_MAX_BYTES)"
                )
            if time.monotonic() > deadline:
                raise FetchError(f"{shown(url)}: the download took longer than {total:.0f} s")
            handle.write(chunk)
    return size


def _redirect(current, location):
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise FetchError(f"{shown(current)}: redirects to {shown(target)}, not http(s)")
    return target


def _status(response):
    phrase = response.reason_phrase or ""
    return f"HTTP {response.status_code}" + (f" {phrase}" if phrase else "")


def _retry_after(response):
    """Seconds the server asks to wait: Retry-After as seconds or as an HTTP date."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - timezone.now()).total_seconds())


def _reason(error):
    return " ".join(str(error).split())[:120] or type(error).__name__


def _check_address(url, allow_private):
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{shown(url)}: only http and https addresses can be fetched")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as error:
        raise FetchError(f"{shown(url)}: cannot resolve the host ({_reason(error)})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise FetchError(
                f"{shown(url)}: {parts.hostname} is a private or local address ({address}); "
                "feeds may not fetch from those (FEED_ALLOW_PRIVATE_HOSTS)"
            )
