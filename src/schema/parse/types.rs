//! Reading `[domain.NAME]` and `[composite.NAME]`.

use super::constraint::RawCheck;
use super::{FileReader, Loc, Located, Reporter, Table, entries};
use crate::schema::model::{Literal, QualifiedName};

/// A domain as written.
#[derive(Debug, Clone)]
pub struct RawDomain {
    pub name: QualifiedName,
    pub at: Loc,
    pub data_type: Option<Located<String>>,
    pub not_null: bool,
    pub default: Option<Located<Literal>>,
    pub default_sql: Option<Located<String>>,
    pub collation: Option<Located<String>>,
    pub checks: Vec<RawCheck>,
    pub comment: Option<String>,
}

/// A composite type as written; attributes in file order.
#[derive(Debug, Clone)]
pub struct RawComposite {
    pub name: QualifiedName,
    pub at: Loc,
    pub attributes: Vec<RawAttribute>,
    pub comment: Option<String>,
}

/// An attribute: `name = "type"` or `name = { type = "..", collation = ".." }`.
#[derive(Debug, Clone)]
pub struct RawAttribute {
    pub name: String,
    pub at: Loc,
    pub data_type: Option<Located<String>>,
    pub collation: Option<Located<String>>,
}

const DOMAIN_KEYS: &[&str] = &[
    "type",
    "not_null",
    "default",
    "default_sql",
    "collation",
    "checks",
    "comment",
];
const COMPOSITE_KEYS: &[&str] = &["attributes", "comment"];

impl FileReader {
    pub(super) fn read_domain(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawDomain {
        self.check_keys(t, DOMAIN_KEYS, || format!("domain `{name}`"), r);
        let data_type = self.string(t, "type", r);
        if data_type.is_none() && t.get("type").is_none() {
            r.error(at, format!("domain `{name}` needs a `type`"));
        }
        let mut domain = RawDomain {
            name: QualifiedName::parse(name),
            at,
            data_type,
            not_null: self.boolean(t, "not_null", r),
            default: t.get("default").and_then(|item| {
                let value_at = self.item_loc(t, "default");
                self.literal(item, value_at, r).map(|value| Located {
                    value,
                    at: value_at,
                })
            }),
            default_sql: self.string(t, "default_sql", r),
            collation: self.string(t, "collation", r),
            checks: Vec::new(),
            comment: self.string(t, "comment", r).map(|c| c.value),
        };
        self.read_named_values(t, "checks", r, |check, item, at, r| {
            if let Some(check) = self.read_check(check, item, at, r) {
                domain.checks.push(check);
            }
        });
        domain
    }

    pub(super) fn read_composite(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawComposite {
        self.check_keys(t, COMPOSITE_KEYS, || format!("type `{name}`"), r);
        let mut attributes = Vec::new();
        match t.get("attributes").map(|item| item.get_ref().as_table()) {
            Some(Some(map)) => {
                for (attribute, item) in entries(map) {
                    let at = self.key_loc(map, attribute);
                    let value_at = self.loc(Some(item.span()));
                    let (data_type, collation) = match item.get_ref().as_table() {
                        Some(inner) => {
                            self.check_keys(
                                inner,
                                &["type", "collation"],
                                || format!("attribute `{attribute}`"),
                                r,
                            );
                            (
                                self.string(inner, "type", r),
                                self.string(inner, "collation", r),
                            )
                        }
                        None => (self.string_item("type", item, value_at, r), None),
                    };
                    attributes.push(RawAttribute {
                        name: attribute.to_string(),
                        at,
                        data_type,
                        collation,
                    });
                }
            }
            Some(None) => r.error(
                self.item_loc(t, "attributes"),
                "`attributes` must be a table such as { street = \"text\", zip = \"varchar(10)\" }",
            ),
            None => r.error(at, format!("type `{name}` needs `attributes = {{ .. }}`")),
        }
        RawComposite {
            name: QualifiedName::parse(name),
            at,
            attributes,
            comment: self.string(t, "comment", r).map(|c| c.value),
        }
    }
}
