//! `clientele import items|prices|balances|vouchers`: generated .xlsx files previewed, applied as
//! a batch, listed in the history and undone; invalid rows named by row and column with nothing
//! written; vouchers priced by the resolver and held to credit control as entry holds them.

use crate::support::Book;
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};
use std::path::PathBuf;

/// Headers on the sheet's first row, so the data rows are numbered from 2.
fn sheet(book: &Book, name: &str, headers: &[&str], rows: &[&[&str]]) -> PathBuf {
    let path = book.dir.path().join(name);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(1 + r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    workbook.save(&path).unwrap();
    path
}

/// An import expected to stop on invalid rows: exit code 1, and its JSON report.
fn stopped(book: &Book, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    let outcome = book.run(&args);
    assert_eq!(outcome.code, 1, "{args:?}: {}", outcome.stderr);
    assert!(outcome.stderr.contains("nothing was written"), "{}", outcome.stderr);
    serde_json::from_str(&outcome.stdout).unwrap()
}

fn counts(report: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| report[k].as_i64().unwrap_or(-1);
    (n("created"), n("updated"), n("unchanged"), n("invalid"))
}

/// (row, column, message) of every error of a report.
fn errors(report: &Value) -> Vec<(i64, String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["column"].as_str().unwrap_or("").to_string(), e["message"].to_string()))
        .collect()
}

/// An item as `items list --json` prints it; `Null` when the book has no such item.
fn item(book: &Book, code: &str) -> Value {
    let items = book.json(&["items", "list", "--all"]);
    items.as_array().unwrap().iter().find(|i| i["code"] == code).cloned().unwrap_or(Value::Null)
}

fn stocked() -> Book {
    let book = Book::new();
    book.ok(&["customers", "add", "--name", "Acme", "--payment-terms", "30"]);
    book.ok(&["customers", "add", "--name", "Bee"]);
    book.ok(&["items", "add", "--code", "W-1", "--name", "Widget", "--unit", "pcs", "--price", "19.99"]);
    book.ok(&["items", "add", "--code", "G-2", "--name", "Gadget", "--price", "5"]);
    book
}

#[test]
fn items_are_previewed_applied_listed_and_undone() {
    let book = stocked();
    let file = sheet(
        &book,
        "items.xlsx",
        &["SKU", "Name", "Price", "Unit", "Colour"],
        &[&["W-1", "", "25", "", "red"], &["N-1", "New thing", "5.5", "box", ""]],
    );
    let path = file.to_str().unwrap();
    let dry = book.json(&["import", "items", path, "--dry-run"]);
    assert_eq!(counts(&dry), (1, 1, 0, 0), "{dry}");
    assert!(dry.get("batch").is_none());
    assert_eq!(dry["unmapped"], json!(["Colour"]));
    assert_eq!(
        dry["changes"],
        json!([{ "row": 2, "code": "W-1", "field": "sales_price", "before": "19.99", "after": "25" }])
    );
    assert_eq!(item(&book, "W-1")["sales_price"], "19.99", "the dry run wrote nothing");

    let applied = book.json(&["import", "items", path]);
    let batch = applied["batch"].as_i64().expect("a batch");
    let widget = item(&book, "W-1");
    assert_eq!(
        (&widget["sales_price"], &widget["name"], &widget["unit"]),
        (&json!("25.00"), &json!("Widget"), &json!("pcs"))
    );
    assert_eq!(item(&book, "N-1")["unit"], "box");
    let history = book.json(&["import", "history"]);
    assert_eq!(
        (&history[0]["kind"], &history[0]["created"], &history[0]["updated"]),
        (&json!("items"), &json!(1), &json!(1))
    );

    book.ok(&["import", "undo", &batch.to_string()]);
    assert_eq!(item(&book, "W-1")["sales_price"], "19.99");
    assert_eq!(item(&book, "N-1"), Value::Null, "the created item is gone");
    assert!(book.json(&["import", "history"])[0]["undone_at"].is_string());
}

