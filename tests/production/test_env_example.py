"""`.env.example` names every variable the site, its server and its containers read."""

import re

from .conftest import ROOT

READERS = (
    r"(?:os\.environ\.get|os\.environ\.setdefault|env_bool|env_int|env_seconds|env_list|_number|"
    r"database_from_url|cache_from_url)\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"
)


def documented():
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"[A-Z][A-Z0-9_]*=", line)}


def test_every_variable_read_is_documented():
    read = set()
    for path in [
        "careerguide/settings.py",
        "careerguide/gunicorn.conf.py",
        "careerguide/healthcheck.py",
    ]:
        read |= set(re.findall(READERS, (ROOT / path).read_text()))
    compose = (ROOT / "docker-compose.yml").read_text()
    read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", compose))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "GUNICORN_WORKERS", "POSTGRES_PASSWORD"} <= read
    assert read - documented() == set()
