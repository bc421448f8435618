#!/usr/bin/env bash
# The benchmark: seeds 1,000,000 items into MariaDB and SQLite, measures page latency at depth
# (keyset vs OFFSET), SQL commands and rows read per page, and HTTP throughput with wrk; writes
# docs/benchmarks.md and docs/benchmarks.png. Takes about 10 minutes on 2 cores.
# Usage: bash bench/run.sh   (FEED_BENCH_ITEMS=100000 for a quick run)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/mariadb.sh install
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
scripts/mariadb.sh start
eval "$(scripts/mariadb.sh env)"

dotnet build -c Release -v q -nologo Feed.Api
dotnet build -c Release -v q -nologo bench/Feed.Bench
FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll
bash bench/stream.sh   # the live stream under load: its own section of docs/benchmarks.md
