"""
Writes to guides with side effects beyond one model save: the admin calls these.

Each function is atomic and takes keyword arguments.
"""

from django.db import transaction
from django.db.models import F, Max

# PositiveSmallIntegerField's upper bound, the same on every database we run on.
POSITION_MAX = 32767


@transaction.atomic
def park_positions(*, model, role_id, pks=None):
    """Move a guide's items of one kind (those in `pks`, else all) above every position
    in use, keeping their order.

    Positions are unique per guide and checked row by row, so items swapping places would
    clash while half-saved; parked first, each can then take its new place.
    """
    siblings = model.objects.filter(role_id=role_id)
    top = siblings.aggregate(top=Max("position"))["top"]
    if top is None:
        return
    moving = siblings if pks is None else siblings.filter(pk__in=pks)
    if top < POSITION_MAX // 2:
        moving.update(position=F("position") + (POSITION_MAX - top))
        return
    # Positions this high come only from hand-made data: hand out free values one by one.
    used = set(siblings.values_list("position", flat=True))
    free = (value for value in range(POSITION_MAX, -1, -1) if value not in used)
    for pk in moving.values_list("pk", flat=True):
        model.objects.filter(pk=pk).update(position=next(free))


@transaction.atomic
def set_guide_status(*, roles, status):
    """Publish or move to draft every guide in `roles` (a queryset) not already so;
    returns those changed. One save per guide, so that signals refresh the public pages
    and django-reversion records each guide's new state in the current revision."""
    changing = list(roles.exclude(status=status))
    for role in changing:
        role.status = status
        role.save(update_fields=["status", "updated_at"])
    return changing
