#!/usr/bin/env bash
# Issue 30's reads: a comments page and a notifications page, first and 90 % deep, over HTTP (wrk), with MariaDB's
# statements and CPU per page; and grouping notifications on write against grouping on read, in SQL, on a post liked
# 100,000 times. Seeds its own MariaDB database (feed_conv) in SQL: 100,000 users, 100,000 posts by one author, a
# viral post with 100,000 comments (a fifth of them replies) and 100,000 likes over three days, and the author's
# notifications as the write path groups them (one row per post, kind and day). The figures go into
# docs/benchmarks.md between the conversations markers. About 4 minutes.
# Usage: bash bench/conversations.sh [ROUNDS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}" seconds="${2:-10}"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
scripts/mariadb.sh start >/dev/null
eval "$(scripts/mariadb.sh env)"
dotnet build -c Release -v q -nologo Feed.Api >/dev/null
sock="${FEED_MARIADB_DIR:-.mysql}/mysqld.sock" port=${FEED_BENCH_CONVERSATIONS_PORT:-5609}
mariadb --no-defaults --socket="$sock" -uroot -e "DROP DATABASE IF EXISTS feed_conv"
settings=(Database__Provider=MySql Database__ServerVersion="$FEED_TEST_MYSQL_VERSION"
  ConnectionStrings__Feed="${FEED_TEST_MYSQL/Database=feed;/Database=feed_conv;}" Auth__SigningKey=conversations-benchmark-key-0123456789
  ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false PageCache__Enabled=false Logging__LogLevel__Default=Warning)
app=Feed.Api/bin/Release/net10.0
env -C $app "${settings[@]}" dotnet Feed.Api.dll migrate > /tmp/feed-conv.log 2>&1
env -C $app "${settings[@]}" dotnet Feed.Api.dll --urls "http://127.0.0.1:$port" >> /tmp/feed-conv.log 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.5; done

table=$(python3 bench/conversations.py "$sock" "$port" "$api" "$rounds" "$seconds")
echo "$table"
section=$(cat <<MD
<!-- conversations:begin -->
### Comments, notifications and grouping (issue 30)

Measured $(date -u '+%Y-%m-%d %H:%M') UTC by \`bash bench/conversations.sh $rounds $seconds\` at $(git rev-parse --short HEAD):
the Release API (Production, page cache and rate limiting off) on MariaDB, the database seeded in SQL as the script
says; wrk -t2 -c16, $seconds s a run after 3 s of warm-up, every URL once a round, $rounds rounds. Statements per page:
\`Com_select\` over the requests; MariaDB CPU per page: the server's CPU time (\`/proc\`) over the requests.

$table
<!-- conversations:end -->
MD
)
python3 bench/section.py conversations "$section"
