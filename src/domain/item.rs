//! Products and services that are sold and bought: code, name, unit, standard prices and tax rate.

use super::customer::ProfileError;
use super::money::{AMOUNT_DECIMALS, MAX_AMOUNT};
use super::text::{self, MAX_LINE_CHARS};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Longest unit name ("box of 12", "kg").
pub const MAX_UNIT_CHARS: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: Option<i64>,
    pub code: String,
    pub name: String,
    pub unit: String,
    /// The standard price a sale starts from, before customer prices.
    pub sales_price: Decimal,
    pub purchase_price: Decimal,
    /// Percent: 10 means 10%.
    pub tax_rate: Decimal,
    pub active: bool,
}

impl Item {
    pub fn new(code: impl Into<String>, name: impl Into<String>) -> Item {
        Item {
            id: None,
            code: code.into(),
            name: name.into(),
            unit: String::new(),
            sales_price: Decimal::ZERO,
            purchase_price: Decimal::ZERO,
            tax_rate: Decimal::ZERO,
            active: true,
        }
    }

    /// Every problem at once, each named by its field, as a form shows them.
    pub fn validate(&self) -> Vec<ProfileError> {
        let mut errors = Vec::new();
        let code = self.code.trim();
        if code.is_empty() {
            errors.push(ProfileError::new("code", "An item needs a code"));
        } else if text::char_len(code) > MAX_LINE_CHARS || code.chars().any(char::is_control) {
            errors
                .push(ProfileError::new("code", format!("A code is one line of at most {MAX_LINE_CHARS} characters")));
        }
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(ProfileError::new("name", "An item needs a name"));
        } else if text::char_len(name) > MAX_LINE_CHARS || name.chars().any(char::is_control) {
            errors
                .push(ProfileError::new("name", format!("A name is one line of at most {MAX_LINE_CHARS} characters")));
        }
        if text::char_len(self.unit.trim()) > MAX_UNIT_CHARS {
            errors.push(ProfileError::new("unit", format!("A unit has at most {MAX_UNIT_CHARS} characters")));
        }
        for (field, label, value) in [
            ("sales_price", "Sales price", self.sales_price),
            ("purchase_price", "Purchase price", self.purchase_price),
        ] {
            if let Some(problem) = price_problem(value) {
                errors.push(ProfileError::new(field, format!("{label} {problem}")));
            }
        }
        if let Some(problem) = percent_problem(self.tax_rate) {
            errors.push(ProfileError::new("tax_rate", format!("Tax rate {problem}")));
        }
        errors
    }
}

/// Why a price is unacceptable: negative, too large to keep, or finer than the smallest unit an amount may carry.
pub(crate) fn price_problem(value: Decimal) -> Option<String> {
    if value.is_sign_negative() && !value.is_zero() {
        return Some("must not be negative".into());
    }
    if value > Decimal::from(MAX_AMOUNT) {
        return Some(format!("is more than {MAX_AMOUNT}"));
    }
    (value.normalize().scale() > AMOUNT_DECIMALS).then(|| format!("has more than {AMOUNT_DECIMALS} decimal places"))
}

/// Why a percentage is unacceptable: outside 0–100, or too fine.
pub(crate) fn percent_problem(value: Decimal) -> Option<String> {
    if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return Some("must be between 0 and 100".into());
    }
    (value.normalize().scale() > AMOUNT_DECIMALS).then(|| format!("has more than {AMOUNT_DECIMALS} decimal places"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_plain_item_is_valid() {
        let item = Item { sales_price: dec!(12.5), tax_rate: dec!(10), ..Item::new("A-1", "Widget") };
        assert!(item.validate().is_empty());
    }

    #[test]
    fn problems_are_named_by_field() {
        let item = Item {
            sales_price: dec!(-1),
            purchase_price: dec!(0.00001),
            tax_rate: dec!(101),
            ..Item::new(" ", "Line\nbreak")
        };
        let fields: Vec<String> = item.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["code", "name", "sales_price", "purchase_price", "tax_rate"]);
    }
}
