//! Trading from the command line end to end: items, vouchers, voiding, the ledger, balances and ageing,
//! their JSON, and bad input that is refused with a clear error and changes nothing.

use crate::support::Book;
use serde_json::{Value, json};

impl Book {
    /// Everything a trading command could change, to compare before and after a failure.
    fn trading_state(&self) -> Value {
        let codes = ["C000001", "C000002", "C000003"];
        let ledgers: Vec<Value> = codes.iter().map(|c| self.json(&["ledger", c])).collect();
        json!({
            "items": self.json(&["items", "list", "--all"]),
            "ledgers": ledgers,
            "balances": self.json(&["balances"]),
            "receivables": self.json(&["aging", "--as-of", "2026-12-31"]),
            "payables": self.json(&["aging", "--as-of", "2026-12-31", "--payables"]),
        })
    }

    /// A customer with 30 days' terms, a vendor, one of each, and two items.
    fn stocked() -> Book {
        let book = Book::new();
        book.ok(&["groups", "add", "Region", "Seoul"]);
        book.ok(&["groups", "add", "Region", "Busan"]);
        book.ok(&["customers", "add", "--name", "Acme Trading", "--payment-terms", "30", "--group", "Region=Seoul"]);
        book.ok(&["customers", "add", "--name", "Blue Sky Foods", "--role", "vendor", "--group", "Region=Busan"]);
        book.ok(&["customers", "add", "--name", "Both Ways Co", "--role", "both", "--person-in-charge", "Kim"]);
        book.ok(&[
            "items",
            "add",
            "--code",
            "W-1",
            "--name",
            "Widget",
            "--unit",
            "pcs",
            "--price",
            "19.99",
            "--purchase-price",
            "12",
            "--tax-rate",
            "10",
        ]);
        book.ok(&["items", "add", "--code", "G-2", "--name", "Gadget", "--price", "5"]);
        book
    }

    /// `stocked` with two sales and a collection for Acme, a purchase and a payment for Blue Sky.
    fn traded() -> Book {
        let book = Book::stocked();
        book.ok(&[
            "sale",
            "--customer",
            "C000001",
            "--date",
            "2026-01-10",
            "--line",
            "W-1:3",
            "--line",
            "G-2:2@4.5%10",
        ]);
        book.ok(&["sale", "--customer", "C000001", "--date", "2026-02-15", "--line", "W-1:1"]);
        book.ok(&[
            "collect",
            "--customer",
            "C000001",
            "--amount",
            "50",
            "--date",
            "2026-02-20",
            "--apply",
            "S-2026-000002",
        ]);
        book.ok(&["purchase", "--customer", "C000002", "--date", "2026-01-05", "--line", "W-1:10"]);
        book.ok(&["pay", "--customer", "C000002", "--amount", "100", "--date", "2026-01-20", "--method", "cash"]);
        book
    }
}

fn row<'a>(rows: &'a Value, code: &str) -> &'a Value {
    rows.as_array().unwrap().iter().find(|r| r["code"] == code).unwrap_or_else(|| panic!("no {code} in {rows}"))
}

// ---------------------------------------------------------------------- items

#[test]
fn items_add_and_list() {
    let book = Book::stocked();
    let items = book.json(&["items", "list"]);
    assert_eq!(
        row(&items, "W-1"),
        &json!({
            "code": "W-1", "name": "Widget", "unit": "pcs", "sales_price": "19.99",
            "purchase_price": "12.00", "tax_rate": "10", "active": true
        })
    );
    assert_eq!(row(&items, "G-2")["sales_price"], "5.00");
    let added = book.json(&["items", "add", "--code", "S-9", "--name", "Service call", "--price", "1,250.5"]);
    assert_eq!((&added["code"], &added["sales_price"]), (&json!("S-9"), &json!("1250.50")));
    let found = book.json(&["items", "list", "--search", "wid"]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["code"], "W-1");
    let text = book.ok(&["items", "list"]);
    assert!(text.starts_with("CODE"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("W-1") && l.contains("19.99") && l.contains("10%")), "{text}");
}

