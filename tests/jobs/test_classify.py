"""The classification service (jobs/classify), as tables: title -> role and level, text ->
technologies, pay and workplace. No database: the catalog is built here."""

import pytest

from jobs.classify import Classifier, title_key
from jobs.classify.roles import RoleCatalog
from jobs.classify.technologies import TechnologyMatcher

ROLES = {
    "machine-learning-engineer": "Machine Learning Engineer",
    "data-engineer": "Data Engineer",
    "data-scientist": "Data Scientist",
    "platform-engineer": "Platform Engineer",
    "mlops-engineer": "MLOps Engineer",
    "software-engineer": "Software Engineer",
    "research-scientist": "Research Scientist (Machine Learning)",
    "database-administrator": "Database Administrator",
}
OTHER_TITLES = [
    ("machine-learning-engineer", "ML Engineer"),
    ("machine-learning-engineer", "Software Engineer, Machine Learning"),
    ("mlops-engineer", "ML Platform Engineer"),
    ("data-engineer", "Data Platform Engineer"),
    ("data-scientist", "Machine Learning Scientist"),
    ("software-engineer", "Backend Engineer"),
    ("software-engineer", "Member of Technical Staff"),
    ("database-administrator", "PostgreSQL DBA"),
]
TECHNOLOGIES = ["Python", "Go", "C", "C++", "C#", "R", "Rust", "SQL", "SQL Server", "Java",
                "JavaScript", "Apache Spark", "PyTorch", "Kubernetes", ".NET"]  # fmt: skip


@pytest.fixture(scope="module")
def classifier():
    return Classifier(
        catalog=RoleCatalog(roles=ROLES, other_titles=OTHER_TITLES),
        matcher=TechnologyMatcher.from_records(TECHNOLOGIES),
    )


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Sr. ML Engineer", "machine-learning-engineer"),
        ("Machine Learning Engineer II", "machine-learning-engineer"),
        ("Staff Data Engineer, Platform", "data-engineer"),
        ("Senior Machine Learning Engineer II, NLU & Agentic AI", "machine-learning-engineer"),
        ("Lead AI/ML Engineer", "machine-learning-engineer"),
        ("Software Engineer, Machine Learning", "machine-learning-engineer"),
        ("Engineer, Machine Learning", "machine-learning-engineer"),
        ("Software Engineer, Platform", "platform-engineer"),
        ("Data Platform Engineer", "data-engineer"),  # the longest match, not "Platform"
        ("Staff Machine Learning Platform/Ops Engineer", "mlops-engineer"),
        ("Machine Learning Scientist", "data-scientist"),
        ("ML Ops Engineer", "mlops-engineer"),
        ("Research Scientist, NLP", "research-scientist"),
        ("Research Scientist (Machine Learning)", "research-scientist"),
        ("Manager, Data Engineering", "data-engineer"),
        ("Senior Software Engineer II, Backend", "software-engineer"),
        ("Senior DBA", "database-administrator"),
        ("PostgreSQL Database Administrator", "database-administrator"),
        ("Member of Technical Staff", "software-engineer"),
        ("Machine Learning Engineer (Remote - US)", "machine-learning-engineer"),
        ("Data Engineer &amp; Analyst", "data-engineer"),
        ("Account Executive", None),
        ("Head of People", None),
        ("", None),
    ],
)
def test_role_from_title(classifier, title, role):
    assert classifier.role(title)["value"] == role


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Data Engineer Intern", "intern"),
        ("Data Engineering Internship (Summer)", "intern"),
        ("Junior Data Engineer", "entry"),
        ("Jr. Data Engineer", "entry"),
        ("Data Engineer I", "entry"),
        ("Graduate Data Engineer", "entry"),
        ("Data Engineer", "mid"),
        ("Data Engineer II", "mid"),
        ("Data Engineer III", "senior"),
        ("Senior Data Engineer", "senior"),
        ("Sr. Data Engineer", "senior"),
        ("Senior Data Engineer II", "senior"),  # a word beats a numeral
        ("Staff Data Engineer", "staff"),
        ("Senior Staff Data Engineer", "staff"),  # the highest word wins
        ("Lead Data Engineer", "staff"),
        ("Principal Data Engineer", "principal"),
        ("Data Engineering Manager", "manager"),
        ("Senior Manager, Data Engineering", "manager"),
        ("Head of Data Engineering", "director"),
        ("Director of Data Engineering", "director"),
        ("VP, Data", "director"),
        ("Member of Technical Staff", "mid"),  # "Staff" there is no level
    ],
)
def test_level_from_title(classifier, title, level):
    assert classifier.seniority(title, "")["value"] == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("You have 5+ years of experience building pipelines.", "senior"),
        ("3-5 years' experience with SQL.", "mid"),
        ("At least 8 years of professional experience.", "staff"),
        ("0-1 years of experience; we train you.", "entry"),
        ("Open to recent graduates.", "entry"),
        ("A summer internship in our data team.", "intern"),
        ("Build things.", "mid"),
    ],
)
def test_level_from_text_when_the_title_says_none(classifier, text, level):
    decision = classifier.seniority("Data Engineer", text)
    assert decision["value"] == level


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We write Python, Go and Rust.", ["Python", "Go", "Rust"]),
        ("C++ and C# are a plus; some C too.", ["C++", "C#", "C"]),
        ("Google and Golang are not the same word.", ["Go"]),  # "Golang" is Go's alias
        ("Our R&D team, a Series C startup, reports to the C-suite.", []),
        ("Objective-C and Node.js and .NET", ["Node.js", ".NET"]),
        ("Statistics in R, SQL and Spark.", ["R", "SQL", "Apache Spark"]),
        ("We run SQL Server.", ["SQL Server"]),  # the longest spelling, not "SQL"
        ("Go beyond the spec. Python-based tooling, PyTorch-native.", ["Python", "PyTorch"]),
        ("Send your CV; Java's fine; JavaScript too.", ["Java", "JavaScript"]),
        ("k8s, kubernetes and Kubernetes", ["Kubernetes"]),
        ("<li>Python</li><li>Go</li>", ["Python", "Go"]),
        ("rust and go in lower case", []),  # common words match only as the catalog writes them
    ],
)
def test_technologies_from_text_on_word_boundaries(classifier, text, found):
    assert classifier.technologies("", text)["value"] == found


