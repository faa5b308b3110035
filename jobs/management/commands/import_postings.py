"""Load job postings from a JSON Lines or CSV file; see the README, "Loading postings"."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jobs.importing import FORMATS, BadFile, import_postings

# Files smaller than this load in a blink: no bar unless --progress asks for one.
PROGRESS_MIN_BYTES = 1_000_000


class Command(BaseCommand):
    help = (
        "Load job postings from a JSON Lines or CSV file, upserting by external_id. Every "
        "row is checked first; if any is bad, each is reported as 'line N: reason' and "
        "nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl or .csv file.")
        parser.add_argument(
            "--format", choices=FORMATS, help="The file's format (default: from its extension)."
        )
        parser.add_argument(
            "--source", help="The feed's name for every row (default: each row's 'source')."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and load in a transaction that is rolled back: report, change nothing.",
        )
        parser.add_argument(
            "--sync",
            action="store_true",
            help="Also close the source's open postings that the file does not list.",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar on stderr (default: for large files on a terminal).",
        )

    def handle(self, *args, **options):
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(f"{path}: no such file.")
        try:
            result = import_postings(
                path=path,
                file_format=options["format"],
                source=options["source"],
                dry_run=options["dry_run"],
                sync=options["sync"],
                progress=self._progress(path, options),
            )
        except BadFile as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(
                f"{path}: {_count(len(error.errors), 'problem')} listed above; nothing was written."
            ) from None
        except DatabaseError as error:  # the load is one transaction: rolled back whole
            raise CommandError(
                f"{path}: the database failed while loading ({type(error).__name__}: "
                f"{str(error).strip()}); nothing was written."
            ) from None
        if options["verbosity"] >= 1:
            self.stdout.write(self._summary(path, result, options))

    def _progress(self, path, options):
        wanted = options["progress"] or (
            options["verbosity"] >= 1
            and self.stderr.isatty()
            and os.path.getsize(path) >= PROGRESS_MIN_BYTES
        )
        if not wanted:
            return None
        from tqdm import tqdm

        stream = _Unended(self.stderr)

        def bar(total, description):
            return tqdm(
                total=total, desc=description, unit="B", unit_scale=True, file=stream, leave=False
            )

        return bar

    def _summary(self, path, result, options):
        create, update, close = (
            ("to create", "to update", "to close")
            if result.dry_run
            else ("created", "updated", "closed")
        )
        lines = [
            f"{path}: {_count(result.rows, 'row')} checked.",
            f"Postings: {result.created:,} {create}, {result.updated:,} {update}.",
        ]
        if options["sync"]:
            source = next(iter(result.sources))
            lines.append(
                f"Sync: {_count(result.closed, 'open posting')} of source {source!r} that the "
                f"file no longer lists {close}."
            )
        if result.kept_closed:
            lines.append(
                f"Kept closed: {_count(result.kept_closed, 'posting')} that an editor closed "
                "(reopen them in the admin to let the feed reopen them)."
            )
        lines.append(
            f"New records: {_count(result.new_companies, 'company', 'companies')}, "
            f"{_count(result.new_locations, 'location')}, "
            f"{_count(result.new_technologies, 'technology', 'technologies')}."
        )
        if result.dry_run:
            lines.append("Dry run: nothing was written.")
            return self.style.WARNING("\n".join(lines))
        return self.style.SUCCESS("\n".join(lines))


def _count(number, singular, plural=None):
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


class _Unended:
    """stderr for tqdm: Django's OutputWrapper would end every redraw with a newline."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")

    def flush(self):
        self.wrapper.flush()
