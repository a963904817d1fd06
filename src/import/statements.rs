//! What an imported SQL statement creates or drops, read from its first words: enough to notice
//! two migrations that create the same object (a branch merged by hand), not a SQL parser.

/// An object a statement creates or drops, named as `kind name` (`table public.tags`,
/// `column public.users.bio`, `constraint users_email_unique`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Object(pub String);

/// What one statement does to the objects it names.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Effect {
    pub creates: Vec<Object>,
    pub drops: Vec<Object>,
}

/// Reads a statement (comments allowed). Statements it does not recognise have no effect.
pub fn effect(statement: &str) -> Effect {
    let words = words(statement);
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let is = |i: usize, word: &str| upper.get(i).is_some_and(|w| w == word);
    let mut effect = Effect::default();
    if is(0, "CREATE") {
        let mut i = 1;
        if is(i, "UNIQUE") {
            i += 1;
        }
        let kind = upper.get(i).map(String::as_str).unwrap_or("");
        i += 1;
        if is(i, "CONCURRENTLY") {
            i += 1;
        }
        if is(i, "IF") && is(i + 1, "NOT") && is(i + 2, "EXISTS") {
            i += 3;
        }
        let Some(name) = words.get(i) else {
            return effect;
        };
        match kind {
            "TABLE" => {
                effect.creates.push(object("table", &qualified(name)));
                for (at, word) in upper.iter().enumerate() {
                    if word == "CONSTRAINT"
                        && let Some(constraint) = words.get(at + 1)
                    {
                        effect
                            .creates
                            .push(object("constraint", &unquote(constraint)));
                    }
                }
            }
            "TYPE" => effect.creates.push(object("type", &qualified(name))),
            "INDEX" => effect.creates.push(object("index", &unquote(name))),
            "SCHEMA" => effect.creates.push(object("schema", &unquote(name))),
            _ => {}
        }
    } else if is(0, "DROP") {
        let kind = upper.get(1).map(String::as_str).unwrap_or("");
        let mut i = 2;
        if is(i, "CONCURRENTLY") {
            i += 1;
        }
        if is(i, "IF") && is(i + 1, "EXISTS") {
            i += 2;
        }
        if let Some(name) = words.get(i) {
            match kind {
                "TABLE" => effect.drops.push(object("table", &qualified(name))),
                "TYPE" => effect.drops.push(object("type", &qualified(name))),
                "INDEX" => effect
                    .drops
                    .push(object("index", &unquote(last_part(name)))),
                "SCHEMA" => effect.drops.push(object("schema", &unquote(name))),
                _ => {}
            }
        }
    } else if is(0, "ALTER") && is(1, "TABLE") {
        alter_table(&words, &upper, &mut effect);
    }
    effect
}

fn alter_table(words: &[String], upper: &[String], effect: &mut Effect) {
    let mut i = 2;
    if upper.get(i).is_some_and(|w| w == "ONLY") {
        i += 1;
    }
    if upper.get(i).is_some_and(|w| w == "IF") {
        i += 2;
    }
    let Some(table) = words.get(i).map(|t| qualified(t)) else {
        return;
    };
    let is = |i: usize, word: &str| upper.get(i).is_some_and(|w| w == word);
    let mut at = i + 1;
    let (verb_add, verb_drop) = (is(at, "ADD"), is(at, "DROP"));
    if !verb_add && !verb_drop {
        return;
    }
    at += 1;
    let kind = if is(at, "CONSTRAINT") {
        at += 1;
        "constraint"
    } else {
        if is(at, "COLUMN") {
            at += 1;
        }
        "column"
    };
    if is(at, "IF") {
        at += if verb_add { 3 } else { 2 };
    }
    let Some(name) = words.get(at) else {
        return;
    };
    let name = unquote(name);
    let object = if kind == "column" {
        object("column", &format!("{table}.{name}"))
    } else {
        object("constraint", &name)
    };
    if verb_add {
        effect.creates.push(object);
    } else {
        effect.drops.push(object);
    }
}

