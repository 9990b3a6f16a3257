//! Vouchers: saving (numbered, with their lines, in one transaction), editing,
//! voiding and un-voiding, reading back, and each voucher's history.

use super::credit::sale_verdict;
use super::db::{Db, OptionalExtension, Row, Value, params, params_from_iter};
use super::items::read_item;
use super::{Result, Store, StoreError, exact_decimal, now_text};
use crate::domain::customer::Role;
use crate::domain::pricing::PriceBasis;
use crate::domain::voucher::{Amounts, PaymentMethod, Rounding, Voucher, VoucherKind, VoucherLine, format_number};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Money is stored as whole ten-thousandths.
const UNITS_PER_ONE: i64 = 10_000;

pub(crate) fn to_units(value: Decimal) -> Result<i64> {
    let scaled = value * Decimal::from(UNITS_PER_ONE);
    if !scaled.fract().is_zero() {
        return Err(StoreError::Rejected(format!("{value} has more than 4 decimal places")));
    }
    scaled.to_i64().ok_or_else(|| StoreError::Rejected(format!("{value} is too large an amount")))
}

pub(crate) fn from_units(units: i64) -> Decimal {
    Decimal::new(units, 4).normalize()
}

const DATE_FORMAT: &str = "%Y-%m-%d";

pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format(DATE_FORMAT).to_string()
}

/// Reads a stored `YYYY-MM-DD`. Reports read a million of these, and taking the
/// digits directly is several times faster than a general format parser.
pub(crate) fn parse_date_column(text: &str) -> super::db::Result<NaiveDate> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let quick = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?))
        .flatten();
    match quick {
        Some(date) => Ok(date),
        None => NaiveDate::parse_from_str(text, DATE_FORMAT).map_err(|e| super::db::DbError::Conversion(e.to_string())),
    }
}

/// A voucher as saved, with its number and rounded totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedVoucher {
    pub voucher: Voucher,
    pub totals: Amounts,
    /// The credit warning the clerk accepted to save this sale, as kept with it.
    pub credit_warning: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherHistoryEntry {
    pub changed_at: String,
    /// "created", "edited", "voided", "un-voided" or "credit warning accepted".
    pub action: String,
    pub detail: String,
    /// Who did it ('' before clerks were recorded).
    pub changed_by: String,
}

fn voucher_from_row(row: &Row<'_>) -> super::db::Result<Voucher> {
    let keyword = |column: &str| -> super::db::Result<String> { row.get(column) };
    let kind_text = keyword("kind")?;
    let kind = VoucherKind::parse(&kind_text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("voucher kind {kind_text}").into(),
        )
    })?;
    let due: Option<String> = row.get("due_date")?;
    Ok(Voucher {
        id: Some(row.get("id")?),
        number: row.get("number")?,
        kind,
        date: parse_date_column(&row.get::<_, String>("date")?)?,
        due_date: due.as_deref().map(parse_date_column).transpose()?,
        customer_id: row.get("customer_id")?,
        lines: Vec::new(),
        amount: from_units(row.get("amount")?),
        payable_amount: from_units(row.get("payable_amount")?),
        method: PaymentMethod::parse(&keyword("method")?).unwrap_or_default(),
        reference: row.get("reference")?,
        applies_to: row.get("applies_to")?,
        memo: row.get("memo")?,
        voided: row.get("voided")?,
    })
}

fn line_from_row(row: &Row<'_>) -> super::db::Result<VoucherLine> {
    Ok(VoucherLine {
        item_id: row.get("item_id")?,
        item_code: row.get("item_code")?,
        item_name: row.get("item_name")?,
        unit: row.get("unit")?,
        quantity: exact_decimal(row, "quantity")?,
        unit_price: exact_decimal(row, "unit_price")?,
        discount_pct: exact_decimal(row, "discount_pct")?,
        tax_rate: exact_decimal(row, "tax_rate")?,
        // An explanation that no longer reads (damaged, or from a newer version) is dropped,
        // never the line: the price itself is in its own column.
        price_basis: row
            .get::<_, Option<String>>("price_basis")?
            .and_then(|json| serde_json::from_str::<PriceBasis>(&json).ok()),
    })
}

