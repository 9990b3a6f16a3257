//! Alert rules on customer ledgers: what is measured for each customer, how it is compared with
//! a threshold, over which period, for which customers, when the rule runs and whom it tells.

pub mod period;
pub mod run;
pub mod schedule;

pub use period::{DateRange, Period, PeriodError};
pub use run::{Due, Match, Notice, due, headline, notice, rank};
pub use schedule::{Schedule, ScheduleError, slot_instant};

use crate::domain::money::{Currency, format_amount};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;

keyword_enum!(Measure {
    Sales = "sales" / "sales",
    Purchases = "purchases" / "purchases",
    Collections = "collections" / "collections",
    Payments = "payments" / "payments",
    Receivable = "receivable" / "receivable balance",
    Payable = "payable" / "payable balance",
    OverdueAmount = "overdue_amount" / "overdue amount",
    OverdueDays = "overdue_days" / "oldest overdue days",
    CreditUsedPct = "credit_used_pct" / "credit used %",
    DaysSinceSale = "days_since_sale" / "days since the last sale",
});

impl Measure {
    /// Whether the measure sums vouchers over the rule's period; the others are read as they
    /// stand on the day the rule runs.
    pub fn uses_period(self) -> bool {
        matches!(self, Measure::Sales | Measure::Purchases | Measure::Collections | Measure::Payments)
    }

    /// What the figure counts, where its name alone leaves it open (tax, voided vouchers).
    pub fn counts(self) -> Option<&'static str> {
        match self {
            Measure::Sales => Some("Sales count each sale's total including tax; voided sales are left out."),
            Measure::Purchases => {
                Some("Purchases count each purchase's total including tax; voided ones are left out.")
            }
            Measure::Collections => Some("Collections count the amounts received; voided ones are left out."),
            Measure::Payments => Some("Payments count the amounts paid; voided ones are left out."),
            Measure::OverdueAmount => Some("The unpaid part of invoices past their due date, tax included."),
            Measure::CreditUsedPct => Some(
                "The receivable as a share of the credit limit; customers with no limit or a zero limit have no share and are left out.",
            ),
            _ => None,
        }
    }

    /// Whether its figure is money (shown with the currency), rather than days or a percentage.
    pub fn is_money(self) -> bool {
        !matches!(self, Measure::OverdueDays | Measure::CreditUsedPct | Measure::DaysSinceSale)
    }
}

// Where one e-mail of a run's report stands.
keyword_enum!(DeliveryStatus { Pending = "pending" / "waiting", Sent = "sent" / "sent", Failed = "failed" / "failed" });

keyword_enum!(Comparison {
    Greater = "gt" / "over",
    AtLeast = "ge" / "at least",
    Less = "lt" / "under",
    AtMost = "le" / "at most",
});

impl Comparison {
    pub fn holds(self, value: Decimal, threshold: Decimal) -> bool {
        match self {
            Comparison::Greater => value > threshold,
            Comparison::AtLeast => value >= threshold,
            Comparison::Less => value < threshold,
            Comparison::AtMost => value <= threshold,
        }
    }
}

/// Whom a rule tells: a person by name and role ("Kim", "CEO"), with an e-mail address when the
/// report should also be mailed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Recipient {
    pub name: String,
    pub role: String,
    pub email: String,
}

/// Whose desk a computer is: the person who sits at it and their role. A run's popup appears
/// on the desks of the rule's recipients (see [`Rule::is_for_desk`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Desk {
    pub name: String,
    pub role: String,
}

impl Desk {
    pub fn is_set(&self) -> bool {
        !self.name.trim().is_empty() || !self.role.trim().is_empty()
    }
}

impl Recipient {
    /// Reads the CLI's `NAME|ROLE|EMAIL` (role and e-mail may be left out or empty).
    pub fn parse(text: &str) -> Result<Recipient, RuleError> {
        let mut parts = text.split('|').map(str::trim);
        let name = parts.next().unwrap_or_default().to_string();
        let role = parts.next().unwrap_or_default().to_string();
        let email = parts.next().unwrap_or_default().to_string();
        if parts.next().is_some() || (name.is_empty() && role.is_empty()) {
            return Err(RuleError::Recipient(text.trim().to_string()));
        }
        Ok(Recipient { name, role, email })
    }

