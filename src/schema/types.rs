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
    canonical_plain_modifier(name).or_else(|| canonical_normalised(name))
}

/// [`canonical_builtin`] for any spelling: case, spaces and modifier normalised.
fn canonical_normalised(name: &str) -> Option<String> {
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
            Some(with_modifier(canonical, &args))
        }
    }
}

/// True when `name` is a built-in type without modifier in its canonical spelling: what
/// [`canonical_builtin`] returns for it is `name` itself.
pub fn is_canonical_builtin(name: &str) -> bool {
    canonical_base(name) == Some(name)
}

/// `varchar(32)` or `numeric(12,2)` written as most schemas write them (lower case, no
/// spaces): canonicalised without the normalising copies of the general path, which costs five
/// allocations a column. `None` sends any other spelling to the general path.
fn canonical_plain_modifier(name: &str) -> Option<String> {
    let (base, rest) = name.split_once('(')?;
    let args = rest.strip_suffix(')')?;
    let number = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let plain = match args.split_once(',') {
        Some((precision, scale)) => number(precision) && number(scale),
        None => number(args),
    };
    let canonical = canonical_base(base).filter(|c| plain && takes_modifier(c))?;
    Some(with_modifier(canonical, args))
}

/// A canonical type name with its (normalised) modifier.
fn with_modifier(canonical: &str, args: &str) -> String {
    match canonical {
        // PostgreSQL prints the precision inside: timestamp(3) with time zone.
        "timestamp without time zone" => format!("timestamp({args}) without time zone"),
        "timestamp with time zone" => format!("timestamp({args}) with time zone"),
        "time without time zone" => format!("time({args}) without time zone"),
        "time with time zone" => format!("time({args}) with time zone"),
        _ => format!("{canonical}({args})"),
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
        "macaddr8" => "macaddr8",
        "money" => "money",
        "xml" => "xml",
        "tsvector" => "tsvector",
        "tsquery" => "tsquery",
        "bit" => "bit",
        "varbit" | "bit varying" => "bit varying",
        "point" => "point",
        "line" => "line",
        "lseg" => "lseg",
        "box" => "box",
        "path" => "path",
        "polygon" => "polygon",
        "circle" => "circle",
        "int4range" => "int4range",
        "int8range" => "int8range",
        "numrange" => "numrange",
        "tsrange" => "tsrange",
        "tstzrange" => "tstzrange",
        "daterange" => "daterange",
        "int4multirange" => "int4multirange",
        "int8multirange" => "int8multirange",
        "nummultirange" => "nummultirange",
        "tsmultirange" => "tsmultirange",
        "tstzmultirange" => "tstzmultirange",
        "datemultirange" => "datemultirange",
        "oid" => "oid",
        "regclass" => "regclass",
        "regproc" => "regproc",
        "regtype" => "regtype",
        "name" => "name",
        "pg_lsn" => "pg_lsn",
        "pg_snapshot" => "pg_snapshot",
        "txid_snapshot" => "txid_snapshot",
        "\"char\"" => "\"char\"",
        _ => return None,
    })
}

/// True for the types that accept a `(n)` or `(p,s)` modifier.
fn takes_modifier(canonical: &str) -> bool {
    matches!(
        canonical,
        "character varying"
            | "character"
            | "bit"
            | "bit varying"
            | "interval"
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

/// Why a type name was refused, at a byte offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    pub offset: usize,
    pub message: String,
}

impl TypeError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        TypeError {
            offset,
            message: message.into(),
        }
    }
}

/// Canonicalises a column type. `user_types` are the schema's own types (enums, domains,
/// composites) in their display form (`user_status`, `audit.kind`).
///
/// A type is never raw SQL: it is read by a grammar of type names (an optionally
/// schema-qualified name, PostgreSQL's multi-word built-ins, modifiers such as `(10,2)`,
/// `[]`), and anything else is an error, as is a name one typo away from a built-in
/// (`interger`) or a common name from another database (`string`, `datetime`). A well-formed
/// name strata does not know (a domain or extension type) comes back as
/// [`TypeKind::Unknown`] in PostgreSQL's own spelling (lower case unless quoted).
pub fn canonicalize(name: &str, user_types: &[String]) -> Result<(String, TypeKind), TypeError> {
    let (base, dims) = split_array(name);
    let with_dims = |mut canonical: String| {
        for _ in 0..dims {
            canonical.push_str("[]");
        }
        canonical
    };
    if let Some(user_type) = user_types.iter().find(|e| e.as_str() == base) {
        return Ok((with_dims(user_type.clone()), TypeKind::Enum));
    }
    if let Some(canonical) = canonical_builtin(base) {
        return Ok((with_dims(canonical), TypeKind::Builtin));
    }
    let parsed = parse_type_name(name)?;
    if let Some(canonical) = parsed.builtin {
        return Ok((with_dims_n(canonical, parsed.dims), TypeKind::Builtin));
    }
    if let Some(suggestion) = near_miss(&parsed, user_types) {
        return Err(TypeError::at(
            0,
            format!(
                "unknown type `{}`; did you mean `{suggestion}`?",
                name.trim()
            ),
        ));
    }
    Ok((
        with_dims_n(parsed.canonical, parsed.dims),
        TypeKind::Unknown,
    ))
}

