# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# domainops.registrar: developer and CI entry points. `make help` lists them.
#
# Every check is a nox session (noxfile.py, antsibull-nox.toml; `nox -l` lists them). This
# Makefile builds .venv (Python 3.11 with nox and antsibull-nox) and calls nox; each session
# installs its own tools into .nox/<session>. A machine needs python3.11 and make; the
# ansible-core 2.20 and 2.21 sessions also need python3.12 and python3.13 (pyenv's are found).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The 3.11 interpreter: python3.11 if there is one, else python3 (checked by hacking/venv.sh).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
# CI=true: formatters check instead of rewriting, and a missing interpreter is an error.
NOX := CI=true PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/nox --reuse-venv=yes
# Sessions `make test` runs side by side (the machine has 2 cores; most of a run is waiting).
JOBS ?= 2
# ansible-core lines for the focused targets (make sanity CORES="2.19 2.21"); make test runs all.
CORES ?= 2.19
REPORT := tests/output/nox-report.json
SUMMARY := $(VENV)/bin/python hacking/summary.py

.PHONY: help venv test lint sanity units integration release-check demo sim benchmark clean

help: ## Show this help
	@echo "domainops.registrar make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "Variables: CORES=$(CORES) (focused targets)  JOBS=$(JOBS)  TARGETS= (integration)  NOX_ARGS="
	@echo "Sessions: $(VENV)/bin/nox -l"

venv: ## Create/refresh .venv (skipped when requirement files are unchanged)
	@hacking/venv.sh $(VENV) $(PYTHON)

# run_nox REPORT SESSION-ARGS: run nox, then print its summary ("N passed, M failed") and fail
# when anything failed.
define run_nox
	@mkdir -p tests/output; rc=0; $(NOX) --report $(1) $(2) $(NOX_ARGS) || rc=$$?; $(SUMMARY) --nox-exit $$rc $(1)
endef

test: venv ## Every session: lint, docs, license, build/import, ansible-lint, ansible-test on 2.19-2.21, release gate
	$(call run_nox,$(REPORT),-j $(JOBS) --allow-parallel)

lint: venv ## ruff check and format check, yamllint, mypy (nox -e lint)
	$(call run_nox,tests/output/nox-lint.json,-e lint)

sanity: venv ## ansible-test sanity (ansible-core CORES, default 2.19)
	$(call run_nox,tests/output/nox-sanity.json,-s $(addprefix sanity-,$(CORES)))

units: venv ## ansible-test units (ansible-core CORES, default 2.19)
	$(call run_nox,tests/output/nox-units.json,-s $(addprefix units-,$(CORES)))

integration: venv ## ansible-test integration (ansible-core CORES, default 2.19); TARGETS="a b" for some targets
	$(call run_nox,tests/output/nox-integration.json,-s $(addprefix integration-,$(CORES)) -- $(TARGETS))

release-check: venv ## Release gate: build/import (galaxy-importer), ansible-lint, docs, release checks (part of make test)
	$(call run_nox,tests/output/nox-release.json,-s build-import-check ansible-lint docs-check release-gate)

demo: venv ## Run the demo playbooks against the registrar simulator (nox -s demo, in .venv)
	@PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/nox --reuse-venv=yes -s demo

sim: ## Registrar simulator on http://127.0.0.1:8780 (SIM_PORT=N: another port) until Ctrl-C; prints the export lines
	@$(PYTHON) hacking/sim.py

benchmark: venv ## Performance benchmarks against the simulator (about 5 minutes; results in benchmarks/results/)
	@$(VENV)/bin/python benchmarks/run.py $(BENCH_ARGS)

clean: ## Remove venvs, nox sessions, test trees, test output and caches
	rm -rf .venv .nox .ansible tests/output .ruff_cache .pytest_cache .mypy_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
