//! Bulk loading for generated data: many customers in one transaction, with progress; on a
//! server, rows go many at a time with COPY ([`ServerRows`]).

use super::customers::{
    CUSTOMER_COLUMNS, ChildRow, GroupIds, Prepared, each_child, fields_by_key, highest_auto_number, set_next_number,
    write_children, write_row_for_bulk,
};
use super::db::{Db, DbError, Engine, OptionalExtension, Value, params, quoted};
use super::fields::field_defs_in;
use super::search::{SERVER_INDEX_COPY, server_index_row};
use super::{Result, Store, StoreError, now_text};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::Customer;
use crate::domain::sample::SampleSchema;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc;

/// From this many rows on, secondary indexes are rebuilt rather than updated row by row.
pub(crate) const REBUILD_INDEXES_FROM: usize = 10_000;
/// Customers handed from the preparing thread to the writing one at a time.
const BATCH: usize = 512;

impl Store {
    /// Creates the sample schema's group axes, values and custom fields where missing.
    pub fn install_sample_schema(&mut self, schema: &SampleSchema) -> Result<Vec<FieldDef>> {
        let existing = self.field_defs()?;
        for def in &schema.fields {
            if !existing.iter().any(|d| d.key == def.key) {
                self.add_field(def)?;
            }
        }
        for (axis, values) in &schema.axes {
            for value in values {
                self.ensure_group(axis, value)?;
            }
        }
        self.field_defs()
    }

    /// Inserts customers in one transaction, as a whole or not at all: a
    /// failing customer (invalid, duplicate code) rolls every one back.
    /// `progress` is told how many are done every 10,000.
    ///
    /// The customers are validated and their keys and search words worked out
    /// on a second thread while this one writes, so a large load uses two cores.
    pub fn insert_many<I>(&mut self, customers: I, mut progress: impl FnMut(u64)) -> Result<u64>
    where
        I: IntoIterator<Item = Customer>,
        I::IntoIter: Send,
    {
        let customers = customers.into_iter();
        self.with_bulk_pragmas(|store| std::thread::scope(|scope| store.load(customers, &mut progress, scope)))
    }

    /// Runs a bulk load with SQLite's own checks off and a large page cache, putting both back after.
    ///
    /// Every value the checks would test is made by the loader and valid by
    /// construction: parent ids are inserted or looked up inside the load's
    /// transaction, and keyword columns come from enums. Skipping the checks took
    /// a quarter off a large load: the customers' CHECK (… IN (…)) constraints
    /// alone build two temporary tables per row. `foreign_keys` can only change
    /// outside a transaction, hence here, around it.
    pub(crate) fn with_bulk_pragmas<T>(&mut self, load: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        // A page cache larger than the load keeps its scattered index inserts in memory;
        // a smaller one spills pages to the WAL again and again within the one transaction.
        self.with_bulk_pragmas_and_cache(4_000_000, load)
    }

