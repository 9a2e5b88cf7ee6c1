# Two commands do everything: `make site` and `make test` (see README.md).
PYTHON ?= python3.11
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test lint bench browser pdf dist properdocs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Build beside the old site and swap only on success: a failed build never leaves readers
# (or `make serve` users) with a half-empty site/.
site: $(STAMP)
	rm -rf site.new
	$(BIN)/mkdocs build --clean --site-dir site.new
	rm -rf site && mv site.new site

# Live preview. --dirty re-renders only what a save changed: clausebook regenerates its reports
# on every save and, when the sidebar changes, every document page, so a save shows in about
# two seconds even in a manual of 2,000 documents. `make site` is the full, clean build.
serve: $(STAMP)
	CLAUSEBOOK_DRAFTS=include $(BIN)/mkdocs serve --livereload --dirty

# Chromium (Debian), CJK fonts and poppler for the browser and PDF tests. Best effort: where
# the machine has no apt-get or we are not root, those tests skip and say why.
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || missing="$$missing fonts-wqy-microhei"; \
	fc-list 2>/dev/null | grep -qi "Liberation Sans" || missing="$$missing fonts-liberation"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "could not install$$missing: browser and PDF tests will be skipped"; \
	  else echo "missing$$missing (needs root and apt-get): browser and PDF tests will be skipped"; fi; \
	fi

pdf: site
	$(BIN)/clausebook pdf

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks

test: $(STAMP) browser
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# The wheel of this checkout, for machines without it: `pip install dist/clausebook-*.whl`,
# or offer the folder to a manual started with `clausebook init` (PIP_FIND_LINKS=dist).
DIST ?= dist
dist: | $(BIN)/python
	$(BIN)/python -m pip wheel --no-deps --quiet --wheel-dir $(DIST) .
	@ls $(DIST)/clausebook-*.whl

# The example built and published with ProperDocs, the drop-in MkDocs fork, installed beside
# MkDocs: clausebook keeps working when the toolchain moves on (see docs/guides/publishing.md).
properdocs: $(STAMP)
	$(BIN)/python -m pip install --quiet 'properdocs>=1.6.5'
	$(BIN)/python -m pytest -q -m slow tests/test_properdocs.py

clean:
	rm -rf site .venv dist build .pytest_cache
