//! Bulk loading of items and trading history: many vouchers in one transaction,
//! numbered in their series, for generated data (and later imports).

use super::bulk::{REBUILD_INDEXES_FROM, drop_secondary_indexes};
use super::db::{Db, OptionalExtension, params};
use super::items::{insert_item_row, read_item, tidy};
use super::vouchers::{insert_voucher_row, role_problem, write_lines};
use super::{Result, Store, StoreError, now_text};
use crate::domain::customer::Role;
use crate::domain::item::Item;
use crate::domain::text::search_key;
use crate::domain::voucher::{Voucher, VoucherKind, format_number};
use chrono::Datelike;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

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
    pub fn insert_vouchers(
        &mut self,
        vouchers: impl IntoIterator<Item = LoadVoucher>,
        mut progress: impl FnMut(u64),
    ) -> Result<u64> {
        let vouchers = vouchers.into_iter();
        let rounding = self.rounding()?;
        self.with_bulk_pragmas(|store| {
            let tx = store.write_tx()?;
            let indexes = if vouchers.size_hint().0 < REBUILD_INDEXES_FROM {
                Vec::new()
            } else {
                drop_secondary_indexes(&tx, &["vouchers", "voucher_lines"])?
            };
            let now = now_text();
            let mut series: HashMap<(VoucherKind, i32), i64> = HashMap::new();
            let mut parties: HashMap<i64, Party> = HashMap::new();
            let mut known_items: HashMap<i64, Item> = HashMap::new();
            // Per loaded voucher: its number, kind and customer, so a later settlement can name it.
            let mut loaded: Vec<(String, VoucherKind, i64)> = Vec::new();
            let mut count: u64 = 0;
            for (mut voucher, pays) in vouchers {
                let errors = voucher.validate();
                if !errors.is_empty() {
                    return Err(StoreError::Invalid(errors));
                }
                let party = party(&tx, &mut parties, voucher.customer_id)?;
                if let Some(problem) = role_problem(&voucher, party.role, &party.code) {
                    return Err(StoreError::Rejected(problem));
                }
                for line in &mut voucher.lines {
                    let item = match known_items.get(&line.item_id) {
                        Some(item) => item,
                        None => {
                            let item = read_item(&tx, line.item_id)?
                                .ok_or_else(|| StoreError::ItemNotFound(format!("#{}", line.item_id)))?;
                            known_items.entry(line.item_id).or_insert(item)
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
                if let Some(index) = pays {
                    voucher.applies_to = Some(applied_invoice(&voucher, index, &loaded)?);
                }
                voucher.number = next_in_series(&tx, &mut series, voucher.kind, voucher.date.year())?;
                voucher.voided = false;
                let id = insert_voucher_row(&tx, &voucher, voucher.totals(rounding), &now)?;
                write_lines(&tx, id, &voucher.lines, rounding)?;
                loaded.push((voucher.number, voucher.kind, voucher.customer_id));
                count += 1;
                if count.is_multiple_of(10_000) {
                    progress(count);
                }
            }
            for (_, sql) in &indexes {
                tx.execute_batch(sql)?;
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

/// The number of the earlier invoice in this load that a settlement pays, checked to be one it may pay.
fn applied_invoice(voucher: &Voucher, index: u64, loaded: &[(String, VoucherKind, i64)]) -> Result<String> {
    let wanted = match voucher.kind {
        VoucherKind::Collection => VoucherKind::Sale,
        VoucherKind::Payment => VoucherKind::Purchase,
        kind => return Err(StoreError::Rejected(format!("a {} is not applied to an invoice", kind.as_str()))),
    };
    let (number, kind, customer) = usize::try_from(index).ok().and_then(|i| loaded.get(i)).ok_or_else(|| {
        StoreError::Rejected(format!("voucher {index} of this load does not come before the one paying it"))
    })?;
    if *kind != wanted || *customer != voucher.customer_id {
        return Err(StoreError::Rejected(format!(
            "{number} is not a {} of the same customer, so this {} cannot be applied to it",
            wanted.as_str(),
            voucher.kind.as_str()
        )));
    }
    Ok(number.clone())
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
