//! Customer search and browsing: ranked type-ahead over indexed keys, and list rows for any id window.

use super::db::{Db, Engine, Value, id_list, params};
use super::{Result, Store};
use crate::domain::customer::Role;
use crate::domain::search::{
    ActiveFilter, SearchQuery, has_punctuation, index_query, server_index_query, server_index_words,
};
use crate::domain::text::{alnum_key, digits};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the customer list shows for one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    pub person_in_charge: String,
    pub city: String,
    /// Axis name -> value name.
    pub groups: BTreeMap<String, String>,
    /// Custom field key -> value, for the fields shown as list columns.
    pub custom: BTreeMap<String, String>,
}

/// Customers whose list rows are read by one round of statements: a screenful many times over,
/// and small enough that the id list stays a short parameter.
const LIST_CHUNK: usize = 1_000;

/// At most this many word matches on a server are filtered and ordered one by one; more are
/// found by walking the customers in id order (see [`Store::server_word_matches`]).
const FEW_WORD_MATCHES: usize = 1_000;

/// Puts a customer's search words (a [`search_document`](crate::domain::search::search_document))
/// in the book's word index: SQLite's FTS5 table, or the server's tsvector column.
pub(crate) fn index_customer(conn: &Db, id: i64, doc: &str) -> Result<()> {
    match conn.engine() {
        Engine::Sqlite => {
            conn.prepare_cached("INSERT INTO customer_search (rowid, doc) VALUES (?1, ?2)")?
                .execute(params![id, doc])?;
        }
        Engine::Postgres => {
            conn.prepare_cached(
                "INSERT INTO customer_search (customer_id, words) VALUES (?1, array_to_tsvector(string_to_array(CAST(?2 AS TEXT), ' ')))",
            )?
            .execute(params![id, server_index_words(doc)])?;
        }
    }
    Ok(())
}

/// The word index's table and columns for a bulk load on a server, which sends rows of
/// [`server_index_row`] with COPY.
pub(crate) const SERVER_INDEX_COPY: &str = "COPY customer_search (customer_id, words) FROM STDIN";

/// A customer's row of the server's word index as a bulk load sends it: the id, and the same
/// tsvector [`index_customer`] makes with `array_to_tsvector` (the words as they are, no parser,
/// no stemming), written in tsvector's text form: each word quoted, its `'` doubled and its `\`
/// escaped. The server sorts the words and drops repeats, as `array_to_tsvector` does.
pub(crate) fn server_index_row(id: i64, doc: &str) -> [Value<'static>; 2] {
    let words = server_index_words(doc);
    let mut text = String::with_capacity(words.len() + 16);
    for word in words.split(' ').filter(|w| !w.is_empty()) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push('\'');
        for c in word.chars() {
            match c {
                '\'' => text.push_str("''"),
                '\\' => text.push_str("\\\\"),
                c => text.push(c),
            }
        }
        text.push('\'');
    }
    [Value::Integer(id), Value::from(text)]
}

/// Takes a customer's words out of the word index.
pub(crate) fn unindex_customer(conn: &Db, id: i64) -> Result<()> {
    let sql =
        conn.pick("DELETE FROM customer_search WHERE rowid = ?1", "DELETE FROM customer_search WHERE customer_id = ?1");
    conn.prepare_cached(sql)?.execute([id])?;
    Ok(())
}

/// Just past every string that starts with `prefix` in SQLite's byte order.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// SQL conditions and their parameters for the non-text filters. The SQL is
/// fixed text; every value travels as a parameter.
struct Filter {
    sql: String,
    params: Vec<Value<'static>>,
}

