"""
Job boards' payloads in their public shapes, written for these tests (never downloaded):
Greenhouse's Job Board API (developers.greenhouse.io/job-board.html), Lever's postings API
(github.com/lever/postings-api), Ashby's job posting API
(developers.ashbyhq.com/docs/public-job-posting-api) and schema.org JobPosting as JSON-LD.
Each `*_job(number, **fields)` is one job; fields given replace the default ones, and a
field given as MISSING is left out.
"""

import html
import json
from datetime import timedelta

from django.utils import timezone

MISSING = object()

DESCRIPTION = (
    "<h2>About the team</h2>"
    "<p>The data platform team keeps our marketplace's numbers right &amp; fresh.</p>"
    "<h3>What you will do</h3>"
    "<ul><li>Build batch and streaming pipelines in Python and Apache Spark</li>"
    "<li>Model data in dbt on Snowflake</li><li>Run it all on AWS</li></ul>"
    "<h3>What you bring</h3><ul><li>5+ years of experience in data engineering</li></ul>"
)


def ago(days=1, hours=0):
    return timezone.now() - timedelta(days=days, hours=hours)


def _apply(job, fields):
    for name, value in fields.items():
        if value is MISSING:
            job.pop(name, None)
        else:
            job[name] = value
    return job


# Greenhouse -----------------------------------------------------------------------------------


def greenhouse_job(number, **fields):
    job_id = 4_010_000 + number
    return _apply(
        {
            "id": job_id,
            "internal_job_id": 2_500_000 + number,
            "title": "Senior Data Engineer",
            "updated_at": ago(1).isoformat(),
            "first_published": ago(2).isoformat(),
            "requisition_id": f"REQ-{number:04d}",
            "location": {"name": "New York, NY"},
            "absolute_url": f"https://boards.greenhouse.io/acmeanalytics/jobs/{job_id}",
            "metadata": None,
            "company_name": "Acme Analytics",
            "language": "en",
            # The board escapes the description's HTML into entities.
            "content": html.escape(DESCRIPTION),
            "departments": [{"id": 4101, "name": "Data", "parent_id": None, "child_ids": []}],
            "offices": [
                {
                    "id": 5101,
                    "name": "New York",
                    "location": "New York, NY, United States",
                    "parent_id": None,
                    "child_ids": [],
                }
            ],
        },
        fields,
    )


def greenhouse_board(*jobs):
    return {"jobs": list(jobs), "meta": {"total": len(jobs)}}


def pay_range(low, high, currency="USD", title="Base salary", blurb=""):
    """One of Greenhouse's pay_input_ranges (amounts in cents)."""
    return {
        "min_cents": low * 100,
        "max_cents": high * 100,
        "currency_type": currency,
        "title": title,
        "blurb": blurb,
    }


# Lever ----------------------------------------------------------------------------------------


def lever_posting(number, **fields):
    posting_id = f"4c1d2e3f-0000-4000-8000-{number:012d}"
    return _apply(
        {
            "id": posting_id,
            "text": "Machine Learning Engineer",
            "categories": {
                "commitment": "Full-time",
                "department": "Engineering",
                "location": "San Francisco, CA",
                "team": "Machine Learning",
                "allLocations": ["San Francisco, CA"],
            },
            "country": "US",
            "createdAt": int(ago(2).timestamp() * 1000),
            "opening": "<div>We match riders and drivers.</div>",
            "openingPlain": "We match riders and drivers.",
            "description": "<div>We match riders and drivers with models in PyTorch.</div>",
            "descriptionPlain": "We match riders and drivers with models in PyTorch.",
            "descriptionBody": "",
            "descriptionBodyPlain": "",
            "lists": [
                {"text": "What you'll do", "content": "<li>Train and ship models</li>"},
                {"text": "What you bring", "content": "<li>Python and Kubernetes</li>"},
            ],
            "additional": "<div>We offer a learning budget.</div>",
            "additionalPlain": "We offer a learning budget.",
            "hostedUrl": f"https://jobs.lever.co/globex/{posting_id}",
            "applyUrl": f"https://jobs.lever.co/globex/{posting_id}/apply",
            "workplaceType": "hybrid",
        },
        fields,
    )


