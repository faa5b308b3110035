"""Rebuild the guides' search documents from the guides as they are now."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from careerguide.cache import invalidate_after_write
from roles.models import SearchDocument

TEXTS = ["names", "keywords", "body", "details"]


class Command(BaseCommand):
    help = (
        "Rebuild what guide search reads from every guide, its parts and its skills' "
        "technologies. The admin and load_fixtures keep it current; run this after "
        "`loaddata` or after changing guides outside the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Report guides whose search document is out of date; change nothing; "
            "exit 1 if any.",
        )

    def handle(self, *, check, verbosity, **options):
        with transaction.atomic():
            before = {
                row["role_id"]: row for row in SearchDocument.objects.values(*TEXTS, "role_id")
            }
            count = SearchDocument.objects.rebuild()
            after = SearchDocument.objects.values(*TEXTS, "role_id", "role__slug")
            stale = sorted(
                row["role__slug"]
                for row in after
                if {name: row[name] for name in TEXTS}
                != {name: before.get(row["role_id"], {}).get(name) for name in TEXTS}
            )
            if check:
                transaction.set_rollback(True)
            else:
                invalidate_after_write()
        if check and stale:
            raise CommandError(f"Search documents out of date: {', '.join(stale)}.")
        if verbosity >= 1:
            if check:
                message = f"Search documents of {count} guides checked: all up to date."
            else:
                message = f"Search documents of {count} guides rebuilt; {len(stale)} had changed."
            self.stdout.write(self.style.SUCCESS(message))
