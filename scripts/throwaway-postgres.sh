# Sourced by test.sh and bench/run.sh: starts a throwaway PostgreSQL cluster in a temp folder on a
# free loopback port and stops it when the calling script exits.
#   start_throwaway_postgres [postgres -c settings...]   → sets THROWAWAY_PG_CONNECTION
# Uses the machine's PostgreSQL binaries; installs Debian's `postgresql` package when they are missing.

_pg_as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

_pg_find_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"; return 0
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}

_pg_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_throwaway_postgres() {
  local pg_bin
  if ! pg_bin=$(_pg_find_bin); then
    echo "Installing PostgreSQL (Debian package 'postgresql')"
    _pg_as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive _pg_as_root apt-get install -y -qq postgresql >/dev/null
    pg_bin=$(_pg_find_bin) || { echo "PostgreSQL binaries not found after install" >&2; return 1; }
  fi
  _pg_bin=$pg_bin
  _pg_tmp=$(mktemp -d /tmp/lo-pg-XXXXXX)
  _pg_run() { "$@"; }
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: run the cluster as the 'postgres' system user.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$_pg_tmp"
    _pg_run() { runuser -u postgres -- "$@"; }
  fi
  trap stop_throwaway_postgres EXIT INT TERM

  local port="" candidate
  for _ in $(seq 1 50); do
    candidate=$(( 20000 + RANDOM % 30000 ))
    if ! _pg_port_in_use "$candidate"; then port=$candidate; break; fi
  done
  [ -n "$port" ] || { echo "No free port for PostgreSQL" >&2; return 1; }

  local settings="-p $port -k $_pg_tmp -c listen_addresses=127.0.0.1 -c max_connections=400"
  local s
  for s in "$@"; do settings="$settings -c $s"; done
  echo "Starting PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($*)"
  _pg_run "$pg_bin/initdb" -D "$_pg_tmp/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  _pg_run "$pg_bin/pg_ctl" -D "$_pg_tmp/data" -l "$_pg_tmp/postgres.log" -w -t 60 -o "$settings" start >/dev/null
  THROWAWAY_PG_CONNECTION="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Include Error Detail=true"
  export THROWAWAY_PG_CONNECTION
}

stop_throwaway_postgres() {
  if [ -n "${_pg_tmp:-}" ] && [ -d "$_pg_tmp" ]; then
    _pg_run "$_pg_bin/pg_ctl" -D "$_pg_tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$_pg_tmp"
  fi
}
