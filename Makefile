# Statement Bot. Two commands do everything: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
# Rasa through the launcher that installs the project's patches (rasa_plugins).
RASA    := $(PY) -m rasa_plugins
STAMP   := $(VENV)/.installed
MODEL   := models/statement-bot.tar.gz
# The real rasa-webchat bundle for the /webchat.html demo page (web/package.json).
WEBCHAT := web/vendor/rasa-webchat.js
# The NLU pipeline: config.yml (DIET, the default) or config-fast.yml
# (docs/architecture.md, "Two profiles"), e.g. `make run CONFIG=config-fast.yml`.
CONFIG  ?= config.yml
# Names the profile the model was trained with: changing CONFIG retrains.
PROFILE := models/profile.txt
SOURCES := statement_bot actions rasa_plugins devtools tests scripts web ops cluster bench
# What the trained model depends on: retrain when any of it is newer.
TRAIN_INPUTS := $(CONFIG) $(PROFILE) domain.yml \
  $(shell find data -name '*.yml' 2>/dev/null)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore::DeprecationWarning
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible training: the same model from the same data on any machine (CI has
# 90 cores, ours 2). TensorFlow's thread pools are pinned (Rasa reads these) and
# Python's string hashing is fixed; without them, three trainings in a row gave
# answer-suite scores of 159, 159 and 156 of 166.
export TF_INTER_OP_PARALLELISM_THREADS := 2
export TF_INTRA_OP_PARALLELISM_THREADS := 2
export TF_DETERMINISTIC_OPS := 1
export PYTHONHASHSEED := 0

.PHONY: FORCE help setup webchat run train validate lint unit test-stories e2e test evaluate clean browser run-cluster test-cluster shell bench report import import-check audit

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt scripts/find-python.sh
	@python=$$(scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then \
	  echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV) || exit 1; \
	fi
	@echo "Installing pinned requirements (first time: about 3 minutes, 2.7 GB)"
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0" "setuptools==69.5.1" wheel
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

setup: $(STAMP) $(WEBCHAT) ## Create .venv, install the pinned requirements and rasa-webchat
	@[ -f .env ] || { cp .env.example .env; echo "Created .env from .env.example"; }

# rasa-webchat from npm (pinned in web/package-lock.json), its finished bundle
# copied to web/vendor/ (ignored) and served by web/serve.py: no CDN.
$(WEBCHAT): web/package.json web/package-lock.json web/.npmrc
	@command -v npm >/dev/null || { echo "error: npm is needed for the rasa-webchat page (apt-get install npm)" >&2; exit 1; }
	@echo "Installing rasa-webchat $$(sed -n 's/.*"rasa-webchat": "\(.*\)".*/\1/p' web/package.json) (npm ci)"
	cd web && npm ci --silent
	@mkdir -p web/vendor
	cp web/node_modules/rasa-webchat/LICENSE web/vendor/rasa-webchat.LICENSE
	cp web/node_modules/rasa-webchat/lib/index.js $@.tmp && mv $@.tmp $@

webchat: $(WEBCHAT) ## Install the rasa-webchat bundle for /webchat.html (npm)

$(PROFILE): FORCE
	@[ -f "$(CONFIG)" ] || { echo "error: CONFIG=$(CONFIG): no such file (config.yml or config-fast.yml)" >&2; exit 1; }
	@echo "$(CONFIG)" | cmp -s - $@ || echo "$(CONFIG)" > $@

$(MODEL): $(TRAIN_INPUTS) | $(STAMP)
	@echo "Training the model with $(CONFIG) (data, config or profile changed)"
	$(RASA) train --config $(CONFIG) --fixed-model-name statement-bot --out models --quiet
	@touch $@

train: setup $(MODEL) ## Train the model if it is missing or older than its data

run: setup $(MODEL) ## Set up, train if needed, and start the bot (Ctrl-C stops it)
	scripts/run.sh $(MODEL)

run-cluster: setup $(MODEL) ## Scale-out profile: PostgreSQL, Redis, 2 Rasa, nginx (docs/operations.md)
	cluster/run.sh

test-cluster: setup $(MODEL) ## Scale-out integration test (installs PostgreSQL, Redis, nginx)
	cluster/install-services.sh
	$(PY) -m pytest -m cluster
	@echo "figures: $$(tr -d '\n ' < results/cluster/figures.json)"

shell: setup $(MODEL) ## Chat in the terminal (rasa shell + the action server)
	scripts/shell.sh $(MODEL)

validate: setup ## Check the statement store and the Rasa data
	$(PY) -m actions.validate
	$(PY) scripts/validate_rasa_data.py

lint: setup ## ruff and black
	$(VENV)/bin/ruff check $(SOURCES)
	$(VENV)/bin/black --check --quiet $(SOURCES)

unit: setup ## Unit tests (no servers)
	$(PY) -m pytest -m "not e2e and not cluster"

test-stories: setup $(MODEL) ## Conversation tests with real user text
	$(RASA) test core --model $(MODEL) --stories tests/stories --out results/core \
	  --fail-on-prediction-errors --no-plot --quiet

# Debian's Chromium for the widget tests (Playwright drives it; no browser download).
browser: ## Install Debian's chromium for the browser tests (skipped when present)
	@command -v chromium >/dev/null || { apt-get update && apt-get install -y --no-install-recommends chromium; } \
	  || { echo "error: could not install chromium (as root: apt-get install chromium)" >&2; exit 1; }

e2e: setup $(MODEL) browser ## End-to-end tests against the running servers
	$(PY) -m pytest -m "e2e and not cluster"

test: setup ## Everything: lint, unit tests, validation, training, stories, e2e
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory validate
	$(MAKE) --no-print-directory train
	$(MAKE) --no-print-directory test-stories
	$(MAKE) --no-print-directory e2e

evaluate: setup $(MODEL) ## Intent and entity F1 on the held-out sets, and search precision/recall
	$(RASA) test nlu --model $(MODEL) --nlu tests/nlu --out results/nlu --quiet
	@echo "tests/nlu (held out):"; $(PY) scripts/report_nlu.py results/nlu
	$(RASA) test nlu --model $(MODEL) --nlu tests/heldout/persona_nlu.yml --out results/nlu-persona --quiet
	@echo "tests/heldout/persona_nlu.yml (visitors, recruits, staff):"; $(PY) scripts/report_nlu.py results/nlu-persona
	$(RASA) test nlu --model $(MODEL) --nlu tests/heldout/practice_nlu.yml --out results/nlu-practice --quiet
	@echo "tests/heldout/practice_nlu.yml (asking to practise, or only to see the values):"; $(PY) scripts/report_nlu.py results/nlu-practice
	@echo "statement search (tests/heldout/search_queries.yml):"; $(PY) -m bench.search

# BENCH_ARGS=--reuse-models serves the models of the last run instead of training.
BENCH_ARGS ?=
bench: setup ## Measure both profiles and the stock peer (trains each): docs/benchmarks.md, bench/results*.json
	$(PY) -m bench $(BENCH_ARGS)

report: setup ## Staff report: what people ask, what the bot missed (results/report.html; ARGS="--since 2026-11-01 ...")
	$(PY) -m ops.report $(ARGS)

# A department's published page (file or URL; several: SOURCE="home.txt values.txt")
# -> drafts/<id>.yml and drafts/<id>.review.txt (README, "Adding a department").
import: setup ## Draft a store file from a department's page (SOURCE=file-or-URL ID=id)
	@[ -n "$(SOURCE)" ] && [ -n "$(ID)" ] || { echo "usage: make import SOURCE=<file or URL> ID=<id>" >&2; exit 2; }
	$(PY) -m ops.importer $(SOURCE) --id $(ID)

import-check: setup ## Compare stores/<ID>.yml with a newer copy of the page (exit 1 on drift)
	@[ -n "$(SOURCE)" ] && [ -n "$(ID)" ] || { echo "usage: make import-check SOURCE=<file or URL> ID=<id>" >&2; exit 2; }
	$(PY) -m ops.importer --check $(SOURCE) --id $(ID)

# pip-audit in a venv of its own (never in .venv): it checks every package
# installed in .venv (the whole pinned set, Rasa's forced pins included, as
# `pip freeze` lists it) against PyPI's advisory data (OSV with AUDIT_ARGS=
# "--vulnerability-service osv"). Needs the network; scripts/audit.py exits 1 on
# any advisory and 2 when any package could not be checked (pip-audit itself
# passes a check without data). Not part of `make test`, which stays offline.
AUDIT_VENV := .venv-audit
PIP_AUDIT  := pip-audit==2.10.1
audit: $(STAMP) ## Check the pinned packages against published advisories (pip-audit; network)
	@test -x $(AUDIT_VENV)/bin/pip-audit || { python=$$(scripts/find-python.sh) && \
	  "$$python" -m venv $(AUDIT_VENV) && \
	  $(AUDIT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "$(PIP_AUDIT)"; }
	$(PY) -m pip freeze --exclude-editable --disable-pip-version-check > $(AUDIT_VENV)/pinned.txt
	$(AUDIT_VENV)/bin/python scripts/audit.py $(AUDIT_VENV)/bin/pip-audit \
	  $(AUDIT_VENV)/pinned.txt $(AUDIT_ARGS)

clean: ## Remove trained models and results (keeps .venv)
	rm -rf models/*.tar.gz results .rasa
