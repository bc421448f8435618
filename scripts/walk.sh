#!/usr/bin/env bash
# Scalar's first clicks, as a developer and QA meet them (issue 25): the service on a fresh SQLite
# database (with its demo feed), an admin made with the create-user verb, then headless Chromium clicks
# "Test Request" → "Send" in /scalar/ (clients/walk/walk.mjs): GET /feed → 200, sign up → 201 twice (the
# example's name is new at every send), sign in → 200 (the demo user, then the admin), two posts (two
# items, no replay), a seed job (202), its progress (200), cancel (202). Screenshots: FEED_WALK_SHOTS.
# Needs node, npm and Debian's chromium (installed here if missing); puppeteer-core is pinned in
# clients/walk/package-lock.json and downloads no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
walk=clients/walk
port="${FEED_WALK_PORT:-5098}"
work=$(mktemp -d)
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$CHROMIUM" ]; then
  echo "== installing chromium"
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

echo "== npm ci ($walk)"
(cd "$walk" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

source scripts/lib/service.sh
start_service

# After the start: an empty database gets its demo feed and demo user first (a live job needs a feed).
export FEED_ADMIN=walk-admin FEED_ADMIN_PASSWORD="walk admin password"
(cd "$app" && dotnet Feed.Api.dll create-user "$FEED_ADMIN" "$FEED_ADMIN_PASSWORD" --admin) >>"$log" 2>&1

echo "== the walk (headless Chromium)"
FEED_URL="http://127.0.0.1:$port" node "$walk/walk.mjs" || { tail -n 20 "$log"; exit 1; }
