#!/usr/bin/env bash
# A private S3-compatible server for the tests: Ceph's own S3 gateway (radosgw 16.2, Debian's
# package) on the smallest Ceph that runs it — one monitor, one OSD keeping objects in memory
# (memstore), no manager, no auth between them — on our own directory and ports, no systemd.
# Usage: scripts/s3.sh install|start|stop|env
#   install  apt-get install ceph-mon ceph-osd radosgw when radosgw is missing (root)
#   start    a fresh cluster under .s3/ (objects live in memory: each start is empty), the gateway,
#            a user with keys and the bucket
#   stop     shut it down
#   env      print the exports the tests read (eval "$(scripts/s3.sh env)")
# Ports: the gateway on FEED_S3_PORT (33390), the monitor on +1, the OSD's messengers on +2..+9.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${FEED_S3_DIR:-$root/.s3}
port=${FEED_S3_PORT:-33390}
bucket=feed-media
access_key=feed-test-access-key   # a throwaway local test server's keys, nothing else
secret_key=feed-test-secret-key
conf=$dir/ceph.conf

install() {
  command -v radosgw >/dev/null 2>&1 && command -v ceph-osd >/dev/null 2>&1 && return 0
  # As scripts/mariadb.sh: this image's apt hook deletes .debs between dpkg runs; clear it for these calls.
  local apt_conf; apt_conf=$(mktemp)
  printf '#clear DPkg::Post-Invoke;\n#clear APT::Update::Post-Invoke;\n' > "$apt_conf"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -c "$apt_conf" update -qq
  apt-get -c "$apt_conf" install -y -qq --no-install-recommends ceph-mon ceph-osd radosgw ceph-common curl
  rm -f "$apt_conf"
}

alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }
answers() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; }
wait_for() { for _ in $(seq 1 "$1"); do eval "$2" && return 0; sleep 0.2; done; echo "s3.sh: timed out waiting for: $2" >&2; return 1; }

write_config() {
  local fsid=$1
  # msgr2 only, "crc" on every connection: with auth none and no modes given, radosgw's monitor
  # client offers no mode and is refused (-13 in its log). The pool defaults fit one OSD.
  cat > "$conf" <<CNF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$((port + 1))
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
ms bind msgr1 = false
ms mon client mode = crc
ms client mode = crc
ms mon service mode = crc
ms service mode = crc
ms cluster mode = crc
ms bind port min = $((port + 2))
ms bind port max = $((port + 9))
public addr = 127.0.0.1
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/\$name.log
pid file = $dir/\$name.pid
keyring = $dir/keyring
mon data = $dir/\$name
osd data = $dir/\$name
osd objectstore = memstore
memstore device bytes = 1073741824
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$port
rgw data = $dir/rgw
rgw thread pool size = 64
CNF
}

s3() { curl -sS --fail --max-time 10 --aws-sigv4 "aws:amz:us-east-1:s3" -u "$access_key:$secret_key" \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }

start() {
  if alive client.rgw.a && answers; then echo "S3 (radosgw) already running on 127.0.0.1:$port"; return 0; fi
  stop
  rm -rf "$dir"
  mkdir -p "$dir/mon.a" "$dir/osd.0" "$dir/run" "$dir/rgw"
  local fsid osd_uuid c=(-c "$conf")
  fsid=$(cat /proc/sys/kernel/random/uuid); osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  write_config "$fsid"
  ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$((port + 1))]" "$dir/monmap" >/dev/null
  ceph-mon "${c[@]}" --mkfs -i a --monmap "$dir/monmap" >"$dir/mkfs.log" 2>&1
  ceph-mon "${c[@]}" -i a
  wait_for 100 "ceph ${c[*]} --connect-timeout 2 mon stat >/dev/null 2>&1"
  ceph "${c[@]}" osd new "$osd_uuid" >/dev/null
  ceph-osd "${c[@]}" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$dir/mkfs.log" 2>&1
  ceph-osd "${c[@]}" -i 0 2>>"$dir/mkfs.log"
  wait_for 150 "ceph ${c[*]} osd stat -f json 2>/dev/null | grep -q '\"num_up_osds\":1'"
  radosgw "${c[@]}" -n client.rgw.a
  wait_for 300 answers
  radosgw-admin "${c[@]}" user create --uid=feed --display-name=feed \
    --access-key="$access_key" --secret="$secret_key" >/dev/null
  s3 -X PUT "http://127.0.0.1:$port/$bucket" >/dev/null
  echo "S3 (radosgw $(radosgw --version | awk '{print $3}')) on 127.0.0.1:$port, bucket $bucket"
}

stop() {
  local name pids=()
  for name in client.rgw.a osd.0 mon.a; do
    if alive "$name"; then pids+=("$(cat "$dir/$name.pid")"); kill "$(cat "$dir/$name.pid")"; fi
  done
  for _ in $(seq 1 50); do
    local left=0 pid
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
    [ "$left" = 0 ] && return 0
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}

env() {
  echo "export FEED_TEST_S3_URL='http://127.0.0.1:$port'"
  echo "export FEED_TEST_S3_BUCKET='$bucket'"
  echo "export FEED_TEST_S3_ACCESS_KEY='$access_key'"
  echo "export FEED_TEST_S3_SECRET_KEY='$secret_key'"
}

"${1:-start}"
