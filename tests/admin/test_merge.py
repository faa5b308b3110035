"""Merging spellings of one technology, location or company into one record."""

import pytest
from django.urls import reverse

from jobs import insight, statistics
from jobs.models import Company, JobPosting, Location, Technology
from jobs.services import merge_companies, merge_locations, merge_technologies
from tests.factories import (
    make_company,
    make_location,
    make_posting,
    make_role,
    make_technology,
)

pytestmark = pytest.mark.django_db

Links = JobPosting.technologies.through


def ranked(role):
    return {t.name: t.count for t in statistics.top_technologies(role)}


def test_merging_two_technologies_keeps_every_posting_and_the_counts():
    role = make_role()
    pytorch = make_technology(name="PyTorch", slug="pytorch")
    spelled = make_technology(name="Pytorch", slug="pytorch-2")
    python = make_technology(name="Python", slug="python")
    only_kept = make_posting(role=role, technologies=[pytorch])
    only_other = make_posting(role=role, technologies=[spelled, python])
    both = make_posting(role=role, technologies=[pytorch, spelled])
    closed = make_posting(role=role, technologies=[spelled], status=JobPosting.Status.CLOSED)
    assert ranked(role) == {"PyTorch": 2, "Pytorch": 2, "Python": 1}
    postings_before = JobPosting.objects.count()

    result = merge_technologies(keep=pytorch, others=[spelled])

    assert not Technology.objects.filter(pk=spelled.pk).exists()
    assert JobPosting.objects.count() == postings_before
    assert set(pytorch.postings.all()) == {only_kept, only_other, both, closed}
    assert Links.objects.filter(jobposting=both).count() == 1  # no duplicate link
    assert set(only_other.technologies.all()) == {pytorch, python}
    assert ranked(role) == {"PyTorch": 3, "Python": 1}
    assert result.postings_moved == 3
    assert result.duplicate_links_dropped == 1
    assert result.deleted == ["Pytorch"]


def test_merging_several_spellings_named_by_one_posting_links_it_once():
    keep = make_technology(name="Kubernetes")
    k8s, kube = make_technology(name="k8s"), make_technology(name="Kube")
    posting = make_posting(technologies=[k8s, kube])

    merge_technologies(keep=keep, others=[k8s, kube])

    assert list(posting.technologies.all()) == [keep]
    assert Technology.objects.filter(pk__in=[k8s.pk, kube.pk]).count() == 0


def test_merge_refuses_nothing_to_fold_in():
    keep = make_technology()

    with pytest.raises(ValueError, match="other than the one to keep"):
        merge_technologies(keep=keep, others=[keep])


def test_merge_makes_cached_guide_numbers_stale_at_once():
    role = make_role()
    keep, other = make_technology(name="Spark"), make_technology(name="Apache Spark")
    make_posting(role=role, technologies=[keep])
    make_posting(role=role, technologies=[other])
    before = insight.market_insight(role)
    assert {t.name: t.count for t in before.technologies} == {"Apache Spark": 1, "Spark": 1}

    merge_technologies(keep=keep, others=[other])

    after = insight.market_insight(role)
    assert {t.name: t.count for t in after.technologies} == {"Spark": 2}


def test_merging_locations_moves_postings_and_keeps_place_counts():
    role = make_role()
    keep = make_location(name="New York", slug="new-york")
    other = make_location(name="New York City", slug="nyc")
    first = make_posting(role=role, locations=[keep])
    second = make_posting(role=role, locations=[other])
    third = make_posting(role=role, locations=[keep, other])

    merge_locations(keep=keep, others=[other])

    assert set(keep.postings.all()) == {first, second, third}
    assert not Location.objects.filter(pk=other.pk).exists()
    assert JobPosting.locations.through.objects.filter(jobposting=third).count() == 1
    assert {p.name: p.count for p in statistics.top_locations(role)} == {"New York": 3}


def test_merging_companies_moves_their_postings():
    keep, other = make_company(name="Acme"), make_company(name="ACME Inc.")
    posting = make_posting(company=other)

    merge_companies(keep=keep, others=[other])

    posting.refresh_from_db()
    assert posting.company == keep
    assert not Company.objects.filter(pk=other.pk).exists()


# The admin action ---------------------------------------------------------------------------

TECH_LIST = reverse("admin:jobs_technology_changelist")


def test_the_merge_action_asks_which_record_to_keep_first(editor_client):
    popular = make_technology(name="PyTorch")
    rare = make_technology(name="Pytorch")
    make_posting(technologies=[popular])
    make_posting(technologies=[popular])
    make_posting(technologies=[rare])

    page = editor_client.post(
        TECH_LIST,
        {"action": "merge_selected", "_selected_action": [popular.pk, rare.pk], "index": "0"},
    )

    assert page.status_code == 200
    assert "Keep which technology?" in page.text
    assert f'value="{popular.pk}" checked' in page.text  # most postings: suggested
    assert Technology.objects.filter(pk__in=[popular.pk, rare.pk]).count() == 2


