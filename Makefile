# The two commands a newcomer needs: `make book` and `make test`.
# Everything runs in a virtual environment in .venv, created on first use, and installed
# only from the locks (requirements*.txt, every package pinned with its hashes).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HTML   := book/_build/html
PORT   ?= 8000
# `make book` builds into a staging folder and publishes to $(HTML) only when the build
# succeeds (python -m lipse_widgets.build), so a failed build leaves the last good site.
STAGE  := book/_build/.next
# The execution cache is keyed on each chapter's code, not on the package or the data
# the code reads; and an incremental build after a bibliography or configuration change
# can leave citation links pointing at anchors that no longer exist. This stamp starts
# the staging build afresh whenever any of those inputs changes (prose edits stay
# incremental); the published site stays until the new build succeeds.
# book/_static is among them: Sphinx copies static files only when a page is rebuilt.
CACHE_STAMP := $(STAGE)/.inputs
INPUTS := $(shell find lipse_widgets book/data book/_static -type f -not -name '*.pyc' 2>/dev/null) \
          book/references.bib book/_config.yml book/_toc.yml requirements.txt
# The tests that need no build and no browser (and install nothing): the quick loop.
FAST   := not build and not browser and not install
# pytest-xdist: the tests on every core, a module (or a class) at a time, so that a module's
# costly fixture (one visit of every page, one execution of the pages) is made once.
# (Not --dist loadgroup: with pytest 9.2 and pytest-xdist 3.8 it splits an xdist_group.)
# The modules go out in the order collected, which tests/conftest.py sets (the slow kinds
# first), rather than the largest number of tests first.
XDIST  := -n auto --dist loadscope --no-loadscope-reorder

.PHONY: help book validate test test-fast hooks serve clean linkcheck bench lock lock-upgrade

help:
	@echo "make book   check the data, then build the site into $(HTML)"
	@echo "make test   make book (only what changed), then every test on every core (unit, build, browser)"
	@echo "make validate   check the data, the citations and the readiness models (seconds)"
	@echo "make test-fast  the tests without the site and the browser, every chapter run cell by cell (about 1.5 minutes)"
	@echo "make hooks  install the pre-commit checks (spelling, ruff, one sentence per line, validate)"
	@echo "make serve  serve the built site on http://127.0.0.1:$(PORT)/"
	@echo "make clean  remove the build, caches and the virtual environment"
	@echo "make linkcheck  check every external link of the book (needs the internet)"
	@echo "make bench  time the build and the pages, write BENCHMARKS.md"
	@echo "make lock   re-lock after a change to requirements*.in or pyproject.toml (keeps other versions)"
	@echo "make lock-upgrade  re-lock every package at its newest allowed version"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# The installers first, from their own lock: pip (which then installs every other lock, so
# the same pip does it everywhere) and uv (which writes the locks: `make lock`).
$(VENV)/.installed-tools: requirements-tools.txt | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements-tools.txt
	touch $@

