"""
Lever's postings API: GET api.lever.co/v0/postings/{site}?mode=json answers a JSON array of
postings (github.com/lever/postings-api, "Get a list of job postings", the JSON fields
table). The fields read, per posting:

- `id`, `text` (the title), `applyUrl` (else `hostedUrl`): where to apply.
- `categories`: `location`, `allLocations` (every place), `commitment` ("Full-time",
  "Contract", "Intern", ...); `team` and `department` are not read.
- `country`: an ISO 3166-1 alpha-2 code, given to places that name none.
- `workplaceType`: "unspecified", "on-site", "remote" or "hybrid".
- `createdAt`: milliseconds since 1970, the posting date.
- `description` (HTML: opening and body), else `descriptionPlain`; then `lists`
  ([{"text": heading, "content": "<li>...</li>"}]) and `additional` (HTML), in that order.
- `salaryRange`: {"currency", "interval", "min", "max"}, interval "per-year-salary",
  "per-month-salary", "per-week-salary", "per-day-wage" or "per-hour-wage".
- `state`: the API lists only published postings; a posting copied with another state
  ("internal", "closed", ...) is not public, and skipped.

Lever's payload does not name the employer: the feed's company (--company) is.
"""

import html

from .common import (
    UNLISTED,
    Bad,
    amount,
    epoch_milliseconds,
    html_text,
    identifier,
    mapping,
    markup,
    places,
    sequence,
    text,
    with_country,
)

WORKPLACE = {"on-site": "onsite", "onsite": "onsite", "remote": "remote", "hybrid": "hybrid"}
INTERVALS = {
    "per-year-salary": "YEAR", "per-month-salary": "MONTH", "per-week-salary": "WEEK",
    "per-day-wage": "DAY", "per-day-salary": "DAY", "per-hour-wage": "HOUR",
    "per-hour-salary": "HOUR",
}  # fmt: skip


def record(posting, *, company):
    posting = mapping(posting, "the posting")
    state = posting.get("state")
    if isinstance(state, str) and state.strip().lower() not in ("", "published"):
        return UNLISTED
    categories = mapping(posting.get("categories"), "categories")
    country = text(posting.get("country"), "country").upper()
    names = [text(categories.get("location"), "categories.location")]
    names += [
        text(name, "categories.allLocations[]")
        for name in sequence(categories.get("allLocations"), "categories.allLocations")
    ]
    found, says = places(*names)
    description = markup(posting.get("description"), "description") or html.escape(
        text(posting.get("descriptionPlain"), "descriptionPlain")
    )
    parts = [description]
    for item in sequence(posting.get("lists"), "lists"):
        item = mapping(item, "lists[]")
        heading = html.escape(text(item.get("text"), "lists[].text"))
        content = markup(item.get("content"), "lists[].content")
        if content:
            parts.append(
                f"<h3>{heading}</h3><ul>{content}</ul>" if heading else f"<ul>{content}</ul>"
            )
    parts.append(markup(posting.get("additional"), "additional"))
    body = "\n".join(part for part in parts if part)
    if not body:
        raise Bad("description is missing (neither description nor descriptionPlain)")
    if "<" not in body:  # plain text only: keep its paragraphs
        body = "<p>" + body.replace("\n\n", "</p><p>") + "</p>"
    result = {
        "external_id": identifier(posting.get("id"), "id"),
        "title": text(posting.get("text"), "text", required=True),
        "company": company,
        "description": body,
        "text": html_text(body),
        "locations": [with_country(place, country) for place in found],
        "places_say": says,
        "posted_at": epoch_milliseconds(posting.get("createdAt"), "createdAt"),
        "apply_url": text(posting.get("applyUrl"), "applyUrl")
        or text(posting.get("hostedUrl"), "hostedUrl", required=True),
        "employment_type": text(categories.get("commitment"), "categories.commitment") or None,
    }
    workplace = text(posting.get("workplaceType"), "workplaceType").lower()
    if workplace in WORKPLACE:
        result["workplace"] = WORKPLACE[workplace]
        result["workplace_how"] = f"the board's workplaceType “{workplace}”"
    result.update(_pay(posting.get("salaryRange")))
    return result


def _pay(salary):
    salary = mapping(salary, "salaryRange")
    if not salary:
        return {}
    low, high = (
        amount(salary.get("min"), "salaryRange.min"),
        amount(salary.get("max"), "salaryRange.max"),
    )
    if low is None and high is None:
        return {}
    interval = text(salary.get("interval"), "salaryRange.interval")
    if interval and interval not in INTERVALS:
        raise Bad(f"salaryRange.interval {interval[:40]!r} is not one Lever documents")
    return {
        "salary_min": low,
        "salary_max": high,
        "salary_currency": text(salary.get("currency"), "salaryRange.currency"),
        "salary_period": INTERVALS.get(interval, "YEAR"),
        "salary_how": "the board's salaryRange",
    }
