from django.contrib import admin
from django.urls import include, path

from roles import views as role_views

urlpatterns = [
    path("", role_views.home, name="home"),
    path("roles/", include("roles.urls")),
    path("jobs/", include("jobs.urls")),
    path("admin/", admin.site.urls),
]
