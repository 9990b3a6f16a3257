//! Prices by customer and credit from the command line: levels, level and special prices, group
//! terms that customers inherit, one line's resolved price with its trace, and a customer's credit.

use crate::support::Book;
use clientele::domain::customer::Customer;
use serde_json::Value;

/// Acme (Channel=Dealers, 30 days' terms) and Bee (no group), widgets at 100.00 standard.
fn priced() -> Book {
    let book = Book::new();
    book.ok(&["groups", "add", "Channel", "Dealers"]);
    book.ok(&["customers", "add", "--name", "Acme", "--payment-terms", "30", "--group", "Channel=Dealers"]);
    book.ok(&["customers", "add", "--name", "Bee"]);
    book.ok(&["items", "add", "--code", "W-1", "--name", "Widget", "--price", "100"]);
    book.ok(&["levels", "add", "Retail"]);
    book.ok(&["levels", "add", "Wholesale"]);
    book.ok(&["prices", "set", "--item", "W-1", "--level", "Wholesale", "--price", "90"]);
    book.ok(&["groups", "set", "Channel", "Dealers", "--price-level", "Wholesale", "--discount", "5"]);
    book
}

fn price(book: &Book, args: &[&str]) -> Value {
    let mut all = vec!["price", "--item", "W-1"];
    all.extend_from_slice(args);
    book.json(&all)
}

