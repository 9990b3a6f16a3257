//! UI tests of the Special prices page: the real view driven with iced_test, the effects checked in a real database.

use crate::screen_support::{click_text, count, day, messages, new_store, type_into, window};
use chrono::NaiveDate;
use clientele::domain::customer::{Customer, Role};
use clientele::domain::item::Item;
use clientele::domain::pricing::{PartyPrice, PriceSide, SpecialPrice};
use clientele::store::Store;
use clientele::ui::prices::specials::form::Field;
use clientele::ui::prices::specials::picker::Slot;
use clientele::ui::prices::specials::{Action, Message, Specials};
use iced_test::Simulator;
use iced_test::core::keyboard::key::Named;
use iced_test::selector;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tempfile::TempDir;

/// Acme and Bee (customers), Supplier (a vendor); a widget and a gadget.
struct Book {
    _dir: TempDir,
    store: Store,
    page: Specials,
    acme: i64,
    bee: i64,
    supplier: i64,
    widget: i64,
    gadget: i64,
}

impl Book {
    fn with(setup: impl FnOnce(&mut Book)) -> Book {
        let (dir, mut store) = new_store();
        let acme = store.insert_customer(&Customer::new("Acme Trading")).unwrap().id;
        let bee = store.insert_customer(&Customer::new("Bee Stores")).unwrap().id;
        let supplier =
            store.insert_customer(&Customer { role: Role::Vendor, ..Customer::new("Supplier Ltd") }).unwrap().id;
        let widget = store.add_item(&Item::new("W-1", "Widget")).unwrap().id.unwrap();
        let gadget = store.add_item(&Item::new("G-1", "Gadget")).unwrap().id.unwrap();
        let page = Specials::new(&store).expect("the page loads");
        let mut book = Book { _dir: dir, store, page, acme, bee, supplier, widget, gadget };
        setup(&mut book);
        book.page.set_today(day(2026, 3, 1));
        book.page.refresh(&book.store);
        book
    }

    fn add(&mut self, customer_id: i64, item_id: i64, price: Decimal) -> i64 {
        self.add_dated(customer_id, item_id, price, None, None)
    }

    fn add_dated(
        &mut self,
        customer_id: i64,
        item_id: i64,
        price: Decimal,
        valid_from: Option<NaiveDate>,
        valid_to: Option<NaiveDate>,
    ) -> i64 {
        let special = SpecialPrice { id: 0, price, min_quantity: None, valid_from, valid_to };
        self.store
            .add_special_price(&PartyPrice { customer_id, item_id, side: PriceSide::Sales, special })
            .expect("a valid special price")
    }

    /// Draws the view, lets `act` click and type, then feeds every message back through `update`.
    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) -> Vec<Action> {
        let view = window(self.page.view());
        messages(view, act).into_iter().map(|message| self.page.update(message, &mut self.store)).collect()
    }

    /// How many texts on screen contain `needle`.
    fn count(&self, needle: &str) -> usize {
        count(&mut window(self.page.view()), needle)
    }

    fn shows(&self, needle: &str) -> bool {
        self.count(needle) > 0
    }

    fn stored(&self) -> Vec<PartyPrice> {
        self.store.special_prices(None, None).unwrap().into_iter().map(|row| row.price).collect()
    }
}

/// Empties an input (clicked, cursor to the end, backspaced) and types `text` in its place.
fn retype<M>(ui: &mut Simulator<'_, M>, id: &str, old_len: usize, text: &str) {
    ui.click(selector::id(id.to_string())).unwrap_or_else(|e| panic!("no input #{id}: {e}"));
    let _ = ui.tap_key(Named::End);
    for _ in 0..old_len {
        let _ = ui.tap_key(Named::Backspace);
    }
    let _ = ui.typewrite(text);
}

/// Presses the × beside a box.
fn clear<M>(ui: &mut Simulator<'_, M>, slot: Slot) {
    ui.click(selector::id(slot.clear_id())).unwrap_or_else(|e| panic!("no clear button for {slot:?}: {e}"));
}

/// Types into a box, then clicks its first suggestion.
fn choose(book: &mut Book, slot: Slot, typed: &str) {
    book.round(|ui| type_into(ui, slot.id(), typed));
    book.round(|ui| {
        ui.click(selector::id(slot.suggestion_id(0))).unwrap_or_else(|e| panic!("no suggestion under {slot:?}: {e}"));
    });
}

