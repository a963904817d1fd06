#!/usr/bin/env bash
# Parses strata's Mermaid output with Mermaid 11 itself (mermaid.parse under jsdom, in node):
# the example project, the docs golden file and the hostile-names schema of tests/it/docs.rs.
# Run by hand (it downloads mermaid and jsdom from the npm registry into a cache directory, so
# it is not part of CI; the golden file pins the text between runs). Needs node, npm, python3.
#
#   scripts/check-mermaid.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${XDG_CACHE_HOME:-$HOME/.cache}/strata-mermaid"
mkdir -p "$cache"
if [ ! -d "$cache/node_modules/mermaid" ]; then
  (cd "$cache" && npm init -y >/dev/null && npm install --silent mermaid@11 jsdom >/dev/null)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet
strata="${CARGO_TARGET_DIR:-$(pwd)/target}/debug/strata"
"$strata" docs --mermaid >"$work/example.mmd"
cp tests/docs_golden/library/expected/mermaid.mmd "$work/golden.mmd"
# The hostile-names schema, as the docs test declares it.
mkdir -p "$work/hostile/schema"
python3 - "$work/hostile/schema/h.toml" <<'PY'
import re, sys
source = open("tests/it/docs.rs").read()
schema = re.search(r'const HOSTILE: &str = r#"(.*?)"#;', source, re.S).group(1)
open(sys.argv[1], "w").write(schema)
PY
"$strata" -C "$work/hostile" docs --mermaid >"$work/hostile.mmd"

cat >"$cache/parse.mjs" <<'JS'
import { JSDOM } from 'jsdom';
import fs from 'fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true });
const { default: mermaid } = await import('mermaid');
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const parsed = await mermaid.parse(fs.readFileSync(file, 'utf8'));
    console.log(`ok: ${file} (${parsed.diagramType})`);
  } catch (e) {
    failed++;
    console.log(`FAILED: ${file}: ${String(e.message || e)}`);
  }
}
console.log(`mermaid ${mermaid.version ?? ''}`.trim());
process.exit(failed ? 1 : 0);
JS
node "$cache/parse.mjs" "$work/example.mmd" "$work/golden.mmd" "$work/hostile.mmd"