def test_confirming_the_merge_folds_the_others_into_the_kept_one(editor_client):
    role = make_role()
    keep = make_technology(name="PyTorch")
    other = make_technology(name="Pytorch")
    make_posting(role=role, technologies=[keep])
    make_posting(role=role, technologies=[other])

    response = editor_client.post(
        TECH_LIST,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, other.pk],
            "merge": "yes",
            "keep": str(other.pk),
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "Merged “PyTorch” into “Pytorch”: 1 posting moved." in response.text
    assert list(Technology.objects.values_list("name", flat=True)) == ["Pytorch"]
    assert {t.name: t.count for t in statistics.top_technologies(role)} == {"Pytorch": 2}


def test_the_merge_needs_a_choice_among_the_selected(editor_client):
    first, second, outsider = make_technology(), make_technology(), make_technology()

    page = editor_client.post(
        TECH_LIST,
        {
            "action": "merge_selected",
            "_selected_action": [first.pk, second.pk],
            "merge": "yes",
            "keep": str(outsider.pk),
        },
    )

    assert page.status_code == 200
    assert "errornote" in page.text
    assert Technology.objects.count() == 3


def test_merging_a_single_record_is_refused_politely(editor_client):
    only = make_technology()

    response = editor_client.post(
        TECH_LIST,
        {"action": "merge_selected", "_selected_action": [only.pk], "index": "0"},
        follow=True,
    )

    assert "Select two or more technologies" in response.text


def test_the_location_admin_merges_too(editor_client):
    keep, other = make_location(name="Berlin"), make_location(name="berlin")
    posting = make_posting(locations=[other])

    editor_client.post(
        reverse("admin:jobs_location_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, other.pk],
            "merge": "yes",
            "keep": str(keep.pk),
        },
    )

    assert list(posting.locations.all()) == [keep]


def test_the_lists_show_how_many_postings_use_each_record(editor_client):
    tech = make_technology(name="Rust")
    unused = make_technology(name="Cobol")
    place = make_location()
    posting = make_posting(technologies=[tech], locations=[place])
    make_posting(technologies=[tech], status=JobPosting.Status.CLOSED)

    page = editor_client.get(TECH_LIST, {"o": "-3"})
    places = editor_client.get(reverse("admin:jobs_location_changelist"))
    companies = editor_client.get(reverse("admin:jobs_company_changelist"))

    counts = {r.name: r.posting_count for r in page.context["cl"].result_list}
    assert counts == {"Rust": 2, "Cobol": 0}
    assert [r.name for r in page.context["cl"].result_list] == ["Rust", unused.name]
    assert {r.pk: r.posting_count for r in places.context["cl"].result_list} == {place.pk: 1}
    company_counts = {r.pk: r.posting_count for r in companies.context["cl"].result_list}
    assert company_counts[posting.company_id] == 1


def test_the_merge_page_shows_open_postings_of_each_record(editor_client):
    first, second = make_technology(name="Go"), make_technology(name="Golang")
    make_posting(technologies=[first])
    make_posting(technologies=[first], status=JobPosting.Status.CLOSED)
    make_posting(technologies=[second])

    page = editor_client.post(
        TECH_LIST,
        {"action": "merge_selected", "_selected_action": [first.pk, second.pk], "index": "0"},
    )

    assert [(r.name, r.posting_count, r.open_count) for r in page.context["records"]] == [
        ("Go", 2, 1),
        ("Golang", 1, 1),
    ]


def test_merging_technologies_moves_the_guides_skill_links_and_their_search():
    from roles.models import SearchDocument
    from roles.search import search_guides
    from tests.factories import make_skill

    keep = make_technology(name="Kubernetes", slug="kubernetes")
    k8s, kube = make_technology(name="K8s", slug="k8s"), make_technology(name="Kube", slug="kube")
    role = make_role(slug="platform")
    linked_to_spellings = make_skill(role=role, name="Clusters", text="Runs them.")
    linked_to_spellings.technologies.set([k8s, kube])
    linked_to_both = make_skill(role=role, name="Operators", text="Writes them.")
    linked_to_both.technologies.set([keep, k8s])
    SearchDocument.objects.rebuild()
    assert [guide.slug for guide in search_guides("k8s")] == ["platform"]

    merge_technologies(keep=keep, others=[k8s, kube])

    assert list(linked_to_spellings.technologies.all()) == [keep]
    assert list(linked_to_both.technologies.all()) == [keep]
    assert [guide.slug for guide in search_guides("k8s")] == []  # rebuilt with the kept name
    assert [guide.slug for guide in search_guides("kubernetes")] == ["platform"]
