"""site.css keeps no rule for a class that no page uses, and its colours in one place."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STYLESHEET = (ROOT / "static/css/site.css").read_text()
# Classes that htmx puts on elements while it works; no template writes them.
HTMX_CLASSES = {"htmx-request", "htmx-swapping", "htmx-settling", "htmx-added"}
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|hsl)a?\(")


def classes_in_markup():
    """Every class token written in a template or in HTML that Python code renders."""
    sources = [*ROOT.glob("templates/**/*.html")]
    sources += [
        path for app in ("careerguide", "roles", "jobs") for path in (ROOT / app).rglob("*.py")
    ]
    found = set()
    for path in sources:
        for value in re.findall(r'class="([^"]*)"', path.read_text()):
            found.update(re.split(r"[\s{}%]+", value))
    return found


def test_every_class_the_stylesheet_styles_is_used():
    styled = set(
        re.findall(r"\.([a-zA-Z][\w-]*)", re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.S))
    )
    assert sorted(styled - classes_in_markup() - HTMX_CLASSES) == []


def test_colours_are_custom_properties_on_root():
    root, rest = re.match(r"(.*?:root\s*\{.*?\})(.*)", STYLESHEET, re.S).groups()
    assert COLOUR.search(root)
    assert COLOUR.findall(rest) == []
