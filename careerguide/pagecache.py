"""
Whole pages kept in the shared cache for readers without a session.

Such readers all get the same bytes for the same URL, so a page is rendered once per
change: it is kept through `careerguide.cache.cached`, under the generations of the scopes
it shows (`scopes`: every posting's by default, or one role's), and never past the moment
`valid_until()` names (for pages of postings, the next posting expiry). Anyone with a
session (staff previewing drafts, pending messages) gets a freshly rendered page.

Kept pages carry an ETag, and say `Cache-Control: public, no-cache` so that a proxy or CDN
in front may keep them but asks again each time: a conditional GET (If-None-Match) of an
unchanged page is answered 304 by ConditionalGetMiddleware without sending it again.

A page is kept under the query parameters its view reads (`query`) and no others, so that
the links of a newsletter (utm_campaign=...) or an ad (fbclid=...) share the entry of the
page without them: one entry per tracking value once flushed useful pages out of the cache.
"""

import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers, quote_etag

from .cache import POSTINGS, cached

# Requests that differ only in these headers get different responses from our views.
VARIANT_HEADERS = ("HX-Request", "HX-Trigger", "HX-History-Restore-Request")


def shared(response):
    """Headers of a page every reader without a session gets alike: its ETag, and leave to
    keep it in shared caches that ask again before each use."""
    response["ETag"] = quote_etag(hashlib.blake2b(response.content, digest_size=16).hexdigest())
    patch_cache_control(response, public=True, no_cache=True)
    # A reader with a session may get another page at the same address.
    patch_vary_headers(response, ["Cookie"])


class _NotShared(Exception):
    def __init__(self, response):
        self.response = response


def same_for_every_reader(request):
    """No session (so no staff preview) and no pending messages: nothing personal."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def page_address(request, query):
    """What tells kept pages apart: the request's address with only the parameters in
    `query` (in a fixed order), and the headers our views answer differently to."""
    params = urlencode(
        [(name, request.GET.getlist(name)) for name in query if name in request.GET], doseq=True
    )
    variant = "|".join(request.headers.get(name, "") for name in VARIANT_HEADERS)
    return f"{request.scheme}|{request.get_host()}|{request.path}?{params}|{variant}"


def shared_page(*, valid_until, query, scopes=(POSTINGS,)):
    """Serve the view's 200 answers to readers without a session from the shared cache;
    `valid_until()` says when a page must be rendered again at the latest, `query` names
    every query parameter the view reads (any other cannot change the page), `scopes`
    what the page shows: a list, or `scopes(request, *args, **kwargs)` returning one (asked
    only when the page is rendered)."""
    query = sorted(query)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not same_for_every_reader(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)  # this reader's own page
                return response
            address = page_address(request, query)

            def render():
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    raise _NotShared(response)
                shared(response)
                return response.content, dict(response.items())

            try:
                content, headers = cached(
                    "page:" + hashlib.sha256(address.encode()).hexdigest(),
                    render,
                    scopes=(lambda: scopes(request, *args, **kwargs))
                    if callable(scopes)
                    else scopes,
                    valid_until=lambda page: valid_until(),
                )
            except _NotShared as not_shared:
                return not_shared.response
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response

        return wrapper

    return decorator
