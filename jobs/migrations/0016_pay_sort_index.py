"""
Open postings with pay, by currency and highest pay first: a list sorted by pay, or with a
pay minimum, reads its first page along this index instead of sorting every posting that
quotes pay (0.5 s at a million postings).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0015_insight_tallies"),
        ("roles", "0004_editors_edit_new_guide_parts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(
                condition=models.Q(("pay_yearly__isnull", False), ("status", "open")),
                fields=["salary_currency", "-pay_yearly", "-posted_at", "-id"],
                name="jobs_posting_open_pay_idx",
            ),
        ),
    ]
