//! Views and materialized views: created after what they read and dropped before it, in
//! dependency order (`model::dependency_order`); replaced in place (`CREATE OR REPLACE`) when
//! the new query keeps the old columns; otherwise, and whenever a column they read is retyped,
//! renamed or dropped, dropped before the change and created again after it, with every view
//! that reads them.

use super::order::{Phase, Phases};
use crate::diff::Change;
use crate::diff::change::CommentTarget;
use crate::schema::RenameHints;
use crate::schema::model::{QualifiedName, Schema, View, dependency_order};
use crate::sql::refs::Mentions;
use crate::sql::view_columns::{SelectItem, select_list};

/// True when `CREATE OR REPLACE VIEW` turns `from` into `to`: plain views whose output
/// columns can both be read off their select lists, the old ones kept (same names, same
/// entries, so the same types) and new ones only appended.
pub fn view_replaceable(from: &View, to: &View) -> bool {
    if from.materialized || to.materialized {
        return false;
    }
    let (Some(old), Some(new)) = (output(from), output(to)) else {
        return false;
    };
    new.len() >= old.len() && old.iter().zip(&new).all(|(a, b)| a == b)
}

/// A view's output columns: its select list, renamed by its declared columns.
fn output(view: &View) -> Option<Vec<SelectItem>> {
    let mut items = select_list(&view.query)?;
    if view.columns.len() > items.len() {
        return None;
    }
    for (item, name) in items.iter_mut().zip(&view.columns) {
        item.name = name.clone();
    }
    Some(items)
}

/// Columns a migration changes under the views that read them.
struct Touch {
    /// The table, under its old and new names.
    tables: Vec<QualifiedName>,
    /// The columns, under their old and new names; empty for every column (a rebuilt table).
    columns: Vec<String>,
    /// A column added: only a `SELECT *` view (whose columns were fixed when it was created,
    /// while the server's spelling of the same query now lists the new one) is concerned.
    added: bool,
}

impl Touch {
    fn hits(&self, mentions: &Mentions, star: bool) -> bool {
        self.tables.iter().any(|t| mentions.object(t))
            && if self.added {
                star
            } else {
                self.columns.is_empty() || star || self.columns.iter().any(|c| mentions.word(c))
            }
    }
}

/// True when the query selects `*` or `t.*` (which reads every column), as opposed to a `*`
/// in `count(*)` or a product.
fn selects_star(query: &str) -> bool {
    use crate::sql::lex::{self, Backslashes, TokenKind};
    let Ok(tokens) = lex::tokenize(query, Backslashes::Literal) else {
        return true;
    };
    let tokens: Vec<_> = tokens
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect();
    tokens.iter().enumerate().any(|(i, t)| {
        t.text(query) == "*"
            && i > 0
            && matches!(
                tokens[i - 1].text(query).to_lowercase().as_str(),
                "select" | "distinct" | "all" | "," | "."
            )
    })
}

/// What the table, type and enum passes change under the views.
fn touches(to: &Schema, phases: &Phases) -> Vec<Touch> {
    let renamed: Vec<(QualifiedName, QualifiedName)> = phases
        .changes()
        .filter_map(|c| match c {
            Change::RenameTable { from, to } => Some((from.clone(), to.clone())),
            _ => None,
        })
        .collect();
    let names = |table: &QualifiedName| {
        let mut out = vec![table.clone()];
        out.extend(
            renamed
                .iter()
                .filter(|(_, new)| new == table)
                .map(|(old, _)| old.clone()),
        );
        out
    };
    let touch = |table: &QualifiedName, columns: Vec<String>| Touch {
        tables: names(table),
        columns,
        added: false,
    };
    let mut out = Vec::new();
    for change in phases.changes() {
        match change {
            Change::AlterColumn { table, from, to }
                if from.data_type != to.data_type
                    || from.collation != to.collation
                    || from.generated != to.generated =>
            {
                out.push(touch(table, vec![to.name.clone()]))
            }
            Change::DropColumn { table, column } => {
                out.push(touch(table, vec![column.name.clone()]))
            }
            Change::AddColumn { table, column } => out.push(Touch {
                added: true,
                ..touch(table, vec![column.name.clone()])
            }),
            Change::RenameColumn { table, from, to } => {
                out.push(touch(table, vec![from.clone(), to.clone()]))
            }
            Change::RecreateEnum { usages, .. }
            | Change::AddEnumValue { usages, .. }
            | Change::RecreateDomain { usages, .. }
            | Change::RecreateComposite { usages, .. } => {
                for usage in usages {
                    out.push(touch(&usage.table, vec![usage.column.clone()]));
                }
            }
            Change::DropTable { table } if to.table(&table.name).is_some() => {
                out.push(touch(&table.name, Vec::new()))
            }
            // A function dropped and created again (or dropped) takes the views calling it
            // with it: they are recreated around it (`names` of a function: its own).
            Change::RecreateFunction { from, .. } | Change::DropFunction { function: from } => {
                out.push(touch(&from.name, Vec::new()))
            }
            Change::RecreateAggregate { from, .. } | Change::DropAggregate { aggregate: from } => {
                out.push(touch(&from.name, Vec::new()))
            }
            _ => {}
        }
    }
    out
}