#[test]
fn items_edit_deactivate_activate_and_delete() {
    let book = Book::stocked();
    assert_eq!(
        book.ok(&["items", "edit", "W-1", "--price", "21", "--name", "Widget XL"]),
        "W-1: changed name, price\n"
    );
    assert_eq!(book.ok(&["items", "edit", "W-1", "--price", "21.00"]), "W-1: nothing changed\n");
    assert_eq!(row(&book.json(&["items", "list"]), "W-1")["sales_price"], "21.00");

    assert_eq!(book.ok(&["items", "deactivate", "G-2"]), "G-2 is now inactive\n");
    assert!(book.json(&["items", "list"]).as_array().unwrap().iter().all(|i| i["code"] != "G-2"));
    assert_eq!(row(&book.json(&["items", "list", "--all"]), "G-2")["active"], false);
    let message = book.fails(&["sale", "--customer", "C000001", "--line", "G-2:1"]);
    assert!(message.contains("G-2 is inactive"), "{message}");
    assert_eq!(book.ok(&["items", "activate", "G-2"]), "G-2 is now active\n");

    book.ok(&["sale", "--customer", "C000001", "--line", "W-1:1"]);
    let message = book.fails(&["items", "delete", "W-1"]);
    assert!(message.contains("W-1 is on vouchers; deactivate it instead"), "{message}");
    assert_eq!(book.ok(&["items", "delete", "G-2"]), "Deleted G-2 Gadget\n");
    assert!(book.fails(&["items", "delete", "G-2"]).contains("no item with code \"G-2\""));
    let message = book.fails(&["items", "edit", "W-1", "--tax-rate", "150"]);
    assert!(message.contains("--tax-rate") && message.contains("between 0 and 100"), "{message}");
}

// ------------------------------------------------------------------- vouchers

#[test]
fn a_sale_prints_its_number_and_total() {
    let book = Book::stocked();
    let text = book.ok(&[
        "sale",
        "--customer",
        "C000001",
        "--date",
        "2026-01-10",
        "--line",
        "W-1:3",
        "--line",
        "G-2:2@4.5%10",
    ]);
    // 3 × 19.99 + 10% tax = 65.97; 2 × 4.50 less 10% = 8.10 with no tax.
    assert_eq!(text, "S-2026-000001  total 74.07\n");
    let sale = book.json(&["sale", "--customer", "C000001", "--date", "2026-02-15", "--line", "W-1:1%10"]);
    assert_eq!(sale["number"], "S-2026-000002");
    assert_eq!(sale["kind"], "sale");
    assert_eq!(sale["date"], "2026-02-15");
    assert_eq!(sale["due_date"], "2026-03-17", "30 days' payment terms");
    assert_eq!(sale["customer"], "C000001");
    assert_eq!((&sale["supply"], &sale["tax"], &sale["total"]), (&json!("17.99"), &json!("1.80"), &json!("19.79")));
    assert_eq!(sale["lines"][0]["unit_price"], "19.99", "the item's standard price");
    assert_eq!(sale["lines"][0]["discount_pct"], "10");

    let year = chrono::Local::now().format("%Y").to_string();
    let today = book.json(&["sale", "--customer", "C000001", "--line", "W-1:1", "--due", "2099-01-01"]);
    assert_eq!(today["number"], format!("S-{year}-{:06}", if year == "2026" { 3 } else { 1 }));
    assert_eq!(today["date"], chrono::Local::now().format("%Y-%m-%d").to_string());
    assert_eq!(today["due_date"], "2099-01-01");

    let purchase = book.json(&["purchase", "--customer", "C000002", "--date", "2026-01-05", "--line", "W-1:10"]);
    assert_eq!((&purchase["number"], &purchase["total"]), (&json!("P-2026-000001"), &json!("132.00")));
    assert_eq!(purchase["lines"][0]["unit_price"], "12.00", "the item's purchase price");
    assert_eq!(purchase["due_date"], "2026-01-05", "no terms: due on the day");
}

