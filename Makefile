# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

NODE_STAMP := node_modules/.installed

.PHONY: run test lint check-migrations typecheck pytest bench loadtest rehearse demo migrate clean backup restore messages

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check uv==0.13.9
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip install -q --python $(BIN)/python -r requirements-dev.txt
	touch $(STAMP)

# The W3C HTML checker (vnu.jar) for tests/test_html_valid.py; needs Node's npm and Java.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

migrate: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py load_demo_news
	DEBUG=1 $(BIN)/python manage.py load_demo_electives

run: demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# mypy with django-stubs; settings in pyproject.toml ([tool.mypy]: matching, impact and the services strict).
typecheck: $(STAMP)
	$(BIN)/mypy .

# One worker per core (pytest-xdist), each with its own test database. "--dist load" hands out the
# tests in pytest-django's order (plain database tests, then transactional and browser ones), so each
# worker keeps that order too: after a transactional test has emptied the tables, a plain test would
# recreate content types with other ids and break tests/test_backup.py's serialized rollback
# ("worksteal" can move a plain test behind a transactional one). PYTEST_WORKERS=0: one process.
# tests/test_backup.py (serialized rollback) runs on its own afterwards: in a worker that ran other
# transactional tests first it fails on SQLite (content types recreated with other ids).
PYTEST_WORKERS ?= auto
pytest: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist load --ignore=tests/test_backup.py
	$(BIN)/pytest tests/test_backup.py

test: lint check-migrations typecheck pytest

# Issue 18: after changing texts, bring the catalogues up to date and compile them (needs gettext:
# apt-get install gettext). Translators fill locale/<language>/LC_MESSAGES/django.po (Poedit,
# Weblate); tests/test_translations.py fails while a catalogue lacks a new text or is not compiled.
# Dutch is the source language: locale/nl only holds Dutch for Django's and axes' English admin texts.
LANGUAGES_TRANSLATED := en pl tr ar uk
messages: $(STAMP)
	$(BIN)/python manage.py makemessages $(foreach l,$(LANGUAGES_TRANSLATED),-l $(l)) --add-location file --no-obsolete \
		-i ".venv/*" -i "node_modules/*" -i "tests/*" -i "bench/*" -i "staticfiles/*" -i "media/*"
	$(BIN)/python manage.py compilemessages $(foreach l,$(LANGUAGES_TRANSLATED),-l $(l)) -i ".venv" -i "node_modules"

bench: $(STAMP)
	$(BIN)/python bench/run.py

# A peak day on PostgreSQL: children and class bursts, ramp until p95 > 300 ms, a worker killed.
loadtest: $(STAMP)
	$(BIN)/python bench/loadtest.py

# DEPLOY.md's several application servers on this machine: HAProxy in front of two gunicorns sharing
# PostgreSQL, Redis and media; children's traffic through it while one server is killed (bench/rehearse.py).
rehearse: $(STAMP)
	$(BIN)/python bench/rehearse.py

# Backups (see ops/backup.py): `make backup` writes backups/techniekkaart-<date>-<time>.tar.gz
# (or BACKUP=path); `make restore BACKUP=path` puts one back (YES=1 to replace a database in use).
backup: $(STAMP)
	$(BIN)/python manage.py backup $(BACKUP)

restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "Gebruik: make restore BACKUP=backups/techniekkaart-....tar.gz [YES=1]"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)" $(if $(YES),--yes)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 db.sqlite3-shm db.sqlite3-wal
