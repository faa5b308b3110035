"""
The shared cache generation: values and whole pages kept in the cache (`CACHE_URL`, Redis
in production) until the data behind them changes, in every server process at once.

- Generations are kept per *scope*: SITE (everything: guides' texts, the records postings
  group by, bulk loads), POSTINGS (any posting of any role: lists and figures across
  roles) and one per role (`role_scope(id)`: that role's postings). Every entry depends on
  SITE; by default also on POSTINGS; a role's own pages name their roles' scopes instead,
  so that a posting saved in one role leaves the other roles' pages in the cache.
  DATA_THROUGH is retired by the writes that may move the newest posting's date (a posting
  added, deleted or re-dated): figures whose windows end there (trends) name it beside
  their role's scope.
- Readers go through `cached(name, compute, scopes=..., valid_until=...)`. An entry
  carries the generations it was computed for; one round trip fetches it with the current
  ones and tells whether it still holds. Scopes an entry learns only when computed (a
  guide's related roles) are kept in it and checked with one more round trip, which this
  process learns to fetch with the first one.
- Writers call `invalidate_after_write(scopes)` once their write is done: it starts new
  generations of those scopes (SITE when none are named) now, for the rest of the
  writer's transaction, and again when the transaction commits, so that a reader in
  another process who cached the pre-commit state meanwhile is not believed. Model saves
  reach it through `jobs/signals.py`; bulk writers (services, the importer, commands) call
  it themselves; writes by other means (raw SQL, another service) reach it through the
  database (`careerguide/listener.py`).

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

import hashlib
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

SITE = "site"
POSTINGS = "postings"
DATA_THROUGH = "data-through"
GENERATION_PREFIX = "generation:"
# Present while the generations were checked against missed writes lately (it expires).
CHECKED_KEY = "generation-checked"
ENTRY_PREFIX = "cached:"
CACHE_SECONDS = 300
# Present while a reader computes an entry that others then wait for (`_compute_once`);
# it outlives a reader that died computing by this long at most.
COMPUTING_PREFIX = "computing:"
CLAIM_SECONDS = 10
COMPUTE_POLL_SECONDS = 0.02
# Notices of writes already acted on by one process (`first_to_hear`).
HEARD_PREFIX = "heard:"
HEARD_SECONDS = 600


def role_scope(role_id):
    """The scope of one role's postings."""
    return f"role:{role_id}"


def _generation_key(scope):
    return GENERATION_PREFIX + scope


class _State:
    """What this process knows about the cache: when to try it again, and whether a
    new generation is still owed to it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.owed = set()  # scopes whose new generation the cache has not heard of yet
        # The scopes entries turned out to depend on, by entry name: fetched with them.
        self.learned = {}

    def reset(self):
        self.down_until = 0.0
        self.owed = set()
        self.learned = {}


state = _State()


def cached(name, compute, *, scopes=(POSTINGS,), valid_until=None):
    """`compute()`'s value, kept while SITE and `scopes` keep their generations, and never
    past `valid_until(value)` (a datetime, or None for the usual CACHE_SECONDS).

    `scopes` is a list, or a function returning one, called only when the value is
    computed (it may ask the database): the entry keeps the scopes it was computed under."""
    key = ENTRY_PREFIX + name
    known = [SITE, *(scopes if not callable(scopes) else ()), *state.learned.get(name, ())]
    known = list(dict.fromkeys(known))
    found = _call("get_many", [key, CHECKED_KEY, *map(_generation_key, known)])
    if found is None:
        return compute()
    current = _generations(found, known)
    if current is None:
        return compute()
    entry = found.get(key)
    if entry is not None:
        held, value = entry
        missing = [scope for scope in held if scope not in current]
        if missing:
            _learn(name, [scope for scope in held if scope != SITE])
            more = _call("get_many", list(map(_generation_key, missing)))
            current |= _generations(more, missing, check=False) or {}
        if all(current.get(scope) == generation for scope, generation in held.items()):
            return value
    needed = list(scopes()) if callable(scopes) else list(scopes)
    extra = [scope for scope in needed if scope not in current]
    if extra:
        found_extra = _call("get_many", list(map(_generation_key, extra)))
        current |= _generations(found_extra, extra, check=False) or {}
    held = {scope: current[scope] for scope in [SITE, *needed] if scope in current}
    if len(held) < len(needed) + 1:
        return compute()
    if callable(scopes):
        _learn(name, needed)
    return _compute_once(key, held, compute, valid_until)


def _compute_once(key, held, compute, valid_until):
    """Compute the entry and keep it. While another reader computes the same entry for
    the same generations, wait for its answer instead: a page retired under many readers
    is rendered once, not once by each (they would all queue behind the database). A
    reader waits at most COMPUTE_WAIT_SECONDS, and not at all once the other gave up."""
    claim = (
        COMPUTING_PREFIX + hashlib.blake2b(repr((key, sorted(held.items()))).encode()).hexdigest()
    )
    if _call("add", claim, True, CLAIM_SECONDS) is False:
        deadline = time.monotonic() + settings.CACHE_COMPUTE_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(COMPUTE_POLL_SECONDS)
            found = _call("get_many", [key, claim])
            if found is None:
                break
            entry = found.get(key)
            if entry is not None and entry[0] == held:
                return entry[1]
            if claim not in found:  # it failed (or its answer is not to be kept)
                break
        return compute()
    try:
        value = compute()
        until = valid_until(value) if valid_until else None
        _call("set", key, (held, value), seconds_until(until))
        return value
    finally:
        _call("delete", claim)


LEARNED_MAX = 10_000  # entry names this process remembers the scopes of


def _learn(name, scopes):
    if len(state.learned) >= LEARNED_MAX:
        state.learned.clear()
    state.learned[name] = tuple(scopes)


def _generations(found, scopes, *, check=True):
    """{scope: generation} of `scopes` from a get_many answer, starting the generations the
    cache does not hold yet; the site's checked against missed writes when that is due."""
    if found is None:
        return None
    current = {}
    for scope in scopes:
        generation = found.get(_generation_key(scope))
        if generation is None:
            generation = _first_generation(scope)
        elif scope == SITE and check and CHECKED_KEY not in found:
            generation = _check_for_missed_writes(generation)
        if generation is None:
            return None
        current[scope] = generation
    return current


