# partyquality: `make run` serves the demo, `make test` runs the whole suite. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/partyquality_bench

.PHONY: run test setup install messages serve bench load clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "partyquality needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

install: $(VENV)/.installed

messages: install
	$(VENV)/bin/pybabel compile --use-fuzzy -D django -d locale

# Every mode serves the collected, compressed static files through whitenoise (settings.py); compressing takes
# some seconds, so they are collected again only when a source file or the installed packages changed.
STATIC_SOURCES := $(shell find static */static -type f 2>/dev/null)
staticfiles/staticfiles.json: $(VENV)/.installed $(STATIC_SOURCES)
	$(PY) manage.py collectstatic --noinput -v 0
	@touch $@

setup: messages staticfiles/staticfiles.json
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py load_demo

# The web server and the background worker (imports, rebuilds) run together and stop together.
run: setup
	$(PY) scripts/with_worker.py $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(PY) -m pytest

# Production serving on this machine: gunicorn + whitenoise, DEBUG off. A secret key is made once and kept in
# .secret_key unless SECRET_KEY is given; behind a TLS proxy set SECURE_SSL_REDIRECT=1.
SECRET_KEY_FILE ?= .secret_key
serve: setup
	@[ -n "$$SECRET_KEY" ] || [ -s $(SECRET_KEY_FILE) ] || (umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(SECRET_KEY_FILE))
	export DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" PORT=$(PORT); \
	exec $(PY) scripts/with_worker.py $(VENV)/bin/gunicorn -c partyquality/gunicorn.conf.py partyquality.wsgi

# Benchmarks on a PostgreSQL database of their own; the national data set is generated only when absent.
# The dashboards it times name their static files through collectstatic's manifest.
bench: messages staticfiles/staticfiles.json
	$(PY) scripts/ensure_database.py $(BENCH_DATABASE_URL)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_reference
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py generate_national --if-absent
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_members
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_ratings
	# The summaries first, so that the pages weighed and timed below hold the national figures.
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py rebuild_summaries
	@echo "first load of the comparison page as under make run (DEBUG=1):"
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py bench_first_load
	@echo "first load of the comparison page as under make serve (DEBUG=0):"
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=0 SECRET_KEY=bench-only-not-a-secret $(PY) manage.py bench_first_load
	# The web import through the background jobs: longest single request, and upload to ratings written.
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_web_import
	# bench_dashboard stays last: its last two lines end the output (bench: cold/trivial, bench: dashboard/trivial).
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_dashboard --skip-rebuild

# The year-end peak: 200 users for 5 minutes against gunicorn + PostgreSQL holding
# a copy of the benchmark database (`make bench` first). LOAD_USERS, LOAD_SECONDS, LOAD_RESET=1 … see the script.
load: messages staticfiles/staticfiles.json
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) scripts/load/run.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
