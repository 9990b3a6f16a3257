//! The customer list as a sheet: every profile field under its human label, one column per group axis and per custom field.

use super::{Column, ColumnKind, ExportCell, ExportError, ExportRow, XlsxExport};
use crate::domain::custom_field::{FieldDef, FieldType, FieldValue};
use crate::domain::customer::{Customer, own_action_text};
use crate::domain::group::GroupAxis;
use crate::domain::import::customers::{Catalog, Target};
use crate::domain::import::normalize_header;
use crate::store::Store;
use std::path::Path;

/// The fixed columns of a customer sheet, in order, with their kinds and widths. The headers are
/// the labels the importer recognises; group axes and custom fields follow, then the memo.
pub const CUSTOMER_LABELS: &[(&str, ColumnKind, f64)] = &[
    ("Code", ColumnKind::Text, 12.0),
    ("Name", ColumnKind::Text, 30.0),
    ("Role", ColumnKind::Text, 16.0),
    ("Entity type", ColumnKind::Text, 12.0),
    ("Tax ID", ColumnKind::Text, 16.0),
    ("Representative", ColumnKind::Text, 18.0),
    ("Business type", ColumnKind::Text, 18.0),
    ("Business item", ColumnKind::Text, 18.0),
    ("Phone", ColumnKind::Text, 16.0),
    ("Mobile", ColumnKind::Text, 16.0),
    ("Fax", ColumnKind::Text, 16.0),
    ("E-mail", ColumnKind::Text, 26.0),
    ("Website", ColumnKind::Text, 22.0),
    ("Billing address", ColumnKind::Text, 30.0),
    ("Billing city", ColumnKind::Text, 16.0),
    ("Billing region", ColumnKind::Text, 16.0),
    ("Billing postal code", ColumnKind::Text, 12.0),
    ("Billing country", ColumnKind::Text, 14.0),
    ("Shipping address", ColumnKind::Text, 30.0),
    ("Shipping city", ColumnKind::Text, 16.0),
    ("Shipping region", ColumnKind::Text, 16.0),
    ("Shipping postal code", ColumnKind::Text, 12.0),
    ("Shipping country", ColumnKind::Text, 14.0),
    ("Person in charge", ColumnKind::Text, 18.0),
    ("Price level", ColumnKind::Text, 14.0),
    ("Discount %", ColumnKind::Percent, 10.0),
    ("Credit limit", ColumnKind::Amount, 15.0),
    ("Receivables age limit (days)", ColumnKind::Integer, 12.0),
    ("When exceeded", ColumnKind::Text, 14.0),
    ("Payment terms (days)", ColumnKind::Integer, 10.0),
    ("Active", ColumnKind::Text, 8.0),
    ("Contact", ColumnKind::Text, 20.0),
    ("Contact title", ColumnKind::Text, 16.0),
    ("Contact phone", ColumnKind::Text, 16.0),
    ("Contact e-mail", ColumnKind::Text, 26.0),
];

/// The memo comes last: it is long and seldom filtered on.
const MEMO: &str = "Memo";

fn field_kind(field_type: FieldType) -> ColumnKind {
    match field_type {
        FieldType::Number => ColumnKind::Integer,
        FieldType::Decimal => ColumnKind::Number,
        FieldType::Date => ColumnKind::Date,
        FieldType::Text | FieldType::Bool | FieldType::Choice => ColumnKind::Text,
    }
}

/// Every column of a customer sheet for this book: the fixed fields, one per group axis (its
/// name, e.g. "Region"), one per custom field (its label), then "Memo". A template or an
/// importer can reuse this to know the headers.
pub fn customer_columns(axes: &[GroupAxis], defs: &[FieldDef]) -> Vec<Column> {
    let mut columns: Vec<Column> =
        CUSTOMER_LABELS.iter().map(|&(label, kind, width)| Column::new(label, kind, width)).collect();
    // Headers the importer maps back to the axis or field alone, whatever their names clash with.
    let catalog = Catalog::new(defs, axes);
    let mut taken: Vec<String> = columns.iter().map(|c| normalize_header(&c.header)).collect();
    taken.push(normalize_header(MEMO));
    for axis in axes {
        let header = catalog.header_for(&Target::Group(axis.name.clone()), &axis.name, &taken);
        taken.push(normalize_header(&header));
        columns.push(Column::new(header, ColumnKind::Text, 16.0));
    }
    for def in defs {
        let header = catalog.header_for(&Target::Custom(def.key.clone()), &def.label, &taken);
        taken.push(normalize_header(&header));
        let width = if def.field_type == FieldType::Text { 22.0 } else { 14.0 };
        columns.push(Column::new(header, field_kind(def.field_type), width));
    }
    columns.push(Column::new(MEMO, ColumnKind::Text, 40.0));
    columns
}

