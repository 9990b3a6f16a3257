//! The level-price grid in the store: many cells in one transaction, and the bulk change from the standard price.

use clientele::domain::item::Item;
use clientele::store::{LevelPriceChange, Store, StoreError};
use rust_decimal_macros::dec;

fn book() -> (Store, i64, i64) {
    let mut store = crate::test_book().unwrap();
    let anvil = store.add_item(&Item { sales_price: dec!(100), ..Item::new("A-1", "Anvil") }).unwrap().id.unwrap();
    let bolt = store.add_item(&Item { sales_price: dec!(3.335), ..Item::new("B-2", "Bolt") }).unwrap().id.unwrap();
    store.add_price_level("Retail").unwrap();
    (store, anvil, bolt)
}

#[test]
fn a_refused_cell_writes_none_of_the_others() {
    let (mut store, anvil, bolt) = book();
    let level = store.price_levels().unwrap()[0].id;
    let changes = [
        LevelPriceChange { item_id: anvil, level_id: level, price: Some(dec!(90)) },
        LevelPriceChange { item_id: bolt, level_id: level, price: Some(dec!(-1)) },
    ];
    let refused = store.set_level_prices(&changes).unwrap_err();
    assert!(matches!(&refused, StoreError::Invalid(_)), "{refused}");
    assert!(refused.to_string().contains("must not be negative"), "{refused}");
    assert!(store.level_prices(None).unwrap().is_empty(), "the good cell was rolled back with the bad one");

    store.set_level_prices(&changes[..1]).unwrap();
    let grid = store.price_grid("", false, 10).unwrap();
    assert_eq!(grid.rows[0].item.code, "A-1");
    assert_eq!(grid.rows[0].prices, [Some(dec!(90))]);
    assert_eq!(grid.rows[1].prices, [None], "the bolt falls back to its standard price");
}

#[test]
fn the_bulk_change_rounds_each_price_and_names_a_missing_level() {
    let (mut store, _, _) = book();
    assert_eq!(store.set_level_from_standard("Retail", dec!(-10), "", false).unwrap(), 2);
    let grid = store.price_grid("", false, 10).unwrap();
    assert_eq!(grid.rows[0].prices, [Some(dec!(90))]);
    assert_eq!(grid.rows[1].prices, [Some(dec!(3.00))], "3.0015 rounds to 3.00");

    let refused = store.set_level_from_standard("Online", dec!(5), "", false).unwrap_err();
    assert_eq!(refused, StoreError::LevelNotFound("Online".into()));

    let level = store.price_levels().unwrap().remove(0);
    assert_eq!(store.level_usage(&level).unwrap().item_prices, 2);
}

#[test]
fn the_grid_stops_at_its_limit_and_says_so() {
    let (store, _, _) = book();
    let grid = store.price_grid("", false, 1).unwrap();
    assert_eq!(grid.rows.len(), 1);
    assert!(grid.truncated);
    assert!(!store.price_grid("bolt", false, 1).unwrap().truncated);
}
