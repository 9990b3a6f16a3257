//! Store tests for trading: items, vouchers (save, edit, void, refusals that write nothing), ledger, balances, ageing.

use chrono::NaiveDate;
use clientele::domain::customer::{Customer, Role};
use clientele::domain::item::Item;
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::{ReportFilter, Side, Store, StoreError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tempfile::TempDir;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Book {
    _dir: TempDir,
    location: std::path::PathBuf,
    store: Store,
    acme: i64,
    vendor: i64,
    widget: Item,
}

fn book() -> Book {
    let dir = TempDir::new().unwrap();
    let location = crate::cli_support::fresh_location(dir.path());
    let mut store = Store::open(&location).unwrap();
    let acme = store.insert_customer(&Customer { payment_terms_days: Some(30), ..Customer::new("Acme") }).unwrap();
    let vendor = store.insert_customer(&Customer { role: Role::Vendor, ..Customer::new("Supplier Ltd") }).unwrap();
    let widget = store
        .add_item(&Item {
            sales_price: dec!(19.99),
            tax_rate: dec!(10),
            unit: "ea".into(),
            ..Item::new("W-1", "Widget")
        })
        .unwrap();
    Book { _dir: dir, location, store, acme: acme.id, vendor: vendor.id, widget }
}

fn line(item: &Item, quantity: Decimal) -> VoucherLine {
    VoucherLine {
        item_id: item.id.unwrap(),
        item_code: String::new(),
        item_name: String::new(),
        unit: String::new(),
        quantity,
        unit_price: item.sales_price,
        discount_pct: Decimal::ZERO,
        tax_rate: item.tax_rate,
        price_basis: None,
    }
}

fn sale(book: &Book, date: NaiveDate, quantity: Decimal) -> Voucher {
    Voucher {
        due_date: Some(clientele::domain::voucher::due_date(date, Some(30))),
        lines: vec![line(&book.widget, quantity)],
        ..Voucher::new(VoucherKind::Sale, book.acme, date)
    }
}

fn collection(book: &Book, date: NaiveDate, amount: Decimal, applies_to: Option<&str>) -> Voucher {
    Voucher {
        amount,
        applies_to: applies_to.map(str::to_string),
        ..Voucher::new(VoucherKind::Collection, book.acme, date)
    }
}

fn voucher_count(store: &Store) -> (u64, u64) {
    store.voucher_counts().unwrap()
}

#[test]
fn items_are_unique_by_code_and_used_ones_cannot_be_deleted() {
    let mut b = book();
    assert!(matches!(b.store.add_item(&Item::new("w-1", "Other")), Err(StoreError::DuplicateItemCode(_))));
    assert!(matches!(b.store.add_item(&Item::new("", "")), Err(StoreError::Invalid(e)) if e.len() == 2));
    b.store.add_item(&Item::new("G-2", "Gadget")).unwrap();
    let found: Vec<String> = b.store.find_items("gad", false, 10).unwrap().into_iter().map(|i| i.code).collect();
    assert_eq!(found, ["G-2"]);
    b.store.delete_item("G-2").unwrap();
    assert!(b.store.item_by_code("G-2").unwrap().is_none());

    b.store.save_voucher(&sale(&b, day(2026, 3, 1), dec!(1))).unwrap();
    assert!(matches!(b.store.delete_item("W-1"), Err(StoreError::ItemHasTransactions(_))));
    let inactive = b.store.set_item_active("W-1", false).unwrap();
    assert!(!inactive.active);
    assert!(matches!(b.store.save_voucher(&sale(&b, day(2026, 3, 2), dec!(1))), Err(StoreError::ItemInactive(_))));
}

#[test]
fn a_sale_is_numbered_totalled_and_posted() {
    let mut b = book();
    let saved = b.store.save_voucher(&sale(&b, day(2026, 3, 1), dec!(3))).unwrap();
    assert_eq!(saved.voucher.number, "S-2026-000001");
    assert_eq!(saved.totals.total, dec!(65.97));
    assert_eq!(saved.voucher.lines[0].item_name, "Widget", "the item's name is kept on the line");
    let second = b.store.save_voucher(&sale(&b, day(2026, 3, 2), dec!(1))).unwrap();
    assert_eq!(second.voucher.number, "S-2026-000002");
    let next_year = b.store.save_voucher(&sale(&b, day(2027, 1, 2), dec!(1))).unwrap();
    assert_eq!(next_year.voucher.number, "S-2027-000001");

    let read = b.store.voucher_by_number("s-2026-000001").unwrap().unwrap();
    assert_eq!(read.lines.len(), 1);
    assert_eq!(read.totals(b.store.rounding().unwrap()).total, dec!(65.97));
    assert_eq!(b.store.balance(b.acme).unwrap().receivable, dec!(65.97) + dec!(21.99) * dec!(2));
    assert!(b.store.has_transactions(b.acme).unwrap());
    assert!(matches!(b.store.delete_customer(b.acme), Err(StoreError::HasTransactions(_))));
}

#[test]
fn refused_vouchers_write_nothing() {
    let mut b = book();
    b.store.save_voucher(&sale(&b, day(2026, 3, 1), dec!(1))).unwrap();
    let before = voucher_count(&b.store);
    let mut unknown_customer = sale(&b, day(2026, 3, 1), dec!(1));
    unknown_customer.customer_id = 999;
    let mut unknown_item = sale(&b, day(2026, 3, 1), dec!(1));
    unknown_item.lines.push(VoucherLine { item_id: 999, ..line(&b.widget, dec!(1)) });
    let zero_quantity = sale(&b, day(2026, 3, 1), dec!(0));
    let vendor_collection = Voucher { customer_id: b.vendor, ..collection(&b, day(2026, 3, 5), dec!(10), None) };
    let vendor_sale = Voucher { customer_id: b.vendor, ..sale(&b, day(2026, 3, 5), dec!(1)) };
    let wrong_invoice = collection(&b, day(2026, 3, 5), dec!(10), Some("S-2026-999999"));
    let too_fine = collection(&b, day(2026, 3, 5), dec!(10.00001), None);
    for (what, voucher) in [
        ("unknown customer", unknown_customer),
        ("unknown item", unknown_item),
        ("zero quantity", zero_quantity),
        ("collection from a vendor", vendor_collection),
        ("sale to a vendor", vendor_sale),
        ("unknown invoice", wrong_invoice),
        ("too many decimals", too_fine),
    ] {
        let error = b.store.save_voucher(&voucher).expect_err(what);
        assert!(!error.to_string().is_empty());
        assert_eq!(voucher_count(&b.store), before, "{what} left something behind");
    }
    let vendor_collection = Voucher { customer_id: b.vendor, ..collection(&b, day(2026, 3, 5), dec!(10), None) };
    let message = b.store.save_voucher(&vendor_collection).unwrap_err().to_string();
    assert!(message.contains("vendor only"), "{message}");
}

#[test]
fn edits_and_voids_are_recorded_and_voided_vouchers_stop_counting() {
    let mut b = book();
    let first = b.store.save_voucher(&sale(&b, day(2026, 3, 1), dec!(1))).unwrap().voucher;
    let mut edited = first.clone();
    edited.lines[0].quantity = dec!(2);
    let saved = b.store.save_voucher(&edited).unwrap();
    assert_eq!(saved.voucher.number, first.number, "an edit keeps the number");
    assert_eq!(b.store.balance(b.acme).unwrap().receivable, dec!(43.98));

    b.store.void_voucher(&first.number).unwrap();
    assert_eq!(b.store.balance(b.acme).unwrap().receivable, dec!(0));
    let ledger = b.store.ledger(b.acme, None, None, None).unwrap();
    assert_eq!(ledger.entries.len(), 1);
    assert!(ledger.entries[0].voided);
    assert_eq!(ledger.entries[0].debit, dec!(43.98), "a voided voucher still shows its amount");
    assert_eq!(ledger.closing, dec!(0));

    assert!(matches!(b.store.save_voucher(&saved.voucher), Err(StoreError::VoucherVoided(_))));
    assert!(matches!(b.store.void_voucher(&first.number), Err(StoreError::VoucherVoided(_))));
    let actions: Vec<String> =
        b.store.voucher_history(first.id.unwrap()).unwrap().into_iter().map(|h| h.action).collect();
    assert_eq!(actions, ["created", "edited", "voided"]);
    assert!(b.store.voucher_history(first.id.unwrap()).unwrap()[1].detail.contains("total 21.99 → 43.98"));
}

#[test]
fn ledger_runs_a_balance_and_pages_carry_it() {
    let mut b = book();
    for d in 1..=5 {
        b.store.save_voucher(&sale(&b, day(2026, 3, d), dec!(1))).unwrap();
    }
    b.store.save_voucher(&collection(&b, day(2026, 3, 6), dec!(50), None)).unwrap();
    let whole = b.store.ledger(b.acme, None, None, None).unwrap();
    let balances: Vec<Decimal> = whole.entries.iter().map(|e| e.balance).collect();
    assert_eq!(balances, [dec!(21.99), dec!(43.98), dec!(65.97), dec!(87.96), dec!(109.95), dec!(59.95)]);
    assert_eq!(whole.closing, dec!(59.95));

    let page = b.store.ledger(b.acme, None, None, Some((2, 2))).unwrap();
    assert_eq!(page.opening, dec!(43.98));
    assert_eq!(page.entries.iter().map(|e| e.balance).collect::<Vec<_>>(), [dec!(65.97), dec!(87.96)]);
    assert_eq!((page.total_entries, page.closing), (6, dec!(59.95)));

    let period = b.store.ledger(b.acme, Some(day(2026, 3, 3)), Some(day(2026, 3, 4)), None).unwrap();
    assert_eq!((period.opening, period.closing, period.entries.len()), (dec!(43.98), dec!(87.96), 2));
}

/// Acme's sale of 219.89 due 31 Jan, 100 of it paid on 10 Mar, and one of 21.99 due 31 Mar; the first sale.
fn overdue_and_part_paid(b: &mut Book) -> Voucher {
    let first = b.store.save_voucher(&sale(b, day(2026, 1, 1), dec!(10))).unwrap().voucher; // 219.89, due 31 Jan
    b.store.save_voucher(&sale(b, day(2026, 3, 1), dec!(1))).unwrap(); // 21.99, due 31 Mar
    b.store.save_voucher(&collection(b, day(2026, 3, 10), dec!(100), Some(&first.number))).unwrap();
    first
}

#[test]
fn ageing_and_balances_across_customers() {
    let mut b = book();
    overdue_and_part_paid(&mut b);
    let mut opening = Voucher::new(VoucherKind::Opening, b.vendor, day(2025, 12, 31));
    opening.payable_amount = dec!(500);
    b.store.save_voucher(&opening).unwrap();

    let aged = b.store.ageing(Side::Receivable, day(2026, 3, 15), &ReportFilter::default()).unwrap();
    assert_eq!(aged.len(), 1);
    let acme = &aged[0].ageing;
    assert_eq!(acme.overdue[1], dec!(119.89), "43 days late: the 31–60 bucket");
    assert_eq!(acme.not_due, dec!(21.99));
    assert_eq!(acme.oldest_overdue_days, Some(43));
    assert_eq!(acme.total, dec!(141.88));

    let payable = b.store.ageing(Side::Payable, day(2026, 3, 15), &ReportFilter::default()).unwrap();
    assert_eq!(payable[0].ageing.overdue[2], dec!(500), "74 days late: the 61–90 bucket");
    let balances = b.store.balances(&ReportFilter::default()).unwrap();
    let pairs: Vec<(Decimal, Decimal)> = balances.iter().map(|c| (c.balance.receivable, c.balance.payable)).collect();
    assert_eq!(pairs, [(dec!(141.88), dec!(0)), (dec!(0), dec!(500))]);
    let vendors = ReportFilter { role: Some(Role::Vendor), ..ReportFilter::default() };
    assert_eq!(b.store.balances(&vendors).unwrap().len(), 1);
    let open = b.store.open_invoices(b.acme, Side::Receivable, day(2026, 3, 15)).unwrap();
    assert_eq!(open.iter().map(|i| i.open).collect::<Vec<_>>(), [dec!(119.89), dec!(21.99)]);
}

#[test]
fn unvoiding_restores_the_balance_the_ageing_and_what_collections_pay() {
    let mut b = book();
    let first = overdue_and_part_paid(&mut b);
    let as_of = day(2026, 3, 15);
    let standing = |b: &Book| {
        (
            b.store.balance(b.acme).unwrap(),
            b.store.customer_ageing(b.acme, Side::Receivable, as_of).unwrap(),
            b.store.open_invoices(b.acme, Side::Receivable, as_of).unwrap(),
        )
    };
    let before = standing(&b);
    assert_eq!(before.1.oldest_overdue_days, Some(43));

    b.store.void_voucher(&first.number).unwrap();
    let voided = standing(&b);
    assert_eq!(voided.0.receivable, dec!(-78.01), "the collection now pays the other invoice and more");
    assert_eq!(voided.1.oldest_overdue_days, None);

    let (restored, warning) = b.store.unvoid_voucher(&first.number, false).unwrap();
    assert_eq!((restored.voided, warning), (false, None));
    assert_eq!(standing(&b), before, "the collection that named it pays it again");
    let ledger = b.store.ledger(b.acme, None, None, None).unwrap();
    assert!(!ledger.entries[0].voided);
    assert_eq!(ledger.closing, dec!(141.88));
    let restored = b.store.voucher(first.id.unwrap()).unwrap().unwrap();
    assert_eq!(restored, first, "the voucher comes back as it was saved");
    assert!(b.store.save_voucher(&restored).is_ok(), "and can be edited again");
}

#[test]
fn a_collection_is_not_unvoided_onto_a_voided_invoice() {
    let mut b = book();
    let invoice = b.store.save_voucher(&sale(&b, day(2026, 1, 1), dec!(10))).unwrap().voucher.number; // 219.89
    let paid = b.store.save_voucher(&collection(&b, day(2026, 1, 5), dec!(100), Some(&invoice))).unwrap();
    let paid = paid.voucher.number;
    b.store.void_voucher(&paid).unwrap();
    b.store.void_voucher(&invoice).unwrap();

    let refused = b.store.unvoid_voucher(&paid, false).unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!("{invoice} is voided; un-void it first, or enter the money again as a new collection")
    );
    assert!(b.store.voucher_by_number(&paid).unwrap().unwrap().voided, "the refused un-void changed nothing");
    assert_eq!(b.store.balance(b.acme).unwrap().receivable, dec!(0));

    b.store.unvoid_voucher(&invoice, false).unwrap();
    b.store.unvoid_voucher(&paid, false).unwrap();
    assert_eq!(b.store.balance(b.acme).unwrap().receivable, dec!(119.89));
    let open = b.store.open_invoices(b.acme, Side::Receivable, day(2026, 1, 10)).unwrap();
    assert_eq!(open.iter().map(|i| i.open).collect::<Vec<_>>(), [dec!(119.89)]);
}

