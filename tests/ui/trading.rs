//! The trading area beside the selected customer, driven through its real view: a sale typed
//! from the keyboard, a collection, a refused collection for a vendor, voiding and restoring
//! from the ledger, and paging a long ledger.

use crate::support::{Harness, click_last, simulator, texts, type_into};
use chrono::{Datelike, Local, NaiveDate};
use clientele::domain::customer::{Customer, OnExceed, Role};
use clientele::domain::item::Item;
use clientele::domain::pricing::PriceSource;
use clientele::domain::terms::TermsSet;
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::Store;
use clientele::ui::app::{self, Shortcut};
use clientele::ui::customers::trading::entry::{self, AMOUNT_ID, DISCOUNT_ID, ITEM_ID, PRICE_ID, QUANTITY_ID};
use clientele::ui::customers::{Action, Intent, Message, Page, TextField, Unsaved, list, trading};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced_test::Simulator;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Tall enough that the whole trading area is on screen without scrolling.
const TALL: (f32, f32) = (1280.0, 3600.0);

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Acme (a customer on 30 days), Supplier Ltd (a vendor only) and one widget at 19.99 + 10% tax.
fn book(store: &mut Store) {
    store.insert_customer(&Customer { payment_terms_days: Some(30), ..Customer::new("Acme Trading") }).unwrap();
    store.insert_customer(&Customer { role: Role::Vendor, ..Customer::new("Supplier Ltd") }).unwrap();
    store
        .add_item(&Item {
            sales_price: dec!(19.99),
            purchase_price: dec!(12),
            tax_rate: dec!(10),
            unit: "pcs".into(),
            ..Item::new("W-1", "Widget")
        })
        .unwrap();
    store.add_item(&Item { sales_price: dec!(5), ..Item::new("G-2", "Gadget") }).unwrap();
}

/// Opens the named customer, as a click in the list would.
fn open(h: &mut Harness, name: &str) -> i64 {
    let id = h.customer_named(name).and_then(|c| c.id).expect("the customer exists");
    let action = h.screen.open(id, &h.store);
    h.drive(action);
    assert_eq!(h.screen.selected(), Some(id));
    id
}

