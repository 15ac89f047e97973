#!/usr/bin/env bash
# Runs the benchmarks (intake, speed to lead, dispatcher, chat streams, booking, chat page) on SQLite and on a durable throwaway PostgreSQL.
#   bench/run.sh [--scenario intake|speed|dispatch|chat|booking|web|fault|signin|inbox|franchise|assistant|all] [--conversations 20000] [--seconds 10] [--provider sqlite|postgres|both] [--touches 100000] ...
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-postgres.sh
. scripts/chromium.sh

ensure_chromium

# Durable, as in production: fsync and synchronous_commit stay on.
start_throwaway_postgres shared_buffers=512MB
dotnet build bench/LeadOrchestrator.Bench -c Release -nologo -v quiet
dotnet bench/LeadOrchestrator.Bench/bin/Release/net10.0/LeadOrchestrator.Bench.dll --postgres "$THROWAWAY_PG_CONNECTION" "$@"
