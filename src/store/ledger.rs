//! Reports over the vouchers: one customer's ledger, the balances of every
//! customer, and the ageing of open invoices. The CLI and the window both read
//! these, so they always show the same figures.

use super::history::for_each_history;
use super::vouchers::{date_text, from_units, parse_date_column};
use super::{Result, Store};
use crate::domain::customer::Role;
use crate::domain::ledger::{Ageing, AgeingEdges, Balance, LedgerEntry, OpenInvoice, age, allocate};
use crate::domain::search::{ActiveFilter, SearchQuery};
use crate::domain::voucher::VoucherKind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Which money an ageing looks at: what customers owe us, or what we owe vendors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    #[default]
    Receivable,
    Payable,
}

/// A customer's ledger over a period (or one page of it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerLedger {
    /// The balance carried in: everything before the period (and before the page).
    pub opening: Decimal,
    pub entries: Vec<LedgerEntry>,
    /// The balance at the end of the period, whatever page was asked for.
    pub closing: Decimal,
    /// How many entries the period holds in all.
    pub total_entries: u64,
}

/// Which customers a report covers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportFilter {
    /// (axis, value) pairs the customer must all hold.
    pub groups: Vec<(String, String)>,
    pub role: Option<Role>,
    /// Compared without case.
    pub person_in_charge: Option<String>,
}

impl ReportFilter {
    fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.role.is_none() && self.person_in_charge.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerBalance {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub balance: Balance,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerAgeing {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub ageing: Ageing,
}

const FAR_PAST: &str = "0000-01-01";
const FAR_FUTURE: &str = "9999-12-31";

impl Store {
    /// The bucket edges set in Settings (30, 60, 90 unless changed).
    pub fn ageing_edges(&self) -> Result<AgeingEdges> {
        let stored = self.setting("ageing_edges")?;
        let parsed = stored.and_then(|text| {
            let numbers: Vec<u32> = text.split(',').filter_map(|n| n.trim().parse().ok()).collect();
            <[u32; 3]>::try_from(numbers).ok().and_then(|edges| AgeingEdges::new(edges).ok())
        });
        Ok(parsed.unwrap_or_default())
    }

    pub fn set_ageing_edges(&self, edges: AgeingEdges) -> Result<()> {
        let [a, b, c] = edges.0;
        self.set_setting("ageing_edges", &format!("{a},{b},{c}"))
    }

    /// The customer's ledger from `from` to `to` (either open-ended), in date
    /// order; `page` = (skip, take) reads only part of it, with the balance
    /// carried in from the entries skipped.
    pub fn ledger(
        &self,
        customer_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        page: Option<(u64, u64)>,
    ) -> Result<CustomerLedger> {
        let from_text = from.map_or_else(|| FAR_PAST.to_string(), date_text);
        let to_text = to.map_or_else(|| FAR_FUTURE.to_string(), date_text);
        let conn = self.conn();
        let before: i64 = conn
            .prepare_cached(
                "SELECT COALESCE(SUM(debit - credit), 0) FROM vouchers
                 WHERE customer_id = ?1 AND date < ?2 AND voided = 0",
            )?
            .query_row(super::db::params![customer_id, from_text], |r| r.get(0))?;
        let (in_period, period_sum): (i64, i64) = conn
            .prepare_cached(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN voided <> 0 THEN 0 ELSE debit - credit END), 0) FROM vouchers
                 WHERE customer_id = ?1 AND date BETWEEN ?2 AND ?3",
            )?
            .query_row(super::db::params![customer_id, from_text, to_text], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let (skip, take) = page.unwrap_or((0, u64::MAX));
        let take = take.min(i64::MAX as u64) as i64;
        let skip = skip.min(i64::MAX as u64) as i64;
        let skipped: i64 = if skip == 0 {
            0
        } else {
            conn.prepare_cached(
                "SELECT COALESCE(SUM(CASE WHEN voided <> 0 THEN 0 ELSE debit - credit END), 0) FROM (
                    SELECT debit, credit, voided FROM vouchers
                    WHERE customer_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date, id LIMIT ?4) AS page",
            )?
            .query_row(super::db::params![customer_id, from_text, to_text, skip], |r| r.get(0))?
        };
        let mut statement = conn.prepare_cached(
            "SELECT id, date, kind, number, memo, debit, credit, voided FROM vouchers
             WHERE customer_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date, id LIMIT ?4 OFFSET ?5",
        )?;
        let mut entries = statement
            .query_map(super::db::params![customer_id, from_text, to_text, take, skip], |r| {
                let kind: String = r.get(2)?;
                Ok(LedgerEntry {
                    voucher_id: r.get(0)?,
                    date: parse_date_column(&r.get::<_, String>(1)?)?,
                    kind: VoucherKind::parse(&kind).unwrap_or_default(),
                    number: r.get(3)?,
                    memo: r.get(4)?,
                    debit: from_units(r.get(5)?),
                    credit: from_units(r.get(6)?),
                    balance: Decimal::ZERO,
                    voided: r.get(7)?,
                })
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        let opening = from_units(before + skipped);
        crate::domain::ledger::run_balances(&mut entries, opening);
        Ok(CustomerLedger {
            opening,
            entries,
            closing: from_units(before + period_sum),
            total_entries: in_period as u64,
        })
    }

    /// What the customer owes and is owed now, voided vouchers left out.
    pub fn balance(&self, customer_id: i64) -> Result<Balance> {
        let (receivable, payable): (i64, i64) = self
            .conn()
            .prepare_cached(
                "SELECT COALESCE(SUM(receivable_delta), 0), COALESCE(SUM(payable_delta), 0) FROM vouchers
                 WHERE customer_id = ?1 AND voided = 0",
            )?
            .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Balance { receivable: from_units(receivable), payable: from_units(payable) })
    }

    /// Every customer with vouchers, by code, with receivable and payable balances.
    pub fn balances(&self, filter: &ReportFilter) -> Result<Vec<CustomerBalance>> {
        let snapshot = self.conn().read_tx()?;
        let allowed = self.allowed_customers(filter)?;
        let mut statement = self.conn().prepare_cached(
            "SELECT c.id, c.code, c.name, c.person_in_charge, b.receivable, b.payable
             FROM (SELECT customer_id,
                          SUM(CASE WHEN voided <> 0 THEN 0 ELSE receivable_delta END) AS receivable,
                          SUM(CASE WHEN voided <> 0 THEN 0 ELSE payable_delta END) AS payable
                   FROM vouchers GROUP BY customer_id) b
             JOIN customers c ON c.id = b.customer_id
             ORDER BY c.code",
        )?;
        let mut balances = Vec::new();
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if !self.passes(filter, allowed.as_ref(), id, &row.get::<_, String>(3)?) {
                continue;
            }
            balances.push(CustomerBalance {
                id,
                code: row.get(1)?,
                name: row.get(2)?,
                balance: Balance { receivable: from_units(row.get(4)?), payable: from_units(row.get(5)?) },
            });
        }
        drop(rows);
        drop(statement);
        snapshot.commit()?;
        Ok(balances)
    }

