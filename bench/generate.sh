#!/usr/bin/env bash
# generate (cold process, empty history), generate after a 5% change, and check, on N tables.
#
#   bench/generate.sh [N ...]        (default: 100 500 2000)
#
# Needs hyperfine (apt-get install hyperfine). Prints hyperfine's tables and the peak memory of
# each command (/usr/bin/time -v).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100 500 2000}")
cargo build --release --quiet
target_dir="${CARGO_TARGET_DIR:-$(pwd)/target}"
strata="$target_dir/release/strata"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6 " KB"}'; }

for n in ${sizes[@]}; do
  base="$work/base$n"; changed="$work/changed$n"
  python3 bench/gen_schema.py "$n" "$base"
  # The changed project: the same history, then 5% of the tables edited.
  "$strata" -C "$base" generate --name init >/dev/null 2>&1
  cp -r "$base" "$changed"
  python3 bench/gen_schema.py "$n" "$changed" --change 5
  hyperfine --warmup 1 --runs 10 --style basic \
    --prepare "rm -rf $base/migrations $base/snapshots $base/journal.json" \
    -n "generate, empty history ($n tables)" "$strata -C $base generate --name init"
  hyperfine --warmup 1 --runs 10 --style basic \
    --prepare "rm -f $changed/migrations/0001_* $changed/snapshots/0001_*; cp $base/journal.json $changed/journal.json" \
    -n "generate after a 5% change ($n tables)" "$strata -C $changed generate --name change --allow-destructive"
  hyperfine --warmup 1 --runs 10 --style basic -n "check ($n tables)" "$strata -C $base check"
  rm -rf "$base/migrations" "$base/snapshots" "$base/journal.json"
  echo "peak memory, generate ($n tables): $(peak "$strata" -C "$base" generate --name init)"
  echo "peak memory, check ($n tables): $(peak "$strata" -C "$base" check)"
done
