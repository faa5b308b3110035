"""Health endpoints and the error pages that must work when the rest of the site does not."""

import logging
import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def healthz(request):
    """The process answers. Touches neither the database nor the cache."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request):
    """The database and the cache answer; else 503 naming which did not."""
    failed = [name for name, check in (("database", _database), ("cache", _cache)) if not check()]
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("readiness: database unreachable", exc_info=True)
        return False


def _cache():
    key = f"careerguide:readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        answer = cache.get(key)
        cache.delete(key)
        return answer == "ok"
    except Exception:
        logger.warning("readiness: cache unreachable", exc_info=True)
        return False


def service_unavailable(request):
    """The friendly 503 page, rendered without anything that needs the database.

    No context processors run (the messages one would read the session), so the page
    shows even while the database is down.
    """
    try:
        content = loader.render_to_string(
            "503.html",
            {
                "request": request,
                "site_name": settings.SITE_NAME,
                "canonical_url": request.build_absolute_uri(request.path),
            },
        )
    except Exception:
        logger.exception("the 503 page failed to render")
        content = "<!doctype html><title>Service unavailable</title><h1>Back soon</h1>"
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def bad_request(request, exception=None):
    """handler400: a static page, rendered without context processors, which would ask the
    request for its host (a refused Host header is one of the ways here)."""
    try:
        content = loader.get_template("400.html").render()
    except Exception:
        content = "<!doctype html><title>Bad request</title><h1>Bad request</h1>"
    response = HttpResponseBadRequest(content)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """handler500: a static page, or the 503 page when the database is the cause."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    try:
        content = loader.get_template("500.html").render()
    except Exception:
        content = "<!doctype html><title>Server error</title><h1>Something went wrong</h1>"
    return HttpResponseServerError(content)
