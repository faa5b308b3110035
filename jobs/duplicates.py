"""
One job published by two feeds is counted once: postings of *different sources* with the
same company, the same title key (`jobs.classify.title_key`: "Sr. Data Engineer" and
"Senior Data Engineer" are one title), a place in common (or both remote without a
place) and posting dates at most WINDOW apart are folded together. The first of them (a
posting with a role before one without, then the one stored first) stands for the job;
the others point to it with `duplicate_of` and are left out of every count and list
(`countable_condition`).

Only open postings fold. When the one that stands for a job closes, `fold()` of its key
makes the next one stand for it: the importer, sync, expiry and the admin's bulk changes
call it for the keys they touch. Two postings of one source are never folded: a feed that
lists one title twice means two openings.
"""

from collections import defaultdict
from datetime import timedelta
from itertools import batched

from django.db.models import F, Q

from .models import JobPosting

WINDOW = timedelta(days=3)
CHUNK = 500


def keys_of(ids):
    """The (company, title key) pairs of the postings `ids`."""
    keys = set()
    for chunk in batched(list(ids), CHUNK * 2):
        keys.update(
            JobPosting.objects.filter(pk__in=chunk)
            .exclude(title_key="")
            .values_list("company_id", "title_key")
        )
    return keys


def fold(keys):
    """Fold the open postings of each (company id, title key) in `keys`; returns how many
    of them now stand folded into another."""
    folded = 0
    for chunk in batched(sorted(keys), CHUNK):
        wanted = set(chunk)
        companies = {company for company, _ in chunk}
        titles = {title for _, title in chunk}
        candidates = list(
            JobPosting.objects.filter(
                company_id__in=companies, title_key__in=titles, status=JobPosting.Status.OPEN
            ).values(
                "pk",
                "company_id",
                "title_key",
                "source",
                "posted_at",
                "workplace",
                "role_id",
                "duplicate_of_id",
            )
        )
        candidates = [p for p in candidates if (p["company_id"], p["title_key"]) in wanted]
        places = defaultdict(set)
        links = JobPosting.locations.through.objects.filter(
            jobposting_id__in=[p["pk"] for p in candidates]
        )
        for posting_id, location_id in links.values_list("jobposting_id", "location_id"):
            places[posting_id].add(location_id)
        groups = defaultdict(list)
        for posting in candidates:
            posting["places"] = places[posting["pk"]]
            groups[posting["company_id"], posting["title_key"]].append(posting)
        targets = {}
        for postings in groups.values():
            targets |= _targets(postings)
        folded += sum(1 for target in targets.values() if target is not None)
        _apply(candidates, targets)
    return folded


def _targets(postings):
    """{posting pk: the pk it folds into, or None} for one company's one title."""
    jobs = []  # each: the standing posting and the sources folded into it
    targets = {}
    for posting in sorted(postings, key=lambda p: (p["role_id"] is None, p["pk"])):
        for standing, sources in jobs:
            if posting["source"] not in sources and _same_job(standing, posting):
                targets[posting["pk"]] = standing["pk"]
                sources.add(posting["source"])
                break
        else:
            jobs.append((posting, {posting["source"]}))
            targets[posting["pk"]] = None
    return targets


def _same_job(one, other):
    if abs(one["posted_at"] - other["posted_at"]) > WINDOW:
        return False
    if one["places"] or other["places"]:
        return bool(one["places"] & other["places"])
    return one["workplace"] == other["workplace"] == JobPosting.Workplace.REMOTE


def _apply(candidates, targets):
    by_target = defaultdict(list)
    for posting in candidates:
        target = targets[posting["pk"]]
        if posting["duplicate_of_id"] != target:
            by_target[target].append(posting["pk"])
    # Those that stand for a job first, so that no posting points to one still folded.
    for target in sorted(by_target, key=lambda t: t is not None):
        for ids in batched(by_target[target], CHUNK):
            JobPosting.objects.filter(pk__in=ids).update(duplicate_of=target)


def postings_folded_with(posting):
    """The postings counted as one job with `posting` (itself included), standing one
    first: what the admin shows."""
    standing = posting.duplicate_of_id or posting.pk
    return (
        JobPosting.objects.filter(Q(pk=standing) | Q(duplicate_of_id=standing))
        .select_related("company")
        .order_by(F("duplicate_of_id").asc(nulls_first=True), "pk")
    )
