//! Credit control on every store save: the limit with a sale edited up and down, and the
//! warning the clerk accepted kept with the voucher.

use chrono::NaiveDate;
use clientele::domain::customer::{Customer, OnExceed};
use clientele::domain::item::Item;
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::{Store, StoreError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, d).unwrap()
}

fn sale(store: &Store, customer: i64, price: Decimal) -> Voucher {
    let item = store.item_by_code("W-1").unwrap().unwrap();
    let mut sale = Voucher::new(VoucherKind::Sale, customer, day(1));
    sale.lines = vec![VoucherLine {
        item_id: item.id.unwrap(),
        item_code: item.code,
        item_name: item.name,
        unit: String::new(),
        quantity: Decimal::ONE,
        unit_price: price,
        discount_pct: Decimal::ZERO,
        tax_rate: Decimal::ZERO,
    }];
    sale
}

fn book(action: OnExceed) -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let acme = Customer { credit_limit: Some(dec!(100)), on_exceed: action, ..Customer::new("Acme") };
    let id = store.insert_customer(&acme).unwrap().id;
    store.add_item(&Item::new("W-1", "Widget")).unwrap();
    (store, id)
}

#[test]
fn editing_a_sale_counts_its_new_total_not_both() {
    let (mut store, acme) = book(OnExceed::Block);
    let saved = store.save_voucher(&sale(&store, acme, dec!(100))).unwrap().voucher;

    let mut up = saved.clone();
    up.lines[0].unit_price = dec!(150);
    let refused = store.save_voucher(&up).unwrap_err();
    assert!(matches!(&refused, StoreError::CreditBlocked(m) if m.contains("exceeded by $50.00")), "{refused}");
    assert_eq!(store.balance(acme).unwrap().receivable, dec!(100), "the refused edit changed nothing");

    let mut down = saved;
    down.lines[0].unit_price = dec!(80);
    store.save_voucher(&down).unwrap();
    store.save_voucher(&sale(&store, acme, dec!(20))).unwrap();
    assert!(matches!(store.save_voucher(&sale(&store, acme, dec!(0.01))), Err(StoreError::CreditBlocked(_))));
}

#[test]
fn an_accepted_warning_is_kept_in_the_history() {
    let (mut store, acme) = book(OnExceed::Warn);
    let over = sale(&store, acme, dec!(120));
    assert!(matches!(store.save_voucher(&over), Err(StoreError::CreditWarning(m)) if m.contains("exceeded by $20.00")));
    assert_eq!(store.voucher_counts().unwrap().0, 0);
    let saved = store.save_voucher_accepting(&over, true).unwrap().voucher;
    let history = store.voucher_history(saved.id.unwrap()).unwrap();
    assert!(
        history.iter().any(|h| h.action == "credit warning accepted" && h.detail.contains("$20.00")),
        "{history:?}"
    );
    // A block is never passed, accepted or not.
    let (mut blocked, id) = book(OnExceed::Block);
    let over = sale(&blocked, id, dec!(120));
    assert!(matches!(blocked.save_voucher_accepting(&over, true), Err(StoreError::CreditBlocked(_))));
}
