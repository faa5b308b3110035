"""
The shared cache generation: values and whole pages kept in the cache (`CACHE_URL`, Redis
in production) until the data behind them changes, in every server process at once.

- Readers go through `cached(name, compute, valid_until=...)`. An entry carries the
  generation it was computed for, so one round trip fetches both and tells whether the
  entry still holds.
- Writers call `invalidate_after_write()` once their write is done. It starts a new
  generation now, for the rest of the writer's transaction, and again when the
  transaction commits, so that a reader in another process who cached the pre-commit
  state meanwhile is not believed. Model saves reach it through `jobs/signals.py`; bulk
  writers (services, the importer, commands) call it themselves.

If the cache is unreachable, values are computed from the database and the cache is left
alone for `settings.CACHE_RETRY_SECONDS` at a time. An invalidation that could not reach
the cache is remembered twice: in the writer's process, which applies it with its next
cache call that gets through, and in the database (`MissedInvalidation`, with the write's
transaction), because that process may end first (an import run while Redis was down).
Readers check the database for such writes once per `settings.CACHE_CHECK_SECONDS` (one
reader for all processes, whoever first finds the check due): a missed write starts a new
generation. So once the cache is back, no page shows the state from before a write for
longer than that.
"""

import logging
import threading
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import MissedInvalidation

logger = logging.getLogger(__name__)

GENERATION_KEY = "generation"
# Present while the generation was checked against missed writes lately (it expires).
CHECKED_KEY = "generation-checked"
ENTRY_PREFIX = "cached:"
CACHE_SECONDS = 300


class _State:
    """What this process knows about the cache: when to try it again, and whether a
    new generation is still owed to it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.invalidation_owed = False

    def reset(self):
        self.down_until = 0.0
        self.invalidation_owed = False


state = _State()


def cached(name, compute, *, valid_until=None):
    """`compute()`'s value, kept for the current generation and never past
    `valid_until(value)` (a datetime, or None for the usual CACHE_SECONDS)."""
    key = ENTRY_PREFIX + name
    found = _call("get_many", [GENERATION_KEY, CHECKED_KEY, key])
    if found is None:
        return compute()
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _first_generation()
    elif CHECKED_KEY not in found:
        generation = _check_for_missed_writes(generation)
    if generation is None:
        return compute()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    until = valid_until(value) if valid_until else None
    _call("set", key, (generation, value), seconds_until(until))
    return value


def invalidate():
    """Retire every cached entry, in every process sharing the cache."""
    with state.lock:
        state.invalidation_owed = True
    _call(None)
    if state.invalidation_owed:  # the cache did not hear it
        _record_missed_write()


def invalidate_after_write():
    """What every writer calls: stale now, and again once the transaction commits."""
    invalidate()
    transaction.on_commit(invalidate)


def seconds_until(moment: datetime | None):
    """How long an entry may live: up to `moment`, within 1 s and CACHE_SECONDS."""
    if moment is None:
        return CACHE_SECONDS
    return max(1, min(CACHE_SECONDS, int((moment - timezone.now()).total_seconds())))


def _new_generation():
    # A fresh value, not an increment: a generation evicted and restarted at 1 could
    # otherwise meet entries written under the old 1.
    return time.time_ns()


def _first_generation():
    """The generation of an empty cache: whoever adds it first wins. A new generation
    holds nothing older than itself, so it counts as checked."""
    generation = _new_generation()
    if _call("add", GENERATION_KEY, generation, None):
        _call("set", CHECKED_KEY, True, _check_seconds())
        return generation
    return _call("get", GENERATION_KEY)


def _check_for_missed_writes(generation):
    """`generation`, or a new one if a write's invalidation never reached the cache.
    One reader does the check (who adds CHECKED_KEY first); the others carry on."""
    if not _call("add", CHECKED_KEY, True, _check_seconds()):
        return generation
    try:
        missed = MissedInvalidation.objects.values_list("at", flat=True).first()
    except Exception:  # The database is away too: nothing can have been written since.
        logger.warning("could not check for writes the cache missed", exc_info=True)
        return generation
    if missed is None:
        return generation
    generation = _new_generation()
    _call("set", GENERATION_KEY, generation, None)  # CHECKED_KEY: set above
    if time.monotonic() < state.down_until:  # the cache went away meanwhile: next time
        return None
    logger.info("started a new cache generation for writes made while it was unreachable")
    try:
        # Only what was seen: a write missed meanwhile keeps its row for the next check.
        MissedInvalidation.objects.filter(at__lte=missed).delete()
    except Exception:  # kept for the next check, which only starts one generation more
        logger.warning("could not clear the writes the cache missed", exc_info=True)
    return generation


def _record_missed_write():
    """Keep, in the database, that a write's invalidation did not reach the cache: in the
    writer's transaction, so it stands exactly when the write does."""
    try:
        with transaction.atomic():
            MissedInvalidation.objects.bulk_create(
                [MissedInvalidation(pk=1, at=timezone.now())],
                update_conflicts=True,
                unique_fields=["id"],
                update_fields=["at"],
            )
    except Exception:
        logger.warning("could not record a write the cache missed", exc_info=True)


def _check_seconds():
    return max(1, round(settings.CACHE_CHECK_SECONDS))


def _call(method, *args):
    """A cache operation (or None: only what is owed) that degrades to 'no cache' when
    the cache is unreachable, after settling any invalidation still owed."""
    if time.monotonic() < state.down_until:
        return None
    try:
        if state.invalidation_owed:
            with state.lock:
                state.invalidation_owed = False
            try:
                cache.set(GENERATION_KEY, _new_generation(), None)
                # Nothing older than a new generation counts: it needs no check.
                cache.set(CHECKED_KEY, True, _check_seconds())
            except Exception:
                with state.lock:
                    state.invalidation_owed = True
                raise
        return getattr(cache, method)(*args) if method else None
    except Exception as error:  # Any backend error: the database still has every answer.
        retry = settings.CACHE_RETRY_SECONDS
        state.down_until = time.monotonic() + retry
        logger.warning(
            "cache unreachable (%s: %s); serving from the database for %d s",
            type(error).__name__,
            error,
            retry,
        )
        return None
