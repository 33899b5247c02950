# partyquality: `make run` serves the demo, `make test` runs the whole suite. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/partyquality_bench

.PHONY: run test setup install messages serve bench clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "partyquality needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

install: $(VENV)/.installed

messages: install
	$(VENV)/bin/pybabel compile --use-fuzzy -D django -d locale

setup: messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py load_demo

run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(PY) -m pytest

serve: setup
	DEBUG=$${DEBUG:-0} $(PY) manage.py collectstatic --noinput
	DEBUG=$${DEBUG:-0} $(VENV)/bin/gunicorn partyquality.wsgi --bind 127.0.0.1:$(PORT) --workers 3

# Benchmarks on a PostgreSQL database of their own; the national data set is generated only when absent.
bench: install
	$(PY) scripts/ensure_database.py $(BENCH_DATABASE_URL)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_reference
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py generate_national --if-absent
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_ratings
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_dashboard

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
