"""
Ashby's job posting API: GET api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true
answers {"apiVersion": "1", "jobs": [...]} (developers.ashbyhq.com/docs/public-job-posting-api).
The fields read, per job:

- `id` (current boards send it; else the last part of `jobUrl`), `title`, `applyUrl` (else
  `jobUrl`): where to apply.
- `isListed`: false means the job is not on the public board: skipped (and closed by sync).
- `location` (text) with `address.postalAddress.addressCountry`; `secondaryLocations`
  ([{"location", "address": {"addressLocality", "addressRegion", "addressCountry"}}]).
- `workplaceType` ("OnSite", "Remote", "Hybrid"), else `isRemote`.
- `employmentType`: "FullTime", "PartTime", "Intern", "Contract" or "Temporary".
- `descriptionHtml`, else `descriptionPlain`. `publishedAt` (ISO 8601): the posting date.
- `compensation` (with includeCompensation=true): `summaryComponents` and each of
  `compensationTiers[].components`, each {"compensationType", "interval", "currencyCode",
  "minValue", "maxValue"}; the "Salary" ones (interval "1 YEAR", "1 MONTH", "1 WEEK", "1 DAY",
  "1 HOUR") give the range, widest over the tiers of the first one's currency. Equity,
  bonus and commission components are not pay ranges and are not read.

Ashby's payload does not name the employer: the feed's company (--company) is.
"""

import html

from .common import (
    UNLISTED,
    Bad,
    amount,
    html_text,
    identifier,
    mapping,
    markup,
    places,
    sequence,
    text,
    with_country,
)

WORKPLACE = {"onsite": "onsite", "remote": "remote", "hybrid": "hybrid"}
INTERVALS = {
    "1 YEAR": "YEAR",
    "1 MONTH": "MONTH",
    "1 WEEK": "WEEK",
    "1 DAY": "DAY",
    "1 HOUR": "HOUR",
}


def record(job, *, company):
    job = mapping(job, "the job")
    if job.get("isListed") is False:
        return UNLISTED
    job_url = text(job.get("jobUrl"), "jobUrl")
    external_id = job.get("id")
    if external_id in (None, "") and job_url:
        external_id = job_url.rstrip("/").rsplit("/", 1)[-1]
    address = mapping(mapping(job.get("address"), "address").get("postalAddress"), "postalAddress")
    names = [with_country(text(job.get("location"), "location"), _country(address))]
    for secondary in sequence(job.get("secondaryLocations"), "secondaryLocations"):
        secondary = mapping(secondary, "secondaryLocations[]")
        where = mapping(secondary.get("address"), "secondaryLocations[].address")
        names.append(
            with_country(
                text(secondary.get("location"), "secondaryLocations[].location"), _country(where)
            )
        )
    found, says = places(*names)
    description = markup(job.get("descriptionHtml"), "descriptionHtml")
    if not description:
        plain = text(job.get("descriptionPlain"), "descriptionPlain")
        description = (
            "<p>" + html.escape(plain).replace("\n\n", "</p><p>") + "</p>" if plain else ""
        )
    if not description:
        raise Bad("description is missing (neither descriptionHtml nor descriptionPlain)")
    result = {
        "external_id": identifier(external_id, "id"),
        "title": text(job.get("title"), "title", required=True),
        "company": company,
        "description": description,
        "text": html_text(description),
        "locations": found,
        "places_say": says,
        "posted_at": text(job.get("publishedAt"), "publishedAt", required=True),
        "apply_url": text(job.get("applyUrl"), "applyUrl") or job_url,
        "employment_type": _employment(text(job.get("employmentType"), "employmentType")),
    }
    if not result["apply_url"]:
        raise Bad("applyUrl is missing (and so is jobUrl)")
    workplace = text(job.get("workplaceType"), "workplaceType").lower().replace("-", "")
    if workplace in WORKPLACE:
        result["workplace"] = WORKPLACE[workplace]
        result["workplace_how"] = f"the board's workplaceType “{job['workplaceType']}”"
    elif job.get("isRemote") is True:
        result["workplace"], result["workplace_how"] = "remote", "the board's isRemote"
    result.update(_pay(job.get("compensation")))
    return result


def _country(address):
    return text(address.get("addressCountry"), "addressCountry")


def _employment(value):
    """Ashby's "FullTime" as the importer's "Full time"."""
    return "".join(f" {char}" if char.isupper() else char for char in value).strip() or None


def _pay(compensation):
    compensation = mapping(compensation, "compensation")
    components = list(sequence(compensation.get("summaryComponents"), "summaryComponents"))
    for tier in sequence(compensation.get("compensationTiers"), "compensationTiers"):
        components += sequence(mapping(tier, "compensationTiers[]").get("components"), "components")
    salaries = [
        item
        for item in components
        if isinstance(item, dict) and item.get("compensationType") == "Salary"
    ]
    if not salaries:
        return {}
    first = salaries[0]
    interval = text(first.get("interval"), "interval")
    if interval not in INTERVALS:
        return {}
    same = [
        item
        for item in salaries
        if item.get("currencyCode") == first.get("currencyCode")
        and item.get("interval") == interval
    ]
    lows = [
        value for item in same if (value := amount(item.get("minValue"), "minValue")) is not None
    ]
    highs = [
        value for item in same if (value := amount(item.get("maxValue"), "maxValue")) is not None
    ]
    if not lows and not highs:
        return {}
    return {
        "salary_min": min(lows) if lows else None,
        "salary_max": max(highs) if highs else None,
        "salary_currency": text(first.get("currencyCode"), "currencyCode"),
        "salary_period": INTERVALS[interval],
        "salary_how": "the board's compensation (Salary components)",
    }
