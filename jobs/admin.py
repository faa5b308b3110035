from django.contrib import admin

from .models import Company, JobPosting, Location, Technology


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "country_code"]
    list_filter = ["kind", "country_code"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ["title", "role", "company", "seniority", "status", "posted_at", "expires_at"]
    list_filter = ["status", "role", "seniority", "workplace"]
    list_select_related = ["role", "company"]
    search_fields = ["title", "company__name", "external_id"]
    date_hierarchy = "posted_at"
    autocomplete_fields = ["company", "locations", "technologies"]