pub(crate) fn read_voucher(conn: &Db, id: i64) -> Result<Option<Voucher>> {
    let Some(mut voucher) =
        conn.prepare_cached("SELECT * FROM vouchers WHERE id = ?1")?.query_row([id], voucher_from_row).optional()?
    else {
        return Ok(None);
    };
    voucher.lines = conn
        .prepare_cached("SELECT * FROM voucher_lines WHERE voucher_id = ?1 ORDER BY position")?
        .query_map([id], line_from_row)?
        .collect::<super::db::Result<Vec<_>>>()?;
    Ok(Some(voucher))
}

/// Numbers are stored in capitals ("S-2026-000123"), so a typed "s-2026-000123"
/// finds its voucher through the plain unique index; `COLLATE NOCASE` would scan the table.
fn canonical_number(number: &str) -> String {
    number.trim().to_uppercase()
}

fn voucher_id_by_number(conn: &Db, number: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM vouchers WHERE number = ?1")?
        .query_row([canonical_number(number)], |r| r.get(0))
        .optional()?)
}

/// The next free number in the kind's series for the voucher's year.
fn next_number(conn: &Db, kind: VoucherKind, date: NaiveDate) -> Result<String> {
    let mut bump = conn.prepare_cached(
        "INSERT INTO voucher_series (kind, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT (kind, year) DO UPDATE SET last = voucher_series.last + 1
         RETURNING last",
    )?;
    loop {
        let sequence: i64 = bump.query_row(params![kind.as_str(), date.year()], |r| r.get(0))?;
        let number = format_number(kind, date, sequence as u64);
        // A number typed in elsewhere (an import) may already hold this place.
        if voucher_id_by_number(conn, &number)?.is_none() {
            return Ok(number);
        }
    }
}

/// Which roles may take which vouchers: selling and collecting need a customer,
/// buying and paying a vendor.
pub(crate) fn role_problem(voucher: &Voucher, role: Role, code: &str) -> Option<String> {
    let needs_customer = match voucher.kind {
        VoucherKind::Sale | VoucherKind::Collection => true,
        VoucherKind::Opening => !voucher.amount.is_zero(),
        VoucherKind::Purchase | VoucherKind::Payment => false,
    };
    let needs_vendor = match voucher.kind {
        VoucherKind::Purchase | VoucherKind::Payment => true,
        VoucherKind::Opening => !voucher.payable_amount.is_zero(),
        VoucherKind::Sale | VoucherKind::Collection => false,
    };
    let what = match voucher.kind {
        VoucherKind::Opening if needs_customer => "an opening receivable",
        VoucherKind::Opening => "an opening payable",
        kind => match kind {
            VoucherKind::Sale => "a sale",
            VoucherKind::Collection => "a collection",
            VoucherKind::Purchase => "a purchase",
            _ => "a payment",
        },
    };
    if needs_customer && role == Role::Vendor {
        return Some(format!(
            "{code} is a vendor only; {what} needs a customer (set its role to \"Customer & vendor\" to trade both ways)"
        ));
    }
    if needs_vendor && role == Role::Customer {
        let what = if voucher.kind == VoucherKind::Opening { "an opening payable" } else { what };
        return Some(format!(
            "{code} is a customer only; {what} needs a vendor (set its role to \"Customer & vendor\" to trade both ways)"
        ));
    }
    None
}

/// The voucher's effect: (debit, credit, receivable change, payable change), in units.
fn postings(voucher: &Voucher, totals: Amounts) -> Result<(i64, i64, i64, i64)> {
    let total = to_units(totals.total)?;
    let amount = to_units(voucher.amount)?;
    let payable = to_units(voucher.payable_amount)?;
    Ok(match voucher.kind {
        VoucherKind::Sale => (total, 0, total, 0),
        VoucherKind::Purchase => (0, total, 0, total),
        VoucherKind::Collection => (0, amount, -amount, 0),
        VoucherKind::Payment => (amount, 0, 0, -amount),
        VoucherKind::Opening => (amount, payable, amount, payable),
    })
}