/// Lets `interact` work on the current view, feeds its messages back, and returns the last
/// field the screen asked to focus (the harness itself has no window to focus in).
fn act(h: &mut Harness, interact: impl FnOnce(&mut Simulator<'_, Message>)) -> Option<String> {
    let messages: Vec<Message> = {
        let mut ui = simulator(h.screen.view(), TALL);
        interact(&mut ui);
        ui.into_messages().collect()
    };
    let mut focus = None;
    for message in messages {
        let action = h.screen.update(message, &mut h.store);
        note_focus(&action, &mut focus);
        h.drive(action);
    }
    focus
}

fn note_focus(action: &Action, focus: &mut Option<String>) {
    match action {
        Action::Focus(id) => *focus = Some(id.clone()),
        Action::Batch(all) => all.iter().for_each(|a| note_focus(a, focus)),
        _ => {}
    }
}

fn on_screen(h: &Harness, wanted: &str) -> bool {
    let mut ui = simulator(h.screen.view(), TALL);
    !texts(&mut ui, |t| t.contains(wanted)).is_empty()
}

fn receivable(h: &Harness) -> Decimal {
    h.screen.trading().and_then(|t| t.summary()).expect("balances are shown").balance.receivable
}

fn number(kind: &str, sequence: u32) -> String {
    format!("{kind}-{}-{sequence:06}", today().year())
}

fn store_sale(store: &mut Store, customer: i64, quantity: Decimal) -> String {
    let item = store.item_by_code("W-1").unwrap().unwrap();
    let mut sale = Voucher::new(VoucherKind::Sale, customer, today());
    sale.lines = vec![VoucherLine {
        item_id: item.id.unwrap(),
        item_code: item.code.clone(),
        item_name: item.name.clone(),
        unit: item.unit.clone(),
        quantity,
        unit_price: item.sales_price,
        discount_pct: Decimal::ZERO,
        tax_rate: item.tax_rate,
        price_basis: None,
    }];
    store.save_voucher(&sale).unwrap().voucher.number
}

#[test]
fn a_sale_typed_from_the_keyboard_is_saved_and_shown() {
    let mut h = Harness::new(book);
    let acme = open(&mut h, "Acme Trading");
    assert_eq!(receivable(&h), dec!(0));

    // The item code, then Enter picks the first match and moves on to the quantity.
    let next = act(&mut h, |ui| {
        type_into(ui, ITEM_ID, "w-1");
        ui.tap_key(Key::Named(Named::Enter));
    });
    assert_eq!(next.as_deref(), Some(QUANTITY_ID));
    let entry = &h.screen.trading().unwrap().entry;
    assert_eq!(entry.draft.item.as_ref().map(|i| i.code.as_str()), Some("W-1"));
    assert_eq!(entry.due, (today() + chrono::Days::new(30)).to_string(), "due from the 30-day terms");

    let next = act(&mut h, |ui| {
        type_into(ui, QUANTITY_ID, "3");
        ui.tap_key(Key::Named(Named::Enter));
    });
    assert_eq!(next.as_deref(), Some(PRICE_ID));
    // Enter keeps the item's sales price and goes on to the discount.
    let next = act(&mut h, |ui| {
        ui.click(iced_test::selector::id(PRICE_ID)).unwrap();
        ui.tap_key(Key::Named(Named::Enter));
    });
    assert_eq!(next.as_deref(), Some(DISCOUNT_ID));
    // The live total already counts the line: 3 × 19.99 = 59.97 + 6.00 tax.
    assert!(on_screen(&h, "$65.97"));
    let next = act(&mut h, |ui| {
        ui.click(iced_test::selector::id(DISCOUNT_ID)).unwrap();
        ui.tap_key(Key::Named(Named::Enter));
    });
    assert_eq!(next.as_deref(), Some(ITEM_ID), "a new line starts in the item field");
    assert_eq!(h.screen.trading().unwrap().entry.lines.len(), 1);
    assert!(h.store.voucher_counts().unwrap().0 == 0, "nothing is written before saving");

    act(&mut h, |ui| click_last(ui, "Save voucher"));

    let saved = h.store.voucher_by_number(&number("S", 1)).unwrap().expect("the sale is stored");
    assert_eq!(saved.customer_id, acme);
    assert_eq!(saved.lines.len(), 1);
    assert_eq!((saved.lines[0].quantity, saved.lines[0].unit_price), (dec!(3), dec!(19.99)));
    assert_eq!(saved.due_date, Some(today() + chrono::Days::new(30)));
    assert_eq!(receivable(&h), dec!(65.97));
    let trading = h.screen.trading().unwrap();
    assert!(trading.entry.lines.is_empty(), "the pane is cleared for the next voucher");
    assert_eq!(trading.ledger.page.entries.len(), 1);
    assert_eq!(trading.ledger.page.entries[0].number, saved.number);
    assert!(on_screen(&h, &format!("Saved {}: $65.97.", saved.number)));
    assert!(on_screen(&h, "Entries 1–1 of 1"));
    assert!(h.screen.profile().unwrap().has_transactions, "Delete is now refused");
}

#[test]
fn a_collection_lowers_the_balance() {
    let mut h = Harness::new(book);
    let acme = h.customer_named("Acme Trading").unwrap().id.unwrap();
    let sale = store_sale(&mut h.store, acme, dec!(3));
    open(&mut h, "Acme Trading");
    assert_eq!(receivable(&h), dec!(65.97));

    let next = act(&mut h, |ui| {
        ui.click("Collection").unwrap();
    });
    assert_eq!(next.as_deref(), Some(AMOUNT_ID));
    assert!(on_screen(&h, "Receivable balance now: $65.97"));
    act(&mut h, |ui| {
        type_into(ui, AMOUNT_ID, "40");
        type_into(ui, "trade:reference", "BANK-77");
    });
    act(&mut h, |ui| click_last(ui, "Save voucher"));

    let collection = h.store.voucher_by_number(&number("C", 1)).unwrap().expect("the collection is stored");
    assert_eq!((collection.amount, collection.reference.as_str()), (dec!(40), "BANK-77"));
    assert_eq!(receivable(&h), dec!(25.97));
    assert!(on_screen(&h, "$25.97"));
    let numbers: Vec<String> =
        h.screen.trading().unwrap().ledger.page.entries.iter().map(|e| e.number.clone()).collect();
    assert_eq!(numbers, [sale, collection.number]);
}

#[test]
fn a_collection_for_a_vendor_only_is_refused_with_the_reason() {
    let mut h = Harness::new(book);
    open(&mut h, "Supplier Ltd");
    assert_eq!(h.screen.trading().unwrap().entry.kind, VoucherKind::Purchase, "a vendor starts on purchases");

    act(&mut h, |ui| {
        ui.click("Collection").unwrap();
    });
    act(&mut h, |ui| type_into(ui, AMOUNT_ID, "10"));
    act(&mut h, |ui| click_last(ui, "Save voucher"));

    assert_eq!(h.store.voucher_counts().unwrap(), (0, 0), "nothing is written");
    let (_, message) = h.screen.trading().unwrap().notice().expect("the reason is shown").clone();
    assert!(message.contains("is a vendor only; a collection needs a customer"), "{message}");
    assert!(on_screen(&h, "is a vendor only; a collection needs a customer"));
    assert_eq!(h.screen.trading().unwrap().entry.amount, "10", "what was typed is kept for correcting");
}

#[test]
fn voiding_from_the_ledger_marks_the_row_and_restores_the_balance() {
    let mut h = Harness::new(book);
    let acme = h.customer_named("Acme Trading").unwrap().id.unwrap();
    let sale = store_sale(&mut h.store, acme, dec!(1));
    open(&mut h, "Acme Trading");
    assert_eq!(receivable(&h), dec!(21.99));

    // Clicking the row opens the voucher; Void asks before doing anything.
    act(&mut h, |ui| {
        ui.click(sale.as_str()).unwrap();
    });
    assert_eq!(h.screen.trading().unwrap().entry.editing.as_ref().map(|v| v.number.clone()), Some(sale.clone()));
    act(&mut h, |ui| click_last(ui, "Void"));
    assert!(h.screen.trading().unwrap().is_confirming_void());
    assert!(!h.store.voucher_by_number(&sale).unwrap().unwrap().voided, "not before confirming");

    act(&mut h, |ui| click_last(ui, "Void voucher"));
    assert!(h.store.voucher_by_number(&sale).unwrap().unwrap().voided);
    assert_eq!(receivable(&h), dec!(0));
    let row = &h.screen.trading().unwrap().ledger.page.entries[0];
    assert!(row.voided && row.balance.is_zero());
    assert!(on_screen(&h, "VOID"));
    assert!(on_screen(&h, "Voided"), "the pane shows the voucher as voided");
    assert!(!h.screen.trading().unwrap().entry.is_editable());
}

#[test]
fn a_long_ledger_pages_from_the_newest_entries() {
    let mut h = Harness::new(book);
    let acme = h.customer_named("Acme Trading").unwrap().id.unwrap();
    for _ in 0..45 {
        store_sale(&mut h.store, acme, dec!(1));
    }
    open(&mut h, "Acme Trading");
    assert!(on_screen(&h, "Entries 26–45 of 45"));
    let last = h.screen.trading().unwrap().ledger.page.entries.last().unwrap().clone();
    assert_eq!(last.balance, dec!(21.99) * Decimal::from(45));

    act(&mut h, |ui| {
        ui.click("◀ Earlier").unwrap();
    });
    assert!(on_screen(&h, "Entries 6–25 of 45"));
    let page = &h.screen.trading().unwrap().ledger.page;
    assert_eq!(page.opening, dec!(21.99) * Decimal::from(5), "the balance carried in from entries 1–5");

    // A period that holds nothing.
    act(&mut h, |ui| type_into(ui, "ledger:to", "2000-01-01"));
    assert!(on_screen(&h, "No vouchers in this period yet."));
    assert!(on_screen(&h, "Entries 0–0 of 0"));
}

/// Types a whole line from the keyboard: item, Enter, quantity, Enter, Enter, Enter.
fn type_line(h: &mut Harness, item: &str, quantity: &str) {
    act(h, |ui| {
        type_into(ui, ITEM_ID, item);
        ui.tap_key(Key::Named(Named::Enter));
    });
    act(h, |ui| {
        type_into(ui, QUANTITY_ID, quantity);
        ui.tap_key(Key::Named(Named::Enter));
    });
    act(h, |ui| {
        ui.click(iced_test::selector::id(DISCOUNT_ID)).unwrap();
        ui.tap_key(Key::Named(Named::Enter));
    });
}

#[test]
fn a_customer_opens_on_trading_and_the_profile_is_one_click_away() {
    let mut h = Harness::new(book);
    open(&mut h, "Acme Trading");
    assert_eq!(h.screen.page(), Page::Trading);
    let name_field = TextField::Name.id();
    assert!(h.look(|ui| ui.find(iced_test::selector::id(name_field.clone())).is_err()), "no form on Trading");
    assert!(on_screen(&h, "Save voucher"));

    act(&mut h, |ui| click_last(ui, "Profile & contacts"));
    assert_eq!(h.screen.page(), Page::Profile);
    assert!(h.look(|ui| ui.find(iced_test::selector::id(name_field.clone())).is_ok()));
    assert!(!on_screen(&h, "Save voucher"));
    // The page is kept when the clerk moves to another customer.
    open(&mut h, "Supplier Ltd");
    assert_eq!(h.screen.page(), Page::Profile);
}

#[test]
fn clicking_a_line_takes_it_back_into_the_fields_to_change_it() {
    let mut h = Harness::new(book);
    open(&mut h, "Acme Trading");
    type_line(&mut h, "w-1", "3");
    type_line(&mut h, "g-2", "2");
    assert_eq!(h.screen.trading().unwrap().entry.lines.len(), 2);

    let next = act(&mut h, |ui| click_last(ui, "W-1 Widget (pcs)"));
    assert_eq!(next.as_deref(), Some(QUANTITY_ID));
    let entry = &h.screen.trading().unwrap().entry;
    assert_eq!(entry.lines.len(), 1, "the line is in the fields, not in the grid");
    assert_eq!(entry.draft.quantity, "3");
    assert_eq!(entry.draft.price, "19.99");

    act(&mut h, |ui| {
        ui.click(iced_test::selector::id(QUANTITY_ID)).unwrap();
        ui.tap_key(Key::Named(Named::Backspace));
        let _ = ui.typewrite("5");
        ui.tap_key(Key::Named(Named::Enter));
    });
    act(&mut h, |ui| {
        ui.click(iced_test::selector::id(DISCOUNT_ID)).unwrap();
        ui.tap_key(Key::Named(Named::Enter));
    });
    let lines = &h.screen.trading().unwrap().entry.lines;
    let kept: Vec<(&str, Decimal)> = lines.iter().map(|l| (l.item_code.as_str(), l.quantity)).collect();
    assert_eq!(kept, [("W-1", dec!(5)), ("G-2", dec!(2))], "changed, and back in its place");
}

#[test]
fn leaving_a_customer_with_a_typed_voucher_asks_first() {
    let mut h = Harness::new(book);
    let acme = open(&mut h, "Acme Trading");
    let supplier = h.customer_named("Supplier Ltd").and_then(|c| c.id).unwrap();
    type_line(&mut h, "w-1", "2");

    h.send(Message::List(list::Message::RowClicked(supplier)));
    assert_eq!(h.screen.guard(), Some(Intent::Open(supplier)));
    assert_eq!(h.screen.guarded(), Some(Unsaved::Voucher));
    assert_eq!(h.screen.selected(), Some(acme), "nothing happens before the clerk answers");
    assert!(on_screen(&h, "Discard the unsaved voucher?"));
    act(&mut h, |ui| click_last(ui, "Cancel"));
    assert_eq!((h.screen.guard(), h.screen.selected()), (None, Some(acme)));
    assert_eq!(h.screen.trading().unwrap().entry.lines.len(), 1, "the typed line is still there");

    // Save voucher saves it and then goes on.
    h.send(Message::List(list::Message::RowClicked(supplier)));
    act(&mut h, |ui| click_last(ui, "Save voucher"));
    assert_eq!(h.screen.selected(), Some(supplier));
    assert_eq!(h.store.ledger(acme, None, None, None).unwrap().entries.len(), 1);

    // Discard drops it and goes on.
    open(&mut h, "Acme Trading");
    type_line(&mut h, "g-2", "1");
    h.send(Message::List(list::Message::RowClicked(supplier)));
    act(&mut h, |ui| click_last(ui, "Discard"));
    assert_eq!(h.screen.selected(), Some(supplier));
    assert_eq!(h.store.ledger(acme, None, None, None).unwrap().entries.len(), 1, "nothing more saved");
}

#[test]
fn tab_moves_between_fields_and_picks_the_item_on_the_way() {
    let press = crate::support::key_press;
    let tab = Key::Named(Named::Tab);
    assert_eq!(app::shortcut(&press(tab.clone(), Modifiers::empty())), Some(Shortcut::NextField));
    assert_eq!(app::shortcut(&press(tab, Modifiers::SHIFT)), Some(Shortcut::PreviousField));
    let enter = Key::Named(Named::Enter);
    assert_eq!(app::shortcut(&press(enter, Modifiers::COMMAND)), Some(Shortcut::SaveVoucher));

    let (_dir, mut app, _acme) = crate::support::app_with_first_customer(book);
    let entry_message = |m| app::Message::Customers(Message::Trading(trading::Message::Entry(m)));
    let item_field = Some(iced::widget::Id::new(ITEM_ID));

    let _ = app.update(entry_message(entry::Message::ItemText("widg".into())));
    let _ = app.update(app::Message::TabFrom(item_field.clone()));
    let entry = &app.customers().trading().unwrap().entry;
    assert_eq!(entry.draft.item.as_ref().map(|i| i.code.as_str()), Some("W-1"), "Tab picked the match");

    let _ = app.update(entry_message(entry::Message::ItemText("nothing like it".into())));
    let _ = app.update(app::Message::TabFrom(item_field));
    let entry = &app.customers().trading().unwrap().entry;
    assert!(entry.draft.item.is_none());
    assert!(entry.errors.iter().any(|e| e.message.contains("No active item")), "{:?}", entry.errors);
}

#[test]
fn an_opening_balance_is_entered_in_the_pane_and_counts_in_the_balance() {
    let mut h = Harness::new(book);
    let acme = open(&mut h, "Acme Trading");
    act(&mut h, |ui| click_last(ui, "Opening balance"));
    assert_eq!(h.screen.trading().unwrap().entry.kind, VoucherKind::Opening);

    // Neither amount: refused with the reason, nothing saved.
    act(&mut h, |ui| click_last(ui, "Save voucher"));
    assert!(on_screen(&h, "An opening balance needs a receivable or a payable"));
    assert_eq!(h.store.ledger(acme, None, None, None).unwrap().entries.len(), 0);

    act(&mut h, |ui| type_into(ui, AMOUNT_ID, "1250.50"));
    act(&mut h, |ui| click_last(ui, "Save voucher"));
    assert_eq!(receivable(&h), dec!(1250.50));
    let entries = h.store.ledger(acme, None, None, None).unwrap().entries;
    assert_eq!((entries.len(), entries[0].kind), (1, VoucherKind::Opening));

    // A payable for a customer-only record is refused by the store with a sentence. The pane
    // stays on opening balances after a save.
    assert_eq!(h.screen.trading().unwrap().entry.kind, VoucherKind::Opening);
    act(&mut h, |ui| type_into(ui, entry::PAYABLE_ID, "10"));
    act(&mut h, |ui| click_last(ui, "Save voucher"));
    assert!(on_screen(&h, "an opening payable needs a vendor"), "the role rule is explained");
    assert_eq!(h.store.ledger(acme, None, None, None).unwrap().entries.len(), 1);
}

#[test]
fn a_purchase_and_a_payment_typed_from_the_keyboard_move_the_payable() {
    let mut h = Harness::new(book);
    let supplier = open(&mut h, "Supplier Ltd");
    assert_eq!(h.screen.trading().unwrap().entry.kind, VoucherKind::Purchase);

    // 4 widgets at the purchase price 12.00 + 10% tax = 52.80; Ctrl+Enter sends Save.
    type_line(&mut h, "w-1", "4");
    assert_eq!(h.screen.trading().unwrap().entry.lines[0].unit_price, dec!(12));
    h.send(Message::Trading(trading::Message::Save));
    let purchase = h.store.voucher_by_number(&number("P", 1)).unwrap().expect("the purchase is stored");
    assert_eq!(purchase.customer_id, supplier);
    let payable = |h: &Harness| h.screen.trading().and_then(|t| t.summary()).unwrap().balance.payable;
    assert_eq!(payable(&h), dec!(52.80));

    // A payment applied to that purchase, picked in the drop-down.
    let next = act(&mut h, |ui| {
        ui.click("Payment").unwrap();
    });
    assert_eq!(next.as_deref(), Some(AMOUNT_ID));
    assert!(on_screen(&h, "Payable balance now: $52.80"));
    act(&mut h, |ui| type_into(ui, AMOUNT_ID, "20"));
    let invoice = h.screen.trading().unwrap().entry.choices[1].clone();
    h.send(Message::Trading(trading::Message::Entry(entry::Message::ApplyTo(invoice))));
    h.send(Message::Trading(trading::Message::Save));

    let payment = h.store.voucher_by_number(&number("Y", 1)).unwrap().expect("the payment is stored");
    assert_eq!((payment.amount, payment.applies_to.as_deref()), (dec!(20), Some(purchase.number.as_str())));
    assert_eq!(payable(&h), dec!(32.80));
    let numbers: Vec<String> =
        h.screen.trading().unwrap().ledger.page.entries.iter().map(|e| e.number.clone()).collect();
    assert_eq!(numbers, [purchase.number.clone(), payment.number]);
    let open = h.store.open_invoices(supplier, clientele::store::Side::Payable, today()).unwrap();
    assert_eq!(open.iter().map(|i| i.open).collect::<Vec<_>>(), [dec!(32.80)]);
}

/// Acme in Channel=Dealers, whose customers buy at level Wholesale (widget 15.00) with 5% off.
fn dealer_book(store: &mut Store) {
    book(store);
    store.ensure_group("Channel", "Dealers").unwrap();
    let mut acme = store.customer_by_code("C000001").unwrap().unwrap();
    acme.groups.insert("Channel".into(), "Dealers".into());
    store.update_customer(&acme).unwrap();
    store.add_price_level("Wholesale").unwrap();
    let widget = store.item_by_code("W-1").unwrap().unwrap().id.unwrap();
    store.set_level_price(widget, "Wholesale", Some(dec!(15))).unwrap();
    let terms = TermsSet { price_level: Some("Wholesale".into()), discount_pct: Some(dec!(5)), ..TermsSet::default() };
    store.set_group_terms("Channel", "Dealers", &terms).unwrap();
}

#[test]
fn the_customers_price_appears_when_the_item_is_picked_and_explains_itself() {
    let mut h = Harness::new(dealer_book);
    let acme = h.customer_named("Acme Trading").and_then(|c| c.id).unwrap();
    let mut earlier = Voucher::new(VoucherKind::Sale, acme, today() - chrono::Days::new(7));
    let widget = h.store.item_by_code("W-1").unwrap().unwrap();
    earlier.lines = vec![VoucherLine {
        item_id: widget.id.unwrap(),
        item_code: widget.code.clone(),
        item_name: widget.name.clone(),
        unit: widget.unit.clone(),
        quantity: dec!(1),
        unit_price: dec!(17),
        discount_pct: Decimal::ZERO,
        tax_rate: widget.tax_rate,
        price_basis: None,
    }];
    let earlier = h.store.save_voucher(&earlier).unwrap().voucher.number;
    open(&mut h, "Acme Trading");

    act(&mut h, |ui| {
        type_into(ui, ITEM_ID, "w-1");
        ui.tap_key(Key::Named(Named::Enter));
    });
    let resolved = h.screen.trading().unwrap().entry.draft.resolved.clone().expect("the price is resolved on picking");
    assert_eq!((resolved.unit_price, resolved.discount_pct), (dec!(15), dec!(5)));
    assert!(on_screen(&h, "$15.00 (price level), discount 5%, net $14.25"));
    assert!(!on_screen(&h, "no special price applies"), "the steps are folded away");

    act(&mut h, |ui| click_last(ui, "How?"));
    assert!(on_screen(&h, "Level Wholesale (from group Channel=Dealers): $15.00 — no special price applies"));

    let next = act(&mut h, |ui| {
        click_last(ui, &format!("Use last price $17.00 ({}, {earlier})", today() - chrono::Days::new(7)))
    });
    assert_eq!(next.as_deref(), Some(PRICE_ID));
    assert_eq!(h.screen.trading().unwrap().entry.draft.price, "17");
    // Enter through: the line takes the last price and the group's discount.
    act(&mut h, |ui| {
        ui.click(iced_test::selector::id(DISCOUNT_ID)).unwrap();
        ui.tap_key(Key::Named(Named::Enter));
    });
    let line = &h.screen.trading().unwrap().entry.lines[0];
    assert_eq!((line.unit_price, line.discount_pct), (dec!(17), dec!(5)));
    let basis = line.price_basis.as_ref().expect("the line keeps why it has the last price");
    assert_eq!(basis.source, PriceSource::Last);
    assert!(on_screen(&h, "Last price"), "the line names where its price came from");
}

#[test]
fn a_saved_line_keeps_how_its_price_was_found_after_the_rules_change() {
    let mut h = Harness::new(dealer_book);
    open(&mut h, "Acme Trading");
    type_line(&mut h, "w-1", "2");
    let line = h.screen.trading().unwrap().entry.lines[0].clone();
    assert_eq!(line.price_basis.as_ref().map(|b| b.source), Some(PriceSource::Level));
    assert!(
        on_screen(&h, "Level Wholesale (from group Channel=Dealers)"),
        "the entered line says where its price came from"
    );
    h.send(Message::Trading(trading::Message::Save));
    let sale = number("S", 1);
    assert_eq!(
        h.store.voucher_by_number(&sale).unwrap().unwrap().lines[0].price_basis,
        line.price_basis,
        "the explanation is saved with the line"
    );

    // The level's price changes; the saved sale keeps its price and still says why it was 15.00.
    let widget = h.store.item_by_code("W-1").unwrap().unwrap().id.unwrap();
    h.store.set_level_price(widget, "Wholesale", Some(dec!(12))).unwrap();
    act(&mut h, |ui| {
        ui.click(sale.as_str()).unwrap();
    });
    let reopened = &h.screen.trading().unwrap().entry;
    assert_eq!(reopened.editing.as_ref().map(|v| v.number.clone()), Some(sale.clone()));
    assert_eq!(reopened.lines[0].unit_price, dec!(15));
    assert!(!on_screen(&h, "no special price applies"), "the steps are folded away");
    act(&mut h, |ui| click_last(ui, "How?"));
    assert!(on_screen(&h, "Level Wholesale (from group Channel=Dealers): $15.00 — no special price applies"));

    // A typed price keeps no explanation of the customer's price.
    h.send(Message::Trading(trading::Message::NewVoucher));
    act(&mut h, |ui| {
        type_into(ui, ITEM_ID, "w-1");
        ui.tap_key(Key::Named(Named::Enter));
    });
    act(&mut h, |ui| type_into(ui, PRICE_ID, "13"));
    act(&mut h, |ui| {
        ui.click(iced_test::selector::id(DISCOUNT_ID)).unwrap();
        ui.tap_key(Key::Named(Named::Enter));
    });
    let typed = &h.screen.trading().unwrap().entry.lines[0];
    assert_eq!((typed.unit_price, typed.price_basis.is_none()), (dec!(13), true));
}

#[test]
fn a_warned_sale_asks_and_a_blocked_one_says_why() {
    let mut h = Harness::new(|store| {
        book(store);
        let mut acme = store.customer_by_code("C000001").unwrap().unwrap();
        acme.credit_limit = Some(dec!(50));
        acme.on_exceed = Some(OnExceed::Warn);
        store.update_customer(&acme).unwrap();
        store
            .insert_customer(&Customer {
                credit_limit: Some(dec!(10)),
                on_exceed: Some(OnExceed::Block),
                ..Customer::new("Careful Co")
            })
            .unwrap();
    });
    let acme = open(&mut h, "Acme Trading");
    assert!(on_screen(&h, "$0.00 of $50.00"), "the header shows the credit used before anything is typed");
    type_line(&mut h, "w-1", "3");
    act(&mut h, |ui| click_last(ui, "Save voucher"));
    let warning = h.screen.trading().unwrap().credit_warning().expect("the warning waits for an answer").to_string();
    assert!(
        warning.contains("Credit limit exceeded by $15.97 (limit $50.00; balance after this sale $65.97)"),
        "{warning}"
    );
    assert!(on_screen(&h, "Save anyway? The warning is kept with the voucher."));
    assert_eq!(h.store.voucher_counts().unwrap().0, 0, "nothing saved yet");
    act(&mut h, |ui| click_last(ui, "Save anyway"));
    assert_eq!(receivable(&h), dec!(65.97));
    assert!(on_screen(&h, "$65.97 of $50.00"));
    let number = h.screen.trading().unwrap().ledger.page.entries[0].voucher_id;
    let history = h.store.voucher_history(number).unwrap();
    assert!(history.iter().any(|e| e.action == "credit warning accepted"), "{history:?}");
    let _ = acme;

    let careful = open(&mut h, "Careful Co");
    type_line(&mut h, "g-2", "3");
    act(&mut h, |ui| click_last(ui, "Save voucher"));
    assert!(h.screen.trading().unwrap().credit_warning().is_none(), "a block is not a question");
    assert!(on_screen(
        &h,
        "Not saved: C000003 Careful Co: Credit limit exceeded by $5.00 (limit $10.00; balance after this sale $15.00)."
    ));
    assert_eq!(h.store.ledger(careful, None, None, None).unwrap().entries.len(), 0);
}

/// Acme on a 50 limit with a warning and Careful Co on a 10 limit with a block, each with a voided
/// sale of three widgets (65.97) entered before the limits were set; the sales' numbers.
fn voided_sales_over_the_limits(store: &mut Store) -> (String, String) {
    book(store);
    let careful = store.insert_customer(&Customer::new("Careful Co")).unwrap().id;
    let mut acme = store.customer_by_code("C000001").unwrap().unwrap();
    let warned = store_sale(store, acme.id.unwrap(), dec!(3));
    let blocked = store_sale(store, careful, dec!(3));
    store.void_voucher(&warned).unwrap();
    store.void_voucher(&blocked).unwrap();
    acme.credit_limit = Some(dec!(50));
    acme.on_exceed = Some(OnExceed::Warn);
    store.update_customer(&acme).unwrap();
    let mut careful = store.customer(careful).unwrap().unwrap();
    careful.credit_limit = Some(dec!(10));
    careful.on_exceed = Some(OnExceed::Block);
    store.update_customer(&careful).unwrap();
    (warned, blocked)
}

#[test]
fn a_voided_sale_is_restored_after_the_same_credit_question_as_a_save() {
    let mut numbers = None;
    let mut h = Harness::new(|store| numbers = Some(voided_sales_over_the_limits(store)));
    let (warned, blocked) = numbers.unwrap();
    open(&mut h, "Acme Trading");
    assert_eq!(receivable(&h), dec!(0));
    act(&mut h, |ui| {
        ui.click(warned.as_str()).unwrap();
    });
    assert!(on_screen(&h, "Voided"));
    act(&mut h, |ui| click_last(ui, trading::RESTORE_VOUCHER));
    let warning = h.screen.trading().unwrap().credit_warning().expect("the warning waits for an answer").to_string();
    assert!(
        warning.contains("Credit limit exceeded by $15.97 (limit $50.00; balance after this sale $65.97)"),
        "{warning}"
    );
    assert!(on_screen(&h, "Save anyway? The warning is kept with the voucher."));
    assert!(h.store.voucher_by_number(&warned).unwrap().unwrap().voided, "not before the clerk answers");

    act(&mut h, |ui| click_last(ui, "Save anyway"));
    assert!(h.screen.trading().unwrap().credit_warning().is_none());
    assert!(!h.store.voucher_by_number(&warned).unwrap().unwrap().voided);
    let conn = rusqlite::Connection::open(&h.path).unwrap();
    let kept: Option<String> =
        conn.query_row("SELECT credit_override FROM vouchers WHERE number = ?1", [&warned], |r| r.get(0)).unwrap();
    assert_eq!(kept.as_deref(), Some(warning.as_str()), "the accepted warning is kept on the voucher");
    assert_eq!(receivable(&h), dec!(65.97), "the balances are read again");
    assert!(on_screen(&h, "$65.97 of $50.00"));
    let row = &h.screen.trading().unwrap().ledger.page.entries[0];
    assert!(!row.voided && row.balance == dec!(65.97), "the ledger is read again");
    assert!(h.screen.trading().unwrap().entry.is_editable(), "the restored voucher can be changed again");
    assert!(on_screen(&h, &format!("Restored {warned}; it counts again.")));

    let careful = open(&mut h, "Careful Co");
    act(&mut h, |ui| {
        ui.click(blocked.as_str()).unwrap();
    });
    act(&mut h, |ui| click_last(ui, trading::RESTORE_VOUCHER));
    assert!(h.screen.trading().unwrap().credit_warning().is_none(), "a block is not a question");
    assert!(on_screen(
        &h,
        "Not restored: C000003 Careful Co: Credit limit exceeded by $55.97 (limit $10.00; balance after this sale $65.97)."
    ));
    assert!(h.store.voucher_by_number(&blocked).unwrap().unwrap().voided);
    assert_eq!(h.store.balance(careful).unwrap().receivable, dec!(0));
}

#[test]
fn item_matches_ask_to_be_brought_into_sight_as_they_open() {
    let mut h = Harness::new(book);
    open(&mut h, "Acme Trading");
    let typed = |h: &mut Harness, text: &str| {
        let message = Message::Trading(trading::Message::Entry(entry::Message::ItemText(text.into())));
        h.screen.update(message, &mut h.store)
    };
    let action = typed(&mut h, "wid");
    assert!(matches!(&action, Action::Reveal(id) if id == entry::MATCHES_ID), "{action:?}");
    let mut ui = simulator(h.screen.view(), TALL);
    assert!(ui.find(iced_test::selector::id(entry::MATCHES_ID)).is_ok(), "the matches stand in the container revealed");
    drop(ui);
    let action = typed(&mut h, "nothing like it");
    assert!(matches!(action, Action::None), "no matches, nothing to reveal: {action:?}");
}

#[test]
fn a_voucher_that_finds_the_book_busy_is_kept_and_tried_again() {
    let mut h = Harness::new(book);
    let acme = open(&mut h, "Acme Trading");
    type_line(&mut h, "w-1", "2");
    // Another program holds the book's write lock through the store's whole wait.
    let other = rusqlite::Connection::open(&h.path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let messages: Vec<Message> = {
        let mut ui = simulator(h.screen.view(), TALL);
        click_last(&mut ui, "Save voucher");
        ui.into_messages().collect()
    };
    let actions: Vec<Action> = messages.into_iter().map(|m| h.screen.update(m, &mut h.store)).collect();
    assert!(actions.contains(&Action::RetrySaveLater(acme)), "{actions:?}");
    assert!(on_screen(&h, "Not saved yet: another program is writing to the book"));
    assert!(on_screen(&h, "trying again in 3 seconds (1 of 3)"), "{:?}", h.screen.trading().unwrap().notice());
    assert_eq!(h.screen.trading().unwrap().entry.lines.len(), 1, "the voucher is kept on screen");

    // The other program finishes; the app's timer sends the retry, which saves.
    other.execute_batch("COMMIT").unwrap();
    h.send(Message::Trading(clientele::ui::customers::trading::Message::RetrySave(acme)));
    assert_eq!(h.store.voucher_counts().unwrap().0, 1, "saved on the retry");
    assert!(on_screen(&h, &format!("Saved {}", number("S", 1))));
    // A retry for a save that is done (or for another customer) does nothing.
    h.send(Message::Trading(clientele::ui::customers::trading::Message::RetrySave(acme)));
    assert_eq!(h.store.voucher_counts().unwrap().0, 1);
}

#[test]
fn a_voucher_changed_by_another_clerk_since_it_was_opened_is_not_saved_over() {
    let mut h = Harness::new(book);
    let acme = open(&mut h, "Acme Trading");
    let widget = h.store.item_by_code("W-1").unwrap().unwrap();
    let mut sale = Voucher::new(VoucherKind::Sale, acme, today());
    sale.lines = vec![VoucherLine {
        item_id: widget.id.unwrap(),
        item_code: widget.code.clone(),
        item_name: widget.name.clone(),
        unit: String::new(),
        quantity: dec!(1),
        unit_price: dec!(10),
        discount_pct: Decimal::ZERO,
        tax_rate: Decimal::ZERO,
        price_basis: None,
    }];
    let saved = h.store.save_voucher(&sale).unwrap().voucher;
    let id = saved.id.unwrap();
    let action =
        h.screen.update(Message::Trading(trading::Message::Ledger(trading::ledger::Message::Open(id))), &mut h.store);
    h.drive(action);

    // Another clerk changes the memo of the same voucher first.
    let mut other = Store::open(&h.path).unwrap();
    other.save_voucher(&Voucher { memo: "theirs".into(), ..saved.clone() }).unwrap();

    act(&mut h, |ui| type_into(ui, entry::MEMO_ID, "mine"));
    act(&mut h, |ui| click_last(ui, "Save changes"));
    let notice = h.screen.trading().unwrap().notice().map(|(_, m)| m.clone()).unwrap_or_default();
    assert!(notice.contains("after you opened it") && notice.contains("ledger"), "{notice}");
    assert_eq!(h.store.voucher(id).unwrap().unwrap().memo, "theirs", "their change stands");
    assert_eq!(h.screen.trading().unwrap().entry.memo, "mine", "what was typed stays in the pane");
}
