"""
Writes to postings and the records they group by, with their side effects: the admin and
the management commands call these, never QuerySet.update() themselves.

Each function is atomic and takes keyword arguments. Bulk writes send no model signals,
so each function makes cached figures and pages stale itself.
"""

from dataclasses import dataclass
from itertools import batched

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import Min
from django.db.models.functions import Now

from careerguide.cache import invalidate_after_write
from roles.models import Role, SearchDocument, Skill

from . import duplicates
from .classify.roles import RoleCatalog
from .models import Company, JobPosting, Technology, TitleRule
from .signals import posting_scopes

BATCH = 1000
# Past this many postings changed at once, a bulk change logs each posting but keeps no
# restorable version of each: serialising thousands of postings would take the request down.
VERSIONED_BULK_LIMIT = 500


@dataclass(frozen=True)
class StatusChange:
    """What a bulk status change did: `past_expiry` of the reopened stay uncounted."""

    changed: int
    past_expiry: int = 0


@transaction.atomic
def set_posting_status(*, postings, status, actor_id=None, comment=""):
    """Give every posting in `postings` (a queryset) `status`; each one changed is logged
    as changed by `actor_id` and, while few, versioned in the current revision. A close by
    an editor (`actor_id` given) is one no import undoes; a reopen lets feeds decide again."""
    changing = postings.exclude(status=status)
    ids = list(changing.values_list("pk", flat=True))
    if not ids:
        return StatusChange(changed=0)
    past_expiry = 0
    if status == JobPosting.Status.OPEN:
        past_expiry = changing.filter(expires_at__lte=Now()).count()
    by_editor = actor_id is not None and status == JobPosting.Status.CLOSED
    roles = _roles_of(changing)
    for batch in batched(ids, BATCH):
        JobPosting.objects.filter(pk__in=batch).update(
            status=status, closed_by_editor=by_editor, updated_at=Now()
        )
    # A job whose standing posting closed is counted through another feed's, if any.
    refolded = duplicates.fold(duplicates.keys_of(ids))
    if actor_id is not None:
        _record_bulk_change(ids, actor_id=actor_id, comment=comment)
    # Postings folded anew may be another role's: then every page may show them.
    invalidate_after_write(None if refolded else posting_scopes(*roles))
    return StatusChange(changed=len(ids), past_expiry=past_expiry)


def _record_bulk_change(ids, *, actor_id, comment):
    versioned = reversion.is_active() and len(ids) <= VERSIONED_BULK_LIMIT
    for batch in batched(ids, BATCH):
        postings = JobPosting.objects.filter(pk__in=batch).select_related("company")
        if versioned:
            postings = postings.prefetch_related("locations", "technologies")
        LogEntry.objects.log_actions(
            user_id=actor_id,
            queryset=postings,
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": ["Status"]}}],
        )
        if versioned:
            for posting in postings:
                reversion.add_to_revision(posting)
    if versioned and comment:
        reversion.set_comment(comment)


@transaction.atomic
def close_expired_postings(*, dry_run=False):
    """Mark open postings past their expiry closed; returns how many (would be) closed.

    Lists and counts already leave them out, so readers see no change; the status catches
    up so that admin filters and exports agree with the pages."""
    expired = JobPosting.objects.due_to_close()  # the review queue's and duplicates too
    if dry_run:
        return expired.count()
    roles = _roles_of(expired)
    ids = list(expired.values_list("pk", flat=True))
    for batch in batched(ids, BATCH):
        JobPosting.objects.filter(pk__in=batch).update(
            status=JobPosting.Status.CLOSED, updated_at=Now()
        )
    if ids:
        refolded = duplicates.fold(duplicates.keys_of(ids))
        invalidate_after_write(None if refolded else posting_scopes(*roles))
    return len(ids)


def _roles_of(postings):
    """The roles `postings` belong to: what their change makes stale."""
    return list(postings.order_by().values_list("role_id", flat=True).distinct())


