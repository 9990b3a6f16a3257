//! The item form: what the clerk typed, parsed into an `Item`, with every problem named by its field.

use crate::domain::item::Item;
use crate::domain::money::{MoneyError, parse_non_negative_amount, parse_percent};
use crate::ui::widgets::{money_sentence, plain_amount as plain};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The fields of the form, also the keys its errors are filed under (as `Item::validate` names them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Code,
    Name,
    Unit,
    SalesPrice,
    PurchasePrice,
    TaxRate,
}

impl Field {
    pub const ALL: [Field; 6] =
        [Field::Code, Field::Name, Field::Unit, Field::SalesPrice, Field::PurchasePrice, Field::TaxRate];

    /// The key `Item::validate` files this field's problems under.
    pub fn key(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Name => "name",
            Field::Unit => "unit",
            Field::SalesPrice => "sales_price",
            Field::PurchasePrice => "purchase_price",
            Field::TaxRate => "tax_rate",
        }
    }

    /// The widget id of the field's input, for focus and for tests.
    pub fn id(self) -> &'static str {
        match self {
            Field::Code => "item-code",
            Field::Name => "item-name",
            Field::Unit => "item-unit",
            Field::SalesPrice => "item-sales-price",
            Field::PurchasePrice => "item-purchase-price",
            Field::TaxRate => "item-tax-rate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Code => "Code",
            Field::Name => "Name",
            Field::Unit => "Unit",
            Field::SalesPrice => "Sales price",
            Field::PurchasePrice => "Purchase price",
            Field::TaxRate => "Tax rate (%)",
        }
    }

    pub fn placeholder(self) -> &'static str {
        match self {
            Field::Code => "e.g. W-100",
            Field::Name => "e.g. Steel widget",
            Field::Unit => "e.g. ea, box, kg",
            Field::SalesPrice | Field::PurchasePrice => "0.00",
            Field::TaxRate => "e.g. 10",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// The text in each input; `id` is set while an existing item is being edited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub id: Option<i64>,
    pub active: bool,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub sales_price: String,
    pub purchase_price: String,
    pub tax_rate: String,
}

impl Draft {
    pub fn blank() -> Draft {
        Draft { active: true, ..Draft::default() }
    }

    /// The inputs filled from a saved item; amounts shown plainly (no symbol, no grouping) so they edit easily.
    pub fn from_item(item: &Item) -> Draft {
        Draft {
            id: item.id,
            active: item.active,
            code: item.code.clone(),
            name: item.name.clone(),
            unit: item.unit.clone(),
            sales_price: plain(item.sales_price),
            purchase_price: plain(item.purchase_price),
            tax_rate: item.tax_rate.normalize().to_string(),
        }
    }

    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Code => &self.code,
            Field::Name => &self.name,
            Field::Unit => &self.unit,
            Field::SalesPrice => &self.sales_price,
            Field::PurchasePrice => &self.purchase_price,
            Field::TaxRate => &self.tax_rate,
        }
    }

    pub fn set(&mut self, field: Field, value: String) {
        *match field {
            Field::Code => &mut self.code,
            Field::Name => &mut self.name,
            Field::Unit => &mut self.unit,
            Field::SalesPrice => &mut self.sales_price,
            Field::PurchasePrice => &mut self.purchase_price,
            Field::TaxRate => &mut self.tax_rate,
        } = value;
    }

    /// The item these inputs describe, or every problem at once, each as a sentence under its field.
    pub fn to_item(&self) -> Result<Item, BTreeMap<Field, String>> {
        let mut errors = BTreeMap::new();
        let mut amount = |field: Field, parse: fn(&str) -> Result<Decimal, MoneyError>| {
            let text = self.get(field).trim();
            if text.is_empty() {
                return Decimal::ZERO;
            }
            parse(text).unwrap_or_else(|e| {
                // "Tax rate (%)" is the label; the sentence reads "Tax rate must ...".
                errors.insert(field, money_sentence(field.label().trim_end_matches(" (%)"), &e));
                Decimal::ZERO
            })
        };
        let sales_price = amount(Field::SalesPrice, parse_non_negative_amount);
        let purchase_price = amount(Field::PurchasePrice, parse_non_negative_amount);
        let tax_rate = amount(Field::TaxRate, parse_percent);
        let item = Item {
            id: self.id,
            code: self.code.trim().to_string(),
            name: self.name.trim().to_string(),
            unit: self.unit.trim().to_string(),
            sales_price,
            purchase_price,
            tax_rate,
            active: self.active,
        };
        for problem in item.validate() {
            if let Some(field) = Field::from_key(&problem.field) {
                errors.entry(field).or_insert_with(|| finish(&problem.message));
            }
        }
        if errors.is_empty() { Ok(item) } else { Err(errors) }
    }
}

/// A capital first letter and a full stop: the one rule every screen uses.
pub use crate::ui::customers::sentence as finish;

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_filled_draft_becomes_an_item() {
        let draft = Draft {
            code: " W-1 ".into(),
            name: "Widget".into(),
            sales_price: "1,250.5".into(),
            tax_rate: "10%".into(),
            ..Draft::blank()
        };
        let item = draft.to_item().unwrap();
        assert_eq!((item.code.as_str(), item.sales_price, item.tax_rate), ("W-1", dec!(1250.5), dec!(10)));
        assert_eq!(item.purchase_price, Decimal::ZERO, "an empty price is zero");
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let draft = Draft { sales_price: "12a".into(), purchase_price: "1.00001".into(), ..Draft::blank() };
        let errors = draft.to_item().unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            [Field::Code, Field::Name, Field::SalesPrice, Field::PurchasePrice]
        );
        assert!(errors[&Field::SalesPrice].contains("not a number"));
        assert!(errors[&Field::PurchasePrice].contains("decimal places"));
    }
}
