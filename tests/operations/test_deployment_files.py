"""The deployment files say what the portal needs: five services with health checks, volumes
for the data, the image's tools, and every setting documented in .env.example; and their
defaults are the safe ones: the port on this machine only, logs rotated, jobs finished before
a worker stops, each container given only its own settings, and the image's user able to
write what it must."""

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from operations import probe

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ["web", "worker", "beat"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_the_five_services_and_a_migrate_job(compose) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "migrate"} <= set(services)
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert "gunicorn" in services["web"]["command"]
    workers = re.search(r"--workers \$\{GUNICORN_WORKERS:-(\d+)\}", services["web"]["command"])
    assert workers
    assert int(workers.group(1)) >= 2
    assert "migrate --noinput" in services["migrate"]["command"]
    assert services["migrate"]["restart"] == "no"


@pytest.mark.parametrize("name", ["postgres", "redis", *APP_SERVICES])
def test_every_long_running_service_has_a_health_check_and_restarts(compose, name) -> None:
    service = compose["services"][name]
    assert service["healthcheck"]["test"]
    assert service["restart"] == "unless-stopped"


def test_the_health_checks_ask_the_right_thing(compose) -> None:
    services = compose["services"]
    assert "operations.probe" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping -d celery@$$HOSTNAME" in services["worker"]["healthcheck"]["test"][1]
    assert "celerybeat.pid" in services["beat"]["healthcheck"]["test"][1]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_read_env_and_wait_for_the_database_and_migrations(compose, name) -> None:
    service = compose["services"][name]
    assert service["env_file"] == ".env"
    assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_data_lives_in_named_volumes(compose) -> None:
    assert {"postgres-data", "uploads", "backups"} <= set(compose["volumes"])
    services = compose["services"]
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    for name in ["web", "worker"]:
        assert "uploads:/var/lib/sli/uploads" in services[name]["volumes"]
    assert "backups:/var/lib/sli/backups" in services["web"]["volumes"]


def test_the_image_has_the_tools_and_runs_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "postgresql-client-15" in dockerfile
    assert "libpango-1.0-0" in dockerfile
    assert "SLI_IMAGE_BUILD=true python manage.py collectstatic --noinput" in dockerfile
    assert re.search(r"^USER sli$", dockerfile, re.MULTILINE)
    assert "HEALTHCHECK" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "var", "tests", "bench"} <= set(ignored)


def _image_environment(dockerfile: str) -> dict[str, str]:
    block = re.search(r"^ENV (.*?)(?<!\\)\n", dockerfile, re.MULTILINE | re.DOTALL).group(1)
    return dict(re.findall(r"([A-Z_]+)=(\S+)", block))


