//! `clientele alerts …` end to end: the seed rule added and listed, a book that sold in
//! the rule's week run at its Friday slot once, previews that store nothing, the history, reports
//! and their export, rules switched off, on, edited and deleted, and bad input refused with
//! nothing written.

use crate::support::Book;
use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{Duration, Local, NaiveDate, NaiveDateTime};
use clientele::domain::alerts::Schedule;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// The issue's own example, word for word.
const SEED_RULE: &[&str] = &[
    "alerts",
    "add",
    "--name",
    "Big sellers",
    "--measure",
    "sales",
    "--op",
    "gt",
    "--threshold",
    "10000",
    "--period",
    "this_week",
    "--schedule",
    "weekly:fri@09:00",
    "--recipient",
    "Kim|CEO",
    "--recipient",
    "Lee|Sales manager",
];

/// How `--at` and `scheduled_for` write a local time.
fn minute(time: NaiveDateTime) -> String {
    time.format("%Y-%m-%d %H:%M").to_string()
}

/// The first Friday 09:00 a weekly:fri@09:00 rule added before now owes: slots from before a rule
/// existed are not owed, so it is the next one.
fn next_friday() -> NaiveDateTime {
    Schedule::parse("weekly:fri@09:00").unwrap().next_slot_after(Local::now().naive_local()).unwrap()
}

/// A widget to sell, five customers (two in Region=Seoul) and a vendor.
fn customers() -> Book {
    let book = Book::new();
    book.ok(&["groups", "add", "Region", "Seoul"]);
    book.ok(&["groups", "add", "Region", "Busan"]);
    book.ok(&["items", "add", "--code", "W", "--name", "Widget", "--price", "1"]);
    for (name, region) in
        [("Acme", "Busan"), ("Brightline", "Seoul"), ("Cobalt", "Busan"), ("Delta", "Busan"), ("Echo", "Seoul")]
    {
        book.ok(&["customers", "add", "--name", name, "--group", &format!("Region={region}")]);
    }
    book.ok(&["customers", "add", "--name", "Far Supplies", "--role", "vendor"]);
    book
}

/// Enters a one-line sale of `amount` through `clientele sale`; its voucher number.
fn sell(book: &Book, code: &str, date: NaiveDate, amount: &str) -> String {
    let line = format!("W:1@{amount}");
    let sale = book.json(&["sale", "--customer", code, "--date", &date.to_string(), "--line", &line]);
    let total: Decimal = sale["total"].as_str().unwrap().parse().unwrap();
    assert_eq!(total, amount.parse::<Decimal>().unwrap(), "{sale}");
    sale["number"].as_str().unwrap().to_string()
}

/// The seed rule (number 1) added to [`customers`], and sales in the week of its first Friday.
///
/// That Friday can lie days ahead, so most of these sales are dated in the future; `clientele
/// sale` takes any real date, and `alerts run --at` runs the book as it will stand then.
fn selling_week() -> (Book, NaiveDateTime) {
    let book = customers();
    book.ok(SEED_RULE);
    let friday = next_friday();
    let day = |n: i64| friday.date() - Duration::days(4 - n);
    let (monday, tuesday, wednesday, thursday, fri) = (day(0), day(1), day(2), day(3), day(4));
    // Acme: two sales adding up to just over, and a big one the Sunday before (last week's).
    sell(&book, "C000001", monday, "6000");
    sell(&book, "C000001", thursday, "4000.01");
    sell(&book, "C000001", monday - Duration::days(1), "90000");
    // Brightline sells on the Friday itself, before the run.
    sell(&book, "C000002", fri, "25000");
    // Cobalt: exactly the threshold, which is not over it; and a voided sale that does not count.
    sell(&book, "C000003", tuesday, "10000");
    let voided = sell(&book, "C000003", wednesday, "50000");
    book.ok(&["void", &voided]);
    sell(&book, "C000004", wednesday, "12000");
    sell(&book, "C000005", monday, "11000");
    (book, friday)
}

