"""WSGI entry point, used by gunicorn (`careerguide.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")

application = get_wsgi_application()
