"""Settings come from the environment; a bad value stops the program with one line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "nonsense"),
        ("DATABASE_URL", "mysql://root@127.0.0.1/careerguide"),
        ("DATABASE_URL", "postgres://"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_CONN_MAX_AGE", "forever"),
    ],
)
def test_malformed_variable_gives_one_line_naming_it(variable, value):
    check_one_line_naming(variable, manage("check", **{variable: value}))


@pytest.mark.parametrize(
    ("variable", "value"), [("DATABASE_WORK_MEM", "lots"), ("DATABASE_JIT", "2")]
)
def test_malformed_postgresql_session_setting_gives_one_line_naming_it(variable, value):
    url = "postgres://postgres@127.0.0.1:5432/careerguide"
    check_one_line_naming(variable, manage("check", DATABASE_URL=url, **{variable: value}))


def check_one_line_naming(variable, result):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "postgres://app:s3cr3t-pw@db:notaport/careerguide"),
        ("DATABASE_URL", "postgres://app:s3cr3t-pw@db/"),
        ("DATABASE_URL", "mysql://app:s3cr3t-pw@db/careerguide"),
        ("DATABASE_URL", "postgres://app:s3cr/3t@pw@db:x/careerguide"),
        ("CACHE_URL", "redis://:s3cr3t-pw@127.0.0.1:6379/0?timeout=abc"),
        ("CACHE_URL", "memcached://app:s3cr3t-pw@127.0.0.1:11211"),
    ],
)
def test_a_malformed_url_is_one_line_that_keeps_its_password(variable, value):
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "s3cr" not in result.stdout + result.stderr and "3t-pw" not in result.stderr


def test_defaults_run_in_debug_on_sqlite():
    result = manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_database_url_switches_to_postgresql_through_psycopg():
    result = manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/careerguide",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "careerguide.postgresql",  # Django's, on connections that notice a silent database
        "careerguide",
        "127.0.0.1",
        "5432",
    ]


SHOW_OPTIONS = (
    "from django.conf import settings; "
    "print(settings.DATABASES['default']['OPTIONS'].get('options', 'no options'))"
)


# What every connection of the site sets besides its statement timeout.
SESSION = "-c jit=off -c work_mem=16MB"


@pytest.mark.parametrize(
    ("program", "env", "expected"),
    [
        # Commands and scripts: long statements are theirs to run (imports, migrations).
        (["manage.py", "import_postings"], {}, "-c statement_timeout=600000 " + SESSION),
        (["manage.py", "migrate"], {"DATABASE_COMMAND_STATEMENT_TIMEOUT": "0"}, SESSION),
        # Web requests: none may hold a worker.
        (["/srv/venv/bin/gunicorn"], {}, "-c statement_timeout=5000 " + SESSION),
        (
            ["manage.py", "runserver"],
            {"DATABASE_STATEMENT_TIMEOUT": "2.5"},
            "-c statement_timeout=2500 " + SESSION,
        ),
        # JIT back on, more memory for sorts: what an operator may choose.
        (
            ["manage.py", "migrate"],
            {"DATABASE_JIT": "true", "DATABASE_WORK_MEM": "64MB"},
            "-c statement_timeout=600000 -c work_mem=64MB",
        ),
    ],
)
def test_session_settings_of_the_sites_connections(program, env, expected):
    script = f"import sys; sys.argv = {program!r}; import django; django.setup(); {SHOW_OPTIONS}"
    result = run_python(
        script, DATABASE_URL="postgres://postgres@127.0.0.1:5432/careerguide", **env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def run_python(script, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="careerguide.settings")
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
