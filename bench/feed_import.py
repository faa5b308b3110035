#!/usr/bin/env python
"""
Throughput of a job board's feed: a Greenhouse Job Board payload of BENCH_FEED_JOBS jobs
(5,000) with full HTML descriptions (about 20 MB), classified and loaded by
`import_postings --format greenhouse` in a process of its own; its time and its peak memory,
read by that process itself (ru_maxrss). The first run creates every posting, the second
finds them all unchanged (what an hourly `sync_feeds` does most of the time).

`make bench` runs it after the other measurements (bench/run.py); alone:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/careerguide_bench \
        python bench/feed_import.py

It migrates that database and loads the shipped guides and postings when it has none (the
classifier reads the guides' titles and the technologies), and removes its own postings
afterwards. Deterministic: one seed, no clock in the payload but "days ago".
"""

import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
JOBS = int(os.environ.get("BENCH_FEED_JOBS", "5000"))
SOURCE = "bench-greenhouse"
LIMIT_SECONDS, LIMIT_MB = 30, 300  # issue 14's target on this machine

TITLES = [
    "Senior Data Engineer", "Data Engineer II", "Staff Machine Learning Engineer, Ranking",
    "Sr. ML Engineer", "Analytics Engineer", "Senior Analytics Engineer (dbt)",
    "Data Scientist, Experimentation", "Principal Data Scientist", "Software Engineer, Backend",
    "Senior Software Engineer II, Payments", "Site Reliability Engineer", "Platform Engineer",
    "MLOps Engineer", "Research Scientist, NLP", "AI Engineer, Agents", "Database Engineer",
    "Security Engineer, Detection", "Cloud Engineer (AWS)", "BI Developer", "Data Analyst",
    "Account Executive", "Recruiter", "Product Designer", "Customer Success Manager",
]  # fmt: skip
PLACES = [
    "New York, NY", "San Francisco, CA; Remote - US", "London, UK", "Berlin, Germany",
    "Remote", "Hybrid - Toronto, ON", "Austin, TX", "Paris, France", "Remote - Canada",
    "Amsterdam, Netherlands", "Bengaluru, India", "Singapore",
]  # fmt: skip
TECHNOLOGIES = [
    "Python", "SQL", "Apache Spark", "dbt", "Snowflake", "AWS", "Google Cloud", "Kubernetes",
    "Terraform", "PyTorch", "TensorFlow", "Go", "Java", "TypeScript", "React", "PostgreSQL",
    "Apache Kafka", "Apache Airflow", "Docker", "Scala", "Rust", "C++", "Looker", "Tableau",
]  # fmt: skip
WORDS = [
    "we", "build", "reliable", "systems", "for", "customers", "across", "many", "markets",
    "and", "our", "team", "values", "clear", "writing", "careful", "reviews", "steady",
    "delivery", "kind", "feedback", "while", "ship", "features", "that", "matter", "measure",
    "what", "they", "change", "learn", "from", "every", "incident", "together",
]  # fmt: skip


def paragraph(rng, words=60):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def description(rng, number):
    """A full HTML description of about 3.6 kB (4 kB once escaped), as boards publish."""
    techs = rng.sample(TECHNOLOGIES, 6)
    parts = [
        f"<h2>About the team</h2><p>{paragraph(rng)}</p><p>{paragraph(rng)}</p>",
        "<h3>What you will do</h3><ul>"
        + "".join(f"<li>{paragraph(rng, 14)} with {tech}</li>" for tech in techs[:4])
        + "</ul>",
        "<h3>What you bring</h3><ul>"
        + f"<li>{rng.choice([2, 3, 5, 7])}+ years of experience with {techs[4]}</li>"
        + f"<li>Comfort with {techs[5]} &amp; {paragraph(rng, 10)}</li></ul>",
        f"<h3>Benefits</h3><p>{paragraph(rng, 90)}</p><p>{paragraph(rng, 90)}</p>",
    ]
    if number % 3 == 0:
        low = rng.randrange(90, 200) * 1000
        parts.append(
            f"<p>The base salary range is ${low // 1000}k\u2013${low // 1000 + 40}k per year.</p>"
        )
    parts.append(f'<p style="font-size: 10pt">{paragraph(rng, 70)}</p>')
    return "".join(parts)


