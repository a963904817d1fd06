#!/usr/bin/env python3
"""Writes a strata project with N tables for the benchmarks.

Each table has ~10 columns of mixed types, an enum column, a unique column, a foreign key to an
earlier table, a plain index and a composite index with a DESC part. Deterministic for a given N.

    bench/gen_schema.py N DIR            # DIR/schema/*.toml (50 tables per file)
    bench/gen_schema.py N DIR --change 5 # the same schema with 5% of the tables changed:
                                         # a column added, an index dropped, a default changed
"""
import argparse
import os

TABLES_PER_FILE = 50


def table(i: int, changed: bool) -> str:
    name = f"t{i:05d}"
    ref = f"t{(i - 1) // 2:05d}" if i > 0 else None
    lines = [f"[table.{name}.columns]"]
    lines.append('id         = { type = "bigint", identity = "by default", primary_key = true }')
    lines.append('code       = { type = "varchar(32)", not_null = true, unique = true }')
    lines.append('title      = { type = "text", not_null = true }')
    lines.append(
        f'amount     = {{ type = "numeric(12,2)", not_null = true, default = {7 if changed else 0} }}'
    )
    lines.append('active     = { type = "boolean", not_null = true, default = true }')
    lines.append('kind       = { type = "kind", not_null = true, default = "a" }')
    lines.append('payload    = { type = "jsonb" }')
    lines.append('tags       = { type = "text[]" }')
    lines.append('created_at = { type = "timestamptz", not_null = true, default_sql = "now()" }')
    if ref:
        lines.append(f'parent_id  = {{ type = "bigint", references = "{ref}(id)", on_delete = "cascade" }}')
    else:
        lines.append('parent_id  = { type = "bigint" }')
    if changed:
        lines.append('note       = { type = "text" }')
    lines.append("")
    lines.append(f"[table.{name}.indexes]")
    if not changed:
        lines.append(f'{name}_title_idx = {{ columns = ["title"] }}')
    lines.append(f'{name}_kind_created_idx = {{ columns = ["kind", "created_at DESC"] }}')
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tables", type=int)
    parser.add_argument("dir")
    parser.add_argument("--change", type=float, default=0.0, help="percent of tables to change")
    args = parser.parse_args()
    schema_dir = os.path.join(args.dir, "schema")
    os.makedirs(schema_dir, exist_ok=True)
    for old in os.listdir(schema_dir):
        if old.endswith(".toml"):
            os.remove(os.path.join(schema_dir, old))
    step = int(100 / args.change) if args.change > 0 else 0
    with open(os.path.join(schema_dir, "000_enums.toml"), "w") as f:
        f.write('[enum.kind]\nvalues = ["a", "b", "c"]\n')
    for start in range(0, args.tables, TABLES_PER_FILE):
        end = min(start + TABLES_PER_FILE, args.tables)
        path = os.path.join(schema_dir, f"tables_{start // TABLES_PER_FILE:04d}.toml")
        with open(path, "w") as f:
            for i in range(start, end):
                f.write(table(i, step > 0 and i % step == 0))
                f.write("\n")


if __name__ == "__main__":
    main()