#[test]
fn a_collection_unvoided_onto_a_paid_invoice_pays_the_next_due() {
    // Entered twice by mistake and voided, then paid by another collection: restoring the
    // first is the clerk's word that the money came twice; it pays what is due next, or waits.
    let mut b = book();
    let invoice = b.store.save_voucher(&sale(&b, day(2026, 1, 1), dec!(10))).unwrap().voucher.number; // 219.89
    b.store.save_voucher(&sale(&b, day(2026, 2, 1), dec!(1))).unwrap(); // 21.99
    let first = b.store.save_voucher(&collection(&b, day(2026, 1, 5), dec!(219.89), Some(&invoice))).unwrap();
    b.store.void_voucher(&first.voucher.number).unwrap();
    b.store.save_voucher(&collection(&b, day(2026, 1, 6), dec!(219.89), Some(&invoice))).unwrap();

    b.store.unvoid_voucher(&first.voucher.number, false).unwrap();
    assert_eq!(b.store.balance(b.acme).unwrap().receivable, dec!(-197.90));
    let ageing = b.store.customer_ageing(b.acme, Side::Receivable, day(2026, 2, 10)).unwrap();
    assert_eq!((ageing.not_due, ageing.unapplied, ageing.total), (dec!(0), dec!(197.90), dec!(-197.90)));
    assert!(
        b.store.open_invoices(b.acme, Side::Receivable, day(2026, 2, 10)).unwrap().iter().all(|i| i.open.is_zero())
    );
}

