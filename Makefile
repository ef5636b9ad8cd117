# Every target creates or refreshes the environments it needs, and only those:
#   .venv         building the book (requirements-book.txt); for tests and tools, all of
#                 requirements.txt; msebook installed in editable mode
#   .venv-reader  the reader's environment: msebook's wheel and a Jupyter kernel, nothing
#                 else; the tests run every chapter there
#   .venv-reader-torch  the same plus PyTorch (CPU), torchmetrics and Keras, for the
#                 chapters that name them in their opening
#   .venv-reader-dask   the same plus Dask and distributed, for the chapters that
#                 name them in their opening
#   .venv-lab     the reader's environment plus JupyterLab and jupyterlab-myst
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
READER := .venv-reader
READER_TORCH := .venv-reader-torch
READER_DASK := .venv-reader-dask
LAB := .venv-lab
BOOK_ENV := $(VENV)/.installed-book
TEST_ENV := $(VENV)/.installed
INSTALL := -m pip install --quiet --disable-pip-version-check
WHEEL_DIR := _build/wheel
LAB_DIR := _build/lab
PORT ?= 8000
LAB_PORT ?= 8888
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
ALLOW_ROOT := $(shell [ "$$(id -u)" -eq 0 ] && echo --allow-root)
# JupyterLab reaches no outside server: no news, no update check, no extension index.
LAB_OFFLINE := --LabApp.news_url=None --LabApp.extension_manager=readonly \
	--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate

# Kernels started by the tools below must use this environment's Python.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: book pdf test check lint notebooks lab wheel reader-env lab-env bench serve system-packages clean

$(BOOK_ENV): requirements-book.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python $(INSTALL) -r requirements-book.txt
	$(BIN)/python $(INSTALL) --no-deps --no-build-isolation -e .
	touch $@

$(TEST_ENV): requirements.txt $(BOOK_ENV)
	$(BIN)/python $(INSTALL) -r requirements.txt
	touch $@

$(READER)/.installed: requirements-reader.txt
	test -x $(READER)/bin/python || $(PYTHON) -m venv $(READER)
	$(READER)/bin/python $(INSTALL) -r requirements-reader.txt
	touch $@

$(READER_TORCH)/.installed: requirements-reader-torch.txt requirements-reader.txt
	test -x $(READER_TORCH)/bin/python || $(PYTHON) -m venv $(READER_TORCH)
	$(READER_TORCH)/bin/python $(INSTALL) -r requirements-reader-torch.txt
	touch $@

$(READER_DASK)/.installed: requirements-reader-dask.txt requirements-reader.txt
	test -x $(READER_DASK)/bin/python || $(PYTHON) -m venv $(READER_DASK)
	$(READER_DASK)/bin/python $(INSTALL) -r requirements-reader-dask.txt
	touch $@

$(LAB)/.installed: requirements-lab.txt requirements-reader.txt
	test -x $(LAB)/bin/python || $(PYTHON) -m venv $(LAB)
	$(LAB)/bin/python $(INSTALL) -r requirements-lab.txt
	$(LAB)/bin/jupyter labextension disable --level=sys_prefix \
		@jupyterlab/apputils-extension:announcements
	touch $@

## book: build the web book strictly (any warning fails) into _build/html, downloads included
book: $(BOOK_ENV)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "The book is at $(CURDIR)/_build/html/index.html"

## pdf: the whole book as one PDF through XeLaTeX, strictly, into _build/latex/book.pdf;
## the next make book offers it for download on the landing page
pdf: $(BOOK_ENV)
	$(BIN)/jupyter-book build . --builder pdflatex --warningiserror --nitpick --keep-going
	@echo "The PDF is at $(CURDIR)/_build/latex/book.pdf"

## wheel: build msebook's wheel from the current source into _build/wheel
wheel: $(BOOK_ENV)
	rm -rf $(WHEEL_DIR)
	$(BIN)/python book/_ext/reader_copies.py wheel $(WHEEL_DIR)

