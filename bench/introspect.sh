#!/usr/bin/env bash
# Introspection next to pg_dump --schema-only on an N-table database (default 2000).
#
#   bench/introspect.sh [N]
#
# Builds the schema with bench/gen_schema.py, generates its migration with strata, applies it
# with psql (statement by statement, so the server's lock table is not the limit), then times
# `strata pull` (catalog queries plus writing the TOML files) and `pg_dump --schema-only`.
# Needs PostgreSQL on $BENCH_PGHOST:$BENCH_PGPORT (default 127.0.0.1:5432, user postgres) and,
# for the table of figures, hyperfine (apt-get install hyperfine).
set -euo pipefail
source "$(dirname "$0")/common.sh"
n=${1:-2000}
host=${BENCH_PGHOST:-127.0.0.1}
port=${BENCH_PGPORT:-5432}
db="strata_bench_introspect_$n"
trap 'rm -rf "$work"; dropdb -h "$host" -p "$port" -U postgres --if-exists "$db"' EXIT


python3 bench/gen_schema.py "$n" "$work"
"$strata" -C "$work" generate --name init >/dev/null
dropdb -h "$host" -p "$port" -U postgres --if-exists "$db"
createdb -h "$host" -p "$port" -U postgres "$db"
psql -h "$host" -p "$port" -U postgres -d "$db" -q -v ON_ERROR_STOP=1 \
  -f "$work/migrations/0000_init.up.sql" >/dev/null
tables=$(psql -h "$host" -p "$port" -U postgres -d "$db" -Atc \
  "select count(*) from pg_tables where schemaname = 'public'")
echo "database $db: $tables tables"

url="postgres://postgres@$host:$port/$db"
pull="DATABASE_URL=$url $strata -C $work pull --dir $work/pulled --force"
dump="pg_dump -h $host -p $port -U postgres --schema-only $db > $work/dump.sql"
if command -v hyperfine >/dev/null; then
  # Each pull writes into a new directory, and the old ones are moved aside, not deleted, until
  # the end: on a file system that discards freed blocks at once (ext4 mounted with `discard`,
  # as here), deleting 2,000 files makes the next 2,000 creations wait, and the figure would
  # measure the disk, not strata (1.9 s instead of 0.5 s).
  hyperfine --warmup 1 --runs 10 --export-markdown "$work/introspect.md" \
    --prepare "if [ -d $work/pulled ]; then mv $work/pulled $work/old.\$(date +%s%N); fi" \
    -n "strata pull ($n tables)" "$pull" \
    --prepare "rm -f $work/dump.sql" -n "pg_dump --schema-only ($n tables)" "$dump"
  cat "$work/introspect.md"
else
  for cmd in "$pull" "$dump"; do
    start=$(date +%s%N); bash -c "$cmd" >/dev/null; end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) ms: $cmd"
  done
fi
echo "peak memory of strata pull:"
/usr/bin/time -v bash -c "$pull" 2>&1 >/dev/null | grep -E "Maximum resident" || true
