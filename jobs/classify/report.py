"""
How well the classifier reads titles: a labelled set (title, role slug or empty for "none
of our roles", level) against what `Classifier.role` and `Classifier.seniority` decide.
`manage.py classification_report` prints it; tests/jobs/test_classification_report.py
holds it to a floor.
"""

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LABELLED = Path(settings.BASE_DIR) / "fixtures" / "classification" / "titles.csv"
# Written after the classifier's rules, and never used to tune them.
HELD_OUT = Path(settings.BASE_DIR) / "fixtures" / "classification" / "held_out.csv"
SHIPPED_POSTINGS = Path(settings.BASE_DIR) / "fixtures" / "jobs.json"
NO_ROLE = "(none)"


@dataclass
class Report:
    total: int = 0
    role_right: int = 0
    level_right: int = 0
    both_right: int = 0
    by_role: Counter = field(default_factory=Counter)  # label -> titles
    role_hits: Counter = field(default_factory=Counter)  # label -> right
    predicted: Counter = field(default_factory=Counter)  # prediction -> titles
    by_level: Counter = field(default_factory=Counter)
    level_hits: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)

    @property
    def role_accuracy(self):
        return self.role_right / self.total if self.total else 0.0

    @property
    def level_accuracy(self):
        return self.level_right / self.total if self.total else 0.0

    @property
    def both_accuracy(self):
        return self.both_right / self.total if self.total else 0.0


def labelled(path=LABELLED):
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield row["title"], row["role"].strip() or None, row["level"].strip()


def shipped_postings(path=SHIPPED_POSTINGS):
    """(title, role, level) of the shipped sample postings: labelled by the generator."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip().rstrip(",")
            if '"jobs.jobposting"' in line:
                fields = json.loads(line)["fields"]
                yield fields["title"], fields["role"][0], fields["seniority"]


def evaluate(classifier, rows):
    report = Report()
    for title, role, level in rows:
        decided_role = classifier.role(title)["value"]
        decided_level = classifier.seniority(title, "")["value"]
        label = role or NO_ROLE
        report.total += 1
        report.by_role[label] += 1
        report.by_level[level] += 1
        report.predicted[decided_role or NO_ROLE] += 1
        role_ok, level_ok = decided_role == role, decided_level == level
        report.role_right += role_ok
        report.level_right += level_ok
        report.both_right += role_ok and level_ok
        report.role_hits[label] += role_ok
        report.level_hits[level] += level_ok
        if not (role_ok and level_ok):
            report.misses.append((title, role, level, decided_role, decided_level))
    return report


def lines(report, *, misses=True):
    """The report as text: totals, then per role (precision and recall), per level."""
    out = [
        f"Labelled titles: {report.total}",
        f"Role right:  {report.role_right}/{report.total} ({report.role_accuracy:.1%})",
        f"Level right: {report.level_right}/{report.total} ({report.level_accuracy:.1%})",
        f"Both right:  {report.both_right}/{report.total} ({report.both_accuracy:.1%})",
        "",
        f"{'role':<28} {'titles':>6} {'right':>6} {'recall':>7} {'precision':>9}",
    ]
    for label in sorted(report.by_role):
        hits, count, said = report.role_hits[label], report.by_role[label], report.predicted[label]
        precision = f"{hits / said:.0%}" if said else "-"
        out.append(f"{label:<28} {count:>6} {hits:>6} {hits / count:>7.0%} {precision:>9}")
    out += ["", f"{'level':<28} {'titles':>6} {'right':>6} {'recall':>7}"]
    order = ["intern", "entry", "mid", "senior", "staff", "principal", "manager", "director"]
    for level in sorted(report.by_level, key=order.index):
        hits, count = report.level_hits[level], report.by_level[level]
        out.append(f"{level:<28} {count:>6} {hits:>6} {hits / count:>7.0%}")
    if misses and report.misses:
        out += ["", "Misses (title: labelled -> decided):"]
        for title, role, level, got_role, got_level in report.misses:
            out.append(f"  {title}: {role or NO_ROLE}/{level} -> {got_role or NO_ROLE}/{got_level}")
    return out