#[test]
fn collections_payments_and_openings() {
    let book = Book::stocked();
    book.ok(&["sale", "--customer", "C000001", "--date", "2026-01-10", "--line", "W-1:3"]);
    let collected = book.json(&[
        "collect",
        "--customer",
        "C000001",
        "--amount",
        "$1,000",
        "--date",
        "2026-01-11",
        "--method",
        "card",
        "--reference",
        "TX-77",
        "--apply",
        "s-2026-000001",
    ]);
    assert_eq!(collected["number"], "C-2026-000001");
    assert_eq!((&collected["total"], &collected["amount"]), (&json!("1000.00"), &json!("1000.00")));
    assert_eq!((&collected["method"], &collected["reference"]), (&json!("card"), &json!("TX-77")));
    assert_eq!(collected["applies_to"], "S-2026-000001");
    assert_eq!(
        book.ok(&["pay", "--customer", "C000003", "--amount", "12.5", "--date", "2026-01-12"]),
        "Y-2026-000001  total 12.50\n"
    );
    let opening = book.json(&[
        "opening",
        "--customer",
        "C000003",
        "--receivable",
        "300",
        "--payable",
        "40.25",
        "--date",
        "2025-12-31",
        "--due",
        "2026-01-31",
    ]);
    assert_eq!(opening["number"], "O-2025-000001");
    assert_eq!((&opening["receivable"], &opening["payable"]), (&json!("300.00"), &json!("40.25")));
    assert_eq!(opening["total"], "340.25");
    let both = row(&book.json(&["balances"]), "C000003").clone();
    assert_eq!(
        both,
        json!({"code": "C000003", "name": "Both Ways Co", "receivable": "300.00", "payable": "27.75", "net": "272.25"})
    );
}

// -------------------------------------------------------------------- reports

#[test]
fn the_ledger_runs_a_balance() {
    let book = Book::traded();
    let ledger = book.json(&["ledger", "C000001"]);
    assert_eq!(ledger["customer"], "C000001");
    assert_eq!(ledger["opening_balance"], "0.00");
    let entries: Vec<(String, String, String, String, String)> = ledger["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("number"), s("kind"), s("debit"), s("credit"), s("balance"))
        })
        .collect();
    let owned = |a: &str, b: &str, c: &str, d: &str, e: &str| (a.into(), b.into(), c.into(), d.into(), e.into());
    assert_eq!(
        entries,
        [
            owned("S-2026-000001", "sale", "74.07", "0.00", "74.07"),
            owned("S-2026-000002", "sale", "21.99", "0.00", "96.06"),
            owned("C-2026-000001", "collection", "0.00", "50.00", "46.06"),
        ]
    );
    assert_eq!(ledger["entries"][0]["date"], "2026-01-10");
    assert_eq!(ledger["entries"][0]["voided"], false);
    assert_eq!(ledger["closing_balance"], "46.06");

    let later = book.json(&["ledger", "C000001", "--from", "2026-02-01", "--to", "2026-02-16"]);
    assert_eq!(later["opening_balance"], "74.07");
    assert_eq!(later["entries"].as_array().unwrap().len(), 1);
    assert_eq!(later["closing_balance"], "96.06");

    let vendor = book.json(&["ledger", "C000002"]);
    assert_eq!(vendor["closing_balance"], "-32.00", "we owe the vendor 132.00 less the 100.00 paid");

    let text = book.ok(&["ledger", "C000001"]);
    assert!(text.contains("DATE") && text.contains("BALANCE"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("2026-02-20") && l.contains("Collection") && l.ends_with("46.06")));
    assert!(text.trim_end().ends_with("Closing balance: 46.06"), "{text}");
}

