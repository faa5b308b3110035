#!/usr/bin/env python
"""
`make bench`: Career Guide's speed, side by side on one machine, as ratios to /healthz.

1. Builds a PostgreSQL database (BENCH_DATABASE_URL) with the shipped fixtures plus
   BENCH_POSTINGS synthetic postings (default 100,000; `make bench BENCH_POSTINGS=1000000`),
   closes expired postings as the hourly `expire_postings` would, and analyzes it.
2. Measures in-process: SQL queries per page (cold and warm cache) and the cold time of a
   guide's statistics.
3. Starts gunicorn with the production settings and Redis, and drives each page with wrk
   from a second process on loopback: requests per second, p50 and p99 latency.
4. Times `import_postings` of BENCH_IMPORT_LINES lines (default 100,000) with its peak memory.

Prints one Markdown table, and writes it with the machine and command to bench-results/.
"""

import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTINGS = int(os.environ.get("BENCH_POSTINGS", "100000"))
IMPORT_LINES = int(os.environ.get("BENCH_IMPORT_LINES", "100000"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PORT = int(os.environ.get("BENCH_PORT", "8099"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/careerguide_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9")
SETTINGS_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
}
GUIDE = "/roles/machine-learning-engineer/"


def env(**extra):
    return {**os.environ, **SETTINGS_ENV, **extra}


def manage(*args, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env(), check=True, **kwargs)


def say(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def build_database():
    """Returns the seconds bench/generate.py took, or None when an existing data set of
    the same size was kept (BENCH_KEEP_DATABASE=1, to repeat the measurements only)."""
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    if os.environ.get("BENCH_KEEP_DATABASE") == "1":
        try:
            with psycopg.connect(DATABASE_URL) as connection:
                (count,) = connection.execute(
                    "SELECT COUNT(*) FROM jobs_jobposting WHERE source = 'synthetic'"
                ).fetchone()
            if count == POSTINGS:
                return None
        except psycopg.Error:
            pass
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--no-input", "-v0")
    manage("load_fixtures", "-v0")
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "bench/generate.py", "--postings", str(POSTINGS), "--quiet"],
        cwd=ROOT,
        env=env(),
        check=True,
    )
    generated = time.perf_counter() - started
    manage("expire_postings", "-v0")
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return generated


IN_PROCESS = r"""
import json, statistics as stats, time
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from jobs import statistics
from jobs.models import JobPosting
from roles.models import Role

pages = json.loads(PAGES)
client = Client()
queries = {}
for name, url in pages:
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        status = client.get(url).status_code
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    queries[name] = [status, len(cold), len(warm)]

role = Role.objects.get(slug="machine-learning-engineer")
timings = []
for _ in range(15):
    started = time.perf_counter()
    statistics.guide_statistics(role)
    timings.append((time.perf_counter() - started) * 1000)
largest = (JobPosting.objects.filter(source="synthetic").values("role")
           .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
           .order_by("-n").first())
big = Role.objects.get(pk=largest["role"]) if largest else role
big_timings = []
for _ in range(15):
    started = time.perf_counter()
    statistics.guide_statistics(big)
    big_timings.append((time.perf_counter() - started) * 1000)
print(json.dumps({
    "queries": queries,
    "cold_stats_ms": stats.median(timings),
    "cold_stats_largest_ms": stats.median(big_timings),
    "largest_role": [big.slug, statistics.open_postings_count(big)],
    "postings": JobPosting.objects.count(),
    "open": JobPosting.objects.open().count(),
}))
"""


def measure_in_process(pages):
    result = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-v0",
            "-c",
            f"PAGES = {json.dumps(json.dumps(pages))}\n" + IN_PROCESS,
        ],
        cwd=ROOT,
        env=env(DJANGO_DEBUG="true"),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_gunicorn():
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env(DJANGO_STATIC_ROOT=static_root),
        check=True,
    )
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "--config",
            "careerguide/gunicorn.conf.py",
            "careerguide.wsgi",
        ],
        cwd=ROOT,
        env=env(
            GUNICORN_BIND=f"127.0.0.1:{PORT}",
            DJANGO_STATIC_ROOT=static_root,
            GUNICORN_WORKERS=os.environ.get("BENCH_WORKERS", "2"),
            GUNICORN_THREADS=os.environ.get("BENCH_THREADS", "4"),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return process, static_root
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url):
    # Warm the cache with one request given all the time it needs (a cold list page at a
    # million postings takes seconds), then connections, then measure.
    urllib.request.urlopen(url, timeout=300).read()
    subprocess.run(["wrk", "-t1", "-c4", "-d2s", url], capture_output=True, check=True)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {pct: float(value) * UNIT[unit] for pct, value, unit in LATENCY.findall(output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def write_import_file(path, lines):
    start = datetime(2026, 6, 1, tzinfo=UTC)
    roles = [
        "machine-learning-engineer",
        "analytics-engineer",
        "data-engineer",
        "database-administrator",
    ]
    techs = ["Python", "pytorch", "SQL", "Apache Spark", "dbt", "Kubernetes", "AWS", "Go"]
    places = ["Berlin", "New York", "London", "Austin", "Toronto"]
    with open(path, "w") as handle:
        for number in range(lines):
            row = {
                "external_id": f"bench-import-{number}",
                "role": roles[number % 4],
                "title": f"Engineer {number}",
                "company": f"Import Company {number % 500}",
                "description": "Imported for the benchmark.",
                "seniority": ["entry", "mid", "senior", "staff"][number % 4],
                "workplace": ["onsite", "hybrid", "remote"][number % 3],
                "locations": [] if number % 3 == 2 else [places[number % 5]],
                "technologies": [techs[number % 8], techs[(number + 3) % 8]],
                "posted_at": (start + timedelta(minutes=number)).isoformat(),
                "apply_url": f"https://jobs.example/apply/{number}",
            }
            handle.write(json.dumps(row) + "\n")


def measure_import():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "postings.jsonl"
        write_import_file(path, IMPORT_LINES)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        result = subprocess.run(
            [PYTHON, "manage.py", "import_postings", str(path), "--source", "bench", "-v0"],
            cwd=ROOT,
            env=env(),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode:
        return {"error": (result.stderr or result.stdout).strip()[-300:]}
    return {"seconds": seconds, "peak_mb": max(peak, before) / 1024}


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench does this)")
    say(f"building the database with {POSTINGS:,} synthetic postings")
    generated = build_database()
    posting_id = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-v0",
            "-c",
            "from jobs.models import JobPosting; "
            "print(JobPosting.objects.open().filter(source='synthetic').order_by('-posted_at')[0].pk)",
        ],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    pages = [
        ("/healthz", "/healthz"),
        ("home", "/"),
        ("guide", GUIDE),
        ("/jobs/", "/jobs/"),
        ("/jobs/ two filters", "/jobs/?seniority=senior&remote=1"),
        ("/jobs/ filters + search", "/jobs/?seniority=senior&technology=python&q=engineer"),
        ("posting", f"/jobs/{posting_id}/"),
    ]
    say("counting queries and timing cold statistics in-process")
    measured = measure_in_process(pages)
    say("starting gunicorn (production settings, Redis cache)")
    server, static_root = start_gunicorn()
    try:
        load = {}
        for name, url in pages:
            say(f"wrk {url}")
            load[name] = wrk(f"http://127.0.0.1:{PORT}{url}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
    say(f"importing {IMPORT_LINES:,} lines")
    imported = measure_import()

    baseline = load["/healthz"]["rps"]
    made = "an existing data set" if generated is None else f"generated in {generated:.1f} s"
    lines = [
        f"Postings: {measured['postings']:,} ({measured['open']:,} open), {made}. "
        f"Largest role: {measured['largest_role'][0]} ({measured['largest_role'][1]:,} open).",
        "",
        "| page | req/s | vs /healthz | p50 ms | p99 ms | SQL cold | SQL warm |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _ in pages:
        result, (status, cold, warm) = load[name], measured["queries"][name]
        flag = (
            ""
            if status == 200 and not result["errors"]
            else f" (HTTP {status}, {result['errors']} errors)"
        )
        lines.append(
            f"| {name}{flag} | {result['rps']:,.0f} | {result['rps'] / baseline:.2f} | "
            f"{result['p50']:.1f} | {result['p99']:.1f} | {cold} | {warm} |"
        )
    lines += [
        "",
        "Cold guide statistics (no cache), median of 15: machine-learning-engineer "
        f"{measured['cold_stats_ms']:.1f} ms; "
        f"largest role {measured['cold_stats_largest_ms']:.1f} ms.",
    ]
    if "error" in imported:
        lines.append(f"import_postings of {IMPORT_LINES:,} lines failed: {imported['error']}")
    else:
        lines.append(
            f"import_postings of {IMPORT_LINES:,} JSON lines: {imported['seconds']:.1f} s, "
            f"peak memory {imported['peak_mb']:.0f} MB."
        )
    report = "\n".join(lines)
    print(report)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    machine = (
        f"{platform.node()}: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, wrk -t2 -c{CONNECTIONS} -d{DURATION}"
    )
    (out / f"bench-{POSTINGS}-{stamp}.md").write_text(
        f"# make bench BENCH_POSTINGS={POSTINGS}\n\n{machine}\n\n{report}\n"
    )


if __name__ == "__main__":
    main()
