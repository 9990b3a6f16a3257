//! `clientele demo --levels N --special-prices M`: generated price levels, level prices and
//! special prices that the price resolver then uses, on a new book and on an existing one.

use crate::support::Book;
use serde_json::Value;

fn demo() -> (Book, Value) {
    let book = Book::new();
    let report = book.json(&[
        "demo",
        "--customers",
        "50",
        "--items",
        "30",
        "--vouchers",
        "200",
        "--levels",
        "3",
        "--special-prices",
        "100",
    ]);
    (book, report)
}

fn names(levels: &Value) -> Vec<String> {
    levels.as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn demo_adds_levels_special_prices_and_the_resolver_uses_them() {
    let (book, report) = demo();
    assert_eq!((report["levels"].as_u64(), report["special_prices"].as_u64()), (Some(3), Some(100)), "{report}");
    assert_eq!(names(&book.json(&["levels", "list"])), ["Retail", "Wholesale", "Online"]);

    let prices = book.json(&["prices", "list"]);
    let specials = prices["special_prices"].as_array().unwrap();
    assert_eq!(specials.len(), 100);
    // Most items at each level: 80–95% of 30, so 72–86 rows over three levels.
    let level_prices = prices["level_prices"].as_array().unwrap().len();
    assert!((66..=90).contains(&level_prices), "{level_prices} level prices");
    assert_eq!(report["level_prices"].as_u64(), Some(level_prices as u64));
    let dated = specials.iter().filter(|s| !s["from"].is_null() || !s["to"].is_null()).count();
    let with_min = specials.iter().filter(|s| !s["min_qty"].is_null()).count();
    assert!((15..=65).contains(&dated) && (10..=55).contains(&with_min), "{dated} dated, {with_min} with a minimum");

    // A sales price without conditions always applies: the resolver must name it.
    let open = specials
        .iter()
        .find(|s| s["side"] == "sales" && s["min_qty"].is_null() && s["from"].is_null() && s["to"].is_null())
        .expect("an unconditional sales special price among 100");
    let (customer, item) = (open["customer"].as_str().unwrap(), open["item"].as_str().unwrap());
    let price = book.json(&["price", "--customer", customer, "--item", item]);
    assert_eq!(price["source"], "special", "{price}");
    let items = book.json(&["items", "list", "--all"]);
    let standard = items.as_array().unwrap().iter().find(|i| i["code"] == item).expect("the item is listed");
    let amount = |v: &Value| v.as_str().unwrap().parse::<f64>().unwrap();
    assert!(amount(&price["unit_price"]) <= amount(&standard["sales_price"]), "{price} {standard}");

    // Customers name only levels the book has.
    let levels = names(&book.json(&["levels", "list"]));
    let mut with_level = 0;
    for n in 1..=50 {
        let shown = book.json(&["customers", "show", &format!("C{n:06}")]);
        let level = shown["price_level"].as_str().unwrap();
        assert!(level.is_empty() || levels.iter().any(|l| l == level), "C{n:06} has level {level:?}");
        with_level += usize::from(!level.is_empty());
    }
    assert!(with_level >= 10, "only {with_level} of 50 customers hold a level");
}

#[test]
fn the_same_seed_gives_the_same_prices() {
    let (one, _) = demo();
    let (two, _) = demo();
    assert_eq!(one.json(&["prices", "list"]), two.json(&["prices", "list"]));
}

#[test]
fn prices_are_added_to_an_existing_book_after_its_own_levels() {
    let (book, _) = demo();
    let report = book.json(&["demo", "--customers", "0", "--levels", "2", "--special-prices", "20"]);
    assert_eq!((report["added"].as_u64(), report["levels"].as_u64()), (Some(0), Some(2)), "{report}");
    assert_eq!(names(&book.json(&["levels", "list"])), ["Retail", "Wholesale", "Online", "Dealer", "Distributor"]);
    assert_eq!(book.json(&["prices", "list"])["special_prices"].as_array().unwrap().len(), 120);
    let text = book.ok(&["demo", "--customers", "0", "--levels", "1", "--special-prices", "5"]);
    assert!(text.contains("Added 1 price level (VIP)") && text.contains("Added 5 special prices"), "{text}");
}

#[test]
fn special_prices_need_customers_and_items_and_nothing_is_written_without_them() {
    let book = Book::new();
    let message = book.fails(&["demo", "--customers", "5", "--special-prices", "10"]);
    assert!(message.contains("special prices need customers and items"), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert!(!book.db.exists(), "the refused demo made no book");
    // Levels alone need nothing: they price whatever items there are.
    let report = book.json(&["demo", "--customers", "0", "--levels", "2"]);
    assert_eq!((report["levels"].as_u64(), report["level_prices"].as_u64()), (Some(2), Some(0)));
}