impl Store {
    /// How line amounts round: the company's currency decimals (2 unless set).
    pub fn rounding(&self) -> Result<Rounding> {
        Ok(Rounding { decimals: self.currency()?.decimals })
    }

    /// Saves a new voucher (numbering it) or changes one found by its id, with
    /// its lines, in one transaction; a refused voucher writes nothing.
    pub fn save_voucher(&mut self, voucher: &Voucher) -> Result<SavedVoucher> {
        self.save_voucher_accepting(voucher, false)
    }

    /// Saves a voucher; with `accept_credit_warning`, a sale the customer's credit action
    /// warns about is saved anyway and the warning is recorded with it. A block is never passed.
    pub fn save_voucher_accepting(&mut self, voucher: &Voucher, accept_credit_warning: bool) -> Result<SavedVoucher> {
        self.save_voucher_seen(voucher, accept_credit_warning, None)
    }

    /// Saves a voucher a clerk opened at version `seen` ([`Store::voucher_version`]): a change
    /// to it is refused, naming who and when, if anyone saved, voided or un-voided it since.
    pub fn save_voucher_seen(
        &mut self,
        voucher: &Voucher,
        accept_credit_warning: bool,
        seen: Option<i64>,
    ) -> Result<SavedVoucher> {
        // Checked before the write lock is taken, so a bad voucher is refused as such even when
        // another program is writing; `save_voucher_in` checks again for its other callers.
        let errors = voucher.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let rounding = self.rounding()?;
        let tx = self.write_tx()?;
        if let (Some(id), Some(seen)) = (voucher.id, seen) {
            let what = format!("Voucher {}", voucher.number.trim());
            super::refuse_if_changed(&tx, super::Versioned::Voucher, id, seen, &what)?;
        }
        let saved = save_voucher_in(&tx, voucher, accept_credit_warning, rounding)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Voids a voucher: it stays in the ledger, marked, and stops counting. Settlements that
    /// name it keep naming it; while it is void their money goes to the oldest due invoices.
    pub fn void_voucher(&mut self, number: &str) -> Result<Voucher> {
        let tx = self.write_tx()?;
        let (id, voucher) = stored_by_number(&tx, number)?;
        if voucher.voided {
            return Err(StoreError::VoucherVoided(voucher.number));
        }
        mark_voided(&tx, id, true)?;
        tx.commit()?;
        Ok(Voucher { voided: true, ..voucher })
    }

    /// Un-voids a voucher: it counts again, checked as saving it would be. A sale passes the
    /// customer's credit control on its date (the rest of the balance plus its total); with
    /// `accept_credit_warning` a warned one is restored and the warning kept with it, as a save
    /// keeps it. A settlement must still name an invoice that counts; settlements naming a
    /// restored invoice apply to it again, as before it was voided. Returns the voucher and
    /// the credit warning accepted for it, if any.
    pub fn unvoid_voucher(&mut self, number: &str, accept_credit_warning: bool) -> Result<(Voucher, Option<String>)> {
        let tx = self.write_tx()?;
        let (id, voucher) = stored_by_number(&tx, number)?;
        if !voucher.voided {
            return Err(StoreError::VoucherNotVoided(voucher.number));
        }
        let (code, _) = customer_for(&tx, &voucher)?;
        let advice = format!("un-void it first, or enter the money again as a new {}", voucher.kind.as_str());
        check_applied_invoice(&tx, &voucher, &code, &advice)?;
        let credit_note = match voucher.kind {
            VoucherKind::Sale => {
                let total: i64 =
                    tx.prepare_cached("SELECT total FROM vouchers WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
                let total = from_units(total);
                credit_check(&tx, voucher.customer_id, Some(id), voucher.date, total, accept_credit_warning)?
            }
            _ => None,
        };
        let now = mark_voided(&tx, id, false)?;
        if let Some(note) = &credit_note {
            keep_credit_override(&tx, id, &now, note)?;
        }
        tx.commit()?;
        Ok((Voucher { voided: false, ..voucher }, credit_note))
    }

    /// How many times the voucher was saved, voided or un-voided: what a form keeps to offer
    /// to [`Store::save_voucher_seen`].
    pub fn voucher_version(&self, id: i64) -> Result<Option<i64>> {
        Ok(self.conn().query_row("SELECT version FROM vouchers WHERE id = ?1", [id], |r| r.get(0)).optional()?)
    }

    pub fn voucher(&self, id: i64) -> Result<Option<Voucher>> {
        read_voucher(self.conn(), id)
    }

    /// The voucher with this number (compared without case).
    pub fn voucher_by_number(&self, number: &str) -> Result<Option<Voucher>> {
        match voucher_id_by_number(self.conn(), number)? {
            Some(id) => read_voucher(self.conn(), id),
            None => Ok(None),
        }
    }

    /// How many vouchers and voucher lines the book holds.
    pub fn voucher_counts(&self) -> Result<(u64, u64)> {
        let vouchers: i64 = self.conn().query_row("SELECT COUNT(*) FROM vouchers", [], |r| r.get(0))?;
        let lines: i64 = self.conn().query_row("SELECT COUNT(*) FROM voucher_lines", [], |r| r.get(0))?;
        Ok((vouchers as u64, lines as u64))
    }

    /// Created, edited, voided and un-voided, oldest first.
    pub fn voucher_history(&self, id: i64) -> Result<Vec<VoucherHistoryEntry>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT changed_at, action, detail, changed_by FROM voucher_history WHERE voucher_id = ?1 ORDER BY id",
        )?;
        let entries = statement
            .query_map([id], |r| {
                Ok(VoucherHistoryEntry {
                    changed_at: r.get(0)?,
                    action: r.get(1)?,
                    detail: r.get(2)?,
                    changed_by: r.get(3)?,
                })
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(entries)
    }
}

/// Saves a voucher on `tx`, the caller's transaction: the one save path of entry and imports.
/// Checks it (a refused voucher returns an error, and the caller rolls back), numbers a new one,
/// meets the customer's credit control (a sale: a block refuses; a warning refuses unless
/// `accept_credit_warning`, and is then kept with the voucher) and records it in its history.
pub(super) fn save_voucher_in(
    tx: &Db,
    voucher: &Voucher,
    accept_credit_warning: bool,
    rounding: Rounding,
) -> Result<SavedVoucher> {
    let errors = voucher.validate();
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    let now = now_text();
    let (code, active) = customer_for(tx, voucher)?;

    let existing = match voucher.id {
        Some(id) => Some(read_voucher(tx, id)?.ok_or_else(|| StoreError::VoucherNotFound(voucher.number.clone()))?),
        None => None,
    };
    if existing.is_none() && !active {
        return Err(StoreError::Rejected(format!("{code} is inactive; activate it before entering new vouchers")));
    }
    if let Some(old) = &existing {
        if old.voided {
            return Err(StoreError::VoucherVoided(old.number.clone()));
        }
        if old.kind != voucher.kind {
            return Err(StoreError::Rejected(format!(
                "{} is a {}; a voucher cannot change its kind (void it and enter a new one)",
                old.number,
                old.kind.as_str()
            )));
        }
    }
    let mut lines = Vec::with_capacity(voucher.lines.len());
    for line in &voucher.lines {
        let item = read_item(tx, line.item_id)?.ok_or_else(|| {
            StoreError::ItemNotFound(if line.item_code.is_empty() {
                format!("#{}", line.item_id)
            } else {
                line.item_code.clone()
            })
        })?;
        let already_on_it = existing.as_ref().is_some_and(|old| old.lines.iter().any(|l| l.item_id == line.item_id));
        if !item.active && !already_on_it {
            return Err(StoreError::ItemInactive(item.code));
        }
        lines.push(VoucherLine {
            item_code: item.code,
            item_name: if line.item_name.trim().is_empty() { item.name } else { line.item_name.trim().to_string() },
            unit: if line.unit.trim().is_empty() { item.unit } else { line.unit.trim().to_string() },
            ..line.clone()
        });
    }
    check_applied_invoice(tx, voucher, &code, "apply the money to another invoice")?;
    let saved = Voucher {
        lines,
        applies_to: voucher.applies_to.as_deref().map(canonical_number),
        reference: voucher.reference.trim().to_string(),
        memo: voucher.memo.trim().to_string(),
        number: match &existing {
            Some(old) => old.number.clone(),
            None => next_number(tx, voucher.kind, voucher.date)?,
        },
        voided: false,
        ..voucher.clone()
    };
    let totals = saved.totals(rounding);
    let credit_note = match saved.kind {
        VoucherKind::Sale => credit_check(
            tx,
            saved.customer_id,
            existing.as_ref().and_then(|v| v.id),
            saved.date,
            totals.total,
            accept_credit_warning,
        )?,
        _ => None,
    };
    let id = match &existing {
        None => insert_voucher_row(tx, &saved, totals, &now)?,
        Some(old) => {
            let id = old.id.unwrap_or_default();
            let mut values = row_values(&saved, totals)?;
            values.extend([Value::from(now.clone()), Value::from(id), Value::from(tx.clerk().to_string())]);
            tx.prepare_cached(
                "UPDATE vouchers SET customer_id = ?1, date = ?2, due_date = ?3, supply = ?4, tax = ?5,
                        total = ?6, amount = ?7, payable_amount = ?8, debit = ?9, credit = ?10,
                        receivable_delta = ?11, payable_delta = ?12, method = ?13, reference = ?14,
                        applies_to = ?15,
                        applies_to_id = (SELECT applied.id FROM vouchers applied WHERE applied.number = ?15),
                        memo = ?16, updated_at = ?17, updated_by = ?19, version = version + 1
                     WHERE id = ?18",
            )?
            .execute(params_from_iter(values))?;
            tx.prepare_cached("DELETE FROM voucher_lines WHERE voucher_id = ?1")?.execute([id])?;
            id
        }
    };
    write_lines(tx, id, &saved.lines, rounding)?;
    let detail = match &existing {
        None => format!("total {}", totals.total),
        Some(old) => describe_edit(old, &saved, rounding),
    };
    let action = if existing.is_some() { "edited" } else { "created" };
    record(tx, id, &now, action, &detail)?;
    if let Some(note) = &credit_note {
        keep_credit_override(tx, id, &now, note)?;
    }
    Ok(SavedVoucher { voucher: Voucher { id: Some(id), ..saved }, totals, credit_warning: credit_note })
}

/// Inserts a new voucher's row (its number already given) and returns its id; the lines are written apart.
/// What a voucher's row holds besides its number, kind and timestamps, in the
/// column order both the INSERT and the UPDATE below use.
/// The columns [`row_values`] gives, in its order.
pub(crate) const ROW_COLUMNS: &str = "customer_id, date, due_date, supply, tax, total, amount, payable_amount, debit, \
     credit, receivable_delta, payable_delta, method, reference, applies_to, memo";

pub(crate) fn row_values(voucher: &Voucher, totals: Amounts) -> Result<Vec<Value<'static>>> {
    let (debit, credit, receivable, payable) = postings(voucher, totals)?;
    Ok(vec![
        Value::from(voucher.customer_id),
        Value::from(date_text(voucher.date)),
        voucher.due_date.map_or(Value::Null, |due| Value::from(date_text(due))),
        Value::from(to_units(totals.supply)?),
        Value::from(to_units(totals.tax)?),
        Value::from(to_units(totals.total)?),
        Value::from(to_units(voucher.amount)?),
        Value::from(to_units(voucher.payable_amount)?),
        Value::from(debit),
        Value::from(credit),
        Value::from(receivable),
        Value::from(payable),
        Value::from(voucher.method.as_str().to_string()),
        Value::from(voucher.reference.clone()),
        voucher.applies_to.clone().map_or(Value::Null, Value::from),
        Value::from(voucher.memo.clone()),
    ])
}

/// Inserts a new voucher's row (its number already given) and returns its id; the lines are written apart.
pub(crate) fn insert_voucher_row(conn: &Db, voucher: &Voucher, totals: Amounts, now: &str) -> Result<i64> {
    let mut values = vec![Value::from(voucher.number.clone()), Value::from(voucher.kind.as_str().to_string())];
    values.extend(row_values(voucher, totals)?);
    values.push(Value::from(now.to_string()));
    values.push(Value::from(conn.clerk().to_string()));
    conn.prepare_cached(
        "INSERT INTO vouchers (number, kind, customer_id, date, due_date, supply, tax, total, amount,
            payable_amount, debit, credit, receivable_delta, payable_delta, method, reference,
            applies_to, applies_to_id, memo, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            (SELECT applied.id FROM vouchers applied WHERE applied.number = ?17), ?18, ?19, ?19, ?20)",
    )?
    .execute(params_from_iter(values))
    .map_err(|e| match e {
        ref e if e.is_constraint() => {
            StoreError::Rejected(format!("a voucher numbered {} already exists", voucher.number))
        }
        _ => e.into(),
    })?;
    Ok(conn.last_insert_rowid()?)
}

