//! UI tests of the Prices tab's level-price grid and levels page: the real views driven with
//! iced_test, the effects checked in a real database and through the price resolver.

use crate::screen_support::{click_text, messages, new_store, shows, type_into, window};
use chrono::NaiveDate;
use clientele::domain::customer::Customer;
use clientele::domain::item::Item;
use clientele::domain::pricing::{PriceQuery, PriceSide, PriceSource};
use clientele::store::Store;
use clientele::ui::prices::{Action, Message, Page, Prices, grid, levels};
use iced_test::Simulator;
use iced_test::core::keyboard::key::Named;
use iced_test::selector;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tempfile::TempDir;

struct Book {
    _dir: TempDir,
    store: Store,
    prices: Prices,
}

impl Book {
    /// Three items (standard 100, 19.99 and 0.05), levels Retail and Wholesale, and `setup`.
    fn with(setup: impl FnOnce(&mut Store)) -> Book {
        let (dir, mut store) = new_store();
        for (code, name, price) in
            [("A-1", "Anvil", dec!(100)), ("B-2", "Bolt box", dec!(19.99)), ("C-3", "Clip", dec!(0.05))]
        {
            store.add_item(&Item { sales_price: price, ..Item::new(code, name) }).unwrap();
        }
        store.add_price_level("Retail").unwrap();
        store.add_price_level("Wholesale").unwrap();
        setup(&mut store);
        let prices = Prices::new(&store).expect("the prices tab loads");
        Book { _dir: dir, store, prices }
    }

    /// Draws the view, lets `act` click and type, then feeds every message back through `update`.
    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) -> Vec<Action> {
        let view = window(self.prices.view());
        messages(view, act).into_iter().map(|message| self.prices.update(message, &mut self.store)).collect()
    }

    fn send(&mut self, message: Message) -> Action {
        self.prices.update(message, &mut self.store)
    }

    fn shows(&self, needle: &str) -> bool {
        shows(&mut window(self.prices.view()), needle)
    }

    fn level_price(&self, item: &str, level: &str) -> Option<Decimal> {
        self.store
            .level_prices(None)
            .unwrap()
            .into_iter()
            .find(|row| row.item_code == item && row.level == level)
            .map(|row| row.price)
    }
}

fn on(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
}

#[test]
fn a_price_typed_into_a_cell_is_saved_by_enter_and_the_resolver_uses_it() {
    let mut book = Book::with(|store| {
        let dealer = Customer { price_level: "Wholesale".into(), ..Customer::new("Dealer") };
        store.insert_customer(&dealer).unwrap();
    });
    assert!(book.shows("Anvil") && book.shows("Wholesale"), "items down, levels across");

    book.round(|ui| type_into(ui, &grid::cell_id("A-1", "Wholesale"), "82.5"));
    assert_eq!(book.prices.grid().unsaved(), 1);
    assert!(book.shows("1 unsaved change"), "the clerk sees that a cell is typed but not saved");
    assert_eq!(book.level_price("A-1", "Wholesale"), None, "typing alone writes nothing");

    let actions = book.round(|ui| {
        ui.click(selector::id(grid::cell_id("A-1", "Wholesale"))).unwrap();
        let _ = ui.tap_key(Named::Enter);
    });
    assert!(actions.contains(&Action::Changed));
    assert_eq!(book.level_price("A-1", "Wholesale"), Some(dec!(82.5)));
    assert_eq!(book.prices.grid().unsaved(), 0);
    assert!(book.shows("1 level price was saved"));

    let dealer = book.store.customer(1).unwrap().expect("the dealer is in the book");
    let item = book.store.item_by_code("A-1").unwrap().unwrap();
    let query = PriceQuery { quantity: dec!(1), date: on("2026-11-02"), discount_override: None, use_last: false };
    let resolved = book.store.resolve_price(&dealer, item.id.unwrap(), PriceSide::Sales, &query).unwrap();
    assert_eq!((resolved.unit_price, resolved.source), (dec!(82.5), PriceSource::Level));
}

