"""
Read replicas: the pages readers ask for (GET and HEAD outside the admin) read from a
PostgreSQL replica when DATABASE_REPLICA_URL names one; everything else — the admin,
forms, commands, every write, and the reads of a request that writes — uses the primary.

`ReplicaMiddleware` marks the requests that only read; `ReplicaRouter` sends their reads to
the replica. The replica is an exact copy (streaming replication), so tallies, search
documents and generated columns read there are the primary's; it may be a few
milliseconds behind, which the cache's write notifications (from the primary) do not
wait for: run replicas close to the primary, or none.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_only = ContextVar("reading_only", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_only.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, first, second, **hints):
        return True  # one database, two doors

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaMiddleware:
    """Marks a request that only reads a page: its reads may go to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD") and not request.path.startswith("/admin/")
        token = _reading_only.set(reading)
        try:
            return self.get_response(request)
        finally:
            _reading_only.reset(token)
