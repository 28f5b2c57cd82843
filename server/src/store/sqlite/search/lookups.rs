//! The lookups of a search and the statement that runs them: the
//! SQLite-planner-specific part of search (`INDEXED BY`, bounds hidden
//! from the statistics, a full-text join order).

use sqlx::{QueryBuilder, Sqlite};

use super::Target;
use crate::rules::search::{Prefix, Search, FIELD_LIMIT};

/// One lookup of the ids of at most [`FIELD_LIMIT`] active rows.
pub(super) enum Lookup<'a> {
    /// The first rows by `order` of `select AND column` in `prefix`.
    /// `select` filters active rows and names their index on `column`,
    /// then `order` (INDEXED BY), so the lookup walks a range of that index
    /// in order and stops early whatever the statistics say, or fails if
    /// the index is gone.
    Range {
        select: &'static str,
        column: &'static str,
        prefix: &'a Prefix,
        order: &'static str,
    },
    /// The last created active cases whose title has `Search::words`,
    /// newest first.
    Words(&'a str),
}

/// A [`Lookup::Range`].
pub(super) fn range<'a>(
    select: &'static str,
    column: &'static str,
    prefix: &'a Prefix,
    order: &'static str,
) -> Lookup<'a> {
    Lookup::Range {
        select,
        column,
        prefix,
        order,
    }
}

/// Appends the search of `target`: the rows of the lookups' ids, exact
/// matches first, at most `limit`.
pub(super) fn push_search<'a>(
    sql: &mut QueryBuilder<'a, Sqlite>,
    target: &Target,
    search: &'a Search,
) {
    let alias = target.alias;
    let (exact, folded) = (target.exact)(search);
    sql.push(target.select)
        .push(format!(" WHERE {alias}.id IN ("));
    push_lookups(sql, &(target.lookups)(search));
    sql.push(format!(") ORDER BY {exact} = "))
        .push_bind(folded)
        .push(format!(" DESC, {} LIMIT ", target.order))
        .push_bind(search.limit.rows());
}

/// Appends `lookups` joined by UNION ALL: `IN (...)` keeps each id once.
/// Each is a subquery, the only place its ORDER BY and LIMIT may go.
fn push_lookups<'a>(sql: &mut QueryBuilder<'a, Sqlite>, lookups: &[Lookup<'a>]) {
    for (i, lookup) in lookups.iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push("SELECT id FROM (");
        match lookup {
            Lookup::Range {
                select,
                column,
                prefix,
                order,
            } => {
                // `|| ''` hides the bounds from the planner's samples of the
                // index (STAT4, after an ANALYZE): seeing a range they hold
                // few rows of, it may choose to read and sort all of it,
                // however many rows it really has.
                sql.push(select)
                    .push(" AND ")
                    .push(column)
                    .push(" >= ")
                    .push_bind(prefix.low.as_str())
                    .push(" || ''");
                if let Some(high) = &prefix.high {
                    sql.push(" AND ")
                        .push(column)
                        .push(" < ")
                        .push_bind(high.as_str())
                        .push(" || ''");
                }
                sql.push(" ORDER BY ").push(order);
            }
            Lookup::Words(words) => {
                // CROSS JOIN keeps the full-text index outside, walked newest
                // first, and NOT INDEXED makes the case a rowid lookup: the
                // planner may otherwise walk all active cases, by an index of
                // them, for each match or once to probe the full-text index.
                sql.push(
                    "SELECT words.rowid AS id FROM cases_fts words
                     CROSS JOIN cases titled NOT INDEXED ON titled.id = words.rowid
                     WHERE titled.active AND words.cases_fts MATCH ",
                )
                // An FTS5 phrase whose last word is a prefix; `words` holds
                // no double quote, so it cannot end the phrase.
                .push_bind(format!("\"{words}\" *"))
                .push(" ORDER BY words.rowid DESC");
            }
        }
        sql.push(format!(" LIMIT {FIELD_LIMIT})"));
    }
}
