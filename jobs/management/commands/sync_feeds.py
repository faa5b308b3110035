"""
Run every feed that is due (`jobs.Feed`, made in the admin), each in its own transaction;
see the README, "Feeds". Meant to be run every few minutes by cron or a scheduler: a feed
runs at most as often as its own schedule says.
"""

from django.core.management.base import BaseCommand, CommandError

from jobs.models import FeedRun
from jobs.syncing import due_feeds, run_feed


class Command(BaseCommand):
    help = (
        "Run the feeds that are due (or those named with --feed): fetch each, check every "
        "record, and load it with --sync semantics in its own transaction. A failing feed "
        "changes none of its postings and does not stop the others; each run is kept in the "
        "feed's history. Exits non-zero when any feed failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--feed",
            action="append",
            default=[],
            metavar="NAME",
            help="Run this feed now, due or not (repeatable).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Fetch, check and load in transactions that are rolled back; keep no run.",
        )

    def handle(self, *args, **options):
        feeds = due_feeds(names=options["feed"])
        missing = set(options["feed"]) - {feed.name for feed in feeds}
        if missing:
            raise CommandError(f"No feed named {', '.join(sorted(map(repr, missing)))}.")
        if not feeds:
            if options["verbosity"] >= 1:
                self.stdout.write("No feed is due.")
            return
        failed = 0
        for feed in feeds:
            run = run_feed(feed, dry_run=options["dry_run"])
            if run is None:
                self.stdout.write(f"{feed.name}: already running elsewhere; skipped.")
                continue
            ok = run.result == FeedRun.Result.LOADED
            failed += not ok
            if options["verbosity"] >= 1:
                took = f"{run.seconds:.1f} s" if run.seconds is not None else ""
                line = f"{feed.name} ({feed.format}): {run.result}, {run.message} [{took}]"
                self.stdout.write(self.style.SUCCESS(line) if ok else self.style.ERROR(line))
                if not ok and run.problems and options["verbosity"] >= 2:
                    for problem in run.problems.splitlines():
                        self.stdout.write(f"  {problem}")
        summary = (
            f"{len(feeds)} feed{'' if len(feeds) == 1 else 's'} run: "
            f"{len(feeds) - failed} loaded, {failed} failed or rejected"
            + (" (dry run: nothing was written)" if options["dry_run"] else ".")
        )
        if failed:
            raise CommandError(summary + " Their postings are unchanged.")
        if options["verbosity"] >= 1:
            self.stdout.write(summary)
