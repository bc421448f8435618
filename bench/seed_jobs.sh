#!/usr/bin/env bash
# Seeding 1,000,000 items into MariaDB: the seed verb vs a seed job over HTTP (POST /admin/seed-jobs,
# polled), the same options (so the same digest), alternating, three rounds; prints rows/s of each
# and the digests. Release build, rate limiting off. About 8 minutes.
# Usage: bash bench/seed_jobs.sh [ITEMS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-1000000}" rounds="${2:-3}"

scripts/mariadb.sh start >/dev/null
eval "$(scripts/mariadb.sh env)"
mariadb --no-defaults --socket=.mysql/mysqld.sock -uroot -e "DROP DATABASE IF EXISTS feed_seedjobs; CREATE DATABASE feed_seedjobs"
dotnet build -c Release -v q -nologo Feed.Api >/dev/null
port=5095
export Database__Provider=MySql Database__ServerVersion="$FEED_TEST_MYSQL_VERSION" \
  ConnectionStrings__Feed="${FEED_TEST_MYSQL/Database=feed;/Database=feed_seedjobs;}" \
  Auth__SigningKey=seed-benchmark-signing-key-0123456789 RateLimiting__Enabled=false Logging__LogLevel__Default=Warning \
  SeedJobs__Enabled=true SeedJobs__AllowResetInProduction=true   # the job replaces the feed: reset and force
app=Feed.Api/bin/Release/net10.0
(cd $app && dotnet Feed.Api.dll migrate >/dev/null)
options=(--items "$items" --seed 42 --locale ko --reset --force)
body="{\"items\":$items,\"seed\":42,\"locale\":\"ko\",\"reset\":true,\"force\":true}"

verb() {
  (cd $app && dotnet Feed.Api.dll seed "${options[@]}") | sed -n 's/.* in \([0-9.,]*\) s: \([0-9,]*\) rows\/s.*/verb: \2 rows\/s (\1 s)/p'
  echo "verb digest: $(cd $app && dotnet Feed.Api.dll digest)"
}

# A job's row as JSON, read from the database (the fields the summary below prints).
job_row() {
  local c="$FEED_TEST_MYSQL" user password port
  user=$(sed -E 's/.*User=([^;]*).*/\1/' <<<"$c"); password=$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$c")
  port=$(sed -E 's/.*Port=([^;]*).*/\1/' <<<"$c")
  mariadb --no-defaults -h127.0.0.1 -P"$port" -u"$user" -p"$password" -N feed_seedjobs -e \
    "SELECT JSON_OBJECT('state', State, 'rowsPerSecond', ROUND(RowsPerSecond), 'rows', \`Rows\`, 'digest', Digest, 'error', Error)
     FROM SeedJobs WHERE Id = $1"
}

job() {
  (cd $app && dotnet Feed.Api.dll create-user seeder 'seed benchmark password' --admin >/dev/null)
  (cd $app && exec dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") > /tmp/feed-seed-bench.log 2>&1 &
  local api=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
  local token location state
  token=$(curl -s -X POST "http://127.0.0.1:$port/auth/token" -H 'content-type: application/json' \
    -d '{"name":"seeder","password":"seed benchmark password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  location=$(curl -s -D - -o /dev/null -X POST "http://127.0.0.1:$port/admin/seed-jobs" -H "Authorization: Bearer $token" \
    -H 'content-type: application/json' -d "$body" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  while :; do
    state=$(curl -s "http://127.0.0.1:$port$location" -H "Authorization: Bearer $token")
    # Once the reset commits, the admin who asked is gone and their token reads no job (403): read the row.
    case "$state" in *'"status":403'*) state=$(job_row "${location##*/}") ;; esac
    case "$state" in *'"state":"succeeded"'*|*'"state":"failed"'*|*'"state":"cancelled"'*) break ;; esac
    sleep 1
  done
  kill $api; wait $api 2>/dev/null || true
  echo "$state" | python3 -c '
import json, sys
j = json.load(sys.stdin)
rate, state, rows, error = j["rowsPerSecond"], j["state"], j["rows"], j.get("error") or ""
print(f"job: {rate:,.0f} rows/s, {state}, {rows:,} rows {error}")
print("job digest: " + str(j["digest"]))'
}

for round in $(seq 1 "$rounds"); do
  echo "round $round"
  verb
  job
done
