# Two commands for a fresh machine: `make run` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL suite runs against this server. If none answers it is skipped, with the
# reason; when CI is set in the environment it fails instead (see tests/conftest.py).
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Each suite runs in one pytest worker per core (pytest-xdist); each worker has its own SQLite
# files and its own PostgreSQL database beside PG_TEST_URL's (test_gw0, test_gw1, ...).
# PYTEST_WORKERS=0 runs a suite in a single process.
PYTEST_WORKERS ?= auto
# The slowest tests are listed at the end of each run, to see where the suite's time goes.
PYTEST = $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=25

.PHONY: run test test-sqlite test-postgres lint browser bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python 3.11 trở lên; máy này có " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/thidua db upgrade
	$(BIN)/thidua demo load
	$(BIN)/thidua serve --host $(HOST) --port $(PORT) --scheduler

test: $(VENV)/.installed-test browser lint test-sqlite test-postgres

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

test-sqlite: $(VENV)/.installed-test
	$(PYTEST)

test-postgres: $(VENV)/.installed-test
	THIDUA_TEST_DATABASE_URL=$(PG_TEST_URL) $(PYTEST)

# Real-browser tests drive Debian's Chromium; install it when missing (needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || sh .ci/install-chromium.sh

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/contest_replay.py

clean:
	rm -rf $(VENV) var .pytest_cache
