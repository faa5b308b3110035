from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class RoleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Role.Status.PUBLISHED)


class RoleManager(models.Manager.from_queryset(RoleQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Role(models.Model):
    """A role guide: what the job is, what it asks for and where it leads."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(
        max_length=300, help_text="One sentence shown in the catalog and in search results."
    )
    overview = models.TextField(help_text="What the role is. Markdown.")
    career_path_intro = models.TextField(blank=True, help_text="How careers progress. Markdown.")
    salary_note = models.TextField(blank=True, help_text="What drives pay in this role. Markdown.")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleManager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "title"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roles:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class GuideItemManager(models.Manager):
    def get_by_natural_key(self, role_slug, position):
        return self.get(role__slug=role_slug, position=position)


class GuideItem(models.Model):
    """An ordered part of a guide; each kind keeps one item per position within a guide."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    objects = GuideItemManager()

    class Meta:
        abstract = True
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "position"], name="%(app_label)s_%(class)s_one_per_position"
            )
        ]

    def natural_key(self):
        return (self.role.slug, self.position)

    natural_key.dependencies = ["roles.role"]


class Responsibility(GuideItem):
    title = models.CharField(max_length=120)
    text = models.TextField(help_text="Markdown.")

    class Meta(GuideItem.Meta):
        verbose_name_plural = "responsibilities"
        default_related_name = "responsibilities"

    def __str__(self):
        return self.title


class Skill(GuideItem):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", "Technical"
        SOFT = "soft", "Soft"

    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(max_length=120)
    text = models.TextField(help_text="Markdown.")

    class Meta(GuideItem.Meta):
        default_related_name = "skills"
        ordering = ["role", "kind", "position"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display().lower()})"


class CareerStage(GuideItem):
    class Level(models.TextChoices):
        ENTRY = "entry", "Entry level"
        MID = "mid", "Mid level"
        SENIOR = "senior", "Senior and staff"
        LEADERSHIP = "leadership", "Leadership and management"

    level = models.CharField(max_length=12, choices=Level)
    title = models.CharField(max_length=120)
    text = models.TextField(help_text="Markdown.")

    class Meta(GuideItem.Meta):
        default_related_name = "career_stages"
        constraints = [
            *GuideItem.Meta.constraints,
            models.UniqueConstraint(
                fields=["role", "level"], name="roles_careerstage_one_per_level"
            ),
        ]

    def __str__(self):
        return self.title


class Specialization(GuideItem):
    name = models.CharField(max_length=120)
    text = models.TextField(help_text="Markdown.")

    class Meta(GuideItem.Meta):
        default_related_name = "specializations"

    def __str__(self):
        return self.name


class FAQ(GuideItem):
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text="Markdown.")

    class Meta(GuideItem.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        default_related_name = "faqs"

    def __str__(self):
        return self.question


class RelatedRole(GuideItem):
    related = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="related_from")
    note = models.CharField(
        max_length=300, help_text="Why a reader of this guide should look there."
    )

    class Meta(GuideItem.Meta):
        default_related_name = "related_roles"
        constraints = [
            *GuideItem.Meta.constraints,
            models.UniqueConstraint(fields=["role", "related"], name="roles_relatedrole_once"),
            models.CheckConstraint(
                condition=~Q(role=F("related")), name="roles_relatedrole_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.role} → {self.related}"
