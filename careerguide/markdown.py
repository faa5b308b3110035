"""Texts written by editors (guide parts) and by feeds are Markdown or HTML; readers only
ever get sanitized HTML."""

import re

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# What browsers drop from a URL before reading it: spaces and controls around it, tabs and
# line breaks anywhere. A backslash reads as a slash.
URL_IGNORED = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]")


def _links_with_a_scheme_or_on_this_site(tag, attribute, value):
    """nh3's attribute filter: a protocol-relative link ("//evil.example", or "/\\evil"
    as browsers read it) names another site without a scheme, past the allowed schemes."""
    if attribute == "href":
        seen = URL_IGNORED.sub("", value).replace("\\", "/")
        if seen.startswith("//"):
            return None
    return value


def render_markdown(text):
    """Markdown to HTML that cannot carry scripts, event handlers, javascript: links or
    protocol-relative ones."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return sanitize_html(html)


def sanitize_html(html):
    """HTML from anyone (Markdown's output, a feed's description) kept to the tags and
    attributes above: safe to show as it is."""
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="nofollow noopener",
            attribute_filter=_links_with_a_scheme_or_on_this_site,
        )
    )
