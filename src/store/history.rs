//! Reads one side's invoices and settlements customer by customer, in id order,
//! for the allocation and the ageing.
//!
//! Each kind is read by its own statement over the `vouchers_for_ageing` index,
//! which keeps every kind in customer order; the statements are merged as they
//! stream. A report over every customer thus needs neither a map of customers
//! nor a number lookup per settlement, and holds one customer at a time.

use super::Result;
use super::db::{Db, Row, Rows, Stmt};
use super::ledger::Side;
use super::vouchers::{date_text, from_units, parse_date_column};
use crate::domain::ledger::{Invoice, Settlement};
use crate::domain::voucher::VoucherKind;
use chrono::NaiveDate;

/// One statement's rows, one row read ahead.
struct Stream<'s, T> {
    rows: Rows<'s>,
    read: fn(&Row<'_>) -> super::db::Result<(i64, T)>,
    head: Option<(i64, T)>,
}

impl<'s, T> Stream<'s, T> {
    fn new(
        statement: &'s mut Stmt<'_>,
        params: &[&dyn super::db::ToValue],
        read: fn(&Row<'_>) -> super::db::Result<(i64, T)>,
    ) -> Result<Self> {
        let mut stream = Stream { rows: statement.query(params)?, read, head: None };
        stream.advance()?;
        Ok(stream)
    }

    fn advance(&mut self) -> Result<()> {
        self.head = match self.rows.next()? {
            Some(row) => Some((self.read)(&row)?),
            None => None,
        };
        Ok(())
    }

    fn next_customer(&self) -> Option<i64> {
        self.head.as_ref().map(|(customer, _)| *customer)
    }

    /// Moves the rows of `customer` (which must be the lowest left) into `into`.
    fn drain(&mut self, customer: i64, into: &mut Vec<T>) -> Result<()> {
        while let Some((next, value)) = self.head.take() {
            if next != customer {
                self.head = Some((next, value));
                break;
            }
            into.push(value);
            self.advance()?;
        }
        Ok(())
    }
}

fn date(row: &Row<'_>, column: usize) -> super::db::Result<NaiveDate> {
    parse_date_column(row.get_ref(column)?.as_str()?)
}

fn invoice(row: &Row<'_>) -> super::db::Result<(i64, Invoice)> {
    let date = date(row, 2)?;
    let due = match row.get_ref(3)?.as_str_or_null()? {
        Some(text) => parse_date_column(text)?,
        None => date,
    };
    let number = match row.get_ref(5)?.as_str_or_null()? {
        Some(number) => number.to_string(),
        None => String::new(),
    };
    Ok((row.get(0)?, Invoice { id: row.get(1)?, number, date, due, amount: from_units(row.get(4)?) }))
}

fn settlement(row: &Row<'_>) -> super::db::Result<(i64, Settlement)> {
    let settlement =
        Settlement { id: row.get(1)?, date: date(row, 2)?, amount: from_units(row.get(3)?), applies_to: row.get(4)? };
    Ok((row.get(0)?, settlement))
}

/// Calls `each` with every customer's invoices and settlements of `side` dated
/// up to `as_of` (only `customer`'s when given), in customer id order. Invoices
/// carry their numbers only for one customer: reports over all do not show them.
pub(crate) fn for_each_history(
    conn: &Db,
    side: Side,
    as_of: NaiveDate,
    customer: Option<i64>,
    mut each: impl FnMut(i64, &[Invoice], &[Settlement]),
) -> Result<()> {
    let (invoice_kind, settlement_kind, opening_column) = match side {
        Side::Receivable => (VoucherKind::Sale, VoucherKind::Collection, "amount"),
        Side::Payable => (VoucherKind::Purchase, VoucherKind::Payment, "payable_amount"),
    };
    // Every name formatted in below is one of the fixed column names chosen here, never user text.
    let (which, number) = match customer {
        Some(_) => ("AND customer_id = ?3", "number"),
        None => ("AND CAST(?3 AS BIGINT) IS NULL", "NULL"),
    };
    let invoices_sql = |amount: &str| {
        format!(
            "SELECT customer_id, id, date, due_date, {amount}, {number} FROM vouchers
             WHERE kind = ?1 AND voided = 0 {which} AND date <= ?2 AND {amount} <> 0
             ORDER BY customer_id"
        )
    };
    let mut sales = conn.prepare_cached(&invoices_sql("total"))?;
    let mut openings = conn.prepare_cached(&invoices_sql(opening_column))?;
    let mut settled = conn.prepare_cached(&format!(
        "SELECT customer_id, id, date, amount, applies_to_id FROM vouchers
         WHERE kind = ?1 AND voided = 0 {which} AND date <= ?2
         ORDER BY customer_id"
    ))?;
    let as_of = date_text(as_of);
    let mut sales = Stream::new(&mut sales, &[&invoice_kind.as_str(), &as_of, &customer], invoice)?;
    let mut openings = Stream::new(&mut openings, &[&VoucherKind::Opening.as_str(), &as_of, &customer], invoice)?;
    let mut settled = Stream::new(&mut settled, &[&settlement_kind.as_str(), &as_of, &customer], settlement)?;
    let mut invoices = Vec::new();
    let mut settlements = Vec::new();
    while let Some(next) =
        [sales.next_customer(), openings.next_customer(), settled.next_customer()].into_iter().flatten().min()
    {
        invoices.clear();
        settlements.clear();
        sales.drain(next, &mut invoices)?;
        openings.drain(next, &mut invoices)?;
        settled.drain(next, &mut settlements)?;
        each(next, &invoices, &settlements);
    }
    Ok(())
}
