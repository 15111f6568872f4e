# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
export FLASK_APP := portal:create_app

.PHONY: run test test-pg install catalogues extract migrate browser-deps bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

catalogues: install
	$(VENV)/bin/pybabel compile -d translations

## Start the portal on SQLite with the Malmö profile and demo content.
# Every step knows the port, so links in e-mails (demo ones included) point where the portal answers.
run: export FLASK_RUN_PORT := $(PORT)
run: catalogues
	PORTAL_ENV=development $(VENV)/bin/flask db upgrade
	PORTAL_ENV=development $(VENV)/bin/flask profile load
	PORTAL_ENV=development $(VENV)/bin/flask guidance seed
	PORTAL_ENV=development $(VENV)/bin/flask demo seed --if-empty
	PORTAL_ENV=development $(VENV)/bin/flask search reindex
	PORTAL_ENV=development $(VENV)/bin/flask run --port $(PORT)

## Set up and run every test (SQLite; TEST_DATABASE_URL=postgresql://... runs them on PostgreSQL).
test: catalogues
	$(PY) -m pytest -q $(PYTEST_ARGS)

## Re-extract messages and update the catalogues (then translate the new entries).
extract: install
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --no-wrap --sort-output -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --no-wrap

migrate: install
	PORTAL_ENV=development $(VENV)/bin/flask db migrate -m "$(m)"

## Chromium for the browser tests (Debian's package; Playwright's own download cannot work here).
browser-deps:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

bench: install
	$(PY) benchmarks/routing_bench.py

clean:
	rm -rf $(VENV) instance