pub(crate) fn write_lines(conn: &Db, voucher_id: i64, lines: &[VoucherLine], rounding: Rounding) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO voucher_lines (voucher_id, position, item_id, item_code, item_name, unit, quantity, unit_price,
                                    discount_pct, tax_rate, supply, tax, total, price_basis)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (position, line) in lines.iter().enumerate() {
        insert.execute(line_values(voucher_id, position, line, rounding)?)?;
    }
    Ok(())
}

/// The columns [`line_values`] gives, in its order.
pub(crate) const LINE_COLUMNS: &str = "voucher_id, position, item_id, item_code, item_name, unit, quantity, \
     unit_price, discount_pct, tax_rate, supply, tax, total, price_basis";

/// Line `position` of voucher `voucher_id` as stored, its amounts rounded as the book rounds.
pub(crate) fn line_values(
    voucher_id: i64,
    position: usize,
    line: &VoucherLine,
    rounding: Rounding,
) -> Result<[Value<'_>; 14]> {
    let amounts = line.amounts(rounding);
    Ok([
        Value::Integer(voucher_id),
        Value::Integer(position as i64),
        Value::Integer(line.item_id),
        Value::from(line.item_code.as_str()),
        Value::from(line.item_name.as_str()),
        Value::from(line.unit.as_str()),
        Value::from(line.quantity.normalize().to_string()),
        Value::from(line.unit_price.normalize().to_string()),
        Value::from(line.discount_pct.normalize().to_string()),
        Value::from(line.tax_rate.normalize().to_string()),
        Value::Integer(to_units(amounts.supply)?),
        Value::Integer(to_units(amounts.tax)?),
        Value::Integer(to_units(amounts.total)?),
        Value::from(line.price_basis.as_ref().and_then(|basis| serde_json::to_string(basis).ok())),
    ])
}

