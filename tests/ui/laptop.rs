//! Issue 15's keyboard and window flows: Ctrl+Enter from the empty item field, a due date that
//! follows changed terms, messages that go when they no longer hold, and a close that names
//! unsaved work on every screen.

use crate::support::{Harness, app_with_first_customer, click_last, key_press, type_into};
use chrono::{Days, Local, NaiveDate};
use clientele::domain::Customer;
use clientele::domain::item::Item;
use clientele::store::Store;
use clientele::ui::app::{self, App, Shortcut, Tab, window_shortcut};
use clientele::ui::closing::Unsaved;
use clientele::ui::customers::Message;
use clientele::ui::customers::form::TextField;
use clientele::ui::customers::trading::{self, entry};
use clientele::ui::{alerts, settings};
use iced::event::Status;
use iced::keyboard::{Key, Modifiers, key::Named};
use rust_decimal_macros::dec;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Acme on 30 days, and one widget at 19.99.
fn book(store: &mut Store) {
    store.insert_customer(&Customer { payment_terms_days: Some(30), ..Customer::new("Acme Trading") }).unwrap();
    store.add_item(&Item { sales_price: dec!(19.99), ..Item::new("W-1", "Widget") }).unwrap();
}

fn entry_message(message: entry::Message) -> app::Message {
    app::Message::Customers(Message::Trading(trading::Message::Entry(message)))
}

/// Types one line as the keyboard would: item, Enter, quantity, Enter through to the line's end.
fn type_line(app: &mut App, item: &str, quantity: &str) {
    let _ = app.update(entry_message(entry::Message::ItemText(item.into())));
    let _ = app.update(entry_message(entry::Message::ItemSubmit));
    let _ = app.update(entry_message(entry::Message::Quantity(quantity.into())));
    let _ = app.update(entry_message(entry::Message::AddLine));
}

#[test]
fn ctrl_enter_saves_even_where_the_field_took_the_enter() {
    let ctrl_enter = key_press(Key::Named(Named::Enter), Modifiers::COMMAND);
    let enter = key_press(Key::Named(Named::Enter), Modifiers::empty());
    // The empty item field submits on Enter and so captures the key; Ctrl+Enter still saves.
    assert_eq!(window_shortcut(&ctrl_enter, Status::Captured), Some(Shortcut::SaveVoucher));
    assert_eq!(window_shortcut(&ctrl_enter, Status::Ignored), Some(Shortcut::SaveVoucher));
    // A plain Enter a field took stays the field's: it must not also open a list row.
    assert_eq!(window_shortcut(&enter, Status::Captured), None);
    assert_eq!(window_shortcut(&enter, Status::Ignored), Some(Shortcut::Enter));

    let (dir, mut app, acme) = app_with_first_customer(book);
    type_line(&mut app, "W-1", "3");
    type_line(&mut app, "W-1", "2");
    let entry = &app.customers().trading().unwrap().entry;
    assert_eq!(entry.lines.len(), 2, "{:?}", entry.errors);
    assert!(entry.draft.item_text.is_empty(), "focus is back in the empty item field");

    let _ = app.update(app::Message::Shortcut(window_shortcut(&ctrl_enter, Status::Captured).unwrap()));
    let balance = Store::open(&dir.path().join("book.db")).unwrap().balance(acme).unwrap();
    assert_eq!(balance.receivable, dec!(99.95), "five widgets at 19.99 were saved");
}

/// The Customers screen in a tall window, Acme open on its Trading page.
fn acme_open() -> (Harness, i64) {
    let mut h = Harness::new(book);
    h.tall = true;
    let acme = h.customer_named("Acme Trading").unwrap().id.unwrap();
    let action = h.screen.open(acme, &h.store);
    h.drive(action);
    (h, acme)
}

/// One widget on the voucher, as item, Enter, Enter would add it.
fn add_a_widget(h: &mut Harness) {
    for message in [entry::Message::ItemText("W-1".into()), entry::Message::ItemSubmit, entry::Message::AddLine] {
        h.send(Message::Trading(trading::Message::Entry(message)));
    }
}

