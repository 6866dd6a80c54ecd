# The portal's two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEV := DEBUG=true

.PHONY: run test deploy-check bench lint typecheck migrations-check ci serve demo clean chromium

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install python3.11 and python3.11-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PIP) install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install --quiet ".[test]"
	touch $@ $(VENV)/.installed-run

## make run: set up everything on SQLite with tasks in-process, load demo data, serve :8000
run: $(VENV)/.installed-run
	@mkdir -p var
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py setup_demo
	@echo "Serving the North West SLI Portal on http://127.0.0.1:8000/"
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

## make test: install what the tests need (Debian's chromium too) and run the whole suite
test: $(VENV)/.installed-test chromium
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV) $(VENV)/bin/mypy
	@$(MAKE) --no-print-directory deploy-check
	DATABASE_URL= $(DEV) $(PY) manage.py makemigrations --check --dry-run
	@$(DEV) $(PY) -m pytest -n 2; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: check the test paths in pyproject.toml"; exit 1; fi; \
	exit $$status

## make deploy-check: Django's deployment checks with production settings, warnings included
deploy-check: $(VENV)/.installed-run
	DEBUG=false SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=sli.example.org.uk CSRF_TRUSTED_ORIGINS=https://sli.example.org.uk \
	DATABASE_URL=postgres://sli:sli@postgres:5432/sli CELERY_BROKER_URL=redis://redis:6379/0 \
	REDIS_CACHE_URL=redis://redis:6379/1 \
	$(PY) manage.py check --deploy --fail-level WARNING

chromium:
	@missing=; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's $$missing for the browser and PDF tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

## make bench: run every benchmark in bench/ and print `name: value` lines (Debian's wrk too,
## for the load test against gunicorn on PostgreSQL)
bench: $(VENV)/.installed-test wrk
	@for script in bench/[a-z]*.py; do echo "# $$script"; $(DEV) $(PY) $$script || exit 1; done

wrk:
	@if ! command -v wrk >/dev/null 2>&1; then \
	  echo "Installing Debian's wrk for the load test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(DEV) $(VENV)/bin/mypy

migrations-check: $(VENV)/.installed-test
	DATABASE_URL= $(DEV) $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var
