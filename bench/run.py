#!/usr/bin/env python
"""
`make bench`: Career Guide's speed, side by side on one machine, as ratios to /healthz.

1. Builds a PostgreSQL database (BENCH_DATABASE_URL) with the shipped fixtures plus
   BENCH_POSTINGS synthetic postings (default 100,000; `make bench BENCH_POSTINGS=1000000`),
   closes expired postings as the hourly `expire_postings` would, and analyzes it.
2. Measures in-process: SQL queries per page (cold and warm cache) and the cold time of a
   guide's statistics.
3. Starts gunicorn with the production settings and Redis, and drives it with wrk from a
   second process on loopback, one mix of addresses at a time, each beside a /healthz run
   of the same length: real traffic (a different address every request, mostly cache
   misses: random postings, filter combinations, searches, deep pages; guides while a
   posting is saved every second) and the repeated, cache-warm guide. Requests per second,
   p50 and p99 latency, and the ratio to /healthz in the same run.
4. Times `import_postings` of BENCH_IMPORT_LINES lines (default 100,000) and its peak
   memory, measured in the importing process itself.
5. Times a job board's feed (bench/feed_import.py): a 20 MB Greenhouse payload of 5,000
   jobs with full HTML descriptions, classified and loaded, then loaded again unchanged;
   time and peak memory of the importing process itself.

Prints one Markdown table, and writes it with the machine and command to bench-results/.

To repeat part of it: BENCH_KEEP_DATABASE=1 keeps a data set of the same size,
BENCH_MIXES="deep pages,q plus" measures only the mixes whose names contain one of those
parts, and BENCH_IMPORTS=0 leaves out steps 4 and 5.
"""

import json
import os
import platform
import re
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
DURATION = os.environ.get("BENCH_DURATION", "15s")
# Long enough that a slow request counts as a latency, not as a timeout.
TIMEOUT = os.environ.get("BENCH_TIMEOUT", "60s")
URLS_PER_MIX = int(os.environ.get("BENCH_URLS", "5000"))
MIXES = [part.strip() for part in os.environ.get("BENCH_MIXES", "").split(",") if part.strip()]
IMPORTS = os.environ.get("BENCH_IMPORTS", "1") != "0"
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
                say(f"keeping the database of {POSTINGS:,} synthetic postings")
                return None
        except psycopg.Error:
            pass
    say(f"building the database with {POSTINGS:,} synthetic postings")
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
from jobs import insight, statistics
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

# Everything a guide shows of postings, computed with nothing kept: its counts, latest
# openings and related roles, and its market insight (pay, trends, skills...).
def cold_statistics(role):
    statistics.guide_statistics(role)
    insight.market_insight(role)

def median_ms(compute, role):
    timings = []
    for _ in range(15):
        started = time.perf_counter()
        compute(role)
        timings.append((time.perf_counter() - started) * 1000)
    return stats.median(timings)

role = Role.objects.get(slug="machine-learning-engineer")
largest = (JobPosting.objects.filter(source="synthetic").values("role")
           .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
           .order_by("-n").first())
