#!/usr/bin/env bash
# Photos (issue 28), in two sections of docs/benchmarks.md (each between its markers, added at the end when missing):
# - photos: the image pipeline in this process: Prepare and RenderRest on a 12 MP, ~4.5 MB JPEG made reproducibly
#   (p50/p95 over 40 runs each), 10 uploads at once with the process's peak RSS, and the PNG bomb's refusal; per libvips
#   thread count. The code: bench/Feed.Bench/Photos/PhotosBench.cs.
# - photos-http: the targets over HTTP, against the API in its own process as it runs in production (Release,
#   Production, render workers on, MALLOC_ARENA_MAX=2; SQLite seeded with 10,000 items by the verb; the local store):
#   POST /media → 201 and → ready (p50/p95 over 30 uploads one at a time), readers' p99 without and during 10 uploads
#   at once (three alternating rounds) with the API process's peak RSS, and wrk on a rendition (200 and 304).
#   The code: bench/Feed.Bench/Photos/PhotosHttp.cs, PhotosLoad.cs, PhotosFiles.cs, PhotosClient.cs.
# - photos-page: a page of 20 photo posts (3 pictures each, the author's avatar) is one SQL command: the API on MariaDB
#   (scripts/mariadb.sh, database feed_photos_page), statements per request of /posts, /feed, /users/{id}/items and /home
#   from MariaDB's Questions, less the background workers' (bench/Feed.Bench/Photos/PhotosPage.cs). Nothing else may use
#   that MariaDB meanwhile (Questions counts every client).
# About 9 minutes on 2 idle cores. The page part starts MariaDB (scripts/mariadb.sh).
# Ports: the API on FEED_BENCH_PHOTO_PORT (5608).
# Usage: bash bench/photos.sh   (bench/run.sh calls it; FEED_BENCH_PHOTO_RUNS=30 for fewer pipeline runs,
#   FEED_BENCH_PHOTO_UPLOADS (30), FEED_BENCH_PHOTO_SECONDS (15), FEED_BENCH_PHOTO_WRK_SECONDS (10) for the HTTP part;
#   FEED_BENCH_PHOTO_PARTS=http (or pipeline, or page) for one section only)
# A against B: FEED_BENCH_PHOTO_AB=REF (e.g. main) builds REF's API (git archive, in a temporary folder) as A and this
#   tree's as B, then runs the HTTP part alternately A, B, three rounds, each API on the same seeded copy, and writes the
#   section photos-ab (or FEED_BENCH_PHOTO_AB_SECTION; bench/photos_ab.py) instead of the others. Fewer uploads and
#   shorter windows by default there (FEED_BENCH_PHOTO_UPLOADS 15, FEED_BENCH_PHOTO_SECONDS 10, no wrk: file serving
#   is not what it compares). FEED_BENCH_PHOTO_BATCH_POLL_MS (20): how often each upload of a batch of 10 polls its status.
set -euo pipefail
cd "$(dirname "$0")/.."
parts=${FEED_BENCH_PHOTO_PARTS:-pipeline,http,page}
port=${FEED_BENCH_PHOTO_PORT:-5608}

# As the Dockerfile runs the API: two malloc arenas (FEED_BENCH_MALLOC_DEFAULT=1 for glibc's default, to compare).
[ "${FEED_BENCH_MALLOC_DEFAULT:-0}" = 1 ] || export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
dotnet build -c Release -v q -nologo bench/Feed.Bench >/dev/null
work=$(mktemp -d)
api=""
trap '[ -z "$api" ] || kill "$api" 2>/dev/null || true; rm -rf "$work"' EXIT

start_api() { # $1: the API's folder, $2: its SQLite file, $3: its media folder; sets $api
  env -C "$1" Database__Provider=Sqlite ConnectionStrings__Feed="Data Source=$2" Media__Local__Path="$3" \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false \
    Auth__SigningKey=photos-benchmark-signing-key-0123456789abcdef \
    dotnet Feed.Api.dll --urls "http://127.0.0.1:$port" > "$work/api.log" 2>&1 &
  api=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/api.log"; exit 1; }
}

