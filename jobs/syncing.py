"""
Running feeds (`manage.py sync_feeds`): each due feed is fetched (or read from its file
inside FEED_FILES_DIR), then loaded as `import_postings --sync` would, in its own
transaction; the run is kept as a FeedRun. A feed that fails, or whose file has a bad
record, changes none of its postings, and never stops the feeds after it.

Two sync_feeds at once (an overlapping cron) never run one feed twice: a run claims its
feed first (`Feed.running_since`), and a claim older than STALE_CLAIM is taken to be a
run that died.
"""

import logging
import os
import tempfile
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from .importing import BadFile, import_postings
from .importing.fetching import FetchError, fetch, shown
from .importing.locations import feed_file, is_url
from .models import Feed, FeedRun

logger = logging.getLogger(__name__)

STALE_CLAIM = timedelta(hours=1)
KEPT_PROBLEMS = 500  # bad records kept on a run; the count says how many there were


def due_feeds(now=None, names=()):
    """The feeds to run now: the enabled ones that are due, or those named (due or not)."""
    now = now or timezone.now()
    if names:
        return list(Feed.objects.filter(name__in=names).order_by("name"))
    return [feed for feed in Feed.objects.filter(enabled=True).order_by("name") if feed.is_due(now)]


def run_feed(feed, *, dry_run=False, sleep=None):
    """Run one feed; returns its FeedRun (unsaved in a dry run), or None when another
    sync_feeds holds it."""
    started = timezone.now()
    if not dry_run and not _claim(feed, started):
        return None
    run = FeedRun(feed=feed, started_at=started, result=FeedRun.Result.FAILED)
    try:
        _load(feed, run, dry_run=dry_run, sleep=sleep)
    except FetchError as error:
        run.message = f"{error}; its postings are unchanged"
    except BadFile as error:
        run.result = FeedRun.Result.REJECTED
        run.rejected = len(error.errors)
        kept = error.errors[:KEPT_PROBLEMS]
        if len(error.errors) > KEPT_PROBLEMS:
            kept.append(f"… and {len(error.errors) - KEPT_PROBLEMS:,} more")
        run.problems = "\n".join(kept)
        run.message = (
            f"{run.rejected:,} bad record{'' if run.rejected == 1 else 's'} "
            f"({error.errors[0][:150]}); nothing changed"
        )
    except DatabaseError as error:
        run.message = (
            f"the database failed while loading ({type(error).__name__}: "
            f"{' '.join(str(error).split())[:150]}); nothing changed"
        )
    except Exception:  # a bug must not stop the other feeds: logged, and told
        logger.exception("feed %s: the importer failed", feed.name)
        run.message = "the importer failed on this feed (logged); nothing changed"
    run.finished_at = timezone.now()
    run.message = run.message[:500]
    if not dry_run:
        run.save()
        Feed.objects.filter(pk=feed.pk).update(
            running_since=None, last_run_at=started, last_result=_result_line(run)[:300]
        )
    return run


def _claim(feed, now):
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - STALE_CLAIM)
    return Feed.objects.filter(free, pk=feed.pk).update(running_since=now) == 1


def _load(feed, run, *, dry_run, sleep):
    with tempfile.TemporaryDirectory(prefix="feed-") as folder:
        if is_url(feed.location):
            path = os.path.join(folder, "feed")
            fetch(feed.location, path, allow_private=settings.FEED_ALLOW_PRIVATE_HOSTS, sleep=sleep)
            name = f"feed “{feed.name}” ({shown(feed.location)})"
        else:
            try:
                path = feed_file(feed.location)
            except ValueError as error:
                raise FetchError(f"{feed.location}: {error}") from None
            if not path.is_file():
                raise FetchError(f"{path}: no such file")
            name = f"feed “{feed.name}” ({path.name})"
        result = import_postings(
            path=path,
            file_format=feed.format,
            source=feed.source,
            company=feed.company,
            sync=True,
            dry_run=dry_run,
            name=name,
        )
    run.result = FeedRun.Result.LOADED
    run.jobs = result.rows + result.unlisted
    run.created, run.updated, run.unchanged = result.created, result.updated, result.unchanged
    run.closed, run.unlisted = result.closed, result.unlisted
    run.needs_role, run.folded = result.needs_role, result.folded
    run.message = (
        f"{result.rows:,} jobs: {result.created:,} created, "
        f"{result.updated - result.unchanged:,} changed, {result.unchanged:,} unchanged, "
        f"{result.closed:,} closed"
        + (f", {result.unlisted:,} unlisted" if result.unlisted else "")
        + (f", {result.needs_role:,} need a role" if result.needs_role else "")
        + (f", {result.folded:,} folded" if result.folded else "")
    )


def _result_line(run):
    return f"{run.get_result_display().split(':')[0]}: {run.message}"