def first_to_hear(notice):
    """Whether this process is the first of those sharing the cache to hear `notice` (a
    database notification every process's listener receives); True without a cache."""
    key = HEARD_PREFIX + hashlib.blake2b(notice.encode()).hexdigest()
    return _call("add", key, True, HEARD_SECONDS) is not False


def invalidate(scopes=None):
    """Retire the cached entries that depend on `scopes` (every entry: SITE, the default),
    in every process sharing the cache."""
    with state.lock:
        state.owed |= set(scopes or (SITE,))
    _call(None)
    if state.owed:  # the cache did not hear it
        _record_missed_write()


def invalidate_after_write(scopes=None):
    """What every writer calls: stale now, and again once the transaction commits (and,
    with a read replica, once more when the replica has surely caught up: a page read from
    it in between may show the state before the write)."""
    scopes = tuple(scopes or (SITE,))
    invalidate(scopes)
    transaction.on_commit(lambda: after_commit(scopes))


def after_commit(scopes):
    invalidate(scopes)
    if settings.DATABASE_REPLICA_LAG_SECONDS:
        timer = threading.Timer(settings.DATABASE_REPLICA_LAG_SECONDS, invalidate, [scopes])
        timer.daemon = True
        timer.start()


def seconds_until(moment: datetime | None):
    """How long an entry may live: up to `moment`, within 1 s and CACHE_SECONDS."""
    if moment is None:
        return CACHE_SECONDS
    return max(1, min(CACHE_SECONDS, int((moment - timezone.now()).total_seconds())))


def _new_generation():
    # A fresh value, not an increment: a generation evicted and restarted at 1 could
    # otherwise meet entries written under the old 1.
    return time.time_ns()


def _first_generation(scope):
    """A scope's generation when the cache holds none: whoever adds it first wins. A new
    site generation holds nothing older than itself, so it counts as checked."""
    generation = _new_generation()
    if _call("add", _generation_key(scope), generation, None):
        if scope == SITE:
            _call("set", CHECKED_KEY, True, _check_seconds())
        return generation
    return _call("get", _generation_key(scope))


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
    _call("set", _generation_key(SITE), generation, None)  # CHECKED_KEY: set above
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
        if state.owed:
            with state.lock:
                owed, state.owed = state.owed, set()
            try:
                generation = _new_generation()
                cache.set_many({_generation_key(scope): generation for scope in owed}, None)
                if SITE in owed:  # nothing older than a new generation counts: no check
                    cache.set(CHECKED_KEY, True, _check_seconds())
            except Exception:
                with state.lock:
                    state.owed |= owed
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
