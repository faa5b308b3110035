from django.shortcuts import get_object_or_404, render

from .models import Role


def home(request):
    return catalog(request)


def catalog(request):
    roles = Role.objects.published()
    return render(request, "roles/catalog.html", {"roles": roles})


def guide(request, slug):
    role = get_object_or_404(Role.objects.published(), slug=slug)
    return render(request, "roles/guide.html", {"role": role})
