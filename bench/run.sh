#!/usr/bin/env bash
# The benchmark, from a fresh clone: installs what it needs (MariaDB, wrk, Django for the peer),
# seeds 1,000,000 items into MariaDB, measures page latency at depth (keyset vs OFFSET) and HTTP
# throughput with wrk (EF vs the raw handler, first vs deep, page cache on vs off: three alternating
# rounds), then Feed against its Django peer on SQLite and SQLite seeding (bench/peers.sh), then the
# live stream (bench/stream.sh), then the home timeline (bench/home.sh: /home against /feed, fan-out,
# follows; bench/home_ab.sh: /home against /feed in seven rounds), then photos (bench/photos.sh: the
# image pipeline, and issue 28's targets over HTTP), then conversations (bench/likes_ab.sh, bench/conversations.sh:
# a like's cost with its notification, the comments and notifications pages); writes docs/benchmarks.md and
# docs/benchmarks.png. About an hour on 2 cores.
# Usage: bash bench/run.sh   (FEED_BENCH_ITEMS=100000 for a quick run)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/mariadb.sh install
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
/usr/bin/python3 -c "import django, rest_framework" 2>/dev/null && command -v gunicorn >/dev/null || \
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-django python3-djangorestframework gunicorn >/dev/null
dotnet tool restore >/dev/null   # dotnet-counters
scripts/mariadb.sh start
eval "$(scripts/mariadb.sh env)"

dotnet build -c Release -v q -nologo Feed.Api
dotnet build -c Release -v q -nologo bench/Feed.Bench
FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll
bash bench/peers.sh    # SQLite: Feed vs Django, seeding 200k: its own section of docs/benchmarks.md
bash bench/stream.sh   # the live stream under load: its own section of docs/benchmarks.md
bash bench/home.sh     # /home, fan-out and follows (issue 27): its own section of docs/benchmarks.md
bash bench/home_ab.sh  # /home against /feed in 7 alternating rounds, on the database home.sh left
bash bench/photos.sh   # photos (issue 28): the pipeline's latency and RSS; over HTTP: upload, ready, readers, files
bash bench/likes_ab.sh        # issue 30: a like with its notification against a like before notifications
bash bench/conversations.sh   # issue 30: comments and notifications pages, grouping on write against on read
