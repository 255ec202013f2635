# Two commands on a fresh machine: `make build` builds the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_TOOLS := tools/node_modules/.installed

.PHONY: build serve test test-core test-browser validate lint chromium java clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# The preview makes again, at each edit, only the pages and files whose inputs changed
# (--dirty; see "The live preview" in README.md). Its site is kept in memory (/dev/shm)
# where there is one: the first build writes tens of thousands of files.
serve: $(STAMP)
	TMPDIR=$$(test -w /dev/shm && echo /dev/shm || echo "$${TMPDIR:-/tmp}") \
	  $(BIN)/mkdocs serve --dirty --no-strict --watch data --watch docs_templates

validate: $(STAMP)
	$(BIN)/conflict-monitor validate

# What the browser tests and the workflow lint need beyond Python packages.
$(NODE_TOOLS): tools/package.json tools/package-lock.json
	@command -v npm >/dev/null || { \
	  SUDO=$$(test "$$(id -u)" -eq 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	cd tools && npm ci --silent --no-audit --no-fund
	touch $@

# Debian's chromium for the browser tests, unless a Chromium or Chrome is already there.
chromium:
	@if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
	    && ! command -v google-chrome >/dev/null; then \
	  SUDO=$$(test "$$(id -u)" -eq 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# Java for the Nu HTML Checker (vnu.jar, from tools/package.json) that checks every page
# of the sample site (tests/test_valid_html.py), unless a Java is already there.
java:
	@if ! command -v java >/dev/null; then \
	  SUDO=$$(test "$$(id -u)" -eq 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

test: lint test-core test-browser

# Everything but the browser: no Chromium or Playwright needed.
test-core: $(STAMP) $(NODE_TOOLS) java
	$(BIN)/pytest -m "not browser"

# The tests that drive headless Chromium (tests/browser/).
test-browser: $(STAMP) chromium
	$(BIN)/pytest -m browser

# Style, types, and the layers of the pipeline (see "How the code is laid out").
lint: $(STAMP)
	$(BIN)/ruff check plugins tests tools
	$(BIN)/ruff format --check plugins tests tools
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf site .venv tools/node_modules
