"""
Exit 0 when the server in this container answers /healthz, else 1: the Dockerfile's
HEALTHCHECK (`python -m careerguide.healthcheck`), so the image needs no curl.

It asks as one of DJANGO_ALLOWED_HOSTS (a Host the site refuses would get 400) at
GUNICORN_BIND or 127.0.0.1:$PORT, and sends X-Forwarded-Proto: https so that the SSL
redirect does not apply.
"""

import os
import sys
import urllib.request


def target():
    bind = os.environ.get("GUNICORN_BIND", "").strip()
    port = bind.rpartition(":")[2] if bind else os.environ.get("PORT", "").strip() or "8000"
    allowed = [name.strip() for name in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    # ".example.com" allows example.com and its subdomains; "*" allows anything.
    host = next((name.lstrip(".") for name in allowed if name and name != "*"), "localhost")
    return f"http://127.0.0.1:{port}/healthz", host


def main():
    url, host = target()
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            healthy = response.status == 200
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
