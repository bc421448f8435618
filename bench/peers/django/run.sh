#!/usr/bin/env bash
# The Django peer (issue 18's reference): Django 3.2 + DRF CursorPagination (ordering -created_at,
# page size 20) served by gunicorn with 2 sync workers, DEBUG off, on SQLite, holding the same items
# as Feed's SQLite benchmark database (copied from a file made by Feed's seed verb).
# Usage: bash bench/peers/django/run.sh FEED_SQLITE_FILE [PORT]   (serves until killed; prints the URL)
set -euo pipefail
cd "$(dirname "$0")"
source_db=${1:?the Feed SQLite file to copy the items from}
port=${2:-5098}
if ! /usr/bin/python3 -c "import django, rest_framework" 2>/dev/null || ! command -v gunicorn >/dev/null; then
  conf=$(mktemp); printf '#clear DPkg::Post-Invoke;\n#clear APT::Update::Post-Invoke;\n' > "$conf"
  DEBIAN_FRONTEND=noninteractive apt-get -c "$conf" install -y -qq python3-django python3-djangorestframework gunicorn >/dev/null
fi
export PEER_DB=${PEER_DB:-$(mktemp -d)/peer.db}
/usr/bin/python3 manage.py migrate -v 0
/usr/bin/python3 manage.py load_feed "$source_db"
echo "peer: http://127.0.0.1:$port/feed"
exec gunicorn --workers 2 --worker-class sync --bind "127.0.0.1:$port" --log-level warning peer.wsgi:application
