# Omkeer — one entry point. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run run-prod test lint fmt bench migrations-check ci messages worker clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m omkeer.matching.engine  # compile the matching engine's loops once (cached on disk)
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/omkeer migrate --no-input
	$(BIN)/omkeer demo --if-empty
	$(BIN)/omkeer collectstatic --no-input -v 0
	$(BIN)/omkeer serve

run-prod: $(STAMP)
	scripts/run-prod

test: $(STAMP)
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

migrations-check: $(STAMP)
	$(BIN)/omkeer makemigrations --check --dry-run

messages: $(STAMP)
	cd src/omkeer && ../../$(BIN)/omkeer makemessages -l nl --no-obsolete --add-location file
	$(BIN)/python -m omkeer.lib.compilemessages

worker: $(STAMP)
	$(BIN)/celery -A omkeer.celery worker -B --schedule var/celerybeat-schedule -l info

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var/ .pytest_cache
