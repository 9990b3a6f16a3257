//! Import templates for items, prices, opening balances and vouchers: the kind's fields as
//! headers the importer maps at once, a hint per column (a note on the header and the message
//! Excel shows in a cell below, as the customer template has them) and drop-down lists for the
//! choice fields.

use super::export::{ColumnKind, ExportError, check_target, save_workbook};
use super::template::{Allowed, TemplateColumn, TemplateSummary, fill, write_customer_template};
use crate::domain::import::balances::BalanceField;
use crate::domain::import::fixed::{ImportField, ImportKind};
use crate::domain::import::items::ItemField;
use crate::domain::import::prices::PriceField;
use crate::domain::import::vouchers::VoucherField;
use crate::domain::voucher::PaymentMethod;
use crate::store::Store;
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// A column described by its hint, its cell kind and what it accepts.
type Spec = (&'static str, ColumnKind, Allowed);

fn list(values: &[&str]) -> Allowed {
    Allowed::List { values: values.iter().map(|v| v.to_string()).collect(), strict: true }
}

fn amount() -> Allowed {
    Allowed::Decimal { min: 0.0, max: None }
}

fn percent() -> Allowed {
    Allowed::Decimal { min: 0.0, max: Some(100.0) }
}

fn item_spec(field: ItemField) -> Spec {
    match field {
        ItemField::Code => {
            ("Text; needed. A code already in the book updates that item.", ColumnKind::Text, Allowed::Any)
        }
        ItemField::Name => ("Text; needed for a new item.", ColumnKind::Text, Allowed::Any),
        ItemField::Unit => ("Text, e.g. ea, box, kg.", ColumnKind::Text, Allowed::Any),
        ItemField::SalesPrice => ("The standard sales price, e.g. 12.50.", ColumnKind::Amount, amount()),
        ItemField::PurchasePrice => ("The standard purchase price, e.g. 8.", ColumnKind::Amount, amount()),
        ItemField::TaxRate => ("A number from 0 to 100: 10 means 10 %.", ColumnKind::Percent, percent()),
        ItemField::Active => ("Yes or No; empty is Yes for a new item.", ColumnKind::Text, list(&["Yes", "No"])),
    }
}

fn price_spec(field: PriceField, levels: &[String]) -> Spec {
    match field {
        PriceField::Item => ("An item code from the book; needed.", ColumnKind::Text, Allowed::Any),
        PriceField::Level if levels.is_empty() => (
            "The book has no price levels yet; add them first, or fill Customer code instead.",
            ColumnKind::Text,
            Allowed::Any,
        ),
        PriceField::Level => (
            "A price level, for a level price; leave empty for a customer's special price.",
            ColumnKind::Text,
            Allowed::List { values: levels.to_vec(), strict: true },
        ),
        PriceField::Customer => (
            "A customer (or vendor) code, for a special price; leave empty for a level price.",
            ColumnKind::Text,
            Allowed::Any,
        ),
        PriceField::Price => ("The price, e.g. 9.50; needed.", ColumnKind::Amount, amount()),
        PriceField::Side => {
            ("sales or purchase (special prices only); empty is sales.", ColumnKind::Text, list(&["sales", "purchase"]))
        }
        PriceField::MinQuantity => (
            "Special prices: from this quantity on, e.g. 10.",
            ColumnKind::Number,
            Allowed::Decimal { min: 0.0, max: None },
        ),
        PriceField::ValidFrom => ("Special prices: first day, YYYY-MM-DD.", ColumnKind::Date, Allowed::Any),
        PriceField::ValidTo => ("Special prices: last day, YYYY-MM-DD.", ColumnKind::Date, Allowed::Any),
    }
}

fn balance_spec(field: BalanceField) -> Spec {
    match field {
        BalanceField::Customer => {
            ("A customer (or vendor) code from the book; needed.", ColumnKind::Text, Allowed::Any)
        }
        BalanceField::Receivable => ("What the customer owed us, e.g. 1250.50.", ColumnKind::Amount, amount()),
        BalanceField::Payable => ("What we owed them, e.g. 300.", ColumnKind::Amount, amount()),
        BalanceField::Date => ("The day the balance stood at, YYYY-MM-DD; needed.", ColumnKind::Date, Allowed::Any),
        BalanceField::DueDate => {
            ("When the receivable falls due, YYYY-MM-DD (default: the date).", ColumnKind::Date, Allowed::Any)
        }
        BalanceField::Memo => ("Text.", ColumnKind::Text, Allowed::Any),
    }
}

fn voucher_spec(field: VoucherField) -> Spec {
    match field {
        VoucherField::Voucher => (
            "Rows with the same key make one voucher (its lines); kept as the voucher's reference.",
            ColumnKind::Text,
            Allowed::Any,
        ),
        VoucherField::Kind => (
            "sale, purchase, collection or payment; needed.",
            ColumnKind::Text,
            list(&["sale", "purchase", "collection", "payment"]),
        ),
        VoucherField::Date => ("The voucher date, YYYY-MM-DD; needed.", ColumnKind::Date, Allowed::Any),
        VoucherField::DueDate => (
            "Sales and purchases: YYYY-MM-DD (default: the date plus the customer's terms).",
            ColumnKind::Date,
            Allowed::Any,
        ),
        VoucherField::Customer => {
            ("A customer (or vendor) code from the book; needed.", ColumnKind::Text, Allowed::Any)
        }
        VoucherField::Item => ("Sales and purchases: an item code from the book.", ColumnKind::Text, Allowed::Any),
        VoucherField::Quantity => {
            ("Sales and purchases: more than 0.", ColumnKind::Number, Allowed::Decimal { min: 0.0, max: None })
        }
        VoucherField::UnitPrice => {
            ("Empty: the customer's price, found as at entry; or a price, e.g. 19.99.", ColumnKind::Amount, amount())
        }
        VoucherField::Discount => ("Empty: the customer's discount; or 0 to 100.", ColumnKind::Percent, percent()),
        VoucherField::Amount => ("Collections and payments: the sum moved.", ColumnKind::Amount, amount()),
        VoucherField::Method => {
            let methods: Vec<&str> = PaymentMethod::ALL.iter().map(|m| m.as_str()).collect();
            ("Collections and payments: cash, bank, card or other (default bank).", ColumnKind::Text, list(&methods))
        }
        VoucherField::Reference => {
            ("A bank or cheque reference (default: the voucher key).", ColumnKind::Text, Allowed::Any)
        }
        VoucherField::AppliesTo => (
            "Collections and payments: the number of the invoice in the book they pay, e.g. S-2026-000012.",
            ColumnKind::Text,
            Allowed::Any,
        ),
        VoucherField::Memo => ("Text.", ColumnKind::Text, Allowed::Any),
    }
}

fn columns_of<F: ImportField>(spec: impl Fn(F) -> Spec) -> Vec<TemplateColumn<&'static str>> {
    F::ALL
        .iter()
        .map(|&field| {
            let (hint, kind, allowed) = spec(field);
            let width = if matches!(kind, ColumnKind::Text) { 18.0 } else { 14.0 };
            TemplateColumn {
                header: field.label().to_string(),
                target: field.key(),
                kind,
                width,
                hint: hint.into(),
                allowed,
            }
        })
        .collect()
}

