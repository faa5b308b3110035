from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CareerGuideConfig(AppConfig):
    """The project's own app: what the shared cache keeps in the database, and the deploy
    checks of careerguide/checks.py."""

    name = "careerguide"
    verbose_name = "Career Guide"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on the site's own AdminSite (careerguide/adminsite.py)."""

    default = False  # CareerGuideConfig above is careerguide's own
    default_site = "careerguide.adminsite.AdminSite"
