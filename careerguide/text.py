"""
Text at the site's boundaries. Coming in (the importer, the admin's forms), control
characters are refused: nobody types them, and one in a title broke every feed. Going out
as XML (the feeds), whatever XML 1.0 cannot carry is dropped, so that text stored before
these rules still cannot break a feed.
"""

import re

# C0 controls but tab and line breaks, DEL, and the two noncharacters U+FFFE and U+FFFF.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Tab and line breaks: fine in multi-line text, controls in a one-line title or name.
LINE_BREAKS = re.compile("[\t\n\r]")
# What XML 1.0 cannot carry at all (Django's XML writer refuses it outright).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def has_control_characters(text, *, lines=False):
    """Whether `text` holds control characters (tabs and line breaks allowed with `lines`)."""
    return bool(CONTROL_CHARACTERS.search(text) or (not lines and LINE_BREAKS.search(text)))


def xml_text(text):
    """`text` without the characters XML 1.0 cannot carry."""
    return NOT_XML.sub("", text)
