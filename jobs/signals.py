"""
Cache invalidation for single saves, kept in this one place: any saved or deleted posting,
guide (or part of one) or related record makes cached statistics and pages stale. A
posting retires what shows its role's postings (`posting_scopes`); any other record, every
entry. Bulk writes send no model signals; the services that make them call
`careerguide.cache.invalidate_after_write()` themselves.
"""

from datetime import datetime

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from careerguide.cache import DATA_THROUGH, POSTINGS, invalidate_after_write, role_scope
from roles.models import (
    FAQ,
    CareerStage,
    Credential,
    OtherTitle,
    RelatedRole,
    Responsibility,
    Role,
    Skill,
    Source,
    Specialization,
)

from .models import Company, JobPosting, Location, Technology

WATCHED = (
    Company,
    Location,
    Technology,
    Role,
    RelatedRole,
    Responsibility,
    Skill,
    CareerStage,
    Specialization,
    FAQ,
    Credential,
    OtherTitle,
    Source,
)


def posting_scopes(*role_ids):
    """What a write to postings of these roles makes stale."""
    return (POSTINGS, *(role_scope(role_id) for role_id in dict.fromkeys(role_ids)))


def _saved_or_deleted(**kwargs):
    invalidate_after_write()


for model in WATCHED:
    post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"stats-save-{model}")
    post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"stats-delete-{model}")


@receiver(post_save, sender=JobPosting, dispatch_uid="stats-save-posting")
@receiver(post_delete, sender=JobPosting, dispatch_uid="stats-delete-posting")
def _posting_saved_or_deleted(instance, signal, created=False, **kwargs):
    # Its role now and as it was loaded: a posting moved to another role changes both.
    scopes = posting_scopes(instance.role_id, instance.role_id_as_loaded)
    if _moved_data_through(instance, created=created, deleted=signal is post_delete):
        scopes += (DATA_THROUGH,)
    invalidate_after_write(scopes)


def _moved_data_through(posting, *, created, deleted):
    """Whether the write made `posting` the newest posting, or it was the newest: whether
    data-through moved (asked inside the writer's transaction: other writers answer for
    their own)."""
    if not (created or deleted or posting.posted_at != posting.posted_at_as_loaded):
        return False
    dates = [date for date in (posting.posted_at, posting.posted_at_as_loaded) if date]
    if not all(isinstance(date, datetime) for date in dates):  # a date given as text
        return True
    through = JobPosting.objects.data_through()
    return through is None or max(dates) >= through


@receiver(m2m_changed, sender=JobPosting.technologies.through, dispatch_uid="stats-tech")
@receiver(m2m_changed, sender=JobPosting.locations.through, dispatch_uid="stats-places")
def _posting_relinked(action, instance, reverse, **kwargs):
    if action.startswith("post_"):
        # From the posting's side its role is known; from a technology's or a place's,
        # the postings could be any role's.
        invalidate_after_write(None if reverse else posting_scopes(instance.role_id))


@receiver(m2m_changed, sender=Skill.technologies.through, dispatch_uid="stats-skill-tech")
def _skill_relinked(action, **kwargs):
    if action.startswith("post_"):
        invalidate_after_write()
