"""
One record for every spelling of a technology, place or company.

A name's *key* keeps only its letters and digits, lowercased and without accents, after
spelling out the few symbols that carry meaning ("C++" is "cplusplus", "C#" is "csharp",
".NET" is "dotnet"). Spellings with one key are one record: "PyTorch", "pytorch",
"Py Torch" and "py-torch" are all "pytorch"; "Zürich" and "zurich" are one city.

Keys cannot see that "k8s" is Kubernetes or "NYC" is New York: the alias tables below
do. Add a line to them when a feed invents a new spelling. Places may carry qualifiers
after commas ("New York, NY", "Austin, Texas, USA"): the first part names the place, the
rest say where it is (a US state or Canadian province, a country name or ISO code).
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.text import slugify


@lru_cache(maxsize=1 << 16)  # Feeds repeat a few thousand spellings over and over.
def key(text):
    """The letters and digits that identify a name, whatever its spelling."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = text.replace("++", " plusplus ").replace("+", " plus ").replace("#", " sharp ")
    text = re.sub(r"(?:^|(?<=\s))\.(?=\w)", "dot", text)
    return "".join(char for char in text if char.isalnum())


@lru_cache(maxsize=1 << 16)
def company_key(name):
    """A company's key, without legal-form words: "Acme, Inc." and "ACME" are one."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKD", name).lower())
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return key(" ".join(words))


def new_slug(name, taken):
    """A slug for a new record that no existing record (`taken(slug)`) uses yet."""
    base = (slugify(name) or "x")[:110]
    slug, number = base, 1
    while taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug


LEGAL_FORMS = {
    "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "plc",
    "gmbh", "ag", "sa", "sas", "bv", "nv", "ab", "oy", "as", "srl", "spa", "pty", "pte",
}  # fmt: skip

# Canonical (slug, name) of a technology -> other spellings whose keys differ from its own.
TECHNOLOGY_ALIASES = {
    ("kubernetes", "Kubernetes"): ["k8s", "kube"],
    ("postgresql", "PostgreSQL"): ["Postgres", "psql", "pgsql"],
    ("go", "Go"): ["Golang"],
    ("cpp", "C++"): ["C++", "cplusplus", "cxx"],
    ("csharp", "C#"): ["C#", "c sharp"],
    ("javascript", "JavaScript"): ["JS", "ECMAScript"],
    ("typescript", "TypeScript"): ["TS"],
    ("aws", "AWS"): ["Amazon Web Services"],
    ("gcp", "Google Cloud"): ["GCP", "Google Cloud Platform"],
    ("azure", "Microsoft Azure"): ["Azure"],
    ("spark", "Apache Spark"): ["Spark"],
    ("kafka", "Apache Kafka"): ["Kafka"],
    ("airflow", "Apache Airflow"): ["Airflow"],
    ("flink", "Apache Flink"): ["Flink"],
    ("iceberg", "Apache Iceberg"): ["Iceberg"],
    ("scikit-learn", "scikit-learn"): ["sklearn", "scikit"],
    ("llms", "LLMs"): ["LLM", "large language models", "large language model"],
    ("nlp", "NLP"): ["natural language processing"],
    ("computer-vision", "Computer Vision"): ["CV"],
    ("hugging-face", "Hugging Face"): ["HuggingFace", "HF Transformers"],
    ("redshift", "Amazon Redshift"): ["Redshift", "AWS Redshift"],
    ("sagemaker", "Amazon SageMaker"): ["SageMaker", "AWS SageMaker"],
    ("sql-server", "SQL Server"): ["MSSQL", "MS SQL", "Microsoft SQL Server"],
    ("oracle", "Oracle Database"): ["Oracle", "Oracle DB"],
    ("power-bi", "Power BI"): ["PowerBI", "Microsoft Power BI"],
    ("mongodb", "MongoDB"): ["Mongo"],
    ("tensorflow", "TensorFlow"): ["TF"],
    ("dotnet", ".NET"): [".NET", "dotnet", ".NET Core"],
    ("nodejs", "Node.js"): ["Node", "NodeJS"],
}

# Canonical (slug, name, kind, region, country) of a place -> other spellings.
PLACE_ALIASES = {
    ("new-york", "New York", "city", "New York", "US"): ["NYC", "New York City", "Manhattan"],
    ("san-francisco", "San Francisco", "city", "California", "US"): [
        "SF", "San Francisco Bay Area", "Bay Area", "SF Bay Area",
    ],
    ("bengaluru", "Bengaluru", "city", "Karnataka", "IN"): ["Bangalore"],
    ("munich", "Munich", "city", "", "DE"): ["München", "Muenchen"],
    ("tel-aviv", "Tel Aviv", "city", "", "IL"): ["Tel Aviv-Yafo", "Tel Aviv-Jaffa", "TLV"],
    ("washington-dc", "Washington, D.C.", "city", "District of Columbia", "US"): [
        "Washington DC", "DC", "Washington D.C.",
    ],
    ("los-angeles", "Los Angeles", "city", "California", "US"): ["LA"],
    ("united-states", "United States", "country", "", "US"): [
        "US", "USA", "U.S.", "U.S.A.", "United States of America", "America",
    ],
    ("united-kingdom", "United Kingdom", "country", "", "GB"): [
        "UK", "U.K.", "GB", "Great Britain", "Britain",
    ],
    ("germany", "Germany", "country", "", "DE"): ["Deutschland", "DE"],
    ("canada", "Canada", "country", "", "CA"): [],
}  # fmt: skip

# Spellings that mean "no place: the work is remote".
REMOTE_WORDS = {"remote", "anywhere", "worldwide", "remoteonly", "fullyremote", "wfh"}

COUNTRIES = {
    "US": "United States", "CA": "Canada", "MX": "Mexico", "BR": "Brazil", "AR": "Argentina",
    "CL": "Chile", "CO": "Colombia", "GB": "United Kingdom", "IE": "Ireland", "FR": "France",
    "DE": "Germany", "NL": "Netherlands", "BE": "Belgium", "LU": "Luxembourg", "CH": "Switzerland",
    "AT": "Austria", "ES": "Spain", "PT": "Portugal", "IT": "Italy", "PL": "Poland",
    "CZ": "Czechia", "SK": "Slovakia", "HU": "Hungary", "RO": "Romania", "BG": "Bulgaria",
    "GR": "Greece", "SE": "Sweden", "NO": "Norway", "DK": "Denmark", "FI": "Finland",
    "EE": "Estonia", "LV": "Latvia", "LT": "Lithuania", "UA": "Ukraine", "TR": "Turkey",
    "IL": "Israel", "AE": "United Arab Emirates", "SA": "Saudi Arabia", "EG": "Egypt",
    "NG": "Nigeria", "KE": "Kenya", "ZA": "South Africa", "IN": "India", "PK": "Pakistan",
    "SG": "Singapore", "MY": "Malaysia", "ID": "Indonesia", "PH": "Philippines",
    "VN": "Vietnam", "TH": "Thailand", "CN": "China", "HK": "Hong Kong", "TW": "Taiwan",
    "KR": "South Korea", "JP": "Japan", "AU": "Australia", "NZ": "New Zealand",
}  # fmt: skip

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "DC": "District of Columbia",
}  # fmt: skip

CANADIAN_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "ON": "Ontario",
    "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan",
    "NT": "Northwest Territories", "NU": "Nunavut", "YT": "Yukon",
}  # fmt: skip

UK_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}


def _alias_table(aliases):
    table = {}
    for canonical, spellings in aliases.items():
        for spelling in [canonical[0], canonical[1], *spellings]:
            table[key(spelling)] = canonical
    return table


TECHNOLOGY_BY_KEY = _alias_table(TECHNOLOGY_ALIASES)
PLACE_BY_KEY = _alias_table(PLACE_ALIASES)
COUNTRY_BY_KEY = {key(name): code for code, name in COUNTRIES.items()} | {
    key(spelling): canonical[4]
    for canonical, spellings in PLACE_ALIASES.items()
    if canonical[2] == "country"
    for spelling in [canonical[1], *spellings]
}
STATE_BY_KEY = {key(code): ("US", name) for code, name in US_STATES.items()} | {
    key(name): ("US", name) for name in US_STATES.values()
}
PROVINCE_BY_KEY = {key(code): ("CA", name) for code, name in CANADIAN_PROVINCES.items()} | {
    key(name): ("CA", name) for name in CANADIAN_PROVINCES.values()
}
NATION_BY_KEY = {key(name): ("GB", name) for name in UK_NATIONS.values()}


def where(qualifiers):
    """(country code, region) implied by the parts after a place's name, as far as known.

    The last part may be a country ("USA", "Germany", "DE"); a part before it, or the only
    one, may be a US state, Canadian province or UK nation ("NY", "Ontario", "Wales")."""
    country, region = "", ""
    parts = [key(part) for part in qualifiers if key(part)]
    if parts and parts[-1] in COUNTRY_BY_KEY:
        country = COUNTRY_BY_KEY[parts.pop()]
    elif parts and len(parts) >= 2 and len(parts[-1]) == 2 and parts[-1].upper() in COUNTRIES:
        country = parts.pop().upper()
    for part in parts:
        for table in (STATE_BY_KEY, PROVINCE_BY_KEY, NATION_BY_KEY):
            if part in table and (not country or table[part][0] == country):
                country, region = table[part]
                break
        if region:
            break
    if not country and len(parts) == 1 and parts[0].upper() in COUNTRIES:
        country = parts[0].upper()
    return country, region