#[test]
fn a_special_price_is_added_for_a_customer_chosen_from_the_suggestions() {
    let mut book = Book::with(|_| {});
    assert!(book.shows("No special prices yet"));

    book.round(|ui| type_into(ui, Slot::FilterCustomer.id(), "acme"));
    assert!(book.shows("Acme Trading"), "the customer is suggested under the box");
    assert!(!book.shows("Bee Stores"), "others are not");
    book.round(|ui| {
        ui.click(selector::id(Slot::FilterCustomer.suggestion_id(0))).expect("the suggestion");
    });
    assert_eq!(book.page.draft().customer.chosen.as_ref().map(|c| c.id), Some(book.acme), "the form takes it too");
    assert!(!book.page.is_dirty(), "choosing what to list is not an unsaved change");

    choose(&mut book, Slot::FormItem, "wid");
    assert_eq!(book.page.draft().item.chosen.as_ref().map(|c| c.id), Some(book.widget));
    book.round(|ui| {
        type_into(ui, Field::Price.id(), "1,250.5");
        type_into(ui, Field::MinQuantity.id(), "10");
        type_into(ui, Field::ValidTo.id(), "2026-12-31");
    });
    let actions = book.round(|ui| click_text(ui, "Save"));
    assert_eq!(actions, [Action::Changed]);

    let stored = book.stored();
    assert_eq!(stored.len(), 1, "one special price is in the database");
    let price = &stored[0];
    assert_eq!((price.customer_id, price.item_id, price.side), (book.acme, book.widget, PriceSide::Sales));
    assert_eq!(price.special.price, dec!(1250.5));
    assert_eq!(price.special.min_quantity, Some(dec!(10)));
    assert_eq!((price.special.valid_from, price.special.valid_to), (None, Some(day(2026, 12, 31))));

    assert_eq!(book.page.rows().len(), 1);
    assert!(book.shows("$1,250.50"), "its price is listed as money");
    assert!(book.shows(&format!("Special price #{} was added.", price.special.id)));
    assert_eq!(book.page.selected(), Some(price.special.id), "the form now holds the saved price");
    assert!(!book.page.is_dirty());
}

#[test]
fn a_vendors_price_starts_as_a_purchase_price() {
    let mut book = Book::with(|_| {});
    choose(&mut book, Slot::FormCustomer, "supplier");
    choose(&mut book, Slot::FormItem, "G-1");
    book.round(|ui| type_into(ui, Field::Price.id(), "3"));
    assert_eq!(book.round(|ui| click_text(ui, "Save")), [Action::Changed]);
    let stored = book.stored();
    assert_eq!((stored[0].customer_id, stored[0].item_id), (book.supplier, book.gadget));
    assert_eq!(stored[0].side, PriceSide::Purchase);
}

#[test]
fn a_listed_price_is_opened_changed_and_saved() {
    let mut book = Book::with(|book| {
        book.add(book.acme, book.widget, dec!(80));
        book.add(book.bee, book.gadget, dec!(9));
    });
    assert_eq!(book.page.rows().len(), 2, "with nothing chosen every special price is listed");
    book.round(|ui| click_text(ui, "$80.00"));
    assert!(book.shows("Special price #1"), "the form opened it");
    assert_eq!(book.page.draft().price, "80.00");
    book.round(|ui| retype(ui, Field::Price.id(), "80.00".len(), "75.25"));
    book.round(|ui| type_into(ui, Field::MinQuantity.id(), "4"));
    assert!(book.page.is_dirty());
    assert_eq!(book.round(|ui| click_text(ui, "Save")), [Action::Changed]);

    let stored = book.stored();
    assert_eq!(stored.len(), 2, "saving an opened price adds none");
    let changed = stored.iter().find(|p| p.special.id == 1).unwrap();
    assert_eq!((changed.special.price, changed.special.min_quantity), (dec!(75.25), Some(dec!(4))));
    assert_eq!((changed.customer_id, changed.item_id), (book.acme, book.widget), "still Acme's widget");
    assert_eq!(stored.iter().find(|p| p.special.id == 2).unwrap().special.price, dec!(9), "the other is untouched");
    assert!(book.shows("$75.25"));
    assert!(book.shows("Special price #1 was saved."));
}

#[test]
fn choosing_an_item_narrows_the_list_and_the_cross_widens_it_again() {
    let mut book = Book::with(|book| {
        book.add(book.acme, book.widget, dec!(80));
        book.add(book.bee, book.widget, dec!(81));
        book.add(book.bee, book.gadget, dec!(9));
    });
    choose(&mut book, Slot::FilterItem, "gad");
    let ids: Vec<i64> = book.page.rows().iter().map(|line| line.id()).collect();
    assert_eq!(ids, [3]);
    assert!(book.shows("1 special price"));
    let actions = book.round(|ui| clear(ui, Slot::FilterItem));
    assert!(actions.iter().all(|a| *a == Action::None), "narrowing changes nothing stored");
    assert_eq!(book.page.rows().len(), 3);
    assert!(book.page.draft().item.chosen.is_some(), "the new price's item, taken from the filter, stays");
}

