#!/usr/bin/env bash
# generate (cold process, empty history), generate after a 5% change, and check, on N tables.
#
#   bench/generate.sh [N ...]        (default: 100 500 2000)
#
# Needs hyperfine (apt-get install hyperfine). Prints hyperfine's tables and the peak memory of
# each command (/usr/bin/time -v).
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_hyperfine
sizes=("${@:-100 500 2000}")
trap 'rm -rf "$work"' EXIT

peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}'; }
# peak_of_10 PREPARE COMMAND...: the largest peak RSS of 10 runs, each after PREPARE.
peak_of_10() {
  local prepare=$1; shift
  for _ in $(seq 10); do bash -c "$prepare"; peak "$@"; done | sort -n | tail -1 | awk '{print $1 " KB"}'
}

for n in ${sizes[@]}; do
  base="$work/base$n"; changed="$work/changed$n"
  python3 bench/gen_schema.py "$n" "$base"
  # The changed project: the same history, then 5% of the tables edited.
  "$strata" -C "$base" generate --name init >/dev/null 2>"$work/setup.log" ||
    { echo "setting up $n tables failed:" >&2; cat "$work/setup.log" >&2; exit 1; }
  cp -r "$base" "$changed"
  python3 bench/gen_schema.py "$n" "$changed" --change 5
  hyperfine -N --warmup 3 --runs 30 --style basic \
    --prepare "rm -rf $base/migrations $base/snapshots $base/journal.json" \
    -n "generate, empty history ($n tables)" "$strata -C $base generate --name init"
  hyperfine -N --warmup 3 --runs 30 --style basic \
    --prepare "bash -c 'rm -f $changed/migrations/0001_* $changed/snapshots/0001_*; cp $base/journal.json $changed/journal.json'" \
    -n "generate after a 5% change ($n tables)" "$strata -C $changed generate --name change --allow-destructive"
  hyperfine -N --warmup 3 --runs 30 --style basic -n "check ($n tables)" "$strata -C $base check"
  # Peak memory varies with how the threads interleave: the largest of 10 runs.
  echo "peak memory, generate ($n tables): $(peak_of_10 "rm -rf $base/migrations $base/snapshots $base/journal.json" "$strata" -C "$base" generate --name init)"
  echo "peak memory, generate after a 5% change ($n tables): $(peak_of_10 "rm -f $changed/migrations/0001_* $changed/snapshots/0001_*; cp $base/journal.json $changed/journal.json" "$strata" -C "$changed" generate --name change --allow-destructive)"
  echo "peak memory, check ($n tables): $(peak_of_10 true "$strata" -C "$base" check)"
done
