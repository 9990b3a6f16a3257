//! Item imports: the fields a column can fill (as `items show --json` names them) and how one
//! row's cells change an item.

use super::CellProblem;
use super::fixed::{ImportField, RowCells, yes_no};
use crate::domain::customer::Change;
use crate::domain::item::Item;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemField {
    Code,
    Name,
    Unit,
    SalesPrice,
    PurchasePrice,
    TaxRate,
    Active,
}

impl ImportField for ItemField {
    const ALL: &'static [ItemField] = &[
        ItemField::Code,
        ItemField::Name,
        ItemField::Unit,
        ItemField::SalesPrice,
        ItemField::PurchasePrice,
        ItemField::TaxRate,
        ItemField::Active,
    ];

    fn names(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            ItemField::Code => (
                "code",
                "Code",
                &["item code", "item no", "item number", "sku", "product code", "product id", "품목코드", "코드"],
            ),
            ItemField::Name => {
                ("name", "Name", &["item name", "item", "product", "product name", "description", "품목명", "품명"])
            }
            ItemField::Unit => ("unit", "Unit", &["uom", "unit of measure", "단위"]),
            ItemField::SalesPrice => (
                "sales_price",
                "Sales price",
                &["price", "standard price", "selling price", "sale price", "list price", "판매단가"],
            ),
            ItemField::PurchasePrice => {
                ("purchase_price", "Purchase price", &["cost", "cost price", "buying price", "구매단가"])
            }
            ItemField::TaxRate => ("tax_rate", "Tax rate %", &["tax", "vat rate", "tax rate", "tax %", "세율"]),
            ItemField::Active => ("active", "Active", &["status", "enabled"]),
        }
    }
}

/// Fills `item` from one row's cells. An empty cell leaves the value as it was, or clears it when
/// `empty_clears` (a price to 0, the unit to nothing). Every problem is returned, named by its column.
pub fn apply_item_row(item: &mut Item, cells: &RowCells<'_, ItemField>, empty_clears: bool) -> Vec<CellProblem> {
    let mut problems = Vec::new();
    for &field in ItemField::ALL {
        if !cells.has(field) || (cells.text(field).is_empty() && !empty_clears) {
            continue;
        }
        let text = cells.text(field);
        let outcome = match field {
            ItemField::Code => {
                item.code = text.to_string();
                Ok(())
            }
            ItemField::Name => {
                item.name = text.to_string();
                Ok(())
            }
            ItemField::Unit => {
                item.unit = text.to_string();
                Ok(())
            }
            ItemField::SalesPrice => cells.non_negative(field).map(|v| item.sales_price = v.unwrap_or_default()),
            ItemField::PurchasePrice => cells.non_negative(field).map(|v| item.purchase_price = v.unwrap_or_default()),
            ItemField::TaxRate => cells.percent(field).map(|v| item.tax_rate = v.unwrap_or_default()),
            ItemField::Active => match yes_no(text) {
                Some(active) => {
                    item.active = active;
                    Ok(())
                }
                None => Err(cells.problem(field, format!("\"{text}\" is not yes or no"))),
            },
        };
        if let Err(problem) = outcome {
            problems.push(problem);
        }
    }
    problems
}

/// What differs between two versions of an item, field by field, as the preview lists it.
pub fn item_changes(before: &Item, after: &Item) -> Vec<Change> {
    let text = |item: &Item, field: ItemField| match field {
        ItemField::Code => item.code.clone(),
        ItemField::Name => item.name.clone(),
        ItemField::Unit => item.unit.clone(),
        ItemField::SalesPrice => item.sales_price.normalize().to_string(),
        ItemField::PurchasePrice => item.purchase_price.normalize().to_string(),
        ItemField::TaxRate => item.tax_rate.normalize().to_string(),
        ItemField::Active => if item.active { "yes" } else { "no" }.to_string(),
    };
    ItemField::ALL
        .iter()
        .filter_map(|&field| {
            let (old_value, new_value) = (text(before, field), text(after, field));
            (old_value != new_value).then(|| Change { field: field.key().to_string(), old_value, new_value })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::fixed::guess;
    use rust_decimal_macros::dec;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn only_mapped_non_empty_cells_change_the_item() {
        let headers = strings(&["SKU", "Price", "Unit", "Colour"]);
        let mapping = guess::<ItemField>(&headers, &[]);
        assert_eq!(mapping, [Some(ItemField::Code), Some(ItemField::SalesPrice), Some(ItemField::Unit), None]);
        let cells = strings(&["A-1", "1,250.5", "", "red"]);
        let row = RowCells::new(&headers, &mapping, &cells);
        let before = Item { unit: "box".into(), purchase_price: dec!(7), ..Item::new("A-1", "Widget") };
        let mut after = before.clone();
        assert!(apply_item_row(&mut after, &row, false).is_empty());
        assert_eq!((after.sales_price, after.unit.as_str(), after.purchase_price), (dec!(1250.5), "box", dec!(7)));
        let changes = item_changes(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].field.as_str(), changes[0].new_value.as_str()), ("sales_price", "1250.5"));

        let mut cleared = before.clone();
        assert!(apply_item_row(&mut cleared, &row, true).is_empty());
        assert_eq!(cleared.unit, "");
    }

    #[test]
    fn bad_cells_are_named_by_their_column() {
        let headers = strings(&["Code", "Sales price", "Tax rate %", "Active"]);
        let mapping = guess::<ItemField>(&headers, &[]);
        let cells = strings(&["A-1", "abc", "120", "maybe"]);
        let mut item = Item::new("A-1", "Widget");
        let problems = apply_item_row(&mut item, &RowCells::new(&headers, &mapping, &cells), false);
        let columns: Vec<_> = problems.iter().map(|p| p.column.clone().unwrap_or_default()).collect();
        assert_eq!(columns, ["Sales price", "Tax rate %", "Active"]);
    }
}
