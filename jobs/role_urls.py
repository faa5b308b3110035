"""Openings of one role, mounted under /roles/<slug>/jobs/ in the roles namespace."""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("feed/rss/", feeds.LatestOpeningsFeed(), name="jobs-feed-rss"),
    path("feed/atom/", feeds.LatestOpeningsAtomFeed(), name="jobs-feed-atom"),
]
