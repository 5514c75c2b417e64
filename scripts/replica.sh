#!/usr/bin/env bash
# A local PostgreSQL streaming replica of the system cluster, for tests and trying out
# DATABASE_REPLICA_URL on one machine. Run as root (it acts as the postgres user via runuser).
#
#   scripts/replica.sh start [PORT]    base backup of the cluster on 5432 into /tmp/ngo20-replica-PORT,
#                                      started as a hot standby on PORT (default 5433)
#   scripts/replica.sh pause|resume [PORT]   stop / restart applying the primary's changes
#   scripts/replica.sh stop [PORT]     stop it and delete its data directory
#
# The first start adds a replication role (ngo20_replicator) and one pg_hba.conf line to the
# primary, then reloads it; both are kept (idempotent) and allow replication from 127.0.0.1 only.
set -euo pipefail

command=${1:?usage: $0 start|pause|resume|stop [PORT]}
port=${2:-5433}
primary_port=${PRIMARY_PORT:-5432}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=/tmp/ngo20-replica-$port
role=ngo20_replicator
password=ngo20_replicator

as_postgres() { runuser -u postgres -- "$@"; }
primary_sql() { as_postgres psql -p "$primary_port" -Atqc "$1"; }
replica_sql() { as_postgres psql -h /tmp -p "$port" -Atqc "$1"; }

prepare_primary() {
    primary_sql "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
            CREATE ROLE $role WITH REPLICATION LOGIN PASSWORD '$password';
        END IF; END \$\$;"
    local hba
    hba=$(primary_sql "SHOW hba_file")
    if ! grep -Eq "^host[[:space:]]+replication[[:space:]]+$role[[:space:]]" "$hba"; then
        # Before the other lines: pg_hba.conf is read top-down and the first match decides.
        sed -i "1i host replication $role 127.0.0.1/32 scram-sha-256" "$hba"
        primary_sql "SELECT pg_reload_conf()" >/dev/null
    fi
    [ "$(primary_sql "SHOW wal_level")" != minimal ] || { echo "wal_level is minimal: no replication" >&2; exit 1; }
}

start() {
    stop_quietly
    prepare_primary
    install -d -o postgres -g postgres -m 700 "$data"
    # Retried: on a busy shared server another session's admin command can end the stream.
    local attempt
    for attempt in 1 2 3; do
        if as_postgres env PGPASSWORD=$password "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" \
                -U "$role" -D "$data" -R -X stream -c fast --no-sync; then
            break
        fi
        [ "$attempt" -lt 3 ] || exit 1
        rm -rf "${data:?}"/*
    done
    # Debian keeps the configuration outside the data directory: give the standby its own.
    # A standby needs at least the primary's connection limits; fsync off: it is thrown away.
    as_postgres tee "$data/postgresql.conf" >/dev/null <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
max_connections = $(primary_sql "SHOW max_connections")
max_worker_processes = $(primary_sql "SHOW max_worker_processes")
max_wal_senders = $(primary_sql "SHOW max_wal_senders")
max_prepared_transactions = $(primary_sql "SHOW max_prepared_transactions")
max_locks_per_transaction = $(primary_sql "SHOW max_locks_per_transaction")
shared_buffers = 64MB
fsync = off
EOF
    as_postgres touch "$data/pg_ident.conf"
    as_postgres tee "$data/pg_hba.conf" >/dev/null <<EOF
local all postgres peer
host all all 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 md5
EOF
    as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 120 start >/dev/null || {
        tail -20 "$data/server.log" >&2; exit 1; }
    [ "$(replica_sql "SELECT pg_is_in_recovery()")" = t ] || { echo "the replica is not in recovery" >&2; exit 1; }
    echo "replica on 127.0.0.1:$port (data in $data)"
}

stop_quietly() {
    if [ -f "$data/postmaster.pid" ]; then
        as_postgres "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$data"
}

case "$command" in
    start) start ;;
    pause) replica_sql "SELECT pg_wal_replay_pause()" >/dev/null ;;
    resume) replica_sql "SELECT pg_wal_replay_resume()" >/dev/null ;;
    stop) stop_quietly ;;
    *) echo "usage: $0 start|pause|resume|stop [PORT]" >&2; exit 2 ;;
esac
