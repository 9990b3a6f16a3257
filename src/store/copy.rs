//! Copying a whole book into a new one: from a file to a server, back, or file to file, with
//! every row of every table and its ids, as one write transaction on the target.
//!
//! The tables and their columns are listed once, in [`TABLES`], in the order their foreign keys
//! need. Before anything is copied both books' schemas are compared with that list, so a column a
//! later version adds can never be left behind in silence. Rows are read in key order, a page at
//! a time from one snapshot of the source, and cross as [`Value`]s: integers stay integers and
//! text stays text. The word index is not copied (its form differs by engine): it is made again
//! from the copied customers, as the store makes it when a customer is saved.

use super::bulk::{REBUILD_INDEXES_FROM, drop_secondary_indexes, finish_search_merging, hold_search_merging};
use super::customers::read_customer;
use super::db::{Db, DbError, Engine, Value, ValueRef, params, quoted};
use super::fields::field_defs_in;
use super::server::{self, ServerAddress};
use super::{Store, StoreError};
use crate::domain::search::search_document;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

/// Why a book was not copied. Nothing was written to the target in any case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CopyError {
    #[error("there is no book at {0} to copy; check the name (the book copied from must already be there)")]
    NoSource(String),
    #[error("{0} is the book being copied; give another file, or another database or schema on the server, to copy to")]
    SameBook(String),
    #[error(
        "{target} already holds a book ({holds}); nothing was copied. Copy into a new file, or an empty database or schema on the server"
    )]
    TargetNotEmpty { target: String, holds: String },
    #[error(
        "the book {location} does not have the tables this version of Clientele copies ({detail}); nothing was copied"
    )]
    Schema { location: String, detail: String },
    #[error(
        "the book {source_book} has {table} rows that point at rows it does not have (in {parent}); nothing was copied. Run clientele check on it"
    )]
    BrokenLinks { source_book: String, table: String, parent: String },
    #[error("copying the {table} failed: {reason}; nothing was written to {target}")]
    Table { table: &'static str, target: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbError> for CopyError {
    fn from(error: DbError) -> CopyError {
        CopyError::Store(error.into())
    }
}

impl From<rusqlite::Error> for CopyError {
    fn from(error: rusqlite::Error) -> CopyError {
        CopyError::Store(error.into())
    }
}

pub type Result<T, E = CopyError> = std::result::Result<T, E>;

/// How far a copy is: `done` of `total` rows of `table` (or of the word index, "search index").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyProgress {
    pub table: &'static str,
    pub done: u64,
    pub total: u64,
}

/// What a copy wrote: the rows of each table, in the order they were copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyReport {
    pub tables: Vec<CopiedTable>,
    /// Customers whose words were put in the target's word index.
    pub indexed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopiedTable {
    pub table: &'static str,
    pub rows: u64,
}

/// How a table's rows are told apart and ordered.
enum Key {
    /// These columns: the primary key.
    Columns(&'static [&'static str]),
    /// SQLite's hidden rowid, which a book on a server keeps as an `id` column: the order the
    /// rows were written in (`import_records`, which undo walks backwards).
    Rowid,
}

/// One table of a book, as it is copied.
struct Table {
    name: &'static str,
    columns: &'static [&'static str],
    key: Key,
    /// A column naming a row of the same table, which may come later in key order (a settlement
    /// naming its invoice): such a row gets it once the row it names is in.
    names_own_row: Option<&'static str>,
}

const ID: Key = Key::Columns(&["id"]);

