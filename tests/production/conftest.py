"""
Production-configuration tests. Most run in-process; the `slow` ones start gunicorn (debug
off, hashed static files) in subprocesses on ports 8016-8019 (CAREERGUIDE_TEST_PORT_BASE
moves them), or build a virtualenv.

Tests that need PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) skip when those are
not running, except in CI (CI=true), where they must run.
"""

import hashlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
GUNICORN_ARGS = ["--config", "careerguide/gunicorn.conf.py", "careerguide.wsgi"]
# A throwaway secret that passes `check --deploy` (50+ characters, many different ones).
SECRET = "tests-only-Zx7Qm2Lp9Wv4Rk8Tn3Ys6Hb1Jd5Gf0Ce-not-a-real-secret"
# CAREERGUIDE_TEST_PORT_BASE moves them, for two checkouts testing on one machine.
_BASE = int(os.environ.get("CAREERGUIDE_TEST_PORT_BASE", "8016"))
PORTS = {"site": _BASE, "left": _BASE + 1, "right": _BASE + 2, "spare": _BASE + 3}
POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
# The production site behind a TLS-terminating proxy: what every request carries.
BEHIND_PROXY = {"X-Forwarded-Proto": "https"}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: starts servers or builds a virtualenv in subprocesses (in make test)"
    )


def production_env(**overrides):
    """The environment of a production process: this one's, minus the site's own settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "GUNICORN_")) and key != "PORT"
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://localhost",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(*args, env, timeout=120, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def reachable(address):
    try:
        with socket.create_connection(address, timeout=0.5):
            return True
    except OSError:
        return False


def require(*services):
    """Skip unless each (name, address) answers; in CI a missing service is a failure."""
    missing = [name for name, address in services if not reachable(address)]
    if missing:
        message = f"{' and '.join(missing)} not reachable on 127.0.0.1"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}, and CI=true requires these tests to run")
        pytest.skip(f"{message} (start it to run this test; CI fails instead of skipping)")


@dataclass
class Response:
    status: int
    headers: dict
    body: str
    seconds: float
    raw: bytes = field(repr=False, default=b"")

    def header(self, name):
        return self.headers.get(name.lower())


@dataclass
class Server:
    """A gunicorn process we started; stopped by its own process id."""

    port: int
    env: dict
    log: Path
    command: list = field(default_factory=lambda: [str(GUNICORN), *GUNICORN_ARGS])
    cwd: Path = ROOT
    # False: leave the address to the config file, which reads PORT.
    bind: bool = True
    process: subprocess.Popen | None = None

    def start(self, timeout=30):
        if reachable(("127.0.0.1", self.port)):
            pytest.fail(f"port {self.port} is already taken: stop whatever listens there")
        env = dict(self.env)
        if self.bind:
            env["GUNICORN_BIND"] = f"127.0.0.1:{self.port}"
        env.setdefault("GUNICORN_WORKERS", "1")
        env.setdefault("GUNICORN_THREADS", "2")
        self._log_file = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited with {self.process.returncode}:\n{self.output()}")
            try:
                if self.get("/healthz", timeout=1).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"gunicorn did not answer /healthz within {timeout} s:\n{self.output()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if getattr(self, "_log_file", None):
            self._log_file.close()

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def log_lines(self):
        """stdout as parsed JSON lines: fails if any line is not JSON."""
        return [json.loads(line) for line in self.output().splitlines()]

    def wait_for_log(self, ready, timeout=5):
        """The log lines once `ready(lines)` holds: gunicorn logs a request after answering."""
        deadline = time.monotonic() + timeout
        while not ready(lines := self.log_lines()) and time.monotonic() < deadline:
            time.sleep(0.05)
        return lines

    def get(self, path, headers=None, timeout=10, host="localhost"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request("GET", path, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        return Response(
            status=response.status,
            headers={name.lower(): value for name, value in response.getheaders()},
            body=raw.decode("utf-8", errors="replace"),
            seconds=time.monotonic() - started,
            raw=raw,
        )

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as the Dockerfile does: hashed and compressed."""
    root = tmp_path_factory.mktemp("staticfiles")
    manage(
        "collectstatic",
        "--no-input",
        "--verbosity",
        "0",
        env=production_env(DJANGO_STATIC_ROOT=root),
    )
    return root


@pytest.fixture(scope="session")
def sqlite_site(tmp_path_factory):
    """A migrated SQLite database with the shipped guides and postings (the guides' skills
    name technologies of jobs.json, so the guides alone do not load; `load_fixtures`
    takes about a second for both)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('site') / 'site.sqlite3'}"
    env = production_env(DATABASE_URL=url)
    manage("migrate", "--no-input", "--verbosity", "0", env=env)
    manage("load_fixtures", "--verbosity", "0", env=env)
    return url


@pytest.fixture(scope="session")
def site(tmp_path_factory, static_root, sqlite_site):
    """The production configuration under gunicorn on SQLite, behind a (pretend) proxy."""
    log = tmp_path_factory.mktemp("logs") / "site.log"
    env = production_env(
        DATABASE_URL=sqlite_site, DJANGO_STATIC_ROOT=static_root, CACHE_URL="locmem://"
    )
    with Server(PORTS["site"], env, log) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_site():
    """A PostgreSQL database of this run's own, migrated, with the shipped fixtures loaded.

    Named after this process so that runs on one machine never share it; dropped at the end.
    Migrating and loading take several seconds, so the loaded database is kept as a template
    named after the migrations, fixtures and loader it holds, and copied in a second on later
    runs.
    """
    require(("PostgreSQL", POSTGRES), ("Redis", REDIS))
    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    template = _postgres_template(admin)
    name = f"careerguide_prod_test_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    # Redis db 6, under a key prefix of this run's own.
    yield {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "CACHE_URL": f"redis://127.0.0.1:6379/6?prefix=cgprod{os.getpid()}",
    }
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_template(admin):
    import psycopg

    digest = hashlib.sha256()
    fixtures = [ROOT / "fixtures" / "roles.json", ROOT / "fixtures" / "jobs.json"]
    loader = ROOT / "jobs" / "management" / "commands" / "load_fixtures.py"
    sources = [*sorted(ROOT.glob("*/migrations/0*.py")), *fixtures, loader]
    for path in sources:
        digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    template = f"careerguide_prod_template_{digest.hexdigest()[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'careerguide_prod_template_%'"
            )
        ]
        if template in names:
            return template
        for stale in names:  # templates of older migrations or fixtures...
            if re.fullmatch(r"careerguide_prod_template_[0-9a-f]{12}", stale):  # ...not building
                connection.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
        building = f"{template}_{os.getpid()}"
        connection.execute(f'CREATE DATABASE "{building}"')
    env = production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{building}", CACHE_URL="dummy://"
    )
    manage("migrate", "--no-input", "--verbosity", "0", env=env)
    manage("load_fixtures", "--verbosity", "0", env=env)
    with psycopg.connect(admin, autocommit=True) as connection:
        try:
            connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        except psycopg.errors.DuplicateDatabase:  # another run finished first
            connection.execute(f'DROP DATABASE "{building}"')
    return template