fn with_dims_n(mut canonical: String, dims: usize) -> String {
    for _ in 0..dims {
        canonical.push_str("[]");
    }
    canonical
}

/// A type name read by [`parse_type_name`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct ParsedType {
    /// The canonical spelling when it is a built-in strata knows.
    builtin: Option<String>,
    /// PostgreSQL's spelling of the name with its modifiers, without the `[]`s.
    canonical: String,
    /// The unqualified name in lower case, when it has no schema and no modifier (for
    /// suggestions).
    bare: Option<String>,
    dims: usize,
}

/// Reads `name [ ( modifier, ... ) ] [ with[out] time zone ] [ [] ... ]` where `name` is one
/// or two dot-separated identifiers, or words of a multi-word built-in.
fn parse_type_name(text: &str) -> Result<ParsedType, TypeError> {
    use crate::sql::lex::{Backslashes, TokenKind, tokenize};
    let tokens =
        tokenize(text, Backslashes::Literal).map_err(|e| TypeError::at(e.offset, e.message))?;
    let punct = |i: usize, c: &str| {
        tokens.get(i).is_some_and(|t| {
            matches!(t.kind, TokenKind::Punct | TokenKind::Operator) && t.text(text) == c
        })
    };
    let mut end = tokens.len();
    let mut dims = 0;
    while end >= 2 && punct(end - 1, "]") {
        let open = if punct(end - 2, "[") {
            end - 2
        } else if end >= 3 && punct(end - 3, "[") && tokens[end - 2].kind == TokenKind::Number {
            end - 3
        } else {
            break;
        };
        dims += 1;
        end = open;
    }
    let tokens = &tokens[..end];
    if tokens.is_empty() {
        return Err(TypeError::at(0, "the type is empty"));
    }
    let malformed = |offset: usize| {
        TypeError::at(
            offset,
            "not a type name: expected a name such as `text`, `numeric(10,2)`, `audit.kind` or \
             `timestamp with time zone`, optionally followed by `[]`",
        )
    };
    // Words and dots before the modifier, the modifier, words after it.
    let open = tokens
        .iter()
        .position(|t| t.kind == TokenKind::Punct && t.text(text) == "(");
    let (head, modifier, tail) = match open {
        None => (tokens, None, &tokens[tokens.len()..]),
        Some(open) => {
            let close = tokens[open..]
                .iter()
                .position(|t| t.kind == TokenKind::Punct && t.text(text) == ")")
                .map(|i| open + i)
                .ok_or_else(|| malformed(tokens[open].start))?;
            (
                &tokens[..open],
                Some(&tokens[open + 1..close]),
                &tokens[close + 1..],
            )
        }
    };
    let modifier = match modifier {
        None => None,
        Some(items) => Some(
            modifier_text(items, text)
                .ok_or_else(|| malformed(items.first().map_or(0, |t| t.start)))?,
        ),
    };
    if let Some(bad) = tail.iter().find(|t| t.kind != TokenKind::Word) {
        return Err(malformed(bad.start));
    }
    let words_only = head.iter().all(|t| t.kind == TokenKind::Word);
    if words_only && !head.is_empty() {
        let mut spelled = head
            .iter()
            .map(|t| t.text(text).to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(m) = &modifier {
            spelled.push_str(&format!("({m})"));
        }
        for word in tail {
            spelled.push(' ');
            spelled.push_str(&word.text(text).to_ascii_lowercase());
        }
        if let Some(builtin) = canonical_builtin(&spelled) {
            return Ok(ParsedType {
                builtin: Some(builtin),
                canonical: String::new(),
                bare: None,
                dims,
            });
        }
    }
    if !tail.is_empty() {
        return Err(malformed(tail[0].start));
    }
    let parts = qualified_parts(head, text)
        .ok_or_else(|| malformed(head.first().map_or(0, |t| t.start)))?;
    let mut canonical = parts
        .iter()
        .map(|p| crate::sql::quote::ident_if_needed(p))
        .collect::<Vec<_>>()
        .join(".");
    let bare = (parts.len() == 1 && modifier.is_none()).then(|| parts[0].to_lowercase());
    if let Some(m) = modifier {
        canonical.push_str(&format!("({m})"));
    }
    Ok(ParsedType {
        builtin: None,
        canonical,
        bare,
        dims,
    })
}

/// `name` or `schema.name` from words and quoted identifiers (words folded to lower case).
fn qualified_parts(tokens: &[crate::sql::lex::Token], text: &str) -> Option<Vec<String>> {
    use crate::sql::lex::{TokenKind, identifier};
    let mut parts = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let is_name = matches!(token.kind, TokenKind::Word | TokenKind::QuotedIdent);
        if i % 2 == 0 {
            if !is_name {
                return None;
            }
            parts.push(identifier(token, text)?);
        } else if !(token.kind == TokenKind::Punct && token.text(text) == ".") {
            return None;
        }
    }
    (tokens.len() % 2 == 1 && parts.len() <= 2).then_some(parts)
}