const fn table(name: &'static str, key: Key, columns: &'static [&'static str]) -> Table {
    Table { name, columns, key, names_own_row: None }
}

/// Every table of a book (schema version 10 in a file, 2 on a server) with every column, parents
/// before the tables that point at them. The word index, `customer_search`, is made again instead.
const TABLES: &[Table] = &[
    table("settings", Key::Columns(&["key"]), &["key", "value"]),
    table("group_axes", ID, &["id", "name", "position"]),
    table("group_values", ID, &["id", "axis_id", "name"]),
    table(
        "group_terms",
        Key::Columns(&["value_id"]),
        &["value_id", "price_level", "discount_pct", "credit_limit", "age_limit_days", "on_exceed"],
    ),
    table("field_defs", ID, &["id", "key", "label", "field_type", "choices", "required", "position", "show_in_list"]),
    table("price_levels", ID, &["id", "name", "position"]),
    table(
        "customers",
        ID,
        &[
            "id",
            "code",
            "name",
            "role",
            "entity_type",
            "tax_id",
            "representative",
            "business_type",
            "business_item",
            "phone",
            "mobile",
            "fax",
            "email",
            "website",
            "bill_lines",
            "bill_city",
            "bill_region",
            "bill_postal_code",
            "bill_country",
            "ship_lines",
            "ship_city",
            "ship_region",
            "ship_postal_code",
            "ship_country",
            "person_in_charge",
            "memo",
            "active",
            "price_level",
            "discount_rate",
            "credit_limit",
            "age_limit_days",
            "on_exceed",
            "on_exceed_own",
            "payment_terms_days",
            "name_key",
            "code_key",
            "tax_key",
            "phone_key",
            "email_key",
            "dup_name_key",
            "created_at",
            "updated_at",
            "version",
            "updated_by",
        ],
    ),
    table("contacts", ID, &["id", "customer_id", "position", "name", "title", "phone", "email", "is_primary"]),
    table("customer_groups", Key::Columns(&["customer_id", "axis_id"]), &["customer_id", "axis_id", "value_id"]),
    table("custom_values", Key::Columns(&["customer_id", "field_id"]), &["customer_id", "field_id", "value"]),
    table(
        "customer_history",
        ID,
        &["id", "customer_id", "changed_at", "field", "old_value", "new_value", "changed_by"],
    ),
    table(
        "items",
        ID,
        &[
            "id",
            "code",
            "code_key",
            "name",
            "name_key",
            "unit",
            "sales_price",
            "purchase_price",
            "tax_rate",
            "active",
            "created_at",
            "updated_at",
        ],
    ),
    table("level_prices", Key::Columns(&["item_id", "level_id"]), &["item_id", "level_id", "price"]),
    table(
        "special_prices",
        ID,
        &["id", "customer_id", "item_id", "side", "price", "min_quantity", "valid_from", "valid_to", "created_at"],
    ),
    table("voucher_series", Key::Columns(&["kind", "year"]), &["kind", "year", "last"]),
    Table {
        name: "vouchers",
        key: ID,
        columns: &[
            "id",
            "number",
            "kind",
            "customer_id",
            "date",
            "due_date",
            "supply",
            "tax",
            "total",
            "amount",
            "payable_amount",
            "debit",
            "credit",
            "receivable_delta",
            "payable_delta",
            "method",
            "reference",
            "applies_to",
            "applies_to_id",
            "memo",
            "voided",
            "credit_override",
            "created_at",
            "updated_at",
            "version",
            "updated_by",
        ],
        names_own_row: Some("applies_to_id"),
    },
    table(
        "voucher_lines",
        ID,
        &[
            "id",
            "voucher_id",
            "position",
            "item_id",
            "item_code",
            "item_name",
            "unit",
            "quantity",
            "unit_price",
            "discount_pct",
            "tax_rate",
            "supply",
            "tax",
            "total",
            "price_basis",
        ],
    ),
    table("voucher_history", ID, &["id", "voucher_id", "changed_at", "action", "detail", "changed_by"]),
    table(
        "import_batches",
        ID,
        &["id", "kind", "file", "created_at", "created", "updated", "unchanged", "skipped", "undone_at"],
    ),
    table("import_records", Key::Rowid, &["batch_id", "record_id", "action", "before_json", "after_json"]),
    table("import_mappings", Key::Columns(&["kind", "headers"]), &["kind", "headers", "targets", "updated_at"]),
    table(
        "alert_rules",
        ID,
        &[
            "id",
            "name",
            "measure",
            "comparison",
            "threshold",
            "period",
            "scope",
            "schedule",
            "recipients",
            "enabled",
            "notify_when_empty",
            "created_at",
            "updated_at",
        ],
    ),
    table(
        "alert_runs",
        ID,
        &[
            "id",
            "rule_id",
            "rule_name",
            "rule_json",
            "condition",
            "slot",
            "ran_at",
            "late",
            "period_from",
            "period_to",
            "threshold",
            "match_count",
            "notified_at",
            "notify_error",
            "read_at",
        ],
    ),
    table(
        "alert_matches",
        Key::Columns(&["run_id", "position"]),
        &["run_id", "position", "customer_id", "code", "name", "value"],
    ),
    table(
        "alert_deliveries",
        ID,
        &["id", "run_id", "recipient", "email", "status", "attempts", "last_error", "last_attempt_at", "sent_at"],
    ),
    table("alert_popups", Key::Columns(&["run_id", "computer"]), &["run_id", "computer", "shown_at", "error"]),
];

/// The word index, made again rather than copied; named so in progress.
const SEARCH_INDEX: &str = "search index";

/// At most this many parameters in one INSERT: well under both engines' limits (SQLite 32,766,
/// PostgreSQL 65,535), and many rows per round trip to a server.
const VALUES_PER_INSERT: usize = 1_000;
/// INSERTs per page read from the source: a page holds about 20,000 values, never a whole table.
const INSERTS_PER_PAGE: usize = 20;
/// Progress is told every this many rows (and at the end of each table).
const PROGRESS_EVERY: u64 = 10_000;
/// Customers whose words are indexed per page of ids.
const INDEX_PAGE: i64 = 1_000;

impl Table {
    /// The name of the rowid column in `engine`.
    fn rowid(engine: Engine) -> &'static str {
        match engine {
            Engine::Sqlite => "rowid",
            Engine::Postgres => "id",
        }
    }

    /// Values per row as read and written: the rowid first for a table keyed by it.
    fn width(&self) -> usize {
        self.columns.len() + usize::from(matches!(self.key, Key::Rowid))
    }

    /// The columns as read from or written to `engine`, in the order of a row's values.
    fn column_list(&self, engine: Engine) -> String {
        let rowid = matches!(self.key, Key::Rowid).then(|| Table::rowid(engine).to_string());
        rowid.into_iter().chain(self.columns.iter().map(|c| quoted(c))).collect::<Vec<_>>().join(", ")
    }

    /// Where the key's values are in a row, and their names in `engine`.
    fn key(&self, engine: Engine) -> (Vec<usize>, Vec<String>) {
        match &self.key {
            Key::Rowid => (vec![0], vec![Table::rowid(engine).to_string()]),
            Key::Columns(keys) => {
                (keys.iter().map(|k| self.position(k)).collect(), keys.iter().map(|k| quoted(k)).collect())
            }
        }
    }

    fn position(&self, column: &str) -> usize {
        let offset = usize::from(matches!(self.key, Key::Rowid));
        offset + self.columns.iter().position(|c| *c == column).unwrap_or_else(|| unreachable!("{column}"))
    }

    /// A page of rows in key order: the first (`after` false), or those after the key given.
    fn select_sql(&self, engine: Engine, after: bool) -> String {
        let (_, keys) = self.key(engine);
        let order = keys.join(", ");
        let placeholders: Vec<String> = (1..=keys.len()).map(|n| format!("?{n}")).collect();
        let filter = match (after, keys.len()) {
            (false, _) => String::new(),
            (true, 1) => format!("WHERE {order} > ?1"),
            (true, _) => format!("WHERE ({order}) > ({})", placeholders.join(", ")),
        };
        let limit = if after { keys.len() + 1 } else { 1 };
        format!(
            "SELECT {} FROM {} {filter} ORDER BY {order} LIMIT ?{limit}",
            self.column_list(engine),
            quoted(self.name)
        )
    }

    /// An INSERT of `rows` rows into `engine`'s table.
    fn insert_sql(&self, engine: Engine, rows: usize) -> String {
        let width = self.width();
        let values: Vec<String> = (0..rows)
            .map(|r| {
                let row: Vec<String> = (1..=width).map(|c| format!("?{}", r * width + c)).collect();
                format!("({})", row.join(", "))
            })
            .collect();
        format!("INSERT INTO {} ({}) VALUES {}", quoted(self.name), self.column_list(engine), values.join(", "))
    }

    /// The columns the book's schema should give this table in `engine`.
    fn expected_columns(&self, engine: Engine) -> BTreeSet<String> {
        let mut columns: BTreeSet<String> = self.columns.iter().map(|c| c.to_string()).collect();
        if matches!(self.key, Key::Rowid) && engine == Engine::Postgres {
            columns.insert("id".into());
        }
        columns
    }
}

