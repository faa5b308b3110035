"""The sixteen shipped guides: every part, our own words, a sensible graph of related roles,
skills linked to the technologies postings name, and search that finds what readers expect."""

import re
from collections import Counter

import pytest
from django.core.management import call_command

from jobs.models import Technology
from roles import health
from roles.models import CareerStage, Role, Skill
from roles.search import search_guides
from tests.seed import GUIDE_OPEN, SEED_RELATED
from tests.seed_runs import digest, runs, seed_digests, shared_runs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_data")]

FAMILIES = {
    "data-analytics": ["analytics-engineer", "bi-developer", "data-analyst", "data-scientist"],
    "data-engineering": ["data-architect", "data-engineer", "database-administrator"],
    "machine-learning": [
        "ai-engineer",
        "machine-learning-engineer",
        "mlops-engineer",
        "research-scientist",
    ],
    "software-infrastructure": [
        "cloud-engineer",
        "platform-engineer",
        "security-engineer",
        "site-reliability-engineer",
        "software-engineer",
    ],
}

# What a reader searching each word expects, in tiers: the first tier leads the results
# (in any order), then the next; together they are every guide found, on either database.
SEARCH_EXPECTATIONS = {
    "kubernetes": [
        {"platform-engineer", "mlops-engineer", "site-reliability-engineer", "cloud-engineer"},
        {
            "software-engineer",
            "security-engineer",
            "data-engineer",
            "ai-engineer",
            "machine-learning-engineer",
            "database-administrator",
            "research-scientist",
        },
    ],
    "pytorch": [
        {"machine-learning-engineer", "research-scientist"},
        {"data-scientist", "mlops-engineer", "ai-engineer"},
    ],
    "dbt": [
        {"analytics-engineer"},
        {
            "bi-developer",
            "data-engineer",
            "data-architect",
            "data-analyst",
            "machine-learning-engineer",
        },
    ],
    "on-call": [
        {"site-reliability-engineer"},
        {
            "database-administrator",
            "platform-engineer",
            "software-engineer",
            "security-engineer",
            "mlops-engineer",
            "cloud-engineer",
            "data-engineer",
            "machine-learning-engineer",
        },
        {
            "ai-engineer",
            "analytics-engineer",
            "bi-developer",
            "data-analyst",
            "data-architect",
            "data-scientist",
        },
    ],
    "sql": [
        {"database-administrator", "analytics-engineer", "bi-developer", "data-analyst"},
        {
            "data-scientist",
            "data-engineer",
            "data-architect",
            "software-engineer",
            "machine-learning-engineer",
            "ai-engineer",
        },
    ],
}


def guides():
    return list(
        Role.objects.published().prefetch_related(
            "responsibilities",
            "skills__technologies",
            "credentials",
            "career_stages",
            "specializations",
            "other_titles",
            "faqs",
            "related_roles__related",
            "sources",
        )
    )


def texts(role):
    """Every text of a guide a reader sees."""
    yield from (role.title, role.summary, role.overview, role.how_to_become)
    yield from (role.career_path_intro, role.work_environment, role.salary_note)
    for item in role.responsibilities.all():
        yield from (item.title, item.text)
    for item in role.skills.all():
        yield from (item.name, item.text)
    for item in role.credentials.all():
        yield from (item.name, item.note)
    for item in role.career_stages.all():
        yield from (item.title, item.text)
    for item in role.specializations.all():
        yield from (item.name, item.text)
    for item in role.faqs.all():
        yield from (item.question, item.answer)
    for item in role.related_roles.all():
        yield item.note
    yield from (item.title for item in role.other_titles.all())


def test_the_sixteen_guides_are_published_in_their_families_with_their_articles():
    assert {
        family: sorted(Role.objects.filter(family=family).values_list("slug", flat=True))
        for family in Role.Family.values
    } == FAMILIES
    articles = dict(Role.objects.values_list("slug", "article"))
    assert {slug for slug, article in articles.items() if article == "an"} == {
        "analytics-engineer",
        "ai-engineer",
        "mlops-engineer",
    }
    assert set(Role.objects.published().values_list("slug", flat=True)) == set(GUIDE_OPEN)


def test_every_published_guide_has_every_part():
    roles = health.roles_with_parts(Role.objects.published())
    assert len(roles) == len(GUIDE_OPEN)
    assert health.incomplete_guides(roles) == []
    for role in guides():
        skills = role.skills.all()
        assert 7 <= len(role.responsibilities.all()) <= 8, role.slug
        assert [s.kind for s in skills].count(Skill.Kind.TECHNICAL) == 8, role.slug
        assert [s.kind for s in skills].count(Skill.Kind.SOFT) == 5, role.slug
        assert [stage.level for stage in role.career_stages.all()] == CareerStage.Level.values
        assert len(role.specializations.all()) == 5, role.slug
        assert 5 <= len(role.faqs.all()) <= 6, role.slug
        assert 2 <= len(role.credentials.all()) <= 6, role.slug
        assert 5 <= len(role.other_titles.all()) <= 12, role.slug
        assert 3 <= len(role.sources.all()) <= 6, role.slug
        assert all(source.url.startswith("https://") for source in role.sources.all())
        assert all(faq.question.endswith("?") for faq in role.faqs.all()), role.slug


