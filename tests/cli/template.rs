//! `clientele template customers`: the template read back with calamine (headers, hidden lists),
//! imported untouched as nothing, and its headers with a filled row imported as a customer.

use crate::support::Book;
use calamine::{Data, Reader, SheetVisible, Xlsx, open_workbook};
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A book with an axis, a level, a short and a long choice field and a yes/no field.
fn book() -> Book {
    let book = Book::new();
    book.ok(&["groups", "add", "Region", "Seoul"]);
    book.ok(&["groups", "add", "Region", "Busan"]);
    book.ok(&["levels", "add", "Wholesale"]);
    book.ok(&["fields", "add", "tier", "--label", "Tier", "--type", "choice", "--choices", "Gold,Silver"]);
    let many: Vec<String> = (1..=60).map(|n| format!("Product line {n}")).collect();
    book.ok(&["fields", "add", "line", "--label", "Line", "--type", "choice", "--choices", &many.join(",")]);
    book.ok(&["fields", "add", "member", "--label", "Member", "--type", "bool"]);
    book
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = workbook.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

fn labels(book: &Book) -> Vec<String> {
    let fields = book.json(&["import", "fields", "customers"]);
    fields.as_array().unwrap().iter().map(|f| f["label"].as_str().unwrap().to_string()).collect()
}

fn template(book: &Book) -> PathBuf {
    let path = book.dir.path().join("customers-template.xlsx");
    let written = book.json(&["template", "customers", path.to_str().unwrap()]);
    assert_eq!(written["columns"], json!(labels(book).len()), "{written}");
    path
}

#[test]
fn the_headers_are_the_catalogs_and_long_lists_sit_on_a_hidden_sheet() {
    let book = book();
    let path = template(&book);
    let workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let sheets: Vec<(String, SheetVisible)> =
        workbook.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible)).collect();
    assert_eq!(sheets, vec![("Customers".into(), SheetVisible::Visible), ("Lists".into(), SheetVisible::Hidden)]);

    let rows = sheet(&path, "Customers");
    assert_eq!(rows.len(), 2, "a title and the headers, no data: {rows:?}");
    assert!(rows[0][0].to_string().starts_with("Customers"), "{:?}", rows[0]);
    assert!(rows[0][1..].iter().all(|c| *c == Data::Empty), "the title is one cell");
    let headers: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    let expected = labels(&book);
    assert_eq!(headers, expected);
    let tail: Vec<&str> = expected.iter().rev().take(4).rev().map(String::as_str).collect();
    assert_eq!(tail, ["Region", "Tier", "Line", "Member"], "axes, then custom fields, last");

    // Sixty choices are too long for Excel's inline list: they are read from the Lists sheet.
    let lists = sheet(&path, "Lists");
    let col = lists[0].iter().position(|c| *c == Data::String("Line".into())).expect("a Line list");
    let values: Vec<String> = lists[1..].iter().map(|r| r[col].to_string()).collect();
    assert_eq!(values.len(), 60);
    assert_eq!(values[0], "Product line 1");
    assert_eq!(values[59], "Product line 60");
}

#[test]
fn an_untouched_template_imports_as_nothing() {
    let book = book();
    let path = template(&book);
    let report = book.json(&["import", "customers", path.to_str().unwrap(), "--dry-run"]);
    assert_eq!(
        (&report["created"], &report["updated"], &report["invalid"], &report["unmapped"]),
        (&json!(0), &json!(0), &json!(0), &json!([])),
        "{report}"
    );
    let columns = report["columns"].as_array().unwrap();
    assert_eq!(columns.len(), labels(&book).len());
    assert!(columns.iter().all(|c| !c["field"].is_null()), "every column is mapped: {columns:?}");
}

#[test]
fn a_row_under_the_templates_headers_imports_as_a_customer() {
    let book = book();
    let template = template(&book);
    let rows = sheet(&template, "Customers");
    let headers: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    let filled: &[(&str, &str)] = &[
        ("Name", "Zed Trading"),
        ("Role", "vendor"),
        ("Tax ID", "00456"),
        ("Price level", "Wholesale"),
        ("Discount %", "12.5"),
        ("When exceeded", "(from group)"),
        ("Active", "Yes"),
        ("Region", "Busan"),
        ("Tier", "Gold"),
        ("Member", "Yes"),
    ];
    let path = book.dir.path().join("filled.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, rows[0][0].to_string()).unwrap();
    for (col, header) in (0u16..).zip(&headers) {
        sheet.write_string(1, col, header).unwrap();
        if let Some((_, value)) = filled.iter().find(|(h, _)| h == header) {
            sheet.write_string(2, col, *value).unwrap();
        }
    }
    workbook.save(&path).unwrap();

    let report = book.json(&["import", "customers", path.to_str().unwrap()]);
    assert_eq!((&report["created"], &report["invalid"]), (&json!(1), &json!(0)), "{report}");
    let found = book.json(&["customers", "list", "--search", "Zed"]);
    let code = found.as_array().and_then(|a| a.first()).and_then(|c| c["code"].as_str()).expect("Zed is listed");
    let zed: Value = book.json(&["customers", "show", code]);
    assert_eq!(zed["tax_id"], json!("00456"), "{zed}");
    assert_eq!(zed["role"], json!("vendor"), "{zed}");
    assert_eq!(zed["price_level"], json!("Wholesale"), "{zed}");
}

#[test]
fn a_bad_target_is_refused_with_a_sentence_and_leaves_no_file() {
    let book = book();
    let csv = book.dir.path().join("template.csv");
    let error = book.fails(&["template", "customers", csv.to_str().unwrap()]);
    assert!(error.contains(".xlsx"), "{error}");
    assert!(!csv.exists());
    let missing = book.dir.path().join("no-such-folder").join("t.xlsx");
    let error = book.fails(&["template", "customers", missing.to_str().unwrap()]);
    assert!(error.contains("does not exist"), "{error}");
    // Only importable kinds have a template; clap names them.
    let other = book.run(&["template", "groups", "t.xlsx"]);
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert!(other.stderr.contains("possible values: customers, items, prices, balances, vouchers"), "{}", other.stderr);
}