/// Opens the book to copy from, which must already be there: a missing file is not created and
/// an empty database on a server is not made a book. (Like every command that opens a book, an
/// older one is upgraded first, after a verified copy of it is kept.)
pub fn open_source(location: &Path) -> Result<Store> {
    match ServerAddress::from_location(location)? {
        Some(address) => {
            let db = Db::postgres(address.connect()?);
            let has_book: bool = db.query_row("SELECT to_regclass('clientele_book') IS NOT NULL", [], |r| r.get(0))?;
            if !has_book {
                return Err(CopyError::NoSource(address.display()));
            }
            server::prepare_schema(&db, &address)?;
            Ok(Store { db, path: None, server: Some(address), upgraded: None })
        }
        None if !location.exists() => Err(CopyError::NoSource(location.display().to_string())),
        None => Ok(Store::open(location)?),
    }
}

/// Copies every row of `from` into `to`, which must hold nothing yet, as one write transaction:
/// a failure, or a refusal, leaves `to` as it was. Ids, keys and timestamps are kept; the word
/// index is made again from the customers. `progress` is told how far each table is.
pub fn copy_book(from: &Store, to: &mut Store, mut progress: impl FnMut(CopyProgress)) -> Result<CopyReport> {
    if same_book(from, to)? {
        return Err(CopyError::SameBook(to.location()));
    }
    check_schema(from)?;
    check_schema(to)?;
    to.with_bulk_pragmas(|to| Ok(copy_into(from, to, &mut progress)))?
}

