"""
What several pages read through the shared cache (`careerguide.cache`), each kept under the
scopes it shows: the selectors of `jobs/statistics.py` and the list facts of the models,
read once per change instead of once per page.
"""

from careerguide.cache import DATA_THROUGH, cached, role_scope
from roles.models import RelatedRole

from . import insight, openings, statistics
from .models import JobPosting


def next_expiry():
    """When the next open posting expires: no kept page outlives that moment. Kept itself
    until then."""
    return cached("next-expiry", JobPosting.objects.next_expiry, valid_until=lambda moment: moment)


def only_samples():
    """Whether every posting is a sample (the footer says so)."""
    return cached("only-samples", JobPosting.objects.only_samples)


def data_through():
    """When the newest posting was posted: kept until a write that may move it."""
    return cached("data-through", JobPosting.objects.data_through, scopes=[DATA_THROUGH])


def insight_page_scopes(role_ids):
    """What these roles' market insight shows (a page, or one role's figures): their
    postings, and windows ending at data-through (which a newest posting of any role
    moves)."""
    return [*map(role_scope, dict.fromkeys(role_ids)), DATA_THROUGH]


def market_insight(role):
    """The role's market insight (`jobs.insight`), kept while its scopes hold, and never
    past the role's next expiry."""
    return cached(
        f"insight:{role.pk}",
        lambda: insight.market_insight(role, through=data_through()),
        scopes=insight_page_scopes([role.pk]),
        valid_until=lambda figures: figures.next_expiry,
    )


# A posting page shows its role's figures at a glance: the same figures as its guide.
at_a_glance = market_insight


def guide_scopes(role):
    """What a guide shows of postings: its role's, and its related roles' counts."""
    related = RelatedRole.objects.filter(role=role).values_list("related_id", flat=True)
    return [role_scope(role.pk), *(role_scope(pk) for pk in related)]


def guide_statistics(role, *, scopes=None):
    """The guide's figures, kept while nothing they rest on has changed (`scopes`, else
    `guide_scopes(role)`), and never past the next expiry that would change them."""
    return cached(
        f"guide:{role.pk}",
        lambda: statistics.guide_statistics(role),
        scopes=scopes or (lambda: guide_scopes(role)),
        valid_until=lambda figures: figures.next_expiry,
    )


def similar_candidates(role_id):
    """The role's newest listed postings, with the technologies and places each names:
    what a posting page looks for similar openings in, kept per role."""
    return cached(
        f"similar:{role_id}",
        lambda: openings.similar_candidates(role_id),
        scopes=[role_scope(role_id)],
    )


__all__ = [
    "at_a_glance",
    "data_through",
    "guide_scopes",
    "guide_statistics",
    "insight_page_scopes",
    "market_insight",
    "next_expiry",
    "only_samples",
    "similar_candidates",
]
