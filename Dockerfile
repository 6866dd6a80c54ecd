# The portal's one image: gunicorn (web), Celery worker and beat, and the one-off migrate job.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/var/lib/sli/static \
    MEDIA_ROOT=/var/lib/sli/uploads \
    BACKUP_DIR=/var/lib/sli/backups

# postgresql-client-15 (pg_dump / pg_restore for backup_database and restore_database, the
# same major version as the postgres:15 service); Pango and HarfBuzz for WeasyPrint's PDFs;
# fonts with Arial's metrics for the GOV.UK font stack.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        postgresql-client-15 \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .
COPY . .

# Static files are collected into the image (served by WhiteNoise); the build needs no secret.
RUN SLI_IMAGE_BUILD=true python manage.py collectstatic --noinput --verbosity 0

# A user without privileges; the data directories (mounted as volumes) are theirs.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin sli \
    && mkdir -p /var/lib/sli/uploads /var/lib/sli/backups /var/lib/sli/beat \
    && chown -R sli:sli /var/lib/sli
USER sli

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=15s --start-period=30s --retries=3 \
    CMD ["python", "-m", "operations.probe"]
CMD ["gunicorn", "sli_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--access-logfile", "-"]