/// How a view that is in both models changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    Keep,
    Replace,
    Recreate,
}

/// A view of the new model and its old version, if any (under its old name).
struct Pair<'a> {
    old: Option<View>,
    new: &'a View,
    plan: Plan,
}

impl Pair<'_> {
    /// The old version under the new name (what a rename in place leaves).
    fn old_renamed(&self) -> Option<View> {
        self.old.clone().map(|mut old| {
            old.name = self.new.name.clone();
            old
        })
    }
}

/// (old, new) spellings of every name the migration renames: tables (name and schema),
/// columns and views. A view whose query differs only by these reads the same objects.
fn renamed_words(phases: &Phases, pairs: &[Pair]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for change in phases.changes() {
        match change {
            Change::RenameTable { from, to } => {
                out.push((from.name.clone(), to.name.clone()));
                out.push((from.schema.clone(), to.schema.clone()));
            }
            Change::RenameColumn { from, to, .. } => out.push((from.clone(), to.clone())),
            _ => {}
        }
    }
    for pair in pairs {
        if let Some(old) = &pair.old
            && old.name != pair.new.name
        {
            out.push((old.name.name.clone(), pair.new.name.name.clone()));
            out.push((old.name.schema.clone(), pair.new.name.schema.clone()));
        }
    }
    out.retain(|(a, b)| a != b);
    out
}

/// True when the two queries are the same tokens but for names the migration renames
/// (PostgreSQL's views follow a renamed table or column: nothing to do).
fn same_but_renamed(old: &str, new: &str, renamed: &[(String, String)]) -> bool {
    use crate::sql::lex::{self, Backslashes, TokenKind};
    let tokens = |text: &str| {
        lex::tokenize(text, Backslashes::Literal).map(|tokens| {
            tokens
                .into_iter()
                .filter(|t| t.kind != TokenKind::Comment)
                .collect::<Vec<_>>()
        })
    };
    let (Ok(a), Ok(b)) = (tokens(old), tokens(new)) else {
        return false;
    };
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            x.text(old) == y.text(new)
                || match (lex::identifier(x, old), lex::identifier(y, new)) {
                    (Some(p), Some(q)) => p == q || renamed.contains(&(p, q)),
                    _ => false,
                }
        })
}

pub(super) fn diff_views(from: &Schema, to: &Schema, hints: &RenameHints, phases: &mut Phases) {
    if from.views.is_empty() && to.views.is_empty() {
        return;
    }
    let mut pairs: Vec<Pair> = Vec::new();
    for view in &to.views {
        let old = from.view(&view.name).or_else(|| {
            hints
                .views
                .get(&view.name)
                .filter(|old| to.view(old).is_none())
                .and_then(|old| from.view(old))
                .filter(|old| old.materialized == view.materialized)
        });
        pairs.push(Pair {
            old: old.cloned(),
            new: view,
            plan: Plan::Keep,
        });
    }
    let dropped: Vec<&View> = from
        .views
        .iter()
        .filter(|v| {
            !pairs
                .iter()
                .any(|p| p.old.as_ref().is_some_and(|o| o.name == v.name))
        })
        .collect();
    let touches = touches(to, phases);
    let renamed = renamed_words(phases, &pairs);
    for pair in &mut pairs {
        let Some(old) = &pair.old else { continue };
        let new = pair.new;
        let mentions = old.mentions();
        let star = selects_star(&old.query);
        // `no_data` only says how a materialized view is created: no change on its own.
        let same_definition = old.columns == new.columns
            && old.options == new.options
            && (old.query == new.query || same_but_renamed(&old.query, &new.query, &renamed));
        pair.plan = if old.materialized != new.materialized
            || touches.iter().any(|t| t.hits(&mentions, star))
        {
            Plan::Recreate
        } else if same_definition {
            Plan::Keep
        } else if view_replaceable(old, new) && !renamed.iter().any(|(w, _)| mentions.word(w)) {
            Plan::Replace
        } else {
            Plan::Recreate
        };
    }
    close_over_dependents(&mut pairs, &dropped);
    for pair in &pairs {
        if let Some(old) = &pair.old
            && old.name != pair.new.name
            && pair.plan != Plan::Recreate
        {
            phases.push(
                Phase::Renames,
                Change::RenameView {
                    from: old.name.clone(),
                    to: pair.new.name.clone(),
                    materialized: old.materialized,
                },
            );
        }
    }
    // A view recreated in a migration that renames what it reads is dropped before the
    // renames: the down migration then creates its old text after renaming back.
    let phase = if renamed.is_empty() {
        Phase::DropViews
    } else {
        Phase::DropViewsBeforeRenames
    };
    let concurrently = |view: &QualifiedName, index: &str| {
        hints
            .concurrent_indexes
            .contains(&(view.clone(), index.to_string()))
    };
    emit_grants(&pairs, &dropped, phase, phases);
    emit_drops(&pairs, &dropped, phase, &concurrently, phases);
    emit_creates(to, &pairs, &concurrently, phases);
}

