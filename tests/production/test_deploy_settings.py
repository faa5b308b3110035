"""Production differs from development by environment variables alone, and is safe."""

import json
import re
import subprocess
import sys

import pytest

from .conftest import ROOT, SECRET, manage, production_env

MAKEFILE = ROOT / "Makefile"

SHOW_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
    "MAILER": s.MAILERS["default"],
    "SERVER_EMAIL": s.SERVER_EMAIL,
    "ADMINS": s.ADMINS,
    "LOG_FORMAT": s.LOG_FORMAT,
    "DB_OPTIONS": s.DATABASES["default"].get("OPTIONS", {}),
    "CONN_HEALTH_CHECKS": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


def test_check_deploy_is_clean_with_production_variables():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(), check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_in_debug():
    # The check is not vacuous: debug on (the development default) is a deploy warning.
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(DJANGO_DEBUG="true"),
        check=False,
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_to_start_without_a_secret():
    for env in (production_env(DJANGO_SECRET_KEY=""), _without("DJANGO_SECRET_KEY")):
        result = manage("check", env=env, check=False)
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert lines == [
            "Configuration error: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
        ]


def test_gunicorn_import_of_the_app_fails_on_a_missing_secret_too():
    result = subprocess.run(
        [sys.executable, "-c", "import careerguide.wsgi"],
        cwd=ROOT,
        env=_without("DJANGO_SECRET_KEY"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_values_come_from_the_environment():
    env = production_env(
        DJANGO_ALLOWED_HOSTS="careers.example.com, www.careers.example.com",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://careers.example.com",
        DJANGO_EMAIL_HOST="smtp.example.com",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_HOST_USER="mailer",
        DJANGO_EMAIL_HOST_PASSWORD="mail-password",
        DJANGO_EMAIL_USE_TLS="true",
        DJANGO_DEFAULT_FROM_EMAIL="Career Guide <jobs@careers.example.com>",
        DJANGO_ADMINS="ops@careers.example.com",
        DATABASE_URL="postgres://app:pw@db.internal:5432/careerguide",
    )
    shown = json.loads(manage("shell", "-v0", "-c", SHOW_SETTINGS, env=env).stdout)
    assert shown["DEBUG"] is False
    assert shown["ALLOWED_HOSTS"] == ["careers.example.com", "www.careers.example.com"]
    assert shown["CSRF_TRUSTED_ORIGINS"] == ["https://careers.example.com"]
    # HTTPS behind a proxy that terminates TLS and says so in X-Forwarded-Proto.
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["SECURE_HSTS_SECONDS"] >= 31536000
    assert shown["SESSION_COOKIE_SECURE"] is shown["CSRF_COOKIE_SECURE"] is True
    assert shown["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert shown["MAILER"] == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.example.com",
            "port": 587,
            "username": "mailer",
            "password": "mail-password",
            "use_tls": True,
            "use_ssl": False,
            "timeout": 10,
        },
    }
    assert shown["SERVER_EMAIL"] == "Career Guide <jobs@careers.example.com>"
    assert shown["ADMINS"] == ["ops@careers.example.com"]
    assert shown["LOG_FORMAT"] == "json"
    assert shown["DB_OPTIONS"]["connect_timeout"] == 2
    assert shown["CONN_HEALTH_CHECKS"] is True


def test_secret_never_reaches_the_output_of_a_failing_check():
    result = manage("check", env=production_env(DJANGO_LOG_FORMAT="xml"), check=False)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DJANGO_LOG_FORMAT must be json or text, not 'xml'."
    ]
    assert SECRET not in result.stdout + result.stderr


def _without(name):
    env = production_env()
    env.pop(name)
    return env


def makefile_key():
    """The public key `make serve` falls back to."""
    found = re.search(
        r'DJANGO_SECRET_KEY="\$\$\{DJANGO_SECRET_KEY:-([^}]+)\}"', MAKEFILE.read_text()
    )
    assert found, "no fallback key in the Makefile"
    return found[1]


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"DJANGO_SECRET_KEY": "the-makefile"}, "careerguide.E001"),
        ({"DJANGO_SECRET_KEY": "django-insecure-" + "k" * 50}, "careerguide.E001"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "careerguide.E002"),
        ({"DJANGO_ALLOWED_HOSTS": "careers.example.com,*"}, "careerguide.E002"),
    ],
)
def test_check_deploy_refuses_public_keys_and_any_host(env, error):
    if env.get("DJANGO_SECRET_KEY") == "the-makefile":
        env = {"DJANGO_SECRET_KEY": makefile_key()}
    result = manage("check", "--deploy", env=production_env(**env), check=False)
    assert result.returncode != 0
    assert error in result.stderr
    assert env.get("DJANGO_SECRET_KEY", SECRET) not in result.stdout + result.stderr