def test_the_image_user_has_a_writable_home_cache_and_runtime_folder() -> None:
    """fontconfig writes its cache under XDG_CACHE_HOME (or reads the one built into the
    image), gunicorn its control socket under XDG_RUNTIME_DIR; both must be the user's."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    environment = _image_environment(dockerfile)
    assert environment["HOME"] == "/home/sli"
    assert environment["XDG_CACHE_HOME"] == "/home/sli/.cache"
    assert environment["XDG_RUNTIME_DIR"] == "/run/sli"
    assert re.search(r"useradd [^\n]*--create-home --home-dir /home/sli", dockerfile)
    owned = re.search(r"chown -R sli:sli ([^&\n]+)", dockerfile).group(1).split()
    assert {"/home/sli", "/run/sli", "/var/lib/sli"} <= set(owned)
    assert "fontconfig" in dockerfile
    assert "fc-cache" in dockerfile.split("USER sli")[0], "the font cache is built into the image"


def _gunicorn_options(command: str) -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+) (\S+)", command))


def test_gunicorn_keeps_its_control_socket_where_it_may_write(compose) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = " ".join(
        json.loads(
            re.search(r"^CMD (\[.*?\])$", dockerfile, re.M | re.S).group(1).replace("\\\n", "")
        )
    )
    in_image = _gunicorn_options(cmd)
    in_compose = _gunicorn_options(compose["services"]["web"]["command"])
    runtime = _image_environment(dockerfile)["XDG_RUNTIME_DIR"]
    for options in (in_image, in_compose):
        assert options["--control-socket"] == f"{runtime}/gunicorn.ctl"
    assert {k: v for k, v in in_image.items() if k != "--workers"} == {
        k: v for k, v in in_compose.items() if k != "--workers"
    }, "the image's command and the web service's are the same"


def _seconds(duration: str) -> int:
    units = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[unit] for n, unit in re.findall(r"(\d+)([hms])", duration))


def test_the_worker_finishes_its_jobs_before_it_is_stopped(compose) -> None:
    """An upgrade stops the worker: Docker waits longer than a job may run before killing it
    (and late acknowledgement hands back a job cut short even so)."""
    services = compose["services"]
    assert _seconds(services["worker"]["stop_grace_period"]) > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE
    graceful = int(_gunicorn_options(services["web"]["command"])["--graceful-timeout"])
    assert _seconds(services["web"]["stop_grace_period"]) > graceful


def test_the_web_port_is_published_on_this_machine_only_by_default(compose) -> None:
    [published] = compose["services"]["web"]["ports"]
    assert published == "${WEB_BIND_ADDRESS:-127.0.0.1}:${WEB_PORT:-8000}:8000"
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^WEB_BIND_ADDRESS=127\.0\.0\.1$", example, re.M)
    for name in ["postgres", "redis"]:
        assert "ports" not in compose["services"][name]


@pytest.mark.parametrize("name", ["postgres", "redis", "migrate", *APP_SERVICES])
def test_every_container_s_log_is_rotated(compose, name) -> None:
    logging = compose["services"][name]["logging"]
    assert logging["driver"] == "json-file"
    assert re.fullmatch(r"\d+[km]", logging["options"]["max-size"])
    assert int(logging["options"]["max-file"]) >= 2


def test_each_container_gets_only_the_settings_it_needs(compose) -> None:
    services = compose["services"]
    postgres = services["postgres"]
    assert "env_file" not in postgres
    assert postgres["environment"] == {
        name: f"${{{name}}}" for name in ["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"]
    }
    assert "env_file" not in services["redis"]
    assert "environment" not in services["redis"]


def test_every_value_the_compose_file_reads_is_in_env_example() -> None:
    used = set(
        re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", (ROOT / "docker-compose.yml").read_text())
    )
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert used
    assert not used - documented, f"not in .env.example: {sorted(used - documented)}"


def test_every_setting_read_from_the_environment_is_in_env_example() -> None:
    source = (ROOT / "sli_portal" / "settings.py").read_text()
    read = set(re.findall(r"(?:os\.environ\.get|env\w*)\(\s*\"([A-Z][A-Z0-9_]*)\"", source))
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"} <= read
    assert not read - documented, f"not in .env.example: {sorted(read - documented)}"
    assert "REDIS_CACHE_URL" in documented
    assert "BACKUP_DIR" in documented


# --- The container health check ----------------------------------------------------------------


@pytest.fixture
def portal_answering() -> Iterator[tuple[str, list[dict]]]:
    """A stand-in portal on a free local port, answering a 503 health report."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(dict(self.headers))
            body = json.dumps(
                {"status": "unavailable", "database": "ok", "broker": "unavailable"}
            ).encode()
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/health/", seen
    finally:
        server.shutdown()
        server.server_close()


def test_probe_passes_when_the_parts_asked_for_answer(portal_answering, monkeypatch) -> None:
    url, seen = portal_answering
    monkeypatch.setenv("ALLOWED_HOSTS", "sli.example.org.uk,localhost")

    assert probe.main(["--url", url, "--parts", "database"]) == 0
    assert seen[0]["Host"] == "sli.example.org.uk"


def test_probe_fails_when_a_part_does_not_answer(portal_answering) -> None:
    url, _seen = portal_answering
    assert probe.probe(url, ["database", "broker"], 5) == (False, "not answering: broker")


def test_probe_fails_when_nothing_listens() -> None:
    healthy, message = probe.probe("http://127.0.0.1:6391/health/", ["database"], 2)
    assert not healthy
    assert message.startswith("no answer")
