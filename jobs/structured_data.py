"""schema.org JobPosting data for a posting page, as Google's job search reads it."""

from .description import description_html
from .models import JobPosting, Location


def job_posting_data(posting, *, url):
    """JobPosting properties for an open posting: Google's required ones and the
    recommended ones we know. Closed or expired postings carry none (callers check)."""
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": posting.title,
        # Google reads the description as HTML: the page's own, in its parts, sanitized.
        "description": str(description_html(posting.description)),
        "datePosted": posting.posted_at.isoformat(),
        "employmentType": posting.employment_type,
        "hiringOrganization": _organization(posting.company),
        "identifier": {
            "@type": "PropertyValue",
            "name": posting.company.name,
            "value": posting.external_id,
        },
        "url": url,
        "directApply": False,
    }
    if posting.expires_at:
        data["validThrough"] = posting.expires_at.isoformat()
    locations = list(posting.locations.all())
    if posting.workplace == JobPosting.Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        if locations:
            data["applicantLocationRequirements"] = [_area(place) for place in locations]
    elif locations:
        data["jobLocation"] = [_place(place) for place in locations]
    if posting.has_salary:
        data["baseSalary"] = _salary(posting)
    technologies = [technology.name for technology in posting.technologies.all()]
    if technologies:
        data["skills"] = ", ".join(technologies)
    return data


def _organization(company):
    organization = {"@type": "Organization", "name": company.name}
    if company.website:
        organization["sameAs"] = company.website
    return organization


def _place(location):
    address = {"@type": "PostalAddress", "addressCountry": location.country_code}
    if location.kind == Location.Kind.CITY:
        address["addressLocality"] = location.name
    if location.region:
        address["addressRegion"] = location.region
    elif location.kind == Location.Kind.REGION:
        address["addressRegion"] = location.name
    return {"@type": "Place", "address": address}


def _area(location):
    """Where a remote applicant must live: a country, or a narrower area within one."""
    if location.kind == Location.Kind.COUNTRY:
        return {"@type": "Country", "name": location.name}
    return {"@type": "AdministrativeArea", "name": location.name}


def _salary(posting):
    value = {"@type": "QuantitativeValue", "unitText": posting.salary_period}
    if posting.salary_min is not None and posting.salary_max is not None:
        if posting.salary_min == posting.salary_max:
            value["value"] = posting.salary_min
        else:
            value["minValue"] = posting.salary_min
            value["maxValue"] = posting.salary_max
    else:
        value["value"] = (
            posting.salary_min if posting.salary_min is not None else posting.salary_max
        )
    return {"@type": "MonetaryAmount", "currency": posting.salary_currency, "value": value}
