//! Evaluating an alert rule: each customer in the rule's scope gets the rule's figure, read from
//! the vouchers in one pass per measure, and the domain's comparison says who matches.

use super::history::for_each_history;
use super::ledger::{ReportFilter, Side};
use super::vouchers::{date_text, from_units, parse_date_column};
use super::{Result, Store, StoreError};
use crate::domain::alerts::run::stored_figure;
use crate::domain::alerts::{DateRange, Match, Measure, Rule, rank};
use crate::domain::credit::credit_used_pct;
use crate::domain::customer::Role;
use crate::domain::ledger::{AgeingEdges, age};
use crate::domain::terms::{GroupDefaults, TermsSet, effective_terms};
use crate::domain::voucher::VoucherKind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What a rule finds on a day: the period its sums covered and the matching customers, ranked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub period: Option<DateRange>,
    pub matches: Vec<Match>,
}

/// A customer in a rule's scope.
struct Candidate {
    id: i64,
    code: String,
    name: String,
    credit_limit: Option<String>,
}

impl Store {
    /// Who matches `rule` on `today`, as a run would store it. Customers of the wrong side are
    /// left out (a pure vendor has no sales); a customer with no vouchers has figures of zero, so
    /// "sales under 100" finds those who bought nothing. "Credit used %" looks only at customers
    /// with a credit limit above zero, "days since the last sale" only at those who ever bought.
    pub fn evaluate_alert(&self, rule: &Rule, today: NaiveDate) -> Result<Evaluation> {
        // One snapshot for every figure; a run claiming its slot has one open already.
        let snapshot = if self.conn().is_autocommit() { Some(self.conn().read_tx()?) } else { None };
        let candidates = self.candidates(rule)?;
        let period = rule.measure.uses_period().then(|| rule.period.range(today));
        let figures: HashMap<i64, Decimal> = match rule.measure {
            Measure::Sales => self.period_sums(VoucherKind::Sale, period)?,
            Measure::Purchases => self.period_sums(VoucherKind::Purchase, period)?,
            Measure::Collections => self.period_sums(VoucherKind::Collection, period)?,
            Measure::Payments => self.period_sums(VoucherKind::Payment, period)?,
            Measure::Receivable => self.balances_by_customer("receivable_delta")?,
            Measure::Payable => self.balances_by_customer("payable_delta")?,
            Measure::OverdueAmount | Measure::OverdueDays => self.overdue(rule.measure, today)?,
            Measure::CreditUsedPct => self.balances_by_customer("receivable_delta")?,
            Measure::DaysSinceSale => self.days_since_sale(today)?,
        };
        let limits = match rule.measure {
            Measure::CreditUsedPct => self.credit_limits(&candidates)?,
            _ => HashMap::new(),
        };
        let mut matches = Vec::new();
        for candidate in candidates {
            let figure = figures.get(&candidate.id).copied();
            let value = match rule.measure {
                Measure::DaysSinceSale => match figure {
                    Some(days) => days,
                    None => continue,
                },
                Measure::CreditUsedPct => {
                    match limits
                        .get(&candidate.id)
                        .and_then(|limit| credit_used_pct(figure.unwrap_or_default(), *limit))
                    {
                        Some(used) => used,
                        // No limit, or a zero one: no share of credit to measure.
                        None => continue,
                    }
                }
                _ => figure.unwrap_or_default(),
            };
            let value = stored_figure(rule.measure, value);
            if rule.matches(value) {
                matches.push(Match {
                    customer_id: Some(candidate.id),
                    code: candidate.code,
                    name: candidate.name,
                    value,
                });
            }
        }
        if let Some(snapshot) = snapshot {
            snapshot.commit()?;
        }
        rank(rule.comparison, &mut matches);
        Ok(Evaluation { period, matches })
    }

