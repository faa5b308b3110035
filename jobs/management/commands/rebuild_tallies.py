"""Recount the posting tallies behind the guides' statistics."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from careerguide.cache import invalidate_after_write
from jobs import tallies


class Command(BaseCommand):
    help = (
        "Recount open postings per role, level, technology and place from the postings. "
        "Triggers keep these exact; use this after loading data with triggers off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Report differences, change nothing; exit 1 if any.",
        )

    def handle(self, *, check, verbosity, **options):
        with transaction.atomic():
            wrong = tallies.rebuild()
            if check:
                transaction.set_rollback(True)
            else:
                invalidate_after_write()
        for (role, dimension, key), (was, now) in sorted(wrong.items()):
            self.stdout.write(f"role {role} {dimension} {key or '-'}: {was} → {now}")
        if check and wrong:
            raise CommandError(f"{len(wrong)} tallies differ from the postings.")
        if verbosity >= 1:
            verb = "differ" if check else "corrected"
            self.stdout.write(self.style.SUCCESS(f"Tallies checked: {len(wrong)} {verb}."))