/// Grants on views. A view kept or replaced in place keeps its privileges: only the
/// difference is granted or revoked. A view dropped (for good, or to be created again) loses
/// them with it, so they are revoked just before the drop, in the drop's phase: the down
/// migration, which creates the view again, then grants them again after it. A view created
/// (new or again) is granted its privileges once it exists.
fn emit_grants(pairs: &[Pair], dropped: &[&View], drop_phase: Phase, phases: &mut Phases) {
    let none = crate::schema::model::Grants::new();
    let gone = pairs
        .iter()
        .filter(|p| p.plan == Plan::Recreate)
        .filter_map(|p| p.old.as_ref())
        .chain(dropped.iter().copied());
    for old in gone {
        super::grant::diff_grants_in(drop_phase, &old.grant_target(), &old.grants, &none, phases);
    }
    for pair in pairs {
        let before = match (&pair.old, pair.plan) {
            (Some(old), Plan::Keep | Plan::Replace) => &old.grants,
            _ => &none,
        };
        super::grant::diff_grants(&pair.new.grant_target(), before, &pair.new.grants, phases);
    }
}

/// Views that read a view being dropped, recreated or replaced are recreated around it.
fn close_over_dependents(pairs: &mut [Pair], dropped: &[&View]) {
    let old_mentions: Vec<Option<Mentions>> = pairs
        .iter()
        .map(|p| p.old.as_ref().map(View::mentions))
        .collect();
    let new_mentions: Vec<Mentions> = pairs.iter().map(|p| p.new.mentions()).collect();
    loop {
        let mut changed: Vec<QualifiedName> = dropped.iter().map(|v| v.name.clone()).collect();
        for pair in pairs.iter().filter(|p| p.plan != Plan::Keep) {
            changed.push(pair.new.name.clone());
            changed.extend(pair.old.as_ref().map(|o| o.name.clone()));
        }
        let mut more = false;
        for (i, pair) in pairs.iter_mut().enumerate() {
            if pair.old.is_none() || pair.plan == Plan::Recreate {
                continue;
            }
            let own = |name: &QualifiedName| {
                name == &pair.new.name || pair.old.as_ref().is_some_and(|o| &o.name == name)
            };
            let reads_changed = changed.iter().any(|name| {
                !own(name)
                    && (new_mentions[i].object(name)
                        || old_mentions[i].as_ref().is_some_and(|m| m.object(name)))
            });
            if reads_changed {
                pair.plan = Plan::Recreate;
                more = true;
            }
        }
        if !more {
            return;
        }
    }
}

/// Drops (of views gone or recreated, under their old names), dependents first; then the
/// indexes a kept materialized view loses.
fn emit_drops(
    pairs: &[Pair],
    dropped: &[&View],
    phase: Phase,
    concurrently: &dyn Fn(&QualifiedName, &str) -> bool,
    phases: &mut Phases,
) {
    let mut old_views: Vec<View> = dropped.iter().map(|v| (*v).clone()).collect();
    old_views.extend(
        pairs
            .iter()
            .filter(|p| p.plan == Plan::Recreate)
            .filter_map(|p| p.old.clone()),
    );
    old_views.sort_by(|a, b| a.name.cmp(&b.name));
    let ordered: Vec<&View> = match dependency_order(&old_views) {
        Ok(order) => order,
        Err(_) => old_views.iter().collect(),
    };
    for view in ordered.into_iter().rev() {
        phases.push(phase, Change::DropView { view: view.clone() });
    }
    for pair in pairs.iter().filter(|p| p.plan != Plan::Recreate) {
        let Some(old) = pair.old_renamed() else {
            continue;
        };
        for index in &old.indexes {
            let kept = pair
                .new
                .indexes
                .iter()
                .find(|i| i.name == index.name)
                .is_some_and(|i| same_index(i, index));
            if !kept {
                phases.push(
                    Phase::DropViews,
                    Change::DropIndex {
                        table: old.name.clone(),
                        index: index.clone(),
                        concurrently: concurrently(&old.name, &index.name),
                    },
                );
            }
        }
    }
}

