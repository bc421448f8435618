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

source scripts/lib/service.sh
start_service

echo "== the README tour ($(wc -l <"$work/tour.sh") lines) against http://127.0.0.1:$port"
cp_out() { [ -n "${FEED_TOUR_OUT:-}" ] && cp "$work/out.txt" "$FEED_TOUR_OUT" || true; }
if FEED_URL="http://127.0.0.1:$port" bash -euo pipefail -x "$work/tour.sh" >"$work/out.txt" 2>&1; then
  cp_out; echo "tour: ok ($(grep -cE '^\++ curl' "$work/out.txt") curl commands)"
else
  cp_out; tail -n 40 "$work/out.txt"; echo "tour: the README tour failed (above: its last commands and answers)"; exit 1
fi
