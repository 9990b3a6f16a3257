//! The reports as sheets: balances, ageing of open invoices, and one customer's ledger with its running balance.

use super::{Column, ColumnKind, ExportCell, ExportError, XlsxExport};
use crate::domain::customer::Customer;
use crate::store::{ReportFilter, Side, Store};
use chrono::NaiveDate;
use std::path::Path;

fn code_and_name() -> [Column; 2] {
    [Column::new("Code", ColumnKind::Text, 12.0), Column::new("Name", ColumnKind::Text, 30.0)]
}

pub fn balance_columns() -> Vec<Column> {
    let mut columns = code_and_name().to_vec();
    for header in ["Receivable", "Payable", "Net"] {
        columns.push(Column::new(header, ColumnKind::Amount, 15.0));
    }
    columns
}

/// What each customer the filter covers owes and is owed, as `clientele balances` shows it; returns how many.
pub fn export_balances(store: &Store, filter: &ReportFilter, path: &Path) -> Result<u64, ExportError> {
    let symbol = store.currency()?;
    let mut export = XlsxExport::new(path, &symbol)?;
    let rows = store.balances(filter)?.into_iter().map(|b| {
        Ok(vec![
            ExportCell::Text(b.code),
            ExportCell::text(&b.name),
            ExportCell::Decimal(b.balance.receivable),
            ExportCell::Decimal(b.balance.payable),
            ExportCell::Decimal(b.balance.net()),
        ])
    });
    let written = export.add_sheet("Balances", &balance_columns(), rows, None)?;
    export.save()?;
    Ok(written)
}

/// The ageing columns with the bucket labels set in Settings ("1–30", …, "over 90").
pub fn ageing_columns(bucket_labels: &[String; 4]) -> Vec<Column> {
    let mut columns = code_and_name().to_vec();
    columns.push(Column::new("Not due", ColumnKind::Amount, 14.0));
    for label in bucket_labels {
        columns.push(Column::new(format!("{label} days"), ColumnKind::Amount, 14.0));
    }
    columns.push(Column::new("Total", ColumnKind::Amount, 15.0));
    columns.push(Column::new("Unapplied", ColumnKind::Amount, 14.0));
    columns.push(Column::new("Oldest overdue (days)", ColumnKind::Integer, 12.0));
    columns
}

/// Open invoices by age on `as_of`, as `clientele aging` computes them; returns how many customers.
pub fn export_ageing(
    store: &Store,
    side: Side,
    as_of: NaiveDate,
    filter: &ReportFilter,
    path: &Path,
) -> Result<u64, ExportError> {
    let symbol = store.currency()?;
    let mut export = XlsxExport::new(path, &symbol)?;
    let columns = ageing_columns(&store.ageing_edges()?.labels());
    let rows = store.ageing(side, as_of, filter)?.into_iter().map(|c| {
        let a = c.ageing;
        let mut row = vec![ExportCell::Text(c.code), ExportCell::text(&c.name), ExportCell::Decimal(a.not_due)];
        row.extend(a.overdue.into_iter().map(ExportCell::Decimal));
        row.push(ExportCell::Decimal(a.total));
        row.push(ExportCell::Decimal(a.unapplied));
        row.push(ExportCell::optional_integer(a.oldest_overdue_days));
        Ok(row)
    });
    let name = match side {
        Side::Receivable => "Receivables by age",
        Side::Payable => "Payables by age",
    };
    let written = export.add_sheet(name, &columns, rows, None)?;
    export.save()?;
    Ok(written)
}

pub fn ledger_columns() -> Vec<Column> {
    vec![
        Column::new("Date", ColumnKind::Date, 12.0),
        Column::new("Kind", ColumnKind::Text, 16.0),
        Column::new("Number", ColumnKind::Text, 16.0),
        Column::new("Memo", ColumnKind::Text, 30.0),
        Column::new("Debit", ColumnKind::Amount, 14.0),
        Column::new("Credit", ColumnKind::Amount, 14.0),
        Column::new("Balance", ColumnKind::Amount, 15.0),
        Column::new("Void", ColumnKind::Text, 7.0),
    ]
}

/// One customer's ledger from `from` to `to`: a "Brought forward" row with the balance carried in,
/// then every voucher (voided ones marked VOID) with the running balance; returns how many vouchers.
pub fn export_ledger(
    store: &Store,
    customer: &Customer,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    path: &Path,
) -> Result<u64, ExportError> {
    let symbol = store.currency()?;
    let mut export = XlsxExport::new(path, &symbol)?;
    let ledger = store.ledger(customer.id.unwrap_or_default(), from, to, None)?;
    let opening = vec![
        ExportCell::optional_date(from),
        ExportCell::Text("Brought forward".to_string()),
        ExportCell::Empty,
        ExportCell::Empty,
        ExportCell::Empty,
        ExportCell::Empty,
        ExportCell::Decimal(ledger.opening),
        ExportCell::Empty,
    ];
    let entries = ledger.entries.into_iter().map(|e| {
        let blank_zero =
            |d: rust_decimal::Decimal| if d.is_zero() { ExportCell::Empty } else { ExportCell::Decimal(d) };
        vec![
            ExportCell::Date(e.date),
            ExportCell::Text(e.kind.to_string()),
            ExportCell::Text(e.number),
            ExportCell::text(&e.memo),
            blank_zero(e.debit),
            blank_zero(e.credit),
            ExportCell::Decimal(e.balance),
            if e.voided { ExportCell::Text("VOID".to_string()) } else { ExportCell::Empty },
        ]
    });
    let rows = std::iter::once(opening).chain(entries).map(Ok);
    let written = export.add_sheet("Ledger", &ledger_columns(), rows, None)?;
    export.save()?;
    // The brought-forward row is not a voucher.
    Ok(written.saturating_sub(1))
}
