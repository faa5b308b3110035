"""Guide search over every part of a guide, ranked, on PostgreSQL and on SQLite."""

import pytest
from django.core.management import CommandError, call_command

from roles.models import Role, SearchDocument, Skill
from roles.search import search_guides
from tests.factories import (
    make_credential,
    make_faq,
    make_other_title,
    make_role,
    make_skill,
    make_source,
    make_technology,
)

pytestmark = pytest.mark.django_db


def found(query):
    SearchDocument.objects.rebuild()
    return [guide.slug for guide in search_guides(query)]


def test_every_part_of_a_guide_is_searched():
    role = make_role(slug="everything", overview="Runs the place.")
    make_faq(role=role, question="Is there a pager?", answer="Weekly rotations.")
    make_credential(role=role, name="Gizmo Certified", note="Retired in 2024.")
    make_source(role=role, title="Handbook of widgets", publisher="Bureau of gadgets")
    make_other_title(role=role, title="Widget Wrangler")
    skill = make_skill(role=role, name="Orchestration", text="Schedules jobs.")
    skill.technologies.add(make_technology(name="Flumpf", slug="flumpf"))
    for word in ["pager", "rotations", "gizmo", "widgets", "gadgets", "wrangler", "flumpf"]:
        assert found(word) == ["everything"], word


def test_titles_and_other_titles_rank_above_mentions_in_the_text():
    make_role(slug="mentions", overview="Works next to pipeline engineers all day.")
    make_role(slug="named", title="Pipeline Engineer")
    aliased = make_role(slug="aliased", title="Data Plumber")
    make_other_title(role=aliased, title="Pipeline Builder")
    assert found("pipeline")[-1] == "mentions"
    assert set(found("pipeline")[:2]) == {"named", "aliased"}


def test_plurals_and_the_word_being_typed_match():
    make_role(slug="kube", summary="Runs Kubernetes clusters and build pipelines.")
    assert found("pipelines") == ["kube"]
    assert found("kube") == ["kube"]  # a prefix, as the search box updates while typing
    assert found("clusters kuber") == ["kube"]


def test_every_word_must_match_and_odd_input_finds_nothing():
    make_role(slug="sql-role", summary="Writes SQL every day.")
    assert found("sql daily poetry") == []
    assert found("") == []
    assert found("&&& !!! ''") == []
    assert found("sql") == ["sql-role"]


def test_drafts_are_not_found_and_each_result_has_its_open_count():
    make_role(slug="draft", title="Secret Engineer", status=Role.Status.DRAFT)
    make_role(slug="public", title="Open Engineer")
    SearchDocument.objects.rebuild()
    assert [(guide.slug, guide.open_count) for guide in search_guides("engineer")] == [
        ("public", 0)
    ]


def test_a_guide_changed_outside_the_admin_is_stale_until_rebuilt():
    role = make_role(slug="stale", summary="Old words.")
    SearchDocument.objects.rebuild()
    call_command("rebuild_search", check=True, verbosity=0)
    Skill.objects.create(role=role, position=1, kind="technical", name="Quokka", text="New.")
    assert found_without_rebuild("quokka") == []
    with pytest.raises(CommandError, match="stale"):
        call_command("rebuild_search", check=True, verbosity=0)
    call_command("rebuild_search", verbosity=0)
    assert found_without_rebuild("quokka") == ["stale"]


def found_without_rebuild(query):
    return [guide.slug for guide in search_guides(query)]