## reader-env: the reader's environments with the wheel of the current source
reader-env: $(READER)/.installed $(READER_TORCH)/.installed $(READER_DASK)/.installed wheel
	$(READER)/bin/python $(INSTALL) --no-deps --no-index --force-reinstall $(WHEEL_DIR)/*.whl
	$(READER_TORCH)/bin/python $(INSTALL) --no-deps --no-index --force-reinstall \
		$(WHEEL_DIR)/*.whl
	$(READER_DASK)/bin/python $(INSTALL) --no-deps --no-index --force-reinstall \
		$(WHEEL_DIR)/*.whl

lab-env: $(LAB)/.installed wheel
	$(LAB)/bin/python $(INSTALL) --no-deps --no-index --force-reinstall $(WHEEL_DIR)/*.whl

# scikit-image's metric tests, from the source distribution of the installed version
# (its wheel has none); fetched while installing, so that the tests run offline
UPSTREAM := _build/upstream/skimage/.fetched
$(UPSTREAM): $(TEST_ENV) tests/upstream_sources.py
	$(BIN)/python tests/upstream_sources.py $(dir $@)
	touch $@

## test: lint, then every test: package, chapters in the reader's environment, build, browsers
test: $(TEST_ENV) $(UPSTREAM) reader-env lab-env system-packages lint
	$(BIN)/python -m pytest

## notebooks: re-execute every chapter in place in a fresh kernel, storing its outputs
notebooks: $(TEST_ENV)
	$(BIN)/python tests/notebook_tools.py book/*.ipynb

## lab: open the chapters' reader copies (in _build/lab) in JupyterLab with jupyterlab-myst
lab: lab-env $(LAB_DIR)/.copies
	$(LAB)/bin/jupyter-lab --notebook-dir=$(LAB_DIR) --ServerApp.ip=127.0.0.1 \
		--ServerApp.port=$(LAB_PORT) $(LAB_OFFLINE) $(ALLOW_ROOT)

# The copies are written again only when the book changes: a reader's edits survive.
$(LAB_DIR)/.copies: $(BOOK_ENV) $(wildcard book/*.ipynb) book/references.bib _toc.yml \
		book/_ext/reader_copies.py
	$(BIN)/python book/_ext/reader_copies.py notebooks $(LAB_DIR)
	touch $@

## bench: time the metrics against scikit-learn, scikit-image, numpy and Dask; write the figures to benchmarks/README.md
## (fails when a speed or memory target is missed)
bench: $(TEST_ENV)
	$(BIN)/python benchmarks/images.py
	$(BIN)/python benchmarks/run.py
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python benchmarks/models.py
	$(BIN)/python benchmarks/dask_metrics.py

## lint: ruff's checks and formatting over the package, tests, benchmarks, chapters and book extensions
lint: $(TEST_ENV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## check: the package's unit tests and doctests only, with a tenth of the property-test
## examples and without the checks marked slow (under a minute)
check: $(TEST_ENV)
	MSEBOOK_HYPOTHESIS_PROFILE=check $(BIN)/python -m pytest msebook tests -q -m "not slow" \
		$(addprefix --ignore=tests/,test_book.py test_chapters_run.py test_downloads.py test_lab.py \
		test_pdf.py test_upstream_suites.py test_library_conventions.py)

## serve: serve the built book on http://127.0.0.1:$(PORT)
serve:
	test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

## system-packages: install Debian's chromium, which the browser tests drive, and the
## TeX Live, fonts and poppler tools that make pdf and its test need
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk \
	xindy fonts-freefont-otf poppler-utils
system-packages:
	command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v xindy >/dev/null \
		&& command -v pdftotext >/dev/null && fc-list | grep -q FreeSerif \
		|| { $(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends $(TEX_PACKAGES); }

clean:
	rm -rf _build $(VENV) $(READER) $(READER_TORCH) $(READER_DASK) $(LAB)