fn record(conn: &Db, voucher_id: i64, now: &str, action: &str, detail: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO voucher_history (voucher_id, changed_at, action, detail, changed_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![voucher_id, now, action, detail, conn.clerk()])?;
    Ok(())
}

/// The stored voucher with this number, and its id.
fn stored_by_number(conn: &Db, number: &str) -> Result<(i64, Voucher)> {
    let missing = || StoreError::VoucherNotFound(number.trim().to_string());
    let id = voucher_id_by_number(conn, number)?.ok_or_else(missing)?;
    Ok((id, read_voucher(conn, id)?.ok_or_else(missing)?))
}

/// Sets or clears the voided mark and records which; returns the time it was done.
pub(super) fn mark_voided(conn: &Db, id: i64, voided: bool) -> Result<String> {
    let now = now_text();
    conn.prepare_cached(
        "UPDATE vouchers SET voided = ?1, updated_at = ?2, updated_by = ?4, version = version + 1 WHERE id = ?3",
    )?
    .execute(params![voided, now, id, conn.clerk()])?;
    record(conn, id, &now, if voided { "voided" } else { "un-voided" }, "")?;
    Ok(now)
}

/// The voucher's customer code and whether it is active; refuses a voucher its role may not take.
fn customer_for(conn: &Db, voucher: &Voucher) -> Result<(String, bool)> {
    let (code, role_text, active): (String, String, bool) = conn
        .prepare_cached("SELECT code, role, active FROM customers WHERE id = ?1")?
        .query_row([voucher.customer_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| StoreError::CustomerNotFound(format!("#{}", voucher.customer_id)))?;
    let role = Role::parse(&role_text).unwrap_or_default();
    if let Some(problem) = role_problem(voucher, role, &code) {
        return Err(StoreError::Rejected(problem));
    }
    Ok((code, active))
}

/// Refuses a settlement naming an invoice that is missing, of the wrong kind, another
/// customer's or voided; `if_voided` tells the clerk what to do in the last case.
fn check_applied_invoice(conn: &Db, voucher: &Voucher, code: &str, if_voided: &str) -> Result<()> {
    let Some(target) = &voucher.applies_to else { return Ok(()) };
    let wanted = if voucher.kind == VoucherKind::Collection { VoucherKind::Sale } else { VoucherKind::Purchase };
    let found: Option<(String, String, i64, bool)> = conn
        .prepare_cached("SELECT number, kind, customer_id, voided FROM vouchers WHERE number = ?1")?
        .query_row([canonical_number(target)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((number, kind, customer_id, voided)) = found else {
        return Err(StoreError::Rejected(format!(
            "there is no voucher numbered \"{}\" to apply this to",
            target.trim()
        )));
    };
    if kind != wanted.as_str() {
        return Err(StoreError::Rejected(format!(
            "{number} is a {kind}; a {} can only be applied to a {}",
            voucher.kind.as_str(),
            wanted.as_str()
        )));
    }
    if customer_id != voucher.customer_id {
        return Err(StoreError::Rejected(format!("{number} belongs to another customer, not {code}")));
    }
    if voided {
        return Err(StoreError::Rejected(format!("{number} is voided; {if_voided}")));
    }
    Ok(())
}

/// The credit control a sale of `total` on `date` meets (`voucher_id`: the sale itself, when
/// stored). A block refuses; a warning refuses unless accepted, and is returned to be kept.
fn credit_check(
    conn: &Db,
    customer_id: i64,
    voucher_id: Option<i64>,
    date: NaiveDate,
    total: Decimal,
    accept_warning: bool,
) -> Result<Option<String>> {
    let (verdict, who) = sale_verdict(conn, customer_id, voucher_id, date, total)?;
    if !verdict.blocks() && !verdict.warns() {
        return Ok(None);
    }
    let message = verdict.message(&who, &super::settings::read_currency(conn)?);
    if verdict.blocks() {
        return Err(StoreError::CreditBlocked(message));
    }
    if !accept_warning {
        return Err(StoreError::CreditWarning(message));
    }
    Ok(Some(message))
}

/// Keeps the credit warning the clerk accepted with the voucher and in its history.
fn keep_credit_override(conn: &Db, id: i64, now: &str, note: &str) -> Result<()> {
    conn.prepare_cached("UPDATE vouchers SET credit_override = ?1 WHERE id = ?2")?.execute(params![note, id])?;
    record(conn, id, now, "credit warning accepted", note)
}

/// What an edit changed, in words for the history.
fn describe_edit(old: &Voucher, new: &Voucher, rounding: Rounding) -> String {
    let mut changes = Vec::new();
    if old.date != new.date {
        changes.push(format!("date {} → {}", old.date, new.date));
    }
    if old.due_date != new.due_date {
        let show = |d: Option<NaiveDate>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
        changes.push(format!("due {} → {}", show(old.due_date), show(new.due_date)));
    }
    if old.customer_id != new.customer_id {
        changes.push("customer changed".to_string());
    }
    let (before, after) = (old.totals(rounding).total, new.totals(rounding).total);
    if before != after {
        changes.push(format!("total {before} → {after}"));
    }
    if old.lines != new.lines {
        changes.push(format!("lines {} → {}", old.lines.len(), new.lines.len()));
    }
    if old.applies_to != new.applies_to {
        changes.push(format!("applied to {}", new.applies_to.as_deref().unwrap_or("no invoice")));
    }
    if old.memo != new.memo || old.reference != new.reference || old.method != new.method {
        changes.push("details".to_string());
    }
    if changes.is_empty() { "no change".to_string() } else { changes.join("; ") }
}
