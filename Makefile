# The two commands: `make demo` and `make test`.  Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo-out

# Separate distributions under plugins/, installed editable beside the core.
PLUGINS      := $(wildcard plugins/*/pyproject.toml)
PLUGIN_PKGS  := -e 'plugins/sqmy-sqlalchemy[postgresql,mysql]' \
                -e 'plugins/sqmy-notify-smtp[test]' \
                -e 'plugins/sqmy-notify-webhook[test]' \
                -e plugins/sqmy-org-xiaoshan
PLUGIN_SRCS  := plugins/sqmy-sqlalchemy/src plugins/sqmy-notify-smtp/src \
                plugins/sqmy-notify-webhook/src plugins/sqmy-org-xiaoshan/src

.PHONY: install demo test lint typecheck unit plugins-test bench fuzz trust clean

$(STAMP): pyproject.toml $(PLUGINS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,fuzz,scale,bench,similar,reports,service]' $(PLUGIN_PKGS)
	touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p $(DEMO)
	$(BIN)/sqmy demo --seed 2024 --year 2024 --db $(DEMO)/district.db
	$(BIN)/sqmy assess --db $(DEMO)/district.db --year 2024 --format table
	$(BIN)/sqmy overdue --db $(DEMO)/district.db --now 2024-08-03T16:00:00+08:00

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy
	$(BIN)/mypy $(PLUGIN_SRCS)

unit: install
	$(BIN)/python -m pytest

# PostgreSQL and MariaDB tests run against the servers on this machine; with CI set they must run.
plugins-test: install
	$(BIN)/python -m pytest plugins/sqmy-sqlalchemy/tests plugins/sqmy-notify-smtp/tests \
	    plugins/sqmy-notify-webhook/tests plugins/sqmy-org-xiaoshan/tests

test: lint typecheck unit plugins-test

# The long fuzz profile (not part of `make test`, which runs 2,000 inputs per target):
# FUZZ_TIME seconds per target; a crash leaves its input in .fuzz/ (keep it in tests/fuzz/regressions/).
FUZZ_TIME ?= 600
FUZZ_FLAGS = -max_total_time=$(FUZZ_TIME) -timeout=30 -rss_limit_mb=2048 -artifact_prefix=.fuzz/

fuzz: install
	@mkdir -p .fuzz/ruleset .fuzz/dataset
	$(BIN)/python tests/fuzz/fuzz_ruleset.py $(FUZZ_FLAGS) .fuzz/ruleset rulesets tests/fuzz/regressions
	$(BIN)/python tests/fuzz/fuzz_dataset.py $(FUZZ_FLAGS) .fuzz/dataset rulesets/examples tests/fuzz/regressions

# Issue 10's benchmarks: sqmy against a hand-written polars script, each figure next to its target;
# fails when one is missed.  BENCH_SIZES=county,city,province,national (default all), BENCH_RUNS=3;
# writes docs/performance.md and docs/performance.png.  Generated data is cached in .bench/.
bench: install
	$(BIN)/python -m benchmarks.run --write-docs

# Issue 11's reliability trials (concurrency matrix, SIGKILL, fuzz corpus, tampering, canary,
# separation of duties) on SQLite, PostgreSQL and MariaDB, each figure next to its requirement;
# fails when one is missed, writes docs/reliability.md from the run.  The quick profile runs in
# `make test` (tests/integration/test_trust_quick.py).
trust: install
	$(BIN)/python -m trust.run --profile full --write-docs

clean:
	rm -rf $(VENV) $(DEMO) .fuzz .trust build dist src/*.egg-info plugins/*/src/*.egg-info
