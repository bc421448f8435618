#!/usr/bin/env bash
# The image pipeline (issue 28): Prepare and RenderRest on a 12 MP, ~4.5 MB JPEG made reproducibly (p50/p95 over 40
# runs each), 10 uploads at once with the process's peak RSS, and the PNG bomb's refusal; per libvips thread count.
# The code: bench/Feed.Bench/PhotosBench.cs. The figures go into docs/benchmarks.md, between the photos markers
# (added at the end when missing). About 3 minutes on 2 idle cores. Needs no database.
# Usage: bash bench/photos.sh   (bench/run.sh calls it; FEED_BENCH_PHOTO_RUNS=30 for fewer runs)
set -euo pipefail
cd "$(dirname "$0")/.."

# As the Dockerfile runs the API: two malloc arenas (FEED_BENCH_MALLOC_DEFAULT=1 for glibc's default, to compare).
[ "${FEED_BENCH_MALLOC_DEFAULT:-0}" = 1 ] || export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
dotnet build -c Release -v q -nologo bench/Feed.Bench >/dev/null
section=$(mktemp)
trap 'rm -f "$section"' EXIT
FEED_BENCH_ROOT=$PWD dotnet bench/Feed.Bench/bin/Release/net10.0/Feed.Bench.dll photos "$section"
python3 bench/section.py photos "$(cat "$section")"