/// The copy itself, on `to` with its bulk pragmas set (on SQLite: foreign keys checked once at the
/// end rather than row by row, a large page cache).
fn copy_into(from: &Store, to: &Store, progress: &mut dyn FnMut(CopyProgress)) -> Result<CopyReport> {
    let target_name = to.location();
    let failed = |table: &'static str| {
        let target = target_name.clone();
        move |error: StoreError| match error {
            // Said as it is: these carry their own advice.
            StoreError::Busy | StoreError::DiskFull | StoreError::ConnectionLost(_) => CopyError::Store(error),
            other => CopyError::Table { table, target: target.clone(), reason: other.to_string() },
        }
    };
    let snapshot = from.conn().read_tx()?;
    let tx = to.write_tx()?;
    let holds = held_tables(&tx)?;
    if !holds.is_empty() {
        return Err(CopyError::TargetNotEmpty {
            target: target_name,
            holds: holds.iter().map(|t| t.replace('_', " ")).collect::<Vec<_>>().join(", "),
        });
    }
    let mut tables = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let total: u64 =
            snapshot.query_row(&format!("SELECT COUNT(*) FROM {}", quoted(table.name)), [], |r| r.get(0))?;
        let rows = copy_table(&snapshot, &tx, table, total, progress).map_err(failed(table.name))?;
        tables.push(CopiedTable { table: table.name, rows });
    }
    let customers = tables.iter().find(|t| t.table == "customers").map_or(0, |t| t.rows);
    // The words are read from a book in a file when there is one (no round trip per customer),
    // inside the source's snapshot or the target's transaction; a server's snapshot is closed
    // first, so it is not left idle while a file is indexed.
    let indexed = if to.engine() == Engine::Postgres && from.engine() == Engine::Sqlite {
        let indexed = rebuild_search(&snapshot, &tx, customers, progress).map_err(failed(SEARCH_INDEX))?;
        snapshot.commit()?;
        indexed
    } else {
        snapshot.commit()?;
        rebuild_search(&tx, &tx, customers, progress).map_err(failed(SEARCH_INDEX))?
    };
    check_links(&tx, &from.location())?;
    move_sequences_past_ids(&tx).map_err(failed("id sequences"))?;
    tx.commit()?;
    Ok(CopyReport { tables, indexed })
}

