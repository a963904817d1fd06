//! Reading `[enum.NAME]` definitions.

use super::{FileReader, Loc, Located, Reporter, Table, entries};
use crate::schema::model::QualifiedName;

/// An enum as written.
#[derive(Debug, Clone)]
pub struct RawEnum {
    pub name: QualifiedName,
    pub at: Loc,
    pub values: Vec<Located<String>>,
    pub renamed_from: Option<Located<String>>,
    /// (new value, old value).
    pub renamed_values: Vec<Located<(String, String)>>,
    pub comment: Option<String>,
}

const ENUM_KEYS: &[&str] = &["values", "renamed_from", "renamed_values", "comment"];

impl FileReader {
    pub(super) fn read_enum(
        &self,
        name: &str,
        table: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> Option<RawEnum> {
        self.check_keys(table, ENUM_KEYS, || format!("enum `{name}`"), r);
        let values = match table.get("values") {
            Some(item) => {
                let values_at = self.item_loc(table, "values");
                self.string_list(item, values_at, "values", r)
            }
            None => {
                r.error(at, format!("enum `{name}` needs `values = [...]`"));
                return None;
            }
        };
        let mut renamed_values = Vec::new();
        if let Some(item) = table.get("renamed_values") {
            match item.get_ref().as_table() {
                Some(map) => {
                    for (new, old) in entries(map) {
                        let old_at = self.item_loc(map, new);
                        match old.get_ref().as_str() {
                            Some(old) => renamed_values.push(Located {
                                value: (new.to_string(), old.to_string()),
                                at: old_at,
                            }),
                            None => {
                                r.error(old_at, "a renamed value must be a string (the old value)")
                            }
                        }
                    }
                }
                None => r.error(
                    self.item_loc(table, "renamed_values"),
                    "`renamed_values` must be a table such as { NEW = \"OLD\" }",
                ),
            }
        }
        Some(RawEnum {
            name: QualifiedName::parse(name),
            at,
            values,
            renamed_from: self.string(table, "renamed_from", r),
            renamed_values,
            comment: self.string(table, "comment", r).map(|c| c.value),
        })
    }
}