/// The columns of the template for `kind`; none for customers, whose columns depend on the
/// book's fields and axes (`template::customer_template_columns`).
pub fn kind_template_columns(kind: ImportKind, levels: &[String]) -> Vec<TemplateColumn<&'static str>> {
    match kind {
        ImportKind::Items => columns_of(item_spec),
        ImportKind::Prices => columns_of(|f| price_spec(f, levels)),
        ImportKind::Balances => columns_of(balance_spec),
        ImportKind::Vouchers => columns_of(voucher_spec),
        ImportKind::Customers => Vec::new(),
    }
}

/// Writes the template for `kind` to `path`; an existing file is replaced.
pub fn write_kind_template(store: &Store, kind: ImportKind, path: &Path) -> Result<TemplateSummary, ExportError> {
    if kind == ImportKind::Customers {
        return write_customer_template(store, path);
    }
    check_target(path)?;
    let symbol = store.currency()?;
    let levels: Vec<String> = store.price_levels()?.into_iter().map(|l| l.name).collect();
    let columns = kind_template_columns(kind, &levels);
    let (sheet, what) = match kind {
        ImportKind::Items => ("Items", "one row per item"),
        ImportKind::Prices => ("Prices", "one row per price: a level price or a customer's special price"),
        ImportKind::Balances => ("Balances", "one row per customer's opening balance"),
        ImportKind::Vouchers | ImportKind::Customers => {
            ("Vouchers", "one row per line; rows with the same voucher key make one voucher")
        }
    };
    let title = format!(
        "{sheet}: {what}, below the headers. Point at a header, or select a cell, to see what it takes. \
         Then: clientele import {kind} FILE --dry-run"
    );
    let mut workbook = Workbook::new();
    let summary = fill(&mut workbook, sheet, &title, &columns, &symbol)
        .map_err(|e| ExportError::Sheet { path: path.to_path_buf(), reason: e.to_string() })?;
    save_workbook(workbook, path)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::fixed::find;

    #[test]
    fn every_header_maps_back_to_its_own_field() {
        let levels = vec!["Retail".to_string()];
        let keys = |columns: Vec<TemplateColumn<&'static str>>| -> Vec<(String, &'static str)> {
            columns.into_iter().map(|c| (c.header, c.target)).collect()
        };
        for (header, key) in keys(kind_template_columns(ImportKind::Items, &levels)) {
            assert_eq!(find::<ItemField>(&header).map(|f| f.key()), Some(key), "{header}");
        }
        for (header, key) in keys(kind_template_columns(ImportKind::Prices, &levels)) {
            assert_eq!(find::<PriceField>(&header).map(|f| f.key()), Some(key), "{header}");
        }
        for (header, key) in keys(kind_template_columns(ImportKind::Balances, &levels)) {
            assert_eq!(find::<BalanceField>(&header).map(|f| f.key()), Some(key), "{header}");
        }
        for (header, key) in keys(kind_template_columns(ImportKind::Vouchers, &levels)) {
            assert_eq!(find::<VoucherField>(&header).map(|f| f.key()), Some(key), "{header}");
        }
        let prices = kind_template_columns(ImportKind::Prices, &levels);
        let level = prices.iter().find(|c| c.target == "level").unwrap();
        assert_eq!(level.allowed, Allowed::List { values: levels, strict: true });
    }
}
