#!/usr/bin/env bash
# Issue 30's like cost: a like now writes its notification in its own transaction (Data/Notifications); the target is
# a like within 1.2x of its cost before. A is a commit from before notifications (7865da8 by default), B this tree:
# both built Release, each on its own MariaDB database, both running; wrk likes posts through
# PUT /feed/{id}/like (every request a pair never liked before, so every one writes) in alternating runs, three rounds,
# measuring req/s, latency and the CPU per like of the API and of MariaDB. The figures go into docs/benchmarks.md,
# between the likes-ab markers. About 4 minutes.
# Usage: bash bench/likes_ab.sh [A_REF] [ROUNDS] [SECONDS]   (FEED_MARIADB_DIR and FEED_MARIADB_PORT as scripts/mariadb.sh reads them)
set -euo pipefail
cd "$(dirname "$0")/.."
a_ref="${1:-7865da8}" rounds="${2:-3}" seconds="${3:-10}"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
scripts/mariadb.sh start >/dev/null
eval "$(scripts/mariadb.sh env)"

a_dir=$(mktemp -d)/a
git worktree add -q --detach "$a_dir" "$a_ref"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; git worktree remove --force "$a_dir" 2>/dev/null || true; }
trap cleanup EXIT
dotnet build -c Release -v q -nologo Feed.Api >/dev/null
dotnet build -c Release -v q -nologo "$a_dir/Feed.Api" >/dev/null

key=likes-ab-benchmark-signing-key-0123456789
sock="${FEED_MARIADB_DIR:-.mysql}/mysqld.sock"
start_api() { # side dir port
  mariadb --no-defaults --socket="$sock" -uroot -e "DROP DATABASE IF EXISTS feed_likes_$1"
  local settings=(Database__Provider=MySql Database__ServerVersion="$FEED_TEST_MYSQL_VERSION"
    ConnectionStrings__Feed="${FEED_TEST_MYSQL/Database=feed;/Database=feed_likes_$1;}" Auth__SigningKey=$key
    ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false PageCache__Enabled=false Logging__LogLevel__Default=Warning)
  env -C "$2/Feed.Api/bin/Release/net10.0" "${settings[@]}" dotnet Feed.Api.dll migrate > "/tmp/feed-likes-$1.log" 2>&1
  env -C "$2/Feed.Api/bin/Release/net10.0" "${settings[@]}" dotnet Feed.Api.dll --urls "http://127.0.0.1:$3" >> "/tmp/feed-likes-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$3/health/ready" && return 0; sleep 0.5; done
  echo "API $1 did not start: /tmp/feed-likes-$1.log" >&2; exit 1
}
start_api a "$a_dir" 5451
start_api b "$PWD" 5452

table=$(python3 bench/likes_ab.py "$sock" "$rounds" "$seconds" a:5451:${pids[0]} b:5452:${pids[1]})
echo "$table"
section=$(cat <<MD
<!-- likes-ab:begin -->
### A like with its notification against a like before notifications (issue 30)

Measured $(date -u '+%Y-%m-%d %H:%M') UTC by \`bash bench/likes_ab.sh $a_ref $rounds $seconds\`: A is \`$a_ref\` (before
notifications), B is $(git rev-parse --short HEAD); both Release (Production, rate limiting off) on their own MariaDB
database, both running the whole time. 40 users like 2,000 posts by 8 authors, every request a (liker, post) pair not
liked before (B writes the post's notification group: the first like of a post starts it, the others join it), wrk -t2 -c8, $seconds s a run after 3 s of warm-up,
A and B alternating, $rounds rounds. CPU per request: the process's CPU time (\`/proc\`) over the requests answered.
The ratios are B over A within each round.

$table
<!-- likes-ab:end -->
MD
)
python3 bench/section.py likes-ab "$section"