/// Copies one table a page at a time in key order; the rows written.
fn copy_table(
    source: &Db,
    target: &Db,
    table: &Table,
    total: u64,
    progress: &mut dyn FnMut(CopyProgress),
) -> Result<u64, StoreError> {
    if total == 0 {
        return Ok(0);
    }
    // A large table gets its secondary indexes made once at the end, by sorting, rather than
    // grown row by row.
    let indexes =
        if total >= REBUILD_INDEXES_FROM as u64 { drop_secondary_indexes(target, &[table.name])? } else { Vec::new() };
    let width = table.width();
    let per_insert = (VALUES_PER_INSERT / width).max(1);
    let page = per_insert * INSERTS_PER_PAGE;
    let (key_positions, _) = table.key(source.engine());
    let own = table.names_own_row.map(|column| (table.position("id"), table.position(column)));
    let first_sql = table.select_sql(source.engine(), false);
    let next_sql = table.select_sql(source.engine(), true);
    let full_insert = table.insert_sql(target.engine(), per_insert);
    let mut last_key: Option<Vec<Value<'static>>> = None;
    let mut named_later: Vec<(i64, i64)> = Vec::new();
    let mut done: u64 = 0;
    loop {
        let mut params: Vec<Value<'static>> = last_key.take().unwrap_or_default();
        params.push(Value::Integer(page as i64));
        let sql = if params.len() == 1 { &first_sql } else { &next_sql };
        let mut rows = read_page(source, sql, params, width)?;
        let Some(last) = rows.last() else { break };
        last_key = Some(key_positions.iter().map(|&i| last[i].clone()).collect());
        let read = rows.len();
        if let Some((id, named)) = own {
            for row in &mut rows {
                if let (Value::Integer(row_id), Value::Integer(names)) = (&row[id], &row[named])
                    && names >= row_id
                {
                    named_later.push((*row_id, *names));
                    row[named] = Value::Null;
                }
            }
        }
        for chunk in rows.chunks(per_insert) {
            let values: Vec<&Value<'static>> = chunk.iter().flatten().collect();
            let sql = if chunk.len() == per_insert {
                Cow::from(&full_insert)
            } else {
                table.insert_sql(target.engine(), chunk.len()).into()
            };
            target.prepare_cached(&sql)?.execute(values)?;
        }
        let before = done;
        done += read as u64;
        if done / PROGRESS_EVERY != before / PROGRESS_EVERY && done < total {
            progress(CopyProgress { table: table.name, done, total });
        }
        if read < page {
            break;
        }
    }
    if let Some(column) = table.names_own_row {
        let update = format!("UPDATE {} SET {} = ?2 WHERE \"id\" = ?1", quoted(table.name), quoted(column));
        for (id, names) in named_later {
            target.prepare_cached(&update)?.execute(params![id, names])?;
        }
    }
    for (_, sql) in &indexes {
        target.execute_batch(sql)?;
    }
    progress(CopyProgress { table: table.name, done, total });
    Ok(done)
}

/// One page of rows, each as `width` values owned beyond the statement.
fn read_page(
    source: &Db,
    sql: &str,
    params: Vec<Value<'static>>,
    width: usize,
) -> Result<Vec<Vec<Value<'static>>>, StoreError> {
    let mut statement = source.prepare_cached(sql)?;
    let mut rows = statement.query(params)?;
    let mut page = Vec::new();
    while let Some(row) = rows.next()? {
        let values = (0..width).map(|i| row.get_ref(i).map(owned)).collect::<super::db::Result<Vec<_>>>()?;
        page.push(values);
    }
    Ok(page)
}

