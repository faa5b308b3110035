"""
Hostile import files: whatever a feed sends, `import_postings` answers "line N: reason" for
every bad row, exits non-zero, and stores nothing; a good file never reaches postings it
does not own.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from jobs.importing.checking import RowChecker
from jobs.importing.resolving import PlaceRegistry
from jobs.importing.writing import write_file
from jobs.models import MAX_LOCATIONS, MAX_TECHNOLOGIES, JobPosting
from tests.factories import import_row, make_posting, make_role, write_jsonl
from tests.security.test_admin_abuse import posting_form

pytestmark = pytest.mark.django_db


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def refused(path, *args):
    """The problems the command names (it must fail, and say nothing was written)."""
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_postings", str(path), *args, stdout=StringIO(), stderr=err)
    assert "nothing was written" in str(error.value)
    return err.getvalue().splitlines()


def loaded(path, *args):
    out = StringIO()
    call_command("import_postings", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def site():
    """A guide with a posting an editor made and one of another feed."""
    role = make_role(slug="data-engineer", title="Data Engineer")
    make_posting(role=role, external_id="editor-1", source="", title="Made by an editor")
    make_posting(role=role, external_id="feed-7", source="globex", title="Globex's own")
    return role


# 1. Dates no driver can read back ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("expires_at", "9999-12-31T23:59:59-14:00", "is outside the years 1-9999 in UTC"),
        ("posted_at", "0001-01-01T00:00:00+14:00", "is outside the years 1-9999 in UTC"),
        ("posted_at", "1899-12-31", "must be on or after 2000-01-01"),
        ("expires_at", "2199-12-31", "must be within 2 years from now"),
        ("expires_at", "9999-12-31", "must be within 2 years from now"),
    ],
)
def test_dates_outside_what_can_be_stored_are_refused_by_line(
    tmp_path, site, unchanged, field, value, reason
):
    path = write_jsonl(tmp_path / "feed.jsonl", [import_row(1), import_row(2, **{field: value})])
    with unchanged():
        errors = refused(path)
    assert len(errors) == 1
    assert errors[0].startswith(f"line 2: {field} ")
    assert reason in errors[0]


# 7. A feed that names postings it does not own ----------------------------------------------


def victim_state(posting):
    """Everything stored about one posting, its History included."""
    stored = JobPosting.objects.filter(pk=posting.pk).values().get()
    links = (
        sorted(posting.locations.values_list("pk", flat=True)),
        sorted(posting.technologies.values_list("pk", flat=True)),
    )
    return stored, links, list(Version.objects.get_for_object(posting).values_list("pk"))


@pytest.mark.parametrize(
    ("victim", "args"),
    [
        ("feed-7", ["--source", "otherfeed"]),  # another feed's id
        ("editor-1", ["--source", "otherfeed"]),  # an id typed in the admin
    ],
)
def test_a_feed_cannot_rewrite_a_posting_it_does_not_own(tmp_path, site, victim, args):
    target = JobPosting.objects.get(external_id=victim)
    before = victim_state(target)
    hijack = import_row(
        1,
        external_id=victim,
        title="Send your bank details",
        company="Evil Corp",
        apply_url="https://evil.example/apply",
        status="open",
    )
    out = loaded(write_jsonl(tmp_path / "feed.jsonl", [hijack]), *args)
    assert "1 created, 0 updated" in out  # a posting of the feed's own
    assert victim_state(target) == before
    own = JobPosting.objects.get(source="otherfeed", external_id=victim)
    assert own.pk != target.pk and own.title == "Send your bank details"


def test_rows_without_a_source_are_refused(tmp_path, site, unchanged):
    # A blank source is the admin's: such rows would reach editors' postings.
    rows = [import_row(1, external_id="editor-1", source=""), import_row(2, source="   ")]
    with unchanged():
        errors = refused(write_jsonl(tmp_path / "feed.jsonl", rows))
    assert errors == [
        "line 1: source is required (or pass --source NAME)",
        "line 2: source is required (or pass --source NAME)",
    ]


@pytest.mark.parametrize("where", ["list", "form"])
def test_a_posting_an_editor_closed_stays_closed(tmp_path, site, editor_client, where):
    posting = make_posting(role=site, source="acme", external_id="feed-1")
    if where == "list":
        editor_client.post(
            reverse("admin:jobs_jobposting_changelist"),
            {"action": "close_postings", "_selected_action": [posting.pk], "index": "0"},
        )
    else:
        editor_client.post(
            reverse("admin:jobs_jobposting_change", args=[posting.pk]),
            posting_form(posting, status="closed"),
        )
    posting.refresh_from_db()
    assert (posting.status, posting.closed_by_editor) == ("closed", True)

    out = loaded(write_jsonl(tmp_path / "feed.jsonl", [import_row(1, status="open")]))

    assert "Kept closed: 1 posting that an editor closed" in out
    posting.refresh_from_db()
    assert posting.status == "closed"


def test_what_an_import_changes_is_in_the_postings_history(tmp_path, site, editor_client):
    path = write_jsonl(tmp_path / "feed.jsonl", [import_row(1), import_row(2)])
    loaded(path)
    write_jsonl(
        path, [import_row(1, title="Renamed by the feed"), import_row(2)]
    )  # row 2 unchanged
    loaded(path)

    renamed = JobPosting.objects.get(source="acme", external_id="feed-1")
    untouched = JobPosting.objects.get(source="acme", external_id="feed-2")
    comments = [v.revision.comment for v in Version.objects.get_for_object(renamed)]
    assert comments == ["Imported from feed.jsonl (source 'acme')."]  # the change
    assert not Version.objects.get_for_object(untouched).exists()  # loaded, never changed
    latest = Version.objects.get_for_object(renamed).first()
    assert latest.field_dict["title"] == "Renamed by the feed"
    assert latest.revision.user is None
    history = editor_client.get(reverse("admin:jobs_jobposting_history", args=[renamed.pk]))
    assert history.status_code == 200
    assert "Imported from feed.jsonl (source &#x27;acme&#x27;)." in history.text


# 8. --sync without a source -----------------------------------------------------------------


def test_sync_without_a_source_closes_nothing(tmp_path, site, unchanged):
    # Rows without a source once made --sync close every posting with a blank source: all
    # those editors made in the admin.
    rows = [{k: v for k, v in import_row(1).items() if k != "source"}]
    with unchanged():
        errors = refused(write_jsonl(tmp_path / "feed.jsonl", rows), "--sync")
    assert errors == ["line 1: source is required (or pass --source NAME)"]
    assert JobPosting.objects.get(external_id="editor-1").status == "open"


def test_sync_of_a_named_feed_leaves_the_admins_postings_alone(tmp_path, site):
    loaded(write_jsonl(tmp_path / "feed.jsonl", [import_row(1)]), "--sync")
    assert JobPosting.objects.get(external_id="editor-1").status == "open"
    assert JobPosting.objects.get(source="globex").status == "open"


def test_the_write_step_refuses_a_blank_sync_source(tmp_path, site, unchanged):
    checker = RowChecker(source="")
    path = write_jsonl(tmp_path / "feed.jsonl", [import_row(1)])
    with unchanged(), pytest.raises(ValueError, match="sync needs a source"):
        write_file(
            path, "jsonl", checker, sync_source=" ", dry_run=False, progress=None, batch_size=10
        )


def test_sync_closes_are_in_each_postings_history(tmp_path, site):
    gone = make_posting(role=site, source="acme", external_id="feed-9")
    loaded(write_jsonl(tmp_path / "feed.jsonl", [import_row(1)]), "--sync")
    gone.refresh_from_db()
    assert gone.status == "closed"
    version = Version.objects.get_for_object(gone).get()
    assert version.revision.comment == (
        "Imported from feed.jsonl with --sync: source 'acme' no longer lists it."
    )


# 12a. Lists no posting needs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "count", "limit"),
    [("technologies", 5000, MAX_TECHNOLOGIES), ("locations", 26, MAX_LOCATIONS)],
)
def test_rows_naming_more_than_a_posting_can_are_refused(
    tmp_path, site, unchanged, field, count, limit
):
    names = [
        f"Name {number}, DE" if field == "locations" else f"Tech {number}"
        for number in range(count)
    ]
    with unchanged():
        errors = refused(write_jsonl(tmp_path / "feed.jsonl", [import_row(1, **{field: names})]))
    assert errors == [f"line 1: {field} names {count:,}; a posting may name at most {limit}"]


def test_a_row_at_the_limit_loads(tmp_path, site):
    names = [f"Tech {number}" for number in range(MAX_TECHNOLOGIES)]
    loaded(write_jsonl(tmp_path / "feed.jsonl", [import_row(1, technologies=names)]))
    assert JobPosting.objects.get(external_id="feed-1").technologies.count() == MAX_TECHNOLOGIES


# 12b. Files that crashed the importer -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "not valid JSON (nested too deeply)"),
        ('{"a": ' * 50_000 + "1" + "}" * 50_000, "not valid JSON (nested too deeply)"),
        (json.dumps(import_row(2, locations=[","])), "locations: ',' has no letters or digits"),
        (
            json.dumps(import_row(2, locations=["!!, US"])),
            "locations: '!!, US' has no letters or digits",
        ),
        (
            json.dumps(import_row(2, technologies=[[["nested"]]])),
            "technologies must be text, not list",
        ),
        (json.dumps(import_row(2, title={"$gt": ""})), "title must be text, not dict"),
        (json.dumps(import_row(2, salary_min=1e400)), "salary_min must be a whole number"),
        (
            '{"external_id": "x"' + ', "title": "' + "x" * 9_000_000 + '"}',
            "longer than 8,388,608 bytes",
        ),
    ],
    ids=[
        "nested-arrays",
        "nested-objects",
        "comma",
        "no-letters",
        "list-in-list",
        "object",
        "infinite",
        "endless-line",
    ],
)
def test_files_that_crashed_the_importer_get_a_line_numbered_report(
    tmp_path, site, unchanged, line, reason
):
    path = write_lines(
        tmp_path / "feed.jsonl", [json.dumps(import_row(1)), line, json.dumps(import_row(3))]
    )
    with unchanged():
        errors = refused(path)
    assert len(errors) == 1
    assert errors[0].startswith("line 2: ") and reason in errors[0], errors[0]


def test_a_row_the_importer_itself_fails_on_is_one_more_bad_line(tmp_path, site, monkeypatch):
    # Whatever the next bug is, it costs a line of the report, not the report.
    resolve = PlaceRegistry.resolve

    def failing(self, text):
        if text == "Trap":
            raise KeyError(text)
        return resolve(self, text)

    monkeypatch.setattr(PlaceRegistry, "resolve", failing)
    rows = [import_row(1, locations=["Trap"]), import_row(2, seniority="guru")]
    errors = refused(write_jsonl(tmp_path / "feed.jsonl", rows))
    assert errors[0] == "line 1: could not be checked: the importer failed on this row (logged)"
    assert errors[1].startswith("line 2: seniority 'guru'")


# 13. Job boards' documents ---------------------------------------------------------------------


def board(*jobs):
    return {"jobs": list(jobs)}


def job(number, **fields):
    data = {
        "id": 1000 + number,
        "title": "Data Engineer",
        "updated_at": "2026-11-02T09:00:00Z",
        "location": {"name": "Berlin, DE"},
        "absolute_url": f"https://boards.greenhouse.io/acme/jobs/{1000 + number}",
        "company_name": "Acme Analytics",
        "content": "&lt;p&gt;Build pipelines.&lt;/p&gt;",
    }
    data.update(fields)
    return data


BOARD = ["--format", "greenhouse", "--source", "acme-board"]


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ('{"jobs": [' + "[" * 200_000 + "]" * 200_000 + "]}",
         "job 1: not valid JSON (nested deeper than 64 levels)"),
        ("[" * 200_000 + "]" * 200_000, "job 1: not valid JSON (nested deeper than 64 levels)"),
        ("<html><body>502 Bad Gateway</body></html>", "job 1: not valid JSON"),
        ('{"jobs": [{"id": 1, "title": "x"', "job 1: not valid JSON"),
        ('{"jobs": {"id": 1}}', "job 1: “jobs” is not an array"),
        ('{"error": "board not found"}', "job 1: no “jobs” array: is this the right --format?"),
        (json.dumps(board(job(1, title="x" * 5_000_000))),
         "job 1 (id '1001'): title is longer than 200 characters"),
        (json.dumps(board(job(1, title="Data\x00Engineer"))),
         "job 1 (id '1001'): title contains control characters"),
        (json.dumps(board(job(1, id=[1]))), "job 1: id must be text or a whole number, not list"),
        (json.dumps(board(job(1, title={"$gt": ""}))), "job 1: title must be text, not dict"),
        (json.dumps(board(job(1, absolute_url="javascript:alert(document.cookie)"))),
         "job 1 (id '1001'): apply_url is not an http(s) URL"),
        (json.dumps(board(job(1, pay_input_ranges=[{"min_cents": 1e400, "currency_type": "USD"}]))),
         "job 1: not valid JSON"),  # Infinity is no JSON
        (json.dumps(board(job(1, pay_input_ranges=[{"min_cents": "lots"}]))),
         "job 1: min_cents is not a number: 'lots'"),
        (json.dumps(board(job(1), job(1))), "job 2: external_id '1001' is also on job 1"),
    ],
    ids=["deep-board", "deep-document", "html", "cut-short", "jobs-object", "no-jobs",
         "huge-title", "nul", "list-id", "object-title", "javascript-url", "infinite-pay",
         "text-pay", "repeated-id"],
)  # fmt: skip
def test_hostile_board_documents_are_named_by_job_and_store_nothing(
    tmp_path, site, unchanged, document, reason
):
    path = tmp_path / "board.json"
    path.write_text(document, encoding="utf-8")
    with unchanged():
        errors = refused(path, *BOARD)
    assert len(errors) == 1
    assert errors[0].startswith(reason), errors[0]


def test_a_boards_html_is_sanitized_where_readers_see_it(tmp_path, site, client):
    hostile = (
        '<p onclick="steal()">Build <b>pipelines</b>.</p><script>steal()</script>'
        '<a href="javascript:steal()">apply</a><img src=x onerror="steal()">'
        '<iframe src="https://evil.example"></iframe><h1>Big</h1>'
    )
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board(job(1, content=__import__("html").escape(hostile)))))
    loaded(path, *BOARD)

    posting = JobPosting.objects.get(source="acme-board")
    page = client.get(reverse("jobs:detail", args=[posting.pk])).content.decode()
    description = page.split('class="prose posting-description">', 1)[1].split("</section>")[0]
    assert "<b>pipelines</b>" in description
    assert "steal()" not in page
    for bad in ["<script", "javascript:", "onerror", "<iframe", "onclick", "<h1>Big"]:
        assert bad not in description, bad
    # The meta description reads the words, not the markup.
    assert '<meta name="description" content="Mid level Data Engineer opening' in page
    assert "Build pipelines. apply Big" in page


def test_a_board_cannot_reach_another_sources_posting(tmp_path, site):
    target = JobPosting.objects.get(external_id="feed-7")
    before = victim_state(target)
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board(job(1, id="feed-7", title="Send your bank details"))))

    loaded(path, "--format", "greenhouse", "--source", "acme-board")

    assert victim_state(target) == before
    assert JobPosting.objects.get(source="acme-board", external_id="feed-7").pk != target.pk


# 14. Feeds from URLs ---------------------------------------------------------------------------


def test_a_url_that_fails_writes_nothing_and_says_so_in_one_line(site, unchanged, monkeypatch):
    monkeypatch.setattr("jobs.importing.fetching._sleep", lambda seconds: None)
    with unchanged(), pytest.raises(CommandError) as error:
        call_command("import_postings", "http://127.0.0.1:9/jobs", "--format", "greenhouse",
                     "--source", "acme-board", stdout=StringIO(), stderr=StringIO())  # fmt: skip
    message = str(error.value)
    assert message.startswith("http://127.0.0.1:9/jobs: cannot connect (")
    assert message.endswith("after 3 attempts; nothing was written.")
    assert "\n" not in message


@pytest.mark.parametrize(
    "location",
    ["http://169.254.169.254/latest/meta-data/iam/", "http://127.0.0.1:5432/",
     "http://[::ffff:127.0.0.1]/", "http://localhost:6379/"],
)  # fmt: skip
def test_an_editors_feed_cannot_reach_the_servers_network(site, location, settings):
    from jobs.models import Feed, FeedRun

    settings.FEED_ALLOW_PRIVATE_HOSTS = False
    Feed.objects.create(name="Probe", location=location, format="greenhouse", source="probe")
    postings = list(JobPosting.objects.values_list("pk", flat=True))

    with pytest.raises(CommandError):
        call_command("sync_feeds", stdout=StringIO(), stderr=StringIO())

    run = FeedRun.objects.get()
    assert run.result == "failed"
    assert "is a private or local address" in run.message
    assert list(JobPosting.objects.values_list("pk", flat=True)) == postings


@pytest.mark.parametrize("location", ["/etc/passwd", "../../etc/passwd", "~/.ssh/id_rsa"])
def test_an_editors_feed_cannot_read_the_servers_files(site, location, tmp_path, settings):
    from jobs.models import Feed, FeedRun

    settings.FEED_FILES_DIR = tmp_path
    Feed.objects.create(name="Probe", location=location, format="jsonl", source="probe")

    with pytest.raises(CommandError):
        call_command("sync_feeds", stdout=StringIO(), stderr=StringIO())

    run = FeedRun.objects.get()
    assert run.result == "failed"
    assert run.problems == ""
    assert "root:" not in run.message
