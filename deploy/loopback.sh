# Pieces shared by deploy/stack.sh and bench/load/run.sh: sourced, not run. Both bring up a production-settings
# installation on loopback with the demo accounts, on a PostgreSQL database of their own that they drop and recreate.
# The caller sets ROOT, PY, PGURL, DB and WORK first.

# A database made afresh (everything in it is the run's own).
zhibu_fresh_database() {
  psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
}

# Production settings for a loopback run; the caller adds what differs (proxy, origins, bind address, workers).
zhibu_production_env() {
  export DJANGO_SETTINGS_MODULE=zhibu.settings
  export ZHIBU_DEBUG=false
  [ -f "$WORK/data/secret" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$WORK/data/secret"
  ZHIBU_SECRET_KEY=$(cat "$WORK/data/secret")
  export ZHIBU_SECRET_KEY
  export ZHIBU_DATABASE_URL=$PGURL/$DB
  export ZHIBU_DATA_DIR=$WORK/data
  export ZHIBU_ALLOWED_HOSTS=127.0.0.1,localhost
  export ZHIBU_REQUIRE_OTP=false   # the scripts log in without an authenticator
  export ZHIBU_ALLOW_DEMO=true     # loopback only: demo accounts to log in with
}

# Keys, schema and the demo data, written through the services as on any installation.
zhibu_build_demo() {
  "$PY" manage.py create_field_keys
  "$PY" manage.py audit_checkpoint --create-key
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py demo -v0 >/dev/null
}
