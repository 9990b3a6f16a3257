//! `clientele export …`: each kind written to .xlsx and read back with calamine: headers, values,
//! text that must stay text, amounts and dates as real numbers, and failures that leave no file.

use crate::support::Book;
use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every sheet of a workbook by name: its rows of cells.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    workbook
        .worksheets()
        .into_iter()
        .map(|(name, range)| (name, range.rows().map(<[Data]>::to_vec).collect()))
        .collect()
}

fn first_sheet(path: &Path) -> Vec<Vec<Data>> {
    sheets(path).into_iter().next().expect("a sheet").1
}

fn headers(rows: &[Vec<Data>]) -> Vec<String> {
    rows[0].iter().map(|c| c.to_string()).collect()
}

/// The cell under `header` in data row `row` (1 = the first under the header).
fn cell<'a>(rows: &'a [Vec<Data>], row: usize, header: &str) -> &'a Data {
    let col = headers(rows).iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header}"));
    rows[row].get(col).unwrap_or(&Data::Empty)
}

/// The calendar date a cell holds, when it is a real spreadsheet date (not text).
fn date_of(cell: &Data) -> Option<NaiveDate> {
    match cell {
        Data::DateTime(value) => {
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            epoch.checked_add_days(chrono::Days::new(value.as_f64() as u64))
        }
        _ => None,
    }
}

fn file(book: &Book, name: &str) -> PathBuf {
    book.dir.path().join(name)
}

fn export(book: &Book, args: &[&str]) -> Value {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    book.json(&all)
}

fn decimal(value: &Value) -> f64 {
    value.as_str().unwrap().parse().unwrap()
}

#[test]
fn customers_carry_every_field_and_codes_stay_text() {
    let book = Book::new();
    book.ok(&["fields", "add", "renewal", "--label", "Renewal date", "--type", "date"]);
    book.ok(&["fields", "add", "staff", "--label", "Employees", "--type", "number"]);
    book.ok(&["groups", "add", "Region", "Seoul"]);
    book.ok(&["groups", "add", "Region", "Busan"]);
    book.ok(&[
        "customers",
        "add",
        "--name",
        "Acme Trading",
        "--code",
        "00123",
        "--tax-id",
        "0012345678",
        "--postal-code",
        "04524",
        "--city",
        "Seoul",
        "--credit-limit",
        "1500.50",
        "--discount",
        "12.5",
        "--payment-terms",
        "30",
        "--age-limit",
        "45",
        "--group",
        "Region=Seoul",
        "--field",
        "renewal=2026-03-31",
        "--field",
        "staff=42",
        "--contact",
        "Kim|Buyer|010-1234|kim@acme.example",
        "--memo",
        "Pays on the 5th",
    ]);
    book.ok(&["customers", "add", "--name", "Busan Fish", "--group", "Region=Busan"]);
    let path = file(&book, "customers.xlsx");

    let result = export(&book, &["customers", path.to_str().unwrap(), "--group", "region=seoul"]);
    assert_eq!(result["rows"], 1, "only the Seoul customer: {result}");
    assert_eq!(result["file"], path.to_str().unwrap());
    let rows = first_sheet(&path);
    assert_eq!(rows.len(), 2);
    let header = headers(&rows);
    for expected in ["Code", "Name", "Tax ID", "Billing postal code", "Credit limit", "Region", "Renewal date", "Memo"]
    {
        assert!(header.iter().any(|h| h == expected), "{expected} missing from {header:?}");
    }
    assert_eq!(header.last().map(String::as_str), Some("Memo"));
    assert_eq!(cell(&rows, 1, "Code"), &Data::String("00123".into()));
    assert_eq!(cell(&rows, 1, "Tax ID"), &Data::String("0012345678".into()));
    assert_eq!(cell(&rows, 1, "Billing postal code"), &Data::String("04524".into()));
    assert_eq!(cell(&rows, 1, "Name"), &Data::String("Acme Trading".into()));
    assert_eq!(cell(&rows, 1, "Credit limit"), &Data::Float(1500.5));
    assert_eq!(cell(&rows, 1, "Discount %"), &Data::Float(12.5));
    assert_eq!(cell(&rows, 1, "Payment terms (days)"), &Data::Float(30.0));
    assert_eq!(cell(&rows, 1, "Receivables age limit (days)"), &Data::Float(45.0));
    assert_eq!(cell(&rows, 1, "Region"), &Data::String("Seoul".into()));
    assert_eq!(cell(&rows, 1, "Employees"), &Data::Float(42.0));
    assert_eq!(date_of(cell(&rows, 1, "Renewal date")), NaiveDate::from_ymd_opt(2026, 3, 31));
    assert!(matches!(cell(&rows, 1, "Renewal date"), Data::DateTime(_)), "a real date");
    assert_eq!(cell(&rows, 1, "Contact"), &Data::String("Kim".into()));
    assert_eq!(cell(&rows, 1, "Contact e-mail"), &Data::String("kim@acme.example".into()));
    assert_eq!(cell(&rows, 1, "Active"), &Data::String("Yes".into()));
    assert_eq!(cell(&rows, 1, "Memo"), &Data::String("Pays on the 5th".into()));

    // Without a filter, both; a group that does not exist is refused rather than exported empty.
    let out = book.ok(&["export", "customers", path.to_str().unwrap()]);
    assert_eq!(out.trim(), format!("Exported 2 customers to {}", path.display()));
    assert_eq!(first_sheet(&path).len(), 3);
    let message = book.fails(&["export", "customers", path.to_str().unwrap(), "--group", "Region=Daegu"]);
    assert!(message.contains("\"Daegu\""), "{message}");
}

