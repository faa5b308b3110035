"""
Settings for Career Guide, read from the environment only.

With nothing set the site runs in debug on SQLite in the repository folder. Production
differs from development by environment variables alone; `.env.example` lists them all.
"""

import os
import re
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}.")


def env_int(name, default, minimum=0):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_seconds(name, default):
    """A duration in seconds (decimals allowed); 0 means no limit."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {raw!r}.") from None
    if not 0 <= value < 10**6:
        raise ImproperlyConfigured(f"{name} must be between 0 and 1000000 seconds, not {raw!r}.")
    return value


def serving_web():
    """Whether this process serves web requests (gunicorn, runserver) rather than running a
    command or a script: the two get different statement timeouts."""
    program = Path(sys.argv[0])
    return "gunicorn" in (program.name, program.parent.name) or sys.argv[1:2] == ["runserver"]


def env_memory(name, default):
    """An amount of memory as PostgreSQL writes it: 16MB, 512kB, 1GB."""
    raw = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"[1-9][0-9]{0,6}(kB|MB|GB)", raw):
        raise ImproperlyConfigured(f"{name} must be like 16MB, 512kB or 1GB, not {raw!r}.")
    return raw


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def shown_url(url):
    """`url` fit for an error message: a password in it, or in its query, shows as ***."""
    url = re.sub(r"(//[^/@:]*:).*@", r"\1***@", url)  # up to the last @: passwords may hold @ or /
    return re.sub(r"((?:password|passwd|pass)=)[^&]*", r"\1***", url, flags=re.IGNORECASE)


def database_from_url(name, default):
    url = os.environ.get(name, "").strip() or default
    conn_max_age = env_int("DATABASE_CONN_MAX_AGE", 60)
    try:
        # Health checks: a kept connection the database dropped (a restart, a failover) is
        # replaced at the start of the next request instead of failing it.
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except Exception:  # dj-database-url raises several kinds; all mean the same here.
        raise ImproperlyConfigured(
            f"{name} is not a database URL: {shown_url(url)!r} "
            "(expected postgres://... or sqlite:///...)."
        ) from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database: {shown_url(url)!r}.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend on connections that give up on a database that went silent.
        config["ENGINE"] = "careerguide.postgresql"
        # Fail fast when the database is unreachable instead of hanging a worker, and
        # notice within seconds when an open connection's peer has gone away.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 2, minimum=1))
        options.setdefault("keepalives", 1)
        options.setdefault("keepalives_idle", 10)
        options.setdefault("keepalives_interval", 5)
        options.setdefault("keepalives_count", 3)
        # No statement may hold a web worker for long (the gunicorn timeout would replace
        # the worker but not stop the query); commands (imports, migrations) may run longer.
        timeout = (
            env_seconds("DATABASE_STATEMENT_TIMEOUT", 5)
            if serving_web()
            else env_seconds("DATABASE_COMMAND_STATEMENT_TIMEOUT", 600)
        )
        session = []
        if timeout:
            session.append(f"statement_timeout={round(timeout * 1000)}")
        # Our statements are short and many: compiling them (JIT) cost 15-90 ms each on the
        # large ones at a million postings and saved nothing. Facet counts group and sort in
        # memory within work_mem rather than spilling to disk.
        if not env_bool("DATABASE_JIT", default=False):
            session.append("jit=off")
        session.append(f"work_mem={env_memory('DATABASE_WORK_MEM', '16MB')}")
        given = options.get("options", "")
        options["options"] = " ".join([given, *(f"-c {item}" for item in session)]).strip()
    elif config["ENGINE"] != "django.db.backends.sqlite3":
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// or sqlite:// URL, not {shown_url(url)!r}."
        )
    return config


def cache_from_url(name, default):
    url = os.environ.get(name, "").strip() or default
    parts = urlsplit(url)
    if parts.scheme in {"redis", "rediss"}:
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        timeout = options.get("timeout", "300")
        if not timeout.isdigit():
            raise ImproperlyConfigured(
                f"{name}'s timeout must be a whole number of seconds, not {timeout!r}."
            )
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url.split("?", 1)[0],
            "KEY_PREFIX": options.get("prefix", "careerguide"),
            "TIMEOUT": int(timeout),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "careerguide",
        }
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"{name} must be a redis://, rediss://, locmem:// or dummy:// URL.")


# Core ---------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_NAME = "Career Guide"

INSTALLED_APPS = [
    "careerguide.apps.AdminConfig",  # django.contrib.admin on careerguide/adminsite.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",  # full-text search fields; inert on SQLite
    "django_htmx",
    "reversion",
    "axes",
    "careerguide",
    "roles",
    "jobs",
]

MIDDLEWARE = [
    "careerguide.middleware.RequestLogMiddleware",
    # Writes made outside the site (raw SQL, other services) retire cached pages too.
    "careerguide.listener.OutsideWritesMiddleware",
    # A page that only reads may read from a replica (DATABASE_REPLICA_URL).
    "careerguide.routers.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 to a conditional GET of a page whose ETag it names (kept pages carry one).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "careerguide.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careerguide.urls"
WSGI_APPLICATION = "careerguide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careerguide.context_processors.site",
                "jobs.context_processors.sample_data",
            ],
        },
    },
]

# Data ---------------------------------------------------------------------------------------

DATABASES = {"default": database_from_url("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A read replica for the pages readers ask for (careerguide/routers.py); tests read the
# primary through it.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = {
        **database_from_url("DATABASE_REPLICA_URL", ""),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["careerguide.routers.ReplicaRouter"]
# How far behind the primary a replica may be: pages cached from it just after a write are
# retired again this long after it (0: no replica, nothing to wait for).
DATABASE_REPLICA_LAG_SECONDS = (
    env_seconds("DATABASE_REPLICA_LAG_SECONDS", 2) if "replica" in DATABASES else 0
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_url("CACHE_URL", "locmem://")}
# After a failed call, pages are served from the database without trying the cache again
# for this long, so that an unreachable cache costs one timeout every few seconds.
CACHE_RETRY_SECONDS = 5
# PostgreSQL: each server process listens for writes made outside the site (raw SQL,
# other services) and retires the pages they change (careerguide/listener.py).
WRITE_LISTENER = env_bool("DJANGO_WRITE_LISTENER", default=True)
# How often cached entries are checked against writes whose invalidation could not reach the
# cache (it was down): at most this long after the cache is back, pages show those writes.
CACHE_CHECK_SECONDS = env_seconds("CACHE_CHECK_SECONDS", 10)
# A reader that finds an entry being computed by another waits this long at most for its
# answer before computing it too (careerguide/cache.py: one render per retired page).
CACHE_COMPUTE_WAIT_SECONDS = env_seconds("CACHE_COMPUTE_WAIT_SECONDS", 2)

# Openings lists (jobs/facets.py): a filter's counts are counted live over at most this many
# postings; past it, they come from the tallies where those count them, or are not shown,
# and the list's total reads "more than" this.
OPENINGS_EXACT_LIMIT = env_int("OPENINGS_EXACT_LIMIT", 20_000, minimum=1)

# Job feeds (jobs/importing/fetching.py, manage.py sync_feeds) -------------------------------

# A feed's file, when it is a path rather than a URL, must lie in this folder: editors name
# feeds in the admin, and no admin form may read an arbitrary file of the server.
FEED_FILES_DIR = Path(os.environ.get("FEED_FILES_DIR", "").strip() or BASE_DIR / "feeds")
# The most a feed may send (bytes, counted as they arrive, after decompression).
FEED_MAX_BYTES = env_int("FEED_MAX_BYTES", 32 * 1024 * 1024, minimum=1024)
# Seconds to wait for a feed's server to connect or send the next bytes; a whole download
# gets FEED_TOTAL_SECONDS.
FEED_TIMEOUT = env_seconds("FEED_TIMEOUT", 20) or 20
FEED_TOTAL_SECONDS = env_seconds("FEED_TOTAL_SECONDS", 300) or 300
# Feeds (made by editors) may not fetch from loopback, private or link-local addresses
# unless this is on; `import_postings URL`, typed by an operator, always may.
FEED_ALLOW_PRIVATE_HOSTS = env_bool("FEED_ALLOW_PRIVATE_HOSTS", False)

# Internationalisation -----------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files -------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Decided with the settings, not at run time: the test runner turns DEBUG off while the
# files still live in static/, not in a collected STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Security -----------------------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Sign-in --------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed sign-ins in the database, so a lockout holds in every process:
# after DJANGO_LOGIN_FAILURE_LIMIT failures for one username, that username cannot sign in
# for DJANGO_LOGIN_LOCKOUT_MINUTES, not even with the right password (the lockout page,
# 429), and further failures meanwhile do not extend it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
# Per account, not per address: behind the load balancer every request reaches gunicorn from
# the proxy's address, so locking an address would lock every editor out at once. Rotating
# user agents or cookies does not reset a per-account count, which is what axes.W006 warns
# about for other settings; it does not apply here.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "careerguide.admin_helpers.locked_out"
# Successful sign-ins and sign-outs are in the admin's history already.
AXES_DISABLE_ACCESS_LOG = True

# Mail ---------------------------------------------------------------------------------------

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 25),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=False),
        "use_ssl": env_bool("DJANGO_EMAIL_USE_SSL", default=False),
        "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 10, minimum=1),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Career Guide <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = env_list("DJANGO_ADMINS")

# Logging ------------------------------------------------------------------------------------

# Everything goes to stdout: JSON lines in production, plain lines in debug.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "").strip().lower() or (
    "text" if DEBUG else "json"
)
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
# One line per request from careerguide.middleware.RequestLogMiddleware. gunicorn.conf.py
# turns it off because gunicorn's access log writes the same line.
REQUEST_LOG = env_bool("DJANGO_REQUEST_LOG", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "careerguide.logs.JSONFormatter"},
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        },
        # Django's error mail, at most DJANGO_ERROR_MAIL_LIMIT per 10 minutes per process,
        # sent off the request (careerguide/errormail.py).
        "mail_admins": {
            "class": "careerguide.errormail.ThrottledAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "limit": env_int("DJANGO_ERROR_MAIL_LIMIT", 10),
            "window": 600,
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Errors under "django" are mailed; every line also reaches stdout through root.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # A Host header the site refuses is anyone's to send: logged, answered 400, not mailed.
        "django.security.DisallowedHost": {"handlers": ["stdout"], "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # A line per feed request is too many: fetch failures are in sync_feeds' own lines.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # 4xx answers are in the request line already; errors (5xx) keep their own line.
        "django.request": {"level": "ERROR"},
        # Failed sign-ins and lockouts are warnings; axes' start-up line is not worth one.
        "axes": {"level": "WARNING"},
    },
}
