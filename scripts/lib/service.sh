# Sourced by the scripts that try the service as its users do (contract, fuzz, tour, walk).
# start_service: builds Feed.Api in Release and starts it as the README's first command does
# (Development, a fresh SQLite database in $work, so with the demo feed) on 127.0.0.1:$port; the
# service is stopped and $work removed when the script exits. Needs $port and $work; sets $app (the
# build's folder, for the CLI verbs), $api (the pid), $log, and exports the service's settings.
# Settings of a caller's own (say RateLimiting__Enabled=false) are exported before the call.
start_service() {
  app=Feed.Api/bin/Release/net10.0
  log="$work/api.log"
  echo "== starting the service on SQLite (port $port) (${SECONDS}s)"
  dotnet build Feed.Api -c Release -v q -nologo >"$work/build.log" 2>&1 \
    || { tail -n 30 "$work/build.log"; echo "the build failed"; exit 1; }
  # Exported: the CLI verbs a caller runs afterwards (create-user) reach the same database.
  export ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Feed="Data Source=$work/feed.db" Logging__LogLevel__Default=Warning
  (cd "$app" && exec dotnet Feed.Api.dll --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
  api=$!
  trap 'kill $api 2>/dev/null || true; wait $api 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    kill -0 $api 2>/dev/null || { cat "$log"; echo "the service did not start"; exit 1; }
    sleep 0.5
  done
  tail -n 30 "$log"; echo "the service was not ready within 60 s"; exit 1
}
