#!/usr/bin/env bash
# The client contract, as a client developer meets it:
#   1. start the service on a fresh SQLite database and take its OpenAPI document;
#   2. it must equal the reviewed snapshot (Feed.Tests/Docs/openapi.v1.json);
#   3. Redocly's recommended rules: 0 errors, 0 warnings;
#   4. generate TypeScript types with openapi-typescript: no warnings;
#   5. type-check the examples (clients/typescript/src: scroll.ts, live.ts, home.ts, photos.ts, accounts.ts,
#      conversations.ts):
#      0 errors;
#   6. run the examples against the service: scroll.ts (sign up, scroll, refresh, like, join, edit …),
#      live.ts (the pill, the stream, a reconnect with Last-Event-ID) and home.ts (follow people, scroll
#      /home, its pill as a followee posts, unfollow) and photos.ts (upload a picture, describe it, an
#      avatar, a photo post shown on the feed, its renditions once rendered) and accounts.ts (sign up,
#      refresh and a retried refresh, a display name, a report, a block, the devices list, sign out, delete);
#   7. four more generators from the same served document, each with no warning, its client compiled
#      with no warning and a short program run against the service (sign up, scroll the mixed feed
#      telling the three kinds apart, post twice with one Idempotency-Key, edit with If-Match, a stale
#      tag's 412): @hey-api/openapi-ts (clients/hey-api), orval (clients/orval), NSwag
#      (clients/csharp/nswag) and Kiota (clients/csharp/kiota; both C# projects are outside Feed.sln).
# Needs node and npm; the npm tools are pinned in each client's package-lock.json, NSwag and Kiota
# in dotnet-tools.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
client=clients/typescript
port="${FEED_CONTRACT_PORT:-5097}"
work=$(mktemp -d)

echo "== npm ci (clients/typescript, hey-api, orval), dotnet tool restore (${SECONDS}s)"
# At once, and the NuGet restore of the two C# clients too (neither needs the document).
pids=()
for dir in "$client" clients/hey-api clients/orval; do
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) & pids+=($!)
done
for project in clients/csharp/nswag clients/csharp/kiota; do
  dotnet restore "$project" -v q >/dev/null & pids+=($!)
done
dotnet tool restore -v q >/dev/null
for pid in "${pids[@]}"; do wait "$pid"; done

source scripts/lib/service.sh
start_service

echo "== the document (${SECONDS}s)"
curl -sf "http://127.0.0.1:$port/openapi/v1.json" -o "$client/openapi.json"
if ! python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
    "$client/openapi.json" Feed.Tests/Docs/openapi.v1.json; then
  echo "the served document differs from the snapshot: FEED_UPDATE_OPENAPI=1 dotnet test --filter OpenApi, then review the diff"
  exit 1
fi

cd "$client"
echo "== redocly lint (recommended) (${SECONDS}s)"
lint=$(npx redocly lint --config redocly.yaml openapi.json 2>&1) || { echo "$lint"; exit 1; }
echo "$lint" | grep -E "validated|valid\.|error|warning" | grep -v "Node.js" || true
# Redocly exits 0 with warnings; "valid. 🎉" with no "N warning(s)" line is 0 errors and 0 warnings.
if ! echo "$lint" | grep -q "API description is valid. 🎉" || echo "$lint" | grep -qE "[0-9]+ warnings?\b"; then
  echo "$lint"; echo "redocly: not clean"; exit 1
fi

echo "== openapi-typescript (${SECONDS}s)"
generated=$(npx openapi-typescript openapi.json -o src/feed-api.d.ts 2>&1)
echo "$generated"
if echo "$generated" | grep -qiE "warn|error"; then echo "openapi-typescript: warnings"; exit 1; fi

echo "== tsc (the examples) (${SECONDS}s)"
npx tsc --pretty false

