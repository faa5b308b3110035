"""
Checking a job board's records: what the board leaves out is classified first
(`jobs.classify`: role, level, technologies, pay when the board gives none, workplace),
then the record is checked as our own format's rows are. Each decision goes onto the
posting (`JobPosting.classification`) with how it was made.

A board's record may come out without a role (it waits in the admin's "Needs a role"
list), and a place we cannot place is left out and noted rather than failing the feed.
"""

from django.utils import timezone

from .. import spellings
from ..classify import Classifier
from ..models import EXPIRY_HORIZON
from .checking import EMPLOYMENT, KeptRows, RowChecker, _moment

# A board's checked rows are kept for writing up to this many characters (about 100 MB).
KEPT_CHARACTERS = 50_000_000

# A board's own words for employment types, as far as they say one of ours.
EMPLOYMENT_WORDS = [
    ("intern", "INTERN"), ("coop", "INTERN"), ("apprentice", "INTERN"),
    ("parttime", "PART_TIME"), ("contract", "CONTRACTOR"), ("freelance", "CONTRACTOR"),
    ("temporary", "TEMPORARY"), ("temp", "TEMPORARY"), ("fixedterm", "TEMPORARY"),
    ("fulltime", "FULL_TIME"), ("permanent", "FULL_TIME"), ("regular", "FULL_TIME"),
]  # fmt: skip


class FeedRowChecker(RowChecker):
    role_required = False
    lenient_places = True

    def __init__(self, *, source, classifier=None):
        super().__init__(source=source)
        self.kept = KeptRows(KEPT_CHARACTERS)
        self.classifier = classifier or Classifier.from_database()

    def check(self, line, record):
        title = record.get("title") if isinstance(record.get("title"), str) else ""
        text = record.pop("text", "") or ""
        notes = []
        role = self.classifier.role(title)
        seniority = self.classifier.seniority(title, text)
        technologies = self.classifier.technologies(title, text)
        pay = self._pay(record, text)
        workplace = self.classifier.workplace(
            given=record.pop("workplace", None),
            given_how=record.pop("workplace_how", ""),
            places_say=record.pop("places_say", None),
            title=title,
            text=text,
        )
        record.update(
            role=role["value"] or "",
            seniority=seniority["value"],
            technologies=technologies["value"],
            workplace=workplace["value"],
            employment_type=self._employment(record.get("employment_type"), notes),
        )
        self._expiry(record, notes)
        row, problems = super().check(line, record)
        if row is None:
            return row, problems
        notes += self.left_out
        row.fields["classification"] = {
            "role": role,
            "seniority": seniority,
            "technologies": technologies,
            "pay": pay,
            "workplace": workplace,
            "notes": notes,
        }
        return row, problems

    def _pay(self, record, text):
        how = record.pop("salary_how", None)
        if record.get("salary_min") is not None or record.get("salary_max") is not None:
            return {
                "value": {
                    "low": record.get("salary_min"),
                    "high": record.get("salary_max"),
                    "currency": record.get("salary_currency"),
                    "period": record.get("salary_period"),
                },
                "how": how or "the feed's own range",
            }
        found = self.classifier.pay(text)
        if found is None:
            return {"value": None, "how": "no range given by the feed or written in the text"}
        value = found["value"]
        record.update(
            salary_min=value["low"],
            salary_max=value["high"],
            salary_currency=value["currency"],
            salary_period=value["period"],
        )
        return found

    def _employment(self, value, notes):
        if not isinstance(value, str) or not value.strip():
            return None
        wanted = spellings.key(value)
        table, _ = EMPLOYMENT
        if wanted in table:
            return table[wanted]
        for word, choice in EMPLOYMENT_WORDS:
            if word in wanted:
                return choice
        notes.append(f"employment type “{value[:60]}” is none of ours: full-time assumed")
        return None

    def _expiry(self, record, notes):
        """A board's expiry that no posting can have (past the two-year horizon, or before
        the posting date) is a placeholder: dropped, and noted."""
        if not record.get("expires_at"):
            return
        try:
            expires = _moment("expires_at", record["expires_at"])
            posted = _moment("posted_at", record.get("posted_at"))
        except ValueError:
            return  # the check names it
        now = timezone.now()
        if expires > now + EXPIRY_HORIZON or (posted and expires <= posted):
            notes.append(f"expiry {expires:%Y-%m-%d} left out: no closing date a posting can have")
            record["expires_at"] = None
