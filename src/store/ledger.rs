//! Reports over the vouchers: one customer's ledger, the balances of every
//! customer, and the ageing of open invoices. The CLI and the window both read
//! these, so they always show the same figures.

use super::vouchers::{date_text, from_units, parse_date_column};
use super::{Result, Store};
use crate::domain::customer::Role;
use crate::domain::ledger::{
    Ageing, AgeingEdges, Balance, Invoice, LedgerEntry, OpenInvoice, Settlement, age, allocate,
};
use crate::domain::search::{ActiveFilter, SearchQuery};
use crate::domain::voucher::VoucherKind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

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

/// One customer's invoices and the money that settles them.
type History = (Vec<Invoice>, Vec<Settlement>);

/// Row ids hash well by themselves; the default SipHash showed up in report profiles.
#[derive(Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, id: i64) {
        self.0 = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<V> = HashMap<i64, V, std::hash::BuildHasherDefault<IdHasher>>;

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
                 WHERE customer_id = ?1 AND date < ?2 AND NOT voided",
            )?
            .query_row(rusqlite::params![customer_id, from_text], |r| r.get(0))?;
        let (in_period, period_sum): (i64, i64) = conn
            .prepare_cached(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN voided THEN 0 ELSE debit - credit END), 0) FROM vouchers
                 WHERE customer_id = ?1 AND date BETWEEN ?2 AND ?3",
            )?
            .query_row(rusqlite::params![customer_id, from_text, to_text], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let (skip, take) = page.unwrap_or((0, u64::MAX));
        let take = take.min(i64::MAX as u64) as i64;
        let skip = skip.min(i64::MAX as u64) as i64;
        let skipped: i64 = if skip == 0 {
            0
        } else {
            conn.prepare_cached(
                "SELECT COALESCE(SUM(CASE WHEN voided THEN 0 ELSE debit - credit END), 0) FROM (
                    SELECT debit, credit, voided FROM vouchers
                    WHERE customer_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date, id LIMIT ?4)",
            )?
            .query_row(rusqlite::params![customer_id, from_text, to_text, skip], |r| r.get(0))?
        };
        let mut statement = conn.prepare_cached(
            "SELECT id, date, kind, number, memo, debit, credit, voided FROM vouchers
             WHERE customer_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date, id LIMIT ?4 OFFSET ?5",
        )?;
        let mut entries = statement
            .query_map(rusqlite::params![customer_id, from_text, to_text, take, skip], |r| {
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
            .collect::<rusqlite::Result<Vec<_>>>()?;
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
                 WHERE customer_id = ?1 AND NOT voided",
            )?
            .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Balance { receivable: from_units(receivable), payable: from_units(payable) })
    }

    /// Every customer with vouchers, by code, with receivable and payable balances.
    pub fn balances(&self, filter: &ReportFilter) -> Result<Vec<CustomerBalance>> {
        let snapshot = self.conn().unchecked_transaction()?;
        let allowed = self.allowed_customers(filter)?;
        let mut statement = self.conn().prepare_cached(
            "SELECT c.id, c.code, c.name, c.person_in_charge, b.receivable, b.payable
             FROM (SELECT customer_id,
                          SUM(CASE WHEN voided THEN 0 ELSE receivable_delta END) AS receivable,
                          SUM(CASE WHEN voided THEN 0 ELSE payable_delta END) AS payable
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
        snapshot.finish()?;
        Ok(balances)
    }

    /// One customer's open invoices on `as_of`, oldest due first, after allocating what was paid.
    pub fn open_invoices(&self, customer_id: i64, side: Side, as_of: NaiveDate) -> Result<Vec<OpenInvoice>> {
        let history = self.settlement_history(side, as_of, Some(customer_id))?;
        let (invoices, settlements) = history.get(&customer_id).cloned().unwrap_or_default();
        Ok(allocate(&invoices, &settlements).open().cloned().collect())
    }

    /// One customer's ageing on `as_of`.
    pub fn customer_ageing(&self, customer_id: i64, side: Side, as_of: NaiveDate) -> Result<Ageing> {
        let edges = self.ageing_edges()?;
        let history = self.settlement_history(side, as_of, Some(customer_id))?;
        let (invoices, settlements) = history.get(&customer_id).cloned().unwrap_or_default();
        Ok(age(&invoices, &settlements, as_of, edges))
    }

    /// The ageing of every customer with something open (or paid ahead) on `as_of`, by code.
    pub fn ageing(&self, side: Side, as_of: NaiveDate, filter: &ReportFilter) -> Result<Vec<CustomerAgeing>> {
        // One read transaction: one snapshot for every figure, and one file lock
        // instead of one per customer looked up.
        let snapshot = self.conn().unchecked_transaction()?;
        let edges = self.ageing_edges()?;
        let allowed = self.allowed_customers(filter)?;
        let history = self.settlement_history(side, as_of, None)?;
        let mut aged: IdMap<Ageing> = IdMap::default();
        for (id, (invoices, settlements)) in history {
            let ageing = age(&invoices, &settlements, as_of, edges);
            if !(ageing.total.is_zero() && ageing.unapplied.is_zero()) {
                aged.insert(id, ageing);
            }
        }
        // One pass over the customers is cheaper than a lookup for each of tens of thousands.
        let mut statement = self.conn().prepare_cached("SELECT id, code, name, person_in_charge FROM customers")?;
        let mut rows = statement.query([])?;
        let mut report = Vec::with_capacity(aged.len());
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if let Some(ageing) = aged.remove(&id)
                && self.passes(filter, allowed.as_ref(), id, row.get_ref(3)?.as_str().unwrap_or_default())
            {
                report.push(CustomerAgeing { id, code: row.get(1)?, name: row.get(2)?, ageing });
            }
        }
        drop(rows);
        drop(statement);
        snapshot.finish()?;
        report.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(report)
    }

    /// Invoices and settlements of one side up to `as_of`, by customer.
    fn settlement_history(&self, side: Side, as_of: NaiveDate, customer: Option<i64>) -> Result<IdMap<History>> {
        let (invoice_kind, settlement_kind, opening_column) = match side {
            Side::Receivable => (VoucherKind::Sale, VoucherKind::Collection, "amount"),
            Side::Payable => (VoucherKind::Purchase, VoucherKind::Payment, "payable_amount"),
        };
        // The opening column is one of two fixed names chosen above, never user text. One
        // customer is read through its index (with numbers, for showing); every customer by
        // one pass over the table, without numbers, which the figures do not need.
        let (which, number) =
            if customer.is_some() { ("v.customer_id = ?4", "v.number") } else { ("?4 IS NULL", "''") };
        let sql = format!(
            "SELECT v.id, v.customer_id, v.kind, v.date, v.due_date, v.total, v.amount, v.{opening_column},
                    CASE WHEN v.applies_to IS NOT NULL
                         THEN (SELECT applied.id FROM vouchers applied WHERE applied.number = v.applies_to) END,
                    {number}
             FROM vouchers v
             WHERE {which} AND v.voided = 0 AND v.date <= ?1 AND v.kind IN (?2, ?3, 'opening')"
        );
        let mut statement = self.conn().prepare_cached(&sql)?;
        let mut rows = statement.query(rusqlite::params![
            date_text(as_of),
            invoice_kind.as_str(),
            settlement_kind.as_str(),
            customer,
        ])?;
        let mut history: IdMap<History> = IdMap::default();
        let text = |row: &rusqlite::Row<'_>, column: usize| -> rusqlite::Result<Option<NaiveDate>> {
            match row.get_ref(column)?.as_str_or_null().map_err(rusqlite::Error::from)? {
                Some(text) => parse_date_column(text).map(Some),
                None => Ok(None),
            }
        };
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let customer_id: i64 = row.get(1)?;
            let kind = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            let Some(date) = text(row, 3)? else { continue };
            let entry = history.entry(customer_id).or_default();
            if kind == settlement_kind.as_str() {
                entry.1.push(Settlement { id, date, amount: from_units(row.get(6)?), applies_to: row.get(8)? });
            } else {
                let amount = if kind == "opening" { from_units(row.get(7)?) } else { from_units(row.get(5)?) };
                if !amount.is_zero() {
                    let due = text(row, 4)?.unwrap_or(date);
                    entry.0.push(Invoice { id, number: row.get(9)?, date, due, amount });
                }
            }
        }
        Ok(history)
    }

    /// The customers a group or role filter lets through, or None when it lets every one through.
    fn allowed_customers(&self, filter: &ReportFilter) -> Result<Option<HashSet<i64>>> {
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

    fn passes(&self, filter: &ReportFilter, allowed: Option<&HashSet<i64>>, id: i64, person: &str) -> bool {
        if filter.is_empty() {
            return true;
        }
        allowed.is_none_or(|ids| ids.contains(&id))
            && filter.person_in_charge.as_ref().is_none_or(|wanted| wanted.trim().eq_ignore_ascii_case(person.trim()))
    }
}
