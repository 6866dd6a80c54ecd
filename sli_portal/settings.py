"""Settings for the NW SLI Portal, read from the environment with embedded defaults.

With no environment at all the portal runs on SQLite with Celery tasks run in-process.
``DATABASE_URL`` switches to PostgreSQL, ``CELERY_BROKER_URL`` to a real broker (Redis).
Values are parsed strictly: a value that cannot be read stops the portal at start-up.
"""

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

# Lets Django's generic classes take their type arguments at run time (``ModelAdmin[Council]``).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    """Read a yes/no setting; anything other than a clear yes or no is refused."""
    raw = os.environ.get(name, default).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: str) -> int:
    raw = os.environ.get(name, default)
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")
# The image build runs collectstatic, which needs neither the secret key nor the shared cache;
# nothing it starts serves anyone.
_IMAGE_BUILD = envbool("SLI_IMAGE_BUILD", "false")
_DEV_SECRET = "insecure-development-key-only-for-the-embedded-default"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET and not _IMAGE_BUILD:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (see .env.example); "
        "`make run` sets DEBUG=true for local use."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ratelimit",
    "rest_framework",
    "drf_spectacular",
    "authorities",
    "accounts",
    "returns",
    "scorecard",
    "selfassessment",
    "triggers",
    "support",
    "improvement_plans",
    "reports",
    "notifications",
    "opendata",
    "operations",
    "pages",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sli_portal.urls"
