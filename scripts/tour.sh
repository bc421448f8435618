#!/usr/bin/env bash
# The README's curl tour, pasted as a whole: takes the first ```sh block under "## A tour with curl"
# from README.md and runs it with bash -euo pipefail against the service started as the README's
# first command starts it (Development, a fresh SQLite database with the demo feed). A command that
# fails, a grep that finds nothing or a value the tour reads from an answer that is not there
# stops it. Usage: scripts/tour.sh   (FEED_TOUR_PORT, default 5098)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${FEED_TOUR_PORT:-5098}"
work=$(mktemp -d)

awk '/^## A tour with curl/ { tour = 1 } tour && /^```sh$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' \
  README.md >"$work/tour.sh"
[ -s "$work/tour.sh" ] || { echo "tour: no sh block under '## A tour with curl' in README.md"; exit 1; }

dotnet build Feed.Api -c Release -v q -nologo >/dev/null
(cd Feed.Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Feed="Data Source=$work/feed.db" \
  Logging__LogLevel__Default=Warning exec dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") >"$work/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true; wait $api 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 $api 2>/dev/null || { cat "$work/api.log"; echo "tour: the service did not start"; exit 1; }
  sleep 0.5
done

echo "== the README tour ($(wc -l <"$work/tour.sh") lines) against http://127.0.0.1:$port"
cp_out() { [ -n "${FEED_TOUR_OUT:-}" ] && cp "$work/out.txt" "$FEED_TOUR_OUT" || true; }
if FEED_URL="http://127.0.0.1:$port" bash -euo pipefail -x "$work/tour.sh" >"$work/out.txt" 2>&1; then
  cp_out; echo "tour: ok ($(grep -cE '^\++ curl' "$work/out.txt") curl commands)"
else
  cp_out; tail -n 40 "$work/out.txt"; echo "tour: the README tour failed (above: its last commands and answers)"; exit 1
fi
