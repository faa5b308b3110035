import logging
import re
import time
import uuid

from django.conf import settings
from django.db import DataError, InterfaceError, OperationalError
from django.utils.log import log_response

from .logs import request_id
from .views import bad_request, service_unavailable

logger = logging.getLogger("careerguide.request")
# Not under "django": Django's mail_admins handler would send a mail per request in an outage.
fault_logger = logging.getLogger("careerguide.faults")

# A request id from the proxy in front is kept when it is short and plain.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    """Give each request an id (X-Request-ID) and log one line when it is answered.

    Outermost, so that the line has the final status and the time every layer took.
    Under gunicorn its own access log writes that line (see gunicorn.conf.py), and this
    middleware only hands it the id.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.REQUEST_LOG

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        rid = given if REQUEST_ID_PATTERN.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response.headers.setdefault("X-Request-ID", rid)
            if self.enabled:
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id.reset(token)


# SQLSTATE classes of errors about the values a statement was given rather than the
# database: data exceptions (22) and program limits exceeded (54).
INPUT_ERROR_CLASSES = ("22", "54")


def refused_input(request, exception):
    """Whether the database refused what a reader's request put into a query (a value out
    of range, a query too complex): the reader's mistake, not the site's."""
    if request.method not in ("GET", "HEAD"):
        return False
    if isinstance(exception, DataError):
        return True
    sqlstate = getattr(exception.__cause__, "sqlstate", None) or ""
    return isinstance(exception, OperationalError) and sqlstate[:2] in INPUT_ERROR_CLASSES


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page when the database cannot be reached (or cancelled a
    statement that ran too long), and 400 when it refused what a reader's request asked.

    Connection errors raised anywhere in a view or its template land here; errors raised
    in other middleware reach `careerguide.views.server_error`, which does the same.
    Django opens a new connection on the next request, so the site recovers by itself.
    Neither answer is mailed: each is one line under careerguide.faults.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # In debug the developer needs the traceback ("no such table" is an OperationalError).
        if settings.DEBUG:
            return None
        if refused_input(request, exception):
            response, message = bad_request(request), "Database refused the request: %s"
        elif isinstance(exception, OperationalError | InterfaceError):
            response, message = service_unavailable(request), "Database unavailable: %s"
        else:
            return None
        log_response(
            message,
            request.path,
            response=response,
            request=request,
            exception=exception,
            logger=fault_logger,
        )
        return response
