#!/usr/bin/env bash
# Brings the whole production stack up on loopback and smoke-tests it through nginx:
#   PostgreSQL database zhibu_stack (dropped and made afresh) on 127.0.0.1:5432,
#   gunicorn (deploy/gunicorn.conf.py) on 127.0.0.1:$APP_PORT,
#   nginx from Debian's package with deploy/nginx/zhibu.conf (ports and certificate swapped for loopback ones)
#     on https://127.0.0.1:$HTTPS_PORT and http://127.0.0.1:$HTTP_PORT,
#   the job runner (manage.py run_jobs),
# then runs deploy/smoke.py (health, login, a page and its stylesheet, an export, an upload, a too-large body) and a
# backup with its verification. Everything it starts is stopped at the end unless --keep is given.
# Not part of CI. Needs: apt-get install nginx (the script says so if missing), psql on PATH, the project's .venv.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
APP_PORT=${APP_PORT:-8125}
HTTPS_PORT=${HTTPS_PORT:-8443}
HTTP_PORT=${HTTP_PORT:-8180}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=${DB:-zhibu_stack}
WORK=${WORK:-$ROOT/var/stack}
PY=$ROOT/.venv/bin/python
KEEP=${1:-}
# shellcheck source=deploy/loopback.sh
. "$ROOT/deploy/loopback.sh"

command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# REUSE=1 keeps the database and data directory of the previous run (skips the set-up and the demo build).
REUSE=${REUSE:-}
if [ -z "$REUSE" ]; then rm -rf "$WORK"; else rm -rf "$WORK"/{nginx,logs,tls,backups}; fi
mkdir -p "$WORK"/{data,nginx,logs,tls}
PIDS=()
cleanup() {
  if [ "$KEEP" != "--keep" ]; then
    [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  fi
}
trap cleanup EXIT

if [ -z "$REUSE" ]; then
  echo "== database $DB"
  zhibu_fresh_database
fi

zhibu_production_env
export ZHIBU_CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$HTTPS_PORT
export ZHIBU_BEHIND_TLS_PROXY=true
export ZHIBU_TRUSTED_PROXIES=127.0.0.1
export ZHIBU_BIND=127.0.0.1:$APP_PORT
export ZHIBU_WEB_WORKERS=2

if [ -z "$REUSE" ]; then
  echo "== keys, schema, demo data"
  zhibu_build_demo
fi
echo "== static files"
"$PY" manage.py collectstatic --noinput -v0

echo "== gunicorn on 127.0.0.1:$APP_PORT"
"$ROOT/.venv/bin/gunicorn" -c "$ROOT/deploy/gunicorn.conf.py" zhibu.wsgi:application \
  >"$WORK/logs/gunicorn.log" 2>&1 &
PIDS+=($!)

echo "== job runner"
"$PY" manage.py run_jobs >"$WORK/logs/jobs.log" 2>&1 &
PIDS+=($!)

echo "== nginx on https://127.0.0.1:$HTTPS_PORT"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -keyout "$WORK/tls/privkey.pem" -out "$WORK/tls/fullchain.pem" 2>/dev/null
# The shipped site file with only its addresses, certificate and log paths made local.
sed -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$APP_PORT;#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$HTTPS_PORT ssl http2;#" -e "/listen \[::\]/d" \
    -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
    -e "s#/etc/ssl/zhibu/#$WORK/tls/#" -e "s#/var/log/nginx/#$WORK/logs/#" \
    "$ROOT/deploy/nginx/zhibu.conf" >"$WORK/nginx/zhibu.conf"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/logs/nginx.error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    include $WORK/nginx/zhibu.conf;
}
CONF
"$NGINX" -t -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -e "$WORK/logs/nginx.error.log"
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -e "$WORK/logs/nginx.error.log"

for _ in $(seq 60); do curl -skf "https://127.0.0.1:$HTTPS_PORT/accounts/login/" -o /dev/null && break; sleep 1; done

echo "== smoke test through nginx"
"$PY" "$ROOT/deploy/smoke.py" "https://127.0.0.1:$HTTPS_PORT" shuji Demo@2026zb
curl -s -o /dev/null -w "http → %{http_code} %{redirect_url}\n" "http://127.0.0.1:$HTTP_PORT/"

echo "== backup and its verification"
"$PY" manage.py backup --output "$WORK/backups"
"$PY" manage.py backup --verify "$(ls -d "$WORK"/backups/zhibu-backup-* | tail -1)"

echo "== job runs so far"
"$PY" manage.py shell -c "
from zhibu.ops.models import JobRun
for run in JobRun.objects.order_by('started_at'):
    print(f'{run.job:28} {run.get_outcome_display()}')
"
echo "stack OK"
