"""
Load the shipped guides and postings into an empty database, fast:
`manage.py load_fixtures [FILE ...]` (default: fixtures/roles.json, fixtures/jobs.json).

It reads the same Django-serialized JSON as `loaddata`, resolves every natural key in
memory and writes each model with a few bulk inserts, in one transaction: a bad file,
a missing reference or a rejected row loads nothing. Bulk inserts send no signals, so the
cached statistics are made stale here, and the guides' search documents are built here;
the tally triggers count the inserted postings.

Into an empty database only. Where any of the files' models already has rows (guides an
editor may have changed, postings), it loads nothing and says so. `--replace` starts over
(`make reset`): it deletes those records first, in the same transaction. `loaddata`
updates existing records from the same files by their natural keys.
"""

import json
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from careerguide.cache import invalidate_after_write
from roles.models import SearchDocument

DEFAULT_FILES = [settings.BASE_DIR / "fixtures" / name for name in ("roles.json", "jobs.json")]
BATCH = 1000


class FixtureError(Exception):
    """A problem with the files, described in one line."""


def read(path):
    """The objects a fixture file holds, checked for shape."""
    try:
        objects = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise FixtureError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise FixtureError(
            f"{path}: line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(objects, list):
        raise FixtureError(f"{path}: expected a JSON list of objects")
    for number, item in enumerate(objects, start=1):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("model"), str)
            and isinstance(item.get("fields"), dict)
        ):
            raise FixtureError(f'{path}: object {number}: needs a "model" and its "fields"')
    return objects


class Records:
    """Model instances built from fixture objects, with their references resolved."""

    def __init__(self):
        self.instances = defaultdict(list)  # model -> instances, in file order
        self.links = defaultdict(list)  # auto-created through model -> link instances
        self.by_key = {}  # (model, "pk", pk) or (model, "natural", natural key) -> instance
        self.next_pk = defaultdict(lambda: 1)
        # Links are resolved once every file is read: a guide's skills name technologies
        # that the postings' file brings.
        self.unlinked = []  # (where, field, instance, values)

    def add(self, path, objects):
        for number, item in enumerate(objects, start=1):
            where = f"{path}: object {number} ({item['model']})"
            try:
                self._add(item, where)
            except FixtureError as error:
                raise FixtureError(f"{where}: {error}") from None

    def link(self):
        """Resolve the many-to-many links of every object read."""
        for where, field, instance, values in self.unlinked:
            through = field.remote_field.through
            source = field.m2m_field_name() + "_id"
            target = field.m2m_reverse_field_name() + "_id"
            for value in values:
                try:
                    other = self._target(field, value)
                except FixtureError as error:
                    raise FixtureError(f"{where}: {error}") from None
                self.links[through].append(through(**{source: instance.pk, target: other.pk}))

    def _add(self, item, where):
        try:
            model = apps.get_model(item["model"])
        except (LookupError, ValueError):
            raise FixtureError("no such model") from None
        opts = model._meta
        if opts.parents or opts.proxy:
            raise FixtureError("inherited and proxy models need loaddata")
        instance = model()
        relations, many = {}, {}
        for name, value in item["fields"].items():
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:
                raise FixtureError(f"no field {name!r}") from None
            if field.many_to_many:
                many[field] = value
            elif field.is_relation:
                relations[field] = value
            else:
                setattr(instance, field.attname, self._value(field, value))
        if "pk" in item:
            instance.pk = self._value(opts.pk, item["pk"])
        elif isinstance(opts.pk, AutoFieldMixin):
            # Ids chosen here, not by the database, so that links need no read-back.
            instance.pk = self.next_pk[model]
        if isinstance(opts.pk, AutoFieldMixin):
            self.next_pk[model] = max(self.next_pk[model], instance.pk + 1)
        for field, value in relations.items():
            setattr(instance, field.name, None if value is None else self._target(field, value))
        keys = [(model, "pk", instance.pk)]
        if hasattr(instance, "natural_key"):
            try:
                keys.append((model, "natural", tuple(instance.natural_key())))
            except (AttributeError, ObjectDoesNotExist) as error:
                raise FixtureError(f"no natural key: {error}") from None
        for key in keys:
            if key in self.by_key:
                raise FixtureError(f"{key[2]} appears twice")
            self.by_key[key] = instance
        for field, values in many.items():
            if not isinstance(values, list):
                raise FixtureError(f"{field.name}: expected a list")
            through = field.remote_field.through
            if not through._meta.auto_created:
                raise FixtureError(f"{field.name}: links through {through.__name__} need loaddata")
            self.unlinked.append((where, field, instance, values))
        self.instances[model].append(instance)

    @staticmethod
    def _value(field, value):
        try:
            return field.to_python(value)
        except ValidationError as error:
            raise FixtureError(f"{field.name}: {' '.join(error.messages)}") from None

    def _target(self, field, value):
        """The instance a foreign key or link names, by natural key or by pk."""
        model = field.related_model
        natural = isinstance(value, list)
        key = (model, "natural", tuple(value)) if natural else (model, "pk", value)
        try:
            if key in self.by_key:
                return self.by_key[key]
        except TypeError:  # unhashable: a list or object where a key belongs
            raise FixtureError(f"{field.name}: {value!r} is not a key") from None
        try:  # a record already in the database, outside the files' models
            manager = model._default_manager
            if natural:
                return manager.get_by_natural_key(*value)
            return manager.get(pk=value)
        except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):
            raise FixtureError(f"{field.name} {value!r} is not in the files") from None

    def existing(self):
        """How many rows the files' models hold already, where any: {verbose name: count}."""
        counts = {}
        for model in self.instances:
            count = model._default_manager.count()
            if count:
                counts[str(model._meta.verbose_name_plural)] = count
        return counts

    def clear(self):
        """Delete every record of the files' models, last file's first: postings go before
        the guides they protect; guide parts and links go with their records."""
        for model in reversed(list(self.instances)):
            model._default_manager.all().delete()

    def write(self):
        for model, instances in self.instances.items():
            with _timestamps_as_given(model, instances):
                model._default_manager.bulk_create(instances, batch_size=BATCH)
        for through, links in self.links.items():
            through._default_manager.bulk_create(links, batch_size=BATCH * 5)
        # The ids came from here: move each table's id sequence past them (PostgreSQL).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.instances)):
                cursor.execute(statement)

    def summary(self):
        return ", ".join(
            f"{len(instances):,} {model._meta.verbose_name_plural if len(instances) != 1 else model._meta.verbose_name}"  # noqa: E501
            for model, instances in self.instances.items()
        )


