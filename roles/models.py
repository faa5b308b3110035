from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower, Now
from django.urls import reverse

from .titles import in_running_text


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

    class Article(models.TextChoices):
        A = "a", "a"
        AN = "an", "an"

    class Family(models.TextChoices):
        # Catalog order: the catalog and the home page group guides in this order.
        DATA_ANALYTICS = "data-analytics", "Data and analytics"
        DATA_ENGINEERING = "data-engineering", "Data engineering and databases"
        MACHINE_LEARNING = "machine-learning", "Machine learning and AI"
        SOFTWARE_INFRASTRUCTURE = "software-infrastructure", "Software and infrastructure"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(
        max_length=120,
        help_text="Title case, e.g. “Site Reliability Engineer”. A field in parentheses, as "
        "in “Research Scientist (Machine Learning)”, reads “research scientist in machine "
        "learning” in the page's questions.",
    )
    article = models.CharField(
        max_length=2,
        choices=Article,
        default=Article.A,
        help_text="The article before the title in a sentence: “an AI engineer”, “a data "
        "scientist”, “an MLOps engineer”.",
    )
    family = models.CharField(
        max_length=30,
        choices=Family,
        help_text="The group of roles the catalog and the home page list the guide under.",
    )
    summary = models.CharField(
        max_length=300, help_text="One sentence shown in the catalog and in search results."
    )
    overview = models.TextField(help_text="What the role is. Markdown.")
    how_to_become = models.TextField(
        blank=True,
        help_text="Typical education, the usual entry routes, a first portfolio or job. Markdown.",
    )
    career_path_intro = models.TextField(blank=True, help_text="How careers progress. Markdown.")
    work_environment = models.TextField(
        blank=True,
        help_text="Who hires, the team setting, hours, on-call, travel, remote or on site. "
        "Markdown.",
    )
    salary_note = models.TextField(blank=True, help_text="What drives pay in this role. Markdown.")
    occupation_code = models.CharField(
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(r"^\d{2}-\d{4}\.\d{2}\Z", "An O*NET-SOC code looks like 15-2051.00.")
        ],
        help_text="The O*NET-SOC code of the closest occupation, e.g. 15-2051.00 for data "
        "scientists; empty when none fits. Search engines read it from the page.",
    )
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

    @property
    def title_in_text(self):
        """The title as it reads mid-sentence: "site reliability engineer", "AI engineer"."""
        return in_running_text(self.title)

    @property
    def with_article(self):
        """ "an analytics engineer": for the page's questions."""
        return f"{self.article} {self.title_in_text}"

    @property
    def onet_url(self):
        if self.occupation_code:
            return f"https://www.onetonline.org/link/summary/{self.occupation_code}"
        return ""


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
    technologies = models.ManyToManyField(
        "jobs.Technology",
        blank=True,
        related_name="skills",
        help_text="The technologies a posting names when it asks for this skill: the guide "
        "shows how many open postings name at least one of them.",
    )

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


class Credential(GuideItem):
    """A certification or degree that helps people into the role, with its status."""

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        RETIRING = "retiring", "Retiring"
        RETIRED = "retired", "Retired"

    name = models.CharField(max_length=200)
    issuer = models.CharField(max_length=120)
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.CURRENT,
        help_text="Retiring: a retirement date has been announced. Say when in the note.",
    )
    note = models.TextField(
        help_text="Who it helps and what it covers, or what replaced it. Markdown."
    )
    url = models.URLField(max_length=300, blank=True, help_text="The issuer's page, if any.")

    class Meta(GuideItem.Meta):
        default_related_name = "credentials"

    def __str__(self):
        return self.name


