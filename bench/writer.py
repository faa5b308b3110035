"""
Writes going on during a benchmark mix: one posting saved a second, through the ORM as an
editor's save would be (signals, tallies, invalidation), until the process is stopped.
Run inside `manage.py shell -c` by bench/run.py; prints how many saves it made.
"""

import random
import signal
import sys
import time

from jobs.models import JobPosting

stop = False


def _stop(*args):
    global stop
    stop = True


signal.signal(signal.SIGTERM, _stop)
ids = list(JobPosting.objects.open().values_list("pk", flat=True).order_by("?")[:2000])
rng = random.Random(1)
saves = 0
while not stop:
    started = time.monotonic()
    posting = JobPosting.objects.get(pk=rng.choice(ids))
    posting.title = posting.title.rstrip(" *") + (" *" if saves % 2 else "")
    posting.save()
    saves += 1
    time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
print(saves)
sys.stdout.flush()
