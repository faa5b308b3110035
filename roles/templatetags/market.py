"""How the market figures of a guide read on the page: shares as percentages, changes
with their sign, and the geometry of the charts drawn beside the numbers."""

from dataclasses import dataclass

from django import template

register = template.Library()

MINUS = "\u2212"


def _whole_percent(fraction):
    """Whole percent of a fraction, halves rounded up."""
    return int(fraction * 100 + 0.5)


@register.filter
def percent(fraction):
    """A share 0-1 as '17%'; '<1%' for a share above zero that rounds to none."""
    if fraction is None:
        return ""
    whole = _whole_percent(fraction)
    if whole == 0 and fraction > 0:
        return "<1%"
    return f"{whole}%"


@register.filter
def bar_length(fraction):
    """A share 0-1 as the length of a bar in a 0-100 viewBox."""
    return round(100 * min(max(fraction or 0, 0), 1), 1)


@register.filter
def signed_percent(change):
    """A trend's change as '+12%' or '-8%' with a true minus sign (U+2212); '' for none."""
    if change is None:
        return ""
    whole = _whole_percent(abs(change))
    if whole == 0:
        return "0%"
    return f"{'+' if change > 0 else MINUS}{whole}%"


@dataclass(frozen=True)
class PayRow:
    """One row of a pay range chart: its figures, and where its middle half starts and
    ends and its median falls in a 0-100 viewBox shared by every row (None: no figures)."""

    label: str
    n: int
    p25: int | None
    median: int | None
    p75: int | None
    start: float | None = None
    length: float | None = None
    median_at: float | None = None

    @property
    def median_mark(self):
        """Where the median's mark (1 unit wide) starts."""
        return round(self.median_at - 0.5, 1)


@register.filter
def pay_rows(pay, overall_label="All levels"):
    """The role's pay and each level's as PayRows on one scale, from a little under the
    lowest p25 to a little over the highest p75."""
    rows = [(overall_label, pay), *((level.label, level) for level in pay.by_level)]
    with_figures = [figures for _, figures in rows if figures.median is not None]
    if not with_figures:
        return [PayRow(label, f.n, None, None, None) for label, f in rows]
    low = min(figures.p25 for figures in with_figures)
    high = max(figures.p75 for figures in with_figures)
    margin = max((high - low) * 0.08, high * 0.02, 1)
    low, high = max(low - margin, 0), high + margin

    def at(value):
        return round(100 * (value - low) / (high - low), 1)

    return [
        PayRow(
            label,
            f.n,
            f.p25,
            f.median,
            f.p75,
            start=at(f.p25),
            length=max(at(f.p75) - at(f.p25), 0.8),
            median_at=at(f.median),
        )
        if f.median is not None
        else PayRow(label, f.n, None, None, None)
        for label, f in rows
    ]


@register.filter
def pay_at(insight, level):
    """The role's pay figures at a seniority level (a LevelPay), None without any."""
    if not insight.pay:
        return None
    return next((item for item in insight.pay.by_level if item.level == level), None)


@register.filter
def share_at(insight, level):
    """The role's open postings at a seniority level (a statistics.Share), or None."""
    return next((share for share in insight.seniority if share.level == level), None)


@register.filter
def slugs(items):
    """The slugs of technologies or places, as a set to look names up in."""
    return {item.slug for item in items}
