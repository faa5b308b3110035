"""
Eight-word runs of the seed page (PRODUCT.md: its sentences do not carry over), kept as
hashes in tests/data/seed_runs.txt so that the check runs anywhere without the repository
holding another site's prose.

Rewrite the file after the seed changes:
    python -m tests.seed_runs /work/shared/seeds/ml-engineer-career-guide.txt
"""

import hashlib
import re
import sys
from pathlib import Path

RUN = 8
HASHES = Path(__file__).resolve().parent / "data" / "seed_runs.txt"
_WORDS = re.compile(r"[a-z0-9']+")


def runs(text):
    """Every run of eight consecutive words, lowercased, punctuation dropped."""
    words = _WORDS.findall(text.lower().replace("\u2019", "'"))
    return {" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def digest(run):
    return hashlib.sha256(run.encode()).hexdigest()[:16]


def seed_digests():
    return set(HASHES.read_text().split())


def shared_runs(text):
    """The runs of `text` that the seed page has too."""
    known = seed_digests()
    return sorted(run for run in runs(text) if digest(run) in known)


if __name__ == "__main__":
    seed = Path(sys.argv[1]).read_text()
    HASHES.write_text("".join(f"{value}\n" for value in sorted({digest(r) for r in runs(seed)})))
    print(f"{HASHES}: {len(runs(seed))} runs")