/// A value read, as it is written again: integers stay integers, text stays text.
fn owned(value: ValueRef<'_>) -> Value<'static> {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(Cow::Owned(t.to_string())),
        ValueRef::Blob(b) => Value::Blob(Cow::Owned(b.to_vec())),
        // No column of a book is NUMERIC; were one, its exact digits would cross as text.
        ValueRef::Numeric(d) => Value::Text(Cow::Owned(d.normalize().to_string())),
    }
}

/// The tables of `target` that hold any row: a book that holds anything is not copied over.
fn held_tables(target: &Db) -> Result<Vec<&'static str>, StoreError> {
    let mut held = Vec::new();
    for table in TABLES {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(table.name));
        let any: bool = target.query_row(&sql, [], |r| r.get(0))?;
        if any {
            held.push(table.name);
        }
    }
    Ok(held)
}

/// Puts every copied customer's words in the target's word index: each customer read with the
/// store's own reader from `reader`, its words as saving it makes them.
fn rebuild_search(
    reader: &Db,
    target: &Db,
    total: u64,
    progress: &mut dyn FnMut(CopyProgress),
) -> Result<u64, StoreError> {
    // The target held no customer, so any word in its index is left from a damaged past.
    match target.as_sqlite() {
        Some(_) => target.execute("INSERT INTO customer_search (customer_search) VALUES ('delete-all')", [])?,
        None => target.execute("DELETE FROM customer_search", [])?,
    };
    if total == 0 {
        return Ok(0);
    }
    let large = total >= REBUILD_INDEXES_FROM as u64;
    if large {
        hold_search_merging(target)?;
    }
    let fields = field_defs_in(reader)?;
    let mut last = i64::MIN;
    let mut done: u64 = 0;
    loop {
        let ids: Vec<i64> = reader
            .prepare_cached("SELECT id FROM customers WHERE id > ?1 ORDER BY id LIMIT ?2")?
            .query_map(params![last, INDEX_PAGE], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?;
        let Some(&next) = ids.last() else { break };
        last = next;
        for id in &ids {
            let customer = read_customer(reader, *id, &fields)?
                .ok_or_else(|| StoreError::Sqlite(format!("customer #{id} went missing while it was indexed")))?;
            super::search::index_customer(target, *id, &search_document(&customer))?;
            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) && done < total {
                progress(CopyProgress { table: SEARCH_INDEX, done, total });
            }
        }
    }
    if large {
        finish_search_merging(target)?;
    }
    progress(CopyProgress { table: SEARCH_INDEX, done, total });
    Ok(done)
}

/// On SQLite, where the copy ran with foreign keys unchecked row by row: every row's links,
/// checked once before the commit (PostgreSQL checked them as the rows went in).
fn check_links(target: &Db, source_book: &str) -> Result<()> {
    let Some(conn) = target.as_sqlite() else { return Ok(()) };
    let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = statement.query([])?;
    if let Some(row) = rows.next()? {
        return Err(CopyError::BrokenLinks {
            source_book: source_book.to_string(),
            table: row.get(0)?,
            parent: row.get(2)?,
        });
    }
    Ok(())
}

/// On PostgreSQL, moves every identity column's sequence past the highest id copied, so the
/// next row added gets a new id rather than one a copied row holds.
fn move_sequences_past_ids(target: &Db) -> Result<(), StoreError> {
    if target.engine() != Engine::Postgres {
        return Ok(());
    }
    let identities: Vec<(String, String)> = target
        .prepare(
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns
             WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY 1",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<super::db::Result<_>>()?;
    for (table, column) in identities {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence(?1, ?2), GREATEST(MAX({c}), 1), MAX({c}) IS NOT NULL) FROM {t}",
            c = quoted(&column),
            t = quoted(&table)
        );
        target.query_row(&sql, params![quoted(&table), column], |_| Ok(()))?;
    }
    Ok(())
}