    /// As [`Store::with_bulk_pragmas`] with a page cache of at most `cache_kib` KiB.
    pub(crate) fn with_bulk_pragmas_and_cache<T>(
        &mut self,
        cache_kib: i64,
        load: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        // A server book loads under its own settings: nothing here is a session's to change.
        let Some(conn) = self.sqlite() else { return load(self) };
        let previous_cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -cache_kib)?;
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        conn.pragma_update(None, "ignore_check_constraints", "ON")?;
        let result = load(self);
        let Some(conn) = self.sqlite() else { return result };
        let restored = [
            conn.pragma_update(None, "ignore_check_constraints", "OFF"),
            conn.pragma_update(None, "foreign_keys", "ON"),
            conn.pragma_update(None, "cache_size", previous_cache),
        ];
        let value = result?;
        restored.into_iter().collect::<rusqlite::Result<Vec<()>>>()?;
        Ok(value)
    }

    fn load<'scope, 'env, I>(
        &'env mut self,
        customers: I,
        progress: &mut impl FnMut(u64),
        scope: &'scope std::thread::Scope<'scope, 'env>,
    ) -> Result<u64>
    where
        I: Iterator<Item = Customer> + Send + 'scope,
    {
        let tx = self.write_tx()?;
        // Read inside the transaction, so the field ids written below still exist at commit.
        let fields = field_defs_in(&tx)?;
        let by_key = fields_by_key(&fields);
        let now = now_text();
        let mut server = (tx.engine() == Engine::Postgres).then(CustomerCopy::new);
        // Secondary indexes are dropped and rebuilt around a large load: building an
        // index by sorting once is several times cheaper than a million scattered
        // inserts. Their definitions come from the schema itself, so they return
        // exactly as the migrations made them, inside the same transaction. A server's
        // word index is an ordinary (GIN) index, built the same way.
        let tables: &[&str] = match server {
            None => &["customers", "contacts", "customer_groups", "custom_values"],
            Some(_) => &["customers", "contacts", "customer_groups", "custom_values", "customer_search"],
        };
        let (indexes, keys) = if customers.size_hint().0 < REBUILD_INDEXES_FROM {
            (Vec::new(), Vec::new())
        } else {
            (drop_secondary_indexes(&tx, tables)?, drop_foreign_keys(&tx, tables)?)
        };
        let large = !indexes.is_empty();
        if large {
            hold_search_merging(&tx)?;
        }
        let (sender, batches) = mpsc::sync_channel::<Result<Vec<Prepared>>>(4);
        scope.spawn(move || prepare_batches(customers, &fields, sender));
        let mut count: u64 = 0;
        let mut group_ids = GroupIds::default();
        // Leaving this loop early drops `batches`, which stops the preparing thread.
        for batch in batches {
            let batch = batch?;
            if let Some(server) = &mut server {
                server.write(&tx, &batch, &now, &by_key, &mut group_ids)?;
                let before = count;
                count += batch.len() as u64;
                if count / 10_000 != before / 10_000 {
                    progress(count / 10_000 * 10_000);
                }
                continue;
            }
            for prepared in batch {
                let id = write_row_for_bulk(&tx, &prepared, &now)?;
                write_children(&tx, id, &prepared.customer, &prepared.doc, &by_key, &mut group_ids, false)?;
                count += 1;
                if count.is_multiple_of(10_000) {
                    progress(count);
                }
            }
        }
        for sql in indexes.iter().map(|(_, sql)| sql).chain(&keys) {
            tx.execute_batch(sql)?;
        }
        if large {
            finish_search_merging(&tx)?;
            gather_statistics(&tx, tables)?;
        }
        set_next_number(&tx, highest_auto_number(&tx)? + 1)?;
        tx.commit()?;
        progress(count);
        Ok(count)
    }

    /// The first automatic number after every code taken, e.g. to number generated customers after existing ones.
    pub fn first_free_number(&self) -> Result<u64> {
        Ok(highest_auto_number(self.conn())? + 1)
    }
}

/// SQLite's own defaults for the search index's merge settings, which nothing else changes.
const FTS5_DEFAULT_AUTOMERGE: i64 = 4;
const FTS5_DEFAULT_CRISISMERGE: i64 = 16;

/// How many segments one level of the search index holds during a bulk load before they are
/// merged into one segment of the next level.
///
/// FTS5 writes a new segment each time its in-memory buffer (1 MB) fills, and a table holds at
/// most 2,000 segments: asked for one more, it answers SQLITE_FULL, "database or disk is full",
/// whatever the disk. Loads used to hold merging off altogether (automerge 0 with crisismerge
/// 2000, which FTS5 caps at 1,999): the first level then grew to 1,999 segments, was merged
/// once, grew again and met the cap at about 4,000 buffers' worth, near 5 million customers.
/// With 64 a level is merged into the next when it has 64 segments, so a load of any size
/// keeps at most 63 per level (a few hundred in all) and each entry is rewritten once per
/// level, a handful of times, rather than at every gradual merge.
const BULK_CRISISMERGE: i64 = 64;

/// Holds the search index's gradual merging off for a bulk load in transaction `conn`: its
/// segments are merged level by level as they fill ([`BULK_CRISISMERGE`]), and once more at
/// the end ([`finish_search_merging`]). The settings are part of the transaction, so a load
/// rolled back leaves them as they were.
pub(crate) fn hold_search_merging(conn: &Db) -> Result<()> {
    match conn.as_sqlite() {
        Some(conn) => set_search_merging(conn, 0, BULK_CRISISMERGE),
        // PostgreSQL's GIN index keeps a pending list it merges on its own.
        None => Ok(()),
    }
}

/// Ends a bulk load of the search index: merges its segments into one (the fastest to search)
/// and puts SQLite's merge settings back.
pub(crate) fn finish_search_merging(conn: &Db) -> Result<()> {
    let Some(conn) = conn.as_sqlite() else { return Ok(()) };
    conn.execute("INSERT INTO customer_search (customer_search) VALUES ('optimize')", [])?;
    set_search_merging(conn, FTS5_DEFAULT_AUTOMERGE, FTS5_DEFAULT_CRISISMERGE)
}

