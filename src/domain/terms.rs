//! A customer's effective trading terms (price level, discount, credit limit, age
//! limit, action on exceeding) and where each comes from: the customer's own value,
//! or the default a group value passes to its customers.
//!
//! The rule, in one place: a value set on the customer wins. Otherwise the first
//! of the customer's group values (in the order of their axes, as Settings lists
//! them) that sets a default passes it on. Otherwise the value is unset (no level,
//! no discount, no limit) or, for the action, Off.

use super::customer::{Customer, OnExceed};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an effective value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Source {
    /// Set on the customer itself.
    Customer,
    /// Passed on by a group value the customer holds.
    Group { axis: String, value: String },
    /// Nothing sets it: the program's default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Customer => f.write_str("set on the customer"),
            Source::Group { axis, value } => write!(f, "from group {axis}={value}"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A value with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// Terms as set in one place (a customer, or a group value's defaults); `None` is "not set here".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TermsSet {
    pub price_level: Option<String>,
    /// Percent: 5 means 5%.
    pub discount_pct: Option<Decimal>,
    pub credit_limit: Option<Decimal>,
    pub age_limit_days: Option<u32>,
    pub on_exceed: Option<OnExceed>,
}

impl TermsSet {
    /// The terms set on a customer's own profile. An action the customer leaves to
    /// its groups is `None`; an own Off is set, and overrides a group's Warn or Block.
    pub fn from_customer(customer: &Customer) -> TermsSet {
        TermsSet {
            price_level: Some(customer.price_level.clone()).filter(|level| !level.trim().is_empty()),
            discount_pct: customer.discount_rate,
            credit_limit: customer.credit_limit,
            age_limit_days: customer.age_limit_days,
            on_exceed: customer.on_exceed,
        }
    }
}

/// The defaults one group value passes on, with the value's name and its axis's.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GroupDefaults {
    pub axis: String,
    pub value: String,
    pub terms: TermsSet,
}

/// What applies to a customer, each with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveTerms {
    pub price_level: Option<Sourced<String>>,
    pub discount_pct: Option<Sourced<Decimal>>,
    pub credit_limit: Option<Sourced<Decimal>>,
    pub age_limit_days: Option<Sourced<u32>>,
    pub on_exceed: Sourced<OnExceed>,
}

/// Applies the rule in this module's header. `groups` are the customer's group values in axis order.
pub fn effective_terms(own: &TermsSet, groups: &[GroupDefaults]) -> EffectiveTerms {
    fn pick<T: Clone>(
        own: &Option<T>,
        groups: &[GroupDefaults],
        get: impl Fn(&TermsSet) -> &Option<T>,
    ) -> Option<Sourced<T>> {
        if let Some(value) = own {
            return Some(Sourced { value: value.clone(), source: Source::Customer });
        }
        groups.iter().find_map(|group| {
            get(&group.terms).as_ref().map(|value| Sourced {
                value: value.clone(),
                source: Source::Group { axis: group.axis.clone(), value: group.value.clone() },
            })
        })
    }
    let level = |terms: &TermsSet| terms.price_level.clone().filter(|name| !name.trim().is_empty());
    let own_level = level(own);
    let group_levels: Vec<GroupDefaults> = groups
        .iter()
        .map(|g| GroupDefaults { terms: TermsSet { price_level: level(&g.terms), ..g.terms.clone() }, ..g.clone() })
        .collect();
    EffectiveTerms {
        price_level: pick(&own_level, &group_levels, |t| &t.price_level),
        discount_pct: pick(&own.discount_pct, groups, |t| &t.discount_pct),
        credit_limit: pick(&own.credit_limit, groups, |t| &t.credit_limit),
        age_limit_days: pick(&own.age_limit_days, groups, |t| &t.age_limit_days),
        on_exceed: pick(&own.on_exceed, groups, |t| &t.on_exceed)
            .unwrap_or(Sourced { value: OnExceed::Off, source: Source::Default }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn group(axis: &str, value: &str, terms: TermsSet) -> GroupDefaults {
        GroupDefaults { axis: axis.into(), value: value.into(), terms }
    }

    #[test]
    fn own_values_win_then_the_first_axis_that_sets_one() {
        let own = TermsSet { discount_pct: Some(dec!(3)), price_level: Some("  ".into()), ..TermsSet::default() };
        let groups = [
            group("Region", "Busan", TermsSet { credit_limit: Some(dec!(5000)), ..TermsSet::default() }),
            group(
                "Channel",
                "Dealers",
                TermsSet {
                    price_level: Some("Wholesale".into()),
                    discount_pct: Some(dec!(10)),
                    credit_limit: Some(dec!(9000)),
                    on_exceed: Some(OnExceed::Block),
                    ..TermsSet::default()
                },
            ),
        ];
        let terms = effective_terms(&own, &groups);
        assert_eq!(terms.discount_pct, Some(Sourced { value: dec!(3), source: Source::Customer }));
        let dealers = Source::Group { axis: "Channel".into(), value: "Dealers".into() };
        assert_eq!(terms.price_level, Some(Sourced { value: "Wholesale".into(), source: dealers.clone() }));
        assert_eq!(terms.price_level.unwrap().source.to_string(), "from group Channel=Dealers");
        let busan = Source::Group { axis: "Region".into(), value: "Busan".into() };
        assert_eq!(terms.credit_limit, Some(Sourced { value: dec!(5000), source: busan }), "the first axis wins");
        assert_eq!(terms.on_exceed, Sourced { value: OnExceed::Block, source: dealers });
        assert_eq!(terms.age_limit_days, None);
    }

    #[test]
    fn a_customers_own_off_beats_a_groups_block_and_none_inherits_it() {
        let dealers = [group(
            "Channel",
            "Dealers",
            TermsSet { credit_limit: Some(dec!(150)), on_exceed: Some(OnExceed::Block), ..TermsSet::default() },
        )];
        let with = |action: Option<OnExceed>| {
            let customer = Customer { on_exceed: action, ..Customer::new("Acme") };
            effective_terms(&TermsSet::from_customer(&customer), &dealers)
        };
        assert_eq!(with(Some(OnExceed::Off)).on_exceed, Sourced { value: OnExceed::Off, source: Source::Customer });
        let channel = Source::Group { axis: "Channel".into(), value: "Dealers".into() };
        assert_eq!(with(None).on_exceed, Sourced { value: OnExceed::Block, source: channel.clone() });
        assert_eq!(with(Some(OnExceed::Warn)).on_exceed, Sourced { value: OnExceed::Warn, source: Source::Customer });
        // The group's limit still applies under the customer's own Off: only the action changes.
        assert_eq!(with(Some(OnExceed::Off)).credit_limit, Some(Sourced { value: dec!(150), source: channel }));
        // With no group setting one, an action left to the groups is Off by default.
        let alone = effective_terms(&TermsSet::from_customer(&Customer::new("Bee")), &[]);
        assert_eq!(alone.on_exceed, Sourced { value: OnExceed::Off, source: Source::Default });
    }

    #[test]
    fn nothing_set_anywhere_is_off_and_unlimited() {
        let terms = effective_terms(&TermsSet::default(), &[]);
        assert_eq!(terms.on_exceed, Sourced { value: OnExceed::Off, source: Source::Default });
        assert!(terms.credit_limit.is_none() && terms.price_level.is_none() && terms.discount_pct.is_none());
    }
}
