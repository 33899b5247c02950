#!/usr/bin/env bash
# Load test on loopback only: gunicorn (DEBUG=0) + PostgreSQL with the demo data, 50 users for 60 s, then stop.
#   scripts/load/run.sh                      # defaults below; every one can be set from the environment
#   LOAD_USERS=20 LOAD_SECONDS=30 scripts/load/run.sh
# Its database (LOAD_DATABASE_URL, the name must end in _load) is dropped and created again on every run.
# It prints the failures and the median / 95th percentile per page, and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
LOAD_DATABASE_URL="${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partyquality_load}"
# A port nobody listens on (chosen by the kernel), unless one is given; refused below if it is taken.
LOAD_PORT="${LOAD_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
LOAD_USERS="${LOAD_USERS:-50}"
LOAD_SPAWN_RATE="${LOAD_SPAWN_RATE:-10}"
LOAD_SECONDS="${LOAD_SECONDS:-60}"
LOAD_WORKERS="${LOAD_WORKERS:-5}"
OUT="${LOAD_OUT:-bench-results/load}"
HOST="http://127.0.0.1:${LOAD_PORT}"
export DEMO_PASSWORD="${DEMO_PASSWORD:-load-$(date +%s)-demo}"

mkdir -p "$OUT"
: >"$OUT/access.log"
# Production settings, with one exception: no TLS on loopback, so the client says it came through an HTTPS proxy
# (X-Forwarded-Proto), as the real reverse proxy would; cookies stay Secure.
export DATABASE_URL="$LOAD_DATABASE_URL" DEBUG=0 ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
export SECRET_KEY="${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}"

echo "== database ${LOAD_DATABASE_URL##*/}: created anew, migrate, reference data, demo data"
# A fresh database each run: the grid saves of one run must not change what the next run starts from.
$PY - "$LOAD_DATABASE_URL" <<'PYTHON'
import sys
import dj_database_url, psycopg
from psycopg import sql
config = dj_database_url.parse(sys.argv[1])
assert "postgresql" in config["ENGINE"], "the load test runs on PostgreSQL"
# It is dropped and created again: refuse any database not named for the load test.
assert config["NAME"].endswith("_load"), f"LOAD_DATABASE_URL must name a database ending in _load, not {config['NAME']}"
with psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, user=config["USER"] or "postgres",
                     password=config["PASSWORD"] or None, dbname="postgres", autocommit=True) as connection:
    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))
    connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
PYTHON
$PY manage.py migrate --noinput -v 0
$PY manage.py load_reference -v 0
$PY manage.py load_demo -v 0
# load_demo sets DEMO_PASSWORD only on accounts it creates or when asked: make sure the load accounts have it.
$PY manage.py shell --no-imports -c "
import os
from django.contrib.auth import get_user_model
for user in get_user_model().objects.filter(username__in=['staff', 'analyst', 'admin']):
    user.set_password(os.environ['DEMO_PASSWORD']); user.save(update_fields=['password'])
from axes.models import AccessAttempt; AccessAttempt.objects.all().delete()
"
$PY manage.py collectstatic --noinput -v 0

if $PY -c "import socket, sys; sys.exit(socket.socket().connect_ex(('127.0.0.1', $LOAD_PORT)))"; then
  echo "port $LOAD_PORT is already in use on 127.0.0.1: choose another with LOAD_PORT=..."; exit 1
fi
echo "== gunicorn on $HOST ($LOAD_WORKERS workers)"
WEB_CONCURRENCY="$LOAD_WORKERS" GUNICORN_BIND="127.0.0.1:${LOAD_PORT}" GUNICORN_ACCESSLOG="$OUT/access.log" \
  .venv/bin/gunicorn -c partyquality/gunicorn.conf.py partyquality.wsgi >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
trap 'kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn stopped:"; cat "$OUT/gunicorn.log"; exit 1; }
  [ "$(curl -sS "$HOST/healthz" 2>/dev/null)" = '{"database": "ok"}' ] && break
  sleep 0.5
done
[ "$(curl -sS "$HOST/healthz")" = '{"database": "ok"}' ] || { echo "gunicorn did not answer /healthz"; exit 1; }

echo "== locust: $LOAD_USERS users, ${LOAD_SECONDS}s, headless"
set +e
.venv/bin/locust -f scripts/load/locustfile.py --headless --host "$HOST" --users "$LOAD_USERS" \
  --spawn-rate "$LOAD_SPAWN_RATE" --run-time "${LOAD_SECONDS}s" --stop-timeout 10 --only-summary \
  --csv "$OUT/locust" --exit-code-on-error 1 2>"$OUT/locust.log"
STATUS=$?
set -e
$PY scripts/load/summary.py "$OUT/locust_stats.csv" "$OUT/locust_failures.csv"
echo "(machine: $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); files in $OUT/)"
exit "$STATUS"
