#!/usr/bin/env bash
# A private MariaDB for the tests and benchmarks: Debian's package, our own data directory and
# port, no systemd. Usage: scripts/mariadb.sh install|start|stop|env
#   install  apt-get install mariadb-server when mariadbd is missing (root)
#   start    initialise .mysql/ on first use, start the server, create database and user
#   stop     shut the server down
#   env      print the exports the tests read (eval "$(scripts/mariadb.sh env)")
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${FEED_MARIADB_DIR:-$root/.mysql}
port=${FEED_MARIADB_PORT:-33306}
user=feed
password=feed-test-password   # a throwaway local test server's password, nothing else
sock=$dir/mysqld.sock

install() {
  command -v mariadbd >/dev/null 2>&1 && return 0
  # This image's apt hook deletes downloaded .debs after each dpkg run, which breaks installs that
  # apt splits into several dpkg runs (mariadb-server's perl upgrade): clear it for these calls only.
  local conf; conf=$(mktemp)
  printf '#clear DPkg::Post-Invoke;\n#clear APT::Update::Post-Invoke;\n' > "$conf"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -c "$conf" update -qq
  apt-get -c "$conf" -f install -y -qq
  apt-get -c "$conf" install -y -qq mariadb-server mariadb-client
  rm -f "$conf"
}

client() { mariadb --no-defaults --socket="$sock" -uroot "$@"; }

start() {
  if [ -S "$sock" ] && mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1; then
    echo "MariaDB already running on port $port"; return 0
  fi
  mkdir -p "$dir"
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1
  fi
  mariadbd --no-defaults --user=root --datadir="$dir/data" --socket="$sock" --pid-file="$dir/mysqld.pid" \
    --port="$port" --bind-address=127.0.0.1 --log-error="$dir/error.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=1G --innodb-flush-log-at-trx-commit=2 --max-connections=500 >/dev/null 2>&1 &
  for _ in $(seq 1 60); do
    mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.5
  done
  mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null
  # The tests make a database per test class, so the user may create and drop feed_* databases.
  client <<SQL
CREATE DATABASE IF NOT EXISTS feed;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`feed%\`.* TO '$user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`feed%\`.* TO '$user'@'localhost';
FLUSH PRIVILEGES;
SQL
  echo "MariaDB $(client -N -e 'SELECT VERSION()') on 127.0.0.1:$port"
}

stop() {
  mariadb-admin --no-defaults --socket="$sock" -uroot shutdown 2>/dev/null || true
}

env() {
  echo "export FEED_TEST_MYSQL='Server=127.0.0.1;Port=$port;Database=feed;User=$user;Password=$password'"
  echo "export FEED_TEST_MYSQL_VERSION='$(client -N -e 'SELECT VERSION()' | sed -E 's/^([0-9]+\.[0-9]+\.[0-9]+).*/\1/')-mariadb'"
}

"${1:-start}"