def lever_postings(*postings):
    return list(postings)


# Ashby ----------------------------------------------------------------------------------------


def ashby_job(number, **fields):
    job_id = f"7458d4e9-da2e-47bd-98cb-{number:012d}"
    return _apply(
        {
            "id": job_id,
            "title": "Analytics Engineer",
            "location": "Berlin",
            "secondaryLocations": [],
            "department": "Data",
            "team": "Analytics",
            "isListed": True,
            "isRemote": False,
            "workplaceType": "OnSite",
            "descriptionHtml": "<p>Own our dbt models and the metrics layer in SQL.</p>",
            "descriptionPlain": "Own our dbt models and the metrics layer in SQL.",
            "publishedAt": ago(3).isoformat(),
            "employmentType": "FullTime",
            "address": {
                "postalAddress": {
                    "addressLocality": "Berlin",
                    "addressRegion": "Berlin",
                    "addressCountry": "Germany",
                }
            },
            "jobUrl": f"https://jobs.ashbyhq.com/initech/{job_id}",
            "applyUrl": f"https://jobs.ashbyhq.com/initech/{job_id}/application",
            "shouldDisplayCompensationOnJobPostings": True,
        },
        fields,
    )


def ashby_board(*jobs):
    return {"apiVersion": "1", "jobs": list(jobs)}


def ashby_salary(low, high, currency="EUR", interval="1 YEAR"):
    return {
        "id": "5c8de1b0-52d6-41d7-8ae3-671ee74c745a",
        "summary": f"{low} \u2013 {high}",
        "compensationType": "Salary",
        "interval": interval,
        "currencyCode": currency,
        "minValue": low,
        "maxValue": high,
    }


def ashby_compensation(*tiers, summary=()):
    return {
        "compensationTierSummary": "See tiers",
        "scrapeableCompensationSalarySummary": "See tiers",
        "compensationTiers": [
            {
                "id": f"tier-{index}",
                "tierSummary": "",
                "title": f"Zone {index}",
                "additionalInformation": None,
                "components": list(components),
            }
            for index, components in enumerate(tiers, start=1)
        ],
        "summaryComponents": list(summary),
    }


# schema.org JobPosting ------------------------------------------------------------------------


def job_posting(number, **fields):
    return _apply(
        {
            "@context": "https://schema.org/",
            "@type": "JobPosting",
            "title": "Site Reliability Engineer",
            "description": "<p>Keep our Kubernetes clusters up; Go and Terraform daily.</p>",
            "identifier": {"@type": "PropertyValue", "name": "Umbrella", "value": f"srl-{number}"},
            "datePosted": ago(4).date().isoformat(),
            "validThrough": (timezone.now() + timedelta(days=40)).isoformat(),
            "employmentType": "FULL_TIME",
            "hiringOrganization": {
                "@type": "Organization",
                "name": "Umbrella Logistics",
                "sameAs": "https://umbrella-logistics.example",
            },
            "jobLocation": {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "1 Main St",
                    "addressLocality": "Austin",
                    "addressRegion": "TX",
                    "postalCode": "78701",
                    "addressCountry": "US",
                },
            },
            "url": f"https://careers.umbrella-logistics.example/jobs/srl-{number}",
        },
        fields,
    )


def page(*blocks, extra=""):
    """An HTML career page carrying JSON-LD blocks (objects, or text as it stands)."""
    scripts = "".join(
        '<script type="application/ld+json">'
        + (block if isinstance(block, str) else json.dumps(block))
        + "</script>"
        for block in blocks
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Careers</title>"
        f"{scripts}</head><body><h1>Careers</h1>{extra}</body></html>"
    )


def write(path, payload):
    """A payload to a file: JSON for objects and lists, text as it stands."""
    text = payload if isinstance(payload, str) else json.dumps(payload)
    path.write_text(text, encoding="utf-8")
    return path