echo "== the example against the service (${SECONDS}s)"
FEED_URL="http://127.0.0.1:$port" node dist/scroll.js
echo "== the live example (pill, stream, reconnect) (${SECONDS}s)"
FEED_URL="http://127.0.0.1:$port" node dist/live.js
echo "== the home example (follow, scroll /home, its pill, unfollow) (${SECONDS}s)"
FEED_URL="http://127.0.0.1:$port" node dist/home.js
echo "== the photos example (upload, alt text, avatar, a photo post on the feed, its renditions) (${SECONDS}s)"
FEED_URL="http://127.0.0.1:$port" node dist/photos.js
echo "== the accounts example (refresh, profile, report, block, sessions, sign-out, delete) (${SECONDS}s)"
FEED_URL="http://127.0.0.1:$port" node dist/accounts.js
echo "== the conversations example (a thread oldest first, a badge that updates live) (${SECONDS}s)"
FEED_URL="http://127.0.0.1:$port" node dist/conversations.js
url="http://127.0.0.1:$port"
cd "$root"
doc="$root/$client/openapi.json"
# Runs a generator; any line of its output that mentions a warning or an error fails the step.
generate() {
  local name=$1; shift
  local out
  out=$("$@" 2>&1) || { echo "$out"; echo "$name: failed"; exit 1; }
  if echo "$out" | grep -qiE "warn|error"; then echo "$out"; echo "$name: warnings"; exit 1; fi
}

echo "== generate: @hey-api/openapi-ts, orval, NSwag, Kiota (${SECONDS}s)"
(cd clients/hey-api && generate hey-api npx openapi-ts -i "$doc" -o src/client)
(cd clients/orval && generate orval npx orval --config orval.config.mjs)
generate nswag dotnet nswag openapi2csclient /input:"$doc" /output:clients/csharp/nswag/obj/Generated/FeedClient.cs \
  /namespace:Feed.NSwag /className:FeedClient /JsonLibrary:SystemTextJson /WrapResponses:true
# Two of Kiota's document rules are switched off, for reasons of the document's own: its server is
# relative ("/", so a Host header cannot redirect clients), which Kiota reports as no server; and
# Location is a uri-reference (RFC 9110), which Kiota types as a string, as it should. Its update
# check (api.github.com) is no part of the document: it is switched off (KIOTA_OFFLINE_ENABLED), and its one message
# dropped if it still shows (offline, the check once failed the generation: "Sequence contains no matching element").
kiota=$(KIOTA_OFFLINE_ENABLED=true dotnet kiota generate -l CSharp -d "$doc" -o clients/csharp/kiota/obj/Generated -n Feed.Kiota -c FeedClient \
  --clean-output --dvr NoServerEntry --dvr KnownAndNotSupportedFormats 2>&1) || { echo "$kiota"; exit 1; }
kiota=$(echo "$kiota" | awk '/Unable to check for updates/ { skip = 1; next } /^[a-z]+: / { skip = 0 } !skip' \
  | grep -vE "^warn: Kiota.Builder.KiotaBuilder\[0\]$|^Hint:|^Example:|^\s*$|Generation completed successfully|kiota (info|generate)" \
  || true)
if echo "$kiota" | grep -qiE "warn|error"; then echo "$kiota"; echo "kiota: warnings"; exit 1; fi

echo "== compile the four clients and their programs: tsc, dotnet build with warnings as errors (${SECONDS}s)"
compile=()
(cd clients/hey-api && npx tsc --pretty false) >"$work/hey-api.txt" 2>&1 & compile+=("$!:hey-api")
(cd clients/orval && npx tsc --pretty false) >"$work/orval.txt" 2>&1 & compile+=("$!:orval")
for project in nswag kiota; do
  dotnet build "clients/csharp/$project" --no-restore -v q -nologo >"$work/$project.txt" 2>&1 & compile+=("$!:$project")
done
for job in "${compile[@]}"; do
  wait "${job%%:*}" || { cat "$work/${job#*:}.txt"; echo "${job#*:}: does not compile"; exit 1; }
done

echo "== the four programs against the service (${SECONDS}s)"
FEED_URL=$url node clients/hey-api/dist/feed.js | tail -n 1
FEED_URL=$url node clients/orval/dist/feed.js | tail -n 1
FEED_URL=$url dotnet run --no-build --project clients/csharp/nswag | tail -n 1
FEED_URL=$url dotnet run --no-build --project clients/csharp/kiota | tail -n 1
echo "contract: ok (${SECONDS}s)"
