import logging
import re
import time
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.log import log_response

from .logs import request_id
from .views import service_unavailable

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


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page when the database cannot be reached.

    Connection errors raised anywhere in a view or its template land here; errors raised
    in other middleware reach `careerguide.views.server_error`, which does the same.
    Django opens a new connection on the next request, so the site recovers by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # In debug the developer needs the traceback ("no such table" is an OperationalError).
        if settings.DEBUG or not isinstance(exception, OperationalError | InterfaceError):
            return None
        response = service_unavailable(request)
        log_response(
            "Database unavailable: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
            logger=fault_logger,
        )
        return response
