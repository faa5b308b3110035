from django.utils.functional import SimpleLazyObject

from . import kept


def sample_data(request):
    """`only_sample_postings`: true while every posting is a sample, for the footer's note.
    Lazy: pages that do not show the footer (partials, the admin) cost no query."""
    return {"only_sample_postings": SimpleLazyObject(kept.only_samples)}
