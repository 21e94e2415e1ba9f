# sitroom developer tasks. `make demo` and `make test` work on a fresh machine.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup lint eval bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/sitroom extract examples/corpus --format table

test: $(STAMP)
	$(BIN)/python -m pytest tests

# ruff on the whole tree, mypy on src/sitroom (strict for records, store, api); config in pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/python bench/quality.py

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

bench-external: $(STAMP)
	$(BIN)/python -m bench.external.run_all

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
