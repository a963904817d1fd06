#!/usr/bin/env bash
# `strata docs` on N-table projects (default 100 500 2000), next to `strata check` on the same
# project for scale (the machine is shared: compare the two, not the figures across days).
#
#   bench/docs.sh [N ...]
#
# Needs hyperfine (apt-get install hyperfine). Prints hyperfine's tables, the site's size and
# the peak memory of one run (/usr/bin/time -v).
set -euo pipefail
source "$(dirname "$0")/common.sh"
require_hyperfine
sizes=("${@:-100 500 2000}")
trap 'rm -rf "$work"' EXIT

for n in ${sizes[@]}; do
  project="$work/p$n"
  python3 bench/gen_schema.py "$n" "$project"
  "$strata" -C "$project" generate --name init >/dev/null 2>"$work/setup.log" ||
    { echo "setting up $n tables failed:" >&2; cat "$work/setup.log" >&2; exit 1; }
  # The site is replaced on every run, as a user's would be.
  hyperfine -N --warmup 2 --runs 20 --style basic \
    -n "docs ($n tables)" "$strata -C $project docs --out $project/site" \
    -n "check ($n tables)" "$strata -C $project check"
  echo "site ($n tables): $(find "$project/site" -type f | wc -l) files, $(du -sh "$project/site" | cut -f1)"
  echo "peak memory, docs ($n tables): $(/usr/bin/time -v "$strata" -C "$project" docs --out "$project/site" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}') KB"
done
