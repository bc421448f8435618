#!/usr/bin/env bash
# The benchmark, from a fresh clone, in about 15 minutes on 2 cores: installs what it needs (MariaDB, wrk, Django for
# the peer), builds once, then runs each step below and REWRITES docs/benchmarks.md as a whole (and benchmarks.png):
# every figure in it comes from this run; the top holds the run (date, commit, command, each step's wall time) and
# ONE targets table gathered from every section (bench/summary.py).
# 1. feed      Feed.Bench: seeds 1,000,000 items into MariaDB, page latency at depth (keyset vs OFFSET), then HTTP
#              with wrk: the API in its own process (anonymous first and 90 % deep, signed in, page cache on) against
#              the raw MySqlConnector handler in its own process, three alternating rounds (issue 31).
# 2. peers     bench/peers.sh: Feed against its Django peer on SQLite 100k, and SQLite seeding (issue 31).
# 3. home      bench/home.sh: /home against /feed, plans, follows, fan-out (issue 27).
# 4. photos    bench/photos.sh: the image pipeline, issue 28's targets over HTTP, a page of photo posts (issue 28).
# The default run is the short one: 5 s wrk runs after 2 s of warm-up, 10 timed repetitions at depth (3 of OFFSET),
# the mixed listing only at depth, the 1M feed seeded without a follow graph (the feed's pages do not read it), home
# on MariaDB only with 100,000 items and fan-out to 10,000 and 100,000 followers, photos with fewer runs and uploads.
# FEED_BENCH_FULL=1 runs the long version (about 1.5 hours): every script with its own defaults (1M items and 10 s
# runs everywhere, home on both engines with fan-out to 1M followers), plus the live stream (bench/stream.sh),
# /home against /feed in 7 rounds (bench/home_ab.sh) and issue 30's conversations (bench/conversations.sh).
# Left out of both (run them by hand): bench/likes_ab.sh (an A/B against an old commit), bench/seed_jobs.sh,
# bench/slow_readers.sh, bench/slow_streams.sh.
# Any FEED_BENCH_* setting given overrides the short run's. MariaDB: FEED_MARIADB_DIR and FEED_MARIADB_PORT as
# scripts/mariadb.sh reads them. Ports: 5601-5610 (FEED_BENCH_HTTP_PORT and the scripts' own).
# Usage: bash bench/run.sh   (FEED_BENCH_FULL=1 bash bench/run.sh for the long version)
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="bash bench/run.sh"
full=${FEED_BENCH_FULL:-0}
[ "$full" = 1 ] && command_line="FEED_BENCH_FULL=1 bash bench/run.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
steps="$work/steps.tsv"
: > "$steps"

