# The portal's one image: gunicorn (web), Celery worker and beat, and the one-off migrate job.
FROM python:3.11-slim-bookworm

# The sli user's home, cache and runtime folders are its own and writable: fontconfig (for
# WeasyPrint's PDFs) keeps its cache under XDG_CACHE_HOME, and gunicorn its control socket
# (for gunicornc) under XDG_RUNTIME_DIR.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HOME=/home/sli \
    XDG_CACHE_HOME=/home/sli/.cache \
    XDG_RUNTIME_DIR=/run/sli \
    STATIC_ROOT=/var/lib/sli/static \
    MEDIA_ROOT=/var/lib/sli/uploads \
    BACKUP_DIR=/var/lib/sli/backups

# postgresql-client-15 (pg_dump / pg_restore for backup_database and restore_database, the
# same major version as the postgres:15 service); Pango and HarfBuzz for WeasyPrint's PDFs;
# fonts with Arial's metrics for the GOV.UK font stack, and fontconfig's cache of them built
# now, so no process has to scan the fonts (or write a cache) when it first renders a PDF.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        postgresql-client-15 \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fontconfig fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/* \
    && fc-cache --force --system-only

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .
COPY . .

# Static files are collected into the image (served by WhiteNoise); the build needs no secret
# and no services.
RUN SLI_IMAGE_BUILD=true python manage.py collectstatic --noinput --verbosity 0

# A user without privileges: the code is not theirs to change; their home, cache, runtime
# folder and the data directories (mounted as volumes) are.
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/sli \
        --shell /usr/sbin/nologin sli \
    && mkdir -p /home/sli/.cache/fontconfig /run/sli \
        /var/lib/sli/uploads /var/lib/sli/backups /var/lib/sli/beat \
    && chown -R sli:sli /home/sli /run/sli /var/lib/sli \
    && chmod 0700 /run/sli
USER sli

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=15s --start-period=30s --retries=3 \
    CMD ["python", "-m", "operations.probe"]
# The same command as the web service in docker-compose.yml.
CMD ["gunicorn", "sli_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--graceful-timeout", "30", "--access-logfile", "-", \
     "--control-socket", "/run/sli/gunicorn.ctl", "--worker-tmp-dir", "/dev/shm"]
