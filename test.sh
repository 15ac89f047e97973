#!/usr/bin/env bash
# The test command: installs and starts what the tests need, then runs every test.
#   ./test.sh                 everything (SQLite and PostgreSQL)
#   ./test.sh --filter X      extra arguments go to `dotnet test`
# PostgreSQL: uses the machine's PostgreSQL binaries (installs Debian's `postgresql` package when
# missing), starts a throwaway cluster in a temp folder on a free loopback port, and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")"
root_dir=$(pwd)

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- PostgreSQL binaries ------------------------------------------------------------------------
find_pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"; return 0
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}
if ! pg_bin=$(find_pg_bin); then
  log "Installing PostgreSQL (Debian package 'postgresql')"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(find_pg_bin) || { echo "PostgreSQL binaries not found after install" >&2; exit 1; }
fi

# --- a throwaway cluster --------------------------------------------------------------------------
pg_tmp=$(mktemp -d /tmp/lo-pg-XXXXXX)
pg_user=$(id -un)
run_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: run the cluster as the 'postgres' system user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$pg_tmp"
  run_pg() { runuser -u postgres -- "$@"; }
fi
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_tmp"
}
trap cleanup EXIT INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pg_port=""
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 30000 ))
  if ! port_in_use "$candidate"; then pg_port=$candidate; break; fi
done
[ -n "$pg_port" ] || { echo "No free port for PostgreSQL" >&2; exit 1; }

log "Starting PostgreSQL ($("$pg_bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$pg_port"
run_pg "$pg_bin/initdb" -D "$pg_tmp/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
# A test cluster: durability off for speed (the benchmarks in bench/ use their own, durable cluster).
run_pg "$pg_bin/pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/postgres.log" -w -t 60 \
  -o "-p $pg_port -k $pg_tmp -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
export LO_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Include Error Detail=true"

# --- the suite --------------------------------------------------------------------------------------
log "Building"
dotnet build "$root_dir/LeadOrchestrator.slnx" -c Release -nologo -v quiet

log "Running tests (SQLite and PostgreSQL)"
dotnet test "$root_dir/LeadOrchestrator.slnx" -c Release --no-build -nologo "$@"