big = Role.objects.get(pk=largest["role"]) if largest else role
print(json.dumps({
    "queries": queries,
    "cold_stats_ms": median_ms(cold_statistics, role),
    "cold_stats_largest_ms": median_ms(cold_statistics, big),
    "cold_insight_ms": median_ms(insight.market_insight, role),
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
RANDOM_URLS = ROOT / "bench" / "random_urls.lua"


def wrk(base, paths=None, *, path=None):
    """Drive the server for DURATION: one path again and again, or (`paths`, a file of
    them) a different one picked at random for every request."""
    url = base + (path or "/")
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", f"--timeout={TIMEOUT}", "--latency"]
    if paths:
        args += ["-s", str(RANDOM_URLS), url, "--", str(paths)]
    else:
        args.append(url)
    output = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {pct: float(value) * UNIT[unit] for pct, value, unit in LATENCY.findall(output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    total = re.search(r"(\d+) requests in", output)
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "requests": int(total.group(1)) if total else 0,
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


URL_LISTS = r"""
import json, random, re
from collections import Counter
from django.db.models import Count
from jobs.models import Company, JobPosting, Location, Technology
from roles.models import Role

rng = random.Random(11)
n = URLS_PER_MIX
PER_PAGE = 25
roles = list(Role.objects.published().values_list("slug", flat=True))
techs = list(Technology.objects.annotate(n=Count("postings")).filter(n__gt=0)
             .values_list("slug", flat=True))
places = list(Location.objects.annotate(n=Count("postings")).filter(n__gt=0)
              .values_list("slug", flat=True))
companies = list(Company.objects.values_list("slug", flat=True)[:5000])
levels = list(JobPosting.Seniority.values)
types = list(JobPosting.EmploymentType.values)
listed = JobPosting.objects.listed()

def one_filter():
    kind = rng.choice(["seniority", "technology", "location", "remote", "salary_min",
                       "posted", "company", "employment_type", "sort"])
    value = {
        "seniority": lambda: rng.choice(levels),
        "technology": lambda: rng.choice(techs),
        "location": lambda: rng.choice(places),
        "remote": lambda: "1",
        "salary_min": lambda: str(rng.randrange(40, 260, 10) * 1000),
        "posted": lambda: rng.choice(["1", "7", "30"]),
        "company": lambda: rng.choice(companies),
        "employment_type": lambda: rng.choice(types),
        "sort": lambda: "pay",
    }[kind]()
    return f"{kind}={value}"

def filters():
    chosen = [one_filter() for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    return "&".join(dict.fromkeys(chosen))

def list_path():
    if rng.random() < 0.3:
        return f"/roles/{rng.choice(roles)}/jobs/"
    return "/jobs/"

# Common words of titles and descriptions, as a reader would search for them.
words = Counter()
for title, description in listed.order_by("?").values_list("title", "description")[:3000]:
    words.update(w for w in re.findall(r"[a-z]{4,}", (title + " " + description).lower()))
stop = {"with", "that", "this", "your", "will", "from", "have", "they", "their", "what",
        "about", "into", "more", "work", "team", "year", "years", "able", "also", "other"}
common = [word for word, _ in words.most_common(400) if word not in stop][:200]

from jobs.filters import Cursor
ids = list(JobPosting.objects.filter(role__status="published").order_by("?")
           .values_list("pk", flat=True)[:n])
# Deep pages: a random place in the list, as Next links reach it page after page.
def cursor_places(postings):
    return [Cursor(posted_at, pk).token for posted_at, pk in
            postings.order_by("?").values_list("posted_at", "pk")[:n]]
deep = cursor_places(listed)
deep_by_role = {
    slug: cursor_places(JobPosting.objects.listed(Role.objects.get(slug=slug)))[: n // 4]
    for slug in roles
}
last_page = max(1, listed.count() // PER_PAGE)
mixes = {
    "posting pages, random ids": [f"/jobs/{pk}/" for pk in ids],
    "/jobs/ random filter combinations": [f"{list_path()}?{filters()}" for _ in range(n)],
    "/jobs/?q= one of 200 common words": [f"/jobs/?q={rng.choice(common)}" for _ in range(n)],
    "q plus one filter": [f"/jobs/?q={rng.choice(common)}&{one_filter()}" for _ in range(n)],
    "/jobs/ random deep pages": [f"/jobs/?after={token}" for token in deep],
    "/roles/<slug>/jobs/ random deep pages": [
        f"/roles/{slug}/jobs/?after={rng.choice(deep_by_role[slug])}"
        for slug in rng.choices(roles, k=n) if deep_by_role[slug]
    ],
    "the guides while a posting is saved every second": [f"/roles/{slug}/" for slug in roles],
}
print(json.dumps({"mixes": mixes, "words": common[:10], "last_page": last_page}))
"""


def url_lists(folder):
    """Write one file of paths per mix; returns {mix: path} and what they rest on."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v0", "-c", f"URLS_PER_MIX = {URLS_PER_MIX}\n" + URL_LISTS],
        cwd=ROOT, env=env(), check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(result.stdout.strip().splitlines()[-1])
    files = {}
    for number, (mix, paths) in enumerate(data["mixes"].items()):
        path = Path(folder) / f"mix-{number}.txt"
        path.write_text("\n".join(paths) + "\n")
        files[mix] = path
    return files, data


def start_writer():
    """One posting saved a second, in a process of its own, until stopped."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-v0", "-c", (ROOT / "bench" / "writer.py").read_text()],
        cwd=ROOT, env=env(), stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip


def measure_mixes(base, files):
    """Each mix beside a /healthz run of the same length, in the same run."""
    results = {}
    for mix, paths in [*files.items(), ("the same guide URL, cache warm", None)]:
        if MIXES and not any(part in mix for part in MIXES):
            continue
        say(f"wrk /healthz, then {mix}")
        healthz = wrk(base, path="/healthz")
        writer = start_writer() if "saved every second" in mix else None
        try:
            if paths is None:
                urllib.request.urlopen(base + GUIDE, timeout=300).read()  # warm it
                measured = wrk(base, path=GUIDE)
            else:
                measured = wrk(base, paths)
        finally:
            if writer:
                writer.terminate()
                measured["saves"] = int((writer.communicate(timeout=30)[0] or "0").strip() or 0)
        # /healthz itself can starve behind the slow requests of the mix before it.
        ratio = measured["rps"] / healthz["rps"] if healthz["rps"] else None
        results[mix] = {**measured, "healthz": healthz, "ratio": ratio}
        say(f"{mix}: {measured['rps']:.1f} req/s, p50 {measured['p50']} ms, "
            f"p99 {measured['p99']} ms; /healthz {healthz['rps']:.1f} req/s")  # fmt: skip
    return results


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


# The importer's peak memory, read by the importing process itself when it ends.
IMPORT_WITH_MEMORY = """
import atexit, resource, runpy, sys
atexit.register(lambda: print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                               file=sys.stderr))
sys.argv = ["manage.py", "import_postings", sys.argv[1], "--source", "bench", "-v0"]
runpy.run_path("manage.py", run_name="__main__")
"""


def measure_import():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "postings.jsonl"
        write_import_file(path, IMPORT_LINES)
        started = time.perf_counter()
        result = subprocess.run(
            [PYTHON, "-c", IMPORT_WITH_MEMORY, str(path)],
            cwd=ROOT,
            env=env(),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
    peak = re.search(r"peak_kb (\d+)", result.stderr)
    if result.returncode or not peak:
        return {"error": (result.stderr or result.stdout).strip()[-300:]}
    return {"seconds": seconds, "peak_mb": int(peak.group(1)) / 1024}


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench does this)")
    generated = build_database()
    folder = tempfile.mkdtemp(prefix="bench-urls-")
    say("picking the addresses of each mix")
    files, picked = url_lists(folder)
    posting = Path(files["posting pages, random ids"]).read_text().split()[0]
    pages = [
        ("/healthz", "/healthz"),
        ("home", "/"),
        ("guide", GUIDE),
        ("guide statistics.json", GUIDE + "statistics.json"),
        ("/jobs/", "/jobs/"),
        ("/jobs/ two filters", "/jobs/?seniority=senior&remote=1"),
        ("/jobs/ filters + search", "/jobs/?q=engineer&seniority=senior&technology=python"),
        ("posting", posting),
    ]
    say("counting queries and timing cold statistics in-process")
    measured = measure_in_process(pages)
    say("starting gunicorn (production settings, Redis cache)")
    server, static_root = start_gunicorn()
    try:
        mixes = measure_mixes(f"http://127.0.0.1:{PORT}", files)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    imported, feed = {"skipped": True}, []
    if IMPORTS:
        say(f"importing {IMPORT_LINES:,} lines")
        imported = measure_import()
        say("importing a 5,000-job Greenhouse feed")
        import feed_import  # bench/ is on the path: this script's folder

        feed = feed_import.lines(feed_import.measure(env()))
    report = render(generated, measured, mixes, imported, picked) + "\n" + "\n".join(feed)
    print(report)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    machine = (
        f"{platform.node()}: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, wrk -t2 -c{CONNECTIONS} -d{DURATION} "
        f"--timeout {TIMEOUT}"
    )
    (out / f"bench-{POSTINGS}-{stamp}.md").write_text(
        f"# make bench BENCH_POSTINGS={POSTINGS}\n\n{machine}\n\n{report}\n"
    )


def render(generated, measured, mixes, imported, picked):
    made = "an existing data set" if generated is None else f"generated in {generated:.1f} s"
    lines = [
        f"Postings: {measured['postings']:,} ({measured['open']:,} open), {made}. "
        f"Largest role: {measured['largest_role'][0]} ({measured['largest_role'][1]:,} open). "
        f"Search words (first of 200): {', '.join(picked['words'])}.",
        "",
        "Each mix ran for " + DURATION + " right after a /healthz run of the same length; "
        "ratio = the mix's requests per second over that /healthz run's.",
        "",
        "| mix | req/s | vs /healthz | p50 ms | p99 ms | /healthz req/s | errors | timeouts |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mix, result in mixes.items():
        saves = f" ({result['saves']} saves)" if "saves" in result else ""
        lines.append(
            f"| {mix}{saves} | {result['rps']:,.1f} | "
            f"{'n/a' if result['ratio'] is None else format(result['ratio'], '.3f')} | "
            f"{result['p50'] or 0:.1f} | {result['p99'] or 0:.1f} | "
            f"{result['healthz']['rps']:,.0f} | {result['errors']} | {result['timeouts']} |"
        )
    lines += ["", "| page | status | SQL cold | SQL warm |", "|---|---:|---:|---:|"]
    for name, (status, cold, warm) in measured["queries"].items():
        lines.append(f"| {name} | {status} | {cold} | {warm} |")
    lines += [
        "",
        "Cold guide statistics (no cache: counts, latest openings, related roles and the "
        "market insight), median of 15: machine-learning-engineer "
        f"{measured['cold_stats_ms']:.1f} ms (the insight alone "
        f"{measured['cold_insight_ms']:.1f} ms); "
        f"largest role {measured['cold_stats_largest_ms']:.1f} ms.",
    ]
    if "skipped" in imported:
        lines.append("Imports not measured (BENCH_IMPORTS=0).")
    elif "error" in imported:
        lines.append(f"import_postings of {IMPORT_LINES:,} lines failed: {imported['error']}")
    else:
        lines.append(
            f"import_postings of {IMPORT_LINES:,} JSON lines: {imported['seconds']:.1f} s, "
            f"peak memory {imported['peak_mb']:.0f} MB (its own process)."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
