"""
Large synthetic data sets for benchmarks: `python bench/generate.py --postings 1000000`.

Deterministic for a given seed. On PostgreSQL rows go in with COPY; elsewhere with bulk
inserts. Postings get explicit ids so that their technology and location links can be
written in the same pass without reading anything back.
"""

import random
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify

from careerguide.cache import invalidate_after_write
from jobs import tallies
from jobs.models import Company, JobPosting, Location, Technology
from roles.models import Role

SOURCE = "synthetic"
ANCHOR = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ROLE_TITLES = [
    "Machine Learning Engineer",
    "Analytics Engineer",
    "Data Engineer",
    "Database Administrator",
    "Data Scientist",
    "Backend Engineer",
    "Frontend Engineer",
    "Full Stack Engineer",
    "Site Reliability Engineer",
    "DevOps Engineer",
    "Platform Engineer",
    "Security Engineer",
    "Cloud Architect",
    "Mobile Engineer",
    "iOS Engineer",
    "Android Engineer",
    "QA Engineer",
    "Test Automation Engineer",
    "Product Manager",
    "Technical Program Manager",
    "Engineering Manager",
    "Data Analyst",
    "Business Intelligence Analyst",
    "Research Scientist",
    "Applied Scientist",
    "MLOps Engineer",
    "Computer Vision Engineer",
    "NLP Engineer",
    "Robotics Engineer",
    "Embedded Engineer",
    "Firmware Engineer",
    "Network Engineer",
    "Systems Administrator",
    "Solutions Architect",
    "Sales Engineer",
    "Developer Advocate",
    "Technical Writer",
    "UX Designer",
    "Product Designer",
    "UX Researcher",
    "Game Developer",
    "Blockchain Engineer",
    "Quantitative Developer",
    "Data Architect",
    "Data Governance Analyst",
    "Big Data Engineer",
    "Search Engineer",
    "Infrastructure Engineer",
    "Compiler Engineer",
    "Performance Engineer",
]
TECHNOLOGIES = [
    "Python",
    "SQL",
    "Java",
    "Go",
    "Rust",
    "TypeScript",
    "JavaScript",
    "C++",
    "C#",
    "Scala",
    "Kotlin",
    "Swift",
    "Ruby",
    "PHP",
    "R",
    "Julia",
    "Bash",
    "PyTorch",
    "TensorFlow",
    "JAX",
    "scikit-learn",
    "Pandas",
    "NumPy",
    "Spark",
    "Flink",
    "Kafka",
    "Airflow",
    "Dagster",
    "dbt",
    "Snowflake",
    "BigQuery",
    "Redshift",
    "Databricks",
    "PostgreSQL",
    "MySQL",
    "Oracle",
    "SQL Server",
    "MongoDB",
    "Cassandra",
    "Redis",
    "Elasticsearch",
    "ClickHouse",
    "DuckDB",
    "Kubernetes",
    "Docker",
    "Terraform",
    "Ansible",
    "Helm",
    "AWS",
    "Google Cloud",
    "Microsoft Azure",
    "Linux",
    "React",
    "Vue",
    "Angular",
    "Svelte",
    "Next.js",
    "Django",
    "Flask",
    "FastAPI",
    "Spring",
    "Rails",
    "Node.js",
    "GraphQL",
    "gRPC",
    "Looker",
    "Tableau",
    "Power BI",
    "MLflow",
    "Ray",
    "Hugging Face",
    "LLMs",
    "Prometheus",
    "Grafana",
    "Datadog",
    "Jenkins",
    "GitHub Actions",
    "GitLab CI",
    "Figma",
    "Unity",
    "Unreal Engine",
    "Solidity",
    "CUDA",
    "ONNX",
    "OpenCV",
    "ROS",
    "Embedded C",
    "Verilog",
    "Iceberg",
    "Delta Lake",
]
CITIES = [
    ("San Francisco", "US"),
    ("New York", "US"),
    ("Seattle", "US"),
    ("Austin", "US"),
    ("Boston", "US"),
    ("Chicago", "US"),
    ("Denver", "US"),
    ("Atlanta", "US"),
    ("Miami", "US"),
    ("Los Angeles", "US"),
    ("San Diego", "US"),
    ("Portland", "US"),
    ("Toronto", "CA"),
    ("Vancouver", "CA"),
    ("Montreal", "CA"),
    ("London", "GB"),
    ("Manchester", "GB"),
    ("Edinburgh", "GB"),
    ("Dublin", "IE"),
    ("Berlin", "DE"),
    ("Munich", "DE"),
    ("Hamburg", "DE"),
    ("Amsterdam", "NL"),
    ("Paris", "FR"),
    ("Lyon", "FR"),
    ("Barcelona", "ES"),
    ("Madrid", "ES"),
    ("Lisbon", "PT"),
    ("Warsaw", "PL"),
    ("Krakow", "PL"),
    ("Prague", "CZ"),
    ("Vienna", "AT"),
    ("Zurich", "CH"),
    ("Stockholm", "SE"),
    ("Copenhagen", "DK"),
    ("Oslo", "NO"),
    ("Helsinki", "FI"),
    ("Tel Aviv", "IL"),
    ("Bengaluru", "IN"),
    ("Hyderabad", "IN"),
    ("Singapore", "SG"),
    ("Tokyo", "JP"),
    ("Seoul", "KR"),
    ("Sydney", "AU"),
    ("Melbourne", "AU"),
    ("Sao Paulo", "BR"),
    ("Mexico City", "MX"),
    ("Buenos Aires", "AR"),
    ("Cape Town", "ZA"),
    ("Nairobi", "KE"),
]
LEVEL_WEIGHTS = [2, 10, 32, 32, 10, 4, 7, 3]
TITLE_PREFIX = {
    "intern": "{} Intern",
    "entry": "Junior {}",
    "mid": "{}",
    "senior": "Senior {}",
    "staff": "Staff {}",
    "principal": "Principal {}",
    "manager": "{} Manager",
    "director": "Director, {}",
}
POSTING_COLUMNS = [
    "id",
    "external_id",
    "source",
    "role_id",
    "title",
    "company_id",
    "description",
    "seniority",
    "employment_type",
    "workplace",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "posted_at",
    "expires_at",
    "apply_url",
    "status",
    "created_at",
    "updated_at",
]
BATCH = 20_000


