#!/usr/bin/env bash
# Feed against its peer, and seeding SQLite: writes the section between the peers markers of
# docs/benchmarks.md (bench/run.sh runs it after Feed.Bench). About 4 minutes.
# - SQLite seeding: the seed verb, 200,000 items into a fresh file, wall time including start-up
#   (FEED_BENCH_SQLITE_SEED_ITEMS=100000: the seed of the 100,000 below is timed instead, the target scaled to 4 s).
# - SQLite 100,000 items (the verb, seed 42): Feed (Release, Production, page cache off, rate
#   limiting off) and the Django 3.2 + DRF peer (bench/peers/django, gunicorn 2 sync workers) on a
#   copy of the same items, first page and a page 90 % deep; wrk -t2 -c32, SECONDS a run after a
#   warm-up, three alternating rounds, the median. dotnet-counters watches Feed's process meanwhile
#   (allocation per request, working set).
# Usage: bash bench/peers.sh [SECONDS]   (FEED_BENCH_WARMUP_SECONDS: the warm-up, 5 s; FEED_BENCH_PEERS_PORT: 5604 and the next)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FEED_BENCH_HTTP_SECONDS:-10}}" warm=${FEED_BENCH_WARMUP_SECONDS:-5}
work=$(mktemp -d)
app=Feed.Api/bin/Release/net10.0
feed_port=${FEED_BENCH_PEERS_PORT:-5604} peer_port=$(( ${FEED_BENCH_PEERS_PORT:-5604} + 1 ))
dotnet build -c Release -v q -nologo Feed.Api >/dev/null
dotnet tool restore >/dev/null
sqlite_env() { env -C "$app" Database__Provider=Sqlite ConnectionStrings__Feed="Data Source=$1" Logging__LogLevel__Default=Warning "${@:2}"; }

# FEED_BENCH_SQLITE_SEED_ITEMS=100000 (bench/run.sh's short run) times the seed of the peers' own 100,000 items instead.
seed_items=${FEED_BENCH_SQLITE_SEED_ITEMS:-200000}
if [ "$seed_items" != 100000 ]; then
  echo "== SQLite: seeding $seed_items items with the verb (wall time, start-up included)"
  start=$(date +%s.%N)
  sqlite_env "$work/seed.db" dotnet Feed.Api.dll seed --items "$seed_items" >/dev/null
  seed_seconds=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
  echo "  $seed_seconds s"
fi

echo "== SQLite: 100,000 items for Feed and its peer"
start=$(date +%s.%N)
sqlite_env "$work/feed.db" dotnet Feed.Api.dll seed --items 100000 >/dev/null
[ "$seed_items" != 100000 ] || seed_seconds=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
sqlite_env "$work/feed.db" ASPNETCORE_ENVIRONMENT=Production Auth__SigningKey=peer-benchmark-signing-key-0123456789abcdef \
  RateLimiting__Enabled=false PageCache__Enabled=false dotnet Feed.Api.dll --urls "http://127.0.0.1:$feed_port" > "$work/feed.log" 2>&1 &
feed=$!   # the subshell running env: the API's own id is taken below, once it listens
PEER_DB="$work/peer.db" bash bench/peers/django/run.sh "$work/feed.db" $peer_port > "$work/peer.log" 2>&1 &
peer=$!
trap 'kill $feed 2>/dev/null || true; kill $peer 2>/dev/null || true; pkill -f "gunicorn.*:$peer_port" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$peer_port/feed" >/dev/null && curl -sf "http://127.0.0.1:$feed_port/health/ready" >/dev/null && break; sleep 0.5; done
feed=$(pgrep -f "Feed.Api.dll --urls http://127.0.0.1:$feed_port")

# The 90 %-deep cursors: Feed's (FeedCursor: version, ticks, id, scope) and DRF's (base64 of p=<created_at>).
read -r feed_deep peer_deep < <(python3 - "$work/feed.db" <<'PY'
import base64, sqlite3, struct, sys, urllib.parse
from datetime import datetime
db = sqlite3.connect(sys.argv[1])
count = db.execute("SELECT COUNT(*) FROM FeedItems").fetchone()[0]
at, id_ = db.execute("SELECT CreatedAt, Id FROM FeedItems ORDER BY CreatedAt DESC, Id DESC LIMIT 1 OFFSET ?", (count * 90 // 100 - 1,)).fetchone()
t = datetime.fromisoformat(at[:26])
d = t - datetime(1, 1, 1)
ticks = d.days * 864000000000 + d.seconds * 10**7 + d.microseconds * 10
feed = base64.urlsafe_b64encode(bytes([1]) + struct.pack(">qq", ticks, id_) + b"all").decode().rstrip("=")
position = str(t) + "+00:00"
peer = urllib.parse.quote(base64.b64encode(urllib.parse.urlencode({"p": position}).encode()).decode())
print(feed, peer)
PY
)
urls=("Feed|first|http://127.0.0.1:$feed_port/feed?limit=20" "Feed|90 % deep|http://127.0.0.1:$feed_port/feed?limit=20&before=$feed_deep"
      "Django + DRF|first|http://127.0.0.1:$peer_port/feed" "Django + DRF|90 % deep|http://127.0.0.1:$peer_port/feed?cursor=$peer_deep")
for u in "${urls[@]}"; do
  n=$(curl -sf "${u##*|}" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d.get("items", d.get("results", []))))')
  [ "$n" = 20 ] || { echo "${u##*|} did not answer 20 items ($n)"; exit 1; }
done

# dotnet-counters writes its file only when its session ends by itself: a duration longer than the runs, waited for below.
dotnet dotnet-counters collect -p $feed --counters System.Runtime --format csv -o "$work/counters.csv" --refresh-interval 1 \
  --duration "00:00:$(printf '%02d:%02d' $(( (25 + 4 * warm + 12 * (seconds + 2)) / 60 )) $(( (25 + 4 * warm + 12 * (seconds + 2)) % 60 )))" \
  </dev/null >/dev/null 2>&1 &
counters=$!
feed_requests=0
for u in "${urls[@]}"; do wrk -t2 -c32 -d"${warm}s" "${u##*|}" > "$work/warm.txt"; [[ $u == Feed* ]] && feed_requests=$((feed_requests + $(awk '/requests in/{print $1}' "$work/warm.txt"))); done
: > "$work/runs.tsv"
for round in 1 2 3; do
  for u in "${urls[@]}"; do
    out=$(wrk -t2 -c32 -d"${seconds}s" --latency "${u##*|}")
    rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    [[ $u == Feed* ]] && feed_requests=$((feed_requests + $(echo "$out" | awk '/requests in/{print $1}')))
    non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}')
    printf '%s\t%s\t%s\t%s\t%s\n' "${u%%|*}" "$(echo "$u" | cut -d'|' -f2)" "$round" "$rps" "${non2xx:-0}" >> "$work/runs.tsv"
    echo "  round $round: ${u%%|*}, $(echo "$u" | cut -d'|' -f2): $rps req/s"
  done