/// Whether both stores are one book: the same file, or the same database and schema on the
/// same server.
fn same_book(a: &Store, b: &Store) -> Result<bool> {
    Ok(match (identity(a)?, identity(b)?) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    })
}

fn identity(store: &Store) -> Result<Option<String>> {
    if let Some(address) = &store.server {
        let (database, schema): (String, String) =
            store
                .conn()
                .query_row("SELECT current_database(), current_schema()", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        return Ok(Some(format!("{}:{}/{database}/{schema}", address.host(), address.port())));
    }
    Ok(store
        .path
        .as_ref()
        .map(|path| std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()).display().to_string()))
}

/// Refuses a book whose tables or columns are not exactly those [`TABLES`] lists.
fn check_schema(store: &Store) -> Result<()> {
    let db = store.conn();
    let engine = db.engine();
    let refuse = |detail: String| CopyError::Schema { location: store.location(), detail };
    let found: BTreeSet<String> = db
        .prepare(db.pick(
            // The word index and its shadow tables are made again, never copied.
            "SELECT name FROM sqlite_schema WHERE type = 'table'
               AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'customer\\_search%' ESCAPE '\\'",
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
               AND table_name NOT IN ('customer_search', 'clientele_book')",
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<super::db::Result<_>>()?;
    let known: BTreeSet<String> = TABLES.iter().map(|t| t.name.to_string()).collect();
    if let Some(unknown) = found.difference(&known).next() {
        return Err(refuse(format!("it has a table \"{unknown}\" this version does not know")));
    }
    if let Some(missing) = known.difference(&found).next() {
        return Err(refuse(format!("it has no table \"{missing}\"")));
    }
    let mut columns = db.prepare(db.pick(
        "SELECT name FROM pragma_table_info(?1)",
        "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ?1",
    ))?;
    for table in TABLES {
        let found: BTreeSet<String> =
            columns.query_map([table.name], |r| r.get(0))?.collect::<super::db::Result<_>>()?;
        let expected = table.expected_columns(engine);
        if let Some(unknown) = found.difference(&expected).next() {
            return Err(refuse(format!("table {} has a column \"{unknown}\" this version does not know", table.name)));
        }
        if let Some(missing) = expected.difference(&found).next() {
            return Err(refuse(format!("table {} has no column \"{missing}\"", table.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(store: &Store) -> &rusqlite::Connection {
        store.sqlite().unwrap()
    }

    /// Every row of every table, with its rowid where it has one, as SQLite holds them.
    fn contents(store: &Store) -> Vec<(String, Vec<Vec<rusqlite::types::Value>>)> {
        let conn = sqlite(store);
        TABLES
            .iter()
            .map(|table| {
                let sql = match table.key {
                    Key::Rowid => format!("SELECT rowid, * FROM {} ORDER BY rowid", table.name),
                    _ => format!("SELECT * FROM {} ORDER BY 1, 2", table.name),
                };
                let mut statement = conn.prepare(&sql).unwrap();
                let width = statement.column_count();
                let rows = statement
                    .query_map([], |row| (0..width).map(|i| row.get::<_, rusqlite::types::Value>(i)).collect())
                    .unwrap()
                    .collect::<rusqlite::Result<Vec<Vec<_>>>>()
                    .unwrap();
                (table.name.to_string(), rows)
            })
            .collect()
    }

    #[test]
    fn the_list_of_tables_is_exactly_a_new_books_schema() {
        let store = Store::open_in_memory().unwrap();
        check_schema(&store).unwrap();
        sqlite(&store).execute_batch("ALTER TABLE items ADD COLUMN colour TEXT").unwrap();
        let said = check_schema(&store).unwrap_err().to_string();
        assert!(said.contains("table items has a column \"colour\""), "{said}");
    }

    #[test]
    fn rows_keep_their_ids_order_and_types_and_a_settlement_may_name_a_later_invoice() {
        let from = Store::open_in_memory().unwrap();
        sqlite(&from)
            .execute_batch(
                "PRAGMA foreign_keys = OFF;
                 INSERT INTO settings VALUES ('company_name', '한빛상사'), ('next', '7');
                 INSERT INTO customers (id, code, name, name_key, code_key, tax_key, phone_key, email_key,
                     dup_name_key, created_at, updated_at, age_limit_days)
                   VALUES (5, 'HB', '한빛상사', '한빛상사', 'hb', '', '', '', '한빛상사', '2026-01-01 09:00:00', '2026-01-02 09:00:00', 30),
                          (9, 'AC', 'Acme', 'acme', 'ac', '', '', '', 'acme', '2026-01-01', '2026-01-01', NULL);
                 INSERT INTO vouchers (id, number, kind, customer_id, date, supply, tax, total, amount, payable_amount,
                     debit, credit, receivable_delta, payable_delta, applies_to, applies_to_id, created_at, updated_at)
                   VALUES (3, 'R-1', 'collection', 5, '2026-01-03', 0, 0, 0, 10000, 0, 0, 10000, -10000, 0, 'S-1', 4, 'x', 'x'),
                          (4, 'S-1', 'sale', 5, '2026-01-02', 10000, 0, 10000, 0, 0, 10000, 0, 10000, 0, NULL, NULL, 'x', 'x');
                 INSERT INTO import_batches (id, kind, file, created_at, created, updated, unchanged, skipped)
                   VALUES (1, 'customers', 'a.csv', 'x', 2, 0, 0, 0);
                 INSERT INTO import_records (rowid, batch_id, record_id, action, after_json) VALUES (8, 1, 9, 'created', '{}');
                 INSERT INTO import_records (rowid, batch_id, record_id, action, after_json) VALUES (2, 1, 5, 'created', '{}');
                 PRAGMA foreign_keys = ON;",
            )
            .unwrap();
        let mut to = Store::open_in_memory().unwrap();
        let mut told = Vec::new();
        let report = copy_book(&from, &mut to, |p| told.push(p)).unwrap();
        assert_eq!(contents(&to), contents(&from));
        let rows = |name: &str| report.tables.iter().find(|t| t.table == name).unwrap().rows;
        assert_eq!((rows("customers"), rows("vouchers"), rows("import_records")), (2, 2, 2));
        assert_eq!(report.indexed, 2);
        assert!(told.contains(&CopyProgress { table: "vouchers", done: 2, total: 2 }), "{told:?}");
        let found = to.search(&crate::domain::search::SearchQuery::text("한빛")).unwrap();
        assert_eq!(found.iter().map(|r| r.id).collect::<Vec<_>>(), [5], "the word index was made again");
    }

    #[test]
    fn a_book_that_holds_anything_is_not_copied_into_and_is_left_as_it_was() {
        let from = Store::open_in_memory().unwrap();
        from.set_setting("company_name", "Source").unwrap();
        let mut to = Store::open_in_memory().unwrap();
        to.set_setting("company_name", "Target").unwrap();
        let said = copy_book(&from, &mut to, |_| {}).unwrap_err();
        assert!(matches!(&said, CopyError::TargetNotEmpty { holds, .. } if holds == "settings"), "{said}");
        assert_eq!(to.setting("company_name").unwrap().as_deref(), Some("Target"));
    }

    #[test]
    fn a_source_with_a_broken_link_copies_nothing() {
        let from = Store::open_in_memory().unwrap();
        sqlite(&from)
            .execute_batch(
                "PRAGMA foreign_keys = OFF;
                 INSERT INTO contacts (customer_id, position, name) VALUES (77, 0, 'Ghost');",
            )
            .unwrap();
        let mut to = Store::open_in_memory().unwrap();
        let said = copy_book(&from, &mut to, |_| {}).unwrap_err();
        assert!(matches!(&said, CopyError::BrokenLinks { table, .. } if table == "contacts"), "{said}");
        assert!(to.holds_nothing().unwrap());
        assert_eq!(sqlite(&to).query_row("SELECT COUNT(*) FROM contacts", [], |r| r.get::<_, i64>(0)).unwrap(), 0);
    }
}
