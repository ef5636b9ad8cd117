# Every target creates or refreshes the virtual environment in .venv on its own.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# Kernels started by the tools below must use this environment's Python.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: book test notebooks bench serve system-packages clean

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## book: build the web book strictly (any warning fails) into _build/html
book: $(INSTALLED)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "The book is at $(CURDIR)/_build/html/index.html"

## test: run every test: package, notebooks, figures, strict build, browser
test: $(INSTALLED) system-packages
	$(BIN)/python -m pytest

## notebooks: re-execute every chapter in place in a fresh kernel, storing its outputs
notebooks: $(INSTALLED)
	$(BIN)/python tests/notebook_tools.py book/*.ipynb

## bench: time the metrics against scikit-learn, scikit-image and numpy; write the figures to benchmarks/README.md
## (fails when a speed or memory target is missed)
bench: $(INSTALLED)
	$(BIN)/python benchmarks/images.py
	$(BIN)/python benchmarks/run.py

.PHONY: lint check
## lint: ruff's checks and formatting over the package, its tests and benchmarks (configured in pyproject.toml)
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## check: the package's unit tests and doctests only, with a tenth of the property-test examples (about a minute)
check: $(VENV)/.installed
	MSEBOOK_HYPOTHESIS_PROFILE=check $(BIN)/python -m pytest msebook tests -p no:nbval \
		-o addopts="--doctest-modules -p no:cacheprovider" \
		--ignore=tests/test_book.py --ignore=tests/test_notebooks.py -q

## serve: serve the built book on http://127.0.0.1:$(PORT)
serve:
	test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

## system-packages: install Debian's chromium, which the browser tests drive
system-packages:
	command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

clean:
	rm -rf _build $(VENV)
