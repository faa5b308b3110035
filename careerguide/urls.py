from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from roles import views as role_views

from . import views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", role_views.home, name="home"),
    path("roles/", include("roles.urls")),
    path("jobs/", include("jobs.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt", content_type="text/plain", http_method_names=["get", "head"]
        ),
        name="robots",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]

# 404 is Django's view with templates/404.html; 400 and 500 pages must need nothing that can
# fail.
handler400 = "careerguide.views.bad_request"
handler500 = "careerguide.views.server_error"
