# annotator's one task runner: `make help` lists the targets.
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: help setup setup-test run test test-fast lint bench screenshots clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## install system libraries (if missing), .venv and annotator
	@bash scripts/setup.sh

setup-test: ## setup, plus what the tests need (PostgreSQL's server)
	@bash scripts/setup.sh --test

run: setup ## open the window on the demo data (datasets/demo)
	@bash scripts/run-demo.sh $(DEMO_DB)

test: setup-test ## run the whole test suite (Qt offscreen, a PostgreSQL server of its own)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: setup-test ## the tests not marked slow
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

lint: setup ## ruff check and format check
	$(BIN)/ruff check annotator tests benchmarks
	$(BIN)/ruff format --check annotator tests benchmarks

bench: setup-test ## every benchmark, each figure beside its floor
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

screenshots: setup ## refresh docs/*.png from the demo data
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m annotator.ui.screenshots docs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m annotator.ui.screenshots_team docs

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