/// Two versions of an index that differ at most by their comment.
fn same_index(a: &crate::schema::model::Index, b: &crate::schema::model::Index) -> bool {
    let mut a = a.clone();
    a.comment = b.comment.clone();
    &a == b
}

/// Creates and replaces in dependency order, then new indexes of kept materialized views and
/// comments.
fn emit_creates(
    to: &Schema,
    pairs: &[Pair],
    concurrently: &dyn Fn(&QualifiedName, &str) -> bool,
    phases: &mut Phases,
) {
    let ordered: Vec<&View> = match dependency_order(&to.views) {
        Ok(order) => order,
        Err(_) => to.views.iter().collect(),
    };
    for view in ordered {
        let Some(pair) = pairs.iter().find(|p| p.new.name == view.name) else {
            continue;
        };
        let Some(old) = &pair.old else {
            phases.push(
                Phase::CreateViews,
                Change::CreateView { view: view.clone() },
            );
            continue;
        };
        match pair.plan {
            Plan::Recreate => {
                phases.push(
                    Phase::CreateViews,
                    Change::CreateView { view: view.clone() },
                );
                continue;
            }
            Plan::Replace => phases.push(
                Phase::CreateViews,
                Change::ReplaceView {
                    from: old.clone(),
                    to: view.clone(),
                },
            ),
            Plan::Keep => {
                let columns: std::collections::BTreeSet<&String> = old
                    .column_comments
                    .keys()
                    .chain(view.column_comments.keys())
                    .collect();
                for column in columns {
                    let (before, after) = (
                        old.column_comments.get(column),
                        view.column_comments.get(column),
                    );
                    if before != after {
                        phases.push(
                            Phase::CreateViews,
                            Change::SetComment {
                                target: CommentTarget::ViewColumn(
                                    view.name.clone(),
                                    column.clone(),
                                ),
                                from: before.cloned(),
                                to: after.cloned(),
                            },
                        );
                    }
                }
                if old.comment != view.comment {
                    let target = if view.materialized {
                        CommentTarget::MaterializedView(view.name.clone())
                    } else {
                        CommentTarget::View(view.name.clone())
                    };
                    phases.push(
                        Phase::CreateViews,
                        Change::SetComment {
                            target,
                            from: old.comment.clone(),
                            to: view.comment.clone(),
                        },
                    );
                }
            }
        }
        for index in &view.indexes {
            match old.indexes.iter().find(|i| i.name == index.name) {
                Some(before) if same_index(before, index) => {
                    if before.comment != index.comment {
                        phases.push(
                            Phase::CreateViews,
                            Change::SetIndexComment {
                                table: view.name.clone(),
                                name: index.name.clone(),
                                from: before.comment.clone(),
                                to: index.comment.clone(),
                            },
                        );
                    }
                }
                _ => phases.push(
                    Phase::CreateViews,
                    Change::CreateIndex {
                        table: view.name.clone(),
                        index: index.clone(),
                        concurrently: concurrently(&view.name, &index.name),
                    },
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_is_a_select_list_star_only() {
        assert!(selects_star("SELECT * FROM t"));
        assert!(selects_star("SELECT a, t.* FROM t"));
        assert!(!selects_star("SELECT count(*) FROM t"));
        assert!(!selects_star("SELECT a * 2 FROM t"));
    }

    #[test]
    fn renamed_names_make_no_difference() {
        let renamed = vec![("users".to_string(), "accounts".to_string())];
        assert!(same_but_renamed(
            "SELECT users.id FROM users",
            "SELECT accounts.id FROM accounts",
            &renamed
        ));
        assert!(!same_but_renamed(
            "SELECT id FROM users",
            "SELECT id FROM people",
            &renamed
        ));
    }

    #[test]
    fn replace_needs_the_old_columns_kept() {
        let view = |q: &str| View::new(QualifiedName::public("v"), q);
        assert!(view_replaceable(
            &view("SELECT a, b FROM t"),
            &view("SELECT a, b, c FROM t WHERE c > 0")
        ));
        assert!(!view_replaceable(
            &view("SELECT a, b FROM t"),
            &view("SELECT b, a FROM t")
        ));
        assert!(!view_replaceable(
            &view("SELECT a FROM t"),
            &view("SELECT a::text FROM t")
        ));
        assert!(!view_replaceable(
            &view("SELECT * FROM t"),
            &view("SELECT *, 1 AS x FROM t")
        ));
    }
}
