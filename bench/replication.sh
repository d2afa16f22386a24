#!/usr/bin/env bash
# The province/national topology of issue 24 on loopback, with Debian's PostgreSQL 15 tools, as three clusters:
#   primary    (port $PRIMARY_PORT, wal_level=logical): zhibu migrated, the demo built, the standards evaluated;
#   replica    (port $REPLICA_PORT): a streaming hot standby made by pg_basebackup -R; it serves a read-only page
#              through zhibu's replica router (ZHIBU_REPLICA_DATABASE_URL) and refuses writes;
#   national   (port $NATIONAL_PORT): the schema made by `migrate`, subscribed by logical replication to the
#              primary's verdicts and the organisations they are about.
# It checks row counts after the initial copy, after an evaluation and after a change on the primary, and prints the
# replication lag. Every cluster it made is stopped and dropped at the end, also on failure.
# Run by hand as root (pg_createcluster), never in CI. Needs: postgresql-15 (apt-get install postgresql-15), the
# project's .venv. Takes a few minutes (the demo hashes real passwords).
#   bash bench/replication.sh
#   PREFIX=myrepl PRIMARY_PORT=5461 bash bench/replication.sh     # other cluster names and ports
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=$ROOT/.venv/bin/python
VERSION=${VERSION:-15}
PREFIX=${PREFIX:-zhibu_repl}
PRIMARY_PORT=${PRIMARY_PORT:-5441}
REPLICA_PORT=${REPLICA_PORT:-5442}
NATIONAL_PORT=${NATIONAL_PORT:-5443}
PROVINCE2_PORT=${PROVINCE2_PORT:-5444}
# Each province's ids start at province number × this, so that several provinces' rows share the national tables.
ID_BLOCK=1000000000000
DB=zhibu
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zhibu-replication-XXXXXX")
PRIMARY=${PREFIX}_primary
REPLICA=${PREFIX}_replica
NATIONAL=${PREFIX}_national
PROVINCE2=${PREFIX}_province2
# The tables the national instance needs to read a province's verdicts: the verdicts, and the organisations (name,
# kind, place in the tree) they judge. No member data leaves the province.
TABLES="standards_verdict, organizations_organization"

for tool in pg_createcluster pg_ctlcluster pg_dropcluster; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install postgresql-$VERSION" >&2; exit 1; }
done
BIN=/usr/lib/postgresql/$VERSION/bin

CREATED=()
cleanup() {
  status=$?
  for cluster in "${CREATED[@]}"; do pg_dropcluster --stop "$VERSION" "$cluster" 2>/dev/null || true; done
  rm -rf "$WORK"
  [ "$status" = 0 ] && echo "== done; clusters dropped" || echo "== FAILED (exit $status); clusters dropped" >&2
}
trap cleanup EXIT

sql() {  # sql PORT DATABASE STATEMENT…: one value per line, no headers
  local port=$1 database=$2
  shift 2
  psql -X -h 127.0.0.1 -p "$port" -U postgres -d "$database" -v ON_ERROR_STOP=1 -qAt "$@"
}

configure() {  # configure CLUSTER: loopback only, trust (a throwaway exercise), replication allowed
  local conf=/etc/postgresql/$VERSION/$1
  cat >"$conf/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
HBA
  cat >>"$conf/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
wal_level = logical
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
CONF
}

for cluster in "$PRIMARY" "$REPLICA" "$NATIONAL" "$PROVINCE2"; do
  if pg_lsclusters -h | awk '{print $2}' | grep -qx "$cluster"; then
    echo "cluster $cluster already exists: drop it first (pg_dropcluster --stop $VERSION $cluster)" >&2
    exit 1
  fi
done