/// (code, name, value) of each match, in the order given.
fn found(matches: &Value) -> Vec<(String, String, String)> {
    let text = |m: &Value, key: &str| m[key].as_str().unwrap_or_else(|| panic!("no {key} in {m}")).to_string();
    matches.as_array().unwrap().iter().map(|m| (text(m, "code"), text(m, "name"), text(m, "value"))).collect()
}

fn owned(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
}

/// Who the seed rule finds in [`selling_week`], biggest first.
fn big_sellers() -> Vec<(String, String, String)> {
    owned(&[
        ("C000002", "Brightline", "25000"),
        ("C000004", "Delta", "12000"),
        ("C000005", "Echo", "11000"),
        ("C000001", "Acme", "10000.01"),
    ])
}

fn run_at(book: &Book, at: NaiveDateTime) -> Value {
    book.json(&["alerts", "run", "--at", &minute(at), "--no-notify"])
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The rules and the runs: everything an alerts command could change.
fn alerts_state(book: &Book) -> Value {
    json!({
        "rules": book.json(&["alerts", "list"]),
        "history": book.json(&["alerts", "history"]),
    })
}

// ---------------------------------------------------------------------- rules

#[test]
fn the_seed_example_is_added_and_listed_as_written() {
    let book = Book::new();
    let added = book.ok(SEED_RULE);
    assert_eq!(
        added,
        "Added rule 1: Big sellers: sales this week over $10,000.00, every Friday at 09:00, \
         tell Kim (CEO), Lee (Sales manager)\n"
    );
    let rules = book.json(&["alerts", "list"]);
    assert_eq!(rules.as_array().unwrap().len(), 1, "{rules}");
    let rule = &rules[0];
    assert_eq!(rule["id"], 1);
    assert_eq!(rule["name"], "Big sellers");
    assert_eq!(rule["measure"], "sales");
    assert_eq!(rule["op"], "gt");
    assert_eq!(rule["threshold"], "10000");
    assert_eq!(rule["period"], "this_week");
    assert_eq!(rule["schedule"], "weekly:fri@09:00");
    assert_eq!(rule["schedule_text"], "every Friday at 09:00");
    assert_eq!(rule["condition"], "sales this week over $10,000.00");
    assert_eq!(
        rule["recipients"],
        json!([
            {"name": "Kim", "role": "CEO", "email": ""},
            {"name": "Lee", "role": "Sales manager", "email": ""},
        ])
    );
    assert_eq!((&rule["enabled"], &rule["last_ran_at"]), (&json!(true), &json!(null)));
    assert_eq!(rule["scope"], json!({"groups": {}, "person_in_charge": "", "role": "", "active_only": false}));

    let text = book.ok(&["alerts", "list"]);
    let row = text.lines().find(|l| l.starts_with('1')).unwrap_or_else(|| panic!("no rule 1 in {text}"));
    for part in ["on", "Big sellers", "sales this week over $10,000.00", "every Friday at 09:00", "never"] {
        assert!(row.contains(part), "{part} missing from {row}");
    }
}

#[test]
fn an_edit_changes_only_what_it_names() {
    let (book, friday) = selling_week();
    let edited = book.json(&[
        "alerts",
        "edit",
        "1",
        "--threshold",
        "11,500",
        "--group",
        "region=seoul",
        "--recipient",
        "Park|Accountant|park@example.com",
    ]);
    assert_eq!(edited["threshold"], "11500");
    assert_eq!(edited["scope"]["groups"], json!({"Region": "Seoul"}), "the book's own spelling");
    assert_eq!(edited["recipients"], json!([{"name": "Park", "role": "Accountant", "email": "park@example.com"}]));
    let listed = &book.json(&["alerts", "list"])[0];
    assert_eq!(listed, &edited, "the edit is stored as printed");
    assert_eq!((&listed["name"], &listed["schedule"]), (&json!("Big sellers"), &json!("weekly:fri@09:00")));
    // Only Seoul's customers, over 11,500: Brightline; Echo's 11,000 is not enough.
    let preview = book.json(&["alerts", "preview", "1", "--on", &friday.date().to_string()]);
    assert_eq!(found(&preview["matches"]), owned(&[("C000002", "Brightline", "25000")]));
}

// ----------------------------------------------------------------------- runs

#[test]
fn the_seed_rule_runs_at_its_friday_slot_once() {
    let (book, friday) = selling_week();
    let monday = friday.date() - Duration::days(4);

    assert_eq!(run_at(&book, friday - Duration::minutes(1)), json!([]), "not before 09:00");
    let runs = run_at(&book, friday);
    assert_eq!(runs.as_array().unwrap().len(), 1, "{runs}");
    let run = &runs[0];
    let id = run["id"].as_i64().unwrap_or_else(|| panic!("no id in {run}"));
    assert_eq!(run["rule"], "Big sellers");
    assert_eq!(run["rule_id"], 1);
    assert_eq!(run["scheduled_for"], minute(friday));
    assert_eq!(run["late"], false);
    assert_eq!(run["period"], json!({"from": monday.to_string(), "to": friday.date().to_string()}));
    assert_eq!(run["threshold"], "10000");
    assert_eq!(run["match_count"], 4);
    assert_eq!(found(&run["matches"]), big_sellers(), "biggest first; last week's, voided and equal sales left out");
    assert_eq!(run["notified"], false, "--no-notify raises nothing");
    assert_eq!(run["mail"], json!([]), "no recipient has an address");

    // Never twice: not at the same time, nor later in the same week.
    assert_eq!(run_at(&book, friday), json!([]));
    let saturday = friday + Duration::days(1);
    assert_eq!(
        book.ok(&["alerts", "run", "--at", &minute(saturday), "--no-notify"]),
        format!("Nothing was due by {}\n", minute(saturday))
    );

    let history = book.json(&["alerts", "history"]);
    assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
    assert_eq!(history[0]["id"], id);
    assert_eq!(history[0]["rule"], "Big sellers");
    assert_eq!(history[0]["scheduled_for"], minute(friday));
    assert_eq!(history[0]["ran_at"], format!("{}:00", minute(friday)));
    assert_eq!((&history[0]["match_count"], &history[0]["read"]), (&json!(4), &json!(false)));
    assert_eq!(book.json(&["alerts", "list"])[0]["last_ran_at"], format!("{}:00", minute(friday)));

    let report = book.json(&["alerts", "report", &id.to_string()]);
    assert_eq!(report["id"], id);
    assert_eq!(report["scheduled_for"], minute(friday));
    assert_eq!(found(&report["matches"]), big_sellers());
    let text = book.ok(&["alerts", "report", &id.to_string()]);
    assert!(
        text.starts_with(&format!("Run {id} (due {}", minute(friday))),
        "the report's first line names the run and its slot: {text}"
    );
    assert!(text.contains("Big sellers: sales this week over $10,000.00"), "{text}");
    assert!(text.contains("4 matching"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("C000002") && l.ends_with("$25,000.00")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("C000001") && l.ends_with("$10,000.01")), "{text}");

    let file = book.dir.path().join("big sellers.xlsx");
    let exported = book.json(&["export", "alert", &id.to_string(), file.to_str().unwrap()]);
    assert_eq!(exported, json!({"rows": 4, "file": file.to_str().unwrap()}));
    assert!(file.is_file(), "{} was not written", file.display());
    let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = workbook.worksheet_range("Matches").unwrap();
    let names: Vec<String> = (1..=4).map(|row| sheet.get_value((row, 1)).unwrap().to_string()).collect();
    assert_eq!(names, ["Brightline", "Delta", "Echo", "Acme"]);
    assert_eq!(sheet.get_value((1, 2)), Some(&Data::Float(25000.0)), "figures are numbers");
}

#[test]
fn a_run_by_hand_claims_no_slot() {
    let (book, friday) = selling_week();
    let by_hand = book.json(&["alerts", "run", "--rule", "1", "--at", &minute(friday), "--no-notify"]);
    assert_eq!(by_hand.as_array().unwrap().len(), 1, "{by_hand}");
    assert_eq!(by_hand[0]["scheduled_for"], Value::Null);
    assert_eq!(found(&by_hand[0]["matches"]), big_sellers());
    // The Friday slot is still owed.
    let scheduled = run_at(&book, friday);
    assert_eq!(scheduled[0]["scheduled_for"], minute(friday));
    assert_eq!(book.json(&["alerts", "history"]).as_array().unwrap().len(), 2);
    let text = book.ok(&["alerts", "history"]);
    assert!(text.lines().any(|l| l.contains("by hand") && l.contains("Big sellers")), "{text}");
}

#[test]
fn a_preview_shows_who_matches_without_storing_a_run() {
    let (book, friday) = selling_week();
    let on = friday.date().to_string();
    let preview = book.json(&["alerts", "preview", "1", "--on", &on]);
    assert_eq!(preview["rule"], "Big sellers");
    assert_eq!(preview["on"], on);
    assert_eq!(preview["condition"], "sales this week over $10,000.00");
    let monday = (friday.date() - Duration::days(4)).to_string();
    assert_eq!(preview["period"], json!({"from": monday, "to": on}));
    assert_eq!(found(&preview["matches"]), big_sellers());
    let text = book.ok(&["alerts", "preview", "1", "--on", &on]);
    assert!(
        text.starts_with(&format!(
            "Big sellers: sales this week over $10,000.00: 4 matching on {on} ({monday} to {on})\n"
        )),
        "{text}"
    );

    // A standing figure, looked at today (the default): each customer's receivable balance.
    book.ok(&[
        "alerts",
        "add",
        "--name",
        "Owing",
        "--measure",
        "receivable",
        "--op",
        "gt",
        "--threshold",
        "10000",
        "--schedule",
        "daily@08:00",
    ]);
    let owing = book.json(&["alerts", "preview", "2"]);
    assert_eq!(owing["on"], Local::now().date_naive().to_string());
    assert_eq!(owing["period"], Value::Null, "a balance covers no period");
    assert_eq!(
        found(&owing["matches"]),
        owned(&[
            ("C000001", "Acme", "100000.01"),
            ("C000002", "Brightline", "25000"),
            ("C000004", "Delta", "12000"),
            ("C000005", "Echo", "11000"),
        ])
    );

    // Everyone who buys bought this week; the vendor, who never buys, is not a quiet customer.
    book.ok(&[
        "alerts",
        "add",
        "--name",
        "Quiet",
        "--measure",
        "sales",
        "--op",
        "lt",
        "--threshold",
        "1",
        "--schedule",
        "daily@08:00",
    ]);
    assert_eq!(book.json(&["alerts", "preview", "3", "--on", &on])["matches"], json!([]));
    book.ok(&["customers", "add", "--name", "Foxtrot"]);
    let quiet = book.json(&["alerts", "preview", "3", "--on", &on]);
    assert_eq!(found(&quiet["matches"]), owned(&[("C000007", "Foxtrot", "0")]), "bought nothing at all");

    assert_eq!(book.json(&["alerts", "history"]), json!([]), "a preview stores no run");
    assert!(book.json(&["alerts", "list"]).as_array().unwrap().iter().all(|r| r["last_ran_at"].is_null()));
    assert_eq!(book.ok(&["alerts", "history"]), "No rule has run yet\n");
}

// -------------------------------------------------- switching off, on and deleting

#[test]
fn a_disabled_rule_does_not_run_and_a_deleted_one_keeps_its_history() {
    let (book, friday) = selling_week();
    assert_eq!(book.ok(&["alerts", "disable", "1"]), "Rule 1 \"Big sellers\" is off\n");
    assert_eq!(book.json(&["alerts", "list"])[0]["enabled"], false);
    assert!(book.ok(&["alerts", "list"]).lines().any(|l| l.starts_with("1   off")));
    assert_eq!(run_at(&book, friday), json!([]), "off at its slot: no run");
    assert_eq!(book.json(&["alerts", "history"]), json!([]));

    assert_eq!(book.json(&["alerts", "enable", "1"]), json!({"id": 1, "enabled": true}));
    let next_friday = friday + Duration::days(7);
    let runs = run_at(&book, next_friday);
    assert_eq!(runs.as_array().unwrap().len(), 1, "on again, it runs at its next slot: {runs}");
    assert_eq!(runs[0]["scheduled_for"], minute(next_friday));
    assert_eq!(runs[0]["match_count"], 0, "that week sold nothing");
    let by_hand = book.json(&["alerts", "run", "--rule", "1", "--at", &minute(friday), "--no-notify"]);
    let kept_id = by_hand[0]["id"].as_i64().unwrap();
    assert_eq!(by_hand[0]["match_count"], 4);

    assert_eq!(book.ok(&["alerts", "delete", "1"]), "Deleted rule 1 \"Big sellers\"; its runs stay in the history\n");
    assert_eq!(book.json(&["alerts", "list"]), json!([]));
    let history = book.json(&["alerts", "history"]);
    assert_eq!(history.as_array().unwrap().len(), 2, "both runs stay: {history}");
    assert!(history.as_array().unwrap().iter().all(|r| r["rule"] == "Big sellers"));
    let kept = book.json(&["alerts", "report", &kept_id.to_string()]);
    assert_eq!(kept["rule_id"], Value::Null, "the rule is gone");
    assert_eq!(kept["condition"], "sales this week over $10,000.00", "the run keeps the rule as it was");
    assert_eq!(found(&kept["matches"]), big_sellers());
    let file = book.dir.path().join("kept.xlsx");
    assert_eq!(book.json(&["export", "alert", &kept_id.to_string(), file.to_str().unwrap()])["rows"], 4);

    assert_eq!(run_at(&book, friday + Duration::days(14)), json!([]), "a deleted rule never runs");
    assert!(book.fails(&["alerts", "delete", "1"]).contains("there is no alert rule #1"));
    assert!(book.fails(&["alerts", "enable", "1"]).contains("there is no alert rule #1"));
}

// ------------------------------------------------ bad input: clear error, nothing written

#[test]
fn bad_input_is_refused_with_a_clear_error_and_writes_nothing() {
    let book = customers();
    book.ok(SEED_RULE);
    let before = alerts_state(&book);
    let add = |changes: &[(&str, &str)]| -> Vec<String> {
        let mut args: Vec<String> = SEED_RULE.iter().map(|s| s.to_string()).collect();
        for (option, value) in changes {
            match args.iter().position(|a| a == option) {
                Some(at) => args[at + 1] = value.to_string(),
                None => args.extend([option.to_string(), value.to_string()]),
            }
        }
        args
    };
    let cases: Vec<(Vec<String>, &[&str])> = vec![
        (add(&[("--measure", "turnover")]), &["--measure: \"turnover\" is not a measure", "days_since_sale"]),
        (add(&[("--op", "bigger")]), &["--op: \"bigger\" is not a comparison", "gt, ge, lt or le"]),
        (add(&[("--threshold", "lots")]), &["--threshold: \"lots\" is not a number"]),
        (add(&[("--threshold", "-5")]), &["the threshold of sales cannot be negative"]),
        (add(&[("--period", "last_days:0")]), &["--period: \"last_days:0\" is not a period"]),
        (add(&[("--schedule", "weekly@25:00")]), &["--schedule: \"25:00\" is not a time of day"]),
        (add(&[("--schedule", "weekly@09:00")]), &["--schedule: \"weekly@09:00\" is not a schedule"]),
        (add(&[("--schedule", "weekly:fry@09:00")]), &["--schedule: \"fry\" is not a weekday"]),
        (add(&[("--schedule", "monthly:32@09:00")]), &["\"32\" is not a day of the month"]),
        (add(&[("--recipient", "a|b|c|d")]), &["--recipient: \"a|b|c|d\" is not a recipient", "NAME|ROLE|EMAIL"]),
        (add(&[("--recipient", "Kim|CEO|kim@")]), &["\"kim@\" is not an e-mail address"]),
        (add(&[("--name", " ")]), &["a rule needs a name"]),
        (add(&[("--group", "Region=Nowhere")]), &["group axis \"Region\" has no value \"Nowhere\""]),
        (add(&[("--group", "Regoin=Seoul")]), &["there is no group axis \"Regoin\""]),
        (add(&[("--role", "supplier")]), &["\"supplier\" is not a role"]),
        (args(&["alerts", "edit", "1", "--threshold", "-1"]), &["cannot be negative"]),
        (args(&["alerts", "edit", "1", "--schedule", "daily@9"]), &["\"9\" is not a time of day"]),
        (args(&["alerts", "edit", "1", "--group", "Region=Nowhere"]), &["has no value \"Nowhere\""]),
        (args(&["alerts", "edit", "999", "--name", "Renamed"]), &["there is no alert rule #999"]),
        (args(&["alerts", "preview", "999"]), &["there is no alert rule #999"]),
        (
            args(&["alerts", "preview", "1", "--on", "2026-02-30"]),
            &["--on: \u{201c}2026-02-30\u{201d} is not a date: February 2026 has 28 days"],
        ),
        (args(&["alerts", "run", "--at", "2026-13-01 09:00"]), &["--at: \"2026-13-01 09:00\" is not a local time"]),
        (args(&["alerts", "run", "--at", "tomorrow", "--no-notify"]), &["is not a local time"]),
        (args(&["alerts", "run", "--rule", "999", "--no-notify"]), &["there is no alert rule #999"]),
        (args(&["alerts", "report", "999"]), &["there is no alert run #999"]),
        (args(&["alerts", "enable", "999"]), &["there is no alert rule #999"]),
        (args(&["alerts", "disable", "999"]), &["there is no alert rule #999"]),
        (args(&["alerts", "delete", "999"]), &["there is no alert rule #999"]),
    ];
    for (args, wanted) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let message = book.fails(&args);
        for part in *wanted {
            assert!(message.contains(part), "{args:?}: \"{part}\" missing from: {message}");
        }
    }
    assert_eq!(alerts_state(&book), before, "a refused command changed the rules or the runs");

    let file = book.dir.path().join("none.xlsx");
    let message = book.fails(&["export", "alert", "999", file.to_str().unwrap()]);
    assert!(message.contains("there is no alert run #999"), "{message}");
    assert!(!file.exists(), "a failed export leaves no file");
}

