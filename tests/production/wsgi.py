"""The production application serving the failing-on-purpose views of tests/production/urls.py
too, for tests that need them under gunicorn: `tests.production.wsgi:application`."""

from django.conf import settings

from careerguide.wsgi import application

settings.ROOT_URLCONF = "tests.production.urls"

__all__ = ["application"]