#[test]
fn balances_by_customer_and_filter() {
    let book = Book::traded();
    let balances = book.json(&["balances"]);
    assert_eq!(
        balances,
        json!([
            {"code": "C000001", "name": "Acme Trading", "receivable": "46.06", "payable": "0.00", "net": "46.06"},
            {"code": "C000002", "name": "Blue Sky Foods", "receivable": "0.00", "payable": "32.00", "net": "-32.00"},
        ])
    );
    let seoul = book.json(&["balances", "--group", "Region=Seoul"]);
    assert_eq!(seoul.as_array().unwrap().len(), 1);
    assert_eq!(seoul[0]["code"], "C000001");
    assert_eq!(book.json(&["balances", "--role", "vendor"])[0]["code"], "C000002");
    assert_eq!(book.json(&["balances", "--person", "kim"]), json!([]));
    assert!(book.fails(&["balances", "--group", "Region=Daegu"]).contains("no value \"Daegu\""));
    assert!(book.fails(&["balances", "--group", "Regoin=Seoul"]).contains("no group axis \"Regoin\""));
    let text = book.ok(&["balances"]);
    assert!(text.lines().last().unwrap().starts_with("TOTAL"), "{text}");
    assert!(text.lines().last().unwrap().ends_with("14.06"), "{text}");
}

#[test]
fn aging_buckets_open_invoices() {
    let book = Book::traded();
    let report = book.json(&["aging", "--as-of", "2026-03-31"]);
    // S-2026-000002 was paid by name; the other 28.01 paid part of S-2026-000001, due 2026-02-09.
    assert_eq!(
        report,
        json!([{
            "code": "C000001", "name": "Acme Trading", "not_due": "0.00", "d1_30": "0.00", "d31_60": "46.06",
            "d61_90": "0.00", "over_90": "0.00", "total": "46.06", "unapplied": "0.00", "oldest_overdue_days": 50
        }])
    );
    let early = book.json(&["aging", "--as-of", "2026-02-09"]);
    assert_eq!((&early[0]["not_due"], &early[0]["total"]), (&json!("74.07"), &json!("74.07")));
    assert_eq!(early[0]["oldest_overdue_days"], Value::Null);

    let payables = book.json(&["aging", "--as-of", "2026-03-31", "--payables"]);
    assert_eq!(payables.as_array().unwrap().len(), 1);
    assert_eq!((&payables[0]["code"], &payables[0]["d61_90"]), (&json!("C000002"), &json!("32.00")));
    assert_eq!(payables[0]["oldest_overdue_days"], 85);
    assert_eq!(book.json(&["aging", "--as-of", "2026-03-31", "--group", "Region=Busan"]), json!([]));

    let text = book.ok(&["aging", "--as-of", "2026-03-31"]);
    assert!(text.contains("NOT DUE") && text.contains("31–60") && text.contains("over 90"), "{text}");
    assert!(text.contains("50 days"), "{text}");
}

#[test]
fn aging_keys_stay_when_the_edges_change() {
    let book = Book::traded();
    let store = clientele::store::Store::open(&book.db).unwrap();
    store.set_ageing_edges(clientele::domain::ledger::AgeingEdges([15, 45, 120])).unwrap();
    drop(store);
    let report = book.json(&["aging", "--as-of", "2026-03-31"]);
    // 50 days late falls in the third bucket, now 46–120.
    assert_eq!((&report[0]["d31_60"], &report[0]["d61_90"]), (&json!("0.00"), &json!("46.06")));
    let text = book.ok(&["aging", "--as-of", "2026-03-31"]);
    for label in ["1–15", "16–45", "46–120", "over 120"] {
        assert!(text.contains(label), "{label} missing: {text}");
    }
}

