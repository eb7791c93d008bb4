# Front door: make run | make test | make chat | make train | make bench | make lint
# Everything installs into .venv/ (web app, Python 3.11+) and bot/.venv/ (Rasa, Python 3.10).
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 5000
RASA_PORT ?= 5005
export PORT RASA_PORT
VENV := .venv
BOT_VENV := bot/.venv
FLASK := $(VENV)/bin/flask --app app

.PHONY: system-packages status run test chat train install catalogs lint bench nlu-report privacy-drill clean help content-check content-preview content-stale content-coverage

help:
	@echo "make run    - install, build catalogs, train if needed, start web app + Rasa"
	@echo "make test   - everything make run builds, then the whole test suite"
	@echo "make chat   - chat with the running helpline in this terminal"
	@echo "make train  - retrain the Rasa model if bot/ changed"

install: system-packages $(VENV)/.installed $(BOT_VENV)/.installed

# Debian packages (nginx); a no-op when they are there.
system-packages:
	@scripts/install-system-packages

$(VENV)/.installed: requirements.txt constraints.txt
	@echo "==> Installing the web app environment ($(VENV))"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --progress-bar on -r requirements.txt -c constraints.txt
	touch $@

$(BOT_VENV)/.installed: bot/requirements.txt scripts/find-python310
	@echo "==> Installing the Rasa environment ($(BOT_VENV), Python 3.10, ~2.7 GB, about 2 minutes)"
	py310=$$(scripts/find-python310) && $$py310 -m venv $(BOT_VENV)
	$(BOT_VENV)/bin/pip install --quiet --upgrade "pip<24.1"
	$(BOT_VENV)/bin/pip install --progress-bar on -r bot/requirements.txt
	touch $@

catalogs: $(VENV)/.installed
	@$(VENV)/bin/pybabel compile --domain messages --directory locales --statistics
	@$(VENV)/bin/pybabel compile --domain console --directory locales --statistics

# The HMAC key (secrets/, apart from the database in instance/) and the Rasa token.
SECRETS := secrets/helpline.key instance/helpline.env
$(SECRETS): | $(VENV)/.installed
	PYTHON=$(VENV)/bin/python scripts/make-instance-env

train: $(BOT_VENV)/.installed
	scripts/train-bot

run: install catalogs train $(SECRETS)
	scripts/run

# The supervised processes of a running `make run` (state, pid, uptime).
status: $(VENV)/.installed
	@HELPLINE_RUN_DIR=$${HELPLINE_RUN_DIR:-$$PWD/instance/run} $(VENV)/bin/supervisorctl -c deploy/supervisord.conf status

chat: $(VENV)/.installed catalogs $(SECRETS)
	set -a; . instance/helpline.env; set +a; RASA_URL=$${RASA_URL:-http://127.0.0.1:$(RASA_PORT)} $(FLASK) chat

test: install catalogs train
	scripts/test

nlu-report: install
	mkdir -p bot/results
	scripts/nlu-report

content-check: $(VENV)/.installed catalogs $(SECRETS)
	$(FLASK) content check

content-preview: $(VENV)/.installed catalogs $(SECRETS)
	$(FLASK) content preview $(STATE) $(TOPIC) $$(case "$(LANG)" in ?? | ??? ) echo "--lang $(LANG)";; esac) --channel $(or $(CHANNEL),sms) $(if $(MORE),--more)

content-stale: $(VENV)/.installed $(SECRETS)
	$(FLASK) content stale

content-coverage: $(VENV)/.installed $(SECRETS)
	@$(FLASK) content coverage

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check helpline tooling tests app.py bot/helpline_bot

clean:
	rm -rf $(VENV) $(BOT_VENV) bot/models bot/.rasa locales/*/LC_MESSAGES/*.mo

bench: install catalogs train
	.venv/bin/python scripts/bench.py

privacy-drill: install catalogs train
	.venv/bin/python scripts/privacy_drill.py