#[test]
fn a_demo_book_exports_every_kind_with_the_reports_figures() {
    let book = Book::new();
    book.ok(&["demo", "--customers", "50", "--items", "20", "--vouchers", "300"]);
    let path = |name: &str| file(&book, name).to_str().unwrap().to_string();

    assert_eq!(export(&book, &["customers", &path("c.xlsx")])["rows"], 50);
    assert_eq!(first_sheet(Path::new(&path("c.xlsx"))).len(), 51);

    assert_eq!(export(&book, &["items", &path("i.xlsx")])["rows"], 20);
    let items = first_sheet(Path::new(&path("i.xlsx")));
    assert_eq!(headers(&items), ["Code", "Name", "Unit", "Sales price", "Purchase price", "Tax %", "Active"]);
    assert!(matches!(cell(&items, 1, "Sales price"), Data::Float(_)), "{:?}", cell(&items, 1, "Sales price"));

    let balances = book.json(&["balances"]);
    let balances = balances.as_array().unwrap();
    assert_eq!(export(&book, &["balances", &path("b.xlsx")])["rows"], balances.len() as u64);
    let sheet = first_sheet(Path::new(&path("b.xlsx")));
    assert_eq!(headers(&sheet), ["Code", "Name", "Receivable", "Payable", "Net"]);
    for (i, expected) in balances.iter().enumerate() {
        assert_eq!(cell(&sheet, i + 1, "Code"), &Data::String(expected["code"].as_str().unwrap().into()));
        assert_eq!(cell(&sheet, i + 1, "Net"), &Data::Float(decimal(&expected["net"])));
    }

    let ageing = book.json(&["aging", "--as-of", "2030-01-01"]);
    let ageing = ageing.as_array().unwrap();
    let result = export(&book, &["aging", &path("a.xlsx"), "--as-of", "2030-01-01"]);
    assert_eq!(result["rows"], ageing.len() as u64);
    let sheet = first_sheet(Path::new(&path("a.xlsx")));
    assert_eq!(headers(&sheet)[2..8], ["Not due", "1–30 days", "31–60 days", "61–90 days", "over 90 days", "Total"]);
    if let Some(first) = ageing.first() {
        assert_eq!(cell(&sheet, 1, "Total"), &Data::Float(decimal(&first["total"])));
    }

    // The ledger of the customer with the most activity: every voucher and the same closing balance.
    let code = balances[0]["code"].as_str().unwrap();
    let ledger = book.json(&["ledger", code]);
    let entries = ledger["entries"].as_array().unwrap();
    let result = export(&book, &["ledger", code, &path("l.xlsx")]);
    assert_eq!(result["rows"], entries.len() as u64);
    let sheet = first_sheet(Path::new(&path("l.xlsx")));
    assert_eq!(headers(&sheet), ["Date", "Kind", "Number", "Memo", "Debit", "Credit", "Balance", "Void"]);
    assert_eq!(sheet.len(), entries.len() + 2, "header, brought forward, vouchers");
    assert_eq!(cell(&sheet, 1, "Kind"), &Data::String("Brought forward".into()));
    let last = sheet.len() - 1;
    assert_eq!(cell(&sheet, last, "Balance"), &Data::Float(decimal(&ledger["closing_balance"])));
    assert_eq!(cell(&sheet, last, "Number"), &Data::String(entries.last().unwrap()["number"].as_str().unwrap().into()));
    let date = NaiveDate::parse_from_str(entries[0]["date"].as_str().unwrap(), "%Y-%m-%d").ok();
    assert_eq!(date_of(cell(&sheet, 2, "Date")), date);
}

