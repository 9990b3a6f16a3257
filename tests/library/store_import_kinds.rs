//! Item, price, balance and voucher imports in the store: the preview writes nothing (not even a
//! voucher number), a voucher warned about by credit control is saved as entry saves it, and
//! undo refuses, naming why, when the book changed since.

use clientele::domain::customer::{Customer, OnExceed};
use clientele::domain::import::ImportOptions;
use clientele::domain::import::balances::BalanceField;
use clientele::domain::import::fixed::{ImportField, guess};
use clientele::domain::import::items::ItemField;
use clientele::domain::import::prices::PriceField;
use clientele::domain::import::vouchers::VoucherField;
use clientele::domain::item::Item;
use clientele::store::{ImportRow, KindOutcome, Store, StoreError};
use rust_decimal_macros::dec;

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn rows(cells: &[&[&str]]) -> Vec<ImportRow> {
    cells.iter().enumerate().map(|(i, row)| ImportRow { number: i + 2, cells: strings(row) }).collect()
}

fn mapping<F: ImportField>(headers: &[String]) -> Vec<Option<F>> {
    guess::<F>(headers, &[])
}

/// Acme (limit 100, warn over it) and a widget at 60.
fn book() -> Store {
    let mut store = crate::test_book().unwrap();
    let acme = Customer { credit_limit: Some(dec!(100)), on_exceed: Some(OnExceed::Warn), ..Customer::new("Acme") };
    store.insert_customer(&acme).unwrap();
    store.add_item(&Item { sales_price: dec!(60), ..Item::new("W-1", "Widget") }).unwrap();
    store
}

#[test]
fn a_voucher_preview_writes_nothing_and_a_warned_sale_is_saved_as_entry_saves_it() {
    let mut store = book();
    let headers = strings(&["Voucher", "Kind", "Date", "Customer", "Item", "Qty"]);
    let cells: &[&[&str]] =
        &[&["A", "sale", "2026-05-01", "C000001", "W-1", "1"], &["B", "sale", "2026-05-02", "C000001", "W-1", "1"]];
    let options = ImportOptions::default();
    let plan = store.plan_voucher_import(&headers, &mapping::<VoucherField>(&headers), rows(cells), &options).unwrap();
    assert_eq!(store.voucher_counts().unwrap(), (0, 0), "the rehearsal was rolled back");
    // The first sale fits the limit; the second sees the first (120 > 100) and is warned about.
    assert!(plan.rows[0].notes.is_empty(), "{:?}", plan.rows[0].notes);
    assert!(plan.rows[1].notes[0].contains("exceeded by $20.00"), "{:?}", plan.rows[1].notes);

    store.apply_voucher_import(&plan, "sales.xlsx", false).unwrap();
    let first = store.voucher_by_number("S-2026-000001").unwrap().expect("numbered from 1: the preview took no number");
    assert_eq!(first.reference, "A");
    let second = store.voucher_by_number("S-2026-000002").unwrap().unwrap();
    let history = store.voucher_history(second.id.unwrap()).unwrap();
    assert!(
        history.iter().any(|h| h.action == "credit warning accepted" && h.detail.contains("$20.00")),
        "{history:?}"
    );
}

#[test]
fn an_invalid_plan_is_refused_whole_unless_invalid_rows_are_skipped() {
    let mut store = book();
    let headers = strings(&["Code", "Name", "Price"]);
    let cells: &[&[&str]] = &[&["N-1", "New", "3"], &["N-2", "", "x"]];
    let plan = store
        .plan_item_import(&headers, &mapping::<ItemField>(&headers), rows(cells), &ImportOptions::default())
        .unwrap();
    assert!(matches!(plan.rows[1].outcome, KindOutcome::Invalid(_)));
    let refused = store.apply_item_import(&plan, "items.xlsx", false).unwrap_err();
    assert!(matches!(&refused, StoreError::Rejected(m) if m.contains("nothing was written")), "{refused}");
    assert!(store.item_by_code("N-1").unwrap().is_none());
    assert!(store.import_history().unwrap().is_empty(), "no batch either");
    store.apply_item_import(&plan, "items.xlsx", true).unwrap();
    assert!(store.item_by_code("N-1").unwrap().is_some());
}

#[test]
fn undo_refuses_when_an_imported_value_was_changed_since() {
    let mut store = book();
    store.add_price_level("Retail").unwrap();
    let headers = strings(&["Item code", "Price level", "Price"]);
    let plan = store
        .plan_price_import(
            &headers,
            &mapping::<PriceField>(&headers),
            rows(&[&["W-1", "Retail", "55"]]),
            &ImportOptions::default(),
        )
        .unwrap();
    let batch = store.apply_price_import(&plan, "prices.xlsx", false).unwrap();
    let item = store.item_by_code("W-1").unwrap().unwrap().id.unwrap();
    store.set_level_price(item, "Retail", Some(dec!(50))).unwrap();
    let refused = store.undo_import(batch).unwrap_err();
    assert!(
        matches!(&refused, StoreError::Rejected(m) if m.contains("the price of W-1 at Retail was changed")),
        "{refused}"
    );
    assert_eq!(store.level_prices(Some(item)).unwrap()[0].price, dec!(50), "nothing was undone");

    store.set_level_price(item, "Retail", Some(dec!(55))).unwrap();
    store.undo_import(batch).unwrap();
    assert!(store.level_prices(Some(item)).unwrap().is_empty(), "the level did not price the item before");
    let again = store.undo_import(batch).unwrap_err();
    assert!(matches!(&again, StoreError::Rejected(m) if m.contains("already undone")), "{again}");
}

#[test]
fn a_changed_opening_balance_is_edited_in_place_and_undo_puts_it_back() {
    let mut store = book();
    let headers = strings(&["Customer code", "Receivable", "Date", "Memo"]);
    let map = mapping::<BalanceField>(&headers);
    let options = ImportOptions::default();
    let first = store
        .plan_balance_import(&headers, &map, rows(&[&["C000001", "80", "2026-01-01", "brought over"]]), &options)
        .unwrap();
    store.apply_voucher_import(&first, "balances.xlsx", false).unwrap();
    let acme = store.customer_by_code("C000001").unwrap().unwrap().id.unwrap();
    assert_eq!(store.balance(acme).unwrap().receivable, dec!(80));

    // An empty memo leaves the memo; the receivable changes, on the same voucher.
    let second = store.plan_balance_import(&headers, &map, rows(&[&["C000001", "90", "", ""]]), &options).unwrap();
    let KindOutcome::Changed(action, changes) = &second.rows[0].outcome else { panic!("{:?}", second.rows[0]) };
    assert_eq!(changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(), ["receivable"]);
    assert_eq!(action.voucher.memo, "brought over");
    let batch = store.apply_voucher_import(&second, "balances.xlsx", false).unwrap();
    let opening = store.voucher_by_number("O-2026-000001").unwrap().unwrap();
    assert_eq!((opening.amount, opening.memo.as_str()), (dec!(90), "brought over"));
    assert!(store.voucher_by_number("O-2026-000002").unwrap().is_none(), "edited, not a second opening");

    store.undo_import(batch).unwrap();
    assert_eq!(store.voucher_by_number("O-2026-000001").unwrap().unwrap().amount, dec!(80));
    assert_eq!(store.balance(acme).unwrap().receivable, dec!(80));
}
