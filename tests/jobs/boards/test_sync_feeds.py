"""`manage.py sync_feeds`: every due feed in its own transaction, over a local HTTP server;
a failing feed keeps its postings and never stops the others; each run is kept."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Version

from jobs import tallies
from jobs.models import Feed, FeedRun, JobPosting

from .payloads import (
    greenhouse_board,
    greenhouse_job,
    job_posting,
    lever_posting,
    lever_postings,
    page,
)

pytestmark = pytest.mark.django_db


def sync(*args):
    """(stdout, the error's message or None)."""
    out = StringIO()
    try:
        call_command("sync_feeds", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


@pytest.fixture
def files(tmp_path, settings):
    settings.FEED_FILES_DIR = tmp_path / "feeds"
    settings.FEED_FILES_DIR.mkdir()
    return settings.FEED_FILES_DIR


@pytest.fixture
def feeds(feed_server, files, catalog, no_waiting):
    """Three feeds of three formats: Greenhouse and Lever over HTTP, JSON-LD from a page."""
    acme = [greenhouse_job(1), greenhouse_job(2, title="Staff Data Engineer")]
    globex = [lever_posting(1), lever_posting(2, text="Senior ML Engineer")]
    feed_server.expect_request("/acme/jobs").respond_with_json(greenhouse_board(*acme))
    feed_server.expect_request("/globex").respond_with_json(lever_postings(*globex))
    (files / "umbrella.html").write_text(page([job_posting(1), job_posting(2)]))
    return {
        "acme": Feed.objects.create(
            name="Acme (Greenhouse)", location=feed_server.url_for("/acme/jobs"),
            format="greenhouse", source="acme-greenhouse",
        ),
        "globex": Feed.objects.create(
            name="Globex (Lever)", location=feed_server.url_for("/globex"), format="lever",
            source="globex-lever", company="Globex",
        ),
        "umbrella": Feed.objects.create(
            name="Umbrella (careers page)", location="umbrella.html", format="jsonld",
            source="umbrella-page",
        ),
    }  # fmt: skip


def serve(server, path, answer):
    """Replace what `path` answers (pytest-httpserver keeps the first handler it matches)."""
    server.clear()
    for other, payload in answer.items():
        if isinstance(payload, int):
            server.expect_request(other).respond_with_data("down", status=payload)
        else:
            server.expect_request(other).respond_with_json(payload)


def test_three_feeds_of_three_formats_load(feeds):
    out, error = sync()

    assert error is None
    assert "Acme (Greenhouse) (greenhouse): loaded, 2 jobs: 2 created" in out
    assert "Globex (Lever) (lever): loaded, 2 jobs: 2 created" in out
    assert "Umbrella (careers page) (jsonld): loaded, 2 jobs: 2 created" in out
    assert out.rstrip().endswith("3 feeds run: 3 loaded, 0 failed or rejected.")
    assert JobPosting.objects.filter(source="acme-greenhouse").count() == 2
    assert JobPosting.objects.filter(source="globex-lever").count() == 2
    assert JobPosting.objects.filter(source="umbrella-page").count() == 2
    runs = FeedRun.objects.order_by("feed__name")
    assert [(run.feed.name, run.result, run.created) for run in runs] == [
        ("Acme (Greenhouse)", "loaded", 2), ("Globex (Lever)", "loaded", 2),
        ("Umbrella (careers page)", "loaded", 2),
    ]  # fmt: skip
    feeds["acme"].refresh_from_db()
    assert feeds["acme"].last_result.startswith("Loaded: 2 jobs: 2 created")
    assert feeds["acme"].running_since is None


def test_a_failing_feed_keeps_its_postings_and_does_not_stop_the_others(feeds, feed_server):
    sync()
    globex_before = list(JobPosting.objects.filter(source="globex-lever").values())
    serve(feed_server, "/globex", {
        "/acme/jobs": greenhouse_board(greenhouse_job(1)),  # job 2 is gone
        "/globex": 500,
    })  # fmt: skip
    Feed.objects.update(last_run_at=None)

    out, error = sync()

    assert error == "3 feeds run: 2 loaded, 1 failed or rejected. Their postings are unchanged."
    assert f"Globex (Lever) (lever): failed, {feeds['globex'].location}: HTTP 500" in out
    assert list(JobPosting.objects.filter(source="globex-lever").values()) == globex_before
    # The others ran, with --sync: Acme's job 2 is closed.
    assert (
        JobPosting.objects.get(source="acme-greenhouse", external_id="4010002").status == "closed"
    )
    failed = FeedRun.objects.filter(feed=feeds["globex"]).latest()
    assert failed.result == "failed"
    assert failed.message.endswith("after 3 attempts; its postings are unchanged")


def test_a_feed_with_bad_records_is_rejected_whole(feeds, feed_server):
    sync()
    before = list(JobPosting.objects.filter(source="acme-greenhouse").values())
    bad = greenhouse_board(greenhouse_job(1, title="New title"), greenhouse_job(3, id=None))
    serve(feed_server, "/acme/jobs", {
        "/acme/jobs": bad,
        "/globex": lever_postings(lever_posting(1), lever_posting(2, text="Senior ML Engineer")),
    })  # fmt: skip

    _, error = sync("--feed", "Acme (Greenhouse)")

    assert "1 feed run: 0 loaded, 1 failed or rejected" in error
    run = FeedRun.objects.filter(feed=feeds["acme"]).latest()
    assert run.result == "rejected"
    assert run.rejected == 1
    assert run.problems == "job 2: id is missing"
    assert list(JobPosting.objects.filter(source="acme-greenhouse").values()) == before


def test_running_a_feed_again_changes_nothing(feeds):
    sync()
    postings = list(JobPosting.objects.order_by("pk").values())
    versions, counts = Version.objects.count(), tallies.current()
    Feed.objects.update(last_run_at=None)

    out, error = sync()

    assert error is None
    assert "2 jobs: 0 created, 0 changed, 2 unchanged, 0 closed" in out
    after = list(JobPosting.objects.order_by("pk").values())
    for row in postings + after:
        row.pop("updated_at")
    assert after == postings
    assert Version.objects.count() == versions
    assert tallies.current() == counts


def test_only_due_and_enabled_feeds_run(feeds):
    sync()
    now = timezone.now()
    Feed.objects.filter(pk=feeds["acme"].pk).update(last_run_at=now - timedelta(minutes=61))
    Feed.objects.filter(pk=feeds["globex"].pk).update(last_run_at=now - timedelta(minutes=61),
                                                      enabled=False)  # fmt: skip

    out, _ = sync()

    assert "Acme (Greenhouse)" in out
    assert "Globex" not in out and "Umbrella" not in out
    assert "Globex (Lever) (lever): loaded" in sync("--feed", "Globex (Lever)")[0]
    assert sync("--feed", "Nope")[1] == "No feed named 'Nope'."


def test_a_feed_another_sync_holds_is_skipped(feeds):
    Feed.objects.filter(pk=feeds["acme"].pk).update(running_since=timezone.now())
    out, _ = sync("--feed", "Acme (Greenhouse)")
    assert "Acme (Greenhouse): already running elsewhere; skipped." in out
    Feed.objects.filter(pk=feeds["acme"].pk).update(
        running_since=timezone.now() - timedelta(hours=2)
    )
    assert "loaded" in sync("--feed", "Acme (Greenhouse)")[0]


def test_a_dry_run_keeps_nothing(feeds):
    out, error = sync("--dry-run")
    assert error is None
    assert "(dry run: nothing was written)" in out
    assert not JobPosting.objects.exists()
    assert not FeedRun.objects.exists()


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        ("/etc/passwd", "A feed's file must be inside"),
        ("../outside.json", "A feed's file must be inside"),
        ("ftp://jobs.example/board", "Only http and https addresses can be fetched."),
        ("http:///board", "The address names no host."),
    ],
)
def test_a_feed_names_an_http_address_or_a_file_of_its_folder(files, location, problem):
    feed = Feed(name="Odd", location=location, format="jsonl", source="odd")
    with pytest.raises(ValidationError) as error:
        feed.full_clean()
    assert problem in str(error.value.message_dict["location"])


