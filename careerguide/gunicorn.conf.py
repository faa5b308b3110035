"""
gunicorn settings for Career Guide, read from the environment like everything else:

    gunicorn --config careerguide/gunicorn.conf.py careerguide.wsgi

GUNICORN_BIND (else 0.0.0.0:$PORT, PORT defaulting to 8000), GUNICORN_WORKERS,
GUNICORN_THREADS, GUNICORN_TIMEOUT and GUNICORN_FORWARDED_ALLOW_IPS; `.env.example` has
them all. Logs are JSON lines on stdout, gunicorn's and the site's alike.
"""

import os
import sys


def _number(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        sys.exit(f"Configuration error: {name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


bind = os.environ.get("GUNICORN_BIND", "").strip() or f"0.0.0.0:{_number('PORT', 8000)}"

# Requests mostly wait on the database, so threads are cheap concurrency; processes use
# the cores. Two workers with four threads each suits a small container; scale out with
# more replicas rather than ever larger ones.
workers = _number("GUNICORN_WORKERS", 2)
threads = _number("GUNICORN_THREADS", 4)
worker_class = "gthread"

# A request that takes longer than this has a bug or a stuck dependency: the worker is
# replaced. The database connect timeout (2 s) keeps an outage well inside it.
timeout = _number("GUNICORN_TIMEOUT", 30)
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than a load balancer's idle timeout, so that it closes idle connections first.
keepalive = _number("GUNICORN_KEEPALIVE", 75)

# Recycle workers now and then so that a slow leak can never take a process down.
max_requests = _number("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# The proxy in front sets X-Forwarded-*; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No runtime control socket (gunicorn 25.1+): one shared path in $HOME would make two
# servers on one machine collide, and operators restart containers instead.
control_socket_disable = True

# Heartbeat files on tmpfs: a container's overlay filesystem can stall them.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# The access log is the one line per request (Django's own request line is switched off
# so it is not written twice); the middleware still adds the X-Request-ID it names.
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s"
os.environ.setdefault("DJANGO_REQUEST_LOG", "false")

logconfig_dict = {
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": os.environ.get("DJANGO_LOG_FORMAT", "json").strip().lower() or "json",
        },
    },
    "formatters": {
        "json": {"()": "careerguide.logs.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
}