echo "== primary $PRIMARY on 127.0.0.1:$PRIMARY_PORT (wal_level=logical)"
pg_createcluster "$VERSION" "$PRIMARY" -p "$PRIMARY_PORT" -- --auth=trust >/dev/null
CREATED+=("$PRIMARY")
configure "$PRIMARY"
pg_ctlcluster "$VERSION" "$PRIMARY" start
sql "$PRIMARY_PORT" postgres -c "CREATE DATABASE $DB"

offset_ids() {  # offset_ids PORT PROVINCE: the bigint id sequences start at the province's block (the int ones are Django's own tables, not published)
  sql "$1" "$DB" -c "DO \$\$ DECLARE s record; BEGIN
    FOR s IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' AND data_type = 'bigint'::regtype LOOP
      EXECUTE format('ALTER SEQUENCE public.%I RESTART WITH %s', s.sequencename, $2::bigint * $ID_BLOCK + 1);
    END LOOP; END \$\$"
}

export DJANGO_SETTINGS_MODULE=zhibu.settings
export ZHIBU_DEBUG=false
export ZHIBU_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ZHIBU_DATA_DIR=$WORK/data
export ZHIBU_ALLOWED_HOSTS=127.0.0.1,localhost,testserver
export ZHIBU_REQUIRE_OTP=false
export ZHIBU_ALLOW_DEMO=true
export ZHIBU_SECURE=false
PRIMARY_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB
REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB
NATIONAL_URL=postgres://postgres@127.0.0.1:$NATIONAL_PORT/$DB
PROVINCE2_URL=postgres://postgres@127.0.0.1:$PROVINCE2_PORT/$DB
mkdir -p "$ZHIBU_DATA_DIR"
cd "$ROOT"
manage() { ZHIBU_DATABASE_URL=${URL:-$PRIMARY_URL} "$PY" manage.py "$@"; }

echo "== zhibu on the primary: keys, schema, demo data"
manage create_field_keys >/dev/null
manage audit_checkpoint --create-key >/dev/null
manage migrate --noinput -v0
manage collectstatic --noinput -v0  # production settings: the pages link the hashed names
offset_ids "$PRIMARY_PORT" 1
start=$(date +%s)
manage demo -v0 >/dev/null
echo "demo built in $(($(date +%s) - start)) s"

echo "== replica $REPLICA on 127.0.0.1:$REPLICA_PORT (pg_basebackup -R from the primary)"
pg_createcluster "$VERSION" "$REPLICA" -p "$REPLICA_PORT" >/dev/null
CREATED+=("$REPLICA")
configure "$REPLICA"
REPLICA_DATA=/var/lib/postgresql/$VERSION/$REPLICA
find "$REPLICA_DATA" -mindepth 1 -delete  # pg_basebackup fills the empty directory (its parent is root's)
runuser -u postgres -- "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DATA" \
  -R -X stream -c fast -C -S "${PREFIX}_replica_slot"