impl Filter {
    fn new(query: &SearchQuery, group_value_ids: &[i64], first_param: usize) -> Filter {
        let mut sql = String::new();
        let mut params: Vec<Value<'static>> = Vec::new();
        match query.active {
            ActiveFilter::ActiveOnly => sql.push_str(" AND c.active = 1"),
            ActiveFilter::InactiveOnly => sql.push_str(" AND c.active = 0"),
            ActiveFilter::All => {}
        }
        if let Some(role) = query.role {
            params.push(Value::text(role.as_str().to_string()));
            sql.push_str(&format!(" AND c.role IN (?{}, 'both')", first_param + params.len() - 1));
        }
        for id in group_value_ids {
            params.push(Value::Integer(*id));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM customer_groups g WHERE g.customer_id = c.id AND g.value_id = ?{})",
                first_param + params.len() - 1
            ));
        }
        Filter { sql, params }
    }
}

impl Store {
    fn ids(&self, sql: &str, mut params: Vec<Value<'static>>, filter: &Filter) -> Result<Vec<i64>> {
        params.extend(filter.params.iter().cloned());
        let mut statement = self.conn().prepare_cached(sql)?;
        let ids = statement
            .query_map(super::db::params_from_iter(params), |r| r.get(0))?
            .collect::<super::db::Result<Vec<i64>>>()?;
        Ok(ids)
    }