# step NAME SECTIONS COMMAND...: runs COMMAND, records its wall time (and the sections of the docs it wrote).
step() {
  local name=$1 sections=$2 start at status=0
  shift 2
  echo "==== $name: $*"
  start=$(date +%s.%N)
  at=$(date -u '+%Y-%m-%d %H:%M UTC')
  "$@" || status=$?   # a failed step is recorded (and its section left out), the others still run
  [ $status = 0 ] || { echo "==== $name FAILED ($status)"; name="$name: **FAILED ($status)**"; failed=1; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$(python3 -c "print(round($(date +%s.%N) - $start, 1))")" \
    "$(printf '%s ' "${shown[@]:-$*}" | sed 's/ $//')" "$sections" "$at" >> "$steps"
  shown=()
}
shown=()
failed=0

if [ "$full" != 1 ]; then
  export FEED_BENCH_HTTP_SECONDS=${FEED_BENCH_HTTP_SECONDS:-5} FEED_BENCH_WARMUP_SECONDS=${FEED_BENCH_WARMUP_SECONDS:-2}
  export FEED_BENCH_REPS=${FEED_BENCH_REPS:-10} FEED_BENCH_LISTINGS=${FEED_BENCH_LISTINGS:-mixed}
  export FEED_BENCH_FOLLOWS_PER_USER=${FEED_BENCH_FOLLOWS_PER_USER:-0}
fi

setup() {
  scripts/mariadb.sh install
  command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
  /usr/bin/python3 -c "import django, rest_framework" 2>/dev/null && command -v gunicorn >/dev/null || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-django python3-djangorestframework gunicorn >/dev/null
  dotnet tool restore >/dev/null   # dotnet-counters
  scripts/mariadb.sh start
  dotnet build -c Release -v q -nologo Feed.Api
  dotnet build -c Release -v q -nologo bench/Feed.Bench
}
shown=("scripts/mariadb.sh install && start; wrk, Django, gunicorn when missing; dotnet tool restore;"
  "dotnet build -c Release Feed.Api; dotnet build -c Release bench/Feed.Bench")
step setup "" setup
eval "$(scripts/mariadb.sh env)"

feed() { FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll; }
shown=("dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll" "($(env | grep -E '^FEED_BENCH_' | sort | tr '\n' ' ' | sed 's/ $//'))")
step feed feed feed
if [ "$full" = 1 ]; then
  step peers peers bash bench/peers.sh
  step stream stream bash bench/stream.sh
  step home home bash bench/home.sh
  step home-ab home-ab bash bench/home_ab.sh
  step photos photos,photos-http,photos-page bash bench/photos.sh
  step conversations conversations bash bench/conversations.sh
else
  shown=(FEED_BENCH_SQLITE_SEED_ITEMS=100000 bash bench/peers.sh 5)
  step peers peers env "${shown[@]}"
  shown=(FEED_BENCH_ITEMS=100000 FEED_BENCH_FANOUT=10000,100000 FEED_BENCH_HOME_ENGINES=MariaDB FEED_BENCH_READER_SECONDS=5
    bash bench/home.sh)
  step home home env "${shown[@]}"
  shown=(FEED_BENCH_PHOTO_RUNS=10 FEED_BENCH_PHOTO_THREADS=2 FEED_BENCH_PHOTO_UPLOADS=10 FEED_BENCH_PHOTO_SECONDS=5
    FEED_BENCH_PHOTO_WRK_SECONDS=3 bash bench/photos.sh)
  step photos photos,photos-http,photos-page env "${shown[@]}"
fi

if [ "$full" = 1 ]; then
  notes="The long run: every script with its own defaults."
else
  notes="The short run (the default; \`FEED_BENCH_FULL=1 bash bench/run.sh\` is the long one, about 1.5 hours): wrk runs of \
${FEED_BENCH_HTTP_SECONDS} s after ${FEED_BENCH_WARMUP_SECONDS} s of warm-up, ${FEED_BENCH_REPS} timed repetitions per depth \
(OFFSET: 3), the mixed listing only at depth; the 1M feed seeded without a follow graph (its pages do not read one). \
Home (issue 27) on MariaDB only (not SQLite), 100,000 items, fan-out to 10,000 and 100,000 followers: fan-out to \
1,000,000 is dropped because above \`Home:PullAbove\` (100,000) a post is not copied into homes but read at read time, \
so 1M followers add no fan-out to measure, only a million follower rows to insert first (the long run does it). \
Photos (issue 28) with 10 pipeline runs at 2 libvips threads only (the default; not 1), 10 uploads, 5 s reader \
windows, 3 s wrk runs. Peers: SQLite seeding timed on the peers' own 100,000 items (the target scaled: 4 s). \
Not in the short run: the live stream (\`bench/stream.sh\`), /home against /feed in 7 rounds (\`bench/home_ab.sh\`), \
issue 30's conversations (\`bench/conversations.sh\`, about 4 minutes: it has no target table of its own). \
In neither run: \`bench/likes_ab.sh\` (an A/B against an old commit), \`bench/seed_jobs.sh\`, \`bench/slow_readers.sh\`, \
\`bench/slow_streams.sh\`: run them by hand."
fi
# Local changes, the files this run writes aside (docs/benchmarks.*).
commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- . ':!docs/benchmarks.md' ':!docs/benchmarks.png' || commit="$commit (with local changes)"
python3 bench/summary.py "$steps" "$command_line" "$notes" "$commit"
echo
column -t -s $'\t' "$steps" | cut -c1-160
echo "Wrote docs/benchmarks.md and docs/benchmarks.png"
exit $failed
