#!/usr/bin/env bash
# The document against the wire (issue 25 point 2): start the service on a fresh SQLite database with
# a user and an admin, then clients/fuzz sends every operation of /openapi/v1.json its valid examples
# and broken inputs (bad numbers, missing or wrong-typed values, bad bearers and Idempotency-Keys, huge
# values, odd Unicode) and fails on a 5xx, a status, header or content type the document does not list
# for that operation, a body that does not match its schema, or broken input that was accepted.
# Needs node and npm; the npm tools are pinned in clients/fuzz/package-lock.json.
# FEED_FUZZ_PORT (5098 by default); FEED_FUZZ_SEED picks other random inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${FEED_FUZZ_PORT:-5098}"
work=$(mktemp -d)

echo "== npm ci (clients/fuzz)"
(cd clients/fuzz && npm ci --no-audit --no-fund --loglevel=error)

# The rate limits would answer most of a few thousand requests from one address with 429 (documented everywhere).
export RateLimiting__Enabled=false
source scripts/lib/service.sh
start_service
# After the start: the service makes its demo data only in an empty database.
(cd "$app" && dotnet Feed.Api.dll create-user fuzz-admin 'fuzz admin password' --admin >/dev/null)

echo "== fuzzing"
status=0
FEED_URL="http://127.0.0.1:$port" FEED_ADMIN="fuzz-admin:fuzz admin password" node clients/fuzz/fuzz.mjs || status=$?
if [ $status -ne 0 ]; then
  # What the service logged as errors: where a 5xx came from.
  grep -E '^(fail|crit):' -A 3 "$log" | tail -n 40 || true
fi
exit $status
