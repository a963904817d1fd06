//! `grants`: grantees are names (or `PUBLIC`), privileges are keywords the object's kind
//! accepts (`ALL` expands to them).

use super::names::check_name;
use crate::schema::model::{GRANT_OPTION, GrantKind, Grants, PUBLIC, grantee};
use crate::schema::parse::{RawGrant, Reporter};

/// The canonical grants of what is written, reporting unknown privileges and bad role names.
pub(super) fn build_grants(kind: GrantKind, raw: &[RawGrant], r: &mut Reporter) -> Grants {
    let mut grants = Grants::new();
    for written in raw {
        check_name(r, written.grantee.at, "role", &written.grantee.value);
        let privileges: Vec<String> = written.privileges.iter().map(|p| p.value.clone()).collect();
        match kind.canonical(&privileges) {
            Ok(list) if list.is_empty() => {}
            Ok(list)
                if grantee(&written.grantee.value) == PUBLIC
                    && list.iter().any(|p| p.ends_with(GRANT_OPTION)) =>
            {
                r.error(
                    written.grantee.at,
                    "PUBLIC cannot hold a grant option (PostgreSQL grants options to roles only)",
                );
            }
            Ok(list) => {
                grants
                    .entry(grantee(&written.grantee.value))
                    .or_default()
                    .extend(list);
            }
            Err(bad) => {
                let at = written
                    .privileges
                    .iter()
                    .find(|p| p.value == bad)
                    .map_or(written.grantee.at, |p| p.at);
                r.error(
                    at,
                    format!(
                        "unknown privilege `{bad}` here (expected ALL or one of: {}, each \
                         optionally followed by WITH GRANT OPTION)",
                        known(kind)
                    ),
                );
            }
        }
    }
    for list in grants.values_mut() {
        // Merged from `PUBLIC` and `public`: canonical again.
        *list = kind.canonical(list).unwrap_or_default();
    }
    grants
}

fn known(kind: GrantKind) -> String {
    let mut list: Vec<&str> = kind.all().to_vec();
    if kind == GrantKind::Table {
        list.push("MAINTAIN");
    }
    list.join(", ")
}
