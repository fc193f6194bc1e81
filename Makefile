# The two README commands: `make demo` and `make test`. Everything installs into .venv (and npm's
# pinned Cypher linter into tools/cypher-lint), so a fresh clone needs only Python 3.11+ and Node/npm.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean neo4j

setup: $(VENV)/.installed tools/cypher-lint/node_modules/.installed tools/neo4j-browser-test/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,spark]"
	touch $@

tools/cypher-lint/node_modules/.installed: tools/cypher-lint/package-lock.json
	cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# playwright-core only (no browser download): the Neo4j Browser test drives Debian's Chromium
tools/neo4j-browser-test/node_modules/.installed: tools/neo4j-browser-test/package-lock.json
	cd tools/neo4j-browser-test && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The demo needs only Python; npm installs the Cypher linter and Playwright, which only the tests use.
demo: $(VENV)/.installed
	$(BIN)/graphkit ingest seeds/
	$(BIN)/graphkit report run who-did-what-to-whom --param limit=15 --format markdown

lint: setup
	$(BIN)/ruff check graphkit tests benchmarks scripts
	$(BIN)/ruff format --check graphkit tests benchmarks scripts
	$(BIN)/mypy graphkit

test: lint neo4j
	$(BIN)/pytest -q -ra

# The local Neo4j 5 launcher (tools/neo4j): Maven puts its dependencies in tools/neo4j/.m2, so a
# clean machine builds it itself and a second build runs offline. Without Maven or Java the Neo4j
# tests skip and say why.
NEO4J_SRC := tools/neo4j/pom.xml $(wildcard tools/neo4j/src/main/java/graphkit/neo4j/*.java)
MVN := mvn -B -q -Dmaven.repo.local=.m2/repository

neo4j:
	@if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory tools/neo4j/target/.built; \
	else echo "mvn or java missing: not building tools/neo4j (the Neo4j tests will skip)"; fi

tools/neo4j/target/.built: $(NEO4J_SRC)
	cd tools/neo4j && ($(MVN) -o package >/dev/null 2>&1 || $(MVN) package)
	touch $@

# raw spaCy (1 process and all cores) against graphkit --workers 1 and --workers <cores>, re-ingest, RSS
BENCH_N ?= 1000
bench: setup
	$(BIN)/python benchmarks/ingest_throughput.py --n $(BENCH_N)

clean:
	rm -rf $(VENV) .graphkit tools/cypher-lint/node_modules tools/neo4j-browser-test/node_modules tools/neo4j/target
