"""
Loading job postings from JSON Lines or CSV exports: `manage.py import_postings`.

The file is read twice, a line at a time, so memory stays flat however long it is:

1. Check (`checking`). Every row is parsed and validated, and every problem is collected
   as "line N: reason". Companies, locations and technologies are matched to existing
   records through `jobs.spellings` (`resolving`); the missing ones are planned. External
   ids repeated within the file are found with a fixed-size Bloom filter (and the few ids
   it flags confirmed exactly). Nothing is written.
2. Write (`writing`), only if no row is bad, in one transaction: rows go to the database
   in batches, inserted or updated by `external_id` in one statement each, and the
   planned records are created. `--sync` then closes the source's open postings that the
   file did not list. A dry run does all of that and rolls it back, so its figures are
   exact.

`import_postings()` is the one entry. The README section "Loading postings" documents the
format.
"""

from .checking import RowChecker, check_file
from .problems import BadFile
from .reading import FORMATS, guess_format
from .writing import BATCH_SIZE, ImportResult, write_file

__all__ = ["FORMATS", "BadFile", "ImportResult", "import_postings"]


def import_postings(
    *, path, file_format=None, source=None, dry_run=False, sync=False, progress=None,
    batch_size=BATCH_SIZE,
):  # fmt: skip
    """Check the whole file, then load it (or, in a dry run, load and roll back).

    `source` names the feed for every row (else each row's own `source`). `sync` closes
    open postings of that source missing from the file. `progress(total, description)`,
    when given, returns a bar with update(n) and close(), advanced in bytes. Rows are
    written `batch_size` at a time. Raises BadFile, writing nothing, when any row is bad."""
    file_format = file_format or guess_format(path)
    if file_format not in FORMATS:
        raise BadFile([f"unknown format {file_format!r}: use jsonl or csv"])
    source = (source or "").strip()
    checker = RowChecker(source=source)
    rows, sources, errors = check_file(path, file_format, checker, progress)
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
        dry_run=dry_run, progress=progress, batch_size=batch_size,
    )  # fmt: skip
    result.rows, result.sources = rows, sources
    return result
