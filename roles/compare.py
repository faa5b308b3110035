"""
Which guides a comparison shows (`/roles/compare/?roles=a&roles=b`), and what the compared
roles have in common.

One address per set of guides: the slugs deduplicated and sorted, whatever order a reader
or a form gave them in; the view redirects every other spelling there.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from jobs.models import JobPosting

from .models import Role

FEWEST = 2
MOST = 4
# Django's `slug` path converter: what a guide's address can hold.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_LENGTH = Role._meta.get_field("slug").max_length


class UnusableChoice(ValueError):
    """The roles asked for cannot make a comparison; the message says why, to the reader."""


def chosen_slugs(values):
    """The slugs of `values` (the `roles` parameter, repeated) as one comparison wants them:
    blanks dropped (a form's "choose a guide" option), repeats removed, in sorted order.
    Raises UnusableChoice for anything that is no guide's slug, or too few or many."""
    given = [value.strip() for value in values if value.strip()]
    unusable = [value for value in given if len(value) > SLUG_LENGTH or not SLUG.fullmatch(value)]
    if unusable:
        raise UnusableChoice(
            f"“{unusable[0][:80]}” is not the address of a guide: "
            "choose the guides from the list below."
        )
    slugs = sorted({value.lower() for value in given})
    if len(slugs) < FEWEST:
        raise UnusableChoice(
            f"Choose at least {FEWEST} different guides to compare"
            + (f" (only “{slugs[0]}” was given)." if slugs else ".")
        )
    if len(slugs) > MOST:
        raise UnusableChoice(f"Choose at most {MOST} guides to compare ({len(slugs)} were given).")
    return slugs


def comparison_url(slugs):
    return f"{reverse('roles:compare')}?{urlencode({'roles': slugs}, doseq=True)}"


@dataclass(frozen=True)
class Shared:
    """How many of the compared roles list a technology among their top ones."""

    slug: str
    name: str
    roles: int


def shared_technologies(insights):
    """Technologies in the top lists of at least two of the compared roles, most shared
    first (then by name)."""
    names = {}
    counts = Counter()
    for insight in insights:
        for technology in insight.technologies:
            names[technology.slug] = technology.name
            counts[technology.slug] += 1
    shared = [Shared(slug, names[slug], count) for slug, count in counts.items() if count > 1]
    return sorted(shared, key=lambda item: (-item.roles, item.name.lower()))


def levels_shown(insights):
    """The seniority levels any compared role has open postings or pay figures at, in
    ladder order: the rows of the comparison's level-by-level figures."""
    present = set()
    for insight in insights:
        present |= {share.level for share in insight.seniority}
        if insight.pay:
            present |= {level.level for level in insight.pay.by_level}
    return [level for level in JobPosting.Seniority if level.value in present]
