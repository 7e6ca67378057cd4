# coopnet: `make run` installs and serves the demo; `make test` installs and runs every check.
PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest -q
# pytest-django creates (and drops) test_coopnet on this server; nothing touches `coopnet` itself.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/coopnet

.PHONY: run install system system-test test lint unit unit-postgres browser bench lock

# The Debian packages outside the virtualenv (bin/ensure-system lists each one and why): the
# missing ones are installed as root; otherwise the check names them and stops.
system:
	bin/ensure-system run

system-test:
	bin/ensure-system test

$(VENV)/.installed: requirements-dev.txt | system
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: system $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo --scale small --if-empty
	$(PY) manage.py demo_logins
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Each step stops `make test` (non-zero exit) when it fails; the order is cheapest first, and
# the system packages are checked before anything else.
test: system-test install lint unit unit-postgres browser

lint: install
	mkdir -p var
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

# The unit suite on SQLite in memory (the browser tests are deselected in pyproject.toml).
unit: system-test install
	$(PYTEST)

# The same suite on the local PostgreSQL; a stale test_coopnet left by a killed run is recreated.
unit-postgres: system-test install
	bin/ensure-postgres
	DATABASE_URL=$(PG_TEST_URL) $(PYTEST) --create-db

# Playwright drives Debian's chromium (/usr/bin/chromium); it never downloads a browser.
browser: system-test install
	$(PYTEST) -m browser

bench: install
	$(PY) bench/pages.py
	$(PY) bench/compliance.py
	$(PY) bench/members.py
	$(PY) bench/governance.py
	$(PY) bench/scheduling.py
	$(PY) bench/fatturapa.py
	$(PY) bench/contracts.py
	$(PY) bench/community.py

lock: install
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.txt pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--extra dev -o requirements-dev.txt pyproject.toml
