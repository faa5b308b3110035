from django.apps import AppConfig


class CareerGuideConfig(AppConfig):
    """The project's own app: what the shared cache keeps in the database."""

    name = "careerguide"
    verbose_name = "Career Guide"
    default_auto_field = "django.db.models.BigAutoField"
