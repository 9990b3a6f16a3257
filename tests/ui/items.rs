//! UI tests of the Items screen: the real view driven with iced_test, the effects checked in a real database.

use crate::screen_support::{click_text, messages, new_store, shows, type_into, window};
use chrono::NaiveDate;
use clientele::domain::customer::Customer;
use clientele::domain::item::Item;
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::Store;
use clientele::ui::items::form::Field;
use clientele::ui::items::{Action, Items, Message};
use iced_test::Simulator;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tempfile::TempDir;

struct Book {
    _dir: TempDir,
    store: Store,
    items: Items,
}

impl Book {
    fn with(setup: impl FnOnce(&mut Store)) -> Book {
        let (dir, mut store) = new_store();
        setup(&mut store);
        let items = Items::new(&store).expect("the items screen loads");
        Book { _dir: dir, store, items }
    }

    /// Draws the view, lets `act` click and type, then feeds every message back through `update`.
    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) -> Vec<Action> {
        let view = window(self.items.view());
        messages(view, act).into_iter().map(|message| self.items.update(message, &mut self.store)).collect()
    }

    fn shows(&self, needle: &str) -> bool {
        shows(&mut window(self.items.view()), needle)
    }
}

fn fill(ui: &mut Simulator<'_, Message>, code: &str, name: &str, sales: &str, tax: &str) {
    type_into(ui, Field::Code.id(), code);
    type_into(ui, Field::Name.id(), name);
    type_into(ui, Field::Unit.id(), "ea");
    type_into(ui, Field::SalesPrice.id(), sales);
    type_into(ui, Field::PurchasePrice.id(), "7.25");
    type_into(ui, Field::TaxRate.id(), tax);
}

#[test]
fn an_item_typed_into_the_form_is_saved_and_listed() {
    let mut book = Book::with(|_| {});
    assert!(book.shows("No items yet"));
    book.round(|ui| fill(ui, "W-100", "Steel widget", "1,250.5", "10"));
    let actions = book.round(|ui| click_text(ui, "Save"));
    assert_eq!(actions, [Action::Changed]);

    let stored = book.store.item_by_code("W-100").unwrap().expect("the item is in the database");
    assert_eq!(stored.name, "Steel widget");
    assert_eq!(stored.unit, "ea");
    assert_eq!(stored.sales_price, dec!(1250.5));
    assert_eq!(stored.purchase_price, dec!(7.25));
    assert_eq!(stored.tax_rate, dec!(10));
    assert!(stored.active);

    assert_eq!(book.items.rows().len(), 1);
    assert!(book.shows("Steel widget"), "the new item is in the list");
    assert!(book.shows("$1,250.50"), "its price is shown as money");
    assert!(book.shows("Item W-100 was added."));
    assert!(!book.items.is_dirty(), "the form now holds the saved item");
}

#[test]
fn a_bad_price_is_explained_beside_the_field_and_nothing_is_written() {
    let mut book = Book::with(|_| {});
    book.round(|ui| fill(ui, "W-1", "Widget", "12,5x", "10"));
    assert!(book.round(|ui| click_text(ui, "Save")).iter().all(|a| *a == Action::None));
    let error = book.items.error(Field::SalesPrice).expect("the sales price is marked");
    assert!(error.contains("is not a number"), "{error}");
    assert!(book.shows("is not a number"), "the sentence is on screen");
    assert!(book.shows("Nothing was saved"));
    assert_eq!(book.store.item_count().unwrap(), 0, "nothing was written");

    // Too many decimals and a tax over 100 are named too.
    let mut book = Book::with(|_| {});
    book.round(|ui| fill(ui, "W-1", "Widget", "1.23456", "150"));
    book.round(|ui| click_text(ui, "Save"));
    assert!(book.items.error(Field::SalesPrice).unwrap().contains("decimal places"));
    assert!(book.items.error(Field::TaxRate).unwrap().contains("between 0 and 100"));
    assert_eq!(book.store.item_count().unwrap(), 0);
}

