# The two commands a newcomer needs: `make book` and `make test`.
# Everything runs in a virtual environment in .venv, created on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HTML   := book/_build/html
PORT   ?= 8000
# The execution cache is keyed on each chapter's code, not on the package or the data
# the code reads; this stamp clears it whenever either changes.
CACHE_STAMP := book/_build/.lipse-inputs
INPUTS := $(shell find lipse_widgets book/data -type f -not -name '*.pyc' 2>/dev/null) requirements.txt

.PHONY: help book test serve clean

help:
	@echo "make book   build the site into $(HTML)"
	@echo "make test   run every test (unit, chapters, strict build, browser)"
	@echo "make serve  serve the built site on http://127.0.0.1:$(PORT)/"
	@echo "make clean  remove the build, caches and the virtual environment"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(CACHE_STAMP): $(INPUTS)
	rm -rf book/_build/.jupyter_cache
	mkdir -p $(dir $@) && touch $@

book: $(VENV)/.installed $(CACHE_STAMP)
	$(BIN)/jupyter-book build book --warningiserror --nitpick --keep-going
	@echo "The site is in $(HTML): open $(CURDIR)/$(HTML)/index.html or run 'make serve'."

test: $(VENV)/.installed-dev
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Chromium from Debian's packages for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "The browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium' (or make test as root)."; \
	  fi; \
	fi
	$(PY) -m pytest

serve:
	@test -f $(HTML)/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(PY) -m http.server --bind 127.0.0.1 --directory $(HTML) $(PORT)

clean:
	rm -rf book/_build $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