/// How eagerly the search index merges its segments: `automerge` 0 waits for an
/// explicit merge; `crisismerge` caps how many segments one level holds regardless.
fn set_search_merging(conn: &rusqlite::Connection, automerge: i64, crisismerge: i64) -> Result<()> {
    let mut set = conn.prepare("INSERT INTO customer_search (customer_search, rank) VALUES (?1, ?2)")?;
    set.execute(rusqlite::params!["automerge", automerge])?;
    set.execute(rusqlite::params!["crisismerge", crisismerge])?;
    Ok(())
}

/// Validates customers and works out what the writer needs, in batches, until
/// the customers run out, one is invalid, or the writer stops listening.
fn prepare_batches(
    customers: impl Iterator<Item = Customer>,
    fields: &[FieldDef],
    sender: mpsc::SyncSender<Result<Vec<Prepared>>>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    for customer in customers {
        let errors = customer.validate(fields);
        if !errors.is_empty() {
            let _ = sender.send(Err(StoreError::Invalid(errors)));
            return;
        }
        batch.push(Prepared::of(customer));
        if batch.len() == BATCH && sender.send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))).is_err() {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = sender.send(Ok(batch));
    }
}

/// Drops the secondary indexes of `tables` and returns their definitions, to be
/// run again (in the same transaction) once the rows are in: building an index
/// by sorting once is several times cheaper than a million scattered inserts.
/// The definitions come from the schema itself, so the indexes return exactly
/// as the migrations made them.
/// A clerk's login on a server may not change tables (see `server::CLERK_ROLE`): its large loads
/// keep their indexes and keys and are slower, but go in.
pub(crate) fn drop_secondary_indexes(conn: &Db, tables: &[&str]) -> Result<Vec<(String, String)>> {
    if !may_change_tables(conn, tables)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare(conn.pick(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?1 ORDER BY name",
        // Indexes of the table that no constraint owns (a UNIQUE or PRIMARY KEY stays).
        "SELECT i.indexname, i.indexdef FROM pg_indexes i
         WHERE i.schemaname = current_schema() AND i.tablename = ?1
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = to_regnamespace(current_schema())::oid)
         ORDER BY i.indexname",
    ))?;
    let mut indexes = Vec::new();
    for table in tables {
        let found = statement.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
        indexes.extend(found.collect::<super::db::Result<Vec<(String, String)>>>()?);
    }
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX {}", quoted(name)))?;
    }
    Ok(indexes)
}

