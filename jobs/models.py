import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, Max, Q, Value, When
from django.db.models.functions import Lower, Now
from django.urls import reverse
from django.utils import timezone

from roles.models import Role


class SlugNamedManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNamed(models.Model):
    """A record that postings group by, identified by a slug so spellings fold into one."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)

    objects = SlugNamedManager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Company(SlugNamed):
    website = models.URLField(blank=True)

    class Meta(SlugNamed.Meta):
        verbose_name_plural = "companies"


class Location(SlugNamed):
    """A place postings are in: a city, or a whole country for remote eligibility."""

    class Kind(models.TextChoices):
        CITY = "city", "City"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"

    kind = models.CharField(max_length=10, choices=Kind, default=Kind.CITY)
    region = models.CharField(max_length=80, blank=True, help_text="State or province.")
    country_code = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2, e.g. US.")


class Technology(SlugNamed):
    class Meta(SlugNamed.Meta):
        verbose_name_plural = "technologies"


# The `source` of the postings we ship (PRODUCT.md): made up to show the site at work.
SAMPLE_SOURCE = "sample"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Seniority(models.TextChoices):
    # Ladder order: statistics list levels in this order.
    INTERN = "intern", "Intern"
    ENTRY = "entry", "Entry level"
    MID = "mid", "Mid level"
    SENIOR = "senior", "Senior"
    STAFF = "staff", "Staff"
    PRINCIPAL = "principal", "Principal"
    MANAGER = "manager", "Manager"
    DIRECTOR = "director", "Director"


class Workplace(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class EmploymentType(models.TextChoices):
    FULL_TIME = "FULL_TIME", "Full-time"
    PART_TIME = "PART_TIME", "Part-time"
    CONTRACTOR = "CONTRACTOR", "Contract"
    TEMPORARY = "TEMPORARY", "Temporary"
    INTERN = "INTERN", "Internship"


class SalaryPeriod(models.TextChoices):
    YEAR = "YEAR", "per year"
    MONTH = "MONTH", "per month"
    WEEK = "WEEK", "per week"
    DAY = "DAY", "per day"
    HOUR = "HOUR", "per hour"


# How many of each period make a year, for comparing pay quoted in different periods
# (PRODUCT.md, "Advertised pay"): 52 weeks, 260 working days, 2,080 working hours.
PERIODS_PER_YEAR = {
    SalaryPeriod.YEAR: 1,
    SalaryPeriod.MONTH: 12,
    SalaryPeriod.WEEK: 52,
    SalaryPeriod.DAY: 260,
    SalaryPeriod.HOUR: 2080,
}


def yearly_pay_expression():
    """A posting's advertised pay made yearly: the midpoint of its range (or the one
    figure given) times the periods in a year; NULL without pay."""
    twice_midpoint = Case(
        When(salary_min__isnull=True, then=F("salary_max") * 2),
        When(salary_max__isnull=True, then=F("salary_min") * 2),
        default=F("salary_min") + F("salary_max"),
        output_field=models.BigIntegerField(),
    )
    per_year = Case(
        *(When(salary_period=period, then=Value(n)) for period, n in PERIODS_PER_YEAR.items()),
        default=None,
        output_field=models.BigIntegerField(),
    )
    return twice_midpoint * per_year / 2


# Dates a posting may carry. Stored, every date lies in [STORED_FROM, STORED_UNTIL): any
# driver reads it back (psycopg cannot read a PostgreSQL timestamp past year 9999 or before
# year 1 in UTC, and one such row took down every page listing it), and the constraints below
# refuse anything else however it is written. Forms and the importer also refuse expiries
# further ahead than EXPIRY_HORIZON: a feed's placeholder, not a closing date.
STORED_FROM = datetime(2000, 1, 1, tzinfo=UTC)
STORED_UNTIL = datetime(2200, 1, 1, tzinfo=UTC)
EXPIRY_HORIZON = timedelta(days=2 * 365)


# A salary's currency: an ISO 4217 code, three capital letters.
CURRENCY_CODE = re.compile(r"[A-Z]{3}")

# The most places and technologies one posting may name, in the admin and from a feed: a
# list longer than this describes no one job (one row with 5,000 technologies made a list
# page of 327 kB).
MAX_LOCATIONS = 25
MAX_TECHNOLOGIES = 30


def date_problems(*, posted_at, expires_at, now=None):
    """{field: reason} for dates a posting must not carry; the admin and the importer both
    ask this, so that they accept the same dates."""
    now = now or timezone.now()
    problems = {}
    if posted_at is not None and not STORED_FROM <= posted_at < STORED_UNTIL:
        problems["posted_at"] = (
            f"must be on or after {STORED_FROM:%Y-%m-%d} and before {STORED_UNTIL:%Y-%m-%d}"
        )
    if expires_at is not None:
        if expires_at < STORED_FROM:
            problems["expires_at"] = f"must be on or after {STORED_FROM:%Y-%m-%d}"
        elif expires_at > now + EXPIRY_HORIZON:
            problems["expires_at"] = (
                f"must be within {EXPIRY_HORIZON.days // 365} years from now, not "
                f"{expires_at:%Y-%m-%d}"
            )
    return problems


class SearchDocument(models.Expression):
    """What the openings search reads, stored with each posting so that no search computes
    a vector per row: on PostgreSQL the title (weight A) and description (weight B) as an
    English tsvector; elsewhere nothing (SQLite searches the texts themselves)."""

    output_field = SearchVectorField()
    config = "english"

    def as_sql(self, compiler, connection):
        return "NULL", []

    def as_postgresql(self, compiler, connection):
        config = f"'{self.config}'::regconfig"
        return (
            f"setweight(to_tsvector({config}, COALESCE(title, '')), 'A') || "
            f"setweight(to_tsvector({config}, COALESCE(description, '')), 'B')",
            [],
        )


def countable_condition(prefix=""):
    """A posting that stands for a job of its own: its role is decided (the review queue's
    postings have none yet) and it is not folded into another feed's posting of the same
    job (`duplicate_of`). The tally rule in `jobs/tallies.py` says the same in SQL."""
    return Q(**{f"{prefix}role__isnull": False, f"{prefix}duplicate_of__isnull": True})


def open_postings_condition(prefix=""):
    """Countable, open and not past expiry, as a condition on postings reached through
    `prefix`: the postings every count and list is made of."""
    return (
        countable_condition(prefix)
        & Q(**{f"{prefix}status": Status.OPEN})
        & (Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": Now()}))
    )


def past_expiry_condition(prefix=""):
    """Countable and still marked open although the expiry date has passed: in the tallies
    but left out of every count, closed by `expire_postings`."""
    return countable_condition(prefix) & Q(
        **{f"{prefix}status": Status.OPEN, f"{prefix}expires_at__lte": Now()}
    )


class JobPostingQuerySet(models.QuerySet):
    def countable(self):
        """Postings that stand for a job of their own, whatever their status: a role
        decided, and not folded into another posting of the same job."""
        return self.filter(countable_condition())

    def needing_role(self):
        """The review queue: open postings whose role no title rule could decide. Stored,
        but neither counted nor listed until an editor assigns one."""
        return self.filter(role__isnull=True, status=Status.OPEN)

    def due_to_close(self):
        """Marked open with their expiry passed, countable or not: what expire_postings
        closes."""
        return self.filter(status=Status.OPEN, expires_at__lte=Now())

    def open(self):
        """The postings every count and list is made of: open and not past expiry."""
        return self.filter(open_postings_condition())

    def past_expiry(self):
        """Marked open, but past their expiry date: no longer counted or listed."""
        return self.filter(past_expiry_condition())

    def listed(self, role=None):
        """What an openings list may show: open postings of `role`, or, without one, of
        every published guide."""
        postings = self.open()
        if role is not None:
            return postings.filter(role=role)
        return postings.filter(role__status=Role.Status.PUBLISHED)

    def newest_first(self):
        return self.order_by("-posted_at", "-id")

    def data_through(self):
        """When the newest of these postings was posted, whatever its status: where every
        window of the figures ends, so that fixed data gives fixed figures on any date."""
        return self.aggregate(newest=Max("posted_at"))["newest"]

    def only_samples(self):
        """Whether there are postings and every one is a sample (one query that reads the
        source index: two ranges around "sample", never a scan of the samples)."""
        real = self.filter(Q(source__lt=SAMPLE_SOURCE) | Q(source__gt=SAMPLE_SOURCE))
        found = (
            self.filter(source=SAMPLE_SOURCE)
            .annotate(real=Exists(real))
            .values_list("real", flat=True)[:1]
        )
        return list(found) == [False]

    def next_expiry(self):
        """When the first of these postings that is still open will pass its expiry."""
        return (
            self.open()
            .filter(expires_at__isnull=False)
            .order_by("expires_at")
            .values_list("expires_at", flat=True)
            .first()
        )


class JobPostingManager(models.Manager.from_queryset(JobPostingQuerySet)):
    def get_queryset(self):
        # The search document is for the database's own matching: never fetched with rows.
        return super().get_queryset().defer("search_document")

    def get_by_natural_key(self, source, external_id):
        return self.get(source=source, external_id=external_id)


class JobPosting(models.Model):
    Status = Status
    Seniority = Seniority
    Workplace = Workplace
    EmploymentType = EmploymentType
    SalaryPeriod = SalaryPeriod

    # A posting is its feed's (source) id: feeds cannot reach each other's postings, nor
    # those made in the admin (blank source), which no import can name.
    external_id = models.CharField(
        max_length=120, help_text="The feed's own id; re-loading never duplicates."
    )
    source = models.CharField(
        max_length=60, blank=True, help_text="The feed this came from; empty: made here."
    )
    # NULL: no rule decided the role of a feed's posting; it waits in the admin's "Needs a
    # role" list, stored but neither counted nor listed. Forms still require one.
    role = models.ForeignKey(
        "roles.Role", on_delete=models.PROTECT, related_name="postings", null=True
    )
    role_by_editor = models.BooleanField(
        default=False,
        db_default=False,
        help_text="An editor chose the role: imports keep it whatever their rules decide.",
    )
    title = models.CharField(max_length=200)
    # The title with spellings folded ("Sr." is "senior", "ML" is "machine learning"):
    # postings of one company with one key may be one job published by two feeds.
    title_key = models.CharField(max_length=200, blank=True, default="", db_default="")
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text="The posting of another feed this one repeats: counted once, there.",
    )
    classification = models.JSONField(
        null=True,
        blank=True,
        help_text="How the importer decided role, level, technologies, pay and workplace.",
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="postings")
    description = models.TextField()
    seniority = models.CharField(max_length=10, choices=Seniority)
    employment_type = models.CharField(
        max_length=12, choices=EmploymentType, default=EmploymentType.FULL_TIME
    )
    workplace = models.CharField(max_length=8, choices=Workplace, default=Workplace.ONSITE)
    locations = models.ManyToManyField(Location, blank=True, related_name="postings")
    technologies = models.ManyToManyField(Technology, blank=True, related_name="postings")
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD.")
    salary_period = models.CharField(max_length=5, choices=SalaryPeriod, blank=True)
    pay_yearly = models.GeneratedField(
        expression=yearly_pay_expression(),
        output_field=models.BigIntegerField(),
        db_persist=True,
        help_text="Advertised pay made yearly, in the posting's currency (computed).",
    )
    search_document = models.GeneratedField(
        expression=SearchDocument(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        help_text="Title and description as the search reads them (computed; PostgreSQL).",
    )
    posted_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    apply_url = models.URLField(max_length=500)
    status = models.CharField(max_length=6, choices=Status, default=Status.OPEN)
    # db_default too: rows written by raw SQL or COPY (bench/synthetic.py) name no value.
    closed_by_editor = models.BooleanField(
        default=False, db_default=False, help_text="Closed in the admin: no import reopens it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobPostingManager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="jobs_posting_one_per_source_id"
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="jobs_posting_salary_min_not_above_max",
            ),
            models.CheckConstraint(
                condition=(Q(salary_min__isnull=True) & Q(salary_max__isnull=True))
                | (~Q(salary_currency="") & ~Q(salary_period="")),
                name="jobs_posting_salary_has_currency_and_period",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("posted_at")),
                name="jobs_posting_expires_after_posted",
            ),
            models.CheckConstraint(
                condition=Q(posted_at__gte=STORED_FROM, posted_at__lt=STORED_UNTIL),
                name="jobs_posting_posted_in_range",
                violation_error_message="The posting date is out of range.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__lt=STORED_UNTIL),
                name="jobs_posting_expires_in_range",
                violation_error_message="The expiry date is out of range.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="jobs_posting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(seniority__in=Seniority.values), name="jobs_posting_seniority_valid"
            ),
        ]
        indexes = [
            # Open postings of a role, newest first: counts, latest openings, role lists.
            models.Index(
                fields=["role", "status", "-posted_at"], name="jobs_posting_role_open_idx"
            ),
            models.Index(fields=["status", "-posted_at"], name="jobs_posting_open_newest_idx"),
            models.Index(fields=["-posted_at"], name="jobs_posting_newest_idx"),
            models.Index(fields=["role", "status", "seniority"], name="jobs_posting_seniority_idx"),
            models.Index(fields=["source", "status"], name="jobs_posting_source_idx"),
            # Postings that may be one job published twice: same company, same title.
            models.Index(fields=["company", "title_key"], name="jobs_posting_same_job_idx"),
            # The review queue.
            models.Index(
                fields=["-posted_at"],
                condition=Q(role__isnull=True, status="open"),
                name="jobs_posting_needs_role_idx",
            ),
            # Open postings with an expiry: the next one due, and those already past it.
            models.Index(
                fields=["role", "expires_at"],
                condition=Q(status="open", expires_at__isnull=False),
                name="jobs_posting_open_expiry_idx",
            ),
            models.Index(
                fields=["expires_at"],
                condition=Q(status="open", expires_at__isnull=False),
                name="jobs_posting_next_expiry_idx",
            ),
            # Open postings with pay, by currency, highest first: lists sorted by pay or
            # with a pay minimum read their first page along it instead of sorting them all.
            models.Index(
                fields=["salary_currency", "-pay_yearly", "-posted_at", "-id"],
                condition=Q(status="open", pay_yearly__isnull=False),
                name="jobs_posting_open_pay_idx",
            ),
            # A role's countable postings of one day, whatever their status (trend windows
            # cut a day in two), read from the index alone.
            models.Index(
                fields=["role", "posted_at", "id"],
                condition=Q(role__isnull=False, duplicate_of__isnull=True),
                name="jobs_posting_role_posted_idx",
            ),
            # A role's pay percentiles, by level, read from the index alone.
            models.Index(
                fields=["role", "salary_currency", "seniority", "pay_yearly", "expires_at"],
                condition=Q(
                    status="open",
                    role__isnull=False,
                    duplicate_of__isnull=True,
                    pay_yearly__isnull=False,
                ),
                name="jobs_posting_pay_idx",
            ),
        ]

    def __str__(self):
        return f"{self.title} at {self.company}" if self.company_id else self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"pk": self.pk})

    def natural_key(self):
        return (self.source, self.external_id)

    @classmethod
    def from_db(cls, db, field_names, values, **options):
        posting = super().from_db(db, field_names, values, **options)
        # What a save must tell the cache besides the role it has then (jobs/signals.py).
        posting.role_id_as_loaded = posting.__dict__.get("role_id")
        posting.posted_at_as_loaded = posting.__dict__.get("posted_at")
        return posting

    role_id_as_loaded = None
    posted_at_as_loaded = None

    def clean(self):
        errors = {
            field: f"The date {reason}."
            for field, reason in date_problems(
                posted_at=self.posted_at, expires_at=self.expires_at
            ).items()
        }
        self.salary_currency = self.salary_currency.strip().upper()
        if self.salary_currency and not CURRENCY_CODE.fullmatch(self.salary_currency):
            errors["salary_currency"] = "An ISO 4217 code: three letters, such as USD or EUR."
        if errors:
            raise ValidationError(errors)

    @property
    def is_expired(self):
        """Whether the expiry date has passed, whatever the status."""
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_countable(self):
        """One posting by the rule of `JobPosting.objects.countable()`."""
        return self.role_id is not None and self.duplicate_of_id is None

    @property
    def is_open(self):
        """One posting by the rule of `JobPosting.objects.open()`."""
        return self.is_countable and self.status == Status.OPEN and not self.is_expired

    @property
    def is_past_expiry(self):
        """One posting by the rule of `JobPosting.objects.past_expiry()`."""
        return self.is_countable and self.status == Status.OPEN and self.is_expired

    @property
    def is_sample(self):
        """Made up to show the site at work: no real vacancy, whatever the employer."""
        return self.source == SAMPLE_SOURCE

    @property
    def has_salary(self):
        return self.salary_min is not None or self.salary_max is not None


class PostingTally(models.Model):
    """
    How many postings with status open each role has per seniority level, technology,
    location (on-site and hybrid postings), remote, company, pay currency and skill, and
    how many it had posted per day (and per technology and day) whatever their status now:
    the guide's numbers at any size.

    What a row counts, the triggers that keep it exact on every write and the readers
    that subtract postings past expiry all live in `jobs/tallies.py`.
    """

    class Dimension(models.TextChoices):
        SENIORITY = "seniority"
        TECHNOLOGY = "technology"
        LOCATION = "location"
        REMOTE = "remote"
        COMPANY = "company"
        CURRENCY = "currency"
        SKILL = "skill"
        POSTED = "posted"
        TECH_POSTED = "tech_posted"

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=12, choices=Dimension)
    key = models.CharField(max_length=40, blank=True, help_text="Level, or the record's id.")
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["role", "dimension", "key"], name="jobs_postingtally_one_per_key"
            )
        ]

    def __str__(self):
        return f"{self.role_id} {self.dimension} {self.key}: {self.count}"


# Feeds, the review queue and title rules ----------------------------------------------------


class PostingNeedingRoleManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(role__isnull=True)


class PostingNeedingRole(JobPosting):
    """The admin's "Needs a role" list: postings no title rule could give a role to."""

    objects = PostingNeedingRoleManager()

    class Meta:
        proxy = True
        verbose_name = "posting that needs a role"
        verbose_name_plural = "needs a role"


