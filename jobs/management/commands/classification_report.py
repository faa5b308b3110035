"""How well titles classify: `manage.py classification_report [FILE.csv] [--misses]`."""

from django.core.management.base import BaseCommand, CommandError

from jobs.classify import Classifier
from jobs.classify.report import HELD_OUT, LABELLED, evaluate, labelled, lines, shipped_postings


class Command(BaseCommand):
    help = (
        "Classify a labelled set of job titles (CSV: title, role, level; the shipped one by "
        "default) with the guides, other titles and title rules in the database, and print "
        "the share of roles and levels decided right."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(LABELLED), help="A labelled CSV.")
        parser.add_argument("--misses", action="store_true", help="List every miss too.")
        parser.add_argument(
            "--held-out",
            action="store_true",
            help=f"Classify the titles written after the rules ({HELD_OUT.name}) instead.",
        )
        parser.add_argument(
            "--shipped-postings",
            action="store_true",
            help="Classify the shipped sample postings' titles (labelled by their generator).",
        )

    def handle(self, *args, **options):
        try:
            if options["shipped_postings"]:
                rows = list(shipped_postings())
            else:
                rows = list(labelled(HELD_OUT if options["held_out"] else options["file"]))
        except (OSError, KeyError) as error:
            raise CommandError(f"{options['file']}: cannot read it ({error}).") from None
        report = evaluate(Classifier.from_database(), rows)
        self.stdout.write("\n".join(lines(report, misses=options["misses"])))
