#!/usr/bin/env bash
# Load figures for bench/README.md: the demo on PostgreSQL with production settings, served by gunicorn
# (deploy/gunicorn.conf.py) on loopback, and Locust (bench/load/locustfile.py) headless at 20, then 50 users.
# Prints one markdown table per run, ready to paste, and stops everything it started. Not part of CI or pytest.
# Needs: .venv/bin/pip install -e '.[load]', psql on PATH, PostgreSQL on 127.0.0.1:5432.
#   PORT (8000), DB (zhibu_load, dropped and made afresh), USERS ("20 50"), DURATION (60s), WORK (var/load).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PORT=${PORT:-8000}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=${DB:-zhibu_load}
WORK=${WORK:-$ROOT/var/load}
USERS=${USERS:-20 50}
DURATION=${DURATION:-60s}
PY=$ROOT/.venv/bin/python
# shellcheck source=deploy/loopback.sh
. "$ROOT/deploy/loopback.sh"
[ -x "$ROOT/.venv/bin/locust" ] || { echo "locust is missing: .venv/bin/pip install -e '.[load]'" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK"/{data,logs,csv}
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "== database $DB, keys, schema, demo data" >&2
zhibu_fresh_database
zhibu_production_env
# Plain HTTP straight to gunicorn: nginx and TLS are not what is measured, so the cookies must travel without TLS.
export ZHIBU_SECURE=false
export ZHIBU_BIND=127.0.0.1:$PORT
zhibu_build_demo >&2   # stdout is the markdown only
"$PY" manage.py collectstatic --noinput -v0 >&2
# The API persona's token, issued through the service as the 接口令牌 page does.
ZHIBU_LOAD_TOKEN=$("$PY" manage.py shell -c "
from zhibu.accounts.models import User
from zhibu.accounts.services import issue_token
print(issue_token(actor=User.objects.get(username='gongwei'), name='load', scope='read', days=1)[1])
" | tail -1)
export ZHIBU_LOAD_TOKEN

echo "== gunicorn on 127.0.0.1:$PORT" >&2
"$ROOT/.venv/bin/gunicorn" -c "$ROOT/deploy/gunicorn.conf.py" zhibu.wsgi:application >"$WORK/logs/gunicorn.log" 2>&1 &
PIDS+=($!)
# Any answer will do: /health/ says fail (503) until the job runner, not started here, has run every job.
for _ in $(seq 60); do curl -s "http://127.0.0.1:$PORT/health/" -o /dev/null && break; sleep 1; done

echo "### Load run $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
echo
echo "PostgreSQL $(psql "$PGURL/$DB" -tAc 'SHOW server_version' | cut -d' ' -f1), gunicorn workers:" \
  "${ZHIBU_WEB_WORKERS:-$(( $(nproc) * 2 + 1 )) (default)}, $(nproc) cores; think time 1–3 s per user;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for users in $USERS; do
  # Load average sampled every 10 s while Locust runs (Locust itself shares the machine).
  ( while sleep 10; do cut -d' ' -f1 /proc/loadavg; done >"$WORK/logs/load-$users.txt" ) &
  SAMPLER=$!
  "$ROOT/.venv/bin/locust" -f "$ROOT/bench/load/locustfile.py" --host "http://127.0.0.1:$PORT" --headless \
    -u "$users" -r 5 -t "$DURATION" --csv "$WORK/csv/u$users" --only-summary >"$WORK/logs/locust-$users.log" 2>&1 || true
  kill "$SAMPLER" 2>/dev/null || true
  echo
  echo "#### $users users, $DURATION (load average during the run: $(sort -n "$WORK/logs/load-$users.txt" |
    awk 'NR == 1 {low = $1} {high = $1} END {print low " to " high " in " NR " samples"}'))"
  echo
  "$PY" "$ROOT/bench/load/table.py" "$WORK/csv/u$users"
done
echo
echo "server errors (5xx) in gunicorn's access log, /health/ aside: $(grep -v '/health/' "$WORK/logs/gunicorn.log" |
  grep -c '" 5[0-9][0-9] ' || true)"