#[test]
fn a_refused_rule_leaves_no_new_database_behind() {
    let book = Book::file();
    let message = book.fails(&[
        "alerts",
        "add",
        "--name",
        "X",
        "--measure",
        "nope",
        "--op",
        "gt",
        "--threshold",
        "1",
        "--schedule",
        "daily@09:00",
    ]);
    assert!(message.contains("\"nope\" is not a measure"), "{message}");
    assert!(book.fails(&["alerts", "report", "999"]).contains("there is no book at"), "looking needs a book");
    assert!(book.fails(&["alerts", "list"]).contains("there is no book at"));
    assert!(!book.db.exists(), "a failed command must not leave a new database file");
}

#[test]
fn desk_names_whose_computer_this_is_and_is_kept_on_it() {
    let book = Book::new();
    assert!(book.ok(&["desk"]).contains("nobody's desk"));
    assert!(book.ok(&["desk", "--name", "Kim", "--role", "Owner"]).contains("the desk of Kim, Owner"));
    let kept = book.json(&["desk"]);
    assert_eq!(
        (kept["name"].as_str(), kept["role"].as_str(), kept["set"].as_bool()),
        (Some("Kim"), Some("Owner"), Some(true))
    );
    assert!(book.ok(&["desk", "--clear"]).contains("nobody's desk"));
}
