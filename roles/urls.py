from django.urls import include, path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("<slug:slug>/", views.guide, name="detail"),
    path("<slug:slug>/jobs/", include("jobs.role_urls")),
]
