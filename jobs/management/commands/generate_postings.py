"""Fill the database with a large synthetic data set for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jobs import synthetic


class Command(BaseCommand):
    help = (
        "Add synthetic job postings (default 100,000 over 50 roles) for benchmarks. "
        "Uses COPY on PostgreSQL. Never run it against a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--postings", type=int, default=100_000)
        parser.add_argument("--roles", type=int, default=50)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *, postings, roles, seed, verbosity, **options):
        if postings < 1:
            raise CommandError("--postings must be at least 1.")
        if not 1 <= roles <= len(synthetic.ROLE_TITLES):
            raise CommandError(f"--roles must be between 1 and {len(synthetic.ROLE_TITLES)}.")
        started = time.perf_counter()
        with tqdm(total=postings, unit="posting", disable=verbosity < 1, file=self.stderr) as bar:
            synthetic.generate(postings=postings, roles=roles, seed=seed, progress=bar.update)
        seconds = time.perf_counter() - started
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {postings:,} postings over {roles} roles in {seconds:.1f} s."
                )
            )
