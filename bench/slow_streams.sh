#!/usr/bin/env bash
# Slow stream readers under a capped heap (issue 26, finding 1): the app (Release, SQLite, the .NET heap
# capped at 384 MiB as compose.yaml's 512 MiB limit gives) on a port of its own; a ~60 KB post edited
# 200 times; 20 streams resume from before the edits and read ~1 KB/s for 30 s (bench/slow_streams.py).
# Usage: bash bench/slow_streams.sh [PORT] [STREAMS] [EDITS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-5300}"; shift || true
dotnet build -c Release -v q -nologo Feed.Api >/dev/null
dir=$(mktemp -d)
export Database__Provider=Sqlite ConnectionStrings__Feed="Data Source=$dir/feed.db" Database__DemoData=false \
  Auth__SigningKey=slow-streams-benchmark-key-0123456789 RateLimiting__Enabled=false Logging__LogLevel__Default=Warning \
  DOTNET_GCHeapHardLimit=0x18000000
app=$PWD/Feed.Api/bin/Release/net10.0
(cd "$app" && dotnet Feed.Api.dll migrate >/dev/null && dotnet Feed.Api.dll create-user slow 'slow streams password' >/dev/null)
(cd "$app" && exec dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") > "$dir/app.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
token=$(curl -s -X POST "http://127.0.0.1:$port/auth/token" -H 'content-type: application/json' \
  -d '{"name":"slow","password":"slow streams password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
python3 bench/slow_streams.py "$api" "http://127.0.0.1:$port" "$token" "$@"
echo "OutOfMemoryException in the log: $(grep -c OutOfMemory "$dir/app.log" || true)"
