#!/usr/bin/env bash
# The home timeline (issue 27), on MariaDB and SQLite: a fresh database each, seeded by the seed verb's
# code (1,000,000 items, 10,000 users), the follow graph and homes made by SQL; then the home page's
# plans and costs against the naive read-time design (AuthorId IN 2,000 ids), /home against /feed
# over HTTP (wrk, three alternating rounds), follow and unfollow latency, fan-out from POST to the last
# follower's home with 10,000, 100,000 and 1,000,000 followers, and readers' latency during fan-out.
# The code: bench/Feed.Bench/Home*.cs. The figures go into docs/benchmarks.md, between the home markers
# (added at the end when missing). About 40 minutes on 2 idle cores.
# Usage: bash bench/home.sh   (bench/run.sh calls it; FEED_BENCH_ITEMS=100000 FEED_BENCH_FANOUT=10000,100000
#   for a quick run; FEED_BENCH_HOME_ENGINES=MariaDB for one engine; FEED_MARIADB_DIR and FEED_MARIADB_PORT
#   for a MariaDB of your own, as scripts/mariadb.sh reads them)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
scripts/mariadb.sh start
eval "$(scripts/mariadb.sh env)"
dotnet build -c Release -v q -nologo bench/Feed.Bench >/dev/null
section=$(mktemp)
trap 'rm -f "$section"' EXIT
FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll home "$section"
python3 bench/section.py home "$(cat "$section")"
