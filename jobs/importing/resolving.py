"""
Names to records: the companies, places and technologies a file names, matched to the
existing records through `jobs.spellings`, and the missing ones planned and created in
bulk when the write pass first needs them.
"""

from .. import spellings
from ..models import Location, Technology
from .problems import shown


class Registry:
    """The records of one model by key, and those a file needs that do not exist yet."""

    def __init__(self, model, key):
        self.model, self.key = model, key
        self.ids, self.slugs, self.new = {}, set(), {}
        for pk, name, slug in model.objects.values_list("pk", "name", "slug"):
            self.slugs.add(slug)
            for record_key in (key(name), key(slug)):
                self.ids.setdefault(record_key, pk)
        self.created = 0

    def resolve(self, text):
        """The key of the record `text` names, planning a new record when there is none."""
        record_key = self.key(text)
        if not record_key:
            raise ValueError(f"{shown(text)} has no letters or digits")
        canonical = (
            spellings.TECHNOLOGY_BY_KEY.get(record_key) if self.model is Technology else None
        )
        if canonical:
            slug, name = canonical
            for candidate in (self.key(slug), self.key(name), record_key):
                if candidate in self.ids or candidate in self.new:
                    return candidate
            return self.plan(self.key(slug), name=name, slug=slug)
        if record_key in self.ids or record_key in self.new:
            return record_key
        return self.plan(record_key, name=" ".join(text.split()))

    def plan(self, record_key, *, slug=None, **fields):
        if slug is None or slug in self.slugs:
            slug = spellings.new_slug(fields["name"], self.slugs.__contains__)
        self.slugs.add(slug)
        self.new[record_key] = {"slug": slug, **fields}
        return record_key

    def remember(self, record):
        """Note what later rows need to know about a record just created."""

    def offer_website(self, record_key, website):
        if record_key in self.new:
            self.new[record_key].setdefault("website", website)

    def pks(self, keys):
        """Primary keys of the records `keys` name, creating the planned ones first."""
        missing = [record_key for record_key in keys if record_key not in self.ids]
        if missing:
            records = [self.model(**self.new[record_key]) for record_key in dict.fromkeys(missing)]
            self.model.objects.bulk_create(records)
            for record_key, record in zip(dict.fromkeys(missing), records, strict=True):
                self.ids[record_key] = record.pk
                self.remember(record)
            self.created += len(records)
        return [self.ids[record_key] for record_key in keys]


class PlaceRegistry(Registry):
    """Places: a name, then optional qualifiers saying where it is ("Austin, TX, USA")."""

    def __init__(self):
        super().__init__(Location, spellings.key)
        self.where_is = {
            pk: (country, region)
            for pk, country, region in Location.objects.values_list("pk", "country_code", "region")
        }
        # Country code -> key of that country's record, for "DE", "Deutschland", "Germany".
        self.countries = {
            country: spellings.key(name)
            for country, name in Location.objects.filter(kind=Location.Kind.COUNTRY)
            .order_by("-pk")
            .values_list("country_code", "name")
        }

    def resolve(self, text):
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if not parts or not spellings.key(parts[0]):  # "," or "!!, US"
            raise ValueError(f"{shown(text)} has no letters or digits")
        whole, first, qualifiers = spellings.key(text), spellings.key(parts[0]), parts[1:]
        alias = spellings.PLACE_BY_KEY.get(whole) or spellings.PLACE_BY_KEY.get(first)
        if alias and self._fits(alias[4], alias[3], qualifiers):
            slug, name, kind, region, country = alias
            for candidate in (spellings.key(slug), spellings.key(name)):
                if candidate in self.new or self._known_fits(candidate, qualifiers):
                    return candidate
            if kind == Location.Kind.COUNTRY and country in self.countries:
                return self.countries[country]
            return self.plan(
                spellings.key(slug), slug=slug, name=name, kind=kind, region=region,
                country_code=country,
            )  # fmt: skip
        if whole in self.new or self._known_fits(whole, []):
            return whole
        if self._known_fits(first, qualifiers):
            return first
        if not qualifiers and (code := self._country_code(parts[0])):
            if code in self.countries:
                return self.countries[code]
            name = spellings.COUNTRIES.get(code, parts[0])
            return self.plan(
                f"country:{code}", name=name, kind=Location.Kind.COUNTRY, country_code=code
            )
        country, region = spellings.where(qualifiers)
        if not country:
            raise ValueError(
                f"{shown(text)} is a new place: add its country, e.g. '{parts[0]}, US'"
            )
        record_key = first if first not in self.ids else f"{first}:{country.lower()}"
        if record_key in self.new:
            return record_key
        return self.plan(
            record_key, name=" ".join(parts[0].split()), kind=Location.Kind.CITY,
            region=region, country_code=country,
        )  # fmt: skip

    def remember(self, place):
        self.where_is[place.pk] = (place.country_code, place.region)

    def _known_fits(self, record_key, qualifiers):
        pk = self.ids.get(record_key)
        return pk is not None and self._fits(*self.where_is[pk], qualifiers)

    def _fits(self, country, region, qualifiers):
        """Whether "…, qualifiers" can be the place in `country`/`region`: any qualifier
        naming them agrees; only one that names somewhere else disagrees."""
        if not qualifiers:
            return True
        names = {
            spellings.key(country),
            spellings.key(region),
            spellings.key(spellings.COUNTRIES.get(country, "")),
        } - {""}
        for part in qualifiers:
            part_key = spellings.key(part)
            if part_key in names or spellings.COUNTRY_BY_KEY.get(part_key) == country:
                return True
            for table in (spellings.STATE_BY_KEY, spellings.PROVINCE_BY_KEY):
                if table.get(part_key) == (country, region):
                    return True
        implied, _ = spellings.where(qualifiers)
        return not implied or implied == country

    def _country_code(self, text):
        text_key = spellings.key(text)
        if text_key in spellings.COUNTRY_BY_KEY:
            return spellings.COUNTRY_BY_KEY[text_key]
        return text.upper() if text.upper() in spellings.COUNTRIES else None