#[test]
fn a_duplicate_code_is_refused_beside_the_code() {
    let mut book = Book::with(|store| {
        store.add_item(&Item::new("W-1", "Widget")).unwrap();
    });
    book.round(|ui| click_text(ui, "New"));
    book.round(|ui| fill(ui, "w-1", "Another", "1", "0"));
    book.round(|ui| click_text(ui, "Save"));
    assert!(book.items.error(Field::Code).unwrap().contains("already has the code"));
    assert_eq!(book.store.item_count().unwrap(), 1);
}

#[test]
fn an_item_on_a_voucher_cannot_be_deleted_but_can_be_deactivated() {
    let mut book = Book::with(|store| {
        let customer = store.insert_customer(&Customer::new("Acme")).unwrap();
        let widget = store.add_item(&Item { sales_price: dec!(10), ..Item::new("W-1", "Widget") }).unwrap();
        store.add_item(&Item::new("G-2", "Gadget")).unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let line = VoucherLine {
            item_id: widget.id.unwrap(),
            item_code: String::new(),
            item_name: String::new(),
            unit: String::new(),
            quantity: dec!(2),
            unit_price: dec!(10),
            discount_pct: Decimal::ZERO,
            tax_rate: Decimal::ZERO,
            price_basis: None,
        };
        store
            .save_voucher(&Voucher {
                lines: vec![line],
                due_date: Some(date),
                ..Voucher::new(VoucherKind::Sale, customer.id, date)
            })
            .unwrap();
    });
    book.round(|ui| click_text(ui, "Widget"));
    assert!(book.shows("Item W-1"), "the form opened the item");
    book.round(|ui| click_text(ui, "Delete"));
    assert!(book.items.problem().unwrap().contains("is on vouchers, so it cannot be deleted"));
    assert!(book.shows("Deactivate instead"));
    assert!(book.store.item_by_code("W-1").unwrap().is_some(), "the item is still there");

    assert_eq!(book.round(|ui| click_text(ui, "Deactivate instead")), [Action::Changed]);
    assert!(!book.store.item_by_code("W-1").unwrap().unwrap().active);
    assert!(!book.items.rows().iter().any(|i| i.code == "W-1"), "inactive items leave the list");
    book.round(|ui| {
        ui.click("Show inactive").expect("the toggle");
    });
    assert!(book.items.rows().iter().any(|i| i.code == "W-1"), "and come back when asked for");

    // An unused item is deleted after a confirmation.
    book.round(|ui| click_text(ui, "Gadget"));
    book.round(|ui| click_text(ui, "Delete"));
    assert!(book.store.item_by_code("G-2").unwrap().is_some(), "nothing is deleted before the confirmation");
    assert_eq!(book.round(|ui| click_text(ui, "Delete item")), [Action::Changed]);
    assert!(book.store.item_by_code("G-2").unwrap().is_none());
}

#[test]
fn the_search_narrows_the_list() {
    let mut book = Book::with(|store| {
        store.add_item(&Item::new("W-1", "Widget")).unwrap();
        store.add_item(&Item::new("G-2", "Gadget")).unwrap();
    });
    assert_eq!(book.items.rows().len(), 2);
    book.round(|ui| type_into(ui, clientele::ui::items::SEARCH_ID, "gad"));
    let codes: Vec<&str> = book.items.rows().iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["G-2"]);
}

#[test]
fn unsaved_changes_are_not_dropped_by_opening_another_item() {
    let mut book = Book::with(|store| {
        store.add_item(&Item::new("W-1", "Widget")).unwrap();
        store.add_item(&Item::new("G-2", "Gadget")).unwrap();
    });
    book.round(|ui| click_text(ui, "Widget"));
    book.round(|ui| type_into(ui, Field::Name.id(), " XL"));
    assert!(book.items.is_dirty());
    book.round(|ui| click_text(ui, "Gadget"));
    assert!(book.shows("This item has changes that are not saved"), "the clerk is asked first");
    assert!(book.shows("Item W-1"), "the form still holds the edited item");
    book.round(|ui| click_text(ui, "Keep editing"));
    assert!(book.items.is_dirty(), "the typed name is kept");
    book.round(|ui| click_text(ui, "Gadget"));
    book.round(|ui| click_text(ui, "Discard changes"));
    assert!(book.shows("Item G-2"), "the other item is open now");
    assert_eq!(book.store.item_by_code("W-1").unwrap().unwrap().name, "Widget", "nothing was written");
}
