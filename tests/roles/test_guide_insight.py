"""The guide's market figures on the page: at a glance under the title, pay in the Salary
section, trends, skill demand, places, employers and provenance, each from the data
(figures computed here from the postings made, not typed in)."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import JobPosting
from roles.models import Role, Skill
from tests.factories import (
    make_company,
    make_full_guide,
    make_location,
    make_posting,
    make_role,
    make_technology,
)
from tests.roles.test_compare import percentile
from tests.roles.test_pages import share_bars

pytestmark = pytest.mark.django_db

GUIDE = "/roles/vision-engineer/"
PAYS = [100_000, 110_000, 120_000, 130_000, 140_000, 150_000]


def html_of(client, url=GUIDE):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def text(fragment):
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def figure(html, term):
    """The text of the At a glance figure named `term`: its value and note."""
    match = re.search(rf"<dt>{re.escape(term)}</dt>(.*?)</div>", html, re.S)
    assert match, term
    return text(match.group(1))


def section(html, anchor):
    start = html.index(f'<section id="{anchor}"')
    return html[start : html.index("</section>", start)]


def whole_percent(count, total):
    return int(100 * count / total + 0.5)


@pytest.fixture
def guide():
    role = make_full_guide(
        title="Vision Engineer", slug="vision-engineer", salary_note="Editors say: it varies."
    )
    python = make_technology(name="Python", slug="python")
    pytorch = make_technology(name="PyTorch", slug="pytorch")
    Skill.objects.get(role=role, name="Python").technologies.set([python])
    berlin, paris = make_location(name="Berlin"), make_location(name="Paris")
    acme, zeta = make_company(name="Acme Vision"), make_company(name="Zeta Labs")
    newest = timezone.now() - timedelta(hours=2)
    for index, pay in enumerate(PAYS):  # senior, yearly USD, in the last 30 days
        make_posting(
            role=role,
            company=acme,
            seniority="senior",
            workplace="remote" if index < 2 else "onsite",
            salary_min=pay - 5_000,
            salary_max=pay + 5_000,
            salary_currency="USD",
            salary_period="YEAR",
            technologies=[python, pytorch] if index < 4 else [pytorch],
            locations=[] if index < 2 else [berlin],
            posted_at=newest - timedelta(days=index),
        )
    for index in range(3):  # mid level, monthly USD: too few for the level's figures
        make_posting(
            role=role,
            company=zeta,
            seniority="mid",
            salary_min=8_000,
            salary_max=9_000,
            salary_currency="USD",
            salary_period="MONTH",
            technologies=[pytorch],
            locations=[paris],
            posted_at=newest - timedelta(days=35 + index),
        )
    make_posting(  # pay in another currency: left out of the figures
        role=role,
        seniority="mid",
        salary_min=70_000,
        salary_max=80_000,
        salary_currency="EUR",
        salary_period="YEAR",
        posted_at=newest - timedelta(days=40),
    )
    make_posting(role=role, seniority="senior", posted_at=newest)  # no pay at all
    make_posting(  # expired: counted nowhere but in the trend
        role=role,
        seniority="intern",
        posted_at=newest - timedelta(days=10),
        expires_at=timezone.now() - timedelta(hours=1),
    )
    make_posting(role=role, status=JobPosting.Status.CLOSED, posted_at=newest - timedelta(days=3))
    return role


def test_at_a_glance_sits_under_the_title_with_every_figure(client, guide):
    html = html_of(client)
    assert html.index("<h1>") < html.index('id="at-a-glance"') < html.index('id="overview"')
    counted = list(JobPosting.objects.open().filter(role=guide))
    open_count = len(counted)
    assert figure(html, "Open postings") == f"{open_count} counted now"

    usd = [p.pay_yearly for p in counted if p.salary_currency == "USD" and p.pay_yearly is not None]
    assert figure(html, "Median advertised pay") == (
        f"${percentile(usd, 0.5):,} a year, USD, from {len(usd)} postings with pay"
    )

    newest = max(p.posted_at for p in JobPosting.objects.all())
    posted = [p.posted_at for p in JobPosting.objects.filter(role=guide)]
    current = sum(newest - timedelta(days=30) < at <= newest for at in posted)
    previous = sum(newest - timedelta(days=60) < at <= newest - timedelta(days=30) for at in posted)
    change = whole_percent(current - previous, previous)
    assert figure(html, "New postings, last 30 days") == (
        f"{current} ▲ rising +{change}% against {previous} in the 30 days before"
    )

    levels = Counter(p.seniority for p in counted)
    top_level, top_count = levels.most_common(1)[0]
    label = JobPosting.Seniority(top_level).label
    assert figure(html, "Most common level") == (
        f"{label} {whole_percent(top_count, open_count)}% of open postings"
    )
    remote = sum(p.workplace == "remote" for p in counted)
    assert figure(html, "Remote") == (
        f"{whole_percent(remote, open_count)}% {remote} of {open_count} open postings"
    )
    naming = Counter(t.name for p in counted for t in p.technologies.all())
    top, named = naming.most_common(1)[0]
    assert figure(html, "Top technology") == (
        f"{top} named by {whole_percent(named, open_count)}% of open postings"
    )


def test_pay_by_level_in_the_salary_section_with_the_editors_note_under_it(client, guide):
    html = section(html_of(client), "salary")
    counted = JobPosting.objects.open().filter(role=guide, salary_currency="USD")
    rows = {
        text(label): text(figures)
        for label, figures in re.findall(
            r'<span class="pay-row__label">(.*?)</span>\s*</span>.*?'
            r'<span class="pay-row__figures[^"]*">(.*?)</span>\s*</li>',
            html,
            re.S,
        )
    }
    every = [p.pay_yearly for p in counted]
    senior = [p.pay_yearly for p in counted if p.seniority == "senior"]

    def figures(values):
        p25, median, p75 = (percentile(values, f) for f in (0.25, 0.5, 0.75))
        dash = "\u2013"
        return (
            f"25th percentile ${p25:,} {dash} , median ${median:,} {dash} , "
            f"75th percentile ${p75:,}"
        )

    assert rows == {
        f"All levels {len(every)} with pay": figures(every),
        "Mid level 3 with pay": "Too few postings with pay for figures (fewer than 5)",
        f"Senior {len(senior)} with pay": figures(senior),
    }
    assert "1 open posting quoting pay in other currencies is left out." in html
    assert html.index('class="pay-chart"') < html.index("Editors say: it varies.")
    assert f"From {len(every)} open postings quoting pay in USD" in html


def test_skill_demand_beside_the_linked_skill_and_what_else_postings_ask_for(client, guide):
    html = html_of(client)
    counted = JobPosting.objects.open().filter(role=guide)
    open_count = counted.count()
    python = counted.filter(technologies__slug="python").distinct().count()
    skills = section(html, "skills")
    skill = skills.split("<h4>Python</h4>")[1].split("</li>")[0]
    assert text(skill).startswith(
        f"Asked for in {whole_percent(python, open_count)}% of open postings "
        f"{python} of {open_count} name Python"
    )
    also = text(skills.split('id="also-asked-for"')[1])
    pytorch = counted.filter(technologies__slug="pytorch").distinct().count()
    assert f"PyTorch {whole_percent(pytorch, open_count)}%" in also
    assert "Python " not in also.split("open postings that name it.")[1]


def test_technologies_places_and_employers_as_charts_with_counts_and_shares(client, guide):
    html = html_of(client)
    counted = list(JobPosting.objects.open().filter(role=guide))
    open_count = len(counted)

    def bars(fragment):
        return [(name, int(count), share) for name, count, share in share_bars(fragment)]

    naming = Counter(t.name for p in counted for t in p.technologies.all())
    assert bars(section(html, "technologies")) == [
        (name, count, f"{whole_percent(count, open_count)}%")
        for name, count in sorted(naming.items(), key=lambda item: (-item[1], item[0]))
    ]
    where = section(html, "where")
    places = Counter(place.name for p in counted for place in p.locations.all())
    assert bars(where) == [
        (name, count, f"{whole_percent(count, open_count)}%")
        for name, count in sorted(places.items(), key=lambda item: (-item[1], item[0]))
    ]
    assert "Remote" not in [name for name, _, _ in bars(where)]
    remote = sum(p.workplace == "remote" for p in counted)
    assert f"{remote} of {open_count}. " in text(where)
    employers = Counter((p.company.name, p.company.slug) for p in counted)
    listed = re.findall(
        r'<li><a href="/roles/vision-engineer/jobs/\?company=([^"]+)">([^<]+)</a> '
        r'<span class="count">(\d+)',
        where,
    )
    assert listed == [
        (slug, name, str(count))
        for (name, slug), count in sorted(employers.items(), key=lambda item: (-item[1], item[0]))
    ]


def test_every_figure_says_what_it_rests_on_and_when_it_was_computed(client, guide):
    html = html_of(client)
    open_count = JobPosting.objects.open().filter(role=guide).count()
    stamps = re.findall(
        r'computed <time datetime="(\d{4}-\d\d-\d\dT[^"]+)">'
        r"(\d{1,2} \w{3} \d{4}, \d\d:\d\d) UTC</time>",
        html,
    )
    # At a glance, technologies, trends, levels, pay and places: one moment, printed whole.
    assert len(stamps) >= 6 and len(set(stamps)) == 1
    assert "ago" not in text(html)
    # Fewer than 30 open postings: a small sample, and said so.
    assert open_count < 30
    assert f'<strong class="small-sample">Small sample</strong> From {open_count} open' in html
    assert 'href="/roles/vision-engineer/statistics.json"' in html
    assert 'href="/roles/vision-engineer/statistics.csv"' in html


def test_the_compare_control_offers_the_other_published_guides(client, guide):
    make_role(title="Data Engineer", slug="data-engineer")
    make_role(title="Hidden Draft", slug="hidden-draft", status=Role.Status.DRAFT)
    html = html_of(client)
    form = html.split('<form class="compare-form"')[1].split("</form>")[0]
    assert 'action="/roles/compare/" method="get"' in form
    assert '<input type="hidden" name="roles" value="vision-engineer">' in form
    options = re.findall(r'<option value="([^"]*)">', form)
    assert options == [
        "",
        *sorted(Role.objects.published().exclude(pk=guide.pk).values_list("slug", flat=True)),
    ]
    assert "hidden-draft" not in options


def test_a_guide_without_postings_says_so_in_every_figure(client):
    make_full_guide(title="Quiet Engineer", slug="quiet-engineer")
    html = html_of(client, "/roles/quiet-engineer/")
    assert figure(html, "Open postings") == "0 counted now"
    assert figure(html, "Median advertised pay") == "Not quoted no open posting quotes pay"
    assert figure(html, "Most common level") == "None yet no open postings"
    assert figure(html, "Remote") == "None yet no open postings"
    assert figure(html, "Top technology") == "None yet no open posting names one"
    assert 'id="where"' not in html and 'class="pay-chart"' not in html
    assert "No open postings for this role right now." in html


def test_the_catalog_lets_readers_tick_guides_to_compare(client, guide):
    make_role(title="Data Engineer", slug="data-engineer")
    html = html_of(client, "/roles/")
    form = html.split('<form class="compare-pick"')[1].split("</form>")[0]
    assert 'action="/roles/compare/" method="get"' in form
    ticks = re.findall(r'<input type="checkbox" name="roles" value="([^"]+)">', form)
    assert sorted(ticks) == ["data-engineer", "vision-engineer"]
