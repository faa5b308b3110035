"""
Writes the site did not make itself (raw SQL, a database job, another service) retire the
cached pages they change, as the site's own writes do through `careerguide.cache`.

- PostgreSQL: triggers on the watched tables (migration careerguide/0002) send a
  notification on channel `careerguide_writes` when a writing statement commits: "roles:"
  and the ids of the roles whose postings it touched, or "site". Each server process
  keeps one listening connection in a thread (`Listener`) and starts new generations of
  those scopes as notifications arrive, within milliseconds of the commit. While it is not
  connected, nothing is known: it retires everything once it is back.
- SQLite: the database file tells each connection whether another one has written since
  it last asked (`PRAGMA data_version`); the middleware asks before every request and
  retires everything when it has.

`OutsideWritesMiddleware` starts the listener in each process that serves requests (so
not in management commands) and does the SQLite check.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import connection

from . import cache

logger = logging.getLogger(__name__)

CHANNEL = "careerguide_writes"
RECONNECT_SECONDS = 2


def read_notice(payload):
    """The cache scopes a notification names ('site', or 'roles:3,8') and what else it says:
    a write of postings tells when the newest posting was posted after it and in which
    transaction ('roles:3,8;newest:1764600000;tx:5521'; 'none' for no posting at all)."""
    names, *details = payload.split(";")
    said = dict(detail.partition(":")[::2] for detail in details)
    kind, _, ids = names.partition(":")
    if kind == "roles" and ids:
        roles = [cache.role_scope(int(pk)) for pk in ids.split(",") if pk.isdigit()]
        return [cache.POSTINGS, *roles], said
    return [cache.SITE], {}


class Listener(threading.Thread):
    """Listens for the database's write notifications and retires what they name."""

    def __init__(self, params):
        super().__init__(name="careerguide-write-listener", daemon=True)
        self.params = params
        self.connected = threading.Event()
        self.stopping = False
        self.connection = None
        self.newest = None  # when the newest posting was posted, as the last notice said

    def stop(self):
        self.stopping = True
        if self.connection is not None:
            self.connection.cancel_safe()  # wakes the wait for notifications
            self.connection.close()
        self.join(timeout=5)

    def scopes(self, payload):
        """What a notice retires: the scopes it names, and the figures whose windows end
        at the newest posting (DATA_THROUGH) when it says that moment moved."""
        scopes, said = read_notice(payload)
        newest = said.get("newest") or None
        if newest is not None and newest != self.newest:
            scopes.append(cache.DATA_THROUGH)
            self.newest = newest
        # Every process hears each notice; retiring once is enough, the cache is shared.
        # Only a notice naming its transaction is one write: "site" stands for many.
        if "tx" in said and not cache.first_to_hear(payload):
            return []
        return scopes

    def run(self):
        import psycopg

        while not self.stopping:
            try:
                with psycopg.connect(**self.params, autocommit=True) as listening:
                    self.connection = listening
                    listening.execute(f"LISTEN {CHANNEL}")
                    # Anything may have been written while no one listened.
                    cache.invalidate()
                    self.newest = None
                    self.connected.set()
                    for notice in listening.notifies():
                        scopes = self.scopes(notice.payload)
                        if scopes:
                            cache.after_commit(scopes)
                        if self.stopping:
                            break
            except Exception:
                if not self.stopping:
                    logger.warning("write notifications unavailable; retrying", exc_info=True)
            self.connected.clear()
            time.sleep(RECONNECT_SECONDS)


_listener = {"pid": None, "thread": None}
_lock = threading.Lock()


def start_listener():
    """The process's listener (PostgreSQL, unless settings.WRITE_LISTENER is off), started
    once per process."""
    if connection.vendor != "postgresql" or not settings.WRITE_LISTENER:
        return None
    with _lock:
        if _listener["pid"] != os.getpid():  # a fork's parent's thread is not ours
            params = connection.get_connection_params()
            params.pop("cursor_factory", None)
            params.pop("context", None)
            thread = Listener(params)
            thread.start()
            _listener.update(pid=os.getpid(), thread=thread)
        return _listener["thread"]


def stop_listener():
    with _lock:
        thread = _listener["thread"] if _listener["pid"] == os.getpid() else None
        _listener.update(pid=None, thread=None)
    if thread:
        thread.stop()


def check_sqlite_file():
    """SQLite: retire everything if another connection wrote since this one last asked."""
    raw = connection.connection
    if connection.vendor != "sqlite" or raw is None:
        return
    (version,) = raw.execute("PRAGMA data_version").fetchone()
    # Versions count per connection: one opened since knows nothing of the last one's.
    seen = getattr(connection, "careerguide_data_version", None)
    connection.careerguide_data_version = (id(raw), version)
    if seen is not None and seen[0] == id(raw) and seen[1] != version:
        cache.invalidate()


class OutsideWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        listener = start_listener()
        if listener is not None:
            # Its first connection retires every kept page (writes nobody heard while no
            # process listened): that must come before this process keeps any, not after.
            listener.connected.wait(RECONNECT_SECONDS)

    def __call__(self, request):
        check_sqlite_file()
        return self.get_response(request)
