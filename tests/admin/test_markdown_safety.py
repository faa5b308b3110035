"""Guide texts are Markdown from editors; no script, handler or javascript: link reaches readers."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from careerguide.markdown import render_markdown
from tests.factories import make_faq, make_responsibility, make_role

PAYLOADS = [
    "<script>alert('script')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(\'img\')">',
    "<svg onload=alert('svg')></svg>",
    "<p onclick=\"alert('click')\">click me</p>",
    "<iframe src=\"javascript:alert('frame')\"></iframe>",
    "[a link](javascript:alert('md'))",
    "<a href=\"JaVaScRiPt:alert('case')\">case</a>",
    "[encoded](jav&#x09;ascript:alert('tab'))",
    "[reference][evil]\n\n[evil]: javascript:alert('ref')",
    "<javascript:alert('autolink')>",
    "<a href=\" javascript:alert('space')\">space</a>",
    "<style>body { display: none }</style>",
]


class Inspector(HTMLParser):
    """Collects everything in a page that could run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name.lower() in {"href", "src", "action", "formaction", "xlink:href"}:
                scheme = "".join((value or "").split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in {"iframe", "object", "embed", "svg", "style", "base", "form"}:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            attributes = dict(attrs)
            src = attributes.get("src") or ""
            # Our own static scripts and JSON-LD data are fine; anything else is not.
            if not src.startswith("/static/") and attributes.get("type") != "application/ld+json":
                self.problems.append(f"<script src={src!r}>")
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        # JSON-LD may quote a title that holds "</script>", but only escaped.
        if self._in_script and "<" in data:
            self.problems.append(f"inline script {data!r}")


def problems_in(html):
    inspector = Inspector()
    inspector.feed(str(html))
    inspector.close()
    return inspector.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_markdown_leaves_nothing_that_runs(payload):
    html = render_markdown(payload)

    assert problems_in(html) == []
    assert "<script" not in html.lower()


def test_all_payloads_together_render_harmless_and_keep_ordinary_markdown():
    text = "\n\n".join([*PAYLOADS, "**Bold** and [a real link](https://example.com/)."])

    html = render_markdown(text)

    assert problems_in(html) == []
    assert "<strong>Bold</strong>" in html
    assert 'href="https://example.com/"' in html


def test_the_template_filter_is_the_same_sanitizer():
    template = Template("{% load guide_text %}{{ text|markdown }}")

    html = template.render(Context({"text": "\n\n".join(PAYLOADS)}))

    assert problems_in(html) == []


@pytest.mark.django_db
def test_a_published_guide_full_of_payloads_renders_harmless(client):
    text = "\n\n".join(PAYLOADS)
    role = make_role(
        slug="payloads",
        title="Payload Role </script><script>alert('title')</script>",
        summary="<img src=x onerror=alert('summary')>",
        overview=text,
        career_path_intro=text,
        salary_note=text,
    )
    make_responsibility(role=role, position=1, title="<b>t</b>", text=text)
    make_faq(role=role, position=1, question="<script>alert(1)</script>?", answer=text)

    page = client.get("/roles/payloads/")

    assert page.status_code == 200
    assert "Payload Role" in page.text
    assert problems_in(page.text) == []
