//! Bulk loading of items and trading history: many vouchers in one transaction,
//! numbered in their series, for generated data (and later imports).

use super::bulk::{
    REBUILD_INDEXES_FROM, ServerRows, drop_foreign_keys, drop_secondary_indexes, gather_statistics, next_ids,
};
use super::db::{Db, Engine, OptionalExtension, Value, id_list, params};
use super::items::{insert_item_row, item_from_row, read_item, tidy};
use super::vouchers::{
    LINE_COLUMNS, ROW_COLUMNS, insert_voucher_row, line_values, role_problem, row_values, write_lines,
};
use super::{Result, Store, StoreError, now_text};
use crate::domain::customer::Role;
use crate::domain::item::Item;
use crate::domain::text::search_key;
use crate::domain::voucher::{Rounding, Voucher, VoucherKind, format_number};
use chrono::Datelike;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

/// A voucher to load, and for a collection or payment, the position (within the
/// same load) of the invoice it pays: the loader knows that invoice's number
/// only once it has numbered it.
pub type LoadVoucher = (Voucher, Option<u64>);

/// A customer's role and code, looked up once per load.
struct Party {
    role: Role,
    code: String,
}

impl Store {
    /// Every customer's id, role and payment terms, by id: what a generator of trading history needs.
    pub fn customer_terms(&self) -> Result<Vec<(i64, Role, Option<u32>)>> {
        let mut statement = self.conn().prepare("SELECT id, role, payment_terms_days FROM customers ORDER BY id")?;
        let terms = statement
            .query_map([], |r| {
                let role: String = r.get(1)?;
                Ok((r.get(0)?, Role::parse(&role).unwrap_or_default(), r.get(2)?))
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(terms)
    }

    /// Adds items in one transaction, as a whole or not at all, and returns their ids in order.
    pub fn insert_items(&mut self, items: impl IntoIterator<Item = Item>) -> Result<Vec<i64>> {
        let now = now_text();
        let tx = self.write_tx()?;
        let mut ids = Vec::new();
        {
            let mut taken = tx.prepare_cached("SELECT 1 FROM items WHERE code_key = ?1")?;
            for item in items {
                let item = tidy(&item);
                let errors = item.validate();
                if !errors.is_empty() {
                    return Err(StoreError::Invalid(errors));
                }
                if taken.exists([search_key(&item.code)])? {
                    return Err(StoreError::DuplicateItemCode(item.code));
                }
                ids.push(insert_item_row(&tx, &item, &now)?);
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Loads vouchers in one transaction, as a whole or not at all, numbering
    /// each in its kind's series after the numbers already used. The same rules
    /// as for a voucher saved by hand apply (valid amounts, known customers and
    /// items, roles that fit, settlements applied to an invoice of theirs), except
    /// that history may name customers and items deactivated since. Loaded vouchers
    /// get no "created" line in their history; `created_at` records the load.
    /// `progress` is told how many are done every 10,000.
    ///
    /// On a server the vouchers go a chunk at a time: the chunk's customers and items are
    /// looked up in one query each, and its vouchers and lines sent with COPY.
    pub fn insert_vouchers(
        &mut self,
        vouchers: impl IntoIterator<Item = LoadVoucher>,
        mut progress: impl FnMut(u64),
    ) -> Result<u64> {
        let mut vouchers = vouchers.into_iter();
        let rounding = self.rounding()?;
        self.with_bulk_pragmas(|store| {
            let tx = store.write_tx()?;
            let tables = ["vouchers", "voucher_lines"];
            let (indexes, keys) = if vouchers.size_hint().0 < REBUILD_INDEXES_FROM {
                (Vec::new(), Vec::new())
            } else {
                (drop_secondary_indexes(&tx, &tables)?, drop_foreign_keys(&tx, &tables)?)
            };
            let mut load = VoucherLoad::new(&tx);
            match tx.engine() {
                Engine::Sqlite => {
                    for (mut voucher, pays) in vouchers {
                        load.check(&mut voucher, pays)?;
                        let id = insert_voucher_row(&tx, &voucher, voucher.totals(rounding), &load.now)?;
                        write_lines(&tx, id, &voucher.lines, rounding)?;
                        load.done(voucher, id, &mut progress);
                    }
                }
                Engine::Postgres => {
                    let mut copy = VoucherCopy::new();
                    loop {
                        let chunk: Vec<LoadVoucher> = vouchers.by_ref().take(CHUNK).collect();
                        if chunk.is_empty() {
                            break;
                        }
                        look_up_chunk(&tx, &chunk, &mut load.parties, &mut load.items)?;
                        let ids = next_ids(&tx, "vouchers", chunk.len())?;
                        for ((mut voucher, pays), id) in chunk.into_iter().zip(ids) {
                            match load.check(&mut voucher, pays) {
                                Ok(applied) => copy.add(&tx, id, &voucher, applied, rounding, &load.now)?,
                                // Written one by one, the vouchers before this one would have gone
                                // in first (and a number taken among them been the error).
                                Err(error) => {
                                    copy.send(&tx)?;
                                    return Err(error);
                                }
                            }
                            load.done(voucher, id, &mut progress);
                        }
                        copy.send(&tx)?;
                    }
                }
            }
            let (series, count) = (load.series, load.count);
            for sql in indexes.iter().map(|(_, sql)| sql).chain(&keys) {
                tx.execute_batch(sql)?;
            }
            if !indexes.is_empty() {
                gather_statistics(&tx, &tables)?;
            }
            let mut save = tx.prepare_cached(
                "INSERT INTO voucher_series (kind, year, last) VALUES (?1, ?2, ?3)
                 ON CONFLICT (kind, year) DO UPDATE SET last = excluded.last",
            )?;
            for ((kind, year), last) in &series {
                save.execute(params![kind.as_str(), year, last])?;
            }
            drop(save);
            tx.commit()?;
            progress(count);
            Ok(count)
        })
    }
}

/// What a voucher load keeps from voucher to voucher: the series' last numbers, the customers
/// and items met, and each voucher loaded so far.
struct VoucherLoad<'t> {
    tx: &'t Db,
    now: String,
    series: HashMap<(VoucherKind, i32), i64>,
    parties: HashMap<i64, Party>,
    items: HashMap<i64, Item>,
    /// Per loaded voucher: its number, kind, customer and id, so a later settlement can name it.
    loaded: Vec<(String, VoucherKind, i64, i64)>,
    count: u64,
}

impl<'t> VoucherLoad<'t> {
    fn new(tx: &'t Db) -> VoucherLoad<'t> {
        VoucherLoad {
            tx,
            now: now_text(),
            series: HashMap::new(),
            parties: HashMap::new(),
            items: HashMap::new(),
            loaded: Vec::new(),
            count: 0,
        }
    }

    /// Checks a voucher as a save by hand would, fills its lines' item codes (and names and units
    /// left blank), names the invoice it settles, and numbers it. Returns the id of that invoice
    /// when it was loaded with it.
    fn check(&mut self, voucher: &mut Voucher, pays: Option<u64>) -> Result<Option<i64>> {
        let errors = voucher.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let party = party(self.tx, &mut self.parties, voucher.customer_id)?;
        if let Some(problem) = role_problem(voucher, party.role, &party.code) {
            return Err(StoreError::Rejected(problem));
        }
        for line in &mut voucher.lines {
            let item = match self.items.get(&line.item_id) {
                Some(item) => item,
                None => {
                    let item = read_item(self.tx, line.item_id)?
                        .ok_or_else(|| StoreError::ItemNotFound(format!("#{}", line.item_id)))?;
                    self.items.entry(line.item_id).or_insert(item)
                }
            };
            line.item_code.clone_from(&item.code);
            if line.item_name.trim().is_empty() {
                line.item_name.clone_from(&item.name);
            }
            if line.unit.trim().is_empty() {
                line.unit.clone_from(&item.unit);
            }
        }
        let applied = match pays {
            Some(index) => {
                let (number, id) = applied_invoice(voucher, index, &self.loaded)?;
                voucher.applies_to = Some(number);
                Some(id)
            }
            None => None,
        };
        voucher.number = next_in_series(self.tx, &mut self.series, voucher.kind, voucher.date.year())?;
        voucher.voided = false;
        Ok(applied)
    }

    /// Counts a voucher written as `id`, telling `progress` every 10,000.
    fn done(&mut self, voucher: Voucher, id: i64, progress: &mut impl FnMut(u64)) {
        self.loaded.push((voucher.number, voucher.kind, voucher.customer_id, id));
        self.count += 1;
        if self.count.is_multiple_of(10_000) {
            progress(self.count);
        }
    }
}

/// Vouchers taken from the load at a time on a server: looked up and sent together.
const CHUNK: usize = 4_096;

/// A voucher load's rows on their way to a server, the vouchers sent before their lines.
struct VoucherCopy {
    vouchers: ServerRows,
    lines: ServerRows,
}

impl VoucherCopy {
    fn new() -> VoucherCopy {
        VoucherCopy {
            vouchers: ServerRows::into_table(
                "vouchers",
                &format!("id, number, kind, {ROW_COLUMNS}, applies_to_id, created_at, updated_at, updated_by"),
            ),
            lines: ServerRows::into_table("voucher_lines", LINE_COLUMNS),
        }
    }

    /// Adds a checked, numbered voucher as `id` with its lines. `applied` is the id of the invoice
    /// it settles when that was loaded with it; another invoice it names is looked up in the book.
    fn add(
        &mut self,
        conn: &Db,
        id: i64,
        voucher: &Voucher,
        applied: Option<i64>,
        rounding: Rounding,
        now: &str,
    ) -> Result<()> {
        let applied = match (applied, &voucher.applies_to) {
            (Some(id), _) => Some(id),
            // As the row-by-row insert's subquery finds it: among what the book holds so far.
            (None, Some(number)) => {
                self.send(conn)?;
                conn.prepare_cached("SELECT id FROM vouchers WHERE number = ?1")?
                    .query_row([number], |r| r.get(0))
                    .optional()?
            }
            (None, None) => None,
        };
        let head = [Value::Integer(id), Value::from(voucher.number.as_str()), Value::from(voucher.kind.as_str())];
        let tail = [Value::from(applied), Value::from(now), Value::from(now), Value::from(conn.clerk())];
        self.vouchers.push(head.into_iter().chain(row_values(voucher, voucher.totals(rounding))?).chain(tail));
        for (position, line) in voucher.lines.iter().enumerate() {
            self.lines.push(line_values(id, position, line, rounding)?);
        }
        Ok(())
    }

    fn send(&mut self, conn: &Db) -> Result<()> {
        self.vouchers.send(conn).map_err(|refused| match refused.taken {
            Some(number) if refused.error.is_constraint_on("vouchers.number") => {
                StoreError::Rejected(format!("a voucher numbered {number} already exists"))
            }
            _ => refused.error.into(),
        })?;
        Ok(self.lines.send(conn)?)
    }
}

/// On a server: the customers and items a chunk of vouchers names that are not known yet, each
/// kind looked up in one query. Those not found stay unknown, for the voucher's own check to refuse.
fn look_up_chunk(
    conn: &Db,
    chunk: &[LoadVoucher],
    parties: &mut HashMap<i64, Party>,
    items: &mut HashMap<i64, Item>,
) -> Result<()> {
    let customers: BTreeSet<i64> =
        chunk.iter().map(|(v, _)| v.customer_id).filter(|id| !parties.contains_key(id)).collect();
    if !customers.is_empty() {
        let found = conn
            .prepare_cached(&format!("SELECT id, code, role FROM customers WHERE {}", conn.among_ids("id", 1)))?
            .query_map([id_list(&customers)], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))?
            .collect::<super::db::Result<Vec<(i64, String, String)>>>()?;
        for (id, code, role) in found {
            parties.insert(id, Party { role: Role::parse(&role).unwrap_or_default(), code });
        }
    }
    let wanted: BTreeSet<i64> = chunk
        .iter()
        .flat_map(|(v, _)| v.lines.iter().map(|line| line.item_id))
        .filter(|id| !items.contains_key(id))
        .collect();
    if !wanted.is_empty() {
        let found = conn
            .prepare_cached(&format!("SELECT * FROM items WHERE {}", conn.among_ids("id", 1)))?
            .query_map([id_list(&wanted)], item_from_row)?
            .collect::<super::db::Result<Vec<Item>>>()?;
        for item in found {
            items.insert(item.id.unwrap_or_default(), item);
        }
    }
    Ok(())
}

fn party<'a>(conn: &Db, parties: &'a mut HashMap<i64, Party>, id: i64) -> Result<&'a Party> {
    match parties.entry(id) {
        Entry::Occupied(known) => Ok(known.into_mut()),
        Entry::Vacant(slot) => {
            let (code, role): (String, String) = conn
                .prepare_cached("SELECT code, role FROM customers WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or_else(|| StoreError::CustomerNotFound(format!("#{id}")))?;
            Ok(slot.insert(Party { role: Role::parse(&role).unwrap_or_default(), code }))
        }
    }
}

/// The number and id of the earlier invoice in this load that a settlement pays, checked to be
/// one it may pay.
fn applied_invoice(voucher: &Voucher, index: u64, loaded: &[(String, VoucherKind, i64, i64)]) -> Result<(String, i64)> {
    let wanted = match voucher.kind {
        VoucherKind::Collection => VoucherKind::Sale,
        VoucherKind::Payment => VoucherKind::Purchase,
        kind => return Err(StoreError::Rejected(format!("a {} is not applied to an invoice", kind.as_str()))),
    };
    let (number, kind, customer, id) = usize::try_from(index).ok().and_then(|i| loaded.get(i)).ok_or_else(|| {
        StoreError::Rejected(format!("voucher {index} of this load does not come before the one paying it"))
    })?;
    if *kind != wanted || *customer != voucher.customer_id {
        return Err(StoreError::Rejected(format!(
            "{number} is not a {} of the same customer, so this {} cannot be applied to it",
            wanted.as_str(),
            voucher.kind.as_str()
        )));
    }
    Ok((number.clone(), *id))
}

/// The next number of a series, counting on from what the book had used.
fn next_in_series(
    conn: &Db,
    series: &mut HashMap<(VoucherKind, i32), i64>,
    kind: VoucherKind,
    year: i32,
) -> Result<String> {
    let last = match series.get_mut(&(kind, year)) {
        Some(last) => last,
        None => {
            let used: i64 = conn
                .prepare_cached("SELECT last FROM voucher_series WHERE kind = ?1 AND year = ?2")?
                .query_row(params![kind.as_str(), year], |r| r.get(0))
                .optional()?
                .unwrap_or(0);
            series.entry((kind, year)).or_insert(used)
        }
    };
    *last += 1;
    let date = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    Ok(format_number(kind, date, *last as u64))
}
