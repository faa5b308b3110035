#!/usr/bin/env python
"""
Fill a database with a large synthetic data set for benchmarks (see bench/synthetic.py):

    python bench/generate.py --postings 1000000 [--roles 50] [--seed 2026]

Uses COPY on PostgreSQL. Never run it against a production database.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--roles", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quiet", action="store_true", help="No progress bar, no summary.")
    options = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    import django

    django.setup()
    from tqdm import tqdm

    from bench import synthetic

    if options.postings < 1:
        parser.error("--postings must be at least 1.")
    if not 1 <= options.roles <= len(synthetic.ROLE_TITLES):
        parser.error(f"--roles must be between 1 and {len(synthetic.ROLE_TITLES)}.")
    started = time.perf_counter()
    with tqdm(total=options.postings, unit="posting", disable=options.quiet) as bar:
        synthetic.generate(
            postings=options.postings, roles=options.roles, seed=options.seed, progress=bar.update
        )
    if not options.quiet:
        seconds = time.perf_counter() - started
        print(f"Added {options.postings:,} postings over {options.roles} roles in {seconds:.1f} s.")


if __name__ == "__main__":
    main()
