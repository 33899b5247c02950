#!/usr/bin/env bash
# `make load`: the year-end peak on loopback: gunicorn (DEBUG=0) + PostgreSQL holding the national data set of
# `make bench`, 200 users for 5 minutes by default (after a ramp of 200 s while they log in, one a second:
# each login hashes the password, about 0.4 s of CPU), then stop. Every
# setting can be given from the environment:
#   LOAD_USERS=20 LOAD_SECONDS=60 scripts/load/run.sh
# The scenario writes (grid saves, imports, approvals), so it runs on a copy of the benchmark database
# (LOAD_DATABASE_URL, a name holding "load"), made from it with CREATE DATABASE … TEMPLATE when absent; the
# benchmark database itself is never written. The writes put back what they change (a level lowered is raised on
# the next save, imports alternate two patterns, a reopened year is approved again later), so runs can follow
# each other; LOAD_RESET=1 drops the copy and makes it again from the benchmark database.
# It prints per page the requests, failures, median and 95th percentile, and the closing line
#   load: N users, R req/s, p95 P ms, F failures
# and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
BENCH_DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partyquality_bench}"
LOAD_DATABASE_URL="${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partyquality_load}"
# A port nobody listens on (chosen by the kernel), unless one is given; refused below if it is taken.
LOAD_PORT="${LOAD_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
LOAD_USERS="${LOAD_USERS:-200}"
LOAD_SPAWN_RATE="${LOAD_SPAWN_RATE:-1}"
LOAD_SECONDS="${LOAD_SECONDS:-300}"
OUT="${LOAD_OUT:-bench-results/load}"
HOST="http://127.0.0.1:${LOAD_PORT}"
export LOAD_PASSWORD="${LOAD_PASSWORD:-load-$($PY -c 'import secrets; print(secrets.token_urlsafe(12))')}"
export LOAD_PLAN="$OUT/plan.json"

mkdir -p "$OUT"
: >"$OUT/access.log"
echo "== database ${LOAD_DATABASE_URL##*/}: a copy of ${BENCH_DATABASE_URL##*/}"
$PY scripts/load/copy_database.py "$BENCH_DATABASE_URL" "$LOAD_DATABASE_URL" ${LOAD_RESET:+--reset}
# Production settings, with one exception: no TLS on loopback, so the client says it came through an HTTPS proxy
# (X-Forwarded-Proto), as the real reverse proxy would; cookies stay Secure.
export DATABASE_URL="$LOAD_DATABASE_URL" DEBUG=0 ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
export SECRET_KEY="${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}"
$PY manage.py migrate --noinput -v 0
echo "== accounts of every commune and province, and who works where"
$PY manage.py load_personas --password "$LOAD_PASSWORD" --out "$LOAD_PLAN"
$PY manage.py collectstatic --noinput -v 0

if $PY -c "import socket, sys; sys.exit(socket.socket().connect_ex(('127.0.0.1', $LOAD_PORT)))"; then
  echo "port $LOAD_PORT is already in use on 127.0.0.1: choose another with LOAD_PORT=..."; exit 1
fi
echo "== gunicorn on $HOST (partyquality/gunicorn.conf.py: ${WEB_CONCURRENCY:-default} workers, ${GUNICORN_THREADS:-default} threads)"
GUNICORN_BIND="127.0.0.1:${LOAD_PORT}" GUNICORN_ACCESSLOG="$OUT/access.log" \
  .venv/bin/gunicorn -c partyquality/gunicorn.conf.py partyquality.wsgi >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
trap 'kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn stopped:"; cat "$OUT/gunicorn.log"; exit 1; }
  [ "$(curl -sS "$HOST/healthz" 2>/dev/null)" = '{"database": "ok"}' ] && break
  sleep 0.5
done
[ "$(curl -sS "$HOST/healthz")" = '{"database": "ok"}' ] || { echo "gunicorn did not answer /healthz"; exit 1; }

# LOAD_SECONDS at full strength, after the ramp during which the users log in (LOAD_SPAWN_RATE a second).
RUN_SECONDS=$(( LOAD_SECONDS + (LOAD_USERS + LOAD_SPAWN_RATE - 1) / LOAD_SPAWN_RATE ))
echo "== locust: $LOAD_USERS users (${LOAD_SPAWN_RATE}/s), ${RUN_SECONDS}s, headless; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
.venv/bin/locust -f scripts/load/locustfile.py --headless --host "$HOST" --users "$LOAD_USERS" \
  --spawn-rate "$LOAD_SPAWN_RATE" --run-time "${RUN_SECONDS}s" --stop-timeout 30 --only-summary \
  --csv "$OUT/locust" --exit-code-on-error 1 2>"$OUT/locust.log"
STATUS=$?
set -e
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC'); files in $OUT/)"
$PY scripts/load/summary.py "$OUT/locust_stats.csv" "$OUT/locust_failures.csv" --users "$LOAD_USERS"
exit "$STATUS"
