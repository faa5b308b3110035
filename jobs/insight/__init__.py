"""
A role's market insight: every figure PRODUCT.md "Market insight" defines, in one value.

`market_insight(role)` is the selector (no cache, no side effects; `reading`); its value,
a `MarketInsight` (`figures`), says them all and serves them as JSON and CSV. `jobs.kept`
keeps it per role. Counted postings are those of `JobPosting.objects.open()`: countable,
open and not past expiry. Windows end at data-through, the newest posting's `posted_at`.
"""

from .figures import (
    CSV_COLUMNS,
    PAY_PERIOD,
    QUARTILES,
    SHARE_SAMPLE,
    SMALL_SAMPLE,
    TOP_LIMIT,
    TREND_WINDOW_DAYS,
    Employer,
    LevelPay,
    MarketInsight,
    Pay,
    RoleTrend,
    SkillDemand,
    TechnologyShare,
    percentile,
    share_of,
    whole,
    whole_percent,
)
from .reading import advertised_pay, counted_postings, market_insight, trend

__all__ = [
    "CSV_COLUMNS",
    "PAY_PERIOD",
    "QUARTILES",
    "SHARE_SAMPLE",
    "SMALL_SAMPLE",
    "TOP_LIMIT",
    "TREND_WINDOW_DAYS",
    "Employer",
    "LevelPay",
    "MarketInsight",
    "Pay",
    "RoleTrend",
    "SkillDemand",
    "TechnologyShare",
    "advertised_pay",
    "counted_postings",
    "market_insight",
    "percentile",
    "share_of",
    "trend",
    "whole",
    "whole_percent",
]
