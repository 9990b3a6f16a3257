//! The special price form: what the clerk typed, read into a `PartyPrice`, every problem a sentence under its field.

use super::picker::{Choice, Pick};
use crate::domain::date::read_date;
use crate::domain::money::parse_non_negative_amount;
use crate::domain::pricing::{PartyPrice, PriceSide, SpecialPrice};
use crate::ui::widgets::{money_sentence, plain_amount as plain};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;

/// The fields of the form, also the keys its errors are filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Customer,
    Item,
    Price,
    MinQuantity,
    ValidFrom,
    ValidTo,
}

impl Field {
    /// The field `PartyPrice::problems` files a problem under, if one of these.
    pub fn from_key(key: &str) -> Option<Field> {
        match key {
            "customer" => Some(Field::Customer),
            "item" => Some(Field::Item),
            "price" => Some(Field::Price),
            "min_quantity" => Some(Field::MinQuantity),
            "valid_from" => Some(Field::ValidFrom),
            "valid_to" => Some(Field::ValidTo),
            _ => None,
        }
    }

    /// The widget id of the field's input, for focus and for tests (the boxes' ids are the pickers').
    pub fn id(self) -> &'static str {
        match self {
            Field::Customer => super::picker::Slot::FormCustomer.id(),
            Field::Item => super::picker::Slot::FormItem.id(),
            Field::Price => "specials-price",
            Field::MinQuantity => "specials-min-qty",
            Field::ValidFrom => "specials-valid-from",
            Field::ValidTo => "specials-valid-to",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Customer => "Customer",
            Field::Item => "Item",
            Field::Price => "Price",
            Field::MinQuantity => "Minimum quantity",
            Field::ValidFrom => "Valid from",
            Field::ValidTo => "Valid to",
        }
    }

    pub fn placeholder(self) -> &'static str {
        match self {
            Field::Customer | Field::Item => "Code or name",
            Field::Price => "0.00",
            Field::MinQuantity => "Any quantity",
            Field::ValidFrom => "YYYY-MM-DD (no start)",
            Field::ValidTo => "YYYY-MM-DD (no end)",
        }
    }
}

/// The side a special price is on, as the drop-down shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SideChoice(pub PriceSide);

impl SideChoice {
    pub const ALL: [SideChoice; 2] = [SideChoice(PriceSide::Sales), SideChoice(PriceSide::Purchase)];
}

impl fmt::Display for SideChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(side_word(self.0))
    }
}

pub fn side_word(side: PriceSide) -> &'static str {
    match side {
        PriceSide::Sales => "Sales",
        PriceSide::Purchase => "Purchase",
    }
}

/// The text in each input; `id` is set while an existing special price is being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: Option<i64>,
    pub side: PriceSide,
    pub customer: Pick,
    pub item: Pick,
    pub price: String,
    pub min_quantity: String,
    pub valid_from: String,
    pub valid_to: String,
}

impl Draft {
    /// A new special price for the customer and item chosen above the list, if any.
    pub fn blank(customer: Option<Choice>, item: Option<Choice>) -> Draft {
        Draft {
            id: None,
            side: PriceSide::Sales,
            customer: Pick::of(customer),
            item: Pick::of(item),
            price: String::new(),
            min_quantity: String::new(),
            valid_from: String::new(),
            valid_to: String::new(),
        }
    }

    /// The inputs filled from a stored price; amounts shown plainly so they edit easily.
    pub fn from_price(price: &PartyPrice, customer: Choice, item: Choice) -> Draft {
        let special = &price.special;
        Draft {
            id: Some(special.id),
            side: price.side,
            customer: Pick::of(Some(customer)),
            item: Pick::of(Some(item)),
            price: plain(special.price),
            min_quantity: special.min_quantity.map(|q| q.normalize().to_string()).unwrap_or_default(),
            valid_from: special.valid_from.map(|d| d.to_string()).unwrap_or_default(),
            valid_to: special.valid_to.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Customer => &self.customer.text,
            Field::Item => &self.item.text,
            Field::Price => &self.price,
            Field::MinQuantity => &self.min_quantity,
            Field::ValidFrom => &self.valid_from,
            Field::ValidTo => &self.valid_to,
        }
    }

    /// Sets a plain field; the customer and item boxes are set through their picks.
    pub fn set(&mut self, field: Field, value: String) {
        match field {
            Field::Customer => {
                self.customer.typed(value);
            }
            Field::Item => {
                self.item.typed(value);
            }
            Field::Price => self.price = value,
            Field::MinQuantity => self.min_quantity = value,
            Field::ValidFrom => self.valid_from = value,
            Field::ValidTo => self.valid_to = value,
        }
    }

