#!/usr/bin/env bash
# migrate of M small migrations (each a table and an index) next to the floor: the same
# statements in one `psql -f`, and M separate `psql -c` calls.
#
#   bench/migrate.sh [M]      (default 1000)
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and hyperfine.
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_hyperfine
m=${1:-1000}
db=strata_bench_migrate
trap 'rm -rf "$work"; dropdb -h 127.0.0.1 -U postgres --if-exists $db' EXIT

python3 - "$m" "$work" <<'PY'
import hashlib, json, os, sys
m, work = int(sys.argv[1]), sys.argv[2]
os.makedirs(f"{work}/migrations"); os.makedirs(f"{work}/schema")
entries, everything = [], []
for i in range(m):
    tag = f"{i:04d}_t{i}"
    up = f"CREATE TABLE t{i} (id int PRIMARY KEY, v text);\nCREATE INDEX t{i}_v_idx ON t{i} (v);\n"
    down = f"DROP TABLE t{i};\n"
    open(f"{work}/migrations/{tag}.up.sql", "w").write(up)
    open(f"{work}/migrations/{tag}.down.sql", "w").write(down)
    everything.append(up)
    sha = lambda t: hashlib.sha256(t.encode()).hexdigest()
    entries.append({"idx": i, "tag": tag, "created_at": "2026-01-01T00:00:00Z",
                    "up_sha256": sha(up), "down_sha256": sha(down),
                    "snapshot_sha256": "", "transactional": True})
json.dump({"version": 1, "dialect": "postgresql", "entries": entries},
          open(f"{work}/journal.json", "w"), indent=2)
open(f"{work}/all.sql", "w").write("".join(everything))
with open(f"{work}/each.sh", "w") as f:
    for up in everything:
        f.write("psql -h 127.0.0.1 -U postgres -d %s -q -c '%s'\n" % ("strata_bench_migrate", up.replace("\n", " ")))
PY

fresh="dropdb -h 127.0.0.1 -U postgres --if-exists $db && createdb -h 127.0.0.1 -U postgres $db"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
hyperfine --runs 3 --style basic --export-markdown "$work/migrate.md" --prepare "$fresh" \
  -n "strata migrate ($m migrations)" "$strata -C $work migrate" \
  -n "psql -f, one session ($m migrations)" "psql -h 127.0.0.1 -U postgres -d $db -q -f $work/all.sql" \
  -n "psql -c x $m" "bash $work/each.sh"
cat "$work/migrate.md"
eval "$fresh"
echo "peak memory, strata migrate: $(/usr/bin/time -v "$strata" -C "$work" migrate 2>&1 >/dev/null | awk '/Maximum resident/ {print $6 " KB"}')"
