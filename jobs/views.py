from django.shortcuts import get_object_or_404, render

from roles.models import Role

from .models import JobPosting


def job_list(request, slug=None):
    role = get_object_or_404(Role.objects.published(), slug=slug) if slug else None
    postings = JobPosting.objects.open().newest_first().select_related("company", "role")
    if role:
        postings = postings.filter(role=role)
    return render(request, "jobs/job_list.html", {"role": role, "postings": postings[:25]})


def job_detail(request, pk):
    posting = get_object_or_404(JobPosting.objects.select_related("company", "role"), pk=pk)
    return render(request, "jobs/job_detail.html", {"posting": posting})
