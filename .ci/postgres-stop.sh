#!/usr/bin/env bash
# Stops the throwaway cluster postgres-start.sh made and removes its folder.
set -uo pipefail
marker="$(dirname "$0")/pg-dir"
[ -f "$marker" ] || exit 0
dir="$(cat "$marker")"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ "$(id -u)" = 0 ]; then
  su postgres -s /bin/bash -c "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1
else
  "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
fi
rm -rf "$dir" "$marker"
