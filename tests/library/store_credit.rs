//! Credit control on every store save: the limit with a sale edited up and down, voided and
//! un-voided, and the warning the clerk accepted kept with the voucher.

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

/// A one-line sale of the W-1 item at `price` to `customer`.
pub(crate) fn sale(store: &Store, customer: i64, price: Decimal) -> Voucher {
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
        price_basis: None,
    }];
    sale
}

fn book(action: OnExceed) -> (Store, i64) {
    book_in(crate::test_book().unwrap(), action)
}

/// Acme with a limit of 100 and `action` over it, and one item, in `store`.
fn book_in(mut store: Store, action: OnExceed) -> (Store, i64) {
    let acme = Customer { credit_limit: Some(dec!(100)), on_exceed: Some(action), ..Customer::new("Acme") };
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

fn actions(store: &Store, number: &str) -> Vec<String> {
    let id = store.voucher_by_number(number).unwrap().unwrap().id.unwrap();
    store.voucher_history(id).unwrap().into_iter().map(|h| h.action).collect()
}

fn is_void(store: &Store, number: &str) -> bool {
    store.voucher_by_number(number).unwrap().unwrap().voided
}

#[test]
fn unvoiding_a_sale_is_blocked_over_the_limit_and_allowed_exactly_at_it() {
    let (mut store, acme) = book(OnExceed::Block);
    let first = store.save_voucher(&sale(&store, acme, dec!(60))).unwrap().voucher.number;
    store.void_voucher(&first).unwrap();
    // With the first sale void there is room for another up to exactly the limit.
    let second = store.save_voucher(&sale(&store, acme, dec!(100))).unwrap().voucher.number;

    let refused = store.unvoid_voucher(&first, false).unwrap_err();
    assert!(
        matches!(&refused, StoreError::CreditBlocked(m)
            if m.contains("Credit limit exceeded by $60.00 (limit $100.00; balance after this sale $160.00)")),
        "{refused}"
    );
    assert!(matches!(store.unvoid_voucher(&first, true), Err(StoreError::CreditBlocked(_))), "a block is never passed");
    assert!(is_void(&store, &first), "the refused un-void changed nothing");
    assert_eq!(store.balance(acme).unwrap().receivable, dec!(100));
    assert_eq!(actions(&store, &first), ["created", "voided"]);

    // 40 of the limit used: the first sale's 60 brings the balance to exactly 100, which is allowed.
    let mut down = store.voucher_by_number(&second).unwrap().unwrap();
    down.lines[0].unit_price = dec!(40);
    store.save_voucher(&down).unwrap();
    let (restored, warning) = store.unvoid_voucher(&first, false).unwrap();
    assert!(!restored.voided && warning.is_none());
    assert!(!is_void(&store, &first));
    assert_eq!(store.balance(acme).unwrap().receivable, dec!(100));
    assert_eq!(actions(&store, &first), ["created", "voided", "un-voided"]);
    assert!(matches!(store.save_voucher(&sale(&store, acme, dec!(0.01))), Err(StoreError::CreditBlocked(_))));
}

#[test]
fn unvoiding_a_warned_sale_needs_the_clerks_word_and_keeps_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    let (mut store, acme) = book_in(Store::open(&path).unwrap(), OnExceed::Warn);
    let first = store.save_voucher(&sale(&store, acme, dec!(60))).unwrap().voucher.number;
    store.void_voucher(&first).unwrap();
    store.save_voucher(&sale(&store, acme, dec!(100))).unwrap();

    let warned = store.unvoid_voucher(&first, false).unwrap_err();
    assert!(matches!(&warned, StoreError::CreditWarning(m) if m.contains("exceeded by $60.00")), "{warned}");
    assert!(is_void(&store, &first), "not without the clerk's word");
    assert_eq!(store.balance(acme).unwrap().receivable, dec!(100));

    let (restored, warning) = store.unvoid_voucher(&first, true).unwrap();
    assert!(!restored.voided);
    let warning = warning.expect("the accepted warning is returned");
    assert!(warning.contains("exceeded by $60.00"), "{warning}");
    assert_eq!(store.balance(acme).unwrap().receivable, dec!(160));
    assert_eq!(actions(&store, &first), ["created", "voided", "un-voided", "credit warning accepted"]);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let kept: Option<String> =
        conn.query_row("SELECT credit_override FROM vouchers WHERE number = ?1", [&first], |r| r.get(0)).unwrap();
    assert_eq!(kept.as_deref(), Some(warning.as_str()), "the override is kept on the voucher");
}

#[test]
fn only_a_voided_voucher_can_be_unvoided() {
    let (mut store, acme) = book(OnExceed::Block);
    let number = store.save_voucher(&sale(&store, acme, dec!(10))).unwrap().voucher.number;
    let refused = store.unvoid_voucher(&number, false).unwrap_err();
    assert!(matches!(&refused, StoreError::VoucherNotVoided(n) if *n == number), "{refused}");
    assert_eq!(refused.to_string(), format!("{number} is not void; only a voided voucher can be un-voided"));
    assert_eq!(actions(&store, &number), ["created"]);
    let lower = number.to_lowercase();
    store.void_voucher(&lower).unwrap();
    store.unvoid_voucher(&lower, false).unwrap();
    assert!(matches!(store.unvoid_voucher(&lower, false), Err(StoreError::VoucherNotVoided(_))));
    assert!(matches!(store.unvoid_voucher("S-1999-000001", false), Err(StoreError::VoucherNotFound(_))));
}
