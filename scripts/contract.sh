#!/usr/bin/env bash
# The client contract, as a client developer meets it:
#   1. start the service on a fresh SQLite database and take its OpenAPI document;
#   2. it must equal the reviewed snapshot (Feed.Tests/Docs/openapi.v1.json);
#   3. Redocly's recommended rules: 0 errors, 0 warnings;
#   4. generate TypeScript types with openapi-typescript: no warnings;
#   5. type-check the example (clients/typescript/src/scroll.ts): 0 errors;
#   6. run the examples against the service: scroll.ts (sign up, scroll, refresh, like, join, edit …)
#      and live.ts (the pill, the stream, a reconnect with Last-Event-ID).
# Needs node and npm; the npm tools are pinned in clients/typescript/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
client=clients/typescript
port="${FEED_CONTRACT_PORT:-5097}"
work=$(mktemp -d)
log="$work/api.log"

echo "== npm ci ($client)"
(cd "$client" && npm ci --no-audit --no-fund --loglevel=error)

echo "== starting the service on SQLite (port $port)"
dotnet build Feed.Api -c Release -v q -nologo >/dev/null
(cd Feed.Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Feed="Data Source=$work/feed.db" \
  Logging__LogLevel__Default=Warning exec dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true; wait $api 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 $api 2>/dev/null || { cat "$log"; echo "the service did not start"; exit 1; }
  sleep 0.5
done

echo "== the document"
curl -sf "http://127.0.0.1:$port/openapi/v1.json" -o "$client/openapi.json"
if ! python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
    "$client/openapi.json" Feed.Tests/Docs/openapi.v1.json; then
  echo "the served document differs from the snapshot: FEED_UPDATE_OPENAPI=1 dotnet test --filter OpenApi, then review the diff"
  exit 1
fi

cd "$client"
echo "== redocly lint (recommended)"
lint=$(npx redocly lint --config redocly.yaml openapi.json 2>&1) || { echo "$lint"; exit 1; }
echo "$lint" | grep -E "validated|valid\.|error|warning" | grep -v "Node.js" || true
# Redocly exits 0 with warnings; "valid. 🎉" with no "N warning(s)" line is 0 errors and 0 warnings.
if ! echo "$lint" | grep -q "API description is valid. 🎉" || echo "$lint" | grep -qE "[0-9]+ warnings?\b"; then
  echo "$lint"; echo "redocly: not clean"; exit 1
fi

echo "== openapi-typescript"
generated=$(npx openapi-typescript openapi.json -o src/feed-api.d.ts 2>&1)
echo "$generated"
if echo "$generated" | grep -qiE "warn|error"; then echo "openapi-typescript: warnings"; exit 1; fi

echo "== tsc (the example)"
npx tsc --noEmit --pretty false
npx tsc --pretty false

echo "== the example against the service"
FEED_URL="http://127.0.0.1:$port" node dist/scroll.js
echo "== the live example (pill, stream, reconnect)"
FEED_URL="http://127.0.0.1:$port" node dist/live.js
echo "contract: ok"
