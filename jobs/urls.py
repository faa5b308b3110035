from django.urls import path

from . import feeds, views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("feed/rss/", feeds.LatestOpeningsFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestOpeningsAtomFeed(), name="feed-atom"),
]
