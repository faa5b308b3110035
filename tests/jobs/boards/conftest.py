from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_other_title, make_role, make_technology

TECHNOLOGIES = [
    ("Python", "python"), ("Apache Spark", "spark"), ("dbt", "dbt"), ("Snowflake", "snowflake"),
    ("AWS", "aws"), ("PyTorch", "pytorch"), ("Kubernetes", "kubernetes"), ("Go", "go"),
    ("Terraform", "terraform"), ("SQL", "sql"), ("C", "c"), ("C++", "cpp"), ("R", "r"),
]  # fmt: skip


@pytest.fixture
def catalog(db):
    """Guides whose titles and other titles the classifier reads, and technologies."""
    roles = {
        "data": make_role(slug="data-engineer", title="Data Engineer"),
        "ml": make_role(slug="machine-learning-engineer", title="Machine Learning Engineer"),
        "analytics": make_role(slug="analytics-engineer", title="Analytics Engineer"),
        "sre": make_role(slug="site-reliability-engineer", title="Site Reliability Engineer"),
        "software": make_role(slug="software-engineer", title="Software Engineer"),
    }
    make_other_title(role=roles["ml"], title="ML Engineer")
    make_other_title(role=roles["sre"], title="SRE")
    for name, slug in TECHNOLOGIES:
        make_technology(name=name, slug=slug)
    return roles


def load(path, *args):
    """`import_postings` output (it must succeed)."""
    out = StringIO()
    call_command("import_postings", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(path, *args):
    """The problems `import_postings` names (it must fail and write nothing)."""
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_postings", str(path), *args, stdout=StringIO(), stderr=err)
    assert "nothing was written" in str(error.value)
    return err.getvalue().splitlines() or [str(error.value)]


@pytest.fixture(scope="session")
def feed_server_session():
    """A local HTTP server (pytest-httpserver) that serves each request in its own thread, so
    that a handler made to stall does not hold the next test's requests."""
    import logging

    from pytest_httpserver import HTTPServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def feed_server(feed_server_session, settings):
    """The server, emptied; feeds may fetch from it (it is on loopback)."""
    settings.FEED_ALLOW_PRIVATE_HOSTS = True
    feed_server_session.clear()
    yield feed_server_session
    feed_server_session.clear()


@pytest.fixture
def no_waiting(monkeypatch):
    """Retries wait no real time: the waits asked for are recorded instead."""
    waits = []
    monkeypatch.setattr("jobs.importing.fetching._sleep", waits.append)
    return waits
