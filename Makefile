# One task runner for the project. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z][a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  make %-24s %s\n", $$1, $$2}'

# Every Python package, direct and indirect, at the exact version and hash in requirements/lock.txt:
# a fresh machine gets what CI tested. `make lock` changes the lock, on purpose.
LOCK := requirements/lock.txt
$(BIN)/.installed: pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

.PHONY: install
install: $(BIN)/.installed ## Create .venv and install the project with its test tools, exactly as locked

.PHONY: lock
# No prerequisite: after pyproject.toml changes, the installed venv no longer matches it until the lock does.
lock: ## Re-resolve requirements/lock.txt from pyproject.toml (after changing a dependency; UPGRADE=1 for newest)
	@test -x $(BIN)/uv || { echo "run 'make install' once first: the lock is written by the locked uv"; exit 1; }
	$(BIN)/uv pip compile pyproject.toml requirements/tools.in --extra test --extra bench --generate-hashes \
	  --python-version 3.11 --python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" \
	  $(if $(UPGRADE),--upgrade,) --quiet -o $(LOCK)
	@echo "wrote $(LOCK): review the diff, then 'make install' and 'make test'"

.PHONY: build
build: $(BIN)/.installed ## Build the static site into build/site/
	$(BIN)/portal-build

.PHONY: run
run: $(BIN)/.installed ## Migrate, add sample data to an empty database, build the site, serve both (PORT=8000; emailed links use TRACKER_URL, default http://127.0.0.1:PORT/tracker)
	$(BIN)/tracker-migrate
	$(BIN)/tracker-demo
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} SAMPLE_PERFORMANCE_DIR=instance/sample-performance $(BIN)/portal-build
	TRACKER_URL=$${TRACKER_URL:-http://127.0.0.1:$(PORT)/tracker} $(BIN)/tracker-serve --port $(PORT)

.PHONY: migrate
migrate: $(BIN)/.installed ## Create or bring up to date the tracker's database (DATABASE_URL, default SQLite)
	$(BIN)/tracker-migrate

.PHONY: lint
lint: $(BIN)/.installed ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

.PHONY: format
format: $(BIN)/.installed ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: test
test: $(BIN)/.installed node_modules/.installed lint translations-check ## The whole suite on SQLite: lint, catalogues, pytest (browser tests included)
	$(BIN)/pytest

.PHONY: golden
golden: $(BIN)/.installed ## Write tests/golden/site/ again from tests/fixtures/site/ (after a change to rendering that is meant)
	$(BIN)/python -m tests.golden

POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
.PHONY: test-postgres
test-postgres: $(BIN)/.installed ## The tests that touch the database, against PostgreSQL (POSTGRES_URL); fails if it is unreachable
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest tests/tracker

.PHONY: bench
bench: $(BIN)/.installed ## The site build against Pelican; load on the tracker with wrk (gunicorn, 2 workers) on SQLite and PostgreSQL
	@command -v wrk >/dev/null || { echo "make bench needs wrk, a system package: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/build.py
	$(BIN)/python bench/load.py --db sqlite
	$(BIN)/python bench/load.py --db postgres
	$(BIN)/python bench/staff_queue.py --db sqlite
	$(BIN)/python bench/staff_queue.py --db postgres
	$(BIN)/python bench/export.py --db sqlite
	$(BIN)/python bench/export.py --db postgres
	$(BIN)/python bench/upload.py --db sqlite
	$(BIN)/python bench/upload.py --db postgres

.PHONY: translations-extract
translations-extract: $(BIN)/.installed ## Extract the strings in the code into translations/messages.pot
	$(BIN)/python -m sitekit.catalogue extract

.PHONY: translations-update
translations-update: translations-extract ## Bring every language's catalogue up to date with the template
	$(BIN)/python -m sitekit.catalogue update

.PHONY: translations-compile
translations-compile: $(BIN)/.installed ## Compile the catalogues (.mo files are build outputs, not committed)
	$(BIN)/python -m sitekit.catalogue compile

.PHONY: translations-check
translations-check: $(BIN)/.installed ## Fail on a stale template or an incomplete, fuzzy or broken catalogue
	$(BIN)/python -m sitekit.catalogue check

.PHONY: translations-report
translations-report: $(BIN)/.installed ## For each language: the share of the catalogue and of pages translated and reviewed
	$(BIN)/python -m portal.translation_report

.PHONY: translation-init
translation-init: $(BIN)/.installed ## Start a new language's catalogue: make translation-init LANG=ro
	$(BIN)/python -m sitekit.catalogue init $(LANG)

.PHONY: clean
clean: ## Remove the built site and caches (keeps .venv)
	rm -rf build .pytest_cache .mypy_cache .ruff_cache test-output