class OtherTitle(GuideItem):
    """Another title the same job is advertised under (search reads these too)."""

    title = models.CharField(max_length=120)

    class Meta(GuideItem.Meta):
        default_related_name = "other_titles"
        constraints = [
            *GuideItem.Meta.constraints,
            models.UniqueConstraint(
                "role",
                Lower("title"),
                name="roles_othertitle_once_per_guide",
                violation_error_message="The guide lists this title already.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        role = getattr(self, "role", None)
        if role is not None and self.title.strip().casefold() == role.title.casefold():
            raise ValidationError({"title": "This is the guide's own title."})


class Source(GuideItem):
    """A public page the guide's facts rest on, shown as a plain link."""

    title = models.CharField(max_length=200)
    publisher = models.CharField(max_length=120)
    url = models.URLField(max_length=300)

    class Meta(GuideItem.Meta):
        default_related_name = "sources"

    def __str__(self):
        return self.title


class SearchDocumentManager(models.Manager):
    @transaction.atomic
    def rebuild(self, roles=None):
        """Write the search documents of `roles` (a queryset; default: every guide) from
        their guides as they are now. Call after every write to a guide's text, parts or
        linked technologies: bulk writes (the fixture loader) send no signals, so nothing
        does it behind the callers' backs."""
        roles = Role.objects.all() if roles is None else roles
        roles = list(
            roles.order_by("pk").prefetch_related(
                "responsibilities",
                "skills__technologies",
                "career_stages",
                "specializations",
                "faqs",
                "related_roles",
                "credentials",
                "other_titles",
                "sources",
            )
        )
        self.filter(role__in=roles).delete()
        self.bulk_create(SearchDocument.for_role(role) for role in roles)
        if connection.vendor == "postgresql":
            self.filter(role__in=roles).update(
                vector=SearchVector("names", weight="A", config=SearchDocument.CONFIG)
                + SearchVector("keywords", weight="B", config=SearchDocument.CONFIG)
                + SearchVector("body", weight="C", config=SearchDocument.CONFIG)
                + SearchVector("details", weight="D", config=SearchDocument.CONFIG)
            )
        return len(roles)


class SearchDocument(models.Model):
    """What guide search reads for one guide: its texts in four weights, derived from the
    guide by `SearchDocument.objects.rebuild()`, never edited.

    - names (A): the title and the other titles the job goes by;
    - keywords (B): summary, skill names and their technologies, responsibility, stage,
      specialization and credential names;
    - body (C): overview, responsibilities, skills, how to become one, work environment,
      specializations and the FAQ questions;
    - details (D): the rest: career path, salary, FAQ answers, credentials, related roles'
      notes and sources.

    On PostgreSQL `vector` holds the weighted tsvector (GIN-indexed, see migration 0003);
    elsewhere it stays empty and search matches the texts (`roles/search.py`).
    """

    CONFIG = "english"

    role = models.OneToOneField(
        Role, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    names = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    details = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    built_at = models.DateTimeField(db_default=Now())

    objects = SearchDocumentManager()

    def __str__(self):
        return f"Search document of {self.role_id}"

    @classmethod
    def for_role(cls, role):
        """The unsaved document of `role`, whose parts are prefetched."""
        skills = list(role.skills.all())
        technologies = sorted(
            {technology.name for skill in skills for technology in skill.technologies.all()}
        )
        stages = list(role.career_stages.all())
        faqs = list(role.faqs.all())
        credentials = list(role.credentials.all())
        return cls(
            role=role,
            names=_join(role.title, *(item.title for item in role.other_titles.all())),
            keywords=_join(
                role.summary,
                *(skill.name for skill in skills),
                *technologies,
                *(item.title for item in role.responsibilities.all()),
                *(stage.title for stage in stages),
                *(item.name for item in role.specializations.all()),
                *(item.name for item in credentials),
            ),
            body=_join(
                role.overview,
                *(item.text for item in role.responsibilities.all()),
                *(skill.text for skill in skills),
                role.how_to_become,
                role.work_environment,
                *(item.text for item in role.specializations.all()),
                *(faq.question for faq in faqs),
            ),
            details=_join(
                role.career_path_intro,
                *(stage.text for stage in stages),
                role.salary_note,
                *(faq.answer for faq in faqs),
                *(f"{item.issuer}\n{item.note}" for item in credentials),
                *(item.note for item in role.related_roles.all()),
                *(f"{item.title}\n{item.publisher}" for item in role.sources.all()),
            ),
        )


def _join(*texts):
    return "\n\n".join(text for text in texts if text)
