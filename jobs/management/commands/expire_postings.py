"""Close open postings whose expiry date has passed. Safe to run as often as you like."""

from django.core.management.base import BaseCommand

from jobs.services import close_expired_postings


class Command(BaseCommand):
    help = "Close open postings past their expiry date and report how many."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the postings, change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        count = close_expired_postings(dry_run=dry_run)
        noun = "posting" if count == 1 else "postings"
        if dry_run:
            message = f"Dry run: {count} open {noun} past expiry would be closed."
        else:
            message = f"Closed {count} {noun} past expiry."
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(message))