/// On a server, drops the foreign keys of `tables` and returns the statements that add them again,
/// to be run (in the same transaction) once the rows are in: adding a key checks every row's link
/// in one pass, several times cheaper than the lookup per row each COPY makes while the key is
/// there. The definitions come from the schema itself, so the keys return exactly as the
/// migrations made them. On SQLite nothing: a bulk load runs with its foreign keys off.
/// Nothing either for a server login that does not own the tables (a clerk's).
pub(crate) fn drop_foreign_keys(conn: &Db, tables: &[&str]) -> Result<Vec<String>> {
    if conn.engine() != Engine::Postgres || !may_change_tables(conn, tables)? {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare(
        "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
         WHERE c.contype = 'f' AND c.conrelid = to_regclass(CAST(?1 AS TEXT)) ORDER BY c.conname",
    )?;
    let mut add_again = Vec::new();
    for table in tables {
        let keys = statement
            .query_map([table], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<super::db::Result<Vec<_>>>()?;
        for (name, definition) in keys {
            let (table, name) = (quoted(table), quoted(&name));
            conn.execute_batch(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))?;
            add_again.push(format!("ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"));
        }
    }
    Ok(add_again)
}

/// Whether this session may drop and add back the indexes and keys of `tables`: always in a book
/// file; on a server only as the tables' owner (or a member of the owner's role, which a superuser
/// counts as). Asked first, because a refused DROP would end the whole load's transaction.
fn may_change_tables(conn: &Db, tables: &[&str]) -> Result<bool> {
    if conn.engine() != Engine::Postgres {
        return Ok(true);
    }
    let mut owner = conn.prepare_cached(
        "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
         WHERE c.oid = to_regclass(CAST(?1 AS TEXT))",
    )?;
    for table in tables {
        if !owner.query_row([table], |r| r.get::<_, bool>(0)).optional()?.unwrap_or(false) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// On a server, has it gather the statistics of `tables` after a large load, inside its
/// transaction (which counts the load's own rows), so the first searches and reports after it
/// are planned for the rows it now holds rather than for the empty tables it had. A clerk who
/// may not do so gets a warning from the server, not an error. On SQLite nothing.
pub(crate) fn gather_statistics(conn: &Db, tables: &[&str]) -> Result<()> {
    if conn.engine() == Engine::Postgres && !tables.is_empty() {
        let names: Vec<String> = tables.iter().map(|table| quoted(table)).collect();
        conn.execute_batch(&format!("ANALYZE {}", names.join(", ")))?;
    }
    Ok(())
}

/// A customer load's rows on their way to a server: each batch sent as one COPY per table,
/// the customers first so their contacts, groups, values and words find them.
struct CustomerCopy {
    customers: ServerRows,
    contacts: ServerRows,
    groups: ServerRows,
    values: ServerRows,
    words: ServerRows,
}

impl CustomerCopy {
    fn new() -> CustomerCopy {
        CustomerCopy {
            customers: ServerRows::into_table("customers", &format!("id, {CUSTOMER_COLUMNS}, created_at")),
            contacts: ServerRows::into_table(
                "contacts",
                "customer_id, position, name, title, phone, email, is_primary",
            ),
            groups: ServerRows::into_table("customer_groups", "customer_id, axis_id, value_id"),
            values: ServerRows::into_table("custom_values", "customer_id, field_id, value"),
            words: ServerRows::new(SERVER_INDEX_COPY.to_string()),
        }
    }

    /// Sends a batch of customers, each given its id first. A customer that fails stops the
    /// batch with its own error after the rows before it were sent, so a duplicate code among
    /// those is the error, as when writing one row at a time.
    fn write(
        &mut self,
        conn: &Db,
        batch: &[Prepared],
        now: &str,
        fields: &BTreeMap<String, FieldDef>,
        group_ids: &mut GroupIds,
    ) -> Result<()> {
        let ids = next_ids(conn, "customers", batch.len())?;
        for (prepared, &id) in batch.iter().zip(&ids) {
            if let Err(error) = self.add(conn, id, prepared, now, fields, group_ids) {
                self.send(conn)?;
                return Err(error);
            }
        }
        self.send(conn)
    }

    fn add(
        &mut self,
        conn: &Db,
        id: i64,
        prepared: &Prepared,
        now: &str,
        fields: &BTreeMap<String, FieldDef>,
        group_ids: &mut GroupIds,
    ) -> Result<()> {
        let row = prepared.row_values(now, conn.clerk());
        self.customers.push(std::iter::once(Value::Integer(id)).chain(row).chain([Value::from(now)]));
        let Self { contacts, groups, values, .. } = self;
        each_child(conn, &prepared.customer, fields, group_ids, |child| {
            match child {
                ChildRow::Contact(row) => contacts.push(std::iter::once(Value::Integer(id)).chain(row)),
                ChildRow::Group(axis_id, value_id) => {
                    groups.push([Value::Integer(id), Value::Integer(axis_id), Value::Integer(value_id)])
                }
                ChildRow::Custom(field_id, value) => {
                    values.push([Value::Integer(id), Value::Integer(field_id), Value::from(value)])
                }
            }
            Ok(())
        })?;
        self.words.push(server_index_row(id, &prepared.doc));
        Ok(())
    }

    fn send(&mut self, conn: &Db) -> Result<()> {
        self.customers.send(conn).map_err(|refused| match refused.taken {
            Some(code) if refused.error.is_constraint_on("customers.code") => StoreError::DuplicateCode(code),
            _ => refused.error.into(),
        })?;
        for rows in [&mut self.contacts, &mut self.groups, &mut self.values, &mut self.words] {
            rows.send(conn)?;
        }
        Ok(())
    }
}

/// `count` new ids of `table`, from its identity column's sequence in one round trip, so that rows
/// sent with COPY carry their ids and their children can name them.
pub(crate) fn next_ids(conn: &Db, table: &str, count: usize) -> Result<Vec<i64>> {
    let ids = conn
        .prepare_cached("SELECT nextval(pg_get_serial_sequence(?1, 'id')) FROM generate_series(1, CAST(?2 AS BIGINT))")?
        .query_map(params![table, count as i64], |r| r.get(0))?
        .collect::<super::db::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// Rows for one table of a book on a server, sent many at a time with PostgreSQL's COPY in its
/// text format: one statement and one round trip for a few thousand rows, where INSERTs took
/// several round trips a row. The statement is fixed text naming the table and its columns; the
/// values travel in the data stream, escaped as COPY reads them, and never become SQL. Each
/// value is read by the server as the column's type reads text, as SQLite's column affinity
/// would store it.
pub(crate) struct ServerRows {
    copy: String,
    data: Vec<u8>,
}

/// Why a server refused rows: its error, and for a unique key already taken the value it names
/// (from "Key (code)=(C000001) already exists.").
pub(crate) struct Refused {
    pub error: DbError,
    pub taken: Option<String>,
}

impl From<Refused> for StoreError {
    fn from(refused: Refused) -> StoreError {
        refused.error.into()
    }
}

impl ServerRows {
    /// Rows for `COPY` statement `copy` (…`FROM STDIN`).
    pub(crate) fn new(copy: String) -> ServerRows {
        ServerRows { copy, data: Vec::new() }
    }

    /// Rows for `table` giving `columns` (both fixed names), in that order.
    pub(crate) fn into_table(table: &str, columns: &str) -> ServerRows {
        ServerRows::new(format!("COPY {table} ({columns}) FROM STDIN"))
    }

    /// Adds a row: one value per column, in the columns' order.
    pub(crate) fn push<'v>(&mut self, values: impl IntoIterator<Item = Value<'v>>) {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.data.push(b'\t');
            }
            put(&mut self.data, &value);
        }
        self.data.push(b'\n');
    }

    /// Sends the rows added since the last send, in one COPY.
    pub(crate) fn send(&mut self, conn: &Db) -> std::result::Result<(), Refused> {
        if self.data.is_empty() {
            return Ok(());
        }
        let Some(session) = conn.as_postgres() else {
            let error = DbError::Other("rows are copied only into a book on a server".into());
            return Err(Refused { error, taken: None });
        };
        let sent = {
            let mut client = session.client();
            copy_in(&mut client, &self.copy, &self.data)
        };
        self.data.clear();
        sent
    }
}

fn copy_in(client: &mut postgres::Client, copy: &str, data: &[u8]) -> std::result::Result<(), Refused> {
    let mut writer = client.copy_in(copy).map_err(refused)?;
    if let Err(error) = writer.write_all(data) {
        // The writer's I/O errors carry the server's own; dropping it unfinished ends the COPY.
        return Err(match error.into_inner().map(|inner| inner.downcast::<postgres::Error>()) {
            Some(Ok(error)) => refused(*error),
            Some(Err(other)) => Refused { error: DbError::ConnectionLost(other.to_string()), taken: None },
            None => Refused { error: DbError::ConnectionLost("the copy was cut short".into()), taken: None },
        });
    }
    writer.finish().map(drop).map_err(refused)
}

fn refused(error: postgres::Error) -> Refused {
    let taken = error
        .as_db_error()
        .filter(|db| *db.code() == postgres::error::SqlState::UNIQUE_VIOLATION)
        .and_then(|db| db.detail())
        .and_then(|detail| detail.split_once(")=("))
        .and_then(|(_, rest)| rest.rsplit_once(") already exists"))
        .map(|(value, _)| value.to_string());
    Refused { error: error.into(), taken }
}

/// A value as COPY's text format writes it: `\N` for NULL; `\`, newline, carriage return
/// and tab escaped with a backslash.
fn put(out: &mut Vec<u8>, value: &Value<'_>) {
    match value {
        Value::Null => out.extend_from_slice(b"\\N"),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Real(r) if r.is_nan() => out.extend_from_slice(b"NaN"),
        Value::Real(r) if r.is_infinite() => {
            out.extend_from_slice(if *r > 0.0 { b"Infinity".as_slice() } else { b"-Infinity".as_slice() })
        }
        Value::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Value::Text(text) => escape(out, text.as_bytes()),
        Value::Blob(bytes) => {
            // bytea's hex form, \x…, its backslash escaped for COPY.
            out.extend_from_slice(b"\\\\x");
            for byte in bytes.iter() {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
}

fn escape(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escaped: &[u8] = match byte {
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escaped);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: Vec<Value<'_>>) -> String {
        let mut rows = ServerRows::into_table("t", "a");
        rows.push(values);
        String::from_utf8(rows.data).unwrap()
    }

    #[test]
    fn copy_rows_escape_what_the_text_format_reads_specially() {
        assert_eq!(
            row(vec![Value::Integer(-7), Value::Null, Value::from("a\tb\\c\nd\re"), Value::from("한글 'x'")]),
            "-7\t\\N\ta\\tb\\\\c\\nd\\re\t한글 'x'\n"
        );
        assert_eq!(row(vec![Value::Blob(vec![0, 255].into()), Value::Real(1.5)]), "\\\\x00ff\t1.5\n");
    }
}