@contextmanager
def _timestamps_as_given(model, instances):
    """Keep the files' created/updated times: bulk_create would stamp auto_now fields now."""
    stamped = [
        field
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    now = timezone.now()
    for field in stamped:
        for instance in instances:
            if getattr(instance, field.attname) is None:
                setattr(instance, field.attname, now)
    saved = [(field, field.auto_now, field.auto_now_add) for field in stamped]
    try:
        for field in stamped:
            field.auto_now = field.auto_now_add = False
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Command(BaseCommand):
    help = (
        "Load the shipped guides and postings (or the given fixture files) into an empty "
        "database in one fast transaction. Loads nothing where records exist already, "
        "unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="Fixture files, in order (default: the shipped two)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Start over: delete every record of the files' models (guides, postings, "
                "companies, places, technologies: editors' changes and imports too), then "
                "load, in one transaction. Users and editors stay."
            ),
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="With --replace: do not ask before deleting.",
        )

    def handle(self, *args, files=(), replace=False, interactive=True, verbosity=1, **options):
        started = time.perf_counter()
        paths = [Path(name) for name in files] or DEFAULT_FILES
        records = Records()
        try:
            for path in paths:
                records.add(path, read(path))
            records.link()
            with transaction.atomic():
                if existing := records.existing():
                    held = [f"{count:,} {name}" for name, count in existing.items()]
                    # The files' first and last models (guides, postings) name the rest.
                    if len(held) > 2:
                        held = [f"{held[0]}, {held[-1]}", "more"]
                    held = " and ".join(held)
                    if not replace:
                        if verbosity >= 1:
                            self.stdout.write(
                                f"Nothing loaded: the database already has {held}. "
                                "`make reset` starts over; `manage.py loaddata` updates "
                                "records from the files."
                            )
                        return
                    if (
                        interactive
                        and input(f"This deletes {held} before loading. Type 'yes' to go on: ")
                        != "yes"
                    ):
                        raise CommandError("Nothing deleted, nothing loaded.")
                    records.clear()
                records.write()
                # Derived from the guides, and bulk inserts build nothing by themselves.
                SearchDocument.objects.rebuild()
                # Now, for readers in this transaction, and after commit for every process.
                invalidate_after_write()
        except FixtureError as error:
            raise CommandError(f"{error}; nothing loaded.") from None
        except (ProtectedError, RestrictedError) as error:
            held = sorted(
                {type(item)._meta.verbose_name_plural for item in error.protected_objects}
            )
            raise CommandError(
                f"Nothing deleted, nothing loaded: {', '.join(held)} still refer to the records."
            ) from None
        except DatabaseError as error:
            reason = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            raise CommandError(
                f"The database refused the fixtures, nothing loaded: {reason}"
            ) from None
        if verbosity >= 1:
            seconds = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {records.summary()} from {len(paths)} files in {seconds:.1f} s."
                )
            )
