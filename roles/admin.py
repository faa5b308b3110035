from django.contrib import admin

from .models import FAQ, CareerStage, RelatedRole, Responsibility, Role, Skill, Specialization


class GuideItemInline(admin.StackedInline):
    extra = 0


class ResponsibilityInline(GuideItemInline):
    model = Responsibility


class SkillInline(GuideItemInline):
    model = Skill


class CareerStageInline(GuideItemInline):
    model = CareerStage


class SpecializationInline(GuideItemInline):
    model = Specialization


class FAQInline(GuideItemInline):
    model = FAQ


class RelatedRoleInline(admin.TabularInline):
    model = RelatedRole
    fk_name = "role"
    autocomplete_fields = ["related"]
    extra = 0


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        ResponsibilityInline,
        SkillInline,
        CareerStageInline,
        SpecializationInline,
        FAQInline,
        RelatedRoleInline,
    ]