WSGI_APPLICATION = "sli_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.navigation.navigation",
            ],
            # The one filter that decides whether an address from data may be a link.
            "builtins": ["sli_portal.links"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # A file, not memory, so a Celery worker thread in the tests sees the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses a locked-out sign-in before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # By e-mail address, in any mix of capitals, whatever the username.
    "accounts.backends.EmailAddressBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
WHITENOISE_USE_FINDERS = True

# Uploaded files live outside the web root and are only ever served through access-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "uploads"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Plain HTTP is redirected to HTTPS unless DEBUG is on (`make run` serves plain http). The health
# endpoint answers plain HTTP too: load balancers ask it before TLS.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The header only allows the domain to be submitted to the browsers' preload list; submitting
# is a separate, deliberate step. SECURE_HSTS_PRELOAD=false leaves it out.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true" if SECURE_HSTS_SECONDS > 0 else "false")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sli-portal@nwadass.example")
# The portal's address as people reach it: the links in e-mails are built from it.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Celery: with no broker the tasks run in-process, so the embedded default needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_TIME_LIMIT = 15 * 60
# Seconds an upload or an Account request waits to learn the broker is down before refusing.
BROKER_CHECK_TIMEOUT = 2.0
# The job record (operations.Job) and its sweeper (operations.sweep_jobs, every 5 minutes): a job
# queued this long without a worker starting it is sent again; one running longer than the time
# limit plus this margin lost its worker and is queued again, until it has had JOBS_MAX_ATTEMPTS
# runs (or sends) and is failed. The visibility timeout above outlasts both, so Redis does not
# redeliver a job that is still running. Finished jobs are kept JOBS_KEEP_DAYS days.
JOBS_QUEUED_GRACE = envint("JOBS_QUEUED_GRACE_SECONDS", str(10 * 60))
JOBS_RUNNING_MARGIN = envint("JOBS_RUNNING_MARGIN_SECONDS", str(5 * 60))
JOBS_MAX_ATTEMPTS = envint("JOBS_MAX_ATTEMPTS", "3")
JOBS_KEEP_DAYS = envint("JOBS_KEEP_DAYS", "90")
CELERY_TIMEZONE = TIME_ZONE
# Nightly: the automatic risk triggers on the latest quarter with accepted returns (02:30,
# Europe/London). Run `celery -A sli_portal beat` alongside the workers.
CELERY_BEAT_SCHEDULE = {
    "triggers-evaluate-nightly": {
        "task": "triggers.evaluate_latest",
        "schedule": crontab(hour=2, minute=30),
    },
    # Daily at 07:00: e-mail councils that have not submitted a thematic self-assessment 14 and
    # 3 days before its review closes (kwargs: the days; idempotent, see selfassessment.tasks).
    "selfassessment-reminders-daily": {
        "task": "selfassessment.send_reminders",
        "schedule": crontab(hour=7, minute=0),
        "kwargs": {"days_before": [14, 3]},
    },
    # Daily at 07:15: e-mail councils whose quarterly return is due within 7 days or was due
    # yesterday and is not submitted (idempotent, see returns.tasks).
    "returns-deadline-reminders-daily": {
        "task": "returns.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    # Every 5 minutes: jobs whose worker died or whose message was lost are re-queued or failed.
    "operations-sweep-jobs": {
        "task": "operations.sweep_jobs",
        "schedule": crontab(minute="*/5"),
    },
}

# Return uploads (issue rules: 5 MB limit, and an XLSX may not unpack beyond this).
RETURN_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
RETURN_UPLOAD_MAX_UNPACKED_BYTES = envint("RETURN_UPLOAD_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024))
RETURN_UPLOAD_MAX_ROWS = 2000
# National files (published CSVs the regional administrator imports).
NATIONAL_UPLOAD_MAX_BYTES = envint("NATIONAL_UPLOAD_MAX_BYTES", str(100 * 1024 * 1024))
NATIONAL_UPLOAD_MAX_ROWS = 2_000_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "celery.app.trace": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes' start-up banner, printed before every command's own output otherwise.
        "axes.apps": {"level": "WARNING"},
    },
}

# --- Security ----------------------------------------------------------------------------------
# Content Security Policy (django-csp): our own origin only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in throttling and lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins the
# account is locked from that address for AXES_COOLOFF_HOURS; a regional administrator can
# unlock it sooner (`python manage.py axes_reset_username email`, the address in lower case:
# failures are counted under it whatever capitals were typed).
AXES_ENABLED = envbool("AXES_ENABLED", "true")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_name"
# The locked-out page (templates/registration/locked_out.html) says for how long and whom to ask.
AXES_LOCKOUT_CALLABLE = "accounts.views.sign_in_locked_out"
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", "0") or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Two-factor sign-in (django-otp): optional for Planning Group members and administrators;
# OTP_REQUIRED_FOR_REGIONAL makes it required for them.
OTP_TOTP_ISSUER = "North West SLI Portal"
OTP_REQUIRED_FOR_REGIONAL = envbool("OTP_REQUIRED_FOR_REGIONAL", "false")

# A session ends after SESSION_IDLE_MINUTES without a request, and in any case after
# SESSION_COOKIE_AGE (set above).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "30")

# The cache: Redis in production (REDIS_CACHE_URL), this process's memory otherwise. The upload
# rate limit counts in it, so every web worker must share it: without it the portal refuses to
# start when DEBUG is off (gunicorn runs no system checks, so the check below would not stop it).
_REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL", "")
if not DEBUG and not _REDIS_CACHE_URL and not _IMAGE_BUILD:
    raise ImproperlyConfigured(
        "REDIS_CACHE_URL must be set when DEBUG is off (see .env.example): the upload limit "
        "counts in the cache, and every web worker must share it; `make run` sets DEBUG=true "
        "for local use."
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_CACHE_URL}
        if _REDIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Uploads a person may make in an hour, across every kind of upload.
UPLOAD_RATE_LIMIT = os.environ.get("UPLOAD_RATE_LIMIT", "30/h")
# Password reset e-mails sent to one address in an hour; more requests send nothing more.
PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "3/h")
# django-ratelimit's checks know only django-redis and memcached. Django's own RedisCache is
# shared by every worker and increments atomically (Redis INCR), so its "not officially
# supported" warning is silenced. The locmem cache is per process: acceptable for one
# development server (DEBUG on) and the tests, so its error is silenced there only.
SILENCED_SYSTEM_CHECKS: list[str] = []
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")
elif DEBUG:
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
# Whom a locked-out person should contact, shown on the locked-out page.
SIGN_IN_HELP_CONTACT = os.environ.get("SIGN_IN_HELP_CONTACT", "sli-portal@nwadass.example")

# --- Open data API (Django REST framework, OpenAPI by drf-spectacular) --------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 500,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "North West SLI Portal open data",
    "DESCRIPTION": (
        "Published balanced scorecard ratings and measure values for the councils of the "
        "North West of England. Read-only."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Only the open data API's own views are described (the schema view itself is not).
    "PREPROCESSING_HOOKS": ["opendata.schema.open_data_endpoints"],
    # Reading open data needs no credentials: the schema declares none.
    "AUTHENTICATION_WHITELIST": [],
}
