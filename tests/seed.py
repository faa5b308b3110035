"""The seed figures of PRODUCT.md that the shipped fixtures must reproduce."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# The newest open Machine Learning Engineer postings, newest first.
SEED_NEWEST = [
    "Senior Machine Learning Engineer II, NLU & Agentic AI",
    "Senior Machine Learning Engineer II - LLM",
    "Lead AI/ML Engineer",
    "Staff Machine Learning Platform/Ops Engineer",
    "Staff Machine Learning Engineer - Generative AI",
    "Machine Learning Engineer - Evisort",
]

# Open postings per guide in the shipped fixtures (PRODUCT.md, "Seed figures").
SEED_OPEN = {
    "machine-learning-engineer": 333,
    "analytics-engineer": 297,
    "data-engineer": 228,
    "database-administrator": 11,
}
ML_OPEN = SEED_OPEN["machine-learning-engineer"]
# The ML guide's related roles, in the seed's order.
SEED_RELATED = ["analytics-engineer", "data-engineer", "database-administrator"]
