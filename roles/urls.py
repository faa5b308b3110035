from django.urls import include, path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("compare/", views.compare, name="compare"),
    path("<slug:slug>/", views.guide, name="detail"),
    path("<slug:slug>/statistics.json", views.statistics_json, name="statistics_json"),
    path("<slug:slug>/statistics.csv", views.statistics_csv, name="statistics_csv"),
    path("<slug:slug>/jobs/", include("jobs.role_urls")),
]