def test_a_feed_may_not_name_the_samples_source(files):
    feed = Feed(name="Samples", location="x.jsonl", format="jsonl", source="sample")
    with pytest.raises(ValidationError) as error:
        feed.full_clean()
    assert "source" in error.value.message_dict


def test_a_feeds_file_outside_its_folder_is_not_read(files, catalog):
    Feed.objects.create(name="Sneaky", location="/etc/hostname", format="jsonl", source="sneaky")
    out, error = sync()
    assert "Sneaky (jsonl): failed, /etc/hostname: A feed's file must be inside" in out
    assert error


def test_an_editors_feed_on_a_private_address_is_refused(feeds, settings):
    settings.FEED_ALLOW_PRIVATE_HOSTS = False
    out, _ = sync("--feed", "Acme (Greenhouse)")
    assert "127.0.0.1 is a private or local address" in out
    assert not JobPosting.objects.exists()


def test_our_own_format_from_a_file(files, catalog):
    row = {
        "external_id": "x-1", "role": "data-engineer", "title": "Data Engineer",
        "company": "Acme", "description": "Pipelines.", "seniority": "mid",
        "posted_at": (timezone.now() - timedelta(days=1)).isoformat(),
        "apply_url": "https://acme.example/x-1",
    }  # fmt: skip
    (files / "acme.jsonl").write_text(json.dumps(row) + "\n")
    Feed.objects.create(name="Acme file", location="acme.jsonl", format="jsonl", source="acme")

    _, error = sync()

    assert error is None
    assert JobPosting.objects.get(source="acme").classification is None
