#!/usr/bin/env bash
# Installs PostgreSQL from the distribution's packages when it is missing and starts a throwaway
# cluster on a private port (PG_CI_PORT, 5499): its own socket trusted, TCP with passwords (so the
# tests of a wrong password mean something), a superuser role clientele_ci (password clientele_ci)
# and a database of the same name. The cluster's folder is kept in .ci/pg-dir so
# postgres-stop.sh can stop it and remove it. PostgreSQL refuses to run as root, so as root the
# cluster belongs to the postgres user the package creates.
set -euo pipefail
port="${PG_CI_PORT:-5499}"
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
fi
bin="$(pg_bin)"
dir="$(mktemp -d /tmp/clientele-pg.XXXXXX)"
echo "$dir" > "$(dirname "$0")/pg-dir"
as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
as_owner "'$bin/initdb' -D '$dir/data' --auth-local=trust --auth-host=scram-sha-256 -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=localhost -c fsync=off\" start >/dev/null"
as_owner "'$bin/psql' -h '$dir' -p $port -U postgres -q -c 'CREATE ROLE clientele_ci LOGIN SUPERUSER PASSWORD '\''clientele_ci'\''' -c 'CREATE DATABASE clientele_ci OWNER clientele_ci'"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port (cluster in $dir)"
