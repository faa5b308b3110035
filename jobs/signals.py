"""
Cache invalidation, kept in this one place: any saved or deleted posting, guide (or part
of one) or related record makes cached statistics and pages stale. Bulk updates bypass
signals, so the code that makes them (importer, admin actions, expiry) calls
`statistics.invalidate()` itself.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from roles.models import (
    FAQ,
    CareerStage,
    RelatedRole,
    Responsibility,
    Role,
    Skill,
    Specialization,
)

from . import statistics
from .models import Company, JobPosting, Location, Technology

WATCHED = (
    JobPosting,
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
)


def _invalidate_after_commit(**kwargs):
    # Now, for readers in this transaction, and again after commit, so that a reader in
    # another process that cached the pre-commit state meanwhile is not believed.
    statistics.invalidate()
    transaction.on_commit(statistics.invalidate)


for model in WATCHED:
    post_save.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"stats-save-{model}")
    post_delete.connect(
        _invalidate_after_commit, sender=model, dispatch_uid=f"stats-delete-{model}"
    )


@receiver(m2m_changed, sender=JobPosting.technologies.through, dispatch_uid="stats-tech")
@receiver(m2m_changed, sender=JobPosting.locations.through, dispatch_uid="stats-places")
def _postings_relinked(action, **kwargs):
    if action.startswith("post_"):
        _invalidate_after_commit()