#[test]
fn an_untyped_due_date_follows_terms_changed_while_the_voucher_is_open() {
    let (mut h, acme) = acme_open();
    let due = |h: &Harness| h.screen.trading().unwrap().entry.due.clone();
    assert_eq!(due(&h), today().checked_add_days(Days::new(30)).unwrap().to_string());

    add_a_widget(&mut h);

    // The clerk changes the terms on the profile page and comes back to the open sale.
    h.interact(|ui| click_last(ui, "Profile & contacts"));
    h.interact(|ui| {
        // The click leaves the cursor after "30": one more 0 makes it 300 days.
        type_into(ui, &TextField::PaymentTerms.id(), "0");
        ui.click("Save").map(|_| ()).unwrap();
    });
    assert_eq!(h.store.customer(acme).unwrap().unwrap().payment_terms_days, Some(300));
    h.interact(|ui| click_last(ui, "Trading"));
    let due_then = today().checked_add_days(Days::new(300)).unwrap();
    assert_eq!(due(&h), due_then.to_string(), "the shown due date followed the terms");

    h.send(Message::Trading(trading::Message::Save));
    let ledger = h.store.ledger(acme, None, None, None).unwrap();
    let number = &ledger.entries.last().expect("the sale was saved").number;
    let saved = h.store.voucher_by_number(number).unwrap().unwrap();
    assert_eq!(saved.due_date, Some(due_then));
}

#[test]
fn a_save_message_goes_once_the_voucher_or_the_tab_changes() {
    let (_dir, mut app, _acme) = app_with_first_customer(book);
    type_line(&mut app, "W-1", "1");
    let _ = app.update(app::Message::Customers(Message::Trading(trading::Message::Save)));
    let notice = |app: &App| app.customers().trading().unwrap().notice().map(|(_, said)| said.clone());
    assert!(notice(&app).is_some_and(|said| said.starts_with("Saved")), "{:?}", notice(&app));

    let _ = app.update(entry_message(entry::Message::ItemText("W".into())));
    assert_eq!(notice(&app), None, "typing the next voucher puts the old message away");

    type_line(&mut app, "W-1", "1");
    let _ = app.update(app::Message::Customers(Message::Trading(trading::Message::Save)));
    assert!(notice(&app).is_some());
    let _ = app.update(app::Message::Tab(Tab::Items));
    let _ = app.update(app::Message::Tab(Tab::Customers));
    assert_eq!(notice(&app), None, "a message about the last save does not wait across tabs");
}

#[test]
fn closing_names_unsaved_work_on_another_screen_and_keeps_it_on_request() {
    let (_dir, mut app, _acme) = app_with_first_customer(book);
    let _ = app.update(app::Message::Tab(Tab::Settings));
    let _ = app.update(app::Message::Settings(settings::Message::Company(settings::company::Message::NameChanged(
        "Hanbit Trading".into(),
    ))));
    let _ = app.update(app::Message::Tab(Tab::Customers));

    let _ = app.update(app::Message::CloseRequested);
    assert_eq!(app.closing(), Some(Unsaved { tab: Tab::Settings, what: "Company settings" }));
    assert_eq!(app.tab(), Tab::Settings, "the screen with the work is shown under the question");

    let _ = app.update(app::Message::CloseCancelled);
    assert_eq!(app.closing(), None);
    assert_eq!(app.unsaved_elsewhere().map(|u| u.what), Some("Company settings"), "the typed name is kept");

    // An alert rule being typed is named too.
    let _ = app.update(app::Message::Settings(settings::Message::Company(settings::company::Message::Save)));
    assert_eq!(app.unsaved_elsewhere(), None, "saved work is not asked about");
    let _ = app.update(app::Message::Alerts(alerts::Message::NewRule));
    assert_eq!(app.unsaved_elsewhere(), None, "a rule opened and not touched loses nothing");
    let _ = app.update(app::Message::Alerts(alerts::Message::Editor(alerts::editor::Message::Name("Big week".into()))));
    let _ = app.update(app::Message::CloseRequested);
    assert_eq!(app.closing(), Some(Unsaved { tab: Tab::Alerts, what: "An alert rule" }));
}