def test_every_shipped_guide_and_part_passes_validation():
    for role in guides():
        role.full_clean()
        for part in ("responsibilities", "skills", "credentials", "career_stages"):
            for item in getattr(role, part).all():
                item.full_clean()
        for part in ("specializations", "other_titles", "faqs", "related_roles", "sources"):
            for item in getattr(role, part).all():
                item.full_clean()


def test_occupation_codes_are_o_net_soc_codes_where_one_fits():
    codes = dict(Role.objects.values_list("slug", "occupation_code"))
    assert codes["data-scientist"] == "15-2051.00"
    assert codes["database-administrator"] == "15-1242.00"
    # AI and MLOps engineering have no defensible O*NET occupation of their own.
    assert {slug for slug, code in codes.items() if not code} == {"ai-engineer", "mlops-engineer"}


def test_no_eight_word_run_of_any_guide_is_the_seed_pages():
    for role in guides():
        assert shared_runs("\n\n".join(texts(role))) == [], role.slug


def test_the_seed_check_finds_a_copied_run():
    copied = "A machine learning engineer is a professional who operationalizes machine learning."
    assert shared_runs(copied) != []
    assert digest(sorted(runs(copied))[0]) in seed_digests()


def test_related_roles_are_published_other_guides_three_to_six_each():
    for role in guides():
        related = [item.related for item in role.related_roles.order_by("position")]
        assert 3 <= len(related) <= 6, role.slug
        assert role not in related
        assert all(other.is_published for other in related), role.slug
        assert len(set(related)) == len(related)
    ml = Role.objects.get(slug="machine-learning-engineer")
    first = ml.related_roles.order_by("position")[:3]
    assert [item.related.slug for item in first] == SEED_RELATED


def test_every_guide_is_related_from_another():
    pointed_at = Counter(
        item.related.slug for role in guides() for item in role.related_roles.all()
    )
    assert set(pointed_at) == set(GUIDE_OPEN)


def test_other_titles_name_one_guide_each_and_never_a_guide_title():
    titles = Counter(item.title.casefold() for role in guides() for item in role.other_titles.all())
    assert [title for title, count in titles.items() if count > 1] == []
    guide_titles = {title.casefold() for title in Role.objects.values_list("title", flat=True)}
    assert guide_titles.isdisjoint(titles)


def test_technical_skills_link_to_the_technologies_postings_name():
    links = {
        (skill.role.slug, skill.name): {t.slug for t in skill.technologies.all()}
        for skill in Skill.objects.select_related("role").prefetch_related("technologies")
    }
    assert links[("analytics-engineer", "Dimensional data modeling")] == {"data-modeling"}
    assert links[("cloud-engineer", "Networking")] == {"networking"}
    assert "data-modeling" in links[("data-architect", "Architecture methods and documentation")]
    assert links[("database-administrator", "Backup and recovery tooling")] == {
        "backup-and-recovery"
    }
    assert links[("database-administrator", "Replication and high availability")] == {
        "high-availability"
    }
    added = {
        "polars", "xgboost", "great-expectations", "debezium", "amazon-rds", "powershell",
        "opentofu", "amazon-bedrock", "mcp", "langgraph", "github-copilot", "entra-id", "okta",
        "microsoft-sentinel", "playwright", "data-modeling", "networking",
        "high-availability", "backup-and-recovery",
    }  # fmt: skip
    assert added <= set().union(*links.values())
    assert Technology.objects.get(slug="mcp").name == "Model Context Protocol"
    assert Technology.objects.get(slug="entra-id").name == "Microsoft Entra ID"
    soft = Skill.objects.filter(kind=Skill.Kind.SOFT, technologies__isnull=False)
    assert not soft.exists()


def test_no_guide_promises_what_the_page_does_not_show_or_recommends_a_retired_tool():
    for role in guides():
        text = "\n".join(texts(role))
        assert not re.search(r"figures (shown )?above|above this note", text), role.slug
        for mention in re.finditer(r"TorchServe[^.]*\.", text):
            assert "maintenance" in mention.group(), role.slug
        for credential in role.credentials.all():
            # Microsoft's DP-203 and the AWS specialties other than Security have retired.
            retired = "DP-203" in credential.name or (
                "Specialty" in credential.name and "Security" not in credential.name
            )
            if retired:
                assert credential.status == credential.Status.RETIRED, credential.name


def test_search_documents_are_current():
    call_command("rebuild_search", check=True, verbosity=0)


@pytest.mark.parametrize("word", SEARCH_EXPECTATIONS)
def test_search_finds_the_guides_a_reader_expects(word):
    found = [guide.slug for guide in search_guides(word)]
    tiers = SEARCH_EXPECTATIONS[word]
    assert len(found) == len(set(found)) == sum(len(tier) for tier in tiers)
    start = 0
    for tier in tiers:
        assert set(found[start : start + len(tier)]) == tier, (word, found)
        start += len(tier)


def test_search_reads_other_titles_and_linked_technologies():
    assert next(guide.slug for guide in search_guides("SRE")) == "site-reliability-engineer"
    assert "cloud-engineer" in [guide.slug for guide in search_guides("okta")]
    assert next(guide.slug for guide in search_guides("LLMOps")) == "mlops-engineer"