    /// One customer's open invoices on `as_of`, oldest due first, after allocating what was paid.
    pub fn open_invoices(&self, customer_id: i64, side: Side, as_of: NaiveDate) -> Result<Vec<OpenInvoice>> {
        let mut open = Vec::new();
        for_each_history(self.conn(), side, as_of, Some(customer_id), |_, invoices, settlements| {
            open = allocate(invoices, settlements).open().cloned().collect();
        })?;
        Ok(open)
    }

    /// One customer's ageing on `as_of`.
    pub fn customer_ageing(&self, customer_id: i64, side: Side, as_of: NaiveDate) -> Result<Ageing> {
        let edges = self.ageing_edges()?;
        let mut ageing = Ageing::default();
        for_each_history(self.conn(), side, as_of, Some(customer_id), |_, invoices, settlements| {
            ageing = age(invoices, settlements, as_of, edges);
        })?;
        Ok(ageing)
    }

    /// The ageing of every customer with something open (or paid ahead) on `as_of`, by code.
    pub fn ageing(&self, side: Side, as_of: NaiveDate, filter: &ReportFilter) -> Result<Vec<CustomerAgeing>> {
        // One read transaction: one snapshot for every figure, and one file lock
        // instead of one per customer looked up.
        let snapshot = self.conn().read_tx()?;
        let edges = self.ageing_edges()?;
        let allowed = self.allowed_customers(filter)?;
        // In customer id order, which the pass over the customers below follows too.
        let mut aged: Vec<(i64, Ageing)> = Vec::new();
        for_each_history(self.conn(), side, as_of, None, |id, invoices, settlements| {
            let ageing = age(invoices, settlements, as_of, edges);
            if !(ageing.total.is_zero() && ageing.unapplied.is_zero()) {
                aged.push((id, ageing));
            }
        })?;
        let mut statement =
            self.conn().prepare_cached("SELECT id, code, name, person_in_charge FROM customers ORDER BY id")?;
        let mut rows = statement.query([])?;
        let mut report = Vec::with_capacity(aged.len());
        let mut aged = aged.into_iter().peekable();
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            while aged.next_if(|(customer, _)| *customer < id).is_some() {}
            let Some((_, ageing)) = aged.next_if(|(customer, _)| *customer == id) else { continue };
            if self.passes(filter, allowed.as_ref(), id, row.get_ref(3)?.as_str().unwrap_or_default()) {
                report.push(CustomerAgeing { id, code: row.get(1)?, name: row.get(2)?, ageing });
            }
        }
        drop(rows);
        drop(statement);
        snapshot.commit()?;
        report.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(report)
    }

    /// The customers a group or role filter lets through, or None when it lets every one through.
    pub(super) fn allowed_customers(&self, filter: &ReportFilter) -> Result<Option<HashSet<i64>>> {
        if filter.groups.is_empty() && filter.role.is_none() {
            return Ok(None);
        }
        let query = SearchQuery {
            groups: filter.groups.clone(),
            role: filter.role,
            active: ActiveFilter::All,
            ..SearchQuery::default()
        };
        Ok(Some(self.browse_ids(&query)?.into_iter().collect()))
    }

    pub(super) fn passes(&self, filter: &ReportFilter, allowed: Option<&HashSet<i64>>, id: i64, person: &str) -> bool {
        if filter.is_empty() {
            return true;
        }
        allowed.is_none_or(|ids| ids.contains(&id))
            && filter.person_in_charge.as_ref().is_none_or(|wanted| wanted.trim().eq_ignore_ascii_case(person.trim()))
    }
}
