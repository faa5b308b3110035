"""The classifier's accuracy on labelled titles we wrote, with the shipped guides' titles and
other titles: `manage.py classification_report` prints the table (run pytest with -s to
see it here)."""

from io import StringIO

import pytest
from django.core.management import call_command

from jobs.classify import Classifier
from jobs.classify.report import HELD_OUT, evaluate, labelled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_data")]


def report_text(*args):
    out = StringIO()
    call_command("classification_report", *args, stdout=out)
    return out.getvalue()


def test_the_labelled_titles_classify_as_labelled():
    text = report_text("--misses")
    print("\n" + text)
    report = evaluate(Classifier.from_database(), labelled())
    assert report.total >= 300
    assert report.role_accuracy >= 0.98
    assert report.level_accuracy >= 0.98
    assert f"Labelled titles: {report.total}" in text


def test_titles_written_after_the_rules_classify_nearly_as_well():
    print("\n" + report_text("--held-out", "--misses"))
    report = evaluate(Classifier.from_database(), labelled(HELD_OUT))
    assert report.total >= 100
    assert report.role_accuracy >= 0.95
    assert report.level_accuracy >= 0.95


def test_the_shipped_postings_titles_classify_as_their_generator_labelled_them():
    text = report_text("--shipped-postings")
    print("\n" + text)
    assert "Labelled titles: 4015" in text
    role_line = next(line for line in text.splitlines() if line.startswith("Role right"))
    assert float(role_line.split("(")[1].rstrip("%)")) >= 98.0
