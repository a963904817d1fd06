#!/usr/bin/env bash
# Rebuilds the example project's history (migrations/, snapshots/, journal.json) from scratch,
# generating one migration per state of the Flick schema, as the seed's drizzle history has six.
#
# schema/ holds the latest state. examples/flick-history/ holds, for earlier states, the two
# files that differed then (colleges.toml and audit.toml); every other schema file is as it is now.
# Usage: scripts/regenerate-example.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
history=examples/flick-history

cargo build --quiet
strata="${CARGO_TARGET_DIR:-target}/debug/strata"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/schema"

# step name | colleges.toml source | audit.toml source | extra generate flags
steps=(
  "init|$history/colleges.0000.toml|$history/audit.0000.toml|"
  "college_branches_array|$history/colleges.0001.toml|$history/audit.0000.toml|"
  "branches_table|$history/colleges.0002.toml|$history/audit.0000.toml|"
  "college_branches_junction|$history/colleges.0003.toml|$history/audit.0000.toml|--allow-destructive"
  "college_requests|schema/colleges.toml|$history/audit.0000.toml|"
  "audit_text_ids|schema/colleges.toml|schema/audit.toml|"
)

for step in "${steps[@]}"; do
  IFS='|' read -r name colleges audit flags <<<"$step"
  rm -f "$work"/schema/*.toml
  cp schema/*.toml "$work/schema/"
  cp "$colleges" "$work/schema/colleges.toml"
  cp "$audit" "$work/schema/audit.toml"
  # shellcheck disable=SC2086 # flags is empty or one word
  "$strata" -C "$work" generate --name "$name" $flags </dev/null
done

rm -rf migrations snapshots journal.json
cp -r "$work/migrations" "$work/snapshots" "$work/journal.json" .
"$strata" check
