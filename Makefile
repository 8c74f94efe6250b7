# SecondLook — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
PYTEST_WORKERS ?= 2
PYTEST := $(VENV)/bin/pytest -n $(PYTEST_WORKERS)

.PHONY: run test test-fast test-browser test-postgres lint format bench demo migrate clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	touch $@

migrate: $(VENV)/.synced
	@mkdir -p var/static
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

## Start the demo program at http://$(HOST):$(PORT) (SQLite, background jobs in a local worker).
run: demo
	@echo
	@echo "  SecondLook is starting at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo
	@trap 'kill 0' EXIT INT TERM; \
	  $(MANAGE) run_huey --workers 1 --quiet & \
	  $(MANAGE) runserver $(HOST):$(PORT) --noreload

## The whole suite: lint, migrations check, unit/HTTP tests and browser tests.
test: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run --settings=config.settings.test
	$(PYTEST) $(PYTEST_ARGS)

## Everything but the browser tests, for a quick loop.
test-fast: $(VENV)/.synced
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)

test-browser: $(VENV)/.synced
	$(PYTEST) -m browser $(PYTEST_ARGS)

## The suite against PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
test-postgres: $(VENV)/.synced
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/secondlook} $(PYTEST) -m "not browser" $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Benchmarks; each prints its figures with a JSON line last. Public data is read from
## ../shared/data (SHARED_DATA=...); a benchmark whose data is missing says so.
SHARED_DATA ?= $(abspath ../shared/data)
BENCH_PY := $(VENV)/bin/python
bench: $(VENV)/.synced
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/secondlook_bench} \
	  $(BENCH_PY) bench/worklist.py --cases $${BENCH_CASES:-100000}
	$(BENCH_PY) bench/extraction.py --data $(SHARED_DATA)/tcga/reports_dev.csv
	$(BENCH_PY) bench/staging.py --tables $(SHARED_DATA)/staging/eod_public_2.1
	$(BENCH_PY) bench/trials.py --queries $(SHARED_DATA)/trials/sigir/queries.jsonl \
	  --qrels $(SHARED_DATA)/trials/sigir/qrels.tsv --corpus $(SHARED_DATA)/trials/corpus.jsonl
	$(BENCH_PY) bench/trials.py --queries $(SHARED_DATA)/trials/trec_2021/queries.jsonl \
	  --qrels $(SHARED_DATA)/trials/trec_2021/qrels.tsv --corpus $(SHARED_DATA)/trials/corpus.jsonl
	$(BENCH_PY) bench/therapies.py --vignettes bench/vignettes/therapies.json
	$(BENCH_PY) bench/therapies.py --vignettes bench/vignettes/therapies_unseen_2.json
	$(BENCH_PY) bench/planner.py
	$(BENCH_PY) bench/simulation.py

clean:
	rm -rf $(VENV) $(TOOLS) var