    /// "Kim (CEO)", "Sales manager".
    pub fn shown(&self) -> String {
        match (self.name.is_empty(), self.role.is_empty()) {
            (false, false) => format!("{} ({})", self.name, self.role),
            (false, true) => self.name.clone(),
            _ => self.role.clone(),
        }
    }
}

/// Which customers a rule looks at. Empty parts do not narrow it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Scope {
    /// Group axis → value; a customer must hold every one.
    pub groups: BTreeMap<String, String>,
    pub person_in_charge: String,
    /// "customer", "vendor" or "both" as the book stores roles; empty for all.
    pub role: String,
    pub active_only: bool,
}

/// A rule as the clerk defines it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    pub id: Option<i64>,
    pub name: String,
    pub measure: Measure,
    pub comparison: Comparison,
    pub threshold: Decimal,
    /// Used by the measures that sum vouchers over a period.
    pub period: Period,
    pub scope: Scope,
    pub schedule: Schedule,
    pub recipients: Vec<Recipient>,
    pub enabled: bool,
    /// Raise a notification even when no customer matches.
    pub notify_when_empty: bool,
}

impl Rule {
    /// Whether the rule's runs pop up on `desk`: a rule with no recipients tells every desk;
    /// otherwise a recipient must name the desk's person or its role (case and spaces aside).
    pub fn is_for_desk(&self, desk: &Desk) -> bool {
        let same = |a: &str, b: &str| !a.trim().is_empty() && a.trim().to_lowercase() == b.trim().to_lowercase();
        self.recipients.is_empty()
            || self.recipients.iter().any(|r| same(&r.name, &desk.name) || same(&r.role, &desk.role))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("a rule needs a name")]
    NoName,
    #[error("the threshold of {0} cannot be negative")]
    NegativeThreshold(String),
    #[error(
        "\"{0}\" is not a recipient; write NAME|ROLE|EMAIL, e.g. \"Kim|CEO|kim@example.com\" (role and e-mail may be left out)"
    )]
    Recipient(String),
    #[error("\"{0}\" is not an e-mail address")]
    Email(String),
    #[error("a weekly schedule needs at least one weekday")]
    NoWeekday,
    #[error("\"{0}\" is not a role; write customer, vendor or both")]
    Role(String),
}

impl Scope {
    /// The role the scope narrows to; None for every role.
    pub fn role(&self) -> Result<Option<crate::domain::customer::Role>, RuleError> {
        match self.role.trim() {
            "" => Ok(None),
            text => {
                crate::domain::customer::Role::parse(text).map(Some).ok_or_else(|| RuleError::Role(text.to_string()))
            }
        }
    }
}

impl Rule {
    /// Everything wrong with it; empty when it can be saved.
    pub fn problems(&self) -> Vec<RuleError> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(RuleError::NoName);
        }
        // Balances and days are never negative; sums of vouchers are not either.
        if self.threshold.is_sign_negative() && !self.threshold.is_zero() {
            problems.push(RuleError::NegativeThreshold(self.measure.to_string()));
        }
        if let Err(problem) = self.scope.role() {
            problems.push(problem);
        }
        if let Schedule::Weekly { days, .. } = &self.schedule
            && days.is_empty()
        {
            problems.push(RuleError::NoWeekday);
        }
        for recipient in &self.recipients {
            if !recipient.email.is_empty() && !crate::domain::customer::looks_like_email(&recipient.email) {
                problems.push(RuleError::Email(recipient.email.clone()));
            }
        }
        problems
    }

    /// Whether a customer's figure matches.
    pub fn matches(&self, value: Decimal) -> bool {
        self.comparison.holds(value, self.threshold)
    }

    /// The threshold as the measure shows figures: "$10,000.00", "30 days", "80%".
    pub fn threshold_text(&self, currency: &Currency) -> String {
        figure_text(self.measure, self.threshold, currency)
    }

    /// What the rule looks for, as a notification's summary says it: "sales this week over
    /// $10,000.00", "oldest overdue days at least 60 days".
    pub fn condition(&self, currency: &Currency) -> String {
        let period = if self.measure.uses_period() { format!(" {}", self.period) } else { String::new() };
        format!("{}{period} {} {}", self.measure, self.comparison, self.threshold_text(currency))
    }
}