// ---------------------------------------------- bad input: clear error, nothing lost

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let book = Book::traded();
    let before = book.trading_state();
    let cases: &[(&[&str], &[&str])] = &[
        (&["sale", "--customer", "C000001", "--line", "X-9:1"], &["--line \"X-9:1\"", "no item with code \"X-9\""]),
        (&["sale", "--customer", "C000001", "--line", "W-1:0"], &["--line \"W-1:0\"", "more than 0"]),
        (&["sale", "--customer", "C000001", "--line", "W-1:1", "--line", "G-2:-1"], &["\"G-2:-1\"", "more than 0"]),
        (&["sale", "--customer", "C000001", "--line", "W-1"], &["--line \"W-1\"", "ITEM:QTY"]),
        (&["sale", "--customer", "C000001", "--line", "W-1:1@abc"], &["\"W-1:1@abc\"", "price"]),
        (&["sale", "--customer", "C000001", "--line", "W-1:1%120"], &["\"W-1:1%120\"", "discount"]),
        (
            &["sale", "--customer", "C000001", "--date", "2026-02-30", "--line", "W-1:1"],
            &["--date: \u{201c}2026-02-30\u{201d} is not a date: February 2026 has 28 days; write it as 2026-03-31"],
        ),
        (
            &["sale", "--customer", "C000001", "--date", "2026-02-10", "--due", "2026-02-01", "--line", "W-1:1"],
            &["due date is before"],
        ),
        (&["sale", "--customer", "C000099", "--line", "W-1:1"], &["no customer with code \"C000099\""]),
        (&["sale", "--customer", "C000002", "--line", "W-1:1"], &["C000002 is a vendor only"]),
        (&["collect", "--customer", "C000001", "--amount", "12.34567"], &["--amount", "12.34567", "decimal places"]),
        (&["collect", "--customer", "C000001", "--amount", "lots"], &["--amount", "not an amount"]),
        (&["collect", "--customer", "C000001", "--amount", "0"], &["more than 0"]),
        (&["collect", "--customer", "C000001", "--amount", "-10"], &["more than 0"]),
        (&["collect", "--customer", "C000002", "--amount", "10"], &["vendor only", "a collection needs a customer"]),
        (&["pay", "--customer", "C000001", "--amount", "10"], &["customer only"]),
        (&["collect", "--customer", "C000001", "--amount", "1", "--apply", "S-2026-000099"], &["S-2026-000099"]),
        (&["collect", "--customer", "C000001", "--amount", "1", "--apply", "P-2026-000001"], &["applied to a sale"]),
        (&["opening", "--customer", "C000001", "--date", "2026-01-01"], &["needs a receivable or a payable"]),
        (
            &["opening", "--customer", "C000001", "--receivable", "-5", "--date", "2026-01-01"],
            &["must not be negative"],
        ),
        (
            &["opening", "--customer", "C000001", "--receivable", "5", "--date", "3/4/2026"],
            &["could be 2026-04-03 or 2026-03-04; write it as year-month-day"],
        ),
        (&["void", "S-2026-000099"], &["no voucher numbered \"S-2026-000099\""]),
        (&["items", "add", "--code", "w-1", "--name", "Again"], &["already exists"]),
        (&["items", "add", "--code", "Z-1", "--name", "Z", "--price", "1.23456"], &["--price", "decimal places"]),
        (&["items", "add", "--code", "Z-1", "--name", "Z", "--price", "-3"], &["--price", "must not be negative"]),
        (&["items", "delete", "W-1"], &["on vouchers"]),
        (&["ledger", "C000001", "--from", "2026-04-31"], &["2026-04-31\u{201d} is not a date: April 2026 has 30 days"]),
        (&["ledger", "C000001", "--from", "2026-03-01", "--to", "2026-01-01"], &["is after --to"]),
        (&["ledger", "C000404"], &["no customer with code \"C000404\""]),
        (&["aging", "--as-of", "2026-13-01"], &["2026-13-01\u{201d} is not a date: there is no month 13"]),
    ];
    for (args, wanted) in cases {
        let message = book.fails(args);
        for part in *wanted {
            assert!(message.contains(part), "{args:?}: \"{part}\" missing from: {message}");
        }
    }
    assert_eq!(book.trading_state(), before, "a failed command changed the database");
    // Refused vouchers used up no numbers.
    assert_eq!(
        book.ok(&["sale", "--customer", "C000001", "--date", "2026-03-01", "--line", "W-1:1"]),
        "S-2026-000003  total 21.99\n"
    );
}

