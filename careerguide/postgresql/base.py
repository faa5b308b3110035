"""
Django's PostgreSQL backend on connections that notice a database that stopped answering
(`ENGINE = "careerguide.postgresql"`, which settings.py sets for postgres:// URLs).

A kept connection whose database goes silent (a host that drops packets, a frozen proxy or
pooler in between) would otherwise wait for an answer for as long as the silence lasts:
the server never received the statement, so its statement_timeout cannot end the wait.
Here each wait for an answer is cut into ANSWER_CHECK_SECONDS slices. After a slice without
an answer the database is asked, on a new socket, whether it is there at all (PostgreSQL
answers an SSLRequest at once however busy it is): if it answers, the statement is only
slow, and statement_timeout bounds it; if not within PROBE_SECONDS, the connection is
closed and the statement fails with OperationalError, which pages answer with a 503.
New connections are then refused at once for SILENT_RETRY_SECONDS (and after a connection
attempt that timed out), so that the requests behind it do not each wait for
connect_timeout: a silent database gives 503 within 2 s on kept connections as on new ones.
"""

import os
import socket
import struct
import time

import psycopg
from django.db.backends.postgresql import base
from psycopg import errors

ANSWER_CHECK_SECONDS = 1.0
PROBE_SECONDS = 0.5
SILENT_RETRY_SECONDS = 2.0
# The 8-byte message a client sends to ask for TLS; the server answers one byte, S or N.
SSL_REQUEST = struct.pack("!ii", 8, 80877103)


class _Silence:
    """Until when this process treats a database (by alias) as silent."""

    until = {}


def database_answers(fileno, timeout=PROBE_SECONDS):
    """Whether the server at the other end of the socket `fileno` answers a new connection's
    SSLRequest within `timeout` seconds."""
    try:
        with socket.socket(fileno=os.dup(fileno)) as own:
            family, peer = own.family, own.getpeername()
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(timeout)
            probe.connect(peer)
            probe.sendall(SSL_REQUEST)
            return probe.recv(1) in (b"S", b"N")
    except OSError:  # refused, timed out, or our own socket already broken
        return False


class WatchedConnection(psycopg.Connection):
    """A psycopg connection that gives up on a database that no longer answers."""

    alias = None  # the Django database it serves

    def wait(self, gen, interval=0.1, timeout=None):
        if timeout is not None:  # psycopg's own bounded waits (notifications, cancelling)
            return super().wait(gen, interval, timeout)
        while True:
            try:
                return super().wait(gen, interval, ANSWER_CHECK_SECONDS)
            except errors._WaitTimeout:  # no answer yet: slow, or gone?
                fileno = self.pgconn.socket
                if database_answers(fileno):
                    continue
                _Silence.until[self.alias] = time.monotonic() + SILENT_RETRY_SECONDS
                self.pgconn.finish()
                raise psycopg.OperationalError(
                    f"the database stopped answering (nothing within "
                    f"{ANSWER_CHECK_SECONDS:g} s, nor to a new connection)"
                ) from None


class _Driver:
    """The psycopg module as Django's backend uses it, connecting with WatchedConnection."""

    def __getattr__(self, name):
        return getattr(psycopg, name)

    @staticmethod
    def connect(*args, **kwargs):
        return WatchedConnection.connect(*args, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Driver()

    def get_new_connection(self, conn_params):
        if time.monotonic() < _Silence.until.get(self.alias, 0):
            raise psycopg.OperationalError(
                "the database stopped answering a moment ago: not connecting yet"
            )
        try:
            connection = super().get_new_connection(conn_params)
        except errors.ConnectionTimeout:  # silent to new connections too: wait less next time
            _Silence.until[self.alias] = time.monotonic() + SILENT_RETRY_SECONDS
            raise
        connection.alias = self.alias
        return connection