def test_the_feeds_own_list_beats_the_text(classifier):
    decision = classifier.technologies("", "Python", given=["Go"])
    assert decision == {"value": ["Go"], "how": "the feed's own list"}


@pytest.mark.parametrize(
    ("text", "pay"),
    [
        ("$140k\u2013$180k", (140_000, 180_000, "USD", "YEAR")),
        ("€60.000 \u2013 €80.000 per year", (60_000, 80_000, "EUR", "YEAR")),
        ("£45 an hour", (45, 45, "GBP", "HOUR")),
        ("USD 120,000 - 150,000 base", (120_000, 150_000, "USD", "YEAR")),
        ("CHF 100'000 - 130'000 p.a.", (100_000, 130_000, "CHF", "YEAR")),
        ("60.000 \u2013 80.000 EUR annually", (60_000, 80_000, "EUR", "YEAR")),
        ("CA$110,000 to CA$140,000", (110_000, 140_000, "CAD", "YEAR")),
        ("$60 - $80 per hour", (60, 80, "USD", "HOUR")),
        ("€450 a day", (450, 450, "EUR", "DAY")),
        ("£3,500 per month", (3_500, 3_500, "GBP", "MONTH")),
        ("a base salary of $150,000", (150_000, 150_000, "USD", "YEAR")),
        ("Salary from €55,000 per year", (55_000, None, "EUR", "YEAR")),
        ("up to £70,000 per year", (None, 70_000, "GBP", "YEAR")),
    ],
)
def test_pay_from_text(classifier, text, pay):
    value = classifier.pay(text)["value"]
    assert (value["low"], value["high"], value["currency"], value["period"]) == pay


@pytest.mark.parametrize(
    "text",
    [
        "We raised $40M last year.",
        "A $5 lunch voucher.",
        "Our 401(k) matches 4%.",
        "Serving 2,000,000 customers.",
        "$40 - $50",  # no period and not yearly-sized
        "Earn $1 - $9,000,000 a year",  # a range no job pays
    ],
)
def test_no_pay_where_the_text_states_none(classifier, text):
    assert classifier.pay(text) is None


@pytest.mark.parametrize(
    ("facts", "workplace"),
    [
        ({"given": "remote", "given_how": "the board's workplaceType"}, "remote"),
        ({"places_say": ("hybrid", "Hybrid - London")}, "hybrid"),
        ({"title": "Data Engineer (Remote)"}, "remote"),
        ({"text": "This role is fully remote within the EU."}, "remote"),
        ({"text": "We work hybrid: 3 days a week in the office."}, "hybrid"),
        ({"text": "We build hybrid cloud tooling, on-site in Austin."}, "onsite"),
        ({"text": "This role is not remote."}, "onsite"),
        ({"text": "Remote sensing data pipelines."}, "onsite"),
        ({}, "onsite"),
    ],
)
def test_workplace_from_field_places_title_or_text(classifier, facts, workplace):
    assert classifier.workplace(**facts)["value"] == workplace


def test_every_decision_says_how(classifier):
    # "ML" reads as "Machine Learning": the guide's own title, the first of equal phrases.
    assert classifier.role("Sr. ML Engineer")["how"] == (
        "title contains the guide title “Machine Learning Engineer”"
    )
    assert classifier.role("Data Platform Engineer")["how"] == (
        "title contains “Data Platform Engineer”, an other title of Data Engineer"
    )
    assert classifier.role("Software Engineer, Platform")["how"] == (
        "“software engineer, platform” read as the guide title “Platform Engineer”"
    )
    assert classifier.seniority("Data Engineer", "7+ years of experience")["how"] == (
        "description asks “7+ years of experience”"
    )


def test_title_rules_win_wherever_their_words_are():
    catalog = RoleCatalog(roles=ROLES, other_titles=OTHER_TITLES,
                          rules=[("mlops-engineer", "Inference")])  # fmt: skip
    assert catalog.decide("Software Engineer, Inference")["value"] == "mlops-engineer"
    assert catalog.decide("Software Engineer, Inference")["how"] == "title rule “Inference”"
    assert catalog.decide("Software Engineer, Payments")["value"] == "software-engineer"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Sr. Data Engineer", "Senior Data Engineer"),
        ("ML Engineer (Remote)", "Machine Learning Engineer"),
        ("Data Engineer - US", "Data Engineer"),
        ("Data Eng., Platform", "Data Engineer, Platform"),
    ],
)
def test_title_keys_fold_spellings_of_one_title(one, other):
    assert title_key(one) == title_key(other)


def test_title_keys_keep_levels_and_fields_apart():
    assert title_key("Senior Data Engineer") != title_key("Staff Data Engineer")
    assert title_key("Data Engineer, Platform") != title_key("Data Engineer, Ads")
