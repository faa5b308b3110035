"""Load job postings from a file or a URL: our JSON Lines or CSV, or a job board's
Greenhouse, Lever, Ashby or schema.org JSON-LD document; see the README, "Loading
postings"."""

import os
import tempfile
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jobs.importing import FORMATS, BadFile, import_postings
from jobs.importing.fetching import FetchError, fetch, shown
from jobs.importing.locations import is_url
from jobs.importing.reading import EXTENSIONS

# Boards' API hosts, so that `import_postings https://boards-api.greenhouse.io/...` needs no
# --format.
API_HOSTS = {
    "boards-api.greenhouse.io": "greenhouse",
    "api.lever.co": "lever",
    "api.eu.lever.co": "lever",
    "api.ashbyhq.com": "ashby",
}

# Files smaller than this load in a blink: no bar unless --progress asks for one.
PROGRESS_MIN_BYTES = 1_000_000


class Command(BaseCommand):
    help = (
        "Load job postings from a file or an http(s) URL (JSON Lines, CSV, or a Greenhouse, "
        "Lever, Ashby or schema.org JSON-LD feed), upserting by source and external_id. "
        "Every record is checked first; if any is bad, each is reported as 'line N: reason' "
        "(or 'job N (id X): reason') and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file's path, or an http(s) URL to fetch it from.")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="The file's format (default: from its extension, or a board's API address).",
        )
        parser.add_argument(
            "--source",
            help="The feed's name for every row (default: each row's 'source'; required for "
            "job boards' formats).",
        )
        parser.add_argument(
            "--company",
            default="",
            help="The employer, for boards that do not name it (Lever, Ashby, some Greenhouse).",
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
        if is_url(path):
            with tempfile.TemporaryDirectory(prefix="import-") as folder:
                downloaded = os.path.join(folder, "feed")
                file_format = options["format"] or _format_of_url(path)
                try:
                    fetched = fetch(path, downloaded)
                except FetchError as error:
                    raise CommandError(f"{error}; nothing was written.") from None
                if options["verbosity"] >= 2:
                    self.stderr.write(f"Fetched {fetched.size:,} bytes from {shown(fetched.url)}.")
                return self._load(
                    downloaded, shown(path), file_format, options, history_name=shown(path)
                )
        if not os.path.isfile(path):
            raise CommandError(f"{path}: no such file.")
        return self._load(path, path, options["format"], options)

    def _load(self, path, name, file_format, options, history_name=None):
        """Load `path`; `name` is how messages call it, `history_name` how the postings'
        History does (default: the file's name)."""
        try:
            result = import_postings(
                path=path,
                file_format=file_format,
                source=options["source"],
                company=options["company"],
                dry_run=options["dry_run"],
                sync=options["sync"],
                progress=self._progress(path, options),
                name=history_name,
            )
        except BadFile as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(
                f"{name}: {_count(len(error.errors), 'problem')} listed above; nothing was written."
            ) from None
        except DatabaseError as error:  # the load is one transaction: rolled back whole
            raise CommandError(
                f"{name}: the database failed while loading ({type(error).__name__}: "
                f"{str(error).strip()}); nothing was written."
            ) from None
        if options["verbosity"] >= 1:
            self.stdout.write(self._summary(name, result, options))

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
            f"Postings: {result.created:,} {create}, {result.updated:,} {update}"
            + (f" ({result.unchanged:,} of them unchanged)." if result.unchanged else "."),
        ]
        if result.unlisted:
            lines.append(f"Unlisted: {_count(result.unlisted, 'job')} the board hides, skipped.")
        if result.needs_role:
            lines.append(
                f"Needs a role: {_count(result.needs_role, 'posting')} no title rule placed "
                "(stored, not counted: see “Needs a role” in the admin)."
            )
        if result.folded:
            lines.append(
                f"Duplicates: {_count(result.folded, 'posting')} of this source or another "
                "repeat another feed's posting of the same job, and count once."
            )
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


def _format_of_url(url):
    """A board's format from its API host, or ours from the path's extension."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() in API_HOSTS:
        return API_HOSTS[parts.hostname.lower()]
    extension = os.path.splitext(parts.path)[1].lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    raise CommandError(
        f"{shown(url)}: cannot tell its format: pass --format, one of {', '.join(FORMATS)}."
    )


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
