from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from roles import views as role_views

from .sitemaps import SITEMAPS

urlpatterns = [
    path("", role_views.home, name="home"),
    path("roles/", include("roles.urls")),
    path("jobs/", include("jobs.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