# --require-hashes: every package, and every package it needs, must be in the lock with its
# hashes, or pip refuses to install anything. The book's own package is then installed in
# place (editable), built by the locked setuptools (--no-build-isolation), adding nothing.
# PYTHONWARNINGS silences one notice of setuptools, "Editable installation." (how the
# editable package is found; not a deprecation): any other warning of the build shows.
$(VENV)/.installed: requirements.txt pyproject.toml $(VENV)/.installed-tools
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	PYTHONWARNINGS="ignore:Editable installation" \
	  $(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# The locks, written by uv from the readable inputs: pyproject.toml (the package's own
# dependencies), requirements.in (the build), requirements-dev.in (the tests),
# binder/requirements.in (Binder), binder/requirements-vega.in (what Binder's postBuild
# installs for a moment) and requirements-tools.in (pip, uv). One resolution for
# every platform and every Python from 3.11 (--universal), each file with its hashes.
# The dev and Binder locks are held to the build's versions (-c requirements.txt).
# `make lock` keeps every locked version that still fits the inputs; `make lock-upgrade`
# takes the newest version each input allows (the weekly workflow tries it).
UV     := $(BIN)/uv
UPGRADE ?=
LOCK   := $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes \
          --custom-compile-command "make lock" $(UPGRADE)

lock: $(VENV)/.installed-tools
	$(LOCK) requirements-tools.in -o requirements-tools.txt
	$(LOCK) pyproject.toml --extra site requirements.in -o requirements.txt
	$(LOCK) pyproject.toml --extra site requirements.in requirements-dev.in \
	  -c requirements.txt -o requirements-dev.txt
	$(LOCK) pyproject.toml binder/requirements.in -c requirements.txt -o binder/requirements.txt
	$(LOCK) binder/requirements-vega.in -c requirements.txt -o binder/requirements-vega.txt

lock-upgrade:
	$(MAKE) lock UPGRADE=--upgrade

# The data check first: a mistake in the data, the bibliography, a page's citation keys or
# a readiness model stops here with one FILE:ROW:COLUMN line per mistake, before Sphinx.
validate: $(VENV)/.installed
	@$(PY) -m lipse_widgets validate

$(CACHE_STAMP): $(INPUTS) | validate
	@echo "A fresh build: every chapter runs (a first build, or the package, the data or the configuration changed)."
	@rm -rf $(STAGE) book/_build/.jupyter_cache book/_build/.doctrees book/_build/jupyter_execute \
	  book/_build/lipse_static book/_build/.lipse-inputs
	@mkdir -p $(dir $@) && touch $@

book: validate $(CACHE_STAMP)
	@$(PY) -m lipse_widgets.build book

# axe-core (the browser tests' accessibility check), vnu-jar (the W3C HTML checker, run with
# the system's Java) and Lighthouse (make bench): package.json, package-lock.json.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Node.js and npm from Debian's packages for the accessibility tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "The accessibility tests need npm: run 'sudo apt-get install nodejs npm'."; exit 1; \
	  fi; \
	}
	npm ci --no-audit --no-fund
	touch $@

# The tests read the site `make book` publishes (its strict build, not built a second time):
# so `make test` runs `make book` first, which builds only what changed, if anything. The
# tests check that the site is the build of the sources as they are (book/_build/published.json).
test: book $(VENV)/.installed-dev node_modules/.installed
	@if [ ! -x /usr/bin/chromium-headless-shell ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Chromium's headless shell from Debian's packages for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; \
	  else \
	    echo "The browser tests need /usr/bin/chromium-headless-shell: run 'sudo apt-get install chromium-headless-shell' (or make test as root)."; \
	  fi; \
	fi
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Java from Debian's packages for the HTML checker (vnu.jar)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "The HTML checker needs Java: run 'sudo apt-get install default-jre-headless' (or make test as root)."; \
	  fi; \
	fi
	$(PY) -m pytest $(XDIST)

# The quick loop while you work: every test but the strict build, the browser and the
# installs, and every chapter executed cell by cell (nbval, conftest.py), since no build
# runs them here; `make test` runs every test, after `make book` has executed every chapter.
test-fast: validate $(VENV)/.installed-dev
	$(PY) -m pytest $(XDIST) --nbval-lax -m "$(FAST)"

# The pre-commit checks on every `git commit` (see .pre-commit-config.yaml).
hooks: $(VENV)/.installed-dev
	$(BIN)/pre-commit install

# External links only: needs the internet, so it is not part of `make test`. Built in a
# folder of its own (the published site is left alone); Jupyter Book writes the report to
# book/_build/linkcheck/_build/html/output.txt (and output.json).
LINKCHECK := book/_build/linkcheck
linkcheck: validate
	$(BIN)/jupyter-book build book --builder linkcheck --path-output $(LINKCHECK)

# Build times, page weights, chart drawing times, scoring throughput: printed and
# written to BENCHMARKS.md. Builds from a temporary copy of the book.
bench: $(VENV)/.installed-dev node_modules/.installed
	$(PY) benchmarks/bench.py

serve:
	@test -f $(HTML)/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(PY) -m http.server --bind 127.0.0.1 --directory $(HTML) $(PORT)

clean:
	rm -rf book/_build $(VENV) node_modules .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
