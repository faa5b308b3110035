"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.db import DataError, OperationalError, connection
from django.http import HttpResponse
from django.urls import path

from careerguide.urls import handler400, handler500
from careerguide.urls import urlpatterns as site_urlpatterns

LEAKY_MESSAGE = "secret-detail-that-must-not-leak"


def crash(request):
    raise RuntimeError(LEAKY_MESSAGE)


def database_gone(request):
    raise OperationalError(f"connection refused: {LEAKY_MESSAGE}")


def refused_value(request):
    # What the database says about a value it cannot take (PostgreSQL: SQLSTATE 22...).
    raise DataError(f"value out of range: {LEAKY_MESSAGE}")


def slow_query(request):
    # A statement that would hold the worker for a minute (PostgreSQL only).
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(60)")
    return HttpResponse("finished")


def save_session(request):
    # The session is written by SessionMiddleware after the view: a database error there
    # happens outside the view, where only handler500 sees it.
    request.session["seen"] = True
    return HttpResponse("saved")


urlpatterns = [
    *site_urlpatterns,
    path("test/crash/", crash),
    path("test/database-gone/", database_gone),
    path("test/save-session/", save_session),
    path("test/slow-query/", slow_query),
    path("test/refused-value/", refused_value),
]

__all__ = ["handler400", "handler500", "urlpatterns"]