/// A modifier's items (`10, 2`, `Point,4326`, `-2`) joined by commas; `None` when an item
/// is not a number or a word.
fn modifier_text(tokens: &[crate::sql::lex::Token], text: &str) -> Option<String> {
    use crate::sql::lex::TokenKind;
    let mut items = Vec::new();
    let mut current = String::new();
    for token in tokens {
        let t = token.text(text);
        match token.kind {
            TokenKind::Punct if t == "," => items.push(std::mem::take(&mut current)),
            TokenKind::Operator if t == "-" && current.is_empty() => current.push('-'),
            TokenKind::Number | TokenKind::Word | TokenKind::QuotedIdent
                if current.is_empty() || current == "-" =>
            {
                current.push_str(t)
            }
            _ => return None,
        }
    }
    items.push(current);
    (!items.iter().any(|i| i.is_empty() || i == "-")).then(|| items.join(","))
}

/// Names users write for types that PostgreSQL spells otherwise.
const FOREIGN_NAMES: &[(&str, &str)] = &[
    ("string", "text"),
    ("str", "text"),
    ("clob", "text"),
    ("datetime", "timestamp (or timestamptz)"),
    ("datetime2", "timestamp (or timestamptz)"),
    ("int64", "bigint"),
    ("int32", "integer"),
    ("int16", "smallint"),
    ("long", "bigint"),
    ("tinyint", "smallint"),
    ("mediumint", "integer"),
    ("double", "double precision"),
    ("float64", "double precision"),
    ("float32", "real"),
    ("blob", "bytea"),
    ("binary", "bytea"),
    ("varchar2", "varchar"),
    ("nvarchar", "varchar"),
    ("number", "numeric"),
    ("boolean_", "boolean"),
    ("guid", "uuid"),
];

/// Built-in spellings a typo is measured against.
const BUILTIN_SPELLINGS: &[&str] = &[
    "integer",
    "bigint",
    "smallint",
    "boolean",
    "text",
    "uuid",
    "json",
    "jsonb",
    "bytea",
    "date",
    "interval",
    "inet",
    "cidr",
    "macaddr",
    "real",
    "numeric",
    "decimal",
    "varchar",
    "character",
    "timestamp",
    "timestamptz",
    "time",
    "timetz",
    "float4",
    "float8",
    "int2",
    "int4",
    "int8",
    "tsvector",
    "tsquery",
    "money",
    "xml",
];