def ensure_reference_data(*, roles, seed):
    """Roles, companies, technologies and places the postings point at (created once)."""
    rng = random.Random(seed)
    role_ids = []
    for title in ROLE_TITLES[:roles]:
        role, _ = Role.objects.get_or_create(
            slug=slugify(title),
            defaults={
                "title": title,
                "summary": f"The {title} role: what the work is, and its openings.",
                "family": Role.Family.DATA_ENGINEERING,
                "overview": f"A synthetic guide for the {title} role, made for benchmarks.",
                "status": Role.Status.PUBLISHED,
            },
        )
        role_ids.append(role.pk)
    Company.objects.bulk_create(
        [
            Company(name=f"Company {number:04d}", slug=f"company-{number:04d}")
            for number in range(1, 2001)
        ],
        ignore_conflicts=True,
    )
    Technology.objects.bulk_create(
        [
            Technology(name=name, slug=slugify(name.replace("+", "p").replace("#", "sharp")))
            for name in TECHNOLOGIES
        ],
        ignore_conflicts=True,
    )
    Location.objects.bulk_create(
        [Location(name=name, slug=slugify(name), country_code=country) for name, country in CITIES],
        ignore_conflicts=True,
    )
    rng.shuffle(role_ids)
    return {
        "roles": sorted(role_ids),
        "companies": list(Company.objects.values_list("pk", flat=True)),
        "technologies": list(Technology.objects.values_list("pk", flat=True)),
        "locations": list(Location.objects.values_list("pk", flat=True)),
    }


