//! Reading `[table.NAME.triggers]`, `[table.NAME.policies]`, `row_level_security` and the
//! `grants` key of tables, columns, sequences and schemas.

use super::{FileReader, Item, Loc, Located, Reporter, Table, entries};
use toml::de::DeValue;

/// A trigger as written.
#[derive(Debug, Clone)]
pub struct RawTrigger {
    pub name: String,
    pub at: Loc,
    pub timing: Option<Located<String>>,
    pub events: Vec<Located<String>>,
    pub update_of: Vec<Located<String>>,
    pub for_each: Option<Located<String>>,
    pub function: Option<Located<String>>,
    pub arguments: Vec<Located<String>>,
    pub when: Option<Located<String>>,
    pub old_table: Option<Located<String>>,
    pub new_table: Option<Located<String>>,
    pub enabled: Option<Located<String>>,
    pub comment: Option<String>,
}

/// A policy as written.
#[derive(Debug, Clone)]
pub struct RawPolicy {
    pub name: String,
    pub at: Loc,
    pub command: Option<Located<String>>,
    pub roles: Vec<Located<String>>,
    pub using: Option<Located<String>>,
    pub with_check: Option<Located<String>>,
    pub restrictive: bool,
    pub comment: Option<String>,
}

/// `row_level_security = true | false | "forced"` as written.
#[derive(Debug, Clone)]
pub enum RawRowLevelSecurity {
    Flag(bool),
    Text(String),
}

/// One grantee's privileges as written.
#[derive(Debug, Clone)]
pub struct RawGrant {
    pub grantee: Located<String>,
    pub privileges: Vec<Located<String>>,
}

const TRIGGER_KEYS: &[&str] = &[
    "timing",
    "events",
    "update_of",
    "for_each",
    "function",
    "arguments",
    "when",
    "referencing",
    "enabled",
    "comment",
];
const REFERENCING_KEYS: &[&str] = &["old_table", "new_table"];
const POLICY_KEYS: &[&str] = &[
    "command",
    "roles",
    "using",
    "with_check",
    "restrictive",
    "comment",
];

impl FileReader {
    /// An optional array of strings.
    fn strings(&self, t: &Table, key: &str, r: &mut Reporter) -> Vec<Located<String>> {
        match t.get(key) {
            Some(item) => self.string_list(item, self.item_loc(t, key), key, r),
            None => Vec::new(),
        }
    }

    pub(super) fn read_trigger(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawTrigger {
        self.check_keys(t, TRIGGER_KEYS, || format!("trigger `{name}`"), r);
        let (mut old_table, mut new_table) = (None, None);
        if let Some(item) = t.get("referencing") {
            match item.get_ref().as_table() {
                Some(referencing) => {
                    self.check_keys(
                        referencing,
                        REFERENCING_KEYS,
                        || format!("the referencing of trigger `{name}`"),
                        r,
                    );
                    old_table = self.string(referencing, "old_table", r);
                    new_table = self.string(referencing, "new_table", r);
                }
                None => r.error(
                    self.item_loc(t, "referencing"),
                    "`referencing` must be a table: { old_table = \"..\", new_table = \"..\" }",
                ),
            }
        }
        let trigger = RawTrigger {
            name: name.to_string(),
            at,
            timing: self.string(t, "timing", r),
            events: self.strings(t, "events", r),
            update_of: self.strings(t, "update_of", r),
            for_each: self.string(t, "for_each", r),
            function: self.string(t, "function", r),
            arguments: self.strings(t, "arguments", r),
            when: self.string(t, "when", r),
            old_table,
            new_table,
            enabled: self.string(t, "enabled", r),
            comment: self.string(t, "comment", r).map(|c| c.value),
        };
        for (key, missing) in [
            (
                "timing",
                trigger.timing.is_none() && t.get("timing").is_none(),
            ),
            ("events", t.get("events").is_none()),
            (
                "function",
                trigger.function.is_none() && t.get("function").is_none(),
            ),
        ] {
            if missing {
                r.error(at, format!("trigger `{name}` needs `{key}`"));
            }
        }
        trigger
    }

    pub(super) fn read_policy(
        &self,
        name: &str,
        t: &Table,
        at: Loc,
        r: &mut Reporter,
    ) -> RawPolicy {
        self.check_keys(t, POLICY_KEYS, || format!("policy `{name}`"), r);
        RawPolicy {
            name: name.to_string(),
            at,
            command: self.string(t, "command", r),
            roles: self.strings(t, "roles", r),
            using: self.string(t, "using", r),
            with_check: self.string(t, "with_check", r),
            restrictive: self.boolean(t, "restrictive", r),
            comment: self.string(t, "comment", r).map(|c| c.value),
        }
    }

    /// `row_level_security = true | false | "forced"`.
    pub(super) fn read_row_level_security(
        &self,
        t: &Table,
        r: &mut Reporter,
    ) -> Option<Located<RawRowLevelSecurity>> {
        let item = t.get("row_level_security")?;
        let at = self.item_loc(t, "row_level_security");
        let value = match item.get_ref() {
            DeValue::Boolean(b) => RawRowLevelSecurity::Flag(*b),
            DeValue::String(s) => RawRowLevelSecurity::Text(s.to_string()),
            _ => {
                r.error(at, "`row_level_security` must be true, false or \"forced\"");
                return None;
            }
        };
        Some(Located { value, at })
    }

    /// `grants = { role = ["SELECT", ..], PUBLIC = [..] }` under `key` of `t`.
    pub(super) fn read_grants(&self, t: &Table, r: &mut Reporter) -> Vec<RawGrant> {
        match t.get("grants") {
            Some(item) => self.grants_item(item, self.item_loc(t, "grants"), r),
            None => Vec::new(),
        }
    }

    /// A `grants` value written at `at`.
    pub(super) fn grants_item(&self, item: &Item, at: Loc, r: &mut Reporter) -> Vec<RawGrant> {
        let Some(map) = item.get_ref().as_table() else {
            r.error(
                at,
                "`grants` must be a table of role = [privileges], such as { app = [\"SELECT\"] }",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (grantee, value) in entries(map) {
            let grantee_at = self.key_loc(map, grantee);
            let value_at = self.loc(Some(value.span()));
            let privileges = match value.get_ref().as_table() {
                // `{ privileges = [..], with_grant_option = true }`
                Some(t) => {
                    self.check_keys(
                        t,
                        &["privileges", "with_grant_option"],
                        || format!("the grants to `{grantee}`"),
                        r,
                    );
                    let option = self.boolean(t, "with_grant_option", r);
                    let mut list = self.strings(t, "privileges", r);
                    if option {
                        for p in &mut list {
                            p.value.push_str(crate::schema::model::GRANT_OPTION);
                        }
                    }
                    list
                }
                None => self.string_list(value, value_at, grantee, r),
            };
            out.push(RawGrant {
                grantee: Located {
                    value: grantee.to_string(),
                    at: grantee_at,
                },
                privileges,
            });
        }
        out
    }
}
