from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Job postings"

    def ready(self):
        from . import signals  # noqa: F401  (connects the cache invalidation receivers)
