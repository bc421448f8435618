#!/usr/bin/env bash
# Feed past one machine, on this one: a 3-node MariaDB Galera cluster (galera-4, synchronous
# multi-primary), one asynchronous replica of it, HAProxy in front of the SQL nodes (health-checked
# on wsrep_ready/wsrep_local_state) and of 3 API instances (health-checked on /health/ready), all
# from Debian's packages, on private ports and data directories under .cluster/. No systemd.
#
# Usage: scripts/cluster.sh up|down|status|env|kill NAME|start NAME|install
#   up        start whatever is not running (idempotent): node1..3, replica, haproxy, s3, api1..3
#   down      stop everything (node1 last, so it may bootstrap the next up); s3 forgets every object
#   status    one line per part; the cluster's size and the replica's lag
#   env       the exports the cluster tests read (eval "$(scripts/cluster.sh env)")
#   kill NAME kill -9 one part: node1|node2|node3|replica|api1|api2|api3|haproxy
#             (an instance's render claims then wait out the lease: 30 s here, FEED_CLUSTER_MEDIA_LEASE)
#   start NAME start one part again (a node rejoins by IST, or SST when it missed too much)
#   replica-sql stop|start  stop or start the replica's SQL thread (lag on demand: it keeps
#             receiving, applies nothing)
#   desync NODE on|off      take a node out of sync (wsrep_desync) and back
#   install   apt-get install what is missing (galera-4, haproxy, rsync, mariadb-server)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${FEED_CLUSTER_DIR:-$root/.cluster}
base=${FEED_CLUSTER_PORT:-14300}        # SQL: haproxy base, nodes base+1..3, replica base+4; Galera base+111.., IST base+121.., SST base+131..
# (below 32768: a port in the ephemeral range may be held by some connection's TIME-WAIT when an SST needs it)
http=${FEED_CLUSTER_HTTP:-5300}         # HTTP: haproxy http, api instances http+1..3, stats http+99
user=feed
password=feed-test-password             # throwaway local test cluster's passwords, nothing else
repl_password=feed-repl-password
signing_key=feed-cluster-signing-key-0123456789abcdef
app=$root/Feed.Api/bin/Release/net10.0
# Media: the S3 server the instances share. Given (FEED_TEST_S3_*, scripts/s3.sh env) or our own.
s3_given=${FEED_TEST_S3_URL:-}
s3_port=${FEED_CLUSTER_S3_PORT:-$((base + 140))}
s3_url=${s3_given:-http://127.0.0.1:$s3_port}
s3_bucket=${FEED_TEST_S3_BUCKET:-feed-media}
s3_access_key=${FEED_TEST_S3_ACCESS_KEY:-feed-test-access-key}   # scripts/s3.sh's throwaway keys
s3_secret_key=${FEED_TEST_S3_SECRET_KEY:-feed-test-secret-key}
s3_prefix=cluster/      # beside the unit tests' prefixes when the bucket is shared
# A killed instance's claims on renders pass to the others after this (production's default is 2 min). 30 s: with
# 10 s, a 6 MP render on CI's two loaded cores outlived its lease and was claimed twice (ClusterMediaTests).
media_lease=${FEED_CLUSTER_MEDIA_LEASE:-00:00:30}
# Fixed by the up that started the instances, so that a later start, env, status or down, from a shell
# with other variables, agrees with what runs (down forgets it).
media_settings=$dir/media.env
# shellcheck source=/dev/null
[ -f "$media_settings" ] && . "$media_settings"

node_port() { echo $((base + $1)); }
sock() { echo "$dir/$1/mysqld.sock"; }
client() { local name=$1; shift; mariadb --no-defaults --socket="$(sock "$name")" -uroot "$@"; }
alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }
status_of() { client "$1" -N -e "SHOW STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'; }

install() {
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server mariadb-client)
  [ -e /usr/lib/galera/libgalera_smm.so ] || missing+=(galera-4)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v rsync >/dev/null 2>&1 || missing+=(rsync)
  [ ${#missing[@]} -eq 0 ] && return 0
  # As scripts/mariadb.sh: this image's apt hook deletes .debs between dpkg runs; clear it for these calls.
  local conf; conf=$(mktemp)
  printf '#clear DPkg::Post-Invoke;\n#clear APT::Update::Post-Invoke;\n' > "$conf"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -c "$conf" update -qq
  apt-get -c "$conf" install -y -qq "${missing[@]}"
  rm -f "$conf"
}

node_config() {
  local n=$1 name=node$1
  mkdir -p "$dir/$name"
  cat > "$dir/$name/my.cnf" <<CNF
[mariadbd]
user=root
datadir=$dir/$name/data
socket=$(sock "$name")
pid-file=$dir/$name.pid
port=$(node_port "$n")
bind-address=127.0.0.1
log-error=$dir/$name/error.log
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb-buffer-pool-size=256M
innodb-flush-log-at-trx-commit=2
innodb-autoinc-lock-mode=2
max-connections=400
binlog-format=ROW
log-bin=$dir/$name/data/binlog
log-slave-updates=ON
server-id=1
gtid-domain-id=$((10 + n))
wsrep-on=ON
wsrep-provider=/usr/lib/galera/libgalera_smm.so
wsrep-cluster-name=feed
wsrep-cluster-address=gcomm://127.0.0.1:$((base + 111)),127.0.0.1:$((base + 112)),127.0.0.1:$((base + 113))
wsrep-node-name=$name
wsrep-node-address=127.0.0.1:$((base + 110 + n))
wsrep-node-incoming-address=127.0.0.1:$(node_port "$n")
wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:$((base + 110 + n));ist.recv_addr=127.0.0.1:$((base + 120 + n));gcache.size=256M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT4S
wsrep-sst-method=rsync
wsrep-sst-receive-address=127.0.0.1:$((base + 130 + n))
wsrep-gtid-mode=ON
wsrep-gtid-domain-id=1
wsrep-slave-threads=2
# Causal reads: a node applies the others' commits a moment after they certify, so a read waits
# until this node has applied every commit made before it (sign up on one node, sign in on another).
wsrep-sync-wait=1
CNF
}

start_node() {
  local n=$1 name=node$1 bootstrap=()
  alive "$name" && return 0
  node_config "$n"
  if [ "$n" = 1 ] && [ ! -d "$dir/$name/data/mysql" ]; then
    mariadb-install-db --no-defaults --user=root --datadir="$dir/$name/data" \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/$name/install.log" 2>&1
  fi
  # An empty data directory is a joiner that takes everything by SST. wsrep_sst_rsync's rsync
  # daemon, started by root, writes as nobody: the node's files are nobody's (the server, root,
  # reads them all), so that an SST into a node that ran before may overwrite them.
  mkdir -p "$dir/$name/data"
  rm -rf "$dir/$name/data"/rsync_sst* "$dir/$name/data"/sst_in_progress # what an SST cut short by a kill leaves (its pid file stops the next)
  chown -R nobody:nogroup "$dir/$name/data" && chmod 770 "$dir/$name/data"
  # No other node running: this one starts the cluster (safe: up and start bring node1 first, down stops it last).
  local others=0
  for m in 1 2 3; do [ "$m" != "$n" ] && alive "node$m" && others=$((others + 1)); done
  if [ "$others" -eq 0 ]; then
    bootstrap=(--wsrep-new-cluster)
    [ -f "$dir/$name/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$dir/$name/data/grastate.dat"
  fi
  mariadbd --defaults-file="$dir/$name/my.cnf" "${bootstrap[@]}" >/dev/null 2>&1 &
  echo $! > "$dir/$name.pid"
  wait_synced "$name"
}

# Waits up to SECONDS for CHECK... to pass while part NAME runs; says where to look when it does not.
wait_for() {
  local name=$1 seconds=$2 log=$3; shift 3
  for _ in $(seq 1 $((seconds * 2))); do
    "$@" && return 0
    alive "$name" || { echo "$name stopped while starting: see $log" >&2; return 1; }
    sleep 0.5
  done
  echo "$name was not ready in $seconds s: see $log" >&2
  return 1
}

synced() { [ "$(status_of "$1" wsrep_local_state)" = 4 ] && [ "$(status_of "$1" wsrep_ready)" = ON ]; }

wait_synced() { wait_for "$1" 120 "$dir/$1/error.log" synced "$1"; }

answers() { client "$1" -e 'SELECT 1' >/dev/null 2>&1; }

ready() { curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; }

built() { [ -f "$app/Feed.Api.dll" ] || dotnet build -c Release -v q -nologo "$root/Feed.Api" >/dev/null; }

most_advanced() {
  local best=1 best_seqno=-1 n seqno
  for n in 1 2 3; do
    seqno=$(awk '/^seqno:/ {print $2}' "$dir/node$n/data/grastate.dat" 2>/dev/null || true)
    if [ -n "$seqno" ] && [ "$seqno" -gt "$best_seqno" ]; then best=$n; best_seqno=$seqno; fi
  done
  echo "$best"
}
users() {
  client node1 <<SQL
CREATE DATABASE IF NOT EXISTS feed;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`feed%\`.* TO '$user'@'127.0.0.1';
CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY '$repl_password';
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'127.0.0.1';
CREATE USER IF NOT EXISTS 'check'@'127.0.0.1';
GRANT USAGE ON *.* TO 'check'@'127.0.0.1';
SQL
}

start_replica() {
  alive replica && return 0
  mkdir -p "$dir/replica"
  local fresh=0
  if [ ! -d "$dir/replica/data/mysql" ]; then
    mariadb-install-db --no-defaults --user=root --datadir="$dir/replica/data" \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/replica/install.log" 2>&1
    fresh=1
  fi
  mariadbd --no-defaults --user=root --datadir="$dir/replica/data" --socket="$(sock replica)" --pid-file="$dir/replica.pid.server" \
    --port="$(node_port 4)" --bind-address=127.0.0.1 --log-error="$dir/replica/error.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=256M \
    --innodb-flush-log-at-trx-commit=2 --server-id=10 --read-only=ON --relay-log="$dir/replica/data/relay" \
    --slave-parallel-threads=2 >/dev/null 2>&1 &
  echo $! > "$dir/replica.pid"
  wait_for replica 30 "$dir/replica/error.log" answers replica
  if [ "$fresh" = 1 ]; then
    # Everything since node1's first binlog: the users, the database, then every write of the cluster.
    client replica -e "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$(node_port 1), MASTER_USER='repl',
      MASTER_PASSWORD='$repl_password', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE;"
  else
    client replica -e "START SLAVE" 2>/dev/null || true
  fi
}

haproxy_config() {
  mkdir -p "$dir"
  cat > "$dir/haproxy.cfg" <<CFG
global
    maxconn 4000
    external-check
    insecure-fork-wanted
    pidfile $dir/haproxy.pid

defaults
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout check 2s
    retries 2

# The SQL nodes: a node serves only while it is synced (wsrep_ready ON, wsrep_local_state 4); when
# it is marked down its sessions are cut, so the API's pools reconnect to a synced node.
listen sql
    bind 127.0.0.1:$base
    mode tcp
    balance leastconn
    option external-check
    external-check path "/usr/bin:/bin"
    external-check command $root/scripts/galera-check.sh
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
    server node1 127.0.0.1:$(node_port 1) check
    server node2 127.0.0.1:$(node_port 2) check
    server node3 127.0.0.1:$(node_port 3) check

# The API instances: ready when their database is (GET /health/ready). A signed-in caller sticks to
# one instance (hash of the Authorization header), which keeps read-your-writes on that instance.
listen api
    bind 127.0.0.1:$http
    mode http
    timeout client 60s
    timeout server 60s
    balance hdr(Authorization)
    hash-type consistent
    option httpchk GET /health/ready
    http-check expect status 200
    option redispatch
    retry-on conn-failure empty-response
    # An empty response may follow a request the instance carried out before it died: sent again,
    # a POST or PATCH without an Idempotency-Key could be done twice. Those get no layer-7 retry
    # (a refused connection is still retried: the request never arrived).
    acl repeatable req.hdr(Idempotency-Key) -m found
    http-request disable-l7-retry if METH_POST !repeatable
    http-request disable-l7-retry if { method PATCH } !repeatable
    default-server inter 1s fall 2 rise 2
    server api1 127.0.0.1:$((http + 1)) check
    server api2 127.0.0.1:$((http + 2)) check
    server api3 127.0.0.1:$((http + 3)) check

listen stats
    bind 127.0.0.1:$((http + 99))
    mode http
    stats enable
    stats uri /
CFG
}

start_haproxy() {
  if [ -f "$dir/haproxy.pid" ] && kill -0 "$(cat "$dir/haproxy.pid")" 2>/dev/null; then return 0; fi
  haproxy_config
  haproxy -D -f "$dir/haproxy.cfg"
}

sql_url() { echo "Server=127.0.0.1;Port=$1;Database=feed;User=$user;Password=$password"; }

api_env() {
  echo "Database__Provider=MySql Database__ServerVersion=$(client node1 -N -e 'SELECT VERSION()' | sed -E 's/^([0-9]+\.[0-9]+\.[0-9]+).*/\1/')-mariadb"
}

# The monitor stops at once (exit 28, ENOSPC, a silent log) when its disk has under 5 % free, as a
# shared 252 GB machine had here: its data is a few MB, so no floor (CEPH_ARGS reaches every Ceph tool).
s3() { CEPH_ARGS="${CEPH_ARGS:-} --mon-data-avail-crit=0" FEED_S3_PORT=$s3_port FEED_S3_DIR=$dir/s3 "$root/scripts/s3.sh" "$@"; }

s3_answers() { curl -s -o /dev/null --max-time 2 "$s3_url/"; }

start_s3() {
  local var
  for var in s3_given s3_port s3_url s3_bucket s3_access_key s3_secret_key media_lease; do
    printf '%s=%q\n' "$var" "${!var}"
  done > "$media_settings"
  if [ -n "$s3_given" ]; then
    s3_answers || { echo "the S3 server FEED_TEST_S3_URL names ($s3_given) does not answer" >&2; return 1; }
    return 0
  fi
  s3 install
  s3 start >/dev/null
}

stop_s3() { [ -n "$s3_given" ] || s3 stop; rm -f "$media_settings"; }

start_api() {
  local n=$1 name=api$1
  alive "$name" && return 0
  # Fan-out: two workers an instance (as in production) and small chunks, so that an item to a few
  # hundred followers is many short transactions that every instance and node takes a share of
  # (and an instance killed in the middle of one leaves work half-done for the others).
  built
  (
    cd "$app"
    export $(api_env) ConnectionStrings__Feed="$(sql_url "$base")" ConnectionStrings__FeedRead="$(sql_url "$(node_port 4)")" \
      Auth__SigningKey=$signing_key RateLimiting__Enabled=false Logging__LogLevel__Default=Warning \
      Home__FanOutWorkers=2 Home__FanOutChunk=${FEED_CLUSTER_FANOUT_CHUNK:-50} \
      Media__Store=S3 Media__S3__ServiceUrl="$s3_url" Media__S3__Bucket="$s3_bucket" Media__S3__AccessKey="$s3_access_key" \
      Media__S3__SecretKey="$s3_secret_key" Media__S3__KeyPrefix=$s3_prefix Media__ClaimLease="$media_lease"
    exec dotnet Feed.Api.dll --urls "http://127.0.0.1:$((http + n))"
  ) > "$dir/$name.log" 2>&1 &
  echo $! > "$dir/$name.pid"
  wait_for "$name" 60 "$dir/$name.log" ready $((http + n))
}

migrate() {
  built
  (cd "$app" && export $(api_env) ConnectionStrings__Feed="$(sql_url "$(node_port 1)")" Auth__SigningKey=$signing_key && dotnet Feed.Api.dll migrate >/dev/null)
}

up() {
  install
  mkdir -p "$dir"
  local started=$SECONDS first=1
  # From nothing, the node that committed last starts the cluster (the others then take what they
  # missed from it): the highest seqno a clean stop wrote in grastate.dat. A killed node wrote -1
  # and is never chosen over one that stopped cleanly; with no clean stop at all, node1.
  if ! alive node1 && ! alive node2 && ! alive node3; then first=$(most_advanced); fi
  start_node "$first"
  for n in 1 2 3; do start_node "$n"; done
  users
  start_replica
  start_haproxy
  migrate
  start_s3
  for n in 1 2 3; do start_api "$n"; done
  echo "cluster up in $((SECONDS - started)) s"
  status
}

stop_pid() {
  local name=$1 pidfile=$dir/$1.pid
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

down() {
  for n in 1 2 3; do stop_pid "api$n"; done
  [ -f "$dir/haproxy.pid" ] && { kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true; rm -f "$dir/haproxy.pid"; }
  stop_pid replica
  for n in 3 2 1; do stop_pid "node$n"; done
  stop_s3
  echo "cluster down"
}

status() {
  for n in 1 2 3; do
    if alive "node$n"; then
      echo "node$n  up    port $(node_port "$n")  state $(status_of "node$n" wsrep_local_state_comment)  cluster size $(status_of "node$n" wsrep_cluster_size)"
    else
      echo "node$n  down"
    fi
  done
  if alive replica; then
    echo "replica up    port $(node_port 4)  $(client replica -e 'SHOW SLAVE STATUS\G' 2>/dev/null | awk '/Slave_IO_Running:|Slave_SQL_Running:|Seconds_Behind_Master:/ {printf "%s %s  ", $1, $2}')"
  else
    echo "replica down"
  fi
  if [ -f "$dir/haproxy.pid" ] && kill -0 "$(cat "$dir/haproxy.pid")" 2>/dev/null; then
    echo "haproxy up    sql 127.0.0.1:$base  http 127.0.0.1:$http  stats http://127.0.0.1:$((http + 99))/"
  else
    echo "haproxy down"
  fi
  local owner=own; [ -n "$s3_given" ] && owner="given (FEED_TEST_S3_URL)"
  if s3_answers; then
    echo "s3      up    $s3_url  bucket $s3_bucket  prefix $s3_prefix  $owner"
  else
    echo "s3      down  $s3_url  $owner"
  fi
  for n in 1 2 3; do
    if alive "api$n"; then echo "api$n   up    http 127.0.0.1:$((http + n))"; else echo "api$n   down"; fi
  done
}

env() {
  echo "export FEED_CLUSTER_HTTP='http://127.0.0.1:$http'"
  echo "export FEED_CLUSTER_APIS='http://127.0.0.1:$((http + 1)),http://127.0.0.1:$((http + 2)),http://127.0.0.1:$((http + 3))'"
  echo "export FEED_CLUSTER_SQL='$(sql_url "$base")'"
  echo "export FEED_CLUSTER_NODES='$(sql_url "$(node_port 1)")|$(sql_url "$(node_port 2)")|$(sql_url "$(node_port 3)")'"
  echo "export FEED_CLUSTER_REPLICA='$(sql_url "$(node_port 4)")'"
  echo "export FEED_CLUSTER_STATS='http://127.0.0.1:$((http + 99))'"
  echo "export FEED_CLUSTER_SIGNING_KEY='$signing_key'"
  echo "export FEED_CLUSTER_SCRIPT='$root/scripts/cluster.sh'"
  echo "export FEED_CLUSTER_S3_URL='$s3_url'"
  echo "export FEED_CLUSTER_S3_BUCKET='$s3_bucket'"
  echo "export FEED_CLUSTER_S3_ACCESS_KEY='$s3_access_key'"
  echo "export FEED_CLUSTER_S3_SECRET_KEY='$s3_secret_key'"
  echo "export FEED_CLUSTER_S3_PREFIX='$s3_prefix'"
  echo "export FEED_CLUSTER_MEDIA_LEASE='$media_lease'"
}

kill_part() {
  local name=${1:?name a part: node1..3, replica, api1..3, haproxy}
  local pidfile=$dir/$name.pid
  [ -f "$pidfile" ] || { echo "$name is not running" >&2; return 1; }
  kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
  [ "$name" = replica ] && rm -f "$dir/replica.pid.server"
  echo "$name killed"
}

start_part() {
  case "${1:?name a part}" in
    node[123]) start_node "${1#node}" ;;
    replica) start_replica ;;
    api[123]) start_api "${1#api}" ;;
    haproxy) start_haproxy ;;
    *) echo "unknown part '$1'" >&2; return 1 ;;
  esac
  echo "$1 started"
}

case "${1:-status}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) env ;;
  kill) kill_part "${2:-}" ;;
  start) start_part "${2:-}" ;;
  install) install ;;
  desync)
    # A node that is not synced (wsrep_local_state 2, Donor/Desynced): HAProxy and /health/ready take it out.
    case "${3:-}" in
      on|off) client "${2:?name a node}" -e "SET GLOBAL wsrep_desync = ${3^^}" && echo "$2 desync ${3}" ;;
      *) echo "usage: $0 desync NODE on|off" >&2; exit 2 ;;
    esac ;;
  replica-sql)
    case "${2:-}" in
      stop) client replica -e "STOP SLAVE SQL_THREAD" && echo "replica SQL thread stopped" ;;
      start) client replica -e "START SLAVE SQL_THREAD" && echo "replica SQL thread started" ;;
      *) echo "usage: $0 replica-sql stop|start" >&2; exit 2 ;;
    esac ;;
  *) echo "usage: $0 up|down|status|env|kill NAME|start NAME|replica-sql stop|start|desync NODE on|off|install" >&2; exit 2 ;;
esac