fn object(kind: &str, name: &str) -> Object {
    Object(format!("{kind} {name}"))
}

/// The statement's words: identifiers in double quotes stay one word with their quotes,
/// punctuation ends a word, comments are skipped.
fn words(statement: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = statement.chars().peekable();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                flush(&mut current, &mut out);
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                current.push('"');
                while let Some(c) = chars.next() {
                    current.push(c);
                    if c == '"' {
                        if chars.peek() == Some(&'"') {
                            current.push(chars.next().unwrap_or('"'));
                        } else {
                            break;
                        }
                    }
                }
            }
            c if c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == ';' => {
                flush(&mut current, &mut out);
            }
            c => current.push(c),
        }
    }
    flush(&mut current, &mut out);
    out
}

/// `"public"."tags"` or `tags` -> `public.tags`.
fn qualified(name: &str) -> String {
    let parts = split_dots(name);
    match parts.as_slice() {
        [schema, table] => format!("{schema}.{table}"),
        _ => format!("public.{}", parts.last().cloned().unwrap_or_default()),
    }
}

fn last_part(name: &str) -> &str {
    match name.rfind("\".") {
        Some(i) => &name[i + 2..],
        None => name.rsplit('.').next().unwrap_or(name),
    }
}

fn split_dots(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in name.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            '.' if !quoted => parts.push(unquote(&std::mem::take(&mut current))),
            c => current.push(c),
        }
    }
    parts.push(unquote(&current));
    parts
}

/// `"a""b"` -> `a"b`; an unquoted name is folded to lower case as PostgreSQL does.
fn unquote(name: &str) -> String {
    match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => name.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creates(sql: &str) -> Vec<String> {
        effect(sql).creates.into_iter().map(|o| o.0).collect()
    }

    #[test]
    fn reads_what_drizzle_kit_writes() {
        assert_eq!(
            creates(
                "CREATE TABLE \"tags\" (\n\t\"id\" integer,\n\tCONSTRAINT \"tags_name_unique\" UNIQUE(\"name\")\n);"
            ),
            ["table public.tags", "constraint tags_name_unique"]
        );
        assert_eq!(
            creates("CREATE TYPE \"public\".\"mood\" AS ENUM('sad', 'ok');"),
            ["type public.mood"]
        );
        assert_eq!(
            creates("CREATE INDEX \"posts_author_idx\" ON \"posts\" USING btree (\"author_id\");"),
            ["index posts_author_idx"]
        );
        assert_eq!(
            creates("ALTER TABLE \"users\" ADD COLUMN \"bio\" text DEFAULT '';"),
            ["column public.users.bio"]
        );
        assert_eq!(
            creates(
                "--> statement-breakpoint\nALTER TABLE \"posts\" ADD CONSTRAINT \"posts_fk\" FOREIGN KEY (\"a\") REFERENCES \"public\".\"users\"(\"id\");"
            ),
            ["constraint posts_fk"]
        );
        assert_eq!(
            creates("create table if not exists Audit.Logs (id int)"),
            ["table audit.logs"]
        );
    }

    #[test]
    fn drops_are_read_too() {
        let drops =
            |sql: &str| -> Vec<String> { effect(sql).drops.into_iter().map(|o| o.0).collect() };
        assert_eq!(drops("DROP TABLE \"tags\" CASCADE;"), ["table public.tags"]);
        assert_eq!(
            drops("ALTER TABLE \"users\" DROP COLUMN IF EXISTS \"bio\";"),
            ["column public.users.bio"]
        );
        assert_eq!(
            drops("ALTER TABLE \"t\" DROP CONSTRAINT \"t_x_key\";"),
            ["constraint t_x_key"]
        );
        assert_eq!(drops("DROP INDEX \"public\".\"i\";"), ["index i"]);
        assert!(effect("UPDATE users SET bio = ''").creates.is_empty());
    }
}
