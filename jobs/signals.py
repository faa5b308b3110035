"""
Cache invalidation for single saves, kept in this one place: any saved or deleted posting,
guide (or part of one) or related record makes cached statistics and pages stale.
Bulk writes send no model signals; the services that make them call
`careerguide.cache.invalidate_after_write()` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from careerguide.cache import invalidate_after_write
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
    Credential,
    OtherTitle,
    Source,
)


def _saved_or_deleted(**kwargs):
    invalidate_after_write()


for model in WATCHED:
    post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"stats-save-{model}")
    post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"stats-delete-{model}")


@receiver(m2m_changed, sender=JobPosting.technologies.through, dispatch_uid="stats-tech")
@receiver(m2m_changed, sender=JobPosting.locations.through, dispatch_uid="stats-places")
@receiver(m2m_changed, sender=Skill.technologies.through, dispatch_uid="stats-skill-tech")
def _postings_relinked(action, **kwargs):
    if action.startswith("post_"):
        invalidate_after_write()
