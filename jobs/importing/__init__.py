"""
Loading job postings: `manage.py import_postings` and `sync_feeds`. Files in our own shape
(JSON Lines, CSV) or job boards' documents (Greenhouse, Lever, Ashby, schema.org JSON-LD:
`formats`), from a path or fetched from a URL first (`fetching`).

The file is read twice, a record at a time, so memory stays flat however long it is:

1. Check (`checking`; for boards `classifying`, which first decides what boards leave out:
   role, level, technologies, pay, workplace). Every row is parsed and validated, and every
   problem is collected as "line N: reason" ("job N (id X): reason" for a board). Companies,
   locations and technologies are matched to existing records through `jobs.spellings`
   (`resolving`); the missing ones are planned. External ids repeated within the file are
   found with a fixed-size Bloom filter (and the few ids it flags confirmed exactly).
   Nothing is written.
2. Write (`writing`), only if no row is bad, in one transaction: rows go to the database
   in batches, inserted or updated by `external_id` in one statement each, and the
   planned records are created. `--sync` then closes the source's open postings that the
   file did not list, and postings that repeat another feed's are folded
   (`jobs.duplicates`). A dry run does all of that and rolls it back, so its figures are
   exact.

`import_postings()` is the one entry. The README sections "Loading postings" and "Feeds"
document the formats.
"""

from .checking import RowChecker, check_file
from .classifying import FeedRowChecker
from .formats import NEEDS_COMPANY
from .problems import BadFile
from .reading import FEED_FORMATS, FORMATS, guess_format
from .writing import BATCH_SIZE, ImportResult, write_file

__all__ = ["FEED_FORMATS", "FORMATS", "BadFile", "ImportResult", "import_postings"]


def import_postings(
    *, path, file_format=None, source=None, dry_run=False, sync=False, progress=None,
    batch_size=BATCH_SIZE, company="", name=None,
):  # fmt: skip
    """Check the whole file, then load it (or, in a dry run, load and roll back).

    `source` names the feed for every row (else each row's own `source`; a board's
    records have none, so it is required for them). `company` is the employer of boards
    that do not name it. `sync` closes open postings of that source missing from the
    file. `name` is what the History says it was imported from (default: the file's
    name). `progress(total, description)`, when given, returns a bar with update(n) and
    close(), advanced in bytes. Rows are written `batch_size` at a time. Raises BadFile,
    writing nothing, when any row is bad."""
    file_format = file_format or guess_format(path)
    if file_format not in FORMATS:
        raise BadFile([f"unknown format {file_format!r}: use one of {', '.join(FORMATS)}"])
    source = (source or "").strip()
    company = " ".join((company or "").split())
    if file_format in FEED_FORMATS:
        if not source:
            raise BadFile([f"a {file_format} feed's records name no source: pass --source NAME"])
        if file_format in NEEDS_COMPANY and not company:
            raise BadFile([f"a {file_format} feed does not name its employer: pass --company NAME"])
        checker = FeedRowChecker(source=source)
    else:
        checker = RowChecker(source=source)
    checked = check_file(path, file_format, checker, progress, company=company)
    errors, sources = checked.errors, checked.sources
    if not errors and sync and file_format in FEED_FORMATS and not sources:
        sources = {source}  # a board with no job (left): sync closes all of the source's
    if not errors and sync and (len(sources) != 1 or not next(iter(sources)).strip()):
        # One named feed: a blank source is every posting made in the admin.
        listed = ", ".join(sorted(repr(name) for name in sources)) or "none"
        errors.append(
            f"--sync needs every row to have one source (found {listed}): pass --source NAME"
        )
    if errors:
        raise BadFile(errors)
    result = write_file(
        path, file_format, checker, sync_source=next(iter(sources)) if sync else None,
        dry_run=dry_run, progress=progress, batch_size=batch_size, company=company,
        name=name,
    )  # fmt: skip
    result.rows, result.sources = checked.rows, sources
    return result
