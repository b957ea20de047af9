#!/usr/bin/env bash
# CI: a throw-away Postgres server on 127.0.0.1 (Debian's `postgresql`, installed when missing), one
# database, `npm run indexer:parity` against it (PGlite vs Postgres, same chain), then the server is stopped
# and its directory removed. Prints the parity script's `indexer-parity: N passed, M failed` line.
set -uo pipefail
cd "$(dirname "$0")/../.."
# A port nobody listens on (a server left over from another run must not fail this one).
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=${PARITY_PG_PORT:-$(free_port)}

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ]; then
  (apt-get update -qq && apt-get install -y -qq postgresql) >/tmp/postgres-apt.log 2>&1 || { tail -20 /tmp/postgres-apt.log; }
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
fi
if [ -z "$pgbin" ]; then echo "indexer-parity: 0 passed, 1 failed (postgresql could not be installed)"; exit 1; fi

dir=$(mktemp -d /tmp/indexer-pg.XXXXXX)
chown postgres:postgres "$dir"
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi; }
stop() { as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$dir"; }
trap stop EXIT

as_pg "$pgbin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; echo "indexer-parity: 0 passed, 1 failed"; exit 1; }
start_pg() {
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
}
# A port taken between the probe and the bind: try two more.
for attempt in 1 2 3; do
  start_pg && break
  [ "$attempt" -eq 3 ] && { cat "$dir/server.log"; echo "indexer-parity: 0 passed, 1 failed"; exit 1; }
  port=$(free_port)
done
as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres auctions

DATABASE_URL="postgresql://postgres@127.0.0.1:$port/auctions" npm run indexer:parity
