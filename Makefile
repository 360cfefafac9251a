# The two commands: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo-out

.PHONY: install demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p $(DEMO)
	$(BIN)/python -m sqmy_core.demo --seed 2024 --year 2024 --db $(DEMO)/district.db
	$(BIN)/sqmy assess --db $(DEMO)/district.db --year 2024 --format table
	$(BIN)/sqmy overdue --db $(DEMO)/district.db --now 2024-08-03T16:00:00+08:00

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest

test: lint typecheck unit

bench: install
	$(BIN)/python -m pytest benchmarks --benchmark-only --benchmark-columns=min,mean,max,rounds -p no:cacheprovider

clean:
	rm -rf $(VENV) $(DEMO) build dist src/*.egg-info
