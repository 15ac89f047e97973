#!/usr/bin/env bash
# The test command: installs and starts what the tests need, then runs every test.
#   ./test.sh                 everything (SQLite and PostgreSQL)
#   ./test.sh --filter X      extra arguments go to `dotnet test`
# PostgreSQL: the machine's PostgreSQL binaries (Debian's `postgresql` package is installed when they
# are missing) run a throwaway cluster in a temp folder on a free loopback port, stopped at the end.
# Chromium: Debian's `chromium` package (installed when missing) for the browser tests. npm packages:
# the build runs `npm ci` in web/ (Node.js 20.19+ with npm must be on the machine).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/throwaway-postgres.sh
. scripts/chromium.sh

echo "== Chromium"
ensure_chromium

echo "== PostgreSQL"
# A test cluster: durability off for speed (bench/run.sh measures with a durable one).
start_throwaway_postgres fsync=off synchronous_commit=off full_page_writes=off
export LO_TEST_POSTGRES="$THROWAWAY_PG_CONNECTION"

echo "== Building"
dotnet build LeadOrchestrator.slnx -c Release -nologo -v quiet

echo "== Chat page component tests (Vitest)"
(cd web && npm test --silent)

echo "== Running tests (SQLite and PostgreSQL, and the chat page in Chromium)"
dotnet test LeadOrchestrator.slnx -c Release --no-build -nologo "$@"
