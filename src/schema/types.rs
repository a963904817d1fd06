//! Type canonicalisation: every spelling of a type maps to the one PostgreSQL prints
//! (`format_type`), so `int`, `int4` and `integer` are one type and switching is no change.

/// How a type name was recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// A built-in type strata knows (possibly an array of one).
    Builtin,
    /// The name of an enum of the schema (possibly an array of one).
    Enum,
    /// Anything else (domains, extension types): passed through as written.
    Unknown,
}

/// The canonical spelling of a built-in scalar type, lower-case and with PostgreSQL's
/// normalised modifiers, or `None` when the name is not a built-in strata knows.
pub fn canonical_builtin(name: &str) -> Option<String> {
    // Most schemas write types exactly as matched below: no normalising copies for them.
    if let Some(canonical) = canonical_base(name) {
        return Some(canonical.to_string());
    }
    let lower = collapse_spaces(&name.trim().to_ascii_lowercase());
    let (base, modifier) = split_modifier(&lower);
    let canonical = canonical_base(base.trim())?;
    match modifier {
        None => Some(canonical.to_string()),
        Some(args) => {
            let args = normalise_modifier(args)?;
            if !takes_modifier(canonical) {
                return None;
            }
            Some(match canonical {
                // PostgreSQL prints the precision inside: timestamp(3) with time zone.
                "timestamp without time zone" => format!("timestamp({args}) without time zone"),
                "timestamp with time zone" => format!("timestamp({args}) with time zone"),
                "time without time zone" => format!("time({args}) without time zone"),
                "time with time zone" => format!("time({args}) with time zone"),
                _ => format!("{canonical}({args})"),
            })
        }
    }
}

/// The canonical name of a type name written without a modifier, in lower case with single
/// spaces.
fn canonical_base(base: &str) -> Option<&'static str> {
    Some(match base {
        "int" | "int4" | "integer" => "integer",
        "int8" | "bigint" => "bigint",
        "int2" | "smallint" => "smallint",
        "bool" | "boolean" => "boolean",
        "text" => "text",
        "uuid" => "uuid",
        "json" => "json",
        "jsonb" => "jsonb",
        "bytea" => "bytea",
        "date" => "date",
        "interval" => "interval",
        "inet" => "inet",
        "cidr" => "cidr",
        "macaddr" => "macaddr",
        "real" | "float4" => "real",
        "double precision" | "float8" | "float" => "double precision",
        "varchar" | "character varying" => "character varying",
        "char" | "character" | "bpchar" => "character",
        "numeric" | "decimal" => "numeric",
        "timestamp" | "timestamp without time zone" => "timestamp without time zone",
        "timestamptz" | "timestamp with time zone" => "timestamp with time zone",
        "time" | "time without time zone" => "time without time zone",
        "timetz" | "time with time zone" => "time with time zone",
        _ => return None,
    })
}

/// True for the types that accept a `(n)` or `(p,s)` modifier.
fn takes_modifier(canonical: &str) -> bool {
    matches!(
        canonical,
        "character varying"
            | "character"
            | "numeric"
            | "timestamp without time zone"
            | "timestamp with time zone"
            | "time without time zone"
            | "time with time zone"
    )
}

/// Splits `varchar(20)` into `("varchar", Some("20"))`; a `with time zone` after the
/// modifier is kept in the base (`timestamp(3) with time zone`).
fn split_modifier(text: &str) -> (String, Option<&str>) {
    let Some(open) = text.find('(') else {
        return (text.to_string(), None);
    };
    let Some(close) = text[open..].find(')').map(|i| open + i) else {
        return (text.to_string(), None);
    };
    let base = format!("{}{}", text[..open].trim_end(), &text[close + 1..]);
    (collapse_spaces(&base), Some(&text[open + 1..close]))
}

/// `10, 2` to `10,2`; `None` unless every part is a number.
fn normalise_modifier(args: &str) -> Option<String> {
    let parts: Vec<&str> = args.split(',').map(str::trim).collect();
    if parts.is_empty()
        || parts.len() > 2
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(parts.join(","))
}

/// Collapses runs of white space to one space.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits trailing `[]` pairs off a type: `text[][]` is (`text`, 2).
pub fn split_array(name: &str) -> (&str, usize) {
    let mut base = name.trim();
    let mut dims = 0;
    while let Some(rest) = base.strip_suffix("[]") {
        base = rest.trim_end();
        dims += 1;
    }
    (base, dims)
}

