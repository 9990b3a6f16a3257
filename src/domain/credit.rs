//! Credit control: whether a sale takes a customer over its credit limit or is
//! entered while its receivables are overdue beyond the age limit, and what to
//! say. The one check every save path (window, CLI, import) runs.
//!
//! - Exposure = the receivable balance without this voucher's earlier amount
//!   (when it is being edited) + this voucher's total. Over the limit means
//!   strictly more: exactly at the limit is allowed, one cent over is not.
//! - Age = days the oldest open invoice is past its due date on the voucher's
//!   date. Over the age limit means strictly more days than the limit.
//! - The action (off, warn, block) decides what a problem does; off checks nothing.

use super::customer::OnExceed;
use super::money::{Currency, format_amount};
use super::terms::{EffectiveTerms, Sourced};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the ledger says about the customer when the sale is saved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Exposure {
    /// Receivable balance, without the earlier amount of the voucher being edited.
    pub balance_before: Decimal,
    /// The total of the sale being saved.
    pub sale_total: Decimal,
    /// Days the oldest open invoice is past due on the sale's date; `None` when nothing is overdue.
    pub oldest_overdue_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CreditProblem {
    OverLimit { limit: Decimal, balance_after: Decimal, excess: Decimal },
    Overdue { days: i64, limit_days: u32, over: i64 },
}

impl CreditProblem {
    /// The sentence the clerk reads, amounts with the currency symbol.
    pub fn message(&self, currency: &Currency) -> String {
        match self {
            CreditProblem::OverLimit { limit, balance_after, excess } => format!(
                "Credit limit exceeded by {} (limit {}; balance after this sale {})",
                format_amount(*excess, currency),
                format_amount(*limit, currency),
                format_amount(*balance_after, currency)
            ),
            CreditProblem::Overdue { days, limit_days, over } => format!(
                "Receivables overdue {} (limit {}; {} over)",
                day_count(*days),
                day_count(i64::from(*limit_days)),
                day_count(*over)
            ),
        }
    }

    /// The sentence for where the customer stands now, before any sale.
    pub fn standing(&self, currency: &Currency) -> String {
        match self {
            CreditProblem::OverLimit { limit, balance_after, excess } => format!(
                "Over the credit limit by {} (limit {}; balance {})",
                format_amount(*excess, currency),
                format_amount(*limit, currency),
                format_amount(*balance_after, currency)
            ),
            CreditProblem::Overdue { .. } => self.message(currency),
        }
    }
}

/// What the check found and what the customer's action makes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditVerdict {
    pub action: Sourced<OnExceed>,
    pub problems: Vec<CreditProblem>,
}

impl CreditVerdict {
    /// The sale may not be saved.
    pub fn blocks(&self) -> bool {
        self.action.value == OnExceed::Block && !self.problems.is_empty()
    }

    /// The clerk must confirm before saving.
    pub fn warns(&self) -> bool {
        self.action.value == OnExceed::Warn && !self.problems.is_empty()
    }

    /// Every problem as one sentence each, naming the customer first.
    pub fn message(&self, customer: &str, currency: &Currency) -> String {
        let problems: Vec<String> = self.problems.iter().map(|p| p.message(currency)).collect();
        format!("{customer}: {}.", problems.join("; "))
    }
}

fn day_count(days: i64) -> String {
    if days == 1 { "1 day".to_string() } else { format!("{days} days") }
}

/// The share of its credit limit a customer's receivable uses, in percent (83.3 for 8,330 owed
/// on 10,000); `None` without a positive limit, where there is no share to measure: a zero limit
/// gives no credit at all, and anything owed is over it, as [`check_credit`] says. The card's
/// "Credit used" and the alerts' "credit used %" both read it here.
pub fn credit_used_pct(receivable: Decimal, limit: Decimal) -> Option<Decimal> {
    (limit > Decimal::ZERO).then(|| receivable.max(Decimal::ZERO) * Decimal::ONE_HUNDRED / limit)
}