def posting_rows(*, count, first_id, reference, seed):
    """Yield (posting row, technology ids, location ids) for `count` postings."""
    rng = random.Random(seed)
    roles, companies = reference["roles"], reference["companies"]
    technologies, locations = reference["technologies"], reference["locations"]
    # Skewed like real markets: a few roles and technologies take most postings.
    role_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(roles))]
    tech_cumulative = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(technologies))))
    # Drawn in bulk: one call per column is several times faster than one per value.
    role_of = rng.choices(roles, weights=role_weights, k=count)
    level_of = rng.choices(JobPosting.Seniority.values, weights=LEVEL_WEIGHTS, k=count)
    minutes_before = rng.choices(range(180 * 24 * 60), k=count)
    state_of = rng.choices(range(100), k=count)
    workplace_of = rng.choices(("onsite", "hybrid", "remote"), weights=(35, 35, 30), k=count)
    company_of = rng.choices(companies, k=count)
    place_of = rng.choices(locations, k=count)
    tech_count_of = rng.choices(range(2, 7), k=count)
    last_expiry = ANCHOR - timedelta(days=1)
    far_future = datetime(2099, 1, 1, tzinfo=UTC)
    for offset in range(count):
        number = first_id + offset
        level, state, workplace = level_of[offset], state_of[offset], workplace_of[offset]
        posted = ANCHOR - timedelta(minutes=minutes_before[offset])
        status, expires = "open", None
        if state < 10:
            status = "closed"
        elif state < 15:  # open but past expiry: what expire_postings closes
            expires = max(
                min(posted + timedelta(days=7 + state), last_expiry), posted + timedelta(hours=1)
            )
        elif state < 45:
            expires = far_future + timedelta(days=state)
        low = 60_000 + 1000 * (number % 190) if state % 5 < 2 else None
        row = (
            number,
            f"synthetic-{number}",
            SOURCE,
            role_of[offset],
            TITLE_PREFIX[level].format(f"Role {role_of[offset]} specialist"),
            company_of[offset],
            "Synthetic posting for benchmarks: build, run and improve production systems.",
            level,
            "INTERN" if level == "intern" else "FULL_TIME",
            workplace,
            low,
            low + 10_000 + 1000 * (number % 70) if low else None,
            "USD" if low else "",
            "YEAR" if low else "",
            posted,
            expires,
            f"https://jobs.example/apply/synthetic-{number}",
            status,
            posted,
            posted,
        )
        techs = set(rng.choices(technologies, cum_weights=tech_cumulative, k=tech_count_of[offset]))
        places = [] if workplace == "remote" else [place_of[offset]]
        yield row, techs, places


def generate(*, postings, roles=50, seed=2026, progress=None):
    """Add `postings` synthetic postings; returns how many were written."""
    with transaction.atomic():
        reference = ensure_reference_data(roles=roles, seed=seed)
        first_id = (JobPosting.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        rows = posting_rows(count=postings, first_id=first_id, reference=reference, seed=seed)
        if connection.vendor == "postgresql":
            _copy_postgresql(rows, progress)
            tallies.rebuild()  # the load ran with triggers off
        else:
            _bulk_insert(rows, progress)
        invalidate_after_write()
    return postings


def _copy_postgresql(rows, progress):
    tech_table = JobPosting.technologies.through._meta.db_table
    place_table = JobPosting.locations.through._meta.db_table
    tech_links, place_links = [], []
    with (
        connection.cursor() as cursor,
        _without_plain_indexes(cursor, [JobPosting._meta.db_table, tech_table, place_table]),
    ):
        raw = cursor.connection  # psycopg's own connection, for COPY
        with raw.cursor().copy(
            f"COPY {JobPosting._meta.db_table} ({', '.join(POSTING_COLUMNS)}) FROM STDIN"
        ) as copy:
            for done, (row, techs, places) in enumerate(rows, start=1):
                copy.write_row(row)
                tech_links.extend((row[0], tech) for tech in techs)
                place_links.extend((row[0], place) for place in places)
                if progress and done % BATCH == 0:
                    progress(BATCH)
        for table, column, links in [
            (tech_table, "technology_id", tech_links),
            (place_table, "location_id", place_links),
        ]:
            with raw.cursor().copy(f"COPY {table} (jobposting_id, {column}) FROM STDIN") as copy:
                for link in links:
                    copy.write_row(link)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM "
            f"{JobPosting._meta.db_table}))",
            [JobPosting._meta.db_table],
        )
        cursor.execute(f"ANALYZE {JobPosting._meta.db_table}")
        cursor.execute(f"ANALYZE {tech_table}")
        cursor.execute(f"ANALYZE {place_table}")


@contextmanager
def _without_plain_indexes(cursor, tables):
    """Drop the tables' plain (non-unique) indexes for a bulk load, then build them anew:
    one sort per index instead of a million insertions into each."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%%'",
        [tables],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        # The rows reference only ids read moments ago in this transaction, so the
        # per-row key checks would find nothing; the tally triggers are made up for by
        # one recount afterwards. Both cost more than the load itself.
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _, definition in indexes:
        cursor.execute(definition)


def _bulk_insert(rows, progress):
    Through = JobPosting.technologies.through
    Places = JobPosting.locations.through
    batch, techs, places = [], [], []

    def flush():
        JobPosting.objects.bulk_create(batch)
        Through.objects.bulk_create(techs)
        Places.objects.bulk_create(places)
        if progress:
            progress(len(batch))
        batch.clear(), techs.clear(), places.clear()

    for row, tech_ids, place_ids in rows:
        fields = dict(zip(POSTING_COLUMNS, row, strict=True))
        batch.append(JobPosting(**fields))
        techs.extend(Through(jobposting_id=row[0], technology_id=tech) for tech in tech_ids)
        places.extend(Places(jobposting_id=row[0], location_id=place) for place in place_ids)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
