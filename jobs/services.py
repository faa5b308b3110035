"""
Writes editors make to postings' grouping records: merging spellings into one record.

Merges move rows with QuerySet.update()/delete() on the link tables, which send no model
signals, so every function here makes cached statistics stale itself.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min

from . import statistics
from .models import Company, JobPosting


@dataclass(frozen=True)
class MergeResult:
    """What a merge did: `postings_moved` counts postings that named a folded-in record."""

    kept: object
    deleted: list[str]
    postings_moved: int
    duplicate_links_dropped: int


def merge_technologies(*, keep, others):
    """Fold `others` into `keep`: their postings name `keep` instead; `others` are deleted."""
    return _merge_linked(JobPosting.technologies.through, "technology", keep=keep, others=others)


def merge_locations(*, keep, others):
    """Fold `others` into `keep`: their postings are in `keep` instead; `others` are deleted."""
    return _merge_linked(JobPosting.locations.through, "location", keep=keep, others=others)


@transaction.atomic
def merge_companies(*, keep, others):
    """Fold `others` into `keep`: their postings belong to `keep`; `others` are deleted."""
    others = _lock(Company, keep, others)
    moved = JobPosting.objects.filter(company__in=others).update(company=keep)
    return _finish(keep, others, moved=moved, dropped=0)


@transaction.atomic
def _merge_linked(through, field, *, keep, others):
    """Repoint many-to-many links of `others` to `keep`, never linking a posting twice."""
    model = type(keep)
    others = _lock(model, keep, others)
    other_ids = [other.pk for other in others]
    links = through.objects.filter(**{f"{field}__in": other_ids})

    # A posting already linked to `keep` loses its links to the others; a posting linked to
    # several others keeps only its first such link. What remains is then repointed.
    already_kept = through.objects.filter(**{field: keep}).values("jobposting_id")
    dropped, _ = links.filter(jobposting_id__in=already_kept).delete()
    first_links = links.values("jobposting_id").annotate(first=Min("pk")).values("first")
    dropped_twice, _ = links.exclude(pk__in=first_links).delete()
    repointed = links.update(**{field: keep})
    return _finish(keep, others, moved=repointed + dropped, dropped=dropped + dropped_twice)


def _lock(model, keep, others):
    """The records to fold in, locked with `keep` so no posting is linked to them meanwhile."""
    other_ids = {other.pk for other in others} - {keep.pk}
    if not other_ids:
        raise ValueError("Choose at least one record other than the one to keep.")
    locked = list(model.objects.select_for_update().filter(pk__in=[keep.pk, *other_ids]))
    if keep.pk not in {record.pk for record in locked}:
        raise model.DoesNotExist(f"{model._meta.verbose_name} {keep.pk} no longer exists.")
    return [record for record in locked if record.pk != keep.pk]


def _finish(keep, others, *, moved, dropped):
    names = [str(other) for other in others]
    type(keep).objects.filter(pk__in=[other.pk for other in others]).delete()
    # Link rows moved by update() send no signal: counts must go stale now (for this
    # transaction) and again after commit (for readers who cached meanwhile).
    statistics.invalidate()
    transaction.on_commit(statistics.invalidate)
    return MergeResult(
        kept=keep, deleted=names, postings_moved=moved, duplicate_links_dropped=dropped
    )