    fn candidates(&self, rule: &Rule) -> Result<Vec<Candidate>> {
        let scope = &rule.scope;
        let role = scope.role().map_err(|problem| StoreError::Rejected(problem.to_string()))?;
        let filter = ReportFilter {
            groups: scope.groups.iter().map(|(axis, value)| (axis.clone(), value.clone())).collect(),
            role,
            person_in_charge: Some(scope.person_in_charge.trim().to_string()).filter(|p| !p.is_empty()),
        };
        let allowed = self.allowed_customers(&filter)?;
        // The measure's side: a pure vendor has no sales, a pure customer no purchases.
        let excluded_role = match rule.measure {
            Measure::Purchases | Measure::Payments | Measure::Payable => Role::Customer,
            _ => Role::Vendor,
        };
        let mut statement = self.conn().prepare_cached(
            "SELECT id, code, name, role, active, person_in_charge, credit_limit FROM customers ORDER BY id",
        )?;
        let mut rows = statement.query([])?;
        let mut candidates = Vec::new();
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let role = row.get_ref(3)?.as_str().unwrap_or_default();
            let active: bool = row.get(4)?;
            if role == excluded_role.as_str() || (scope.active_only && !active) {
                continue;
            }
            if !self.passes(&filter, allowed.as_ref(), id, row.get_ref(5)?.as_str().unwrap_or_default()) {
                continue;
            }
            candidates.push(Candidate { id, code: row.get(1)?, name: row.get(2)?, credit_limit: row.get(6)? });
        }
        Ok(candidates)
    }

    fn period_sums(&self, kind: VoucherKind, period: Option<DateRange>) -> Result<HashMap<i64, Decimal>> {
        let period = period.unwrap_or(DateRange { from: NaiveDate::MIN, to: NaiveDate::MAX });
        // Sales and purchases carry their value in `total`, collections and payments in `amount`;
        // both columns ride in the ageing index, so the sum never visits the table rows.
        let sql = match kind {
            VoucherKind::Sale | VoucherKind::Purchase => {
                "SELECT customer_id, SUM(total) FROM vouchers
                 WHERE kind = ?1 AND voided = 0 AND date BETWEEN ?2 AND ?3 GROUP BY customer_id"
            }
            _ => {
                "SELECT customer_id, SUM(amount) FROM vouchers
                 WHERE kind = ?1 AND voided = 0 AND date BETWEEN ?2 AND ?3 GROUP BY customer_id"
            }
        };
        let mut statement = self.conn().prepare_cached(sql)?;
        let rows = statement
            .query_map(super::db::params![kind.as_str(), date_text(period.from), date_text(period.to)], |r| {
                Ok((r.get::<_, i64>(0)?, from_units(r.get(1)?)))
            })?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    fn balances_by_customer(&self, column: &'static str) -> Result<HashMap<i64, Decimal>> {
        // `column` is one of two fixed names chosen above, never a user's text.
        let sql = format!(
            "SELECT customer_id, SUM(CASE WHEN voided <> 0 THEN 0 ELSE {column} END) FROM vouchers GROUP BY customer_id"
        );
        let mut statement = self.conn().prepare_cached(&sql)?;
        let rows = statement.query_map([], |r| Ok((r.get::<_, i64>(0)?, from_units(r.get(1)?))))?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    fn overdue(&self, measure: Measure, today: NaiveDate) -> Result<HashMap<i64, Decimal>> {
        let mut figures = HashMap::new();
        for_each_history(self.conn(), Side::Receivable, today, None, |id, invoices, settlements| {
            let ageing = age(invoices, settlements, today, AgeingEdges::default());
            let figure = match measure {
                Measure::OverdueDays => Decimal::from(ageing.oldest_overdue_days.unwrap_or(0)),
                _ => ageing.overdue_total(),
            };
            figures.insert(id, figure);
        })?;
        Ok(figures)
    }

    fn days_since_sale(&self, today: NaiveDate) -> Result<HashMap<i64, Decimal>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT customer_id, MAX(date) FROM vouchers
             WHERE kind = 'sale' AND voided = 0 AND date <= ?1
             GROUP BY customer_id",
        )?;
        let mut rows = statement.query([date_text(today)])?;
        let mut figures = HashMap::new();
        while let Some(row) = rows.next()? {
            let last = parse_date_column(row.get_ref(1)?.as_str().unwrap_or_default())?;
            figures.insert(row.get(0)?, Decimal::from((today - last).num_days()));
        }
        Ok(figures)
    }

    /// Each candidate's credit limit as a sale would see it: its own, else its groups'.
    fn credit_limits(&self, candidates: &[Candidate]) -> Result<HashMap<i64, Decimal>> {
        let mut from_groups: HashMap<i64, Vec<GroupDefaults>> = HashMap::new();
        let mut statement = self.conn().prepare_cached(
            "SELECT cg.customer_id, a.name, v.name, t.credit_limit
             FROM customer_groups cg
             JOIN group_terms t ON t.value_id = cg.value_id
             JOIN group_values v ON v.id = t.value_id JOIN group_axes a ON a.id = v.axis_id
             WHERE t.credit_limit IS NOT NULL
             ORDER BY cg.customer_id, a.position, a.id, v.name",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let limit: String = row.get(3)?;
            let Ok(limit) = limit.parse::<Decimal>() else { continue };
            from_groups.entry(row.get(0)?).or_default().push(GroupDefaults {
                axis: row.get(1)?,
                value: row.get(2)?,
                terms: TermsSet { credit_limit: Some(limit), ..TermsSet::default() },
            });
        }
        let mut limits = HashMap::new();
        for candidate in candidates {
            let own = TermsSet {
                credit_limit: candidate.credit_limit.as_deref().and_then(|text| text.parse().ok()),
                ..TermsSet::default()
            };
            let groups = from_groups.get(&candidate.id).map(Vec::as_slice).unwrap_or_default();
            if let Some(limit) = effective_terms(&own, groups).credit_limit {
                limits.insert(candidate.id, limit.value);
            }
        }
        Ok(limits)
    }
}
