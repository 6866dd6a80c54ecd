FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --system --home /app sli && mkdir -p /var/lib/sli && chown sli /var/lib/sli
USER sli
EXPOSE 8000
CMD ["gunicorn", "sli_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