/// The type a name was probably meant to be: a foreign spelling, or one typo away from a
/// built-in or one of the schema's own types.
fn near_miss(parsed: &ParsedType, user_types: &[String]) -> Option<String> {
    let bare = parsed.bare.as_deref()?;
    if let Some((_, meant)) = FOREIGN_NAMES.iter().find(|(name, _)| *name == bare) {
        return Some(meant.to_string());
    }
    // One edit for short names, two for longer ones: `citext` is two edits from `text`
    // and is a real extension type.
    let allowed = if bare.chars().count() <= 6 { 1 } else { 2 };
    BUILTIN_SPELLINGS
        .iter()
        .map(|b| b.to_string())
        .chain(user_types.iter().cloned())
        .map(|candidate| {
            (
                crate::schema::parse::edit_distance(bare, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(d, _)| (1..=allowed).contains(d))
        .min()
        .map(|(_, candidate)| candidate)
}

/// The integer type behind `serial`, `bigserial`, `smallserial` and their aliases.
pub fn serial_type(name: &str) -> Option<&'static str> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "serial" | "serial4" => "integer",
        "bigserial" | "serial8" => "bigint",
        "smallserial" | "serial2" => "smallint",
        _ => return None,
    })
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
    fn the_plain_modifier_shortcut_agrees_with_the_general_path() {
        let bases = [
            "varchar",
            "character varying",
            "char",
            "bpchar",
            "numeric",
            "decimal",
        ];
        let more = [
            "bit",
            "varbit",
            "interval",
            "timestamp",
            "timestamptz",
            "time",
            "timetz",
        ];
        let not_modifiable = ["integer", "text", "uuid", "citext", "vector", ""];
        let args = [
            "1", "32", "12,2", "0,0", "", "x", "1,", ",2", "1,2,3", " 3", "3 ",
        ];
        let mut shortcuts = 0;
        for base in bases.iter().chain(&more).chain(&not_modifiable) {
            for arg in args {
                let name = format!("{base}({arg})");
                if let Some(fast) = canonical_plain_modifier(&name) {
                    shortcuts += 1;
                    assert_eq!(Some(fast), canonical_normalised(&name), "{name}");
                }
                assert_eq!(
                    canonical_builtin(&name),
                    canonical_normalised(&name),
                    "{name}"
                );
            }
        }
        // The shortcut is taken for every modifiable base with plain numbers.
        assert_eq!(shortcuts, (bases.len() + more.len()) * 4);
    }

    #[test]
    fn canonical_names_are_known_as_such() {
        for name in [
            "text",
            "bigint",
            "timestamp with time zone",
            "double precision",
        ] {
            assert!(is_canonical_builtin(name), "{name}");
            assert_eq!(canonical_builtin(name).as_deref(), Some(name));
        }
        for name in [
            "int",
            "timestamptz",
            "character varying(3)",
            "text[]",
            "citext",
            "",
        ] {
            assert!(!is_canonical_builtin(name), "{name}");
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
        let ok = |t: &str| canonicalize(t, &enums).unwrap();
        assert_eq!(ok("int[]"), ("integer[]".to_string(), TypeKind::Builtin));
        assert_eq!(ok("mood[]"), ("mood[]".to_string(), TypeKind::Enum));
        assert_eq!(ok("audit.kind"), ("audit.kind".to_string(), TypeKind::Enum));
        assert_eq!(ok("citext"), ("citext".to_string(), TypeKind::Unknown));
        assert_eq!(split_array("text[][]"), ("text", 2));
    }

    #[test]
    fn well_formed_unknown_names_in_postgres_spelling() {
        let ok = |t: &str| canonicalize(t, &[]).unwrap();
        assert_eq!(ok("CITEXT"), ("citext".to_string(), TypeKind::Unknown));
        assert_eq!(
            ok("ext.citext[]"),
            ("ext.citext[]".to_string(), TypeKind::Unknown)
        );
        assert_eq!(
            ok("vector( 3 )"),
            ("vector(3)".to_string(), TypeKind::Unknown)
        );
        assert_eq!(
            ok("geometry(Point, 4326)"),
            ("geometry(Point,4326)".to_string(), TypeKind::Unknown)
        );
        assert_eq!(
            ok("\"My Type\""),
            ("\"My Type\"".to_string(), TypeKind::Unknown)
        );
        assert_eq!(
            ok("numeric(5, -2)"),
            ("numeric(5,-2)".to_string(), TypeKind::Unknown)
        );
        assert_eq!(
            ok("integer[3]"),
            ("integer[]".to_string(), TypeKind::Builtin)
        );
        assert_eq!(
            ok("TIMESTAMP (3) WITH TIME ZONE"),
            ("timestamp(3) with time zone".to_string(), TypeKind::Builtin)
        );
    }

    #[test]
    fn anything_but_a_type_name_is_refused() {
        for bad in [
            "integer); CREATE ROLE x; CREATE TABLE zz (id int",
            "int; drop table t",
            "text -- comment",
            "a.b.c",
            "varchar(10",
            "double precisio",
            "text DEFAULT 1",
            "(text)",
            "",
        ] {
            assert!(canonicalize(bad, &[]).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn typos_and_foreign_names_get_a_suggestion() {
        let enums = vec!["user_status".to_string()];
        let message = |t: &str| canonicalize(t, &enums).unwrap_err().message;
        assert!(
            message("interger").contains("`integer`"),
            "{}",
            message("interger")
        );
        assert!(message("string").contains("`text`"));
        assert!(message("datetime").contains("timestamp"));
        assert!(message("user_stauts").contains("`user_status`"));
        // Real extension types close to a built-in stay accepted (with a warning upstream).
        for real in [
            "citext", "hstore", "ltree", "lquery", "vector", "geometry", "box2d",
        ] {
            assert!(canonicalize(real, &enums).is_ok(), "{real}");
        }
    }

    #[test]
    fn serial_is_recognised() {
        assert_eq!(serial_type("BIGSERIAL"), Some("bigint"));
        assert_eq!(serial_type("serial4"), Some("integer"));
        assert_eq!(serial_type("bigint"), None);
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
