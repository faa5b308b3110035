"""The seed figures of PRODUCT.md that the shipped fixtures must reproduce."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Open postings of the four seed guides.
SEED_OPEN = {
    "machine-learning-engineer": 333,
    "analytics-engineer": 297,
    "data-engineer": 228,
    "database-administrator": 11,
}

# The newest open Machine Learning Engineer postings, newest first, and their employers.
SEED_NEWEST = [
    "Senior Machine Learning Engineer II, NLU & Agentic AI",
    "Senior Machine Learning Engineer II - LLM",
    "Lead AI/ML Engineer",
    "Staff Machine Learning Platform/Ops Engineer",
    "Staff Machine Learning Engineer - Generative AI",
    "Machine Learning Engineer - Evisort",
]
SEED_NEWEST_EMPLOYERS = [
    "Moveworks (acquired by ServiceNow)",
    "Moveworks (acquired by ServiceNow)",
    "Xsolla",
    "Preply",
    "Undisclosed employer",  # the seed names none: we invent none
    "Workday",
]

# Open postings of every shipped guide: the seed's four, and the twelve that the lead
# fixed in the content brief (ROLES.md).
GUIDE_OPEN = {
    **SEED_OPEN,
    "data-scientist": 310,
    "data-analyst": 360,
    "bi-developer": 150,
    "data-architect": 85,
    "ai-engineer": 270,
    "mlops-engineer": 120,
    "research-scientist": 65,
    "software-engineer": 480,
    "site-reliability-engineer": 190,
    "platform-engineer": 160,
    "cloud-engineer": 210,
    "security-engineer": 175,
}

ML_OPEN = SEED_OPEN["machine-learning-engineer"]
# The ML guide's related roles, in the seed's order.
SEED_RELATED = ["analytics-engineer", "data-engineer", "database-administrator"]
