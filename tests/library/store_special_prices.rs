//! Store tests for editing special prices: a change rewrites the one row, a bad one writes nothing,
//! an id that is not there is refused with a sentence, and saved vouchers keep their prices.

use chrono::NaiveDate;
use clientele::domain::customer::{Customer, Role};
use clientele::domain::item::Item;
use clientele::domain::pricing::{PartyPrice, PriceQuery, PriceSide, SpecialPrice};
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::{Store, StoreError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tempfile::TempDir;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Book {
    _dir: TempDir,
    store: Store,
    acme: i64,
    vendor: i64,
    widget: i64,
    gadget: i64,
}

fn book() -> Book {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&crate::cli_support::fresh_location(dir.path())).unwrap();
    let acme = store.insert_customer(&Customer::new("Acme")).unwrap().id;
    let vendor = store.insert_customer(&Customer { role: Role::Vendor, ..Customer::new("Supplier Ltd") }).unwrap().id;
    let widget = store.add_item(&Item { sales_price: dec!(100), ..Item::new("W-1", "Widget") }).unwrap().id.unwrap();
    let gadget = store.add_item(&Item::new("G-1", "Gadget")).unwrap().id.unwrap();
    Book { _dir: dir, store, acme, vendor, widget, gadget }
}

fn special(customer_id: i64, item_id: i64, price: Decimal) -> PartyPrice {
    PartyPrice {
        customer_id,
        item_id,
        side: PriceSide::Sales,
        special: SpecialPrice { id: 0, price, min_quantity: None, valid_from: None, valid_to: None },
    }
}

fn stored(store: &Store) -> Vec<PartyPrice> {
    store.special_prices(None, None).unwrap().into_iter().map(|row| row.price).collect()
}

#[test]
fn an_update_rewrites_every_field_of_that_price_only() {
    let mut book = book();
    let first = book.store.add_special_price(&special(book.acme, book.widget, dec!(80))).unwrap();
    let other = book.store.add_special_price(&special(book.acme, book.gadget, dec!(5))).unwrap();
    let changed = PartyPrice {
        customer_id: book.vendor,
        item_id: book.gadget,
        side: PriceSide::Purchase,
        special: SpecialPrice {
            id: first,
            price: dec!(72.5),
            min_quantity: Some(dec!(10)),
            valid_from: Some(day(2026, 1, 1)),
            valid_to: Some(day(2026, 6, 30)),
        },
    };
    book.store.update_special_price(&changed).unwrap();
    let rows = stored(&book.store);
    assert_eq!(rows.len(), 2, "an update adds no row");
    assert_eq!(rows.iter().find(|p| p.special.id == first), Some(&changed));
    let untouched = rows.iter().find(|p| p.special.id == other).unwrap();
    assert_eq!(untouched.special.price, dec!(5), "the other price is left alone");

    // And back to open-ended, from any quantity.
    let reopened = PartyPrice {
        special: SpecialPrice { min_quantity: None, valid_from: None, valid_to: None, ..changed.special.clone() },
        ..changed.clone()
    };
    book.store.update_special_price(&reopened).unwrap();
    assert_eq!(stored(&book.store).into_iter().find(|p| p.special.id == first), Some(reopened));
}

#[test]
fn a_bad_update_is_refused_and_writes_nothing() {
    let mut book = book();
    let id = book.store.add_special_price(&special(book.acme, book.widget, dec!(80))).unwrap();
    let before = stored(&book.store);

    let mut backwards = special(book.acme, book.widget, dec!(70));
    backwards.special.id = id;
    backwards.special.valid_from = Some(day(2026, 5, 1));
    backwards.special.valid_to = Some(day(2026, 4, 1));
    match book.store.update_special_price(&backwards) {
        Err(StoreError::Invalid(problems)) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].field, "valid_to");
            assert!(problems[0].message.contains("ends (2026-04-01) before it starts (2026-05-01)"));
        }
        other => panic!("dates the wrong way round must be refused, got {other:?}"),
    }

    let mut zero_min = special(book.acme, book.widget, dec!(70));
    zero_min.special.id = id;
    zero_min.special.min_quantity = Some(Decimal::ZERO);
    assert!(matches!(book.store.update_special_price(&zero_min), Err(StoreError::Invalid(_))));

    let mut no_item = special(book.acme, 999_999, dec!(70));
    no_item.special.id = id;
    let error = book.store.update_special_price(&no_item).unwrap_err();
    assert!(matches!(error, StoreError::Rejected(_)), "{error:?}");
    assert!(error.to_string().contains("the book does not have"), "{error}");

    assert_eq!(stored(&book.store), before, "nothing changed");
}

#[test]
fn an_id_that_is_not_there_is_refused_with_a_sentence() {
    let mut book = book();
    let mut ghost = special(book.acme, book.widget, dec!(70));
    ghost.special.id = 4242;
    let error = book.store.update_special_price(&ghost).unwrap_err();
    assert!(matches!(error, StoreError::Rejected(_)), "{error:?}");
    assert_eq!(error.to_string(), "there is no special price #4242");
    assert!(stored(&book.store).is_empty(), "an update never adds a price");
}

#[test]
fn a_saved_voucher_keeps_its_price_when_the_special_price_changes() {
    let mut book = book();
    let id = book.store.add_special_price(&special(book.acme, book.widget, dec!(80))).unwrap();
    let customer = book.store.customer(book.acme).unwrap().unwrap();
    let date = day(2026, 3, 2);
    let query = PriceQuery { quantity: dec!(2), date, discount_override: None, use_last: false };
    let resolved = book.store.resolve_price(&customer, book.widget, PriceSide::Sales, &query).unwrap();
    assert_eq!(resolved.unit_price, dec!(80));
    let line = VoucherLine {
        item_id: book.widget,
        item_code: String::new(),
        item_name: String::new(),
        unit: String::new(),
        quantity: dec!(2),
        unit_price: resolved.unit_price,
        discount_pct: Decimal::ZERO,
        tax_rate: Decimal::ZERO,
        price_basis: None,
    };
    let saved = book
        .store
        .save_voucher(&Voucher {
            lines: vec![line],
            due_date: Some(date),
            ..Voucher::new(VoucherKind::Sale, book.acme, date)
        })
        .unwrap();

    let mut cheaper = special(book.acme, book.widget, dec!(60));
    cheaper.special.id = id;
    book.store.update_special_price(&cheaper).unwrap();
    let resolved = book.store.resolve_price(&customer, book.widget, PriceSide::Sales, &query).unwrap();
    assert_eq!(resolved.unit_price, dec!(60), "new lines get the new price");
    let voucher = book.store.voucher(saved.voucher.id.unwrap()).unwrap().unwrap();
    assert_eq!(voucher.lines[0].unit_price, dec!(80), "the saved voucher keeps the price it was given");
}
