//! Credit control at save time: a customer's standing read inside the saving
//! transaction, judged by `domain::credit`, so no other save can slip between.

use super::customers::read_customer;
use super::db::Db;
use super::history::for_each_history;
use super::ledger::Side;
use super::prices::group_terms_on;
use super::vouchers::from_units;
use super::{Result, Store, StoreError};
use crate::domain::credit::{CreditVerdict, Exposure, check_credit};
use crate::domain::ledger::{AgeingEdges, age};
use crate::domain::terms::{TermsSet, effective_terms};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What a sale of `total` on `date` does to the customer's credit; `voucher_id` is the sale being
/// edited, whose earlier amount does not count twice. Also the customer's "CODE Name" for messages.
pub(crate) fn sale_verdict(
    conn: &Db,
    customer_id: i64,
    voucher_id: Option<i64>,
    date: NaiveDate,
    total: Decimal,
) -> Result<(CreditVerdict, String)> {
    let customer = read_customer(conn, customer_id, &[])?
        .ok_or_else(|| StoreError::CustomerNotFound(format!("#{customer_id}")))?;
    let terms = effective_terms(&TermsSet::from_customer(&customer), &group_terms_on(conn, Some(customer_id))?);
    let balance_before: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(receivable_delta), 0) FROM vouchers
             WHERE customer_id = ?1 AND voided = 0 AND id IS DISTINCT FROM ?2",
        )?
        .query_row(super::db::params![customer_id, voucher_id], |r| r.get(0))?;
    let mut oldest_overdue_days = None;
    for_each_history(conn, Side::Receivable, date, Some(customer_id), |_, invoices, settlements| {
        oldest_overdue_days = age(invoices, settlements, date, AgeingEdges::default()).oldest_overdue_days;
    })?;
    let exposure = Exposure { balance_before: from_units(balance_before), sale_total: total, oldest_overdue_days };
    Ok((check_credit(&terms, &exposure), format!("{} {}", customer.code, customer.name)))
}

impl Store {
    /// Where a customer stands against its limits today, as a sale of nothing would see it.
    pub fn credit_standing(&self, customer_id: i64, on: NaiveDate) -> Result<CreditVerdict> {
        Ok(sale_verdict(self.conn(), customer_id, None, on, Decimal::ZERO)?.0)
    }
}
