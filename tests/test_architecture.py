"""How the code is layered, checked from its imports (STYLE.md: "A rule has one home",
"Reads do not write")."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("careerguide", "roles", "jobs")
# Infrastructure: what every app builds on, and which imports no app code to do its job.
INFRASTRUCTURE = [
    "careerguide.cache",
    "careerguide.pagecache",
    "careerguide.admin_helpers",
    "careerguide.breadcrumbs",
    "careerguide.markdown",
    "careerguide.listener",
    "careerguide.text",
    "careerguide.postgresql.base",
    "careerguide.errormail",
    "careerguide.adminsite",
    "careerguide.middleware",
    "careerguide.logs",
    "careerguide.views",
    "careerguide.settings",
]


def modules():
    """{module name: path} of every first-party module outside migrations."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(name, path, known):
    """The first-party modules `name` imports at its top level or anywhere inside it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets |= {f"{base}.{alias.name}" for alias in node.names}
    return {target for target in targets if target in known and target != name}


def graph():
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_no_import_cycles_between_modules():
    edges = graph()
    cycles = []

    def visit(name, trail):
        for target in edges[name]:
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in done:
                visit(target, [*trail, target])
        done.add(name)

    done = set()
    for name in sorted(edges):
        if name not in done:
            visit(name, [name])
    assert cycles == []


def test_infrastructure_imports_no_app_code():
    edges = graph()
    for name in INFRASTRUCTURE:
        app_imports = {target for target in edges[name] if target.split(".")[0] != "careerguide"}
        assert app_imports == set(), name


def test_postings_know_guides_only_through_their_models():
    # roles' views, admin and data health read the postings' figures; jobs may only use
    # roles' models, so that neither app's pages depend on the other's.
    edges = graph()
    for name, targets in edges.items():
        if name.startswith("jobs"):
            assert {t for t in targets if t.startswith("roles")} <= {"roles", "roles.models"}, name
    assert not any(target.startswith("jobs") for target in edges["roles.models"])


def test_selectors_do_not_write_or_cache():
    edges = graph()
    for name in ("jobs.statistics", "jobs.insight", "jobs.insight.reading", "roles.health"):
        forbidden = {"careerguide.cache", "jobs.services", "roles.services", "jobs.signals"}
        assert not edges[name] & forbidden, name
