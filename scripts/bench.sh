#!/usr/bin/env bash
# The benchmark suite: Gnomon, Quartz.NET and Hangfire measured in one run on one embedded PostgreSQL, with
# pgbench's ceiling on the same server. Prints one table per scenario.
#
#   scripts/bench.sh quick            each scenario in about a minute (prints only)
#   scripts/bench.sh full             the figures of record (~30 minutes); rewrites the generated section of
#                                     docs/benchmarks.md and the charts in docs/benchmarks/
#   scripts/bench.sh quick --systems gnomon --scenarios precision,throughput      any suite option after the size
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
bash scripts/ensure-prerequisites.sh

size="${1:-quick}"
[ $# -gt 0 ] && shift
case "$size" in
  quick) report=() ;;
  full) report=(--report docs/benchmarks.md) ;;
  *) echo "usage: scripts/bench.sh quick|full [suite options]" >&2; exit 2 ;;
esac

dotnet build bench/Gnomon.Bench -c Release -v quiet -nologo
exec dotnet bench/Gnomon.Bench/bin/Release/net10.0/Gnomon.Bench.dll suite --size "$size" ${report[@]+"${report[@]}"} "$@"
