"""Folding spellings of one technology, place or company into one key."""

import pytest

from jobs.spellings import company_key, key, new_slug, where


@pytest.mark.parametrize("spelling", ["PyTorch", "pytorch", "Py Torch", "py-torch", " PY_TORCH "])
def test_spellings_of_one_technology_share_a_key(spelling):
    assert key(spelling) == "pytorch"


@pytest.mark.parametrize(
    ("first", "second"),
    [("C++", "C"), ("C#", "C"), ("C++", "C#"), (".NET", "NET")],
)
def test_symbols_that_carry_meaning_keep_names_apart(first, second):
    assert key(first) != key(second)


def test_accents_and_scripts():
    assert key("Zürich") == key("zurich")
    assert key("München") == "munchen"
    assert key("東京") == "東京"
    assert key("---") == ""


@pytest.mark.parametrize(
    "name", ["Acme Analytics", "ACME ANALYTICS", "Acme Analytics, Inc.", "Acme Analytics LLC"]
)
def test_company_legal_forms_are_ignored(name):
    assert company_key(name) == "acmeanalytics"


def test_a_company_named_only_by_a_legal_form_keeps_it():
    assert company_key("Co") == "co"


@pytest.mark.parametrize(
    ("qualifiers", "expected"),
    [
        (["NY"], ("US", "New York")),
        (["Texas", "USA"], ("US", "Texas")),
        (["Ontario"], ("CA", "Ontario")),
        (["ON", "Canada"], ("CA", "Ontario")),
        (["England"], ("GB", "England")),
        (["Germany"], ("DE", "")),
        (["FR"], ("FR", "")),
        (["Somewhere"], ("", "")),
        ([], ("", "")),
    ],
)
def test_where_a_place_is(qualifiers, expected):
    assert where(qualifiers) == expected


def test_new_slugs_do_not_collide():
    taken = {"acme", "acme-2"}
    assert new_slug("Acme", taken.__contains__) == "acme-3"
    assert new_slug("東京", set().__contains__) == "x"