def payload(jobs=JOBS, seed=14):
    rng = random.Random(seed)
    newest = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    board = []
    for number in range(jobs):
        job = {
            "id": 7_000_000 + number,
            "internal_job_id": 3_000_000 + number,
            "title": TITLES[number % len(TITLES)],
            "updated_at": (newest - timedelta(minutes=number)).isoformat(),
            "first_published": (newest - timedelta(minutes=number, days=1)).isoformat(),
            "requisition_id": f"REQ-{number}",
            "location": {"name": PLACES[number % len(PLACES)]},
            "absolute_url": f"https://boards.greenhouse.io/benchco/jobs/{7_000_000 + number}",
            "metadata": None,
            "company_name": f"Bench Company {number % 40}",
            "content": html.escape(description(rng, number)),
            "departments": [{"id": 1, "name": "Engineering", "parent_id": None, "child_ids": []}],
            "offices": [
                {"id": 2, "name": "HQ", "location": "", "parent_id": None, "child_ids": []}
            ],
        }
        if number % 4 == 0:
            job["pay_input_ranges"] = [
                {"min_cents": 12_000_000, "max_cents": 16_000_000, "currency_type": "USD",
                 "title": "Zone A", "blurb": ""},
                {"min_cents": 10_000_000, "max_cents": 14_000_000, "currency_type": "USD",
                 "title": "Zone B", "blurb": ""},
            ]  # fmt: skip
        board.append(job)
    return {"jobs": board, "meta": {"total": jobs}}


# The importer's peak memory, read by the importing process itself when it ends.
IMPORT_WITH_MEMORY = """
import atexit, resource, runpy, sys
atexit.register(lambda: print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                               file=sys.stderr))
sys.argv = ["manage.py", "import_postings", sys.argv[1], "--format", "greenhouse",
            "--source", sys.argv[2], "--sync"]
runpy.run_path("manage.py", run_name="__main__")
"""


def _run(path, environment):
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "-c", IMPORT_WITH_MEMORY, str(path), SOURCE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak = re.search(r"peak_kb (\d+)", result.stderr)
    if result.returncode or not peak:
        return {"error": (result.stderr or result.stdout).strip()[-400:]}
    return {"seconds": seconds, "peak_mb": int(peak.group(1)) / 1024, "summary": result.stdout}


def measure(environment=None):
    """{"bytes", "jobs", "first": {...}, "again": {...}} for one payload, loaded twice."""
    environment = environment or os.environ.copy()
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run([*manage, "load_fixtures", "-v0"], cwd=ROOT, env=environment, check=True)
    with tempfile.TemporaryDirectory(prefix="bench-feed-") as folder:
        path = Path(folder) / "greenhouse.json"
        path.write_text(json.dumps(payload()), encoding="utf-8")
        size = path.stat().st_size
        results = {"bytes": size, "jobs": JOBS, "first": _run(path, environment)}
        results["again"] = _run(path, environment)
    remove = (
        f"from jobs.models import JobPosting as P; P.objects.filter(source={SOURCE!r}).delete()"
    )
    subprocess.run([*manage, "shell", "-c", remove], cwd=ROOT, env=environment, check=True)
    return results


def lines(results):
    out = []
    for name, label in (("first", "first load"), ("again", "again, nothing changed")):
        run = results[name]
        if "error" in run:
            out.append(f"import_postings --format greenhouse ({label}) failed: {run['error']}")
            continue
        within = run["seconds"] <= LIMIT_SECONDS and run["peak_mb"] <= LIMIT_MB
        out.append(
            f"Greenhouse feed of {results['jobs']:,} jobs, {results['bytes'] / 1e6:.1f} MB "
            f"({label}): {run['seconds']:.1f} s, peak memory {run['peak_mb']:.0f} MB "
            f"(its own process; target {LIMIT_SECONDS} s and {LIMIT_MB} MB: "
            f"{'met' if within else 'MISSED'})."
        )
    return out


if __name__ == "__main__":
    environment = os.environ.copy()
    if "BENCH_DATABASE_URL" in environment:
        environment["DATABASE_URL"] = environment["BENCH_DATABASE_URL"]
    results = measure(environment)
    print("\n".join(lines(results)))
    for name in ("first", "again"):
        if "summary" in results[name]:
            print(f"\n[{name}]\n{results[name]['summary'].strip()}")
