from django.db import models


class MissedInvalidation(models.Model):
    """A write whose cache invalidation could not reach the cache (`careerguide.cache`).

    One row at most (id 1), holding the latest such write: whoever next checks the cache
    against the database starts a new generation and deletes the row, whatever process
    made the write and whether or not it still runs.
    """

    at = models.DateTimeField()

    def __str__(self):
        return f"cache invalidation missed at {self.at:%Y-%m-%d %H:%M:%S}"