#[test]
fn a_bad_cell_is_marked_and_explained_and_nothing_is_written() {
    let mut book = Book::with(|_| {});
    book.round(|ui| {
        type_into(ui, &grid::cell_id("A-1", "Retail"), "90");
        type_into(ui, &grid::cell_id("B-2", "Wholesale"), "12,5x");
    });
    let actions = book.round(|ui| click_text(ui, "Save changes"));
    assert!(actions.iter().all(|a| *a == Action::None));
    let problem = book.prices.grid().problem().expect("a sentence says why");
    assert!(problem.starts_with("Nothing was saved. B-2 at Wholesale:"), "{problem}");
    assert!(problem.contains("is not an amount"), "{problem}");
    assert!(book.shows("Nothing was saved. B-2 at Wholesale"));
    assert_eq!(book.level_price("A-1", "Retail"), None, "the good cell waits with the bad one: all or nothing");
    assert_eq!(book.prices.grid().unsaved(), 2, "what was typed is kept to correct");
}

#[test]
fn emptying_a_cell_removes_the_level_price_so_the_standard_applies() {
    let mut book = Book::with(|store| {
        let anvil = store.item_by_code("A-1").unwrap().unwrap();
        store.set_level_price(anvil.id.unwrap(), "Retail", Some(dec!(95))).unwrap();
    });
    book.round(|ui| {
        ui.click(selector::id(grid::cell_id("A-1", "Retail"))).unwrap();
        let _ = ui.tap_key(Named::End);
        for _ in 0..5 {
            let _ = ui.tap_key(Named::Backspace);
        }
    });
    assert_eq!(book.prices.grid().unsaved(), 1);
    book.round(|ui| click_text(ui, "Save changes"));
    assert_eq!(book.level_price("A-1", "Retail"), None);
}

#[test]
fn typed_cells_survive_a_search_and_are_all_saved_together() {
    let mut book = Book::with(|_| {});
    book.round(|ui| type_into(ui, &grid::cell_id("C-3", "Retail"), "0.04"));
    book.round(|ui| type_into(ui, grid::SEARCH_ID, "anvil"));
    assert_eq!(book.prices.grid().grid().rows.len(), 1, "the search narrows the grid");
    book.round(|ui| type_into(ui, &grid::cell_id("A-1", "Retail"), "99"));
    assert_eq!(book.prices.grid().unsaved(), 2, "the clip's cell is kept although it is not on screen");
    book.round(|ui| click_text(ui, "Save changes"));
    assert_eq!(book.level_price("C-3", "Retail"), Some(dec!(0.04)));
    assert_eq!(book.level_price("A-1", "Retail"), Some(dec!(99)));
}

#[test]
fn a_bulk_change_sets_a_level_from_the_standard_price_after_a_confirmation() {
    let mut book = Book::with(|_| {});
    book.send(Message::Grid(grid::Message::BulkLevel("Wholesale".into())));
    book.round(|ui| type_into(ui, grid::PERCENT_ID, "-15"));
    book.round(|ui| click_text(ui, "Apply…"));
    assert!(book.shows("Set Wholesale to the standard price − 15 % for 3 items?"), "the clerk is asked first");
    assert_eq!(book.level_price("A-1", "Wholesale"), None, "nothing is written before the yes");

    let actions = book.round(|ui| click_text(ui, "Set prices"));
    assert!(actions.contains(&Action::Changed));
    assert_eq!(book.level_price("A-1", "Wholesale"), Some(dec!(85)));
    assert_eq!(book.level_price("B-2", "Wholesale"), Some(dec!(16.99)), "16.9915 rounds to cents");
    assert_eq!(book.level_price("C-3", "Wholesale"), Some(dec!(0.04)), "0.0425 rounds to cents");
    assert_eq!(book.level_price("A-1", "Retail"), None, "other levels are untouched");
    assert!(book.shows("Wholesale set to the standard price − 15 % for 3 items."));
}

#[test]
fn a_bulk_change_covers_only_the_items_the_search_matches() {
    let mut book = Book::with(|_| {});
    book.round(|ui| type_into(ui, grid::SEARCH_ID, "bolt"));
    book.round(|ui| {
        type_into(ui, grid::PERCENT_ID, "+10");
        ui.click(selector::id(grid::PERCENT_ID)).unwrap();
        let _ = ui.tap_key(Named::Enter);
    });
    assert!(book.shows("for 1 item?"));
    book.round(|ui| click_text(ui, "Set prices"));
    assert_eq!(book.level_price("B-2", "Retail"), Some(dec!(21.99)), "19.99 + 10 % = 21.989");
    assert_eq!(book.level_price("A-1", "Retail"), None);
}