fn yes_no(value: bool) -> ExportCell {
    ExportCell::Text(if value { "Yes" } else { "No" }.to_string())
}

fn custom_cell(value: Option<&FieldValue>) -> ExportCell {
    match value {
        None => ExportCell::Empty,
        Some(FieldValue::Text(text)) => ExportCell::text(text),
        Some(FieldValue::Number(n)) => ExportCell::Integer(*n),
        Some(FieldValue::Decimal(d)) => ExportCell::Decimal(*d),
        Some(FieldValue::Date(date)) => ExportCell::Date(*date),
        Some(FieldValue::Bool(b)) => yes_no(*b),
    }
}

/// One customer as a row matching `customer_columns(axes, defs)`.
fn customer_row(c: Customer, axes: &[GroupAxis], defs: &[FieldDef]) -> Vec<ExportCell> {
    let mut row = Vec::with_capacity(CUSTOMER_LABELS.len() + axes.len() + defs.len() + 1);
    let contact = c.primary_contact().cloned().unwrap_or_default();
    let on_exceed = own_action_text(c.on_exceed);
    for text in [
        &c.code,
        &c.name,
        &c.role.to_string(),
        &c.entity_type.to_string(),
        &c.tax_id,
        &c.representative,
        &c.business_type,
        &c.business_item,
        &c.phone,
        &c.mobile,
        &c.fax,
        &c.email,
        &c.website,
        &c.billing_address.lines,
        &c.billing_address.city,
        &c.billing_address.region,
        &c.billing_address.postal_code,
        &c.billing_address.country,
        &c.shipping_address.lines,
        &c.shipping_address.city,
        &c.shipping_address.region,
        &c.shipping_address.postal_code,
        &c.shipping_address.country,
        &c.person_in_charge,
        &c.price_level,
    ] {
        row.push(ExportCell::text(text));
    }
    row.push(ExportCell::optional_decimal(c.discount_rate.map(|d| d.normalize())));
    row.push(ExportCell::optional_decimal(c.credit_limit));
    row.push(ExportCell::optional_integer(c.age_limit_days));
    row.push(ExportCell::text(&on_exceed));
    row.push(ExportCell::optional_integer(c.payment_terms_days));
    row.push(yes_no(c.active));
    for text in [&contact.name, &contact.title, &contact.phone, &contact.email] {
        row.push(ExportCell::text(text));
    }
    for axis in axes {
        row.push(c.groups.get(&axis.name).map_or(ExportCell::Empty, |v| ExportCell::text(v)));
    }
    for def in defs {
        row.push(custom_cell(c.custom.get(&def.key)));
    }
    row.push(ExportCell::text(&c.memo));
    row
}

/// Writes the customers with these ids (a filtered list, in its order) to `path`; returns how many.
pub fn export_customers(
    store: &Store,
    ids: &[i64],
    path: &Path,
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<u64, ExportError> {
    let symbol = store.currency()?;
    let mut export = XlsxExport::new(path, &symbol)?;
    let axes = store.group_axes()?;
    let defs = store.field_defs()?;
    let columns = customer_columns(&axes, &defs);
    let rows = store.profiles(ids)?.map(|customer| -> ExportRow { Ok(customer_row(customer?, &axes, &defs)) });
    let written = export.add_sheet("Customers", &columns, rows, progress)?;
    export.save()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_has_a_cell_for_every_column() {
        let axes = vec![GroupAxis { id: 1, name: "Region".into(), values: vec![] }];
        let defs =
            vec![FieldDef::new("renewal", "Renewal", FieldType::Date), FieldDef::new("n", "Phone", FieldType::Text)];
        let columns = customer_columns(&axes, &defs);
        let mut customer = Customer::new("Acme");
        customer.code = "00123".into();
        customer.groups.insert("Region".into(), "Seoul".into());
        let row = customer_row(customer, &axes, &defs);
        assert_eq!(row.len(), columns.len());
        assert_eq!(row[0], ExportCell::Text("00123".into()));
        let region = columns.iter().position(|c| c.header == "Region").unwrap();
        assert_eq!(row[region], ExportCell::Text("Seoul".into()));
        let phone = columns.iter().filter(|c| c.header.eq_ignore_ascii_case("phone")).count();
        assert_eq!(phone, 1, "a custom field labelled like a profile field gets another header");
        assert_eq!(columns.last().unwrap().header, "Memo");
    }
}