#[test]
fn prices_go_on_two_sheets() {
    let book = Book::new();
    book.ok(&["customers", "add", "--name", "Acme"]);
    book.ok(&["items", "add", "--code", "007", "--name", "Widget", "--price", "100"]);
    book.ok(&["levels", "add", "Wholesale"]);
    book.ok(&["prices", "set", "--item", "007", "--level", "Wholesale", "--price", "90.125"]);
    book.ok(&[
        "prices",
        "set",
        "--item",
        "007",
        "--customer",
        "C000001",
        "--price",
        "70",
        "--min-qty",
        "10",
        "--from",
        "2026-01-01",
    ]);
    let path = file(&book, "prices.xlsx");
    let out = book.ok(&["export", "prices", path.to_str().unwrap()]);
    assert_eq!(out.trim(), format!("Exported 1 level price and 1 special price to {}", path.display()));
    let sheets = sheets(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Level prices", "Special prices"]);
    let levels = &sheets[0].1;
    assert_eq!(cell(levels, 1, "Item code"), &Data::String("007".into()));
    assert_eq!(cell(levels, 1, "Level"), &Data::String("Wholesale".into()));
    assert_eq!(cell(levels, 1, "Price"), &Data::Float(90.125));
    let specials = &sheets[1].1;
    assert_eq!(cell(specials, 1, "Customer code"), &Data::String("C000001".into()));
    assert_eq!(cell(specials, 1, "Min quantity"), &Data::Float(10.0));
    assert_eq!(date_of(cell(specials, 1, "Valid from")), NaiveDate::from_ymd_opt(2026, 1, 1));
    assert_eq!(cell(specials, 1, "Valid to"), &Data::Empty);
}

#[test]
fn a_missing_folder_fails_with_a_sentence_and_leaves_no_file() {
    let book = Book::new();
    book.ok(&["customers", "add", "--name", "Acme"]);
    let path = book.dir.path().join("no such folder").join("customers.xlsx");
    let message = book.fails(&["export", "customers", path.to_str().unwrap()]);
    assert!(message.contains("the folder") && message.contains("does not exist"), "{message}");
    assert!(!path.exists());
    assert!(!path.parent().unwrap().exists());

    let message = book.fails(&["export", "items", file(&book, "items.csv").to_str().unwrap()]);
    assert!(message.contains("must end in .xlsx"), "{message}");
    let message = book.fails(&["export", "ledger", "C000001", "l.xlsx", "--from", "2026-02-01", "--to", "2026-01-01"]);
    assert!(message.contains("after --to"), "{message}");
    let message = book.fails(&["export", "ledger", "NOPE", file(&book, "l.xlsx").to_str().unwrap()]);
    assert!(message.contains("no customer with code \"NOPE\""), "{message}");
    assert!(!file(&book, "l.xlsx").exists());
}

#[test]
fn an_existing_file_is_replaced_whole() {
    let book = Book::new();
    book.ok(&["customers", "add", "--name", "Acme"]);
    let path = file(&book, "customers.xlsx");
    std::fs::write(&path, b"an old export").unwrap();
    book.ok(&["export", "customers", path.to_str().unwrap()]);
    assert_eq!(first_sheet(&path).len(), 2);
    let leftovers: Vec<_> = std::fs::read_dir(book.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