pg_ctlcluster "$VERSION" "$REPLICA" start
for _ in $(seq 60); do
  [ "$(sql "$PRIMARY_PORT" postgres -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1 ] && break
  sleep 1
done
echo "in recovery on the replica: $(sql "$REPLICA_PORT" "$DB" -c 'SELECT pg_is_in_recovery()')"

echo "== the replica serves a read-only page through zhibu's router, and refuses writes"
ZHIBU_REPLICA_DATABASE_URL=$REPLICA_URL ZHIBU_DATABASE_URL=$PRIMARY_URL "$PY" manage.py shell -v0 -c "
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from zhibu.accounts.models import User

client = Client()
client.force_login(User.objects.get(username='shuji'))
for url in ('/', '/standards/sheet/', '/members/export/', '/members/'):
    with CaptureQueriesContext(connections['default']) as primary, CaptureQueriesContext(connections['replica']) as replica:
        response = client.get(url)
    print(f'{url:20} HTTP {response.status_code}: {len(replica):3} queries on the replica, {len(primary):3} on the primary')
"
if sql "$REPLICA_PORT" "$DB" -c "UPDATE organizations_organization SET name = name" 2>"$WORK/refused"; then
  echo "the replica accepted a write" >&2
  exit 1
fi
echo "a write on the replica: $(head -1 "$WORK/refused")"

echo "== national $NATIONAL on 127.0.0.1:$NATIONAL_PORT, subscribed to: $TABLES"
pg_createcluster "$VERSION" "$NATIONAL" -p "$NATIONAL_PORT" -- --auth=trust >/dev/null
CREATED+=("$NATIONAL")
configure "$NATIONAL"
pg_ctlcluster "$VERSION" "$NATIONAL" start
sql "$NATIONAL_PORT" postgres -c "CREATE DATABASE $DB"
URL=$NATIONAL_URL manage migrate --noinput -v0
# migrate may seed rows; the subscription's initial copy brings the primary's instead.
sql "$NATIONAL_PORT" "$DB" -c "SET client_min_messages = warning" -c "TRUNCATE $TABLES CASCADE"
sql "$PRIMARY_PORT" "$DB" -c "CREATE PUBLICATION national_figures FOR TABLE $TABLES"
sql "$NATIONAL_PORT" "$DB" -c "CREATE SUBSCRIPTION province_1 CONNECTION 'host=127.0.0.1 port=$PRIMARY_PORT user=postgres dbname=$DB' PUBLICATION national_figures"

wait_synced() {  # wait_synced [PORT SLOT]: until the subscription's tables are ready and it has confirmed the WAL
  local port=${1:-$PRIMARY_PORT} slot=${2:-province_1} target
  target=$(sql "$port" "$DB" -c "SELECT pg_current_wal_lsn()")
  local start
  start=$(date +%s.%N)
  for _ in $(seq 600); do
    if [ "$(sql "$NATIONAL_PORT" "$DB" -c "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'")" = 0 ] &&
       [ "$(sql "$port" "$DB" -c "SELECT coalesce(bool_and(confirmed_flush_lsn >= '$target'), false) FROM pg_replication_slots WHERE slot_name = '$slot'")" = t ]; then
      printf "caught up in %.2f s\n" "$(echo "$(date +%s.%N) - $start" | bc)"
      return
    fi
    sleep 0.2
  done
  echo "the subscription did not catch up in 2 minutes" >&2
  exit 1
}

compare() {  # the row counts of the published tables on the primary, the replica and the national instance
  local table primary replica national
  for table in ${TABLES//,/}; do
    primary=$(sql "$PRIMARY_PORT" "$DB" -c "SELECT count(*) FROM $table")
    replica=$(sql "$REPLICA_PORT" "$DB" -c "SELECT count(*) FROM $table")
    national=$(sql "$NATIONAL_PORT" "$DB" -c "SELECT count(*) FROM $table")
    printf "  %-28s primary %8s  replica %8s  national %8s\n" "$table" "$primary" "$replica" "$national"
    [ "$primary" = "$national" ] || { echo "  counts differ on $table" >&2; exit 1; }
  done
}

lag() {
  sql "$PRIMARY_PORT" "$DB" -F ' | ' -c "SELECT application_name, state,
      coalesce(replay_lag::text, '-') AS replay_lag,
      pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS bytes_behind
    FROM pg_stat_replication ORDER BY application_name" | sed 's/^/  lag: /'
}

echo "-- initial copy"
wait_synced
compare
lag

echo "-- an evaluation on the primary (manage.py evaluate_standards, last year and this year)"
year=$(date +%Y)
manage evaluate_standards --year $((year - 1)) --year "$year" | tail -3
wait_synced
compare
lag

echo "-- a change on the primary: an organisation renamed through zhibu's service"
ZHIBU_DATABASE_URL=$PRIMARY_URL "$PY" manage.py shell -v0 -c "
from zhibu.core.actors import CommandActor
from zhibu.organizations.models import Organization
from zhibu.organizations.services import update_organization

organization = Organization.objects.order_by('id').last()
update_organization(actor=CommandActor('replication-exercise'), organization=organization, name=organization.name + '（更名）')
print(organization.id)
" >"$WORK/renamed"
renamed=$(tail -1 "$WORK/renamed")
wait_synced
echo "  on the national instance: $(sql "$NATIONAL_PORT" "$DB" -c "SELECT name FROM organizations_organization WHERE id = $renamed")"
compare
lag

echo "== a second province: primary $PROVINCE2 on 127.0.0.1:$PROVINCE2_PORT, ids from $((2 * ID_BLOCK + 1)), into the same national tables"
pg_createcluster "$VERSION" "$PROVINCE2" -p "$PROVINCE2_PORT" -- --auth=trust >/dev/null
CREATED+=("$PROVINCE2")
configure "$PROVINCE2"
pg_ctlcluster "$VERSION" "$PROVINCE2" start
sql "$PROVINCE2_PORT" postgres -c "CREATE DATABASE $DB"
URL=$PROVINCE2_URL manage migrate --noinput -v0
offset_ids "$PROVINCE2_PORT" 2
ZHIBU_DATABASE_URL=$PROVINCE2_URL "$PY" manage.py shell -v0 -c "
import datetime
from zhibu.core.actors import CommandActor
from zhibu.organizations.models import OrganizationKind
from zhibu.organizations.services import create_organization

actor, founded = CommandActor('replication-exercise'), datetime.date(2020, 1, 1)
root = create_organization(actor=actor, parent=None, name='中共乙省直属机关工作委员会', kind=OrganizationKind.GONGWEI, code='Y-0', founded_on=founded)
committee = create_organization(actor=actor, parent=root, name='中共乙省某厅机关委员会', kind=OrganizationKind.DANGWEI, code='Y-1', founded_on=founded)
for number in range(1, 4):
    create_organization(actor=actor, parent=committee, name=f'乙省某厅第{number}党支部', kind=OrganizationKind.BRANCH, code=f'Y-1-{number}', founded_on=founded)
"
URL=$PROVINCE2_URL manage evaluate_standards --year "$year" | tail -1
sql "$PROVINCE2_PORT" "$DB" -c "CREATE PUBLICATION national_figures FOR TABLE $TABLES"
sql "$NATIONAL_PORT" "$DB" -c "CREATE SUBSCRIPTION province_2 CONNECTION 'host=127.0.0.1 port=$PROVINCE2_PORT user=postgres dbname=$DB' PUBLICATION national_figures"
wait_synced "$PROVINCE2_PORT" province_2
wait_synced
echo "  rows per province on the national instance (province = id / $ID_BLOCK):"
for table in ${TABLES//,/}; do
  first=$(sql "$PRIMARY_PORT" "$DB" -c "SELECT count(*) FROM $table")
  second=$(sql "$PROVINCE2_PORT" "$DB" -c "SELECT count(*) FROM $table")
  sql "$NATIONAL_PORT" "$DB" -F ' ' -c "SELECT id / $ID_BLOCK, count(*) FROM $table GROUP BY 1 ORDER BY 1" |
    while read -r province count; do printf "  %-28s province %s: %8s\n" "$table" "$province" "$count"; done
  national=$(sql "$NATIONAL_PORT" "$DB" -c "SELECT count(*) FROM $table")
  [ "$national" = $((first + second)) ] || { echo "  $table: national $national, provinces $first + $second" >&2; exit 1; }
done
echo "  national figures, this year's verdicts by province and status:"
sql "$NATIONAL_PORT" "$DB" -F ' ' -c "SELECT v.organization_id / $ID_BLOCK AS province, v.status, count(*)
    FROM standards_verdict v JOIN organizations_organization o ON o.id = v.organization_id
    WHERE v.period_start >= make_date($year, 1, 1) GROUP BY 1, 2 ORDER BY 1, 2" | sed 's/^/    /'
lag
