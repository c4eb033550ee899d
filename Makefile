# Breathing Room. The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := bot

.PHONY: run test lint migrate bench bench-quick clean assets chromium model

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

migrate: $(STAMP)
	$(BIN)/flask db upgrade

# Retrain the learned crisis/intent model from tests/corpus (deterministic, offline, about a minute);
# commit bot/understanding/model.npz with the corpus change. tests/test_understanding_model.py fails
# when the committed weights are stale.
model: $(STAMP)
	$(BIN)/python -m bot.understanding.train

# Re-copy Chart.js after bumping it in package.json (the copy is committed, so `make run` needs no npm).
assets: node_modules/.installed
	cp node_modules/chart.js/dist/chart.umd.js bot/admin/static/admin/vendor/chart.umd.js

# Web and worker together, started by honcho from the Procfile's own `web:` and `worker:` lines
# (what a deployment runs), on SQLite with the console transport by default. Ctrl-C stops both:
# honcho sends each its SIGTERM and waits for it. `migrate` is the Procfile's `release:` command.
# `--env /dev/null`: the app reads .env itself, under the environment; honcho's copy would override it.
run: migrate
	$(BIN)/flask admin demo
	$(BIN)/flask seed-demo
	@echo "Breathing Room on http://$(HOST):$(PORT)/  (Ctrl-C stops web and worker)"
	@PATH="$(abspath $(BIN)):$$PATH" WEB_HOST=$(HOST) PYTHONUNBUFFERED=1 $(BIN)/honcho start --env /dev/null --port $(PORT) web worker

# -rs ends the run with every skipped test and why (no PostgreSQL, no Chromium); under CI=true those fail instead.
test: $(STAMP) node_modules/.installed chromium
	$(BIN)/ruff check .
	$(BIN)/pytest -rs

# Debian's Chromium for the browser tests (Playwright never downloads a browser): installed when missing
# and apt-get can (as root), as `make bench` does for wrk; otherwise say so before the tests run.
CHROMIUM := /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && apt-get update -qq && apt-get install -y -qq chromium; } \
	  || echo "make test: no Chromium at $(CHROMIUM), and apt-get could not install it (it needs root and a Debian mirror):" \
	     "the browser tests will be skipped (under CI=true they fail). Install it: sudo apt-get install chromium"

lint: $(STAMP)
	$(BIN)/ruff check .

# wrk (Debian) loads the webhook; PostgreSQL on 127.0.0.1:5432 adds the PostgreSQL rows.
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