if [ -n "${FEED_BENCH_PHOTO_AB:-}" ]; then
  echo "== A: ${FEED_BENCH_PHOTO_AB} ($(git rev-parse --short "$FEED_BENCH_PHOTO_AB")), B: this tree ($(git rev-parse --short HEAD)$(
    git diff --quiet HEAD -- Feed.Api || echo ' + changes'))"
  mkdir -p "$work/a"
  git archive "$FEED_BENCH_PHOTO_AB" | tar -x -C "$work/a"
  dotnet build -c Release -v q -nologo "$work/a/Feed.Api" >/dev/null
  declare -A apps=([A]="$work/a/Feed.Api/bin/Release/net10.0" [B]=Feed.Api/bin/Release/net10.0)
  env -C "${apps[B]}" Database__Provider=Sqlite ConnectionStrings__Feed="Data Source=$work/seed.db" \
    Logging__LogLevel__Default=Warning dotnet Feed.Api.dll seed --items 10000 >/dev/null
  export FEED_BENCH_PHOTO_UPLOADS=${FEED_BENCH_PHOTO_UPLOADS:-15} FEED_BENCH_PHOTO_SECONDS=${FEED_BENCH_PHOTO_SECONDS:-10} \
    FEED_BENCH_PHOTO_WRK_SECONDS=${FEED_BENCH_PHOTO_WRK_SECONDS:-0} FEED_BENCH_PHOTO_SUMMARY="$work/ab.jsonl"
  for round in 1 2 3; do
    for side in A B; do
      echo "== round $round, $side"
      rm -rf "$work/run" && mkdir -p "$work/run" && cp "$work/seed.db" "$work/run/feed.db"
      start_api "${apps[$side]}" "$work/run/feed.db" "$work/run/media"
      FEED_BENCH_PHOTO_SIDE=$side FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll photos-http \
        "$work/run/http.md" "http://127.0.0.1:$port/" "$api" || { tail -50 "$work/api.log"; exit 1; }
      kill "$api"; wait "$api" 2>/dev/null || true; api=""
    done
  done
  cp "$work/ab.jsonl" "${FEED_BENCH_PHOTO_AB_KEEP:-/dev/null}" 2>/dev/null || true
  section=${FEED_BENCH_PHOTO_AB_SECTION:-photos-ab}
  python3 bench/section.py "$section" "$(python3 bench/photos_ab.py "$work/ab.jsonl" "$FEED_BENCH_PHOTO_AB" \
    "$(git rev-parse --short "$FEED_BENCH_PHOTO_AB")" "$(git rev-parse --short HEAD)" "$section")"
  exit 0
fi

if [[ $parts == *pipeline* ]]; then
  FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll photos "$work/pipeline.md"
  python3 bench/section.py photos "$(cat "$work/pipeline.md")"
fi

if [[ $parts == *http* ]]; then
  app=Feed.Api/bin/Release/net10.0
  echo "== the API on 127.0.0.1:$port: SQLite seeded with 10,000 items by the verb, media in $work/media"
  settings=(Database__Provider=Sqlite ConnectionStrings__Feed="Data Source=$work/feed.db" Media__Local__Path="$work/media"
    Logging__LogLevel__Default=Warning)
  env -C "$app" "${settings[@]}" dotnet Feed.Api.dll seed --items 10000 >/dev/null
  # env execs dotnet, which runs the API in its own process: $! is the PID whose /proc/PID/status is sampled
  env -C "$app" "${settings[@]}" ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false \
    Auth__SigningKey=photos-benchmark-signing-key-0123456789abcdef \
    dotnet Feed.Api.dll --urls "http://127.0.0.1:$port" > "$work/api.log" 2>&1 &
  api=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/api.log"; exit 1; }
  FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll photos-http "$work/http.md" \
    "http://127.0.0.1:$port/" "$api" || { tail -50 "$work/api.log"; exit 1; }
  python3 bench/section.py photos-http "$(cat "$work/http.md")"
fi

if [[ $parts == *page* ]]; then
  kill "$api" 2>/dev/null || true; wait "$api" 2>/dev/null || true; api=""
  scripts/mariadb.sh start >/dev/null
  eval "$(scripts/mariadb.sh env)"
  page_db="${FEED_TEST_MYSQL/Database=feed;/Database=feed_photos_page;}"
  echo "== a page of 20 photo posts: the API on MariaDB (database feed_photos_page, made afresh)"
  mariadb --no-defaults -h127.0.0.1 -P"$(echo "$FEED_TEST_MYSQL" | sed -E 's/.*Port=([0-9]+).*/\1/')" -ufeed \
    -pfeed-test-password -e "DROP DATABASE IF EXISTS feed_photos_page"
  env -C Feed.Api/bin/Release/net10.0 Database__Provider=MySql Database__MigrateOnStartup=true ConnectionStrings__Feed="$page_db" \
    Database__ServerVersion="$FEED_TEST_MYSQL_VERSION" Media__Local__Path="$work/page-media" Logging__LogLevel__Default=Warning \
    ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false Auth__SigningKey=photos-benchmark-signing-key-0123456789abcdef \
    dotnet Feed.Api.dll --urls "http://127.0.0.1:$port" > "$work/api.log" 2>&1 &
  api=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/api.log"; exit 1; }
  FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll photos-page "$work/page.md" \
    "http://127.0.0.1:$port/" "$FEED_TEST_MYSQL" || { tail -50 "$work/api.log"; exit 1; }
  python3 bench/section.py photos-page "$(cat "$work/page.md")"
fi
