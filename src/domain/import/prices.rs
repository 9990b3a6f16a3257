//! Price imports: one row is a level price (item, level, price) or a special price (item,
//! customer, price, and optionally side, minimum quantity and validity). Which one a row is
//! follows from whether it names a level or a customer.

use super::CellProblem;
use super::fixed::{ImportField, RowCells};
use crate::domain::pricing::PriceSide;
use chrono::NaiveDate;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PriceField {
    Item,
    Level,
    Customer,
    Price,
    Side,
    MinQuantity,
    ValidFrom,
    ValidTo,
}

impl ImportField for PriceField {
    const ALL: &'static [PriceField] = &[
        PriceField::Item,
        PriceField::Level,
        PriceField::Customer,
        PriceField::Price,
        PriceField::Side,
        PriceField::MinQuantity,
        PriceField::ValidFrom,
        PriceField::ValidTo,
    ];

    fn names(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            PriceField::Item => ("item", "Item code", &["item", "sku", "product code", "code", "품목코드"]),
            PriceField::Level => ("level", "Price level", &["level", "price group", "단가등급"]),
            PriceField::Customer => {
                ("customer", "Customer code", &["customer", "vendor", "vendor code", "account", "거래처코드"])
            }
            PriceField::Price => ("price", "Price", &["unit price", "amount", "단가"]),
            PriceField::Side => ("side", "Side", &["sales or purchase", "sale or purchase"]),
            PriceField::MinQuantity => {
                ("min_quantity", "From quantity", &["min qty", "minimum quantity", "min quantity", "from qty"])
            }
            PriceField::ValidFrom => ("valid_from", "Valid from", &["from", "start", "start date"]),
            PriceField::ValidTo => ("valid_to", "Valid to", &["to", "until", "end", "end date"]),
        }
    }
}

/// Whom a row's price is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceFor {
    /// Everyone at this level (sales).
    Level(String),
    /// One customer (or vendor), by code.
    Customer(String),
}

/// One row as read, codes and names not yet looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceRow {
    pub item: String,
    pub target: PriceFor,
    pub price: Decimal,
    pub side: PriceSide,
    pub min_quantity: Option<Decimal>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl PriceRow {
    /// The key that makes two rows the same price: item and level, or item, customer, side,
    /// minimum quantity and validity (compared without case).
    pub fn key(&self) -> String {
        let text = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        match &self.target {
            PriceFor::Level(level) => format!("{} @ {}", self.item, level),
            PriceFor::Customer(customer) => format!(
                "{} for {} ({}{}{}{})",
                self.item,
                customer,
                self.side.as_str(),
                self.min_quantity.map(|q| format!(", from {} units", q.normalize())).unwrap_or_default(),
                self.valid_from.map(|_| format!(", from {}", text(self.valid_from))).unwrap_or_default(),
                self.valid_to.map(|_| format!(", to {}", text(self.valid_to))).unwrap_or_default(),
            ),
        }
    }
}

