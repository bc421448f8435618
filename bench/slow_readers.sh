#!/usr/bin/env bash
# Slow readers of large pages under a capped heap (issue 26, finding 1): one instance on SQLite with
# the .NET heap capped at 384 MiB (what compose.yaml's 512 MiB limit gives), 100 posts of 5,000 emoji
# (a limit=100 page is ~6 MB of JSON), READERS sockets reading that page at ~1 KB/s from a 4 KiB
# receive buffer for SECONDS, while a bystander reads /feed?limit=20 four times a second. Prints the
# peak RSS, the bystander's statuses and slowest read, and the RSS after the readers closed; twice:
# with ResponseBuffers set as unbounded as the code was before (pool kept every block, no budget, no
# write timeout), then with the defaults. Usage: bash bench/slow_readers.sh [READERS] [SECONDS] [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
readers="${1:-95}" seconds="${2:-40}" port="${3:-5321}"
dotnet build -c Release -v q -nologo Feed.Api >/dev/null
app=$PWD/Feed.Api/bin/Release/net10.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASPNETCORE_ENVIRONMENT=Production Auth__SigningKey=slow-reader-benchmark-signing-key-0123456789 \
  ConnectionStrings__Feed="Data Source=$work/feed.db" Database__DemoData=false RateLimiting__Enabled=false \
  PageCache__Enabled=false Logging__LogLevel__Default=Warning DOTNET_GCHeapHardLimit=0x18000000
(cd "$app" && dotnet Feed.Api.dll migrate >/dev/null && dotnet Feed.Api.dll create-user reader 'slow reader password' >/dev/null)

run() { # $1: label; the rest: settings
  local label=$1; shift
  (cd "$app" && exec env "$@" dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") > "$work/app.log" 2>&1 &
  local api=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
  python3 bench/slow_readers.py "$api" "127.0.0.1" "$port" "$readers" "$seconds" "$label"
  echo "  OutOfMemory in the log: $(grep -c 'OutOfMemory' "$work/app.log" || true)"
  kill "$api" 2>/dev/null && wait "$api" 2>/dev/null || echo "  the process had died: $(grep -m1 -E 'OutOfMemory|Fatal|fatal' "$work/app.log" || true)"
}

# The posts, once (through the API, as a user would).
(cd "$app" && exec dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") > "$work/app.log" 2>&1 &
api=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
token=$(curl -s -X POST "http://127.0.0.1:$port/auth/token" -H 'content-type: application/json' \
  -d '{"name":"reader","password":"slow reader password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
body=$(python3 -c 'import json; print(json.dumps({"title": "Emoji", "body": "\U0001F600" * 5000}))')
for _ in $(seq 1 100); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/posts" -H "authorization: Bearer $token" \
    -H 'content-type: application/json' -d "$body"
done
kill "$api"; wait "$api" 2>/dev/null || true

run "before (unbounded)" ResponseBuffers__MaxPoolFreeBytes=1000000000000 ResponseBuffers__MaxHeldBytes=1000000000000 \
  ResponseBuffers__WriteTimeout=01:00:00
run "after (defaults)" ResponseBuffers__Unused=0