#[test]
fn a_line_keeps_how_its_price_was_found_and_a_damaged_explanation_costs_only_itself() {
    use clientele::domain::pricing::{PriceQuery, PriceSide, PriceSource};
    let b = book();
    let mut store = b.store;
    let customer = store.customer(b.acme).unwrap().unwrap();
    let query = PriceQuery { quantity: dec!(2), date: day(2026, 3, 2), discount_override: None, use_last: false };
    let resolved = store.resolve_price(&customer, b.widget.id.unwrap(), PriceSide::Sales, &query).unwrap();
    let mut priced = line(&b.widget, dec!(2));
    priced.price_basis = Some(resolved.basis());
    let typed = line(&b.widget, dec!(1));
    let voucher =
        Voucher { lines: vec![priced.clone(), typed], ..Voucher::new(VoucherKind::Sale, b.acme, day(2026, 3, 2)) };
    let number = store.save_voucher(&voucher).unwrap().voucher.number;
    let read = store.voucher_by_number(&number).unwrap().unwrap();
    assert_eq!(read.lines[0].price_basis, priced.price_basis);
    assert_eq!(read.lines[0].price_basis.as_ref().unwrap().source, PriceSource::Standard);
    assert_eq!(read.lines[1].price_basis, None, "a typed price keeps no explanation");

    drop(store);
    crate::cli_support::raw_execute(
        &b.location,
        "UPDATE voucher_lines SET price_basis = '{not json' WHERE position = 0",
    );
    let store = Store::open(&b.location).unwrap();
    let read = store.voucher_by_number(&number).unwrap().unwrap();
    assert_eq!(read.lines.len(), 2, "the voucher still reads");
    assert_eq!((read.lines[0].price_basis.clone(), read.lines[0].quantity), (None, dec!(2)));
}
