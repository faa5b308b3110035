# syntax=docker/dockerfile:1

# Career Guide: gunicorn serving Django on Python 3.13, configured by environment variables
# (.env.example lists them). docker-compose.yml runs it with PostgreSQL, Redis and a proxy.
# tests/production/test_container.py replays these steps outside Docker; keep them plain.

# Build stage: the project's dependencies, in a virtualenv that the runtime stage copies.
FROM python:3.13-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml ./
# Dependencies only: the code itself runs from /app, where its templates and static are.
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && /opt/venv/bin/pip install --no-cache-dir --requirement requirements.txt

# Runtime stage: no compilers, no pip cache, not root.
FROM python:3.13-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_DEBUG=false \
    PORT=8000
RUN useradd --system --user-group --no-create-home --uid 10001 careerguide
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY manage.py ./
COPY careerguide careerguide/
COPY roles roles/
COPY jobs jobs/
COPY templates templates/
COPY static static/
COPY fixtures fixtures/
# Hashed, compressed static files for whitenoise. collectstatic reads no secret, but the
# settings demand one with debug off; this one lives only in this build step.
RUN python -m compileall -q careerguide roles jobs \
    && DJANGO_SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --no-input --verbosity 0
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "careerguide.healthcheck"]
ENTRYPOINT ["gunicorn", "--config", "careerguide/gunicorn.conf.py", "careerguide.wsgi:application"]
