# Zukunftswerkstatt – the commands a developer needs. `make` alone prints this help.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in e-mails, calendar files and print-outs lead to the server `make run` starts, unless
# SITE_URL is set already (environment or .env). Exported, so the web server, the mail worker and
# the task worker all see the same address.
ENV_FILE_SITE_URL := $(shell sed -n 's/^SITE_URL=//p' .env 2>/dev/null)
SITE_URL ?= $(if $(ENV_FILE_SITE_URL),$(ENV_FILE_SITE_URL),http://127.0.0.1:$(PORT))
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run demo test test-fast coverage lint format check messages vendor clean

help: ## Show this help
	@echo "Zukunftswerkstatt"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the Python packages

run: export SITE_URL := $(SITE_URL)
run: install ## Set up the database, load the demo and serve on http://127.0.0.1:$(PORT)
	@mkdir -p var
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=true $(BIN)/python manage.py load_demo
	@echo "E-mails (verification, password reset, notifications) are written to var/mail/ as files."
	@echo "The mail worker logs to var/mailer.log, the task worker to var/tasks.log; 'manage.py status' tells how they are."
	@# The mail worker and the task worker run beside the web server; deploy/supervise.sh starts either
	@# again if it ends (they wait out a lost database themselves). Ctrl-C stops everything.
	DEBUG=true deploy/supervise.sh mail_worker $(BIN)/python manage.py mail_worker >> var/mailer.log 2>&1 & MAILER=$$!; \
	  DEBUG=true deploy/supervise.sh task_worker $(BIN)/python manage.py task_worker --no-reload >> var/tasks.log 2>&1 & TASKS=$$!; \
	  trap 'kill $$MAILER $$TASKS 2>/dev/null; wait $$MAILER $$TASKS 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install ## Run the whole test suite (browser tests need /usr/bin/chromium)
	$(BIN)/pytest

test-fast: install ## Run the tests without the browser tests
	$(BIN)/pytest -m "not browser"

coverage: install ## Run the whole test suite measuring coverage; fails below the floor in pyproject.toml
	$(BIN)/pytest --cov --cov-report=

lint: install ## ruff, mypy (the modules pyproject.toml lists), djLint (templates), models and migrations agree
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/djlint zukunftswerkstatt --lint
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: install ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install ## Django's deployment checks with production-like settings
	DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) SECURE_SSL_REDIRECT=true SECURE_HSTS_SECONDS=31536000 \
	  SECURE_HSTS_INCLUDE_SUBDOMAINS=true SECURE_HSTS_PRELOAD=true ALLOWED_HOSTS=beteiligung.example \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

messages: install ## Update the German translation file after changing strings (needs gettext)
	cd zukunftswerkstatt && ../$(BIN)/django-admin makemessages --locale de --no-obsolete --ignore "static/*"
	cd zukunftswerkstatt && ../$(BIN)/django-admin compilemessages --locale de

vendor: ## Refresh vendored front-end files from npm (versions in package.json)
	npm install --no-save --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js zukunftswerkstatt/static/vendor/htmx/htmx.min.js
	cp node_modules/axe-core/axe.min.js tests/browser/vendor/axe.min.js
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images zukunftswerkstatt/static/vendor/leaflet/
	mkdir -p zukunftswerkstatt/static/vendor/leaflet.markercluster
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css zukunftswerkstatt/static/vendor/leaflet.markercluster/
	cp node_modules/leaflet.markercluster/MIT-LICENCE.txt zukunftswerkstatt/static/vendor/leaflet.markercluster/LICENSE

clean: ## Remove the virtual environment, database, collected static files and mails
	rm -rf $(VENV) var staticfiles