/// Runs the check in this module's header with the customer's effective limits.
pub fn check_credit(terms: &EffectiveTerms, exposure: &Exposure) -> CreditVerdict {
    let action = terms.on_exceed.clone();
    let mut problems = Vec::new();
    if action.value != OnExceed::Off {
        if let Some(limit) = &terms.credit_limit {
            let balance_after = exposure.balance_before + exposure.sale_total;
            if balance_after > limit.value {
                problems.push(CreditProblem::OverLimit {
                    limit: limit.value,
                    balance_after,
                    excess: balance_after - limit.value,
                });
            }
        }
        if let (Some(limit), Some(days)) = (&terms.age_limit_days, exposure.oldest_overdue_days)
            && days > i64::from(limit.value)
        {
            problems.push(CreditProblem::Overdue {
                days,
                limit_days: limit.value,
                over: days - i64::from(limit.value),
            });
        }
    }
    CreditVerdict { action, problems }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::terms::{Source, TermsSet, effective_terms};
    use rstest::rstest;
    use rust_decimal_macros::dec;

    fn terms(limit: Option<Decimal>, age: Option<u32>, action: OnExceed) -> EffectiveTerms {
        effective_terms(
            &TermsSet { credit_limit: limit, age_limit_days: age, on_exceed: Some(action), ..TermsSet::default() },
            &[],
        )
    }

    fn exposure(before: Decimal, sale: Decimal, overdue: Option<i64>) -> Exposure {
        Exposure { balance_before: before, sale_total: sale, oldest_overdue_days: overdue }
    }

    #[rstest]
    #[case::at_the_limit(dec!(9000), dec!(1000), 0)]
    #[case::one_cent_over(dec!(9000), dec!(1000.01), 1)]
    #[case::well_under(dec!(0), dec!(10), 0)]
    #[case::editing_down_under_the_limit(dec!(9500), dec!(400), 0)]
    fn the_limit_is_allowed_and_one_cent_over_is_not(
        #[case] before: Decimal,
        #[case] sale: Decimal,
        #[case] problems: usize,
    ) {
        let verdict = check_credit(&terms(Some(dec!(10000)), None, OnExceed::Block), &exposure(before, sale, None));
        assert_eq!(verdict.problems.len(), problems);
        assert_eq!(verdict.blocks(), problems > 0);
    }

    #[rstest]
    #[case::exactly_at_the_age_limit(Some(30), 0)]
    #[case::one_day_over(Some(31), 1)]
    #[case::nothing_overdue(None, 0)]
    fn the_age_limit_counts_days_past_due(#[case] overdue: Option<i64>, #[case] problems: usize) {
        let verdict = check_credit(&terms(None, Some(30), OnExceed::Warn), &exposure(dec!(0), dec!(1), overdue));
        assert_eq!(verdict.problems.len(), problems);
        assert_eq!(verdict.warns(), problems > 0);
        assert!(!verdict.blocks());
    }

    #[test]
    fn credit_used_is_a_share_of_a_positive_limit_only() {
        assert_eq!(credit_used_pct(dec!(8330), dec!(10000)), Some(dec!(83.3)));
        assert_eq!(credit_used_pct(dec!(-50), dec!(10000)), Some(Decimal::ZERO), "a credit balance uses none");
        assert_eq!(credit_used_pct(dec!(50), Decimal::ZERO), None, "no credit: nothing to share, over the check");
        let zero = terms(Some(Decimal::ZERO), None, OnExceed::Block);
        let owed = Exposure { balance_before: dec!(50), sale_total: Decimal::ZERO, oldest_overdue_days: None };
        assert!(!check_credit(&zero, &owed).problems.is_empty(), "the check calls anything owed over a zero limit");
    }

    #[test]
    fn the_message_gives_both_excesses() {
        let verdict = check_credit(
            &terms(Some(dec!(10000)), Some(30), OnExceed::Block),
            &exposure(dec!(9000), dec!(2250), Some(45)),
        );
        assert_eq!(
            verdict.message("C000007 Acme", &Currency::default()),
            "C000007 Acme: Credit limit exceeded by $1,250.00 (limit $10,000.00; balance after this sale \
             $11,250.00); Receivables overdue 45 days (limit 30 days; 15 days over)."
        );
    }

    #[test]
    fn off_checks_nothing_and_the_action_says_where_it_came_from() {
        let verdict =
            check_credit(&terms(Some(dec!(1)), Some(1), OnExceed::Off), &exposure(dec!(50), dec!(50), Some(99)));
        assert!(verdict.problems.is_empty() && !verdict.blocks() && !verdict.warns());
        assert_eq!(verdict.action.source, Source::Customer);
    }
}
