"""The shared cache generation (careerguide/cache.py): kept until a write, in every process."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache as django_cache
from django.db import transaction
from django.utils import timezone

from careerguide import cache
from careerguide.models import MissedInvalidation

UNREACHABLE = {  # a closed port: every cache call fails at once
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


class Source:
    """A value that changes, and how often it was computed."""

    def __init__(self, value):
        self.value, self.computed = value, 0

    def __call__(self):
        self.computed += 1
        return self.value


def test_a_value_is_kept_until_the_next_write():
    source = Source("first")
    assert cache.cached("answer", source) == "first"
    source.value = "second"
    assert cache.cached("answer", source) == "first"
    assert source.computed == 1

    cache.invalidate()
    assert cache.cached("answer", source) == "second"
    assert source.computed == 2


def test_entries_are_kept_apart_by_name():
    assert cache.cached("one", Source(1)) == 1
    assert cache.cached("two", Source(2)) == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_retires_entries_now_and_again_on_commit():
    source = Source("before")
    assert cache.cached("answer", source) == "before"
    with transaction.atomic():
        source.value = "during"
        cache.invalidate_after_write()
        # Another reader caches the state it sees before the commit...
        assert cache.cached("answer", source) == "during"
        source.value = "after"
    # ...and is not believed once the write commits.
    assert cache.cached("answer", source) == "after"


def test_an_entry_lives_no_longer_than_it_may():
    soon = timezone.now() + timedelta(seconds=30)
    assert 1 <= cache.seconds_until(soon) <= 30
    assert cache.seconds_until(timezone.now() - timedelta(days=1)) == 1
    assert cache.seconds_until(None) == cache.CACHE_SECONDS
    assert cache.seconds_until(timezone.now() + timedelta(days=9)) == cache.CACHE_SECONDS


def test_an_unreachable_cache_computes_every_time(settings):
    settings.CACHES = UNREACHABLE
    settings.CACHE_RETRY_SECONDS = 0
    source = Source("first")
    assert cache.cached("answer", source) == "first"
    source.value = "second"
    assert cache.cached("answer", source) == "second"
    cache.invalidate()  # does not raise either


def test_an_unreachable_cache_is_left_alone_for_a_while(settings, caplog):
    settings.CACHES = UNREACHABLE
    settings.CACHE_RETRY_SECONDS = 60
    source = Source("value")
    with caplog.at_level(logging.WARNING, logger="careerguide.cache"):
        for _ in range(3):
            assert cache.cached("answer", source) == "value"
    assert len(caplog.records) == 1
    assert "serving from the database for 60 s" in caplog.records[0].getMessage()


@pytest.mark.django_db
def test_a_write_made_while_the_cache_was_away_retires_old_entries(settings):
    reachable = settings.CACHES
    settings.CACHE_RETRY_SECONDS = 0
    source = Source("before")
    assert cache.cached("answer", source) == "before"  # kept in the reachable cache

    settings.CACHES = UNREACHABLE
    source.value = "after"
    cache.invalidate_after_write()  # cannot reach the cache
    assert cache.cached("answer", source) == "after"  # from the source

    settings.CACHES = reachable  # back, and still holding "before"
    assert cache.cached("answer", source) == "after"


@pytest.mark.django_db
def test_a_write_the_cache_missed_is_kept_in_the_database_past_its_process(settings):
    reachable = settings.CACHES
    settings.CACHE_RETRY_SECONDS = 0
    source = Source("before")
    assert cache.cached("answer", source) == "before"  # kept in the reachable cache

    settings.CACHES = UNREACHABLE
    source.value = "after"
    cache.invalidate_after_write()  # cannot reach the cache: recorded in the database
    assert MissedInvalidation.objects.count() == 1

    cache.state.reset()  # the writer's process ends (an import command)...
    settings.CACHES = reachable  # ...and the cache is back, still holding "before"
    # Until the next check is due, entries stand (at most CACHE_CHECK_SECONDS)...
    assert cache.cached("answer", source) == "before"
    # ...then whoever reads first starts a new generation.
    django_cache.delete(cache.CHECKED_KEY)
    assert cache.cached("answer", source) == "after"
    assert MissedInvalidation.objects.count() == 0
    assert cache.cached("answer", Source("later")) == "after"  # and caches again


@pytest.mark.django_db
def test_without_missed_writes_the_check_keeps_the_generation():
    source = Source("value")
    assert cache.cached("answer", source) == "value"
    django_cache.delete(cache.CHECKED_KEY)
    assert cache.cached("answer", source) == "value"
    assert source.computed == 1
    assert django_cache.get(cache.CHECKED_KEY) is True


@pytest.mark.django_db
def test_with_a_replica_a_write_retires_entries_again_once_it_has_caught_up(
    settings, django_capture_on_commit_callbacks
):
    settings.DATABASE_REPLICA_LAG_SECONDS = 0.2  # as with DATABASE_REPLICA_URL
    source = Source("before")
    with django_capture_on_commit_callbacks(execute=True):
        cache.invalidate_after_write()
    # A reader caches what a lagging replica still shows...
    assert cache.cached("answer", source) == "before"
    source.value = "after"
    assert cache.cached("answer", source) == "before"
    time.sleep(0.4)
    # ...and is not believed once the replica has surely caught up.
    assert cache.cached("answer", source) == "after"


class SlowSource(Source):
    """A value that takes `seconds` to compute (or fails after them)."""

    def __init__(self, value, seconds, fails=False):
        super().__init__(value)
        self.seconds, self.fails = seconds, fails

    def __call__(self):
        self.computed += 1
        time.sleep(self.seconds)
        if self.fails:
            raise RuntimeError("no answer")
        return self.value


def in_threads(*calls):
    """Run the calls at once; their answers (or exceptions) and how long each took."""
    answers = [None] * len(calls)

    def run(index, call):
        started = time.monotonic()
        try:
            answers[index] = (call(), time.monotonic() - started)
        except Exception as error:
            answers[index] = (error, time.monotonic() - started)

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)  # the first one claims the entry
    for thread in threads:
        thread.join(10)
    return answers


def test_readers_of_an_entry_being_computed_wait_for_it_instead_of_computing_it_too():
    source = SlowSource("page", seconds=0.3)
    answers = in_threads(*[lambda: cache.cached("busy", source)] * 4)
    assert [value for value, _ in answers] == ["page"] * 4
    assert source.computed == 1


def test_a_reader_computes_the_entry_itself_once_the_one_computing_it_failed(settings):
    settings.CACHE_COMPUTE_WAIT_SECONDS = 5
    failing = SlowSource("never", seconds=0.2, fails=True)
    working = Source("page")
    (first, _), (second, waited) = in_threads(
        lambda: cache.cached("fails", failing), lambda: cache.cached("fails", working)
    )
    assert isinstance(first, RuntimeError) and second == "page"
    assert working.computed == 1
    assert waited < 2  # it stopped waiting when the claim went, not after 5 s


def test_a_reader_waits_no_longer_than_it_may(settings):
    settings.CACHE_COMPUTE_WAIT_SECONDS = 0.2
    slow, impatient = SlowSource("slow", seconds=1.5), Source("own")
    (first, _), (second, waited) = in_threads(
        lambda: cache.cached("slow", slow), lambda: cache.cached("slow", impatient)
    )
    assert (first, second) == ("slow", "own")
    assert waited < 1


def test_an_entry_computed_for_older_generations_is_not_what_a_waiting_reader_gets():
    source = SlowSource("before the write", seconds=0.3)
    after = Source("after the write")

    def read_after_a_write():
        cache.invalidate()  # a new generation while the first reader still computes
        return cache.cached("written", after)

    (first, _), (second, _) = in_threads(
        lambda: cache.cached("written", source), read_after_a_write
    )
    assert (first, second) == ("before the write", "after the write")
