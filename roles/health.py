"""
What in the guides and postings needs an editor's attention (the admin's data-health page).

Selectors in the style of `jobs/statistics.py`: plain functions, no side effects, each a
fixed number of queries however many postings and guides exist.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from django.db.models import Exists, OuterRef

from jobs import spellings, tallies
from jobs.models import Company, Location, Technology
from jobs.statistics import TOP_LIMIT, with_open_counts

from .models import (
    FAQ,
    CareerStage,
    Credential,
    OtherTitle,
    RelatedRole,
    Responsibility,
    Role,
    Skill,
    Source,
    Specialization,
)

TEXTS = [
    ("overview", "Overview"),
    ("how_to_become", "How to become one"),
    ("career_path_intro", "Career path introduction"),
    ("work_environment", "Work environment"),
    ("salary_note", "Salary note"),
]
PARTS = [
    ("responsibilities", "Responsibilities", Responsibility.objects.all()),
    ("technical_skills", "Technical skills", Skill.objects.filter(kind=Skill.Kind.TECHNICAL)),
    ("soft_skills", "Soft skills", Skill.objects.filter(kind=Skill.Kind.SOFT)),
    *(
        (f"stage_{level.value}", f"Career stage: {level.label.lower()}", stages)
        for level in CareerStage.Level
        for stages in [CareerStage.objects.filter(level=level)]
    ),
    ("credentials", "Credentials", Credential.objects.all()),
    ("specializations", "Specializations", Specialization.objects.all()),
    ("other_titles", "Other titles", OtherTitle.objects.all()),
    ("faqs", "FAQs", FAQ.objects.all()),
    ("related_roles", "Related roles", RelatedRole.objects.all()),
    ("sources", "Sources", Source.objects.all()),
]

# Records postings group by, which editors can merge when one name has several spellings,
# with the key the importer folds their names by.
SPELLING_MODELS = {"technologies": Technology, "locations": Location, "companies": Company}
SPELLING_KEYS = {Technology: spellings.key, Location: spellings.key, Company: spellings.company_key}


@dataclass(frozen=True)
class GuideGaps:
    role: Role
    missing: list[str]


@dataclass(frozen=True)
class UsedTechnology:
    pk: int
    name: str
    count: int
    # The technical skill whose name or text already names it, if one does: the skill
    # to link it to.
    mentioned_by: str = ""


@dataclass(frozen=True)
class UnlinkedTechnologies:
    role: Role
    technologies: list[UsedTechnology]


@dataclass(frozen=True)
class DataHealth:
    incomplete_guides: list[GuideGaps]
    published_without_openings: list[Role]
    unlinked_technologies: list[UnlinkedTechnologies]
    duplicate_spellings: dict[str, list[list]]

    @property
    def problem_count(self):
        return (
            len(self.incomplete_guides)
            + len(self.published_without_openings)
            + sum(len(entry.technologies) for entry in self.unlinked_technologies)
            + sum(len(groups) for groups in self.duplicate_spellings.values())
        )


def data_health():
    roles = roles_with_parts()
    return DataHealth(
        incomplete_guides=incomplete_guides(roles),
        published_without_openings=[
            role for role in roles if role.is_published and not role.open_count
        ],
        unlinked_technologies=technologies_no_skill_links_to(roles),
        duplicate_spellings={
            kind: duplicate_spellings(model) for kind, model in SPELLING_MODELS.items()
        },
    )


def roles_with_parts(roles=None):
    """Roles with their open count and, per part of a guide, whether they have one (1 query)."""
    flags = {
        f"has_{key}": Exists(items.filter(role=OuterRef("pk")).order_by())
        for key, _label, items in PARTS
    }
    roles = Role.objects.all() if roles is None else roles
    return list(with_open_counts(roles.annotate(**flags)).order_by("title"))


def incomplete_guides(roles):
    """Roles missing a text or a part readers expect, with the names of what is missing."""
    gaps = []
    for role in roles:
        missing = [label for name, label in TEXTS if not getattr(role, name).strip()]
        missing += [label for key, label, _items in PARTS if not getattr(role, f"has_{key}")]
        if missing:
            gaps.append(GuideGaps(role, missing))
    return gaps


def technologies_no_skill_links_to(roles, limit=TOP_LIMIT):
    """Per role, its top technologies (by open postings) that no technical skill of its
    guide links to: the guide's "also asked for" list, whose postings no skill's demand
    counts. Each says which skill already names it, if one does."""
    top = top_technologies_by_role(limit)
    skills = defaultdict(list)
    technical = Skill.objects.filter(kind=Skill.Kind.TECHNICAL)
    for role_id, name, text in technical.values_list("role_id", "name", "text"):
        skills[role_id].append((name, text))
    linked = defaultdict(set)
    links = Skill.technologies.through.objects.filter(skill__kind=Skill.Kind.TECHNICAL)
    for role_id, technology_id in links.values_list("skill__role_id", "technology_id"):
        linked[role_id].add(technology_id)
    entries = []
    for role in roles:
        unlinked = [
            replace(used, mentioned_by=_naming_skill(skills[role.pk], used.name))
            for used in top.get(role.pk, [])
            if used.pk not in linked[role.pk]
        ]
        if unlinked:
            entries.append(UnlinkedTechnologies(role, unlinked))
    return entries


def _naming_skill(skills, technology):
    """The first of (name, text) `skills` that names `technology`, or ''."""
    return next((name for name, text in skills if mentions(f"{name}\n{text}", technology)), "")


def top_technologies_by_role(limit=TOP_LIMIT):
    """Every role's top technologies, ranked as `statistics.top_technologies` ranks them for
    the guide page, in three queries for all roles together instead of one per role."""
    counts = tallies.counted_by_role(tallies.Dimension.TECHNOLOGY)
    names = dict(
        Technology.objects.filter(pk__in={int(key) for _, key in counts}).values_list("pk", "name")
    )
    ranked = defaultdict(list)
    for (role_id, key), count in counts.items():
        if int(key) in names:
            ranked[role_id].append(UsedTechnology(int(key), names[int(key)], count))
    return {
        role_id: sorted(used, key=lambda t: (-t.count, t.name))[:limit]
        for role_id, used in ranked.items()
    }


def mentions(text, name):
    """Whether `text` names `name` as a word ("LLMs" also as "LLM"); "R" or "Go" must match
    case exactly."""
    flags = re.IGNORECASE if len(name) > 2 else 0
    forms = [name, name[:-1]] if len(name) > 3 and name.endswith("s") else [name]
    pattern = "|".join(re.escape(form) for form in forms)
    return re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text, flags) is not None


def duplicate_spellings(model):
    """Groups of records of `model` whose names the importer would fold into one
    (`jobs.spellings`), which it can only have met as separate records (1 query).

    Places must also share region and country: Portland, Oregon is not Portland, Maine.
    """
    same_place = ["region", "country_code"] if model is Location else []
    spelling_key = SPELLING_KEYS[model]
    groups = defaultdict(list)
    for record in model.objects.only("pk", "name", *same_place).order_by("name", "pk"):
        key = (spelling_key(record.name), *(getattr(record, f).casefold() for f in same_place))
        groups[key].append(record)
    return [group for group in groups.values() if len(group) > 1]
