//! Items and prices as sheets: the item list, level prices, and customers' special prices on a second sheet.

use super::{Column, ColumnKind, ExportCell, ExportError, XlsxExport};
use crate::domain::item::Item;
use crate::domain::pricing::PriceSide;
use crate::store::{LevelPriceRow, SpecialPriceRow, Store};
use std::path::Path;

pub fn item_columns() -> Vec<Column> {
    vec![
        Column::new("Code", ColumnKind::Text, 14.0),
        Column::new("Name", ColumnKind::Text, 32.0),
        Column::new("Unit", ColumnKind::Text, 10.0),
        Column::new("Sales price", ColumnKind::Amount, 14.0),
        Column::new("Purchase price", ColumnKind::Amount, 14.0),
        Column::new("Tax %", ColumnKind::Percent, 9.0),
        Column::new("Active", ColumnKind::Text, 8.0),
    ]
}

fn item_row(item: Item) -> Vec<ExportCell> {
    vec![
        ExportCell::Text(item.code),
        ExportCell::text(&item.name),
        ExportCell::text(&item.unit),
        ExportCell::Decimal(item.sales_price),
        ExportCell::Decimal(item.purchase_price),
        ExportCell::Decimal(item.tax_rate.normalize()),
        ExportCell::Text(if item.active { "Yes" } else { "No" }.to_string()),
    ]
}

/// Every item, active and inactive, by name; returns how many.
pub fn export_items(store: &Store, path: &Path) -> Result<u64, ExportError> {
    let symbol = store.currency()?;
    let mut export = XlsxExport::new(path, &symbol)?;
    // SQLite reads the negative limit this becomes as "no limit".
    let items = store.find_items("", true, usize::MAX)?;
    let written = export.add_sheet("Items", &item_columns(), items.into_iter().map(|i| Ok(item_row(i))), None)?;
    export.save()?;
    Ok(written)
}

pub fn level_price_columns() -> Vec<Column> {
    vec![
        Column::new("Item code", ColumnKind::Text, 14.0),
        Column::new("Level", ColumnKind::Text, 16.0),
        Column::new("Price", ColumnKind::Amount, 14.0),
    ]
}

pub fn special_price_columns() -> Vec<Column> {
    vec![
        Column::new("Customer code", ColumnKind::Text, 14.0),
        Column::new("Item code", ColumnKind::Text, 14.0),
        Column::new("Side", ColumnKind::Text, 10.0),
        Column::new("Price", ColumnKind::Amount, 14.0),
        Column::new("Min quantity", ColumnKind::Number, 12.0),
        Column::new("Valid from", ColumnKind::Date, 12.0),
        Column::new("Valid to", ColumnKind::Date, 12.0),
    ]
}

fn level_price_row(row: LevelPriceRow) -> Vec<ExportCell> {
    vec![ExportCell::Text(row.item_code), ExportCell::Text(row.level), ExportCell::Decimal(row.price)]
}

fn special_price_row(row: SpecialPriceRow) -> Vec<ExportCell> {
    let special = row.price.special;
    let side = match row.price.side {
        PriceSide::Sales => "Sales",
        PriceSide::Purchase => "Purchase",
    };
    vec![
        ExportCell::Text(row.customer_code),
        ExportCell::Text(row.item_code),
        ExportCell::Text(side.to_string()),
        ExportCell::Decimal(special.price),
        ExportCell::optional_decimal(special.min_quantity.map(|q| q.normalize())),
        ExportCell::optional_date(special.valid_from),
        ExportCell::optional_date(special.valid_to),
    ]
}

/// Level prices on the sheet "Level prices" (item code, level, price; one row each) and
/// special prices on the sheet "Special prices"; returns how many of each.
pub fn export_prices(store: &Store, path: &Path) -> Result<(u64, u64), ExportError> {
    let symbol = store.currency()?;
    let mut export = XlsxExport::new(path, &symbol)?;
    let levels = store.level_prices(None)?;
    let level_rows = export.add_sheet(
        "Level prices",
        &level_price_columns(),
        levels.into_iter().map(|r| Ok(level_price_row(r))),
        None,
    )?;
    let specials = store.special_prices(None, None)?;
    let special_rows = export.add_sheet(
        "Special prices",
        &special_price_columns(),
        specials.into_iter().map(|r| Ok(special_price_row(r))),
        None,
    )?;
    export.save()?;
    Ok((level_rows, special_rows))
}
