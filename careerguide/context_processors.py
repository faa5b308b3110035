from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        # One canonical address per page: the path without filters or tracking parameters.
        "canonical_url": request.build_absolute_uri(request.path),
    }