#[test]
fn bad_item_rows_are_named_and_stop_the_import_until_skipped_or_the_later_row_wins() {
    let book = stocked();
    let file = sheet(
        &book,
        "items.xlsx",
        &["Code", "Name", "Sales price"],
        &[&["X-1", "", "abc"], &["G-2", "Gadget A", "6"], &["g-2", "Gadget B", "7"]],
    );
    let path = file.to_str().unwrap();
    let report = stopped(&book, &["import", "items", path]);
    let found = errors(&report);
    assert!(found.iter().any(|(r, c, m)| *r == 2 && c == "Sales price" && m.contains("not an amount")), "{found:?}");
    assert!(found.iter().any(|(r, c, m)| *r == 2 && c == "Name" && m.contains("needs a name")), "{found:?}");
    assert!(found.iter().any(|(r, _, m)| *r == 3 && m.contains("on rows 3 and 4")), "{found:?}");
    assert!(found.iter().any(|(r, _, m)| *r == 4 && m.contains("on rows 3 and 4")), "{found:?}");
    assert_eq!(item(&book, "G-2")["name"], "Gadget", "nothing was written");
    assert_eq!(item(&book, "X-1"), Value::Null);

    let applied = book.json(&["import", "items", path, "--later-wins", "--skip-invalid"]);
    assert_eq!((&applied["updated"], &applied["skipped"], &applied["invalid"]), (&json!(1), &json!(1), &json!(1)));
    assert_eq!(item(&book, "G-2")["name"], "Gadget B");
}

#[test]
fn undoing_items_explains_what_stands_in_the_way() {
    let book = stocked();
    let file = sheet(&book, "items.xlsx", &["Code", "Name", "Price"], &[&["N-1", "New", "3"]]);
    let batch = book.json(&["import", "items", file.to_str().unwrap()])["batch"].as_i64().unwrap();
    book.ok(&["sale", "--customer", "C000001", "--date", "2026-03-01", "--line", "N-1:1"]);
    let error = book.fails(&["import", "undo", &batch.to_string()]);
    assert!(error.contains("cannot be undone") && error.contains("N-1 is on vouchers"), "{error}");
    assert_eq!(item(&book, "N-1")["name"], "New");
}

#[test]
fn fields_and_templates_for_every_kind() {
    let book = stocked();
    book.ok(&["levels", "add", "Retail"]);
    for (kind, field) in
        [("items", "sales_price"), ("prices", "min_quantity"), ("balances", "receivable"), ("vouchers", "unit_price")]
    {
        let fields = book.ok(&["import", "fields", kind]);
        assert!(fields.contains(field), "{kind}: {fields}");
        let file = book.dir.path().join(format!("{kind}.xlsx"));
        let written = book.json(&["template", kind, file.to_str().unwrap()]);
        let lists = written["lists"].as_u64().unwrap();
        assert_eq!(lists > 0, kind != "balances", "choice fields have lists: {kind}: {written}");
        // An untouched template imports as nothing, every header recognised.
        let report = book.json(&["import", kind, file.to_str().unwrap(), "--dry-run"]);
        assert_eq!(counts(&report), (0, 0, 0, 0), "{kind}: {report}");
        assert_eq!(report["unmapped"], json!([]), "{kind}: {report}");
    }
    let error =
        book.fails(&["import", "items", book.dir.path().join("items.xlsx").to_str().unwrap(), "--map", "Code=colour"]);
    assert!(error.contains("is not an item field; see clientele import fields items"), "{error}");
}