#[test]
fn void_keeps_the_voucher_but_stops_it_counting() {
    let book = Book::traded();
    assert_eq!(book.ok(&["void", "S-2026-000001"]), "Voided S-2026-000001  total 74.07\n");
    let ledger = book.json(&["ledger", "C000001"]);
    let first = &ledger["entries"][0];
    assert_eq!(
        (&first["number"], &first["voided"], &first["balance"]),
        (&json!("S-2026-000001"), &json!(true), &json!("0.00"))
    );
    assert_eq!(ledger["closing_balance"], "-28.01", "the collection's remainder is now paid ahead");
    assert!(book.ok(&["ledger", "C000001"]).lines().any(|l| l.contains("S-2026-000001") && l.ends_with("VOID")));
    let ageing = book.json(&["aging", "--as-of", "2026-03-31"]);
    assert_eq!((&ageing[0]["unapplied"], &ageing[0]["total"]), (&json!("28.01"), &json!("-28.01")));

    let before = book.trading_state();
    let message = book.fails(&["void", "S-2026-000001"]);
    assert!(message.contains("S-2026-000001 is already voided"), "{message}");
    let message = book.fails(&["collect", "--customer", "C000001", "--amount", "5", "--apply", "S-2026-000001"]);
    assert!(message.contains("is voided"), "{message}");
    assert_eq!(book.trading_state(), before);

    let voided = book.json(&["void", "c-2026-000001"]);
    assert_eq!(
        (&voided["number"], &voided["voided"], &voided["kind"]),
        (&json!("C-2026-000001"), &json!(true), &json!("collection"))
    );
    assert_eq!(book.json(&["ledger", "C000001"])["closing_balance"], "21.99");
}

#[test]
fn unvoid_brings_a_voucher_back() {
    let book = Book::traded();
    let before = book.trading_state();
    book.ok(&["void", "S-2026-000001"]);
    assert_eq!(book.ok(&["unvoid", "s-2026-000001"]), "Un-voided S-2026-000001  total 74.07\n");
    assert_eq!(book.trading_state(), before, "the ledger, balances and ageing are as before the void");

    let message = book.fails(&["unvoid", "S-2026-000001"]);
    assert!(message.contains("S-2026-000001 is not void"), "{message}");
    assert!(book.fails(&["unvoid", "S-2026-000099"]).contains("no voucher"));
    assert_eq!(book.trading_state(), before);

    book.ok(&["void", "C-2026-000001"]);
    let restored = book.json(&["unvoid", "C-2026-000001"]);
    assert_eq!(
        (&restored["number"], &restored["voided"], &restored["amount"], &restored["warnings"]),
        (&json!("C-2026-000001"), &json!(false), &json!("50.00"), &json!([]))
    );
    assert_eq!(book.trading_state(), before);
}

#[test]
fn unvoid_meets_credit_control_like_a_sale() {
    let book = Book::traded();
    book.ok(&["void", "S-2026-000001"]);
    // Without the first sale Acme owes -28.01; with it, 46.06.
    book.ok(&["customers", "edit", "C000001", "--credit-limit", "46.05", "--on-exceed", "block"]);
    let before = book.trading_state();
    let blocked = book.run(&["unvoid", "S-2026-000001"]);
    assert_eq!(blocked.code, 3, "a block fails the command with its own exit code");
    assert!(blocked.stdout.is_empty(), "{}", blocked.stdout);
    assert!(
        blocked.stderr.contains(
            "C000001 Acme Trading: Credit limit exceeded by $0.01 (limit $46.05; balance after this sale $46.06)"
        ),
        "{}",
        blocked.stderr
    );
    assert_eq!(book.trading_state(), before, "nothing changed");

    book.ok(&["customers", "edit", "C000001", "--credit-limit", "46.06"]);
    assert_eq!(book.ok(&["unvoid", "S-2026-000001"]), "Un-voided S-2026-000001  total 74.07\n", "exactly at the limit");

    book.ok(&["void", "S-2026-000001"]);
    book.ok(&["customers", "edit", "C000001", "--credit-limit", "40", "--on-exceed", "warn"]);
    let accepted = book.run(&["unvoid", "S-2026-000001", "--json"]);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    assert!(
        accepted.stderr.starts_with("warning: C000001 Acme Trading: Credit limit exceeded by $6.06"),
        "{}",
        accepted.stderr
    );
    let restored: Value = serde_json::from_str(&accepted.stdout).unwrap();
    assert_eq!(restored["voided"], false);
    assert!(restored["warnings"][0].as_str().unwrap().contains("exceeded by $6.06"), "{restored}");
    assert_eq!(book.json(&["ledger", "C000001"])["closing_balance"], "46.06");
}

