"""The comparison page: two to four guides side by side at one address per set, with a
clear message (and the right status) for anything else."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import JobPosting
from roles.models import Role
from tests.factories import make_many_postings, make_posting, make_role, make_technology

pytestmark = pytest.mark.django_db

COMPARE = "/roles/compare/"


def compare(client, *slugs, **headers):
    return client.get(COMPARE, {"roles": list(slugs)}, headers=headers)


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def columns(html):
    """The role titles heading the comparison's columns, in order."""
    head = html.split("<thead>")[1].split("</thead>")[0]
    return re.findall(r'<th scope="col"><a href="/roles/[^/]+/">([^<]+)</a></th>', head)


def row(html, heading):
    """The cells' texts (tags dropped, spaces squeezed) of the table row headed `heading`."""
    match = re.search(rf'<th scope="row">{re.escape(heading)}</th>(.*?)</tr>', html, re.S)
    assert match, heading
    cells = re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def percentile(values, fraction):
    """Continuous percentile (linear interpolation), as PostgreSQL's percentile_cont."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def without_times(html):
    """The page without the moments its figures were computed at."""
    return re.sub(r"<time datetime=[^>]+>[^<]+</time>", "<time>", html)


@pytest.fixture
def roles():
    """Four published guides, in the alphabetical order of their slugs."""
    return [
        make_role(title=title, slug=slug, summary=f"{title} summary.")
        for title, slug in [
            ("Analytics Engineer", "analytics-engineer"),
            ("Data Engineer", "data-engineer"),
            ("ML Engineer", "ml-engineer"),
            ("Platform Engineer", "platform-engineer"),
        ]
    ]


def test_two_roles_side_by_side_with_their_figures(client, roles):
    data, ml = roles[1], roles[2]
    python, spark, pytorch = (
        make_technology(name="Python", slug="python"),
        make_technology(name="Spark", slug="spark"),
        make_technology(name="PyTorch", slug="pytorch"),
    )
    for workplace in ["remote", "onsite", "onsite"]:
        make_posting(role=data, workplace=workplace, technologies=[python, spark])
    make_posting(role=ml, workplace="remote", technologies=[python, pytorch])
    make_posting(role=ml, status=JobPosting.Status.CLOSED, technologies=[python])

    html = html_of(compare(client, "data-engineer", "ml-engineer"))

    assert columns(html) == ["Data Engineer", "ML Engineer"]
    assert row(html, "What the job is") == ["Data Engineer summary.", "ML Engineer summary."]
    open_counts = [JobPosting.objects.open().filter(role=role).count() for role in (data, ml)]
    assert [cell.split()[0] for cell in row(html, "Open postings")] == [
        str(count) for count in open_counts
    ]
    remote = [
        JobPosting.objects.open().filter(role=role, workplace="remote").count()
        for role in (data, ml)
    ]
    assert row(html, "Remote") == [
        f"{round(100 * r / n)}% {r} of {n} open postings"
        for r, n in zip(remote, open_counts, strict=True)
    ]
    # Python is in both roles' top technologies: marked shared; Spark and PyTorch are not.
    (technologies,) = [row(html, "Most named")]
    assert technologies[0].startswith("Python shared 100%")
    assert "Spark 100%" in technologies[0] and "PyTorch 100%" in technologies[1]
    assert "Spark shared" not in technologies[0]
    assert re.search(r"Technologies these roles share.*Python.*2 of 2", html, re.S)
    assert (
        '<link rel="canonical" href="http://testserver/roles/compare/?roles=data-engineer&amp;roles=ml-engineer">'
        in html
    )


def test_four_roles_compare_and_five_are_too_many(client, roles):
    html = html_of(compare(client, *(role.slug for role in roles)))
    assert columns(html) == [role.title for role in roles]

    fifth = make_role(slug="security-engineer")
    response = compare(client, *(role.slug for role in roles), fifth.slug)
    assert response.status_code == 400
    assert "Choose at most 4 guides to compare (5 were given)." in response.content.decode()


def test_any_order_or_repeat_redirects_to_one_address(client, roles):
    canonical = f"{COMPARE}?roles=data-engineer&roles=ml-engineer"
    for given in [
        ["ml-engineer", "data-engineer"],
        ["data-engineer", "ml-engineer", "data-engineer"],
        ["ML-Engineer", " data-engineer ", ""],
    ]:
        response = compare(client, *given)
        assert response.status_code == 301, given
        assert response["Location"] == canonical
    first = html_of(client.get(canonical))
    cache.clear()
    assert without_times(html_of(client.get(canonical))) == without_times(first)


@pytest.mark.parametrize(
    "given, message",
    [
        (
            ["data-engineer"],
            "Choose at least 2 different guides to compare (only “data-engineer” was given).",
        ),
        (["data-engineer", "data-engineer"], "Choose at least 2 different guides"),
        (["", " "], "Choose at least 2 different guides to compare."),
        (["<script>alert(1)</script>", "data-engineer"], "is not the address of a guide"),
        (["../admin", "data-engineer"], "is not the address of a guide"),
        (["x" * 5000, "data-engineer"], "is not the address of a guide"),
        (["data engineer", "ml-engineer"], "is not the address of a guide"),
    ],
)
def test_unusable_choices_get_a_message_and_400(client, roles, given, message):
    response = compare(client, *given)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>alert" not in html
    assert 'name="roles" value="data-engineer"' in html  # and a form to choose again
    assert '<meta name="robots" content="noindex">' in html


def test_unknown_and_draft_guides_are_not_found(client, roles):
    make_role(title="Secret Draft", slug="secret-draft", status=Role.Status.DRAFT)
    for missing in ["no-such-guide", "secret-draft"]:
        response = compare(client, "data-engineer", missing)
        assert response.status_code == 404, missing
        html = response.content.decode()
        assert f"We have no published guide at “{missing}”" in html
        assert 'value="secret-draft"' not in html  # drafts are not offered either

    staff = User.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)  # editors may compare drafts, as they may preview them
    assert columns(html_of(compare(client, "data-engineer", "secret-draft"))) == [
        "Data Engineer",
        "Secret Draft",
    ]


def test_the_bare_address_offers_the_guides_to_choose(client, roles):
    html = html_of(client.get(COMPARE))
    assert "Choose the guides to compare" in html
    for role in roles:
        assert f'name="roles" value="{role.slug}"' in html


def test_a_new_posting_shows_on_the_next_request(client, roles):
    data = roles[1]
    make_posting(role=data)
    url = f"{COMPARE}?roles=data-engineer&roles=ml-engineer"
    assert row(html_of(client.get(url)), "Open postings")[0].startswith("1")
    make_posting(role=data)
    assert row(html_of(client.get(url)), "Open postings")[0].startswith("2")


def test_pay_by_level_from_the_postings(client, roles):
    data, ml = roles[1], roles[2]
    # Six senior postings: p25, median and p75 fall between two of them (positions 1.25,
    # 2.5 and 3.75 of 0-5); three mid-level ones are too few for figures.
    pays = [100_000, 110_000, 120_000, 130_000, 140_000, 150_000]
    for pay in pays:
        make_posting(
            role=data,
            seniority="senior",
            salary_min=pay,
            salary_max=pay,
            salary_currency="USD",
            salary_period="YEAR",
        )
    for _ in range(3):
        make_posting(
            role=data,
            seniority="mid",
            salary_min=8_000,
            salary_max=9_000,
            salary_currency="USD",
            salary_period="MONTH",
        )
    make_posting(role=ml, seniority="senior")

    html = html_of(compare(client, "data-engineer", "ml-engineer"))

    p25, median, p75 = (percentile(pays, fraction) for fraction in (0.25, 0.5, 0.75))
    assert row(html, "Senior")[0] == f"${median:,} ${p25:,} \u2013 ${p75:,} · 6 with pay"
    assert row(html, "Senior")[1] == "No posting with pay"
    assert row(html, "Mid level")[0] == "Too few with pay (3)"
    # The role's own: the nine together, monthly pay made yearly (8,500 x 12), at
    # positions 2, 4 and 6 of 0-8.
    every = sorted(pays + [8_500 * 12] * 3)
    assert row(html, "Median advertised pay") == [
        f"${every[4]:,} ${every[2]:,} \u2013 ${every[6]:,} · 9 with pay",
        "No posting quotes pay",
    ]


def _compare_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        html_of(client.get(url))
    return len(queries)


def test_query_count_is_fixed_whatever_the_data_size(client, roles):
    url = f"{COMPARE}?roles=analytics-engineer&roles=data-engineer"
    python = make_technology()
    for role in roles:
        make_posting(role=role, technologies=[python])
    few = _compare_queries(client, url)
    make_many_postings(roles[0], 2000)
    make_many_postings(roles[1], 2000)
    many = _compare_queries(client, url)
    assert few == many
    # Per role shown, its market insight (kept); besides, the roles, their scopes, the
    # guides to choose from, the footer's sample note and the next expiry for the cache.
    two = many
    four = _compare_queries(client, f"{COMPARE}?{'&'.join(f'roles={r.slug}' for r in roles)}")
    per_role = (four - two) // 2
    assert four == two + 2 * per_role
    assert two <= 2 * per_role + 6
    html_of(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        html_of(client.get(url))
    assert len(queries) == 0  # then served whole from the cache


def test_trend_of_each_role(client, roles):
    data = roles[1]
    newest = timezone.now() - timedelta(hours=1)
    for days in [0, 1, 2]:  # three in the last 30 days up to the newest posting
        make_posting(role=data, posted_at=newest - timedelta(days=days))
    make_posting(role=data, posted_at=newest - timedelta(days=40))  # one in the 30 before
    html = html_of(compare(client, "data-engineer", "ml-engineer"))
    assert row(html, "New postings, last 30 days")[0] == (
        "3 ▲ rising +200% against 1 in the 30 days before"
    )
    assert row(html, "New postings, last 30 days")[1] == (
        "0 ► steady against 0 in the 30 days before"
    )