/// A figure of `measure`, as the report shows it.
pub fn figure_text(measure: Measure, value: Decimal, currency: &Currency) -> String {
    match measure {
        Measure::OverdueDays | Measure::DaysSinceSale => format!("{} days", value.normalize()),
        Measure::CreditUsedPct => format!("{}%", value.round_dp(1).normalize()),
        _ => format_amount(value, currency),
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}, {}", self.name, self.condition(&Currency::default()), self.schedule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// The issue's own example, in the CLI's words.
    fn fridays_big_sellers() -> Rule {
        Rule {
            id: None,
            name: "Big sellers this week".into(),
            measure: Measure::parse("sales").unwrap(),
            comparison: Comparison::parse("gt").unwrap(),
            threshold: dec!(10000),
            period: Period::parse("this_week").unwrap(),
            scope: Scope::default(),
            schedule: Schedule::parse("weekly:fri@09:00").unwrap(),
            recipients: vec![Recipient::parse("|CEO").unwrap(), Recipient::parse("|Sales manager").unwrap()],
            enabled: true,
            notify_when_empty: false,
        }
    }

    #[test]
    fn the_seed_example_is_expressed_exactly() {
        let rule = fridays_big_sellers();
        assert!(rule.problems().is_empty(), "{:?}", rule.problems());
        assert_eq!(rule.condition(&Currency::default()), "sales this week over $10,000.00");
        assert_eq!(rule.schedule.to_string(), "every Friday at 09:00");
        let told: Vec<String> = rule.recipients.iter().map(Recipient::shown).collect();
        assert_eq!(told, ["CEO", "Sales manager"]);
        assert!(rule.matches(dec!(10000.01)));
        assert!(!rule.matches(dec!(10000)), "over, not at least");
    }

    #[test]
    fn comparisons_and_figures_read_as_said() {
        assert!(Comparison::AtLeast.holds(dec!(5), dec!(5)) && !Comparison::Greater.holds(dec!(5), dec!(5)));
        assert!(Comparison::AtMost.holds(dec!(5), dec!(5)) && !Comparison::Less.holds(dec!(5), dec!(5)));
        let overdue = Rule {
            measure: Measure::OverdueDays,
            comparison: Comparison::AtLeast,
            threshold: dec!(60),
            ..fridays_big_sellers()
        };
        assert_eq!(
            overdue.condition(&Currency::default()),
            "oldest overdue days at least 60 days",
            "no period for a standing figure"
        );
        assert_eq!(figure_text(Measure::CreditUsedPct, dec!(83.333), &Currency::default()), "83.3%");
    }

    #[test]
    fn a_rule_with_problems_names_them() {
        let bad = Rule {
            name: " ".into(),
            threshold: dec!(-1),
            recipients: vec![Recipient { name: "Kim".into(), role: String::new(), email: "kim@".into() }],
            schedule: Schedule::Weekly { days: Vec::new(), at: chrono::NaiveTime::MIN },
            scope: Scope { role: "boss".into(), ..Scope::default() },
            ..fridays_big_sellers()
        };
        let problems = bad.problems();
        assert!(problems.contains(&RuleError::NoName));
        assert!(problems.contains(&RuleError::NegativeThreshold("sales".into())));
        assert!(problems.contains(&RuleError::Email("kim@".into())));
        assert!(problems.contains(&RuleError::NoWeekday));
        assert!(problems.contains(&RuleError::Role("boss".into())));
        assert_eq!(Recipient::parse("Kim|CEO|kim@example.com").unwrap().shown(), "Kim (CEO)");
        assert!(Recipient::parse("||").is_err() && Recipient::parse("a|b|c|d").is_err());
    }
}