#[test]
fn a_group_passes_its_level_and_discount_and_says_so() {
    let book = priced();
    let acme = price(&book, &["--customer", "C000001"]);
    assert_eq!(acme["unit_price"], "90");
    assert_eq!(acme["discount_pct"], "5");
    assert_eq!(acme["net_unit_price"], "85.5");
    assert_eq!(acme["source"], "level");
    let steps: Vec<&str> = acme["trace"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert!(steps.contains(&"Level Wholesale (from group Channel=Dealers): $90.00"), "{steps:?}");
    assert!(steps.contains(&"Discount 5% (from group Channel=Dealers)"), "{steps:?}");

    // Bee holds no group: the standard price, no discount.
    let bee = price(&book, &["--customer", "C000002"]);
    assert_eq!((bee["unit_price"].as_str(), bee["source"].as_str()), (Some("100"), Some("standard")));
    assert_eq!(bee["discount_pct"], "0");
}

#[test]
fn special_prices_apply_by_quantity_and_date_and_the_most_specific_wins() {
    let book = priced();
    book.ok(&["prices", "set", "--item", "W-1", "--customer", "C000001", "--price", "80"]);
    book.ok(&["prices", "set", "--item", "W-1", "--customer", "C000001", "--price", "70", "--min-qty", "10"]);
    book.ok(&[
        "prices",
        "set",
        "--item",
        "W-1",
        "--customer",
        "C000001",
        "--price",
        "60",
        "--min-qty",
        "10",
        "--from",
        "2026-06-01",
        "--to",
        "2026-06-30",
    ]);
    let at = |qty: &str, date: &str| price(&book, &["--customer", "C000001", "--qty", qty, "--date", date]);
    assert_eq!(at("1", "2026-06-15")["unit_price"], "80");
    assert_eq!(at("10", "2026-05-31")["unit_price"], "70", "the June price has not started");
    assert_eq!(at("10", "2026-06-15")["unit_price"], "60", "dated beats open at the same quantity");
    assert_eq!(at("12", "2026-07-01")["unit_price"], "70", "the June price has ended");
    assert_eq!(at("10", "2026-06-15")["source"], "special");
    // The line's own discount replaces the customer's.
    let typed = price(&book, &["--customer", "C000001", "--discount", "0"]);
    assert_eq!(typed["net_unit_price"], "80");

    let listed = book.json(&["prices", "list", "--customer", "C000001"]);
    assert_eq!(listed["special_prices"].as_array().unwrap().len(), 3);
    book.ok(&["prices", "remove", "1"]);
    assert_eq!(price(&book, &["--customer", "C000001"])["unit_price"], "90", "back to the level price");
}

#[test]
fn the_last_price_is_used_only_when_asked() {
    let book = priced();
    book.ok(&["sale", "--customer", "C000002", "--date", "2026-03-02", "--line", "W-1:2@95"]);
    let bee = price(&book, &["--customer", "C000002"]);
    assert_eq!(bee["unit_price"], "100");
    let last = price(&book, &["--customer", "C000002", "--last"]);
    assert_eq!((last["unit_price"].as_str(), last["source"].as_str()), (Some("95"), Some("last")));
}

#[test]
fn credit_shows_each_limit_with_its_source() {
    let book = priced();
    // Sold before the limit was set: the limit now stands exceeded.
    book.ok(&["sale", "--customer", "C000001", "--line", "W-1:2@100%0"]);
    book.ok(&[
        "groups",
        "set",
        "Channel",
        "Dealers",
        "--price-level",
        "Wholesale",
        "--credit-limit",
        "150",
        "--age-limit",
        "30",
        "--on-exceed",
        "block",
    ]);
    let credit = book.json(&["credit", "C000001"]);
    assert_eq!(credit["credit_limit"]["value"], "150");
    assert_eq!(credit["credit_limit"]["source"]["from"], "group");
    assert_eq!(credit["credit_limit"]["source"]["value"], "Dealers");
    assert_eq!(credit["balance"], "200");
    assert_eq!(credit["available"], "-50");
    assert_eq!(credit["on_exceed"]["value"], "block");
    assert_eq!(credit["problems"][0], "Over the credit limit by $50.00 (limit $150.00; balance $200.00)");
    let text = book.ok(&["credit", "C000001"]);
    assert!(text.contains("150.00 (from group Channel=Dealers)"), "{text}");
}

#[test]
fn bad_price_input_is_refused_and_changes_nothing() {
    let book = priced();
    let before = book.json(&["prices", "list"]);
    for (args, wanted) in [
        (&["prices", "set", "--item", "W-1", "--level", "Gold", "--price", "5"][..], "no price level \"Gold\""),
        (&["prices", "set", "--item", "W-1", "--level", "Retail", "--price", "-5"][..], "--price"),
        (&["prices", "set", "--item", "NOPE", "--level", "Retail", "--price", "5"][..], "no item with code \"NOPE\""),
        (
            &[
                "prices",
                "set",
                "--item",
                "W-1",
                "--customer",
                "C000001",
                "--price",
                "5",
                "--from",
                "2026-05-01",
                "--to",
                "2026-04-01",
            ][..],
            "ends (2026-04-01) before it starts",
        ),
        (
            &["prices", "set", "--item", "W-1", "--customer", "C000001", "--price", "5", "--min-qty", "0"][..],
            "minimum quantity",
        ),
        (&["groups", "set", "Channel", "Dealers", "--discount", "120"][..], "--discount"),
        (&["groups", "set", "Nope", "X", "--discount", "1"][..], "no group axis \"Nope\""),
        (&["groups", "set", "Channel", "Dealers", "--price-level", "Gold"][..], "no price level \"Gold\""),
        (&["levels", "add", "wholesale"][..], "already exists"),
    ] {
        let error = book.fails(args);
        assert!(error.contains(wanted), "{args:?}: {error}");
    }
    assert_eq!(book.json(&["prices", "list"]), before);
    assert_eq!(price(&book, &["--customer", "C000001"])["unit_price"], "90", "the group's terms are unchanged");
}

#[test]
fn levels_are_renamed_and_ordered_and_their_customers_follow() {
    let book = priced();
    book.ok(&["levels", "rename", "Wholesale", "Dealer"]);
    book.ok(&["levels", "order", "Dealer"]);
    let names: Vec<String> = book
        .json(&["levels", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Dealer", "Retail"]);
    let acme = price(&book, &["--customer", "C000001"]);
    assert_eq!(
        (acme["unit_price"].as_str(), acme["source"].as_str()),
        (Some("90"), Some("level")),
        "the group follows the rename"
    );
}

#[test]
fn a_sale_without_prices_takes_the_resolved_price_and_discount() {
    let book = priced();
    book.ok(&["prices", "set", "--item", "W-1", "--customer", "C000001", "--price", "70", "--min-qty", "10"]);
    let sale =
        book.json(&["sale", "--customer", "C000001", "--date", "2026-06-01", "--line", "W-1:2", "--line", "W-1:10"]);
    let lines = sale["lines"].as_array().expect("the voucher's lines");
    let priced: Vec<(&str, &str)> =
        lines.iter().map(|l| (l["unit_price"].as_str().unwrap(), l["discount_pct"].as_str().unwrap())).collect();
    assert_eq!(
        priced,
        [("90.00", "5"), ("70.00", "5")],
        "level price under 10, special from 10; the group's 5% on both"
    );
    // A typed price and discount win.
    let typed = book.json(&["sale", "--customer", "C000001", "--line", "W-1:1@50%0"]);
    assert_eq!(
        (typed["lines"][0]["unit_price"].as_str(), typed["lines"][0]["discount_pct"].as_str()),
        (Some("50.00"), Some("0"))
    );
}

fn entries(book: &Book, code: &str) -> usize {
    book.json(&["ledger", code])["entries"].as_array().unwrap().len()
}

#[test]
fn a_blocked_sale_is_refused_one_cent_over_the_limit_and_voiding_frees_the_credit() {
    let book = priced();
    book.ok(&["groups", "set", "Channel", "Dealers", "--credit-limit", "150", "--on-exceed", "block"]);
    // Exactly at the limit is allowed.
    let first = book.json(&["sale", "--customer", "C000001", "--line", "W-1:1@150%0"]);
    let blocked = book.run(&["sale", "--customer", "C000001", "--line", "W-1:1@0.01%0"]);
    assert_eq!(blocked.code, 3, "a block has its own exit code");
    assert!(blocked.stdout.is_empty(), "{}", blocked.stdout);
    assert!(
        blocked
            .stderr
            .contains("C000001 Acme: Credit limit exceeded by $0.01 (limit $150.00; balance after this sale $150.01)"),
        "{}",
        blocked.stderr
    );
    assert_eq!(entries(&book, "C000001"), 1, "nothing written");
    // Bee holds no group and has no limit.
    book.ok(&["sale", "--customer", "C000002", "--line", "W-1:100"]);
    // Voiding the first sale frees the credit.
    book.ok(&["void", first["number"].as_str().unwrap()]);
    book.ok(&["sale", "--customer", "C000001", "--line", "W-1:1@0.01%0"]);
}

#[test]
fn a_warned_sale_is_saved_with_the_warning_on_stderr_and_in_the_json() {
    let book = priced();
    book.ok(&["groups", "set", "Channel", "Dealers", "--credit-limit", "100", "--on-exceed", "warn"]);
    let warned = book.run(&["sale", "--customer", "C000001", "--line", "W-1:2@100%0"]);
    assert_eq!(warned.code, 0, "{}", warned.stderr);
    assert!(warned.stderr.starts_with("warning: C000001 Acme: Credit limit exceeded by $100.00"), "{}", warned.stderr);
    assert!(warned.stdout.starts_with("S-"), "{}", warned.stdout);
    assert_eq!(entries(&book, "C000001"), 1);

    let saved = book.run(&["sale", "--customer", "C000001", "--line", "W-1:1@10%0", "--json"]);
    let saved: serde_json::Value = serde_json::from_str(&saved.stdout).unwrap();
    assert_eq!(saved["total"], "10.00");
    let warnings = saved["warnings"].as_array().expect("warnings are listed");
    assert!(warnings[0].as_str().unwrap().contains("Credit limit exceeded by $110.00"), "{saved}");

    // Under the limit nothing is warned about.
    book.ok(&["groups", "set", "Channel", "Dealers", "--credit-limit", "1000"]);
    let quiet = book.json(&["sale", "--customer", "C000001", "--line", "W-1:1@10%0"]);
    assert_eq!(quiet["warnings"], serde_json::json!([]));
}

#[test]
fn overdue_receivables_block_at_one_day_over_the_age_limit() {
    let book = priced();
    book.ok(&["groups", "set", "Channel", "Dealers", "--age-limit", "30", "--on-exceed", "block"]);
    // Due 2026-02-01 (30 days' terms from 2026-01-02).
    book.ok(&["sale", "--customer", "C000001", "--date", "2026-01-02", "--line", "W-1:1@10%0"]);
    // 30 days past due on 2026-03-03: allowed; 31 on 2026-03-04: refused.
    book.ok(&["sale", "--customer", "C000001", "--date", "2026-03-03", "--line", "W-1:1@10%0"]);
    let error = book.blocked(&["sale", "--customer", "C000001", "--date", "2026-03-04", "--line", "W-1:1@10%0"]);
    assert!(error.contains("Receivables overdue 31 days (limit 30 days; 1 day over)"), "{error}");
    // Paid: nothing is overdue any more.
    book.ok(&["collect", "--customer", "C000001", "--amount", "10", "--date", "2026-03-04"]);
    book.ok(&["sale", "--customer", "C000001", "--date", "2026-03-04", "--line", "W-1:1@10%0"]);
}

#[test]
fn a_level_the_book_lacks_is_named_in_the_trace() {
    let book = priced();
    // The command line refuses a level the book lacks; one typed by an older version or
    // imported is still stored, so Cee is written through the library as an import would.
    let message = book.fails(&["customers", "add", "--name", "Cee", "--price-level", "Gold"]);
    assert!(message.contains("the book's levels are Retail, Wholesale"), "{message}");
    let mut store = clientele::store::Store::open(&book.db).unwrap();
    let cee = Customer { price_level: "Gold".into(), ..Customer::new("Cee") };
    assert_eq!(store.insert_customer(&cee).unwrap().code, "C000003");
    drop(store);
    let cee = price(&book, &["--customer", "C000003"]);
    assert_eq!(cee["source"], "standard");
    let reasons: Vec<&str> = cee["trace"].as_array().unwrap().iter().map(|s| s["reason"].as_str().unwrap()).collect();
    assert!(reasons.iter().any(|r| r.starts_with("there is no price level by this name")), "{reasons:?}");
    // Acme's Wholesale exists but has no price for a new item: said differently.
    book.ok(&["items", "add", "--code", "N-1", "--name", "New thing", "--price", "7"]);
    let acme = book.json(&["price", "--item", "N-1", "--customer", "C000001"]);
    let reasons: Vec<&str> = acme["trace"].as_array().unwrap().iter().map(|s| s["reason"].as_str().unwrap()).collect();
    assert!(reasons.contains(&"the level has no price for this item"), "{reasons:?}");
}

// ---- Special prices edited and removed by number (prices edit / prices remove) ----

fn special_prices(book: &Book) -> Vec<Value> {
    book.json(&["prices", "list"])["special_prices"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_special_price_is_edited_by_its_number_and_what_is_not_given_stays() {
    let book = priced();
    book.ok(&["prices", "set", "--item", "W-1", "--customer", "C000001", "--price", "80", "--min-qty", "5"]);
    let listed = book.ok(&["prices", "list", "--customer", "C000001"]);
    assert!(listed.contains("#1"), "the clerk sees the number to edit by: {listed}");

    let edited = book.ok(&["prices", "edit", "#1", "--price", "72.5", "--from", "2026-06-01", "--to", "2026-06-30"]);
    assert_eq!(edited.trim(), "Special price #1: W-1 for C000001 at 72.50 from 5 units, 2026-06-01 to 2026-06-30");
    let rows = special_prices(&book);
    assert_eq!(rows.len(), 1, "an edit adds no price");
    assert_eq!(
        (rows[0]["price"].as_str(), rows[0]["min_qty"].as_str(), rows[0]["from"].as_str(), rows[0]["to"].as_str()),
        (Some("72.5"), Some("5"), Some("2026-06-01"), Some("2026-06-30"))
    );
    let at = |date: &str| price(&book, &["--customer", "C000001", "--qty", "5", "--date", date])["unit_price"].clone();
    assert_eq!(at("2026-06-15"), "72.5");
    assert_eq!(at("2026-07-01"), "90", "past its end the level price applies again");

    // "none" opens the price up again, to any quantity and any date.
    let json = book.json(&["prices", "edit", "1", "--min-qty", "none", "--from", "none", "--to", "NONE"]);
    assert_eq!((json["id"].as_i64(), json["price"].as_str()), (Some(1), Some("72.5")));
    assert!(json["min_qty"].is_null() && json["from"].is_null() && json["to"].is_null(), "{json}");
    assert_eq!(price(&book, &["--customer", "C000001", "--date", "2027-01-01"])["unit_price"], "72.5");
}

#[test]
fn a_bad_edit_is_refused_and_changes_nothing() {
    let book = priced();
    book.ok(&["prices", "set", "--item", "W-1", "--customer", "C000001", "--price", "80", "--from", "2026-06-01"]);
    let before = special_prices(&book);
    for (args, wanted) in [
        (&["prices", "edit", "1", "--to", "2026-05-31"][..], "ends (2026-05-31) before it starts (2026-06-01)"),
        (&["prices", "edit", "1", "--to", "2026-02-30"][..], "--to: \u{201c}2026-02-30\u{201d} is not a date"),
        (&["prices", "edit", "1", "--price", "-5"][..], "--price"),
        (&["prices", "edit", "1", "--price", "abc"][..], "--price"),
        (&["prices", "edit", "1", "--min-qty", "0"][..], "minimum quantity"),
        (&["prices", "edit", "99", "--price", "5"][..], "there is no special price #99"),
        (&["prices", "remove", "99"][..], "there is no special price #99"),
    ] {
        let error = book.fails(args);
        assert!(error.contains(wanted), "{args:?}: {error}");
    }
    let error = book.run(&["prices", "edit", "one", "--price", "5"]).stderr;
    assert!(error.contains("is not a special price number"), "{error}");
    assert_eq!(special_prices(&book), before, "nothing changed");

    let removed = book.ok(&["prices", "remove", "#1"]);
    assert_eq!(removed.trim(), "Removed special price #1");
    assert!(special_prices(&book).is_empty());
}

#[test]
fn a_customers_own_off_overrides_its_groups_block_and_inherit_takes_it_back() {
    let book = priced();
    book.ok(&["groups", "set", "Channel", "Dealers", "--credit-limit", "150", "--on-exceed", "block"]);
    book.ok(&["customers", "edit", "C000001", "--on-exceed", "off"]);
    let credit = book.json(&["credit", "C000001"]);
    assert_eq!(credit["on_exceed"]["value"], "off");
    assert_eq!(credit["on_exceed"]["source"]["from"], "customer");
    assert_eq!(credit["credit_limit"]["source"]["from"], "group", "the group's limit still stands");
    let text = book.ok(&["credit", "C000001"]);
    assert!(text.contains("Off (set on the customer)"), "{text}");
    // Over the group's limit, and saved: the customer's Off wins over the group's Block.
    book.ok(&["sale", "--customer", "C000001", "--line", "W-1:2@100%0"]);
    assert_eq!(entries(&book, "C000001"), 1);

    book.ok(&["customers", "edit", "C000001", "--on-exceed", "inherit"]);
    let credit = book.json(&["credit", "C000001"]);
    assert_eq!(credit["on_exceed"]["value"], "block");
    assert_eq!(credit["on_exceed"]["source"]["value"], "Dealers");
    let refused = book.blocked(&["sale", "--customer", "C000001", "--line", "W-1:1@1%0"]);
    assert!(refused.contains("C000001 Acme: Credit limit exceeded by $51.00"), "{refused}");
    assert_eq!(entries(&book, "C000001"), 1, "nothing written");
}

#[test]
fn a_bulk_change_sets_a_level_from_the_standard_price_and_refuses_bad_percentages() {
    let book = priced();
    book.ok(&["items", "add", "--code", "G-2", "--name", "Gadget", "--price", "19.99"]);
    assert_eq!(
        book.ok(&["prices", "bulk", "--level", "Retail", "--percent", "-15"]),
        "Retail set to the standard price − 15 % for 2 items\n"
    );
    let levels = book.json(&["prices", "list", "--item", "G-2"]);
    assert!(levels.to_string().contains("\"16.99\""), "19.99 less 15 % is 16.9915, rounded to cents: {levels}");
    let price = price(&book, &["--customer", "C000002", "--qty", "1"]);
    assert_eq!(price["source"], "standard", "Bee has no level, so Retail does not touch it");

    let narrowed = book.json(&["prices", "bulk", "--level", "Wholesale", "--percent", "+10", "--search", "gad"]);
    assert_eq!(narrowed["items"], 1);
    let acme = price_of(&book, "C000001");
    assert_eq!(acme["unit_price"], "90", "the widget's Wholesale price is untouched: {acme}");

    for (percent, reason) in [("-101", "a price can go down by 100 % at most"), ("ten", "is not a percentage")] {
        let error = book.fails(&["prices", "bulk", "--level", "Retail", "--percent", percent]);
        assert!(error.contains(reason), "{percent}: {error}");
    }
    let error = book.fails(&["prices", "bulk", "--level", "Online", "--percent", "5"]);
    assert!(error.contains("there is no price level \"Online\""), "{error}");
    let after = book.json(&["prices", "list", "--item", "G-2"]);
    assert!(after.to_string().contains("\"16.99\""), "refused changes wrote nothing: {after}");
}

fn price_of(book: &Book, customer: &str) -> Value {
    price(book, &["--customer", customer, "--qty", "1"])
}

#[test]
fn a_sale_line_keeps_where_its_price_came_from() {
    let book = priced();
    let sale = book.json(&["sale", "--customer", "C000001", "--line", "W-1:2", "--line", "W-1:1@70"]);
    let lines = sale["lines"].as_array().unwrap();
    assert_eq!(lines[0]["price_source"], "level");
    let steps: Vec<&str> =
        lines[0]["price_trace"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert!(steps.contains(&"Level Wholesale (from group Channel=Dealers): $90.00"), "{steps:?}");
    assert_eq!(lines[1]["price_source"], Value::Null, "a typed @PRICE is the clerk's own");
    // A changed level price is the next sale's price.
    book.ok(&["prices", "set", "--item", "W-1", "--level", "Wholesale", "--price", "80"]);
    let again = book.json(&["sale", "--customer", "C000001", "--line", "W-1:1"]);
    assert_eq!(again["lines"][0]["unit_price"], "80.00");
}
