//! Unit tests of the table writer: formats, values read back, and a failed export leaving the old file alone.

use super::*;
use crate::domain::money::Currency;
use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_decimal_macros::dec;

fn columns() -> Vec<Column> {
    vec![
        Column::new("Code", ColumnKind::Text, 10.0),
        Column::new("Amount", ColumnKind::Amount, 12.0),
        Column::new("Day", ColumnKind::Date, 12.0),
        Column::new("Days", ColumnKind::Integer, 8.0),
    ]
}

fn row() -> ExportRow {
    Ok(vec![
        ExportCell::Text("00123".into()),
        ExportCell::Decimal(dec!(1234.5)),
        ExportCell::Date(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()),
        ExportCell::Integer(30),
    ])
}

fn cells(path: &Path) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

#[test]
fn the_currency_symbol_is_quoted_in_the_format() {
    assert_eq!(currency_format(&Currency::new("$", 2)), "\"$\"#,##0.00##");
    assert_eq!(currency_format(&Currency::new("₩ ", 2)), "\"₩\"#,##0.00##");
    assert_eq!(currency_format(&Currency::new("", 2)), "#,##0.00##");
    assert_eq!(currency_format(&Currency::new("a\"b", 2)), "\\a\\\"\\b#,##0.00##");
}

#[test]
fn a_currency_without_decimals_shows_whole_amounts_in_excel() {
    assert_eq!(currency_format(&Currency::new("₩", 0)), "\"₩\"#,##0");
    assert_eq!(currency_format(&Currency::new("$", 1)), "\"$\"#,##0.0###");
    assert_eq!(currency_format(&Currency::new("$", 4)), "\"$\"#,##0.0000");
}

#[test]
fn dates_count_days_as_spreadsheets_do() {
    assert_eq!(excel_serial(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()), 46023.0);
    assert_eq!(excel_serial(NaiveDate::from_ymd_opt(1900, 3, 1).unwrap()), 61.0);
}

#[test]
fn values_read_back_as_text_numbers_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    let written = write_table(&path, "Test", &columns(), [row()], &Currency::default(), None).unwrap();
    assert_eq!(written, 1);
    let rows = cells(&path);
    assert_eq!(rows[0][0], Data::String("Code".into()));
    assert_eq!(rows[1][0], Data::String("00123".into()));
    assert_eq!(rows[1][1], Data::Float(1234.5));
    assert!(matches!(rows[1][2], Data::DateTime(_)), "{:?}", rows[1][2]);
    let Data::DateTime(date) = &rows[1][2] else { unreachable!() };
    assert_eq!(date.as_f64(), excel_serial(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()));
    assert_eq!(rows[1][3], Data::Float(30.0));
}

#[test]
fn a_failed_export_keeps_the_old_file_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(&path, b"the old export").unwrap();
    let failing = [row(), Err(ExportError::Store(StoreError::Busy))];
    let error = write_table(&path, "Test", &columns(), failing, &Currency::default(), None).unwrap_err();
    assert!(error.to_string().contains("busy"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), b"the old export");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn a_missing_folder_or_a_wrong_name_is_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere").join("t.xlsx");
    let error = write_table(&path, "Test", &columns(), [row()], &Currency::default(), None).unwrap_err();
    assert!(error.to_string().ends_with("nowhere does not exist"), "{error}");
    assert!(!path.exists());
    let error =
        write_table(&dir.path().join("t.csv"), "Test", &columns(), [row()], &Currency::default(), None).unwrap_err();
    assert!(error.to_string().contains("must end in .xlsx"), "{error}");
    let error = write_table(dir.path(), "Test", &columns(), [row()], &Currency::default(), None).unwrap_err();
    assert!(error.to_string().contains("it is a folder"), "{error}");
}

#[test]
fn sheet_names_are_made_acceptable() {
    assert_eq!(sheet_name("a/b:c"), "a-b-c");
    assert_eq!(sheet_name(""), "Sheet1");
    assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
}
