#!/usr/bin/env bash
# /home against /feed over HTTP in many alternating rounds (7 by default, where bench/home.sh runs 3), on the
# MariaDB database bench/home.sh left (feed_home): the Release API, page cache and rate limiting off, no
# fan-out workers; wrk on the reader's /home (first page, 90 % deep) and on /feed (signed in: first page, 90 % deep;
# anonymous: first page),
# with MariaDB's CPU per page (bench/home_ab.py). The figures go into docs/benchmarks.md, between the
# home-ab markers. About 5 minutes. Usage: bash bench/home_ab.sh [ROUNDS] [SECONDS]   (bench/run.sh calls it
# after bench/home.sh; FEED_MARIADB_DIR and FEED_MARIADB_PORT as scripts/mariadb.sh reads them)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-7}" seconds="${2:-10}"

scripts/mariadb.sh start >/dev/null
eval "$(scripts/mariadb.sh env)"
dotnet build -c Release -v q -nologo Feed.Api >/dev/null
port=${FEED_BENCH_HOME_AB_PORT:-5610} key=home-ab-benchmark-signing-key-0123456789
db_port=$(sed -E 's/.*Port=([^;]*).*/\1/' <<<"$FEED_TEST_MYSQL")
app=Feed.Api/bin/Release/net10.0
(cd $app && exec env Database__Provider=MySql Database__ServerVersion="$FEED_TEST_MYSQL_VERSION" \
  ConnectionStrings__Feed="${FEED_TEST_MYSQL/Database=feed;/Database=feed_home;}" Auth__SigningKey=$key \
  Home__FanOutWorkers=0 RateLimiting__Enabled=false PageCache__Enabled=false Logging__LogLevel__Default=Warning \
  dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") > /tmp/feed-home-ab.log 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.5; done

table=$(python3 bench/home_ab.py "$port" "$key" "${FEED_MARIADB_DIR:-.mysql}/mysqld.sock" "$db_port" "$rounds" "$seconds")
echo "$table"
section=$(cat <<MD
<!-- home-ab:begin -->
### /home against /feed, $rounds alternating rounds

Measured $(date -u '+%Y-%m-%d %H:%M') UTC by \`bash bench/home_ab.sh $rounds $seconds\` on the MariaDB database
bench/home.sh left: the Release API (Production, page cache and rate limiting off, no fan-out workers), wrk -t2
-c32, $seconds s a run after 5 s of warm-up on every URL, every URL once a round. MariaDB CPU per page: the
server's CPU time (\`/proc\`) over \`Com_select\` (a page is one SELECT). The ratios are taken within each round
(the runs next to each other), so a burst of other work on the shared cores weighs on both sides.

$table
<!-- home-ab:end -->
MD
)
python3 bench/section.py home-ab "$section"
