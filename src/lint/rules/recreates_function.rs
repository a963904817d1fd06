//! `recreates-function`: a function whose argument list or return type changes (or an
//! aggregate whose state type or final function does) cannot be replaced in place: it is
//! dropped and created again, and PostgreSQL refuses the drop while column defaults, checks,
//! indexes, triggers or views use it.

use crate::diff::Change;
use crate::lint::{Hazard, HazardKind};

pub fn check(change: &Change) -> Option<Hazard> {
    let (what, signature) = match change {
        Change::RecreateFunction { from, .. } => (
            if from.procedure {
                "procedure"
            } else {
                "function"
            },
            from.signature(),
        ),
        Change::RecreateAggregate { from, .. } => ("aggregate", from.signature()),
        _ => return None,
    };
    Some(Hazard {
        kind: HazardKind::RecreatesFunction,
        message: format!(
            "{what} {signature} is dropped and created again (its arguments or result change, \
             which CREATE OR REPLACE cannot do): the drop fails while column defaults, checks, \
             indexes, triggers or views use it, and those must then be dropped before and \
             created again after; callers of the old signature stop working"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::{Function, QualifiedName};

    #[test]
    fn a_recreated_function_is_a_hazard() {
        let from = Function {
            name: QualifiedName::public("f"),
            procedure: false,
            arguments: vec!["a integer".into()],
            returns: Some("integer".into()),
            language: "sql".into(),
            volatility: Default::default(),
            strict: false,
            security_definer: false,
            parallel: Default::default(),
            leakproof: false,
            cost: None,
            rows: None,
            set: Default::default(),
            body: "SELECT a".into(),
            comment: None,
            grants: None,
        };
        let mut to = from.clone();
        to.returns = Some("bigint".into());
        let hazard = check(&Change::RecreateFunction { from, to }).unwrap();
        assert_eq!(hazard.kind.name(), "recreates-function");
        assert!(hazard.message.contains("function f(integer)"));
    }
}