    /// The special price these inputs describe, or every problem at once, each a sentence under its field.
    pub fn to_price(&self) -> Result<PartyPrice, BTreeMap<Field, String>> {
        let mut errors = BTreeMap::new();
        let customer_id = self.customer.id();
        if customer_id.is_none() {
            errors.insert(Field::Customer, missing(&self.customer, "customer"));
        }
        let item_id = self.item.id();
        if item_id.is_none() {
            errors.insert(Field::Item, missing(&self.item, "item"));
        }
        let price = match self.price.trim() {
            "" => {
                errors.insert(Field::Price, "Enter the special price, e.g. 12.50.".to_string());
                Decimal::ZERO
            }
            text => parse_non_negative_amount(text).unwrap_or_else(|e| {
                errors.insert(Field::Price, money_sentence(Field::Price.label(), &e));
                Decimal::ZERO
            }),
        };
        let min_quantity = match self.min_quantity.trim() {
            "" => None,
            text => match parse_non_negative_amount(text) {
                Ok(quantity) => Some(quantity),
                Err(e) => {
                    errors.insert(Field::MinQuantity, money_sentence(Field::MinQuantity.label(), &e));
                    None
                }
            },
        };
        let mut date = |field: Field| -> Option<NaiveDate> {
            let text = self.get(field).trim();
            if text.is_empty() {
                return None;
            }
            match read_date(text) {
                Ok(day) => Some(day),
                Err(problem) => {
                    errors.insert(field, format!("{problem}."));
                    None
                }
            }
        };
        let valid_from = date(Field::ValidFrom);
        let valid_to = date(Field::ValidTo);
        let party_price = PartyPrice {
            customer_id: customer_id.unwrap_or_default(),
            item_id: item_id.unwrap_or_default(),
            side: self.side,
            special: SpecialPrice { id: self.id.unwrap_or_default(), price, min_quantity, valid_from, valid_to },
        };
        for problem in party_price.problems() {
            if let Some(field) = Field::from_key(&problem.field) {
                errors.entry(field).or_insert_with(|| finish(&problem.message));
            }
        }
        if errors.is_empty() { Ok(party_price) } else { Err(errors) }
    }
}

fn missing(pick: &Pick, what: &str) -> String {
    if pick.text.trim().is_empty() {
        format!("Choose the {what}: type its code or name and pick it from the suggestions.")
    } else {
        format!(
            "No {what} is picked for \u{201c}{}\u{201d}; pick one from the suggestions under the box.",
            pick.text.trim()
        )
    }
}

/// A capital first letter and a full stop: the one rule every screen uses.
pub use crate::ui::customers::sentence as finish;

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn chosen(id: i64, code: &str) -> Choice {
        Choice { id, code: code.into(), name: "Name".into(), detail: String::new(), vendor: false }
    }

    #[test]
    fn a_filled_draft_becomes_a_special_price() {
        let draft = Draft {
            price: "1,250.5".into(),
            min_quantity: "10".into(),
            valid_from: "2026-01-01".into(),
            ..Draft::blank(Some(chosen(3, "C1")), Some(chosen(7, "W-1")))
        };
        let price = draft.to_price().unwrap();
        assert_eq!((price.customer_id, price.item_id, price.side), (3, 7, PriceSide::Sales));
        assert_eq!(price.special.price, dec!(1250.5));
        assert_eq!(price.special.min_quantity, Some(dec!(10)));
        assert_eq!(price.special.valid_from, NaiveDate::from_ymd_opt(2026, 1, 1));
        assert_eq!(price.special.valid_to, None);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut draft = Draft {
            price: "12a".into(),
            min_quantity: "0".into(),
            valid_from: "2026-13-01".into(),
            ..Draft::blank(None, Some(chosen(7, "W-1")))
        };
        draft.set(Field::Customer, "Acm".into());
        let errors = draft.to_price().unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            [Field::Customer, Field::Price, Field::MinQuantity, Field::ValidFrom]
        );
        assert!(errors[&Field::Customer].contains("pick one from the suggestions"));
        assert!(errors[&Field::ValidFrom].contains("is not a date"));
        assert!(errors[&Field::MinQuantity].starts_with("The minimum quantity must be more than 0"));

        let backwards = Draft {
            price: "5".into(),
            valid_from: "2026-05-01".into(),
            valid_to: "2026-04-01".into(),
            ..Draft::blank(Some(chosen(3, "C1")), Some(chosen(7, "W-1")))
        };
        let errors = backwards.to_price().unwrap_err();
        assert_eq!(errors[&Field::ValidTo], "The price ends (2026-04-01) before it starts (2026-05-01).");
    }
}
