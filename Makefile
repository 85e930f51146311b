# Shegong: `make install` then `make run`. GNU make; needs Python 3.11 and Node.js 20.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHEGONG := $(BIN)/shegong
PIP := $(BIN)/python -m pip --disable-pip-version-check --no-input
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Development commands run with the dev settings and the embedded SQLite database in var/.
DEV := SHEGONG_ENV=dev

.PHONY: install run serve prepare translations test e2e lint format messages check audit loadtest clean distclean reset-db help

help:
	@echo "make install    create .venv and node_modules (instant when up to date)"
	@echo "make run        install, migrate, load divisions and demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test       ruff and the whole test suite (PostgreSQL when DATABASE_URL is set)"
	@echo "make e2e        only the browser tests"
	@echo "make lint       ruff check and ruff format --check"
	@echo "make format     ruff format and ruff check --fix"
	@echo "make messages   update the zh_Hans translation catalogues"
	@echo "make audit      pip-audit and npm audit of the pinned dependencies"
	@echo "make loadtest   50 users for 60 s against a throwaway demo database on loopback"
	@echo "make clean      delete caches and build products (keeps var/)"
	@echo "make reset-db   delete the development database in var/"

install: $(VENV_STAMP) $(NODE_STAMP)

$(VENV_STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(NODE_STAMP): package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

# shegong compile_translations needs no msgfmt; compilemessages is the fallback until it exists.
translations: install
	@if $(SHEGONG) help compile_translations >/dev/null 2>&1; then \
		$(DEV) $(SHEGONG) compile_translations; \
	else \
		cd src/shegong && SHEGONG_ENV=dev ../../$(SHEGONG) compilemessages --verbosity 0; \
	fi

prepare: translations
	@mkdir -p var
	$(DEV) $(SHEGONG) migrate --noinput
	$(DEV) $(SHEGONG) load_divisions
	$(DEV) $(SHEGONG) demo
	@# Record today's findings of the demo data in the ledger (idempotent); print only the summary.
	$(DEV) $(SHEGONG) scan | tail -n 1

run: prepare
	$(DEV) $(SHEGONG) runserver $(HOST):$(PORT)

serve: install
	$(DEV) $(SHEGONG) runserver $(HOST):$(PORT)

test: translations
	$(BIN)/ruff check src e2e
	@rm -f var/spec-coverage.json  # the test run records afresh which tests exercise which SPEC ID
	$(BIN)/pytest $(PYTEST_ARGS)

e2e: translations
	$(BIN)/pytest -m e2e e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src e2e
	$(BIN)/ruff format --check src e2e

format: install
	$(BIN)/ruff format src e2e
	$(BIN)/ruff check --fix src e2e

messages: install
	@if $(SHEGONG) help update_translations >/dev/null 2>&1; then \
		$(DEV) $(SHEGONG) update_translations; \
	else \
		for locale in src/shegong/*/locale; do \
			app=$${locale%/locale}; \
			echo "makemessages: $$app"; \
			(cd "$$app" && SHEGONG_ENV=dev $(CURDIR)/$(SHEGONG) makemessages -l zh_Hans --no-location --verbosity 0); \
		done; \
	fi

check: install
	$(DEV) $(SHEGONG) check

audit: install
	scripts/audit-dependencies

# Issue 12: 50 concurrent users for 60 s on loopback, against a throwaway SQLite demo database; fails on
# any error. LOADTEST_USERS / LOADTEST_SECONDS change the load.
LOADTEST_USERS ?= 50
LOADTEST_SECONDS ?= 60
loadtest: translations
	@dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	export SHEGONG_ENV=dev SHEGONG_VAR_DIR="$$dir"; unset DATABASE_URL; \
	$(SHEGONG) migrate --noinput -v0 && $(SHEGONG) load_divisions -v0 && $(SHEGONG) demo -v0 && \
	$(SHEGONG) loadtest --serve --users $(LOADTEST_USERS) --seconds $(LOADTEST_SECONDS) --output "$$dir/results"

clean:
	find src e2e -name __pycache__ -type d -prune -exec rm -rf {} +
	find src -name '*.mo' -path '*/LC_MESSAGES/*' -delete
	rm -rf .pytest_cache .ruff_cache src/*.egg-info build dist e2e/screenshots

distclean: clean
	rm -rf $(VENV) node_modules

# Deletes data: only on explicit request.
reset-db:
	rm -f var/shegong.sqlite3 var/shegong.sqlite3-wal var/shegong.sqlite3-shm