#[test]
fn a_bulk_change_is_refused_while_cells_are_typed_or_the_percentage_is_wrong() {
    let mut book = Book::with(|_| {});
    book.round(|ui| type_into(ui, grid::PERCENT_ID, "-150"));
    book.round(|ui| click_text(ui, "Apply…"));
    assert!(book.prices.grid().problem().unwrap().contains("a price can go down by 100 % at most"));

    book.round(|ui| type_into(ui, &grid::cell_id("A-1", "Retail"), "1"));
    book.send(Message::Grid(grid::Message::BulkPercent("-10".into())));
    book.send(Message::Grid(grid::Message::BulkPreview));
    assert!(book.prices.grid().problem().unwrap().contains("Save or discard the typed cells first"));
    assert!(!book.shows("Set prices"), "no confirmation is offered");
}

#[test]
fn levels_are_added_renamed_and_reordered_and_the_grid_follows() {
    let mut book = Book::with(|store| {
        let anvil = store.item_by_code("A-1").unwrap().unwrap();
        store.set_level_price(anvil.id.unwrap(), "Wholesale", Some(dec!(80))).unwrap();
        store.insert_customer(&Customer { price_level: "Wholesale".into(), ..Customer::new("Dealer") }).unwrap();
    });
    book.round(|ui| click_text(ui, "Levels"));
    assert_eq!(book.prices.page(), Page::Levels);
    assert!(book.shows("1 customer · 0 group values · 1 item price"), "the wholesale level's use is shown");

    book.round(|ui| {
        type_into(ui, levels::NEW_LEVEL_ID, "Online");
        let _ = ui.tap_key(Named::Enter);
    });
    let names = |store: &Store| store.price_levels().unwrap().into_iter().map(|l| l.name).collect::<Vec<_>>();
    assert_eq!(names(&book.store), ["Retail", "Wholesale", "Online"]);

    // Rename Wholesale: its prices stay, and the customer naming it follows.
    let wholesale = book.store.price_levels().unwrap()[1].id;
    book.send(Message::Levels(levels::Message::Rename(wholesale)));
    book.round(|ui| {
        ui.click(selector::id(levels::RENAME_ID)).unwrap();
        for _ in 0..9 {
            let _ = ui.tap_key(Named::Backspace);
        }
        let _ = ui.typewrite("Trade");
        let _ = ui.tap_key(Named::Enter);
    });
    assert_eq!(names(&book.store), ["Retail", "Trade", "Online"]);
    assert_eq!(book.level_price("A-1", "Trade"), Some(dec!(80)));
    assert_eq!(book.store.customer(1).unwrap().unwrap().price_level, "Trade");

    // Move Online up twice: the first "↑ Up" enabled is Trade's, so send by id.
    let online = book.store.price_levels().unwrap()[2].id;
    book.send(Message::Levels(levels::Message::Move(online, -1)));
    book.send(Message::Levels(levels::Message::Move(online, -1)));
    assert_eq!(names(&book.store), ["Online", "Retail", "Trade"]);
    let columns: Vec<String> = book.prices.grid().grid().levels.iter().map(|l| l.name.clone()).collect();
    assert_eq!(columns, ["Online", "Retail", "Trade"], "the grid's columns follow the new order");

    // A duplicate name is refused with a sentence.
    book.round(|ui| {
        type_into(ui, levels::NEW_LEVEL_ID, "retail");
        let _ = ui.tap_key(Named::Enter);
    });
    let problem = book.prices.levels().problem().expect("refused");
    assert!(problem.contains("already exists"), "{problem}");
    assert_eq!(names(&book.store).len(), 3);
}

#[test]
fn closing_the_window_with_typed_prices_asks_first_once() {
    let mut book = Book::with(|_| {});
    book.round(|ui| type_into(ui, &grid::cell_id("A-1", "Retail"), "90"));
    book.send(Message::Page(Page::Levels));
    assert!(book.prices.hold_close(), "the first close waits");
    assert_eq!(book.prices.page(), Page::LevelPrices, "the grid is shown with its typed cells");
    assert!(book.prices.grid().problem().unwrap().contains("1 typed price is not saved"));
    assert!(!book.prices.hold_close(), "a second close goes through");
}