#[test]
fn usage_errors_exit_with_2_and_touch_nothing() {
    let book = Book::new();
    for args in [
        vec!["sale", "--customer", "C000001"],
        vec!["collect", "--customer", "C000001"],
        vec!["collect", "--customer", "C000001", "--amount", "5", "--method", "cheque"],
        vec!["opening", "--customer", "C000001", "--receivable", "5"],
        vec!["items", "add", "--name", "No code"],
        vec!["balances", "--role", "supplier"],
        vec!["void"],
    ] {
        let outcome = book.run(&args);
        assert_eq!(outcome.code, 2, "{args:?}: {}", outcome.stderr);
        assert!(!outcome.stderr.is_empty());
    }
    assert!(!book.db.exists());
}

#[test]
fn a_failed_voucher_leaves_no_new_database_behind() {
    let book = Book::file();
    assert!(book.fails(&["sale", "--customer", "C000001", "--line", "W-1:1"]).contains("no customer"));
    assert!(book.fails(&["void", "S-2026-000001"]).contains("no voucher"));
    assert!(book.fails(&["items", "delete", "W-1"]).contains("no item"));
    // Reports and lists of a book that is not there say so: a mistyped path is not an empty book.
    assert!(book.fails(&["balances"]).contains("there is no book at"));
    assert!(book.fails(&["items", "list"]).contains("there is no book at"));
    assert!(!book.db.exists(), "a failed command must not leave a new database file");
}

#[test]
fn a_won_book_rounds_lines_to_whole_won_and_shows_no_decimals() {
    let book = Book::stocked();
    let shown = book.ok(&["company", "--currency-symbol", "₩", "--currency-decimals", "0"]);
    assert!(shown.contains("₩1,235"), "{shown}");
    assert_eq!(book.json(&["company"])["currency_decimals"], 0);
    book.ok(&["items", "add", "--code", "K-1", "--name", "김치", "--price", "1234.5", "--tax-rate", "10"]);
    let sale = book.json(&["sale", "--customer", "C000001", "--date", "2026-01-10", "--line", "K-1:1"]);
    // 1,234.5 supply rounds to 1,235 and its 10 % tax, 123.5, to 124: whole won on every line.
    assert_eq!(sale["supply"], "1235.00", "{sale}");
    assert_eq!(sale["total"], "1359.00", "{sale}");
    let ledger = book.ok(&["ledger", "C000001"]);
    assert!(ledger.contains("1,359") && !ledger.contains("1,359.00"), "{ledger}");

    let refused = book.fails(&["company", "--currency-decimals", "5"]);
    assert!(refused.contains("0 to 4 decimals"), "{refused}");
    assert!(book.fails(&["company", "--currency-symbol", ""]).contains("Enter a currency symbol"));
    assert_eq!(book.json(&["company"])["currency_symbol"], "₩", "a refused change changes nothing");
}

#[test]
fn a_year_last_date_is_read_in_the_order_of_the_computer_language() {
    let book = Book::stocked();
    let sale = |language: &str, date: &str| {
        let mut cmd = Book::at(&book.db);
        cmd.env("LC_ALL", language).args([
            "sale",
            "--customer",
            "C000001",
            "--date",
            date,
            "--line",
            "W-1:1",
            "--json",
        ]);
        crate::support::run(&mut cmd)
    };
    let us = sale("en_US.UTF-8", "03/04/2026");
    assert!(us.stdout.contains("\"date\": \"2026-03-04\""), "month first in the US: {}{}", us.stdout, us.stderr);
    let uk = sale("en_GB.UTF-8", "03/04/2026");
    assert!(uk.stdout.contains("\"date\": \"2026-04-03\""), "day first in the UK: {}{}", uk.stdout, uk.stderr);
    let korea = sale("ko_KR.UTF-8", "2026. 4. 5.");
    assert!(korea.stdout.contains("\"date\": \"2026-04-05\""), "as Korean writes it: {}{}", korea.stdout, korea.stderr);
    let refused = sale("en_US.UTF-8", "31/12/2026");
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("there is no month 31; write it as 03/31/2026 or 2026-03-31"),
        "{}",
        refused.stderr
    );
}
