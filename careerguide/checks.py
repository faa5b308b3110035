"""
Deploy checks of our own (`manage.py check --deploy`): what Django's own checks let pass.

- E001: a public secret key. Keys starting with "django-insecure-" are public by
  convention: the development default and the Makefile's `make serve` key are such, and
  whoever knows the key can forge sessions, password-reset links and signed data.
- E002: "*" in ALLOWED_HOSTS: any Host header is then believed, and the site builds its
  absolute links (feeds, sitemaps, canonical URLs, password-reset mails) from it.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

PUBLIC_KEY_PREFIX = "django-insecure-"


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    errors = []
    if settings.SECRET_KEY.startswith(PUBLIC_KEY_PREFIX):
        errors.append(
            Error(
                "DJANGO_SECRET_KEY is a public key (the development default or the Makefile's).",
                hint="Set DJANGO_SECRET_KEY to 50 or more random characters of your own.",
                id="careerguide.E001",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "DJANGO_ALLOWED_HOSTS contains '*': every Host header would be believed.",
                hint="List the host names the site answers to, e.g. careers.example.com.",
                id="careerguide.E002",
            )
        )
    return errors
