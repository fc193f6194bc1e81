# The two README commands: `make demo` and `make test`. Everything installs into .venv (and npm's
# pinned Cypher linter into tools/cypher-lint), so a fresh clone needs only Python 3.11+ and Node/npm.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed tools/cypher-lint/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

tools/cypher-lint/node_modules/.installed: tools/cypher-lint/package-lock.json
	cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The demo needs only Python; npm installs the Cypher linter, which only the tests use.
demo: $(VENV)/.installed
	$(BIN)/graphkit ingest seeds/
	$(BIN)/graphkit report run who-did-what-to-whom --param limit=15 --format markdown

lint: setup
	$(BIN)/ruff check graphkit tests benchmarks scripts
	$(BIN)/ruff format --check graphkit tests benchmarks scripts
	$(BIN)/mypy graphkit

test: lint
	$(BIN)/pytest -q -ra

bench: setup
	$(BIN)/python benchmarks/ingest_throughput.py --n 1000

clean:
	rm -rf $(VENV) .graphkit tools/cypher-lint/node_modules
