"""
A posting's description as readers see it: in its parts, with headings and lists.

Descriptions arrive as plain text (the shipped samples, CSV and JSON Lines feeds: blocks
separated by blank lines, a block's first line its short heading, list items on lines
starting "- ") or as HTML (job boards' feeds). Both become HTML that goes through the
sanitizer guide texts go through (`careerguide.markdown.sanitize_html`).
"""

import html
import re

from django.utils.html import escape, strip_tags

from careerguide.markdown import sanitize_html

# Block tags make a text HTML rather than plain text with a stray "<" or "<b>" in it.
HTML_TAG = re.compile(r"</?(?:p|div|br|ul|ol|li|h[1-6]|table)\b[^>]*>", re.I)
# The page's own headings are h1 (the title) and h2 (its sections): a description's are
# kept within h3 to h5, the ones the sanitizer keeps.
HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.I)
LIST_ITEM = re.compile(r"^\s*[-*\u2022]\s+")
BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
HEADING_MAX_LENGTH = 60


def description_html(text):
    """Sanitized HTML of a description, plain text or HTML alike."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if HTML_TAG.search(text):
        html = HEADING_TAG.sub(_heading_from_h3, text)
    else:
        html = plain_text_html(text)
    return sanitize_html(html)


def description_text(text):
    """A description as plain words, for a page's meta description: a board's HTML without
    its tags and entities, our plain text as it is."""
    text = text or ""
    if HTML_TAG.search(text):
        text = NOT_TEXT.sub(" ", text)
        text = html.unescape(strip_tags(BLOCK_END.sub(" ", text)))
    return " ".join(text.split())


NOT_TEXT = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.I | re.S)
BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|a)\s*>|<br\s*/?>", re.I)


def _heading_from_h3(match):
    level = min(max(int(match[2]), 3), 5)
    return f"<{match[1]}h{level}"


def plain_text_html(text):
    """Each block a part: its first line a heading when it reads like one (short, not a
    sentence, with more lines under it), lines starting "- " a list, other lines
    paragraphs. Every text is escaped: nothing in it is markup."""
    parts = []
    for block in BLOCK_BREAK.split(text.strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and _is_heading(lines[0]):
            parts.append(f"<h3>{escape(lines[0].rstrip(':'))}</h3>")
            lines = lines[1:]
        parts.extend(_paragraphs_and_lists(lines))
    return "\n".join(parts)


def _is_heading(line):
    return (
        len(line) <= HEADING_MAX_LENGTH
        and not LIST_ITEM.match(line)
        and not line.endswith((".", "!", "?", ",", ";"))
    )


def _paragraphs_and_lists(lines):
    parts, items, text = [], [], []

    def flush():
        if items:
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
            items.clear()
        if text:
            parts.append("<p>" + "<br>".join(escape(line) for line in text) + "</p>")
            text.clear()

    for line in lines:
        if LIST_ITEM.match(line):
            if text:
                flush()
            items.append(LIST_ITEM.sub("", line))
        else:
            if items:
                flush()
            text.append(line)
    flush()
    return parts