class TitleRule(models.Model):
    """Postings whose title contains `phrase` (spellings folded as for guide titles) get
    `role`. Editors make them from the "Needs a role" list; they are matched before the
    guides' own titles and other titles, and never shown to readers."""

    phrase = models.CharField(
        max_length=120, help_text="Words of the title, e.g. “Member of Technical Staff, Inference”."
    )
    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="title_rules")
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phrase"]
        constraints = [
            models.UniqueConstraint(
                Lower("phrase"),
                name="jobs_titlerule_phrase_once",
                violation_error_message="A rule for this phrase exists already.",
            )
        ]

    def __str__(self):
        return f"“{self.phrase}” → {self.role}"

    def clean(self):
        from .classify.words import phrase_words

        self.phrase = " ".join(self.phrase.split())
        if not phrase_words(self.phrase):
            raise ValidationError({"phrase": "Give the words a title contains."})


class Feed(models.Model):
    """A job board `sync_feeds` reads on a schedule: each run loads it whole (as
    `import_postings --sync`) or, when anything is wrong, changes none of its postings."""

    class Format(models.TextChoices):
        GREENHOUSE = "greenhouse", "Greenhouse job board"
        LEVER = "lever", "Lever postings"
        ASHBY = "ashby", "Ashby job board"
        JSONLD = "jsonld", "schema.org JobPosting (JSON-LD or a page carrying it)"
        JSONL = "jsonl", "JSON Lines (our own shape)"
        CSV = "csv", "CSV (our own shape)"

    name = models.CharField(max_length=80, unique=True)
    location = models.CharField(
        max_length=500,
        help_text="An http(s) address, or a file's path inside FEED_FILES_DIR.",
    )
    format = models.CharField(max_length=12, choices=Format)
    source = models.CharField(
        max_length=60,
        unique=True,
        help_text="The source of its postings: a posting belongs to one source, and each run "
        "closes the source's postings the feed no longer lists.",
    )
    company = models.CharField(
        max_length=120,
        blank=True,
        help_text="The employer, for boards that do not name it (Lever, Ashby, some "
        "Greenhouse boards).",
    )
    enabled = models.BooleanField(default=True)
    every_minutes = models.PositiveIntegerField(
        default=60, help_text="How often it runs, in minutes (at most as often as sync_feeds)."
    )
    last_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_result = models.CharField(max_length=300, blank=True, editable=False)
    # Set while a run is under way, so that two sync_feeds never run one feed at once.
    running_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(every_minutes__gte=5), name="jobs_feed_every_five_minutes_or_more"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="jobs_feed_has_a_source"),
        ]

    def __str__(self):
        return self.name

    def is_due(self, now):
        if not self.enabled:
            return False
        return self.last_run_at is None or self.last_run_at + timedelta(
            minutes=self.every_minutes
        ) <= now + timedelta(seconds=30)

    def clean(self):
        from .importing.locations import location_problem

        errors = {}
        self.source = self.source.strip()
        if self.source == SAMPLE_SOURCE:
            errors["source"] = f"“{SAMPLE_SOURCE}” names the shipped sample postings."
        if problem := location_problem(self.location):
            errors["location"] = problem
        if errors:
            raise ValidationError(errors)


class FeedRun(models.Model):
    """One run of a feed: what it loaded, or why it loaded nothing."""

    class Result(models.TextChoices):
        LOADED = "loaded", "Loaded"
        REJECTED = "rejected", "Rejected: bad records, nothing changed"
        FAILED = "failed", "Failed: nothing changed"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=Result)
    jobs = models.PositiveIntegerField(default=0, help_text="Records the feed listed.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    unlisted = models.PositiveIntegerField(default=0, help_text="Marked unlisted: skipped.")
    needs_role = models.PositiveIntegerField(default=0)
    folded = models.PositiveIntegerField(
        default=0, help_text="Postings now counted once with another feed's posting."
    )
    rejected = models.PositiveIntegerField(default=0, help_text="Bad records.")
    message = models.CharField(max_length=500, blank=True)
    problems = models.TextField(blank=True, help_text="Each bad record and why.")

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.feed} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self):
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
