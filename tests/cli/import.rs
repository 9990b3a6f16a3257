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

/// Korean customers as a Korean Excel saves "CSV": CP949, commas, CRLF, no BOM.
fn korean_csv(dir: &Path) -> PathBuf {
    let text = "상호,대표자,사업자번호,주소\r\n(주)한빛상사,김철수,123-45-67890,서울특별시 강남구 테헤란로 1\r\n\
                대한물산,박영희,234-56-78901,부산광역시 해운대구 센텀로 22\r\n";
    let path = dir.join("거래처.csv");
    std::fs::write(&path, encoding_rs::EUC_KR.encode(text).0).unwrap();
    path
}

#[test]
fn a_cp949_csv_from_korean_excel_imports_its_hangul_names_whole() {
    let book = book();
    let file = korean_csv(book.dir.path());
    let outcome = book.run(&["import", "customers", file.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("Read as Korean (CP949/EUC-KR) text"), "{}", outcome.stderr);
    assert!(outcome.stdout.contains("2 new"), "{}", outcome.stdout);
    let list = book.json(&["customers", "list"]);
    let text = list.to_string();
    assert!(text.contains("(주)한빛상사") && text.contains("대한물산"), "{text}");
    let first = customer(&book, "C000003");
    assert_eq!(first["name"], "(주)한빛상사");
    assert!(first.to_string().contains("김철수"), "the representative: {first}");

    let dry = book.json(&["import", "customers", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(dry["encoding"], "cp949", "{dry}");
}

#[test]
fn an_encoding_named_on_the_command_line_is_used_and_a_wrong_one_is_a_sentence() {
    let book = book();
    let file = korean_csv(book.dir.path());
    let path = file.to_str().unwrap();
    let dry = book.json(&["import", "customers", path, "--dry-run", "--encoding", "euc-kr"]);
    assert_eq!((&dry["encoding"], &dry["created"]), (&json!("cp949"), &json!(2)), "{dry}");
    let error = book.fails(&["import", "customers", path, "--dry-run", "--encoding", "utf-8"]);
    assert!(error.contains("row 1 of") && error.contains("is not UTF-8 text"), "{error}");
    let refused = book.run(&["import", "items", path, "--encoding", "klingon"]);
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("\"klingon\" is not an encoding Clientele knows; write one of utf-8, cp949"));
    let xlsx = xlsx(book.dir.path(), &[&["C000002", "Bee", "", "", "", ""]]);
    let report = book.json(&["import", "customers", xlsx.to_str().unwrap(), "--dry-run"]);
    assert_eq!(report["encoding"], Value::Null, "a workbook carries its own");
}

#[test]
fn a_read_me_sheet_in_front_of_the_data_is_passed_over_and_said() {
    let book = book();
    let path = book.dir.path().join("with-readme.xlsx");
    let mut workbook = Workbook::new();
    let readme = workbook.add_worksheet();
    readme.set_name("Read me").unwrap();
    readme.write_string(0, 0, "Customers are on the next sheet.").unwrap();
    let data = workbook.add_worksheet();
    data.set_name("Customers").unwrap();
    data.write_string(0, 0, "Company").unwrap();
    data.write_string(0, 1, "VAT").unwrap();
    data.write_string(1, 0, "Gamma Ltd").unwrap();
    data.write_string(1, 1, "00999").unwrap();
    workbook.save(&path).unwrap();
    let outcome = book.run(&["import", "customers", path.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("Sheet \"Read me\" holds no table; reading sheet \"Customers\""),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stdout.contains("1 new"), "{}", outcome.stdout);
}

#[test]
fn excel_error_cells_are_refused_by_row_and_column_in_every_kind() {
    let book = book();
    let file = book.dir.path().join("errors.csv");
    std::fs::write(&file, "Code,Name,Credit limit\nC000007,#N/A,100\nC000008,Good Co,#DIV/0!\nC000009,Fine Co,5\n")
        .unwrap();
    let outcome = book.run(&["import", "customers", file.to_str().unwrap(), "--json"]);
    assert_eq!(outcome.code, 1, "invalid rows stop the import: {}", outcome.stderr);
    let report: Value = serde_json::from_str(&outcome.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["row"], 2);
    assert_eq!(errors[0]["column"], "Name");
    assert!(errors[0]["message"].as_str().unwrap().contains("Excel's error #N/A"), "{errors:?}");
    assert_eq!(errors[1]["column"], "Credit limit");
    assert!(errors[1]["message"].as_str().unwrap().contains("#DIV/0!"), "{errors:?}");
    assert!(book.run(&["customers", "show", "C000007"]).code != 0, "nothing was written");

    let items = book.dir.path().join("items.csv");
    std::fs::write(&items, "Code,Name,Price\nP-1,#REF!,10\nP-2,Shelf,#VALUE!\n").unwrap();
    let outcome = book.run(&["import", "items", items.to_str().unwrap(), "--dry-run", "--json"]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let report: Value = serde_json::from_str(&outcome.stdout).unwrap();
    let text = report["errors"].to_string();
    assert!(text.contains("#REF!") && text.contains("#VALUE!"), "{text}");

    let vouchers = book.dir.path().join("sales.csv");
    std::fs::write(&vouchers, "Voucher,Date,Customer,Item,Quantity,Unit price\nS1,#N/A,C000001,P-1,1,10\n").unwrap();
    let outcome =
        book.run(&["import", "vouchers", vouchers.to_str().unwrap(), "--kind", "sale", "--dry-run", "--json"]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let report: Value = serde_json::from_str(&outcome.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "said as the Excel error only, not as a bad date too: {errors:?}");
    assert!(errors[0]["message"].as_str().unwrap().contains("#N/A"), "{errors:?}");
}
