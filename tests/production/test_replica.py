"""With DATABASE_REPLICA_URL, the pages readers ask for read from the replica; writes, the
admin and commands use the primary (careerguide/routers.py)."""

import json
import subprocess
import sys

from .conftest import ROOT

SCRIPT = r"""
import json, django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from roles.models import Role

call_command("migrate", verbosity=0)

def where(work):
    with CaptureQueriesContext(connections["default"]) as primary, \
         CaptureQueriesContext(connections["replica"]) as replica:
        work()
    return {"primary": len(primary), "replica": len(replica)}

client = Client()
print(json.dumps({
    "page": where(lambda: client.get("/roles/")),
    "write": where(lambda: Role.objects.create(slug="r", title="R", summary="s", overview="o")),
    "admin": where(lambda: client.post("/admin/login/", {"username": "x", "password": "y"})),
    "post": where(lambda: client.post("/roles/")),
}))
"""


def test_reads_of_pages_go_to_the_replica_and_writes_to_the_primary(tmp_path):
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
        "DATABASE_URL": database,
        "DATABASE_REPLICA_URL": database,  # the same file: a replica that never lags
        "CACHE_URL": "dummy://",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["page"]["replica"] > 0 and seen["page"]["primary"] == 0
    assert seen["write"]["primary"] > 0 and seen["write"]["replica"] == 0
    assert seen["admin"]["replica"] == 0 and seen["admin"]["primary"] > 0
    assert seen["post"]["replica"] == 0  # 405, but nothing of it reads the replica
