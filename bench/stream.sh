#!/usr/bin/env bash
# The live stream under load: 1,000 subscribers on one instance (Release build, MariaDB) while 20
# items/s are posted for 30 s (bench/stream_load.py); the figures go into docs/benchmarks.md, in
# the section between the stream markers (added at the end when missing). About 1.5 minutes.
# Usage: bash bench/stream.sh [SUBSCRIBERS] [SECONDS] [RATE]   (bench/run.sh calls it last)
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers="${1:-1000}" seconds="${2:-30}" rate="${3:-20}"

scripts/mariadb.sh start
eval "$(scripts/mariadb.sh env)"
mariadb --no-defaults --socket=.mysql/mysqld.sock -uroot -e "DROP DATABASE IF EXISTS feed_stream; CREATE DATABASE feed_stream"
dotnet build -c Release -v q -nologo Feed.Api >/dev/null
port=${FEED_BENCH_STREAM_PORT:-5606}
export Database__Provider=MySql Database__ServerVersion="$FEED_TEST_MYSQL_VERSION" Database__MigrateOnStartup=true \
  ConnectionStrings__Feed="${FEED_TEST_MYSQL/Database=feed;/Database=feed_stream;}" \
  Auth__SigningKey=stream-benchmark-signing-key-0123456789 RateLimiting__Enabled=false Logging__LogLevel__Default=Warning
app=Feed.Api/bin/Release/net10.0
(cd $app && dotnet Feed.Api.dll migrate >/dev/null && dotnet Feed.Api.dll create-user streamer 'stream benchmark password' >/dev/null)
(cd $app && exec dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") > /tmp/feed-stream-bench.log 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
token=$(curl -s -X POST "http://127.0.0.1:$port/auth/token" -H 'content-type: application/json' \
  -d '{"name":"streamer","password":"stream benchmark password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')

result=$(python3 bench/stream_load.py "$api" "http://127.0.0.1:$port" "$token" "$subscribers" "$seconds" "$rate")
echo "$result"

section=$(cat <<MD
<!-- stream:begin -->
## The live stream under load

Measured $(date -u '+%Y-%m-%d %H:%M') UTC by \`bash bench/stream.sh\`: one instance (Release build, MariaDB,
\`Stream:PollInterval\` 1 s), $subscribers subscribers of \`/feed/stream\` from 50 loopback addresses, items
posted at $rate/s for $seconds s. Latency is from the moment the POST answered (committed) to the moment
a subscriber read the item's event.

| target | measured |
|---|---|
| delivery p95 ≤ 1.5 s with a 1 s poll | $(echo "$result" | sed -n 's/^delivery latency ms: //p') |
| one query per poll interval per instance | $(echo "$result" | sed -n 's/^database queries\/s //p') |
| RSS ≤ 300 MB, and CPU | $(echo "$result" | sed -n 's/^RSS MB: //p') |
| every event delivered | $(echo "$result" | sed -n 's/^subscribers //p') |
<!-- stream:end -->
MD
)
python3 bench/section.py stream "$section"
