"""Guide titles in running text, for the page's questions."""

import pytest

from roles.titles import in_running_text
from tests.factories import make_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "in_text"),
    [
        ("Site Reliability Engineer", "site reliability engineer"),
        ("AI Engineer", "AI engineer"),
        ("BI Developer", "BI developer"),
        ("MLOps Engineer", "MLOps engineer"),
        ("ML Platform Engineer", "ML platform engineer"),
        ("Research Scientist (Machine Learning)", "research scientist in machine learning"),
        ("Full-Stack Developer", "full-stack developer"),
        (".NET Developer", ".NET developer"),
        ("C Programmer", "C programmer"),
        ("iOS Engineer", "iOS engineer"),
    ],
)
def test_a_title_reads_as_a_sentence_needs_it(title, in_text):
    assert in_running_text(title) == in_text


def test_the_article_comes_from_the_guide():
    assert make_role(title="Analytics Engineer", article="an").with_article == (
        "an analytics engineer"
    )
    assert make_role(title="Data Engineer").with_article == "a data engineer"