    /// Customer ids in ranking order for a typed query (see `domain::search`),
    /// at most `query.limit`. An empty query lists by name.
    pub fn search_ids(&self, query: &SearchQuery) -> Result<Vec<i64>> {
        let Some(group_ids) = self.resolve_group_filters(&query.groups)? else {
            return Ok(Vec::new());
        };
        let key = query.key();
        let limit = query.limit.max(1);
        if key.is_empty() {
            let filter = Filter::new(query, &group_ids, 2);
            return self.ids(
                &format!("SELECT c.id FROM customers c WHERE 1 = 1{} ORDER BY c.name_key, c.id LIMIT ?1", filter.sql),
                vec![Value::Integer(super::db::sql_limit(limit))],
                &filter,
            );
        }
        // An export asks for every match (`usize::MAX`): reserve for a screenful, not for the limit.
        let reserve = limit.min(4_096);
        let mut ranked: Vec<i64> = Vec::with_capacity(reserve);
        let mut seen: HashSet<i64> = HashSet::with_capacity(reserve * 2);
        let mut take = |ids: Vec<i64>, ranked: &mut Vec<i64>| {
            for id in ids {
                if ranked.len() < limit && seen.insert(id) {
                    ranked.push(id);
                }
            }
        };

        let exact_filter = Filter::new(query, &group_ids, 2);
        take(
            self.ids(
                &format!("SELECT c.id FROM customers c WHERE c.code_key = ?1{}", exact_filter.sql),
                vec![Value::text(key.clone())],
                &exact_filter,
            )?,
            &mut ranked,
        );

        // Prefix tiers, each walking its own index in order.
        let filter = Filter::new(query, &group_ids, 4);
        let mut prefix_tiers: Vec<(&str, String)> = vec![("name_key", key.clone()), ("code_key", key.clone())];
        let alnum = alnum_key(&key);
        if alnum.chars().any(|c| c.is_ascii_digit()) {
            prefix_tiers.push(("tax_key", alnum));
        }
        let phone_digits = digits(&key);
        let looks_like_phone =
            phone_digits.len() >= 2 && key.chars().all(|c| c.is_ascii_digit() || "+-() .".contains(c));
        if looks_like_phone {
            prefix_tiers.push(("phone_key", phone_digits));
        }
        for (column, prefix) in prefix_tiers {
            if ranked.len() >= limit || prefix.is_empty() {
                break;
            }
            let sql = format!(
                "SELECT c.id FROM customers c WHERE c.{column} >= ?1 AND c.{column} < ?2 AND c.{column} <> ''{}
                 ORDER BY c.{column}, c.id LIMIT ?3",
                filter.sql
            );
            let ids = self.ids(
                &sql,
                vec![
                    Value::text(prefix.clone()),
                    Value::text(prefix_end(&prefix)),
                    Value::Integer(super::db::sql_limit(limit)),
                ],
                &filter,
            )?;
            take(ids, &mut ranked);
        }

        // Everything else: each query word starts one of the customer's words.
        if ranked.len() < limit {
            // Saturating: `usize::MAX` asks for every match.
            let wanted = Value::Integer(super::db::sql_limit(limit.saturating_add(ranked.len())));
            let filter = Filter::new(query, &group_ids, 4);
            // Punctuation the index cannot see must appear literally in a name, code or e-mail.
            let literal = match (has_punctuation(&key), self.conn().engine()) {
                (true, Engine::Sqlite) => {
                    " AND (instr(c.name_key, ?3) > 0 OR instr(c.code_key, ?3) > 0 OR instr(c.email_key, ?3) > 0)"
                }
                (true, Engine::Postgres) => {
                    " AND (strpos(c.name_key, CAST(?3 AS TEXT)) > 0 OR strpos(c.code_key, CAST(?3 AS TEXT)) > 0 OR strpos(c.email_key, CAST(?3 AS TEXT)) > 0)"
                }
                (false, _) => " AND CAST(?3 AS TEXT) IS NOT NULL",
            };
            let literal_scan = || {
                self.ids(
                    &format!(
                        "SELECT c.id FROM customers c WHERE CAST(?1 AS BIGINT) IS NOT NULL{literal}{}
                         ORDER BY c.name_key, c.id LIMIT ?2",
                        filter.sql
                    ),
                    vec![Value::Integer(1), wanted.clone(), Value::text(key.clone())],
                    &filter,
                )
            };
            let (index_query, matching) = match self.conn().engine() {
                Engine::Sqlite => (
                    index_query(&key),
                    "SELECT c.id FROM customer_search s JOIN customers c ON c.id = s.rowid WHERE customer_search MATCH ?1",
                ),
                // FTS5 gives its matches in id order, unranked; so does this.
                Engine::Postgres => (
                    server_index_query(&key),
                    "SELECT c.id FROM customer_search s JOIN customers c ON c.id = s.customer_id
                     WHERE s.words @@ CAST(CAST(?1 AS TEXT) AS tsquery)",
                ),
            };
            let order = self.conn().pick("", " ORDER BY c.id");
            let mut others = match index_query {
                Some(index_query) => match self.server_word_matches(&index_query)? {
                    // Few enough to check one by one: filter and order just those.
                    Some(few) => self.ids(
                        &format!(
                            "SELECT c.id FROM customers c WHERE {}{literal}{} ORDER BY c.id LIMIT ?2",
                            self.conn().among_ids("c.id", 1),
                            filter.sql
                        ),
                        vec![Value::text(id_list(&few)), wanted.clone(), Value::text(key.clone())],
                        &filter,
                    )?,
                    None => self.ids(
                        &format!("{matching}{literal}{}{order} LIMIT ?2", filter.sql),
                        vec![Value::text(index_query), wanted.clone(), Value::text(key.clone())],
                        &filter,
                    )?,
                },
                None => Vec::new(),
            };
            // Punctuation inside a word ("t_s" in "Outlet_Store") starts no word, so the
            // index cannot see it: look for the text itself, in name order.
            if others.is_empty() && has_punctuation(&key) {
                others = literal_scan()?;
            }
            take(others, &mut ranked);
        }
        Ok(ranked)
    }

