"""
Greenhouse's Job Board API: GET boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true
answers {"jobs": [...], "meta": {"total": N}} (developers.greenhouse.io/job-board.html,
"List jobs"). The fields read, per job:

- `id` (a whole number): the external id. `title`. `absolute_url`: where to apply.
- `company_name`, on current boards; otherwise the feed's company (--company).
- `location.name` ("New York, NY", "Remote - US", "London; Dublin"), else `offices[].name`.
- `first_published` when the board gives it, else `updated_at` (ISO 8601): the posting date.
- `content`: the description as HTML *escaped into entities* ("&lt;p&gt;..."), decoded once
  here; with content=false the board sends none, and the job cannot be loaded.
- `pay_input_ranges` ("Retrieve a job" with pay_transparency=true, present on boards that
  publish pay): [{"min_cents", "max_cents", "currency_type", "title", "blurb"}], one per
  zone; the widest range in the first range's currency.
- `metadata` ([{"name", "value"}], custom fields): an "Employment type" or a "Workplace" /
  "Remote" field, when a board has one.

Departments, offices' ids, `requisition_id` and `internal_job_id` are not read.
"""

import html

from .common import Bad, amount, html_text, identifier, mapping, markup, places, sequence, text

PERIOD_WORDS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


def record(job, *, company):
    job = mapping(job, "the job")
    content = markup(job.get("content"), "content")
    if not content:
        raise Bad("content is missing: fetch the board with ?content=true")
    description = html.unescape(content)  # the board escapes its HTML into entities
    location = text(mapping(job.get("location"), "location").get("name"), "location.name")
    offices = [
        text(mapping(office, "an office").get("name"), "offices[].name")
        for office in sequence(job.get("offices"), "offices")
    ]
    found, says = places(location or "; ".join(name for name in offices if name))
    meta = _metadata(job.get("metadata"))
    result = {
        "external_id": identifier(job.get("id"), "id"),
        "title": text(job.get("title"), "title", required=True),
        "company": text(job.get("company_name"), "company_name") or company,
        "description": description,
        "text": html_text(description),
        "locations": found,
        "places_say": says,
        "posted_at": text(job.get("first_published"), "first_published")
        or text(job.get("updated_at"), "updated_at", required=True),
        "apply_url": text(job.get("absolute_url"), "absolute_url", required=True),
        "employment_type": meta.get("employment"),
    }
    if meta.get("workplace"):
        result["workplace"], result["workplace_how"] = meta["workplace"]
    result.update(_pay(job.get("pay_input_ranges")))
    return result


def _metadata(entries):
    """Employment type and workplace from custom fields named for them, when present."""
    found = {}
    for entry in sequence(entries, "metadata"):
        if not isinstance(entry, dict):
            continue
        name, value = str(entry.get("name") or "").lower(), entry.get("value")
        if isinstance(value, list):
            value = value[0] if value else None
        if not isinstance(value, str) or not value.strip():
            continue
        if "employment" in name or "commitment" in name:
            found["employment"] = value.strip()
        elif "workplace" in name or "remote" in name or "location type" in name:
            word = value.strip().lower()
            for key, workplace in (("hybrid", "hybrid"), ("remote", "remote"), ("yes", "remote"),
                                   ("site", "onsite"), ("office", "onsite")):  # fmt: skip
                if key in word:
                    found["workplace"] = (workplace, f"the board's field “{entry.get('name')}”")
                    break
    return found


def _pay(ranges):
    ranges = [item for item in sequence(ranges, "pay_input_ranges") if isinstance(item, dict)]
    if not ranges:
        return {}
    currency = text(ranges[0].get("currency_type"), "pay_input_ranges[].currency_type")
    same = [item for item in ranges if item.get("currency_type") == ranges[0].get("currency_type")]
    lows = [amount(item.get("min_cents"), "min_cents") for item in same]
    highs = [amount(item.get("max_cents"), "max_cents") for item in same]
    lows = [value // 100 for value in lows if value is not None]
    highs = [value // 100 for value in highs if value is not None]
    words = " ".join(f"{item.get('title') or ''} {item.get('blurb') or ''}" for item in same)
    period = next(
        (value for word, value in PERIOD_WORDS.items() if word in html_text(words).lower()),
        "YEAR",
    )
    zones = f"{len(same)} pay zones" if len(same) > 1 else "the pay range"
    return {
        "salary_min": min(lows) if lows else None,
        "salary_max": max(highs) if highs else None,
        "salary_currency": currency,
        "salary_period": period if (lows or highs) else None,
        "salary_how": f"the board's {zones} (pay_input_ranges)",
    }
