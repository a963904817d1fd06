#!/usr/bin/env bash
# The initial migration of an N-table schema (default 2000) on a default server: more locks
# than one transaction gets (the lock-table hazard), so strata applies it in batches of
# statements. Timed next to `psql -f` of the same file (autocommit: one transaction per
# statement, the only way psql applies it on a default server).
#
#   bench/initial.sh [N]
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and hyperfine.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_hyperfine
n=${1:-2000}
db=strata_bench_initial
trap 'rm -rf "$work"; dropdb -h 127.0.0.1 -U postgres --if-exists $db' EXIT

python3 bench/gen_schema.py "$n" "$work"
"$strata" -C "$work" generate --name init 2>&1 >/dev/null | grep -o 'hazard: lock-table: this migration takes about [0-9]* locks' || true
up="$work/migrations/0000_init.up.sql"
echo "statements: $(grep -c ';$' "$up")"

fresh="dropdb -h 127.0.0.1 -U postgres --if-exists $db && createdb -h 127.0.0.1 -U postgres $db"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
hyperfine --runs 3 --style basic --export-markdown "$work/initial.md" --prepare "$fresh" \
  -n "strata migrate ($n tables, batches)" "$strata -C $work migrate" \
  -n "psql -f, autocommit ($n tables)" "psql -h 127.0.0.1 -U postgres -d $db -q -v ON_ERROR_STOP=1 -f $up"
cat "$work/initial.md"
hyperfine --runs 3 --style basic --export-markdown "$work/rollback.md" \
  --prepare "$fresh && $strata -C $work -q migrate" \
  -n "strata rollback ($n tables, batches)" "$strata -C $work rollback"
cat "$work/rollback.md"
eval "$fresh"
echo "peak memory, strata migrate: $(/usr/bin/time -v "$strata" -C "$work" migrate 2>&1 >/dev/null | awk '/Maximum resident/ {print $6 " KB"}')"