#[test]
fn a_bad_date_is_explained_under_its_field_and_nothing_is_written() {
    let mut book = Book::with(|_| {});
    choose(&mut book, Slot::FormCustomer, "acme");
    choose(&mut book, Slot::FormItem, "W-1");
    book.round(|ui| {
        type_into(ui, Field::Price.id(), "12");
        type_into(ui, Field::ValidFrom.id(), "2026-02-30");
    });
    assert!(book.round(|ui| click_text(ui, "Save")).iter().all(|a| *a == Action::None));
    let error = book.page.error(Field::ValidFrom).expect("the date is marked");
    assert!(error.contains("\u{201c}2026-02-30\u{201d} is not a date: February 2026 has 28 days"), "{error}");
    assert!(book.shows("is not a date"), "the sentence is on screen");
    assert!(book.shows("Nothing was saved"));
    assert!(book.stored().is_empty(), "nothing was written");

    // A real date, but after the end: refused beside the end.
    book.round(|ui| {
        retype(ui, Field::ValidFrom.id(), "2026-02-30".len(), "2026-05-01");
        type_into(ui, Field::ValidTo.id(), "2026-04-01");
    });
    book.round(|ui| click_text(ui, "Save"));
    assert_eq!(book.page.error(Field::ValidFrom), None);
    let error = book.page.error(Field::ValidTo).expect("the end is marked");
    assert_eq!(error, "The price ends (2026-04-01) before it starts (2026-05-01).");
    assert!(book.shows("before it starts"));
    assert!(book.stored().is_empty(), "still nothing written");

    // No customer picked: said, not guessed.
    book.round(|ui| clear(ui, Slot::FormCustomer));
    book.round(|ui| click_text(ui, "Save"));
    assert!(book.page.error(Field::Customer).unwrap().starts_with("Choose the customer"));
    assert!(book.stored().is_empty());
}

#[test]
fn delete_asks_first_then_removes_the_price() {
    let mut book = Book::with(|book| {
        book.add(book.acme, book.widget, dec!(80));
        book.add(book.acme, book.gadget, dec!(9));
    });
    book.round(|ui| click_text(ui, "$80.00"));
    assert!(book.round(|ui| click_text(ui, "Delete")).iter().all(|a| *a == Action::None));
    assert!(book.shows("Delete special price #1 for good?"), "the clerk is asked");
    assert_eq!(book.stored().len(), 2, "nothing is deleted before the confirmation");
    book.round(|ui| click_text(ui, "Cancel"));
    assert_eq!(book.stored().len(), 2);

    book.round(|ui| click_text(ui, "Delete"));
    assert_eq!(book.round(|ui| click_text(ui, "Delete special price")), [Action::Changed]);
    let left: Vec<i64> = book.stored().iter().map(|p| p.special.id).collect();
    assert_eq!(left, [2]);
    assert_eq!(book.page.rows().len(), 1);
    assert!(book.shows("Special price #1 was deleted."));
    assert!(book.shows("New special price"), "the form is empty again");
}

#[test]
fn the_status_says_expired_and_not_yet_valid_against_today() {
    let mut book = Book::with(|book| {
        book.add_dated(book.acme, book.widget, dec!(70), None, Some(day(2026, 2, 28)));
        book.add_dated(book.acme, book.gadget, dec!(71), Some(day(2026, 4, 1)), None);
        book.add_dated(book.bee, book.widget, dec!(72), Some(day(2026, 3, 1)), Some(day(2026, 3, 1)));
    });
    // Today is 2026-03-01 (set by the book).
    assert_eq!(book.count("Expired"), 1);
    assert_eq!(book.count("Not yet valid"), 1);
    book.page.set_today(day(2026, 3, 2));
    assert_eq!(book.count("Expired"), 2, "the one-day price has ended the next day");
    assert!(book.shows("2026-02-28"), "the dates are listed");
}

#[test]
fn a_long_list_is_capped_with_a_note_to_narrow_it() {
    let mut book = Book::with(|book| {
        for n in 0..301 {
            book.add(book.acme, book.widget, Decimal::from(n + 1));
        }
        book.add(book.bee, book.gadget, dec!(5));
    });
    assert_eq!(book.page.rows().len(), 300);
    assert!(book.shows("narrow by customer or item"));
    choose(&mut book, Slot::FilterCustomer, "bee");
    assert_eq!(book.page.rows().len(), 1);
    assert!(!book.shows("narrow by customer or item"));
}