    /// On a server, the customers whose words match, from the word index alone, when there are
    /// at most [`FEW_WORD_MATCHES`]; `None` when there are more (or on SQLite, whose FTS5 gives
    /// its matches in id order already). Why: asked for the first matches in id order,
    /// PostgreSQL walks every customer in id order testing its words, which reads the whole
    /// table for a rare word; the index alone answers a rare word in a millisecond. The
    /// planner is kept from that walk for this one statement, inside a read transaction (or a
    /// savepoint) that is rolled back, so the settings end with it.
    fn server_word_matches(&self, index_query: &str) -> Result<Option<Vec<i64>>> {
        if self.conn().engine() != Engine::Postgres {
            return Ok(None);
        }
        let probe = self.conn().read_tx()?;
        probe.execute_batch("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")?;
        let ids = probe
            .prepare_cached(
                "SELECT customer_id FROM customer_search WHERE words @@ CAST(CAST(?1 AS TEXT) AS tsquery) LIMIT ?2",
            )?
            .query_map(params![index_query, super::db::sql_limit(FEW_WORD_MATCHES + 1)], |r| r.get(0))?
            .collect::<super::db::Result<Vec<i64>>>()?;
        probe.rollback()?;
        Ok((ids.len() <= FEW_WORD_MATCHES).then_some(ids))
    }

    /// Every customer id that passes the filters (text ignored), in name order:
    /// the backing of the scrollable list, however long.
    pub fn browse_ids(&self, query: &SearchQuery) -> Result<Vec<i64>> {
        let Some(group_ids) = self.resolve_group_filters(&query.groups)? else {
            return Ok(Vec::new());
        };
        let filter = Filter::new(query, &group_ids, 1);
        self.ids(
            &format!("SELECT c.id FROM customers c WHERE 1 = 1{} ORDER BY c.name_key, c.id", filter.sql),
            Vec::new(),
            &filter,
        )
    }

    /// Every customer the query finds, as an export takes them: the search's ranking when text
    /// is typed (up to `query.limit`), the whole filtered list in name order when not.
    pub fn matching_ids(&self, query: &SearchQuery) -> Result<Vec<i64>> {
        if query.key().is_empty() { self.browse_ids(query) } else { self.search_ids(query) }
    }

    /// The list rows for these ids, in the same order; ids that no longer exist are skipped.
    /// Three statements (rows, groups, custom values) per [`LIST_CHUNK`] ids, not three per id:
    /// on a server each statement is a round trip.
    pub fn list_rows(&self, ids: &[i64]) -> Result<Vec<ListRow>> {
        let fields = self.field_defs()?;
        let conn = self.conn();
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(LIST_CHUNK) {
            let list = id_list(chunk);
            let mut found: HashMap<i64, ListRow> = conn
                .prepare_cached(&format!(
                    "SELECT id, code, name, role, active, tax_id, phone, email, person_in_charge, bill_city
                     FROM customers WHERE {}",
                    conn.among_ids("id", 1)
                ))?
                .query_map([&list], |r| {
                    let role: String = r.get(3)?;
                    Ok(ListRow {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        name: r.get(2)?,
                        role: Role::parse(&role).unwrap_or_default(),
                        active: r.get(4)?,
                        tax_id: r.get(5)?,
                        phone: r.get(6)?,
                        email: r.get(7)?,
                        person_in_charge: r.get(8)?,
                        city: r.get(9)?,
                        groups: BTreeMap::new(),
                        custom: BTreeMap::new(),
                    })
                })?
                .map(|row| row.map(|row| (row.id, row)))
                .collect::<super::db::Result<_>>()?;
            for (id, axis, value) in super::export_rows::groups_of(conn, &list)? {
                if let Some(row) = found.get_mut(&id) {
                    row.groups.insert(axis, value);
                }
            }
            for (id, field_id, value) in super::export_rows::custom_values_of(conn, &list)? {
                let shown = fields.iter().find(|d| d.id == field_id && d.show_in_list);
                if let (Some(row), Some(def)) = (found.get_mut(&id), shown) {
                    row.custom.insert(def.key.clone(), value);
                }
            }
            rows.extend(chunk.iter().filter_map(|id| found.get(id).cloned()));
        }
        Ok(rows)
    }

    /// Search and fetch the rows in one call: what the list and the CLI show.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<ListRow>> {
        let ids = self.search_ids(query)?;
        self.list_rows(&ids)
    }
}
