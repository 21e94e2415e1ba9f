#!/usr/bin/env bash
# CI services for sitroom's tests: make PostgreSQL's server binaries available.
#
#   scripts/ci_services.sh          install PostgreSQL from Debian if initdb is missing (needs root or sudo)
#   scripts/ci_services.sh --start  also start a throwaway server and print "export SITROOM_TEST_PG=..."
#
# tests/test_store_pg.py starts its own throwaway server from these binaries (as the
# postgres user when run as root) or uses $SITROOM_TEST_PG; it skips when neither exists.
# Dask needs no service: its tests start a local scheduler and workers themselves.
set -euo pipefail

find_initdb() {
  local f
  for f in /usr/lib/postgresql/*/bin/initdb; do
    [ -x "$f" ] && { echo "$f"; return 0; }
  done
  command -v initdb 2>/dev/null || return 1
}

if ! initdb_path="$(find_initdb)"; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "ci_services: installing PostgreSQL from Debian" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  # the Debian package starts a cluster of its own; the tests do not need it
  $SUDO service postgresql stop >/dev/null 2>&1 || true
  initdb_path="$(find_initdb)"
fi
bindir="$(dirname "$initdb_path")"
echo "ci_services: PostgreSQL binaries in $bindir ($("$bindir/postgres" --version))" >&2

if [ "${1:-}" = "--start" ]; then
  dir="$(mktemp -d /tmp/sitroom-ci-pg.XXXXXX)"
  port="${SITROOM_PG_PORT:-55432}"
  run=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bindir/initdb" -D "$dir/data" -U sitroom --auth=trust -E UTF8 --no-sync >/dev/null
  "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-h 127.0.0.1 -p $port -k $dir -F" start >/dev/null
  echo "export SITROOM_TEST_PG=postgresql://sitroom@127.0.0.1:$port/postgres"
fi
