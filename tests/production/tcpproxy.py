"""A TCP forwarder that a test can cut and restore, to take a database away and back."""

import contextlib
import socket
import threading
import time


class TcpProxy:
    """Listens on an ephemeral port and forwards to `target` while `mode` is "up".

    "down": open connections are cut and new ones closed at once (a database that went
    away). "silent": new connections are accepted and never answered (a host that drops
    packets), so clients wait for their own timeout. "frozen": like silent, and open
    connections stay open but nothing more passes either way (a database, proxy or pooler
    that stopped answering mid-conversation) until `up()`.
    """

    def __init__(self, target):
        self.target = target
        self.mode = "up"
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def down(self):
        self.mode = "down"
        with self._lock:
            for connection in self._open:
                _close(connection)
            self._open.clear()

    def silent(self):
        self.down()
        self.mode = "silent"

    def freeze(self):
        self.mode = "frozen"

    def up(self):
        self.mode = "up"

    def close(self):
        self.down()
        _close(self._listener)

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == "down":
                _close(client)
            elif self.mode in ("silent", "frozen"):
                with self._lock:
                    self._open.add(client)
            else:
                try:
                    server = socket.create_connection(self.target, timeout=2)
                except OSError:
                    _close(client)
                    continue
                server.settimeout(None)
                with self._lock:
                    self._open.update((client, server))
                for source, sink in ((client, server), (server, client)):
                    threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                while self.mode == "frozen":
                    time.sleep(0.02)
                if self.mode != "up":
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                _close(end)
            with self._lock:
                self._open.difference_update((source, sink))


def _close(connection):
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()