#[test]
fn level_and_special_prices_are_imported_and_undone_and_unknown_codes_are_errors() {
    let book = stocked();
    book.ok(&["levels", "add", "Retail"]);
    book.ok(&["levels", "add", "Wholesale"]);
    book.ok(&["prices", "set", "--item", "W-1", "--level", "Wholesale", "--price", "18"]);
    let before = book.json(&["prices", "list"]);
    let file = sheet(
        &book,
        "prices.xlsx",
        &["Item code", "Price level", "Customer code", "Price", "Min qty"],
        &[
            &["W-1", "wholesale", "", "17.5", ""],
            &["W-1", "Retail", "", "19", ""],
            &["W-1", "", "C000001", "15", "10"],
            &["NOPE", "Retail", "", "1", ""],
            &["W-1", "Gold", "", "1", ""],
            &["G-2", "", "C000009", "1", ""],
            &["G-2", "Retail", "", "x", ""],
        ],
    );
    let path = file.to_str().unwrap();
    let report = stopped(&book, &["import", "prices", path]);
    assert_eq!(counts(&report), (2, 1, 0, 4), "{report}");
    let found = errors(&report);
    assert!(
        found.contains(&(5, "Item code".into(), "\"there is no item with code \\\"NOPE\\\"\"".into())),
        "{found:?}"
    );
    assert!(found.iter().any(|(r, c, m)| *r == 6 && c == "Price level" && m.contains("no price level")), "{found:?}");
    assert!(found.iter().any(|(r, c, m)| *r == 7 && c == "Customer code" && m.contains("C000009")), "{found:?}");
    assert!(found.iter().any(|(r, c, m)| *r == 8 && c == "Price" && m.contains("not an amount")), "{found:?}");
    assert_eq!(book.json(&["prices", "list"]), before, "nothing was written");

    let applied = book.json(&["import", "prices", path, "--skip-invalid"]);
    let batch = applied["batch"].as_i64().unwrap();
    let listed = book.json(&["prices", "list"]);
    let levels: Vec<(String, String)> = listed["level_prices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["level"].as_str().unwrap().to_string(), l["price"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(levels, [("Retail".to_string(), "19".to_string()), ("Wholesale".to_string(), "17.5".to_string())]);
    assert_eq!(listed["special_prices"][0]["price"], "15", "{listed}");
    assert_eq!(book.json(&["import", "history"])[0]["kind"], "prices");

    book.ok(&["import", "undo", &batch.to_string()]);
    assert_eq!(book.json(&["prices", "list"]), before, "the previous price is back, the new ones are gone");
}

#[test]
fn opening_balances_are_saved_as_opening_vouchers_and_undo_voids_them() {
    let book = Book::new();
    book.ok(&["customers", "add", "--name", "Acme"]);
    book.ok(&["customers", "add", "--name", "Blue", "--role", "vendor"]);
    let file = sheet(
        &book,
        "balances.xlsx",
        &["Customer code", "Receivable", "Payable", "Date"],
        &[
            &["C000001", "1,000", "", "2026-01-01"],
            &["C000002", "", "300", "2026-01-01"],
            &["C000009", "5", "", "2026-01-01"],
            &["C000001", "x", "", ""],
        ],
    );
    let path = file.to_str().unwrap();
    let report = stopped(&book, &["import", "balances", path]);
    let found = errors(&report);
    assert!(found.iter().any(|(r, c, m)| *r == 4 && c == "Customer code" && m.contains("no customer")), "{found:?}");
    assert!(found.iter().any(|(r, c, m)| *r == 5 && c == "Receivable" && m.contains("not an amount")), "{found:?}");
    assert!(found.iter().any(|(r, _, m)| *r == 2 && m.contains("on rows 2 and 5")), "{found:?}");
    assert_eq!(book.json(&["ledger", "C000001"])["closing_balance"], "0.00");

    let good = sheet(
        &book,
        "good.xlsx",
        &["Customer code", "Receivable", "Payable", "Date"],
        &[&["C000001", "1,000", "", "2026-01-01"], &["C000002", "", "300", "2026-01-01"]],
    );
    let applied = book.json(&["import", "balances", good.to_str().unwrap()]);
    assert_eq!(counts(&applied), (2, 0, 0, 0), "{applied}");
    assert_eq!(book.json(&["ledger", "C000001"])["closing_balance"], "1000.00");
    assert_eq!(book.json(&["import", "history"])[0]["kind"], "balances");
    let again = book.json(&["import", "balances", good.to_str().unwrap(), "--dry-run"]);
    assert_eq!(counts(&again), (0, 0, 2, 0), "the same balances again change nothing: {again}");

    book.ok(&["import", "undo", &applied["batch"].to_string()]);
    assert_eq!(book.json(&["ledger", "C000001"])["closing_balance"], "0.00", "the opening was voided");
}

#[test]
fn vouchers_are_priced_by_the_resolver_grouped_by_key_and_undone() {
    let book = stocked();
    book.ok(&["prices", "set", "--item", "G-2", "--customer", "C000001", "--price", "4"]);
    let resolved =
        book.json(&["price", "--customer", "C000001", "--item", "G-2", "--qty", "3", "--date", "2026-03-01"]);
    assert_eq!(resolved["unit_price"], "4");
    let file = sheet(
        &book,
        "vouchers.xlsx",
        &["Invoice no", "Kind", "Date", "Customer", "Item", "Qty", "Unit price", "Amount", "Applies to"],
        &[
            &["INV-1", "sale", "2026-03-01", "C000001", "G-2", "3", "", "", ""],
            &["INV-1", "", "", "", "W-1", "1", "10", "", ""],
            &["R-1", "collection", "2026-03-02", "C000001", "", "", "", "5", ""],
            // The sale above is the book's first, numbered when it is saved just before.
            &["R-2", "collection", "2026-03-03", "C000001", "", "", "", "2", "S-2026-000001"],
        ],
    );
    let path = file.to_str().unwrap();
    let dry = book.json(&["import", "vouchers", path, "--dry-run"]);
    assert_eq!(counts(&dry), (3, 0, 0, 0), "{dry}");
    let lines = &dry["records"][0]["detail"]["lines"];
    assert_eq!(lines[0]["unit_price"], resolved["unit_price"], "an empty price is the resolver's: {dry}");
    assert_eq!(lines[0]["price_source"], "special");
    assert_eq!(dry["records"][0]["detail"]["amount"], "22", "3 at 4 and 1 at 10, before it is saved: {dry}");
    assert_eq!((&lines[1]["unit_price"], &lines[1]["price_source"]), (&json!("10"), &json!("typed")));

    let applied = book.json(&["import", "vouchers", path]);
    let ledger = book.json(&["ledger", "C000001"]);
    // 3 × 4 + 1 × 10 sold, 5 + 2 collected.
    assert_eq!(ledger["closing_balance"], "15.00", "{ledger}");
    let again = book.json(&["import", "vouchers", path, "--dry-run"]);
    assert_eq!(counts(&again), (0, 0, 3, 0), "an imported voucher is not imported twice: {again}");

    book.ok(&["import", "undo", &applied["batch"].to_string()]);
    assert_eq!(book.json(&["ledger", "C000001"])["closing_balance"], "0.00", "the vouchers were voided");
}

#[test]
fn a_credit_block_makes_the_voucher_invalid_and_a_warning_is_reported_and_applied() {
    let book = stocked();
    book.ok(&["customers", "edit", "C000001", "--credit-limit", "10", "--on-exceed", "block"]);
    let file = sheet(
        &book,
        "vouchers.xlsx",
        &["Voucher", "Kind", "Date", "Customer code", "Item code", "Quantity"],
        &[
            &["A", "sale", "2026-03-01", "C000001", "G-2", "3"],
            &["B", "sale", "2026-03-01", "C000002", "G-2", "1"],
            &["C", "sale", "2026-03-01", "C000002", "NOPE", "1"],
            &["D", "sale", "2026-03-01", "C000002", "G-2", "9999999999999999999999999"],
        ],
    );
    let path = file.to_str().unwrap();
    let report = stopped(&book, &["import", "vouchers", path]);
    assert_eq!(counts(&report), (1, 0, 0, 3), "{report}");
    let found = errors(&report);
    assert!(found.iter().any(|(r, _, m)| *r == 2 && m.contains("Credit limit exceeded by $5.00")), "{found:?}");
    assert!(found.iter().any(|(r, c, m)| *r == 4 && c == "Item code" && m.contains("NOPE")), "{found:?}");
    assert!(found.iter().any(|(r, c, m)| *r == 5 && c == "Quantity" && m.contains("too large")), "{found:?}");
    assert_eq!(book.json(&["ledger", "C000002"])["closing_balance"], "0.00", "nothing was written");

    book.ok(&["customers", "edit", "C000001", "--on-exceed", "warn"]);
    let dry = book.json(&["import", "vouchers", path, "--dry-run", "--skip-invalid"]);
    assert_eq!(counts(&dry), (2, 0, 0, 2), "{dry}");
    assert!(dry["warnings"][0]["message"].as_str().unwrap().contains("Credit limit exceeded by $5.00"), "{dry}");
    let applied = book.json(&["import", "vouchers", path, "--skip-invalid"]);
    assert!(applied["warnings"][0]["message"].as_str().unwrap().contains("exceeded"), "{applied}");
    assert_eq!(book.json(&["ledger", "C000001"])["closing_balance"], "15.00", "the warned sale was saved");
}
