"""
Job boards' own formats, each read a job at a time into a record in our field names (the
checker's), plus what the board says about where, pay and workplace; what boards leave
out (role, level, technologies) is classified by the checker (`jobs.classify`).

- greenhouse: Greenhouse's Job Board API, {"jobs": [...]}.
- lever: Lever's postings API, a JSON array.
- ashby: Ashby's job posting API, {"jobs": [...]}.
- jsonld: schema.org JobPosting, as JSON-LD alone, in a list or @graph, or in a page.

Each module's docstring names the fields it reads and the public document it follows.
"""

import logging

from . import ashby, greenhouse, jsonld, lever
from .common import UNLISTED, Bad, json_items

__all__ = ["NEEDS_COMPANY", "READERS", "UNLISTED", "record_id"]

logger = logging.getLogger(__name__)

# Boards whose payload never names the employer: the feed must (--company, Feed.company).
NEEDS_COMPANY = {"lever", "ashby"}


def _mapped(items, mapper, company):
    for position, item, problem in items:
        if problem:
            yield position, None, problem
            continue
        try:
            yield position, mapper(item, company=company), None
        except Bad as error:
            yield position, None, str(error)
        except Exception:
            logger.exception("job %d: the importer failed on this record", position)
            yield position, None, "could not be read: the importer failed on this record (logged)"


def _board(container, mapper):
    def read(path, *, company, bar=None):
        return _mapped(json_items(path, container, bar=bar), mapper, company)

    return read


def _jsonld(path, *, company, bar=None):
    return _mapped(jsonld.items(path, bar=bar), jsonld.record, company)


READERS = {
    "greenhouse": _board("jobs", greenhouse.record),
    "lever": _board("", lever.record),
    "ashby": _board("jobs", ashby.record),
    "jsonld": _jsonld,
}


def record_id(record):
    """The feed's id of a mapped record, for naming it in a problem."""
    if isinstance(record, dict) and isinstance(record.get("external_id"), str):
        return record["external_id"]
    return None