done
echo "  waiting for dotnet-counters' session to end"; wait $counters || true
[ -s "$work/counters.csv" ] || { echo "dotnet-counters wrote nothing"; exit 1; }

section=$(python3 - "$work/runs.tsv" "$work/counters.csv" "$feed_requests" "$seed_seconds" "$seconds" "$warm" "$seed_items" <<'PY'
import csv, statistics, sys
runs, counters, feed_requests, seed_seconds, seconds, warm = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), *sys.argv[5:7]
seed_items = int(sys.argv[7])
seed_limit = 8 * seed_items / 200000  # the target: 200,000 items in 8 s, start-up included (scaled when fewer are timed)
rows = [l.rstrip("\n").split("\t") for l in open(runs)]
table = {}
for who, page, rnd, rps, non2xx in rows:
    table.setdefault((who, page), []).append((float(rps), int(non2xx)))
med = {k: statistics.median(r for r, _ in v) for k, v in table.items()}
allocated, working = 0.0, []
for r in csv.reader(open(counters)):
    if len(r) < 5: continue
    if r[2].startswith("dotnet.gc.heap.total_allocated"): allocated += float(r[4])
    if r[2].startswith("dotnet.process.memory.working_set"): working.append(float(r[4]) / 2**20)
kb = allocated / feed_requests / 1024
first = med[("Feed", "first")] / med[("Django + DRF", "first")]
deep = med[("Feed", "90 % deep")] / med[("Django + DRF", "90 % deep")]
yes = lambda ok: "yes" if ok else "**no**"
out = ["<!-- peers:begin -->", "## Feed and its peer: SQLite, 100,000 items", "",
       f"Measured by `bash bench/peers.sh` (bench/run.sh runs it): both on a copy of the same 100,000 items (the seed verb, seed 42, its default mix), "
       f"wrk -t2 -c32, {seconds} s a run after {warm} s of warm-up on every URL, three rounds each running every URL once in turn; req/s is the median round. "
       "Feed: the Release build, Production settings, page cache and rate limiting off. The peer: bench/peers/django (Django 3.2 + DRF `ListAPIView` with `CursorPagination`, "
       "ordering `-created_at`, page size 20, `select_related` author), gunicorn with 2 sync workers, DEBUG off. "
       "Feed's process was watched by dotnet-counters throughout (`System.Runtime`): allocation is `dotnet.gc.heap.total_allocated` over every request it served, working set its peak.", "",
       "| target | measured | met |", "|---|---|---|",
       f"| ≥ 10× the peer's req/s, first page | {med[('Feed','first')]:,.0f} / {med[('Django + DRF','first')]:,.0f} = {first:.1f}× | {yes(first >= 10)} |",
       f"| ≥ 10× the peer's req/s, 90 % deep | {med[('Feed','90 % deep')]:,.0f} / {med[('Django + DRF','90 % deep')]:,.0f} = {deep:.1f}× | {yes(deep >= 10)} |",
       f"| Allocation ≤ 25 KB per request (Feed, SQLite, first and deep pages) | {kb:.1f} KB | {yes(kb <= 25)} |",
       f"| RSS ≤ 250 MB under load | peak {max(working):.0f} MB | {yes(max(working) <= 250)} |",
       f"| Seeding {seed_items:,} items into SQLite ≤ {seed_limit:g} s wall, start-up included (200,000 in 8 s) | "
       f"{seed_seconds:.1f} s ({seed_items / seed_seconds:,.0f} items/s) | {yes(seed_seconds <= seed_limit)} |",
       "", "| server | page | req/s (median) | rounds | non-2xx |", "|---|---|---|---|---|"]
for (who, page), v in table.items():
    out.append(f"| {who} | {page} | {med[(who, page)]:,.0f} | {' / '.join(f'{r:,.0f}' for r, _ in v)} | {sum(n for _, n in v)} |")
out.append("<!-- peers:end -->")
print("\n".join(out))
PY
)
echo "$section"
python3 bench/section.py peers "$section"
