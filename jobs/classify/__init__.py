"""
Classification of what job boards leave out: a posting's role, level, technologies, pay and
workplace, each decided with a sentence saying how (stored on the posting, shown to
editors in the admin).

- `roles`: the role from the title (title rules, guide titles, other titles, a few rules).
- `levels`: the seniority from the title, else the experience the text asks for.
- `technologies`: names of our technologies in the title and text (one automaton).
- `pay`: a range written in the text, when the feed gives none.
- `workplace`: remote, hybrid or on-site.

`Classifier.from_database()` reads the catalog once; each method is then a pure function of
its arguments, which the importer calls for every record of a feed.
"""

from . import levels, pay, workplace
from .roles import RoleCatalog
from .technologies import TechnologyMatcher
from .words import segments

__all__ = ["Classifier", "title_key"]

# Segments that say where, not what ("Data Engineer (Remote)", "Data Engineer - US").
WHERE_WORDS = {
    "remote", "hybrid", "onsite", "on", "site", "office", "us", "usa", "uk", "eu", "emea",
    "apac", "latam", "anywhere", "worldwide", "global", "americas", "europe", "north",
    "america", "united", "states", "kingdom", "canada", "germany",
}  # fmt: skip


def title_key(title):
    """The title with spellings folded and segments that only say where left out: two
    postings of one company with one key may be one job (`jobs.duplicates`)."""
    kept = [part for part in segments(title) if not set(part) <= WHERE_WORDS]
    return " | ".join(" ".join(part) for part in kept)[:200]


class Classifier:
    def __init__(self, *, catalog, matcher):
        self.catalog, self.matcher = catalog, matcher

    @classmethod
    def from_database(cls):
        from roles.models import OtherTitle, Role

        from ..models import Technology, TitleRule

        catalog = RoleCatalog(
            roles=dict(Role.objects.values_list("slug", "title")),
            other_titles=OtherTitle.objects.values_list("role__slug", "title"),
            rules=TitleRule.objects.order_by("pk").values_list("role__slug", "phrase"),
        )
        matcher = TechnologyMatcher.from_records(Technology.objects.values_list("name", flat=True))
        return cls(catalog=catalog, matcher=matcher)

    def role(self, title):
        """{"value": a guide's slug or None, "how": why}."""
        return self.catalog.decide(title)

    def seniority(self, title, text):
        return levels.decide(title, text)

    def technologies(self, title, text, given=()):
        """{"value": names, "how": why}: the feed's own list when it has one, else those
        the title and text name."""
        if given:
            return {"value": list(given), "how": "the feed's own list"}
        names, total = self.matcher.found(f"{title}\n{text}")
        if not names:
            return {"value": [], "how": "none of our technologies is named"}
        how = "named in the title or description"
        if total > len(names):
            how += f" (the first {len(names)} of {total})"
        return {"value": names, "how": how}

    def pay(self, text):
        """{"value": {low, high, currency, period}, "how": why} or None."""
        found = pay.find(text)
        if found is None:
            return None
        return {
            "value": {
                "low": found.low,
                "high": found.high,
                "currency": found.currency,
                "period": found.period,
            },
            "how": f"description says “{found.text}”",
        }

    def workplace(self, **facts):
        return workplace.decide(**facts)