/// Canonicalises a column type. `enum_names` are the schema's enums in their display form
/// (`user_status`, `audit.kind`). Returns the canonical name and how it was recognised.
pub fn canonicalize(name: &str, enum_names: &[String]) -> (String, TypeKind) {
    let (base, dims) = split_array(name);
    let with_dims = |mut canonical: String| {
        for _ in 0..dims {
            canonical.push_str("[]");
        }
        canonical
    };
    if let Some(enum_name) = enum_names.iter().find(|e| e.as_str() == base) {
        return (with_dims(enum_name.clone()), TypeKind::Enum);
    }
    match canonical_builtin(base) {
        Some(canonical) => (with_dims(canonical), TypeKind::Builtin),
        None => (name.trim().to_string(), TypeKind::Unknown),
    }
}

/// True for `serial`, `bigserial`, `smallserial` and their aliases, which strata does not
/// model (they create a sequence); identity columns replace them.
pub fn is_serial(name: &str) -> bool {
    matches!(
        name.trim().to_ascii_lowercase().as_str(),
        "serial" | "serial4" | "bigserial" | "serial8" | "smallserial" | "serial2"
    )
}

/// The scalar family of a canonical type, for checking that a literal default fits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// smallint, integer, bigint: the value range.
    Integer {
        min: i64,
        max: i64,
    },
    /// numeric, real, double precision.
    Number,
    Boolean,
    /// text-like and everything whose literal is written as a string.
    Text,
    /// json and jsonb: any TOML literal is accepted as written text.
    Json,
}

/// The family of a canonical (non-array) built-in type.
pub fn family(canonical: &str) -> Family {
    match canonical {
        "smallint" => Family::Integer {
            min: i16::MIN as i64,
            max: i16::MAX as i64,
        },
        "integer" => Family::Integer {
            min: i32::MIN as i64,
            max: i32::MAX as i64,
        },
        "bigint" => Family::Integer {
            min: i64::MIN,
            max: i64::MAX,
        },
        "real" | "double precision" => Family::Number,
        "boolean" => Family::Boolean,
        "json" | "jsonb" => Family::Json,
        other if other.starts_with("numeric") => Family::Number,
        _ => Family::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_one_type() {
        for (input, expected) in [
            ("int", "integer"),
            ("INT4", "integer"),
            ("integer", "integer"),
            ("int8", "bigint"),
            ("int2", "smallint"),
            ("bool", "boolean"),
            ("varchar(20)", "character varying(20)"),
            ("character  varying (20)", "character varying(20)"),
            ("varchar", "character varying"),
            ("char(2)", "character(2)"),
            ("decimal(10, 2)", "numeric(10,2)"),
            ("numeric", "numeric"),
            ("float8", "double precision"),
            ("float4", "real"),
            ("timestamp", "timestamp without time zone"),
            ("timestamptz", "timestamp with time zone"),
            ("timestamptz(3)", "timestamp(3) with time zone"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("time", "time without time zone"),
            ("timetz", "time with time zone"),
        ] {
            assert_eq!(
                canonical_builtin(input).as_deref(),
                Some(expected),
                "{input}"
            );
        }
    }

    #[test]
    fn unknown_and_malformed_are_not_builtins() {
        assert_eq!(canonical_builtin("citext"), None);
        assert_eq!(canonical_builtin("vector(3)"), None);
        assert_eq!(canonical_builtin("varchar(x)"), None);
        assert_eq!(canonical_builtin("integer(4)"), None);
    }

    #[test]
    fn arrays_and_enums() {
        let enums = vec!["mood".to_string(), "audit.kind".to_string()];
        assert_eq!(
            canonicalize("int[]", &enums),
            ("integer[]".to_string(), TypeKind::Builtin)
        );
        assert_eq!(
            canonicalize("mood[]", &enums),
            ("mood[]".to_string(), TypeKind::Enum)
        );
        assert_eq!(
            canonicalize("audit.kind", &enums),
            ("audit.kind".to_string(), TypeKind::Enum)
        );
        assert_eq!(
            canonicalize("citext", &enums),
            ("citext".to_string(), TypeKind::Unknown)
        );
        assert_eq!(split_array("text[][]"), ("text", 2));
    }

    #[test]
    fn serial_is_recognised() {
        assert!(is_serial("BIGSERIAL"));
        assert!(!is_serial("bigint"));
    }

    #[test]
    fn families() {
        assert_eq!(family("numeric(10,2)"), Family::Number);
        assert!(matches!(
            family("smallint"),
            Family::Integer { max: 32767, .. }
        ));
        assert_eq!(family("uuid"), Family::Text);
    }
}