/// Reads one row; every problem at once, each named by its column.
pub fn read_price_row(cells: &RowCells<'_, PriceField>) -> Result<PriceRow, Vec<CellProblem>> {
    let mut problems = Vec::new();
    let min_quantity = noted(cells.non_negative(PriceField::MinQuantity), &mut problems);
    let valid_from = noted(cells.date(PriceField::ValidFrom), &mut problems);
    let valid_to = noted(cells.date(PriceField::ValidTo), &mut problems);
    let price = noted(cells.non_negative(PriceField::Price), &mut problems);
    let item = cells.text(PriceField::Item).to_string();
    if item.is_empty() {
        problems.push(cells.missing(PriceField::Item, "the item code is missing"));
    }
    if price.is_none() && !problems.iter().any(|p| p.column.as_deref() == cells.column(PriceField::Price)) {
        problems.push(cells.missing(PriceField::Price, "the price is missing"));
    }
    let side_text = cells.text(PriceField::Side);
    let side = match side_text.to_lowercase().as_str() {
        "" | "sales" | "sale" | "sell" => Some(PriceSide::Sales),
        "purchase" | "purchases" | "buy" => Some(PriceSide::Purchase),
        _ => None,
    };
    if side.is_none() {
        problems
            .push(cells.problem(PriceField::Side, format!("\"{side_text}\" is not a side; write sales or purchase")));
    }
    let (level, customer) = (cells.text(PriceField::Level), cells.text(PriceField::Customer));
    let target = match (level.is_empty(), customer.is_empty()) {
        (false, true) => Some(PriceFor::Level(level.to_string())),
        (true, false) => Some(PriceFor::Customer(customer.to_string())),
        (true, true) => {
            let message = "name a price level or a customer code for this price";
            problems.push(match cells.has(PriceField::Level) || cells.has(PriceField::Customer) {
                true => CellProblem::new(None, message),
                false => CellProblem::unmapped(PriceField::Level.key(), message),
            });
            None
        }
        (false, false) => {
            let message = "a price is for a level or for one customer, not both; fill one of the two";
            problems.push(cells.problem(PriceField::Customer, message));
            None
        }
    };
    if matches!(target, Some(PriceFor::Level(_))) {
        // Level prices are sales prices for everyone at the level, without quantities or dates.
        for (field, what) in [
            (PriceField::MinQuantity, "from-quantity"),
            (PriceField::ValidFrom, "start date"),
            (PriceField::ValidTo, "end date"),
        ] {
            if !cells.text(field).is_empty() {
                let message =
                    format!("a level price has no {}; give it a customer code instead, or leave it empty", what);
                problems.push(cells.problem(field, message));
            }
        }
        if side == Some(PriceSide::Purchase) {
            problems.push(
                cells.problem(PriceField::Side, "level prices are sales prices; purchase prices are for one vendor"),
            );
        }
    }
    match (target, price, side, problems.is_empty()) {
        (Some(target), Some(price), Some(side), true) => {
            Ok(PriceRow { item, target, price, side, min_quantity, valid_from, valid_to })
        }
        _ => Err(problems),
    }
}

/// The value, or `None` with the problem kept.
fn noted<T>(result: Result<Option<T>, CellProblem>, problems: &mut Vec<CellProblem>) -> Option<T> {
    result.unwrap_or_else(|problem| {
        problems.push(problem);
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::fixed::guess;
    use rust_decimal_macros::dec;

    fn read(headers: &[&str], cells: &[&str]) -> Result<PriceRow, Vec<CellProblem>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let mapping = guess::<PriceField>(&headers, &[]);
        read_price_row(&RowCells::new(&headers, &mapping, &cells))
    }

    #[test]
    fn a_row_is_a_level_price_or_a_special_price() {
        let level = read(&["Item code", "Price level", "Price"], &["A-1", "Wholesale", "9.5"]).unwrap();
        assert_eq!((level.target, level.price), (PriceFor::Level("Wholesale".into()), dec!(9.5)));
        let special = read(
            &["Item", "Customer", "Price", "Side", "Min qty", "Valid from"],
            &["A-1", "C000001", "8", "purchase", "10", "2026-01-01"],
        )
        .unwrap();
        assert_eq!(special.side, PriceSide::Purchase);
        assert_eq!(special.min_quantity, Some(dec!(10)));
    }

    #[test]
    fn every_problem_of_a_row_is_named() {
        let problems = read(&["Item", "Price level", "Customer", "Price"], &["", "Retail", "C1", "x"]).unwrap_err();
        let columns: Vec<_> = problems.iter().map(|p| p.column.clone().unwrap_or_default()).collect();
        assert_eq!(columns, ["Price", "Item", "Customer"]);
        let level_with_date = read(&["Item", "Price level", "Price", "Valid to"], &["A", "Retail", "1", "2026-01-01"]);
        assert!(level_with_date.unwrap_err()[0].message.contains("no end date"));
    }
}
