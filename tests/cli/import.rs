//! `clientele import customers`: a real .xlsx and .csv previewed, applied as a batch, listed and undone.

use crate::support::Book;
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Acme (C000001, tax ID 00123) and Bee (C000002), and the axis Region.
fn book() -> Book {
    let book = Book::new();
    book.ok(&["groups", "add", "Region", "Seoul"]);
    book.ok(&["customers", "add", "--name", "Acme", "--tax-id", "00123", "--phone", "02-555-0100"]);
    book.ok(&["customers", "add", "--name", "Bee"]);
    book
}

/// A title block, a blank row, then the headers on row 3 and `rows` under them.
fn xlsx(dir: &Path, rows: &[&[&str]]) -> PathBuf {
    let path = dir.join("customers.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Customer list, November 2026").unwrap();
    for (c, header) in ["Cust. No", "Company", "VAT", "Region", "Credit limit", "Colour"].iter().enumerate() {
        sheet.write_string(2, c as u16, *header).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(3 + r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    workbook.save(&path).unwrap();
    path
}

fn customer(book: &Book, code: &str) -> Value {
    book.json(&["customers", "show", code])
}

#[test]
fn a_dry_run_reports_every_row_and_writes_nothing_then_the_import_applies_and_undoes() {
    let book = book();
    let file = xlsx(
        book.dir.path(),
        &[
            &["C000001", "Acme Trading", "00123", "Busan", "5000", "blue"],
            &["", "Cat Corp", "00777", "Seoul", "", ""],
            &["C000009", "Dog", "", "", "-5", ""],
        ],
    );
    let path = file.to_str().unwrap();
    let dry = book.run(&["import", "customers", path, "--dry-run", "--json"]);
    // The invalid row would stop the import, so the dry run exits as the import would.
    assert_eq!(dry.code, 1, "{}", dry.stderr);
    assert!(dry.stderr.contains("nothing would be written"), "{}", dry.stderr);
    let report: Value = serde_json::from_str(&dry.stdout).unwrap();
    assert_eq!(
        (&report["created"], &report["updated"], &report["unchanged"], &report["invalid"]),
        (&json!(1), &json!(1), &json!(0), &json!(1))
    );
    assert!(report.get("batch").is_none(), "a dry run has no batch");
    assert_eq!(report["unmapped"], json!(["Colour"]));
    assert_eq!(report["errors"][0]["row"], 6, "row numbers are the sheet's own, under the title block");
    assert_eq!(report["errors"][0]["column"], "Credit limit");
    assert_eq!(customer(&book, "C000001")["name"], "Acme", "the dry run wrote nothing");

    let stopped = book.run(&["import", "customers", path]);
    assert_eq!(stopped.code, 1, "invalid rows stop the import");
    assert!(stopped.stderr.contains("1 row cannot be imported, so nothing was written"), "{}", stopped.stderr);
    assert!(stopped.stdout.contains("Row 6, column \"Credit limit\""), "{}", stopped.stdout);
    assert_eq!(customer(&book, "C000001")["name"], "Acme");

    let applied = book.json(&["import", "customers", path, "--skip-invalid"]);
    let batch = applied["batch"].as_i64().expect("a batch number");
    let acme = customer(&book, "C000001");
    assert_eq!(
        (&acme["name"], &acme["credit_limit"], &acme["phone"]),
        (&json!("Acme Trading"), &json!("5000"), &json!("02-555-0100"))
    );
    assert_eq!(acme["groups"]["Region"], "Busan", "a new group value is created");
    let cat = customer(&book, "C000003");
    assert_eq!((&cat["name"], &cat["tax_id"]), (&json!("Cat Corp"), &json!("00777")), "leading zeros stay");

    let history = book.json(&["import", "history"]);
    assert_eq!(
        (&history[0]["batch"], &history[0]["created"], &history[0]["file"]),
        (&json!(batch), &json!(1), &json!("customers.xlsx"))
    );
    book.ok(&["import", "undo", &batch.to_string()]);
    assert_eq!(customer(&book, "C000001")["name"], "Acme");
    assert_eq!(book.run(&["customers", "show", "C000003"]).code, 1, "the created customer is gone");
    assert!(book.json(&["import", "history"])[0]["undone_at"].is_string());
}

#[test]
fn a_semicolon_csv_with_a_bom_is_matched_by_tax_id_with_a_fixed_mapping() {
    let book = book();
    let file = book.dir.path().join("update.csv");
    std::fs::write(&file, "\u{feff}Business Number;Tel;Notes\n00123;02-000-1111;\"first; best\"\n").unwrap();
    let report = book.json(&[
        "import",
        "customers",
        file.to_str().unwrap(),
        "--key",
        "tax_id",
        "--map",
        "Tel=mobile",
        "--map",
        "Notes=memo",
    ]);
    assert_eq!((&report["updated"], &report["created"]), (&json!(1), &json!(0)), "{report}");
    let acme = customer(&book, "C000001");
    assert_eq!(
        (&acme["mobile"], &acme["phone"], &acme["memo"]),
        (&json!("02-000-1111"), &json!("02-555-0100"), &json!("first; best"))
    );
}

#[test]
fn a_file_that_is_not_a_spreadsheet_or_a_bad_mapping_is_refused_and_changes_nothing() {
    let book = book();
    let fake = book.dir.path().join("notes.xlsx");
    std::fs::write(&fake, "just some text, not a workbook").unwrap();
    let error = book.fails(&["import", "customers", fake.to_str().unwrap()]);
    assert!(error.to_lowercase().contains("not"), "{error}");
    let file = xlsx(book.dir.path(), &[&["C000002", "Bee Two", "", "", "", ""]]);
    let error = book.fails(&["import", "customers", file.to_str().unwrap(), "--map", "Colour=favourite_colour"]);
    assert!(error.contains("is not a customer field; see clientele import fields customers"), "{error}");
    let error = book.fails(&["import", "customers", file.to_str().unwrap(), "--map", "Shoe size=memo"]);
    assert!(error.contains("the sheet has no column \"Shoe size\""), "{error}");
    assert_eq!(customer(&book, "C000002")["name"], "Bee");
    let fields = book.ok(&["import", "fields", "customers"]);
    assert!(fields.contains("group:Region") && fields.contains("tax_id"), "{fields}");
}

#[test]
fn an_exported_book_imports_back_unchanged_and_an_edited_cell_is_the_only_change() {
    let book = Book::new();
    book.ok(&["demo", "--customers", "40", "--seed", "3"]);
    let file = book.dir.path().join("all.xlsx");
    book.ok(&["export", "customers", file.to_str().unwrap()]);
    let report = book.json(&["import", "customers", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(
        (&report["unchanged"], &report["updated"], &report["created"], &report["invalid"]),
        (&json!(40), &json!(0), &json!(0), &json!(0)),
        "every exported customer reads back as it is: {}",
        serde_json::to_string_pretty(&report["changes"]).unwrap()
    );
    assert_eq!(report["unmapped"], json!([]), "every exported column is recognised");
}

#[test]
fn a_mapping_fixed_with_map_is_remembered_for_the_next_file_with_the_same_headers() {
    let book = book();
    let file = xlsx(book.dir.path(), &[&["C000001", "Acme Trading", "00123", "Busan", "5000", "Acme Ltd"]]);
    let path = file.to_str().unwrap();
    let field_of = |report: &Value, column: &str| -> Value {
        let columns = report["columns"].as_array().unwrap();
        columns.iter().find(|c| c["column"] == column).map(|c| c["field"].clone()).unwrap()
    };
    // A dry run writes nothing at all: not even the column choice.
    let tried = book.run(&["import", "customers", path, "--dry-run", "--json", "--map", "Colour=representative"]);
    assert_eq!(tried.code, 0, "{}", tried.stderr);
    assert_eq!(field_of(&serde_json::from_str(&tried.stdout).unwrap(), "Colour"), json!("representative"));
    let forgotten = book.run(&["import", "customers", path, "--dry-run", "--json"]);
    assert_eq!(field_of(&serde_json::from_str(&forgotten.stdout).unwrap(), "Colour"), Value::Null);

    let first = book.run(&["import", "customers", path, "--json", "--map", "Colour=representative"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(field_of(&serde_json::from_str(&first.stdout).unwrap(), "Colour"), json!("representative"));

    let again = book.run(&["import", "customers", path, "--dry-run", "--json"]);
    let report: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(field_of(&report, "Colour"), json!("representative"), "remembered without --map");
    assert_eq!(field_of(&report, "Company"), json!("name"), "the other columns are still guessed");

    let overridden = book.run(&["import", "customers", path, "--dry-run", "--json", "--map", "Colour=none"]);
    assert_eq!(field_of(&serde_json::from_str(&overridden.stdout).unwrap(), "Colour"), Value::Null);
}

#[test]
fn a_dry_run_on_a_path_with_no_book_creates_none() {
    let book = crate::support::Book::new();
    let file = xlsx(book.dir.path(), &[&["", "Cat Corp", "00777", "Seoul", "", ""]]);
    let dry = book.run(&["import", "customers", file.to_str().unwrap(), "--dry-run", "--json"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(serde_json::from_str::<Value>(&dry.stdout).unwrap()["created"], json!(1));
    assert!(!book.db.exists(), "the dry run created a book");
    let items = book.dir.path().join("items.csv");
    std::fs::write(&items, "Code,Name,Price\nW-1,Widget,10\n").unwrap();
    book.ok(&["import", "items", items.to_str().unwrap(), "--dry-run"]);
    assert!(!book.db.exists(), "the items dry run created a book");
}

#[test]
fn a_cell_too_long_half_way_down_fails_the_whole_import_and_writes_nothing() {
    let book = book();
    let path = book.dir.path().join("long.csv");
    let long = "x".repeat(40_000);
    std::fs::write(&path, format!("Code,Name\nC000101,Early Bird\nC000102,{long}\nC000103,Late Owl\n")).unwrap();
    let run = book.run(&["import", "customers", path.to_str().unwrap()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("B3"), "the error names the cell: {}", run.stderr);
    let listed = book.json(&["customers", "list", "--search", "Early Bird"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "the row before the bad one was not written");
}
