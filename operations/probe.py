"""A container health check: ask the portal's own /health/ and exit 0 if the named parts answer.

    python -m operations.probe                       # database and broker
    python -m operations.probe --parts database      # the database only

It imports nothing from Django, so it stays cheap when run every half-minute. The request goes
to this container's gunicorn with the first of ALLOWED_HOSTS as its host, as a proxy's would.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/health/"


def probe(url: str, parts: list[str], timeout: float) -> tuple[bool, str]:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
    request = urllib.request.Request(
        url, headers={"Host": host, "X-Forwarded-Proto": "https", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()  # a 503 still says which parts answered
    except OSError as exc:
        return False, f"no answer from {url}: {exc}"
    try:
        answer = json.loads(body)
    except ValueError:
        return False, "the answer was not the health report"
    failing = [part for part in parts if answer.get(part) not in ("ok", "in-process")]
    if failing:
        return False, "not answering: " + ", ".join(failing)
    return True, "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--parts", default="database,broker")
    parser.add_argument("--timeout", type=float, default=10.0)
    options = parser.parse_args(argv)
    parts = [part.strip() for part in options.parts.split(",") if part.strip()]
    healthy, message = probe(options.url, parts, options.timeout)
    print(message)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