@dataclass(frozen=True)
class MergeResult:
    """What a merge did: `postings_moved` counts postings that named a folded-in record."""

    kept: object
    deleted: list[str]
    postings_moved: int
    duplicate_links_dropped: int


@transaction.atomic
def merge_technologies(*, keep, others):
    """Fold `others` into `keep`: their postings and the guides' skills name `keep`
    instead; `others` are deleted."""
    others = _lock(Technology, keep, others)
    roles = set(
        Skill.objects.filter(technologies__in=[keep, *others]).values_list("role_id", flat=True)
    )
    _relink_skills(keep, others)
    result = _merge_linked(JobPosting.technologies.through, "technology", keep=keep, others=others)
    # The guides' search documents name their skills' technologies.
    SearchDocument.objects.rebuild(Role.objects.filter(pk__in=roles))
    return result


def _relink_skills(keep, others):
    """Skills that name one of `others` name `keep` instead, once each."""
    links = Skill.technologies.through.objects
    folded = links.filter(technology__in=others)
    folded.filter(skill_id__in=links.filter(technology=keep).values("skill_id")).delete()
    first = folded.values("skill_id").annotate(first=Min("pk")).values("first")
    folded.exclude(pk__in=first).delete()
    folded.update(technology=keep)


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
    invalidate_after_write()  # link rows moved by update() sent no signal
    return MergeResult(
        kept=keep, deleted=names, postings_moved=moved, duplicate_links_dropped=dropped
    )


# The review queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """What giving postings a role did: `by_rule` counts the other postings of the review
    queue that the new title rule (`rule`) gave the role to."""

    assigned: int
    rule: TitleRule | None = None
    by_rule: int = 0


@transaction.atomic
def assign_role(*, postings, role, actor_id, actor_name="", rule_phrase=""):
    """Give every posting in `postings` (a queryset) `role`, as chosen by an editor: later
    imports keep it whatever their rules decide. With `rule_phrase`, also make a title rule
    (TitleRule) of it, and give the role to the other postings waiting in the review queue
    whose title the rule matches; imports apply it from then on."""
    ids = list(postings.values_list("pk", flat=True))
    who = f"assigned by {actor_name} in the admin" if actor_name else "assigned in the admin"
    _give_role(ids, role, how=who, by_editor=True)
    if actor_id is not None and ids:
        _record_bulk_change(ids, actor_id=actor_id, comment=f"Role {role.title} {who}.")
    rule, matched = None, []
    if rule_phrase:
        rule = TitleRule(phrase=" ".join(rule_phrase.split()), role=role, created_by_id=actor_id)
        rule.full_clean()
        rule.save()
        matched = apply_title_rule(rule=rule, exclude=ids)
    invalidate_after_write()
    return Assignment(assigned=len(ids), rule=rule, by_rule=len(matched))


def apply_title_rule(*, rule, exclude=()):
    """Give `rule`'s role to the postings of the review queue whose title it matches;
    returns their ids. (Its caller makes the pages stale.)"""
    catalog = RoleCatalog(
        roles={rule.role.slug: rule.role.title}, rules=[(rule.role.slug, rule.phrase)]
    )
    queue = JobPosting.objects.needing_role().exclude(pk__in=list(exclude))
    matched = [
        pk for pk, title in queue.values_list("pk", "title") if catalog.decide(title)["value"]
    ]
    _give_role(matched, rule.role, how=f"title rule “{rule.phrase}”", by_editor=False)
    return matched


def _give_role(ids, role, *, how, by_editor):
    for batch in batched(ids, BATCH):
        postings = list(JobPosting.objects.filter(pk__in=batch).only("pk", "classification"))
        for posting in postings:
            record = dict(posting.classification or {})
            record["role"] = {"value": role.slug, "how": how}
            posting.classification = record
        JobPosting.objects.bulk_update(postings, ["classification"])
        JobPosting.objects.filter(pk__in=batch).update(
            role=role, role_by_editor=by_editor, updated_at=Now()
        )
    # A posting with a role stands for its job before one without.
    duplicates.fold(duplicates.keys_of(ids))
