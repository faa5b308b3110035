"""
Error mail to the operators (`DJANGO_ADMINS`): Django's AdminEmailHandler, throttled, and
sent by a background thread instead of inside the request.

- At most `limit` mails per `window` seconds in each process (DJANGO_ERROR_MAIL_LIMIT per
  10 minutes); errors beyond it are counted, and the next mail says how many were not
  mailed. Every error still has its line in the logs.
- A request never waits for the mail server (its timeout is 10 s): mails wait in a short
  queue for one sender thread, and a mail that finds the queue full is dropped (counted
  the same way). Mails still queued when the process exits get a few seconds to go.

Which errors are mailed at all is the logging configuration's business (settings.py): a
refused Host header, for one, is logged and never mailed.
"""

import atexit
import logging
import queue
import sys
import threading
import time

from django.conf import settings
from django.utils.log import AdminEmailHandler

QUEUE_SIZE = 20
DRAIN_SECONDS = 5


class ThrottledAdminEmailHandler(AdminEmailHandler):
    def __init__(self, *args, limit=10, window=600, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit, self.window = limit, window
        self._lock = threading.Lock()
        self._window_start = float("-inf")
        self._sent = 0
        self._left_out = 0  # errors not mailed since the last mail
        self._outbox = queue.Queue(QUEUE_SIZE)
        self._sender = None

    def emit(self, record):
        if not settings.ADMINS:
            return
        with self._lock:
            now = time.monotonic()
            if now - self._window_start >= self.window:
                self._window_start, self._sent = now, 0
            if self._sent >= self.limit:
                self._left_out += 1
                return
            self._sent += 1
        super().emit(record)  # formats the report, then calls send_mail() below

    def send_mail(self, subject, message, *args, **kwargs):
        with self._lock:
            left_out, self._left_out = self._left_out, 0
        if left_out:
            message = (
                f"{left_out} more error(s) since the last mail were not mailed (at most "
                f"{self.limit} mails per {self.window // 60:g} minutes): see the logs.\n\n"
                f"{message}"
            )
        try:
            self._outbox.put_nowait((subject, message, args, kwargs))
        except queue.Full:
            with self._lock:
                self._left_out += 1 + left_out
            return
        self._start_sender()

    def flush(self, timeout=DRAIN_SECONDS):
        """Wait (up to `timeout` seconds) until every queued mail has been handed over."""
        deadline = time.monotonic() + timeout
        while self._outbox.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def _start_sender(self):
        with self._lock:
            if self._sender is None or not self._sender.is_alive():
                self._sender = threading.Thread(
                    target=self._send_forever, name="error-mail", daemon=True
                )
                self._sender.start()

    def _send_forever(self):
        while True:
            subject, message, args, kwargs = self._outbox.get()
            try:
                AdminEmailHandler.send_mail(self, subject, message, *args, **kwargs)
            except Exception as error:  # A mail server down must not take anything with it.
                print(f"error mail not sent: {type(error).__name__}: {error}", file=sys.stderr)
            finally:
                self._outbox.task_done()


def _drain():
    for handler in logging.getLogger("django").handlers:
        if isinstance(handler, ThrottledAdminEmailHandler):
            handler.flush()


atexit.register(_drain)