#[test]
fn a_save_message_stands_beside_save_and_moves_nothing() {
    let (mut h, _acme) = acme_open();
    let save_at = |h: &Harness| {
        h.look(|ui| crate::support::texts(ui, |t| t == "Save voucher")).pop().expect("Save voucher is shown").1
    };
    let before = save_at(&h);

    add_a_widget(&mut h);
    h.send(Message::Trading(trading::Message::Save));
    let said = h.screen.trading().unwrap().notice().expect("the save is reported").1.clone();
    assert!(said.starts_with("Saved S-"), "{said}");
    assert!(h.look(|ui| !crate::support::texts(ui, |t| t == said).is_empty()), "the outcome is on screen");

    let after = save_at(&h);
    assert_eq!((after.x, after.y), (before.x, before.y), "Save stays under the pointer");
}

#[test]
fn a_quantity_the_voucher_could_not_hold_is_refused_at_its_field() {
    let (_dir, mut app, _acme) = app_with_first_customer(book);
    let _ = app.update(entry_message(entry::Message::ItemText("W-1".into())));
    let _ = app.update(entry_message(entry::Message::ItemSubmit));
    let _ = app.update(entry_message(entry::Message::Quantity("9999999999999".into())));
    let _ = app.update(entry_message(entry::Message::AddLine));
    let entry = &app.customers().trading().unwrap().entry;
    assert!(entry.lines.is_empty(), "the line is not added");
    assert_eq!(entry.line_problem_at, Some(entry::QUANTITY_ID), "the quantity is outlined, not the item");
    let said = &entry.errors.iter().find(|e| e.field == "line").expect("the line's problem is said").message;
    assert!(said.starts_with("Quantity × price is more than"), "{said}");

    // A quantity of 0 is refused the same way, before any save.
    let _ = app.update(entry_message(entry::Message::Quantity("0".into())));
    let _ = app.update(entry_message(entry::Message::AddLine));
    let entry = &app.customers().trading().unwrap().entry;
    assert_eq!(entry.line_problem_at, Some(entry::QUANTITY_ID));
    assert!(entry.errors.iter().any(|e| e.message == "The quantity must be more than 0."), "{:?}", entry.errors);

    // Fixing it clears the outline and adds the line.
    let _ = app.update(entry_message(entry::Message::Quantity("2".into())));
    assert_eq!(app.customers().trading().unwrap().entry.line_problem_at, None);
    let _ = app.update(entry_message(entry::Message::AddLine));
    assert_eq!(app.customers().trading().unwrap().entry.lines.len(), 1);
}

#[test]
fn a_date_that_is_no_day_is_said_at_its_field_as_soon_as_it_is_whole() {
    let (_dir, mut app, _acme) = app_with_first_customer(book);
    let problem = |app: &App, field: &str| {
        let entry = &app.customers().trading().unwrap().entry;
        entry.errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
    };
    // Typing it character by character says nothing until the date is whole.
    for typed in ["2", "2026", "2026-02", "2026-02-3"] {
        let _ = app.update(entry_message(entry::Message::Date(typed.into())));
        assert_eq!(problem(&app, "date"), None, "{typed}");
    }
    let _ = app.update(entry_message(entry::Message::Date("2026-02-30".into())));
    let said = problem(&app, "date").expect("the field says it at once");
    assert!(said.contains("February 2026 has 28 days"), "{said}");
    // Fixing it clears it; a due date has the same check.
    let _ = app.update(entry_message(entry::Message::Date("2026-02-28".into())));
    assert_eq!(problem(&app, "date"), None);
    let _ = app.update(entry_message(entry::Message::Due("2026-13-01".into())));
    assert!(problem(&app, "due_date").is_some_and(|m| m.contains("there is no month 13")));
}
