"""Production settings pass Django's deployment checks, and their defaults are the safe ones."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-key-" + "x7Kq2" * 12,
    "ALLOWED_HOSTS": "sli.example.org.uk",
    "CSRF_TRUSTED_ORIGINS": "https://sli.example.org.uk",
    "DATABASE_URL": "postgres://sli:sli@postgres:5432/sli",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "REDIS_CACHE_URL": "redis://redis:6379/1",
}
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SESSION_COOKIE_HTTPONLY",
]}))
"""


def _production_env(**overrides: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env = {**keep, **PRODUCTION_ENV, **overrides}
    env["DJANGO_SETTINGS_MODULE"] = "sli_portal.settings"
    for name in ("SECURE_COOKIES", "SECURE_HSTS_SECONDS", "AXES_ENABLED"):
        env.pop(name, None)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_settings() -> None:
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        _production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


GUNICORN = [sys.executable, "-m", "gunicorn", "sli_portal.wsgi", "--no-control-socket"]
NO_SHARED_CACHE = "REDIS_CACHE_URL must be set when DEBUG is off"


def test_production_without_a_shared_cache_is_refused() -> None:
    """The upload limit counts in the cache: a per-process cache would let each worker count
    separately, so production without REDIS_CACHE_URL does not start, as without SECRET_KEY."""
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy"], _production_env(REDIS_CACHE_URL="")
    )
    assert result.returncode != 0
    assert NO_SHARED_CACHE in result.stderr


@pytest.mark.parametrize("missing", ["REDIS_CACHE_URL", "SECRET_KEY"])
def test_gunicorn_refuses_to_start_in_production_without_what_it_needs(missing: str) -> None:
    """gunicorn runs no system checks: the settings themselves stop its workers booting."""
    env = _production_env()
    env.pop(missing)
    result = _run([*GUNICORN, "--bind", "127.0.0.1:0", "--workers", "1"], env)

    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr
    assert "Worker failed to boot" in result.stderr


def test_gunicorn_loads_the_portal_with_production_settings() -> None:
    result = _run([*GUNICORN, "--check-config"], _production_env())
    assert result.returncode == 0, result.stderr


def test_the_image_build_collects_static_files_without_secrets_or_services(tmp_path) -> None:
    env = {name: value for name, value in _production_env().items() if name not in PRODUCTION_ENV}
    env.update(DEBUG="false", SLI_IMAGE_BUILD="true", STATIC_ROOT=str(tmp_path))
    result = _run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "govuk").is_dir()
    assert (tmp_path / "admin").is_dir()


def test_production_defaults_are_the_safe_ones() -> None:
    result = _run([sys.executable, "-c", SHOW_SETTINGS], _production_env())
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["DEBUG"] is False
    assert shown["SESSION_COOKIE_SECURE"] is True
    assert shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_REDIRECT_EXEMPT"] == [r"^health/$"]
    assert shown["SECURE_HSTS_SECONDS"] >= 31536000
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert shown["X_FRAME_OPTIONS"] == "DENY"
    assert shown["SECURE_REFERRER_POLICY"] == "same-origin"
    assert shown["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert shown["SESSION_COOKIE_HTTPONLY"] is True


def test_development_serves_plain_http() -> None:
    """`make run` (DEBUG=true) serves http://127.0.0.1:8000 with no redirect or secure cookie."""
    env = _production_env(DEBUG="true")
    for name in ("SECRET_KEY", "REDIS_CACHE_URL"):
        env.pop(name)
    result = _run([sys.executable, "-c", SHOW_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SESSION_COOKIE_SECURE"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_except_for_the_health_check(client) -> None:
    home = client.get(reverse("pages:home"))
    assert home.status_code == 301
    assert home["Location"].startswith("https://")
    health = client.get("/health/")
    assert health.status_code != 301


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_pages_carry_the_security_headers(client) -> None:
    response = client.get(reverse("pages:home"), secure=True)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "includeSubDomains" in response["Strict-Transport-Security"]
