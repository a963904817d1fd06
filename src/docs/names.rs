//! How objects are named in the site: anchors (HTML ids) for tables and enums, and the short
//! spelling of type names used on pages and in diagrams.

use crate::schema::model::QualifiedName;
use std::fmt::Write as _;

/// The HTML id of a table's section: `t-posts`, `t-audit.logs`.
pub fn table_anchor(name: &QualifiedName) -> String {
    anchor("t-", name)
}

/// The HTML id of an enum's section: `e-user_status`.
pub fn enum_anchor(name: &QualifiedName) -> String {
    anchor("e-", name)
}

/// `prefix` + the name with every byte outside `[A-Za-z0-9_]` written as `-xx` (hex), and the
/// schema (when not `public`) before a dot. Ids are then unique, need no escaping in an
/// attribute or a URL fragment, and stay readable for ordinary names.
fn anchor(prefix: &str, name: &QualifiedName) -> String {
    let mut out = String::with_capacity(prefix.len() + name.name.len() + 8);
    out.push_str(prefix);
    if !name.is_public() {
        encode(&mut out, &name.schema);
        out.push('.');
    }
    encode(&mut out, &name.name);
    out
}

fn encode(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'_' {
            out.push(byte as char);
        } else {
            let _ = write!(out, "-{byte:02x}");
        }
    }
}

/// The short, familiar spelling of a canonical type: `varchar(20)` for `character varying(20)`,
/// `timestamptz` for `timestamp with time zone`. Arrays keep their `[]`; other names (enums,
/// extension types) are returned as they are.
pub fn short_type(canonical: &str) -> String {
    let (base, dims) = crate::schema::types::split_array(canonical);
    let short = if let Some(args) = base.strip_prefix("character varying") {
        format!("varchar{args}")
    } else if let Some(args) = base.strip_prefix("character(") {
        format!("char({args}")
    } else {
        match base {
            "timestamp with time zone" => "timestamptz".to_string(),
            "timestamp without time zone" => "timestamp".to_string(),
            "time with time zone" => "timetz".to_string(),
            "time without time zone" => "time".to_string(),
            other => other.to_string(),
        }
    };
    let mut out = short;
    for _ in 0..dims {
        out.push_str("[]");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_unique_and_safe() {
        assert_eq!(table_anchor(&QualifiedName::public("posts")), "t-posts");
        assert_eq!(
            table_anchor(&QualifiedName::new("audit", "logs")),
            "t-audit.logs"
        );
        assert_eq!(
            table_anchor(&QualifiedName::public("audit.logs")),
            "t-audit-2elogs"
        );
        assert_eq!(
            table_anchor(&QualifiedName::public("<a \"b\">")),
            "t--3ca-20-22b-22-3e"
        );
        assert_eq!(enum_anchor(&QualifiedName::public("é")), "e--c3-a9");
    }

    #[test]
    fn short_types() {
        assert_eq!(short_type("character varying(20)"), "varchar(20)");
        assert_eq!(short_type("character varying"), "varchar");
        assert_eq!(short_type("character(2)[]"), "char(2)[]");
        assert_eq!(short_type("timestamp with time zone[]"), "timestamptz[]");
        assert_eq!(short_type("timestamp without time zone"), "timestamp");
        assert_eq!(short_type("user_status"), "user_status");
        assert_eq!(short_type("numeric(12,2)"), "numeric(12,2)");
    }
}
