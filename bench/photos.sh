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
# About 8 minutes on 2 idle cores. Needs no database server. Ports: the API on FEED_BENCH_PHOTO_PORT (5250).
# Usage: bash bench/photos.sh   (bench/run.sh calls it; FEED_BENCH_PHOTO_RUNS=30 for fewer pipeline runs,
#   FEED_BENCH_PHOTO_UPLOADS (30), FEED_BENCH_PHOTO_SECONDS (15), FEED_BENCH_PHOTO_WRK_SECONDS (10) for the HTTP part;
#   FEED_BENCH_PHOTO_PARTS=http (or pipeline) for one section only)
set -euo pipefail
cd "$(dirname "$0")/.."
parts=${FEED_BENCH_PHOTO_PARTS:-pipeline,http}
port=${FEED_BENCH_PHOTO_PORT:-5250}

# As the Dockerfile runs the API: two malloc arenas (FEED_BENCH_MALLOC_DEFAULT=1 for glibc's default, to compare).
[ "${FEED_BENCH_MALLOC_DEFAULT:-0}" = 1 ] || export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
dotnet build -c Release -v q -nologo bench/Feed.Bench >/dev/null
work=$(mktemp -d)
api=""
trap '[ -z "$api" ] || kill "$api" 2>/dev/null || true; rm -rf "$work"' EXIT

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
