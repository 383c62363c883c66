# domainops.registrar: developer and CI entry points. `make help` lists them.
#
# Everything runs from virtual environments this Makefile builds itself (.venv for Python 3.11,
# .venv-py313 for the optional Python 3.13 leg), so a machine needs only python3.11 and make.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The 3.11 interpreter: python3.11 if there is one, else python3 (checked to be 3.11).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
RUN_TESTS := $(PYTHON) hacking/run_tests.py --python311 $(PYTHON)
# Python legs for `make test` (3.13 is skipped with a note when no python3.13 exists).
LEGS ?= 3.11,3.13

.PHONY: help venv test lint sanity units integration release-check demo benchmark clean

help: ## Show this help
	@echo "domainops.registrar make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "Variables: PYTHON=$(PYTHON)  LEGS=$(LEGS)  (e.g. make test LEGS=3.11)"

venv: ## Create/refresh .venv (skipped when requirement files are unchanged)
	@hacking/venv.sh $(VENV) $(PYTHON)

test: ## Full suite: lint, sanity, units, integration, release gate (3.11 + 3.13 legs); ends with "N passed, M failed"
	@$(RUN_TESTS) --legs $(LEGS)

lint: ## ruff check
	@$(RUN_TESTS) --legs 3.11 --stages lint

sanity: ## ansible-test sanity (Python 3.11)
	@$(RUN_TESTS) --legs 3.11 --stages sanity

units: ## ansible-test units (Python 3.11)
	@$(RUN_TESTS) --legs 3.11 --stages units

integration: ## ansible-test integration (Python 3.11)
	@$(RUN_TESTS) --legs 3.11 --stages integration

release-check: ## Release gate: build, galaxy-importer, ansible-lint, changelog, docs, EE (also part of make test)
	@$(RUN_TESTS) --legs 3.11 --stages release

benchmark: venv ## Performance benchmarks against the simulator (~70 s; results in benchmarks/results/)
	@$(VENV)/bin/python benchmarks/run.py $(BENCH_ARGS)

demo: venv ## Run the demo playbooks against the registrar simulator
	@PATH="$(CURDIR)/$(VENV)/bin:$$PATH" hacking/demo.sh

.PHONY: sim
sim: ## Registrar simulator on http://127.0.0.1:8780 (SIM_PORT=N: another port) until Ctrl-C; prints the export lines
	@$(PYTHON) hacking/sim.py

clean: ## Remove venvs, test trees, test output and caches
	rm -rf .venv .venv-py313 .venv-release .ansible tests/output .ruff_cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
