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
