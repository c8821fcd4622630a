# DPO Desk: the two commands of the README, and what CI runs.
#   make run   - install everything, migrate, load reference + demo data, serve with worker and beat
#   make test  - the whole test suite on SQLite with the embedded broker
#   make lock  - regenerate requirements.lock (development) and requirements-production.lock
#   make screenshots - the main pages at 1400 px per role in en/de/ja, checked for clipped tables
#   make bench - the group-scale benchmark on PostgreSQL; EMPTIES the database of DATABASE_URL
#                (default dpo_desk_bench_scale on 127.0.0.1); writes benchmarks/results/group_scale.md:
#                pages (p95, queries), re-evaluation and sweep (before beside after), PDF renders
#                against Chromium at BENCH_PDF_SIZES transfers (default 1000,5000; the full set
#                BENCH_PDF_SIZES=1000,5000,20000 takes about half an hour more)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	libharfbuzz0b fonts-noto-cjk fonts-dejavu-core poppler-utils gettext chromium
SERVICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dpo_desk
SERVICES_BROKER_URL ?= redis://127.0.0.1:6379/0
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dpo_desk_bench_scale
BENCH_ARGS ?= --scale 0.1 --scale 1

.PHONY: run test test-services bench lint typecheck check-migrations system-deps install lock clean screenshots

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q '^install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing system packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "DPO Desk needs these system packages (WeasyPrint, CJK fonts). Run:"; \
		echo "  sudo apt-get install -y $$missing"; exit 1; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: system-deps $(VENV)/.installed

run: export DJANGO_DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py seed_demo
	@echo "Serving the admin at http://127.0.0.1:8000 with a Celery worker and beat (Ctrl-C stops all)."
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

test: export DJANGO_SECRET_KEY ?= insecure-test-key
test: export DPO_DESK_BROKER_DIR ?= $(CURDIR)/var/test-celery
test: install
	$(BIN)/python -m pytest

test-services: export DJANGO_SECRET_KEY ?= insecure-test-key
test-services: export DATABASE_URL = $(SERVICES_DATABASE_URL)
test-services: export CELERY_BROKER_URL = $(SERVICES_BROKER_URL)
test-services: install
	$(BIN)/python -m pytest

bench: export DJANGO_SECRET_KEY ?= benchmark-only
bench: export DATABASE_URL ?= $(BENCH_DATABASE_URL)
bench: install
	$(BIN)/python benchmarks/group_scale.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: export DJANGO_SECRET_KEY ?= insecure-test-key
typecheck: install
	$(BIN)/mypy .

check-migrations: export DJANGO_SECRET_KEY ?= insecure-test-key
check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# After a change to pyproject.toml (needs uv: pip install uv). The development lock keeps its
# pins; the production lock (runtime only, no test or development tool) takes the same versions.
UV ?= uv
lock:
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes -o requirements.lock --python-version 3.11
	$(UV) pip compile pyproject.toml --generate-hashes -o requirements-production.lock \
		--python-version 3.11 -c requirements.lock

clean:
	rm -rf $(VENV) var

# Screenshots of the main pages at 1400 px for each role in en/de/ja (demo data, a throwaway
# database under var/screenshots); fails when a page or a table does not fit the window.
SCREENSHOT_PORT ?= 8765
screenshots: export DJANGO_DEBUG = 1
screenshots: export DPO_DESK_VAR_DIR = $(CURDIR)/var/screenshots
screenshots: install
	rm -rf var/screenshots
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(SCREENSHOT_PORT) --noreload & echo $$! > var/screenshots/server.pid; \
	sleep 5; \
	$(BIN)/python tests/e2e/screenshots.py --base http://127.0.0.1:$(SCREENSHOT_PORT); status=$$?; \
	kill $$(cat var/screenshots/server.pid); exit $$status
