# The README's two commands: `make run` and `make test`. Both build .venv/ when it is missing.

# Django 6.1 needs Python 3.12+. Take PYTHON if given, else the first interpreter that runs
# and is new enough, else one of pyenv's.
PYTHON ?= $(shell \
	for c in python3.13 python3.12 python3; do \
		if $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$c; exit 0; fi; \
	done; \
	root=$$(pyenv root 2>/dev/null) || exit 0; \
	for v in $$(ls $$root/versions 2>/dev/null | grep -E '^3\.1[2-9]\.[0-9]+$$' | sort -rV); do \
		if $$root/versions/$$v/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
			echo $$root/versions/$$v/bin/python3; exit 0; \
		fi; \
	done)

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run reset test lint serve bench fixtures clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "No Python 3.12+ found: install one or run make PYTHON=/path/to/python3.12" >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev,browser]"
	@touch $@

# The shipped guides and postings load into an empty database only: restarting never
# overwrites what an editor changed. `make reset` starts over.
run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_fixtures
	$(PY) manage.py runserver $(HOST):$(PORT)

# Start over with the shipped data: every guide, posting, company, place and technology is
# replaced in one transaction (users and editors stay), on SQLite or DATABASE_URL alike.
reset: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_fixtures --replace --no-input

# The production configuration on this machine: gunicorn, debug off, hashed static files,
# JSON logs, on DATABASE_URL/CACHE_URL when set. Over plain http, so no HTTPS redirect.
# LOCAL ONLY: without DJANGO_SECRET_KEY it uses the public key below, which must never
# serve a real site (`check --deploy` refuses keys starting with django-insecure-).
SERVE_ENV = DJANGO_DEBUG=false \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-django-insecure-make-serve-local-only-public-key-never-use-it-in-production}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}"

serve: $(VENV)/.installed
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(SERVE_ENV) $(PY) manage.py migrate --no-input
	$(SERVE_ENV) $(PY) manage.py load_fixtures
	$(SERVE_ENV) GUNICORN_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn --config careerguide/gunicorn.conf.py careerguide.wsgi

# Benchmarks on PostgreSQL (127.0.0.1:5432) and Redis: `make bench BENCH_POSTINGS=1000000`.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py

test: $(VENV)/.installed
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

fixtures: $(VENV)/.installed
	$(PY) fixtures/generate_jobs.py > fixtures/jobs.json.tmp && mv fixtures/jobs.json.tmp fixtures/jobs.json

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
