//! Ledger alerts at the scale of a busy office's ten years (issue 6), on the trading book the
//! trading bench uses: 100,000 customers and 1,850,000 vouchers (about 5,100,000 lines) from the
//! `clientele demo` generator. Medians of `Store::evaluate_alert` for the seed rule
//! (sales this week over 10,000) and for one rule of each other kind of figure, and of an idle
//! wake-up of the checker: five enabled rules whose slots have all run, so the tick finds nothing
//! due — the cost paid every 30 seconds while the program is open.
//!
//! Rules are evaluated on the last day the book has a sale (printed), so "this week" and "the
//! last 365 days" cover generated trading even when the book was generated weeks ago. The checker
//! runs on a copy of the book (removed afterwards), so its rules and runs never reach the shared
//! file.

mod support;

use chrono::{Local, NaiveDate, NaiveTime, TimeDelta};
use clientele::alerts::{Checker, RecordingNotifier};
use clientele::domain::alerts::{Comparison, Measure, Period, Recipient, Rule, Schedule, Scope, slot_instant};
use clientele::store::Store;
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::TRADING_CUSTOMERS;

fn rule(name: &str, measure: Measure, comparison: Comparison, threshold: i64, period: Period, schedule: &str) -> Rule {
    Rule {
        id: None,
        name: name.into(),
        measure,
        comparison,
        threshold: Decimal::from(threshold),
        period,
        scope: Scope::default(),
        schedule: Schedule::parse(schedule).expect("schedule"),
        recipients: vec![
            Recipient::parse("Kim|CEO").expect("recipient"),
            Recipient::parse("Lee|Sales manager").expect("recipient"),
        ],
        enabled: true,
        notify_when_empty: false,
    }
}

/// The example first, then one rule of each other kind of figure; each with a schedule of
/// its own, as an office would set them up.
fn rules() -> Vec<Rule> {
    use Comparison::{AtLeast, Greater};
    vec![
        rule("Big sellers", Measure::Sales, Greater, 10_000, Period::ThisWeek, "weekly:fri@09:00"),
        rule("Owing a lot", Measure::Receivable, Greater, 10_000, Period::ThisWeek, "daily@08:00"),
        rule("Long overdue", Measure::OverdueDays, AtLeast, 60, Period::ThisWeek, "weekly:mon@07:30"),
        rule("Near the credit limit", Measure::CreditUsedPct, Greater, 80, Period::ThisWeek, "monthly:1@09:00"),
        rule("Gone quiet", Measure::DaysSinceSale, Greater, 90, Period::ThisWeek, "daily@18:00"),
        rule("Big buyers this year", Measure::Sales, Greater, 10_000, Period::LastDays(365), "weekly:mon@08:00"),
    ]
}

/// The last day with a sale, up to today: where the generated trading ends.
fn last_sale_day(store: &Store) -> NaiveDate {
    let today = support::today();
    let every_buyer = rule("Any sale", Measure::DaysSinceSale, Comparison::AtLeast, 0, Period::ThisWeek, "daily@09:00");
    let evaluation = store.evaluate_alert(&every_buyer, today).expect("days since the last sale");
    let fewest = evaluation.matches.iter().map(|m| m.value).min().and_then(|days| i64::try_from(days).ok());
    fewest.map_or(today, |days| today - TimeDelta::days(days))
}

/// A fresh copy of the book for the checker to write its rules and runs into.
fn checker_copy(book: &Path) -> PathBuf {
    let copy = support::bench_database("alerts-checker.db");
    support::clear_away(&copy);
    // A WAL left by an interrupted run holds committed pages the main file may lack yet.
    for suffix in ["", "-wal"] {
        let from = PathBuf::from(format!("{}{suffix}", book.display()));
        if from.exists() {
            std::fs::copy(&from, format!("{}{suffix}", copy.display())).expect("copy the trading book");
        }
    }
    copy
}

fn benches(c: &mut Criterion) {
    let path = support::trading_database();
    let store = Store::open(&path).expect("open bench database");
    let (vouchers, lines) = store.voucher_counts().expect("count");
    let as_of = last_sale_day(&store);
    eprintln!("{TRADING_CUSTOMERS} customers, {vouchers} vouchers, {lines} lines; rules evaluated on {as_of}");

    let mut group = c.benchmark_group("alerts");
    // Each evaluation reads every customer and a pass over the vouchers: about a second.
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    for (n, rule) in rules().into_iter().enumerate() {
        let seed = if n == 0 { "the seed rule, " } else { "" };
        let label = format!("evaluate {seed}{}", rule.condition(&clientele::domain::money::Currency::default()));
        let found = store.evaluate_alert(&rule, as_of).expect("evaluate").matches.len();
        eprintln!("{label}: {found} customers match");
        group.bench_function(label, |b| b.iter(|| black_box(store.evaluate_alert(&rule, as_of).expect("evaluate"))));
    }
    drop(store);

    // The checker's idle wake-up: five enabled rules, each with a slot since it was made, all
    // already run. Ticking at a fixed time a month on makes every schedule (monthly ones too)
    // owe a slot; the first tick runs them, so every tick measured finds each slot taken.
    let copy = checker_copy(&path);
    let mut store = Store::open(&copy).expect("open the copy");
    for rule in rules().into_iter().take(5) {
        store.save_alert_rule(&rule).expect("save rule");
    }
    let later =
        (Local::now().date_naive() + TimeDelta::days(32)).and_time(NaiveTime::from_hms_opt(23, 0, 0).expect("time"));
    let now = slot_instant(&Local, later);
    let mut checker = Checker::new(store, Box::new(RecordingNotifier::default()));
    let started = Instant::now();
    let (runs, problems) = checker.tick(&now);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(runs.len(), 5, "every rule owes its slot once");
    eprintln!("the first tick ran all 5 rules in {:.1?}", started.elapsed());
    let (again, problems) = checker.tick(&now);
    assert!(again.is_empty() && problems.is_empty(), "nothing is due twice: {again:?} {problems:?}");

    group.sample_size(100).measurement_time(Duration::from_secs(10));
    group.bench_function("idle checker tick (5 rules, every slot already run)", |b| {
        b.iter(|| black_box(checker.tick(black_box(&now))))
    });
    group.finish();
    drop(checker);
    support::clear_away(&copy);
}

criterion_group!(alerts, benches);
criterion_main!(alerts);
