//! Databases written by earlier schema versions open, upgrade and keep every value.
//!
//! Each fixture in tests/fixtures was written by the release that introduced its
//! schema version (`clientele demo --customers 40`, one edit, one extra group
//! value) and is never regenerated: later migrations must carry it forward.

use crate::cli_support::Book;
use clientele::domain::customer::OnExceed;
use clientele::domain::sample::Generator;
use clientele::domain::search::SearchQuery;
use clientele::domain::terms::{Source, TermsSet};
use clientele::store::{Side, Store, latest_version};
use rust_decimal_macros::dec;
use tempfile::TempDir;

fn open_copy(fixture: &str) -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("copy.db");
    std::fs::copy(format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR")), &path).unwrap();
    let store = Store::open(&path).unwrap();
    (dir, store)
}

#[test]
fn schema_v1_book_opens_with_every_value_intact() {
    let (dir, store) = open_copy("customer-book-v1.db");
    assert_eq!(store.customer_count().unwrap(), 40);
    for n in [0_u64, 17, 39] {
        let mut expected = Generator::new(42).customer(n);
        let mut stored = store.customer_by_code(&expected.code).unwrap().expect("customer from the fixture");
        stored.id = None;
        expected.id = None;
        if n == 1 {
            expected.memo = "edited in schema v1".into();
        }
        assert_eq!(stored, expected, "customer {n}");
    }
    let edited = store.customer_by_code("C000002").unwrap().unwrap();
    assert_eq!(edited.memo, "edited in schema v1");
    let history = store.history(edited.id.unwrap()).unwrap();
    assert!(history.iter().any(|h| h.field == "Memo" && h.new_value == "edited in schema v1"));
    let region = store.group_axes().unwrap().into_iter().find(|a| a.name == "Region").unwrap();
    assert!(region.values.iter().any(|v| v.name == "Mars"));
    assert_eq!(store.search(&SearchQuery::text("C000017")).unwrap()[0].code, "C000017");
    drop(store);

    let conn = rusqlite::Connection::open(dir.path().join("copy.db")).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, latest_version());
}

/// Written by the schema v2 release: `clientele demo --customers 40 --items 20 --vouchers 400`,
/// an opening balance, a sale S-2026-000011 with a collection of 50.00 applied to it, and a void.
/// Its ageing JSON files were printed by that release on 2026-11-29.
#[test]
fn schema_v2_trading_book_ages_to_the_same_figures_and_keeps_applied_settlements() {
    let book = Book::file();
    std::fs::copy(format!("{}/tests/fixtures/trading-v2.db", env!("CARGO_MANIFEST_DIR")), &book.db).unwrap();
    for (args, printed) in [
        (&["aging", "--as-of", "2026-11-29"][..], "trading-v2-ageing.json"),
        (&["aging", "--payables", "--as-of", "2026-11-29"][..], "trading-v2-ageing-payables.json"),
    ] {
        let path = format!("{}/tests/fixtures/{printed}", env!("CARGO_MANIFEST_DIR"));
        let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(book.json(args), expected, "{args:?}");
    }

    let open_on_s11 = |store: &Store| {
        let customer = store.customer_by_code("C000022").unwrap().unwrap().id.unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let open = store.open_invoices(customer, Side::Receivable, as_of).unwrap();
        open.iter().find(|i| i.number == "S-2026-000011").map(|i| i.open)
    };
    // The collection applied before the upgrade still pays the invoice it named, not the oldest one.
    assert_eq!(open_on_s11(&Store::open(&book.db).unwrap()), Some(dec!(24.22)));
    book.ok(&[
        "collect",
        "--customer",
        "C000022",
        "--amount",
        "10",
        "--date",
        "2026-11-01",
        "--apply",
        "S-2026-000011",
    ]);
    assert_eq!(open_on_s11(&Store::open(&book.db).unwrap()), Some(dec!(14.22)));
}

/// Before schema v5 a customer's "off" meant "not set here": its groups' warn or block applied.
/// The upgrade keeps that: warn and block stay the customer's own, off becomes "from group".
#[test]
fn schema_v1_actions_stay_own_and_off_becomes_from_group() {
    let (dir, mut store) = open_copy("customer-book-v1.db");
    let action = |store: &Store, code: &str| store.customer_by_code(code).unwrap().unwrap().on_exceed;
    // As written by the v1 release: C000002 warn, C000011 block, C000023 off with its limits.
    assert_eq!(action(&store, "C000002"), Some(OnExceed::Warn));
    assert_eq!(action(&store, "C000011"), Some(OnExceed::Block));
    assert_eq!(action(&store, "C000023"), None);
    let ids = store.browse_ids(&SearchQuery::default()).unwrap();
    let own = ids.iter().filter(|id| store.customer(**id).unwrap().unwrap().on_exceed.is_some()).count();
    assert_eq!((ids.len(), own), (40, 12), "10 warn and 2 block stay the customers' own");

    // Every group value now blocks: the warn customer keeps its own action, the off one inherits.
    for axis in store.group_axes().unwrap() {
        for value in &axis.values {
            let terms = TermsSet { on_exceed: Some(OnExceed::Block), ..TermsSet::default() };
            store.set_group_terms(&axis.name, &value.name, &terms).unwrap();
        }
    }
    let effective = |store: &Store, code: &str| {
        let customer = store.customer_by_code(code).unwrap().unwrap();
        store.effective_terms(&customer).unwrap().on_exceed
    };
    let warned = effective(&store, "C000002");
    assert_eq!((warned.value, warned.source), (OnExceed::Warn, Source::Customer));
    let inherited = effective(&store, "C000023");
    assert_eq!(inherited.value, OnExceed::Block);
    assert!(matches!(inherited.source, Source::Group { .. }), "{:?}", inherited.source);

    // Saved with its own Off, C000023 now overrides the groups' Block.
    let mut off = store.customer_by_code("C000023").unwrap().unwrap();
    off.on_exceed = Some(OnExceed::Off);
    store.update_customer(&off).unwrap();
    assert_eq!(action(&store, "C000023"), Some(OnExceed::Off));
    let own_off = effective(&store, "C000023");
    assert_eq!((own_off.value, own_off.source), (OnExceed::Off, Source::Customer));
    drop(store);

    let conn = rusqlite::Connection::open(dir.path().join("copy.db")).unwrap();
    let stored: (String, i64) = conn
        .query_row("SELECT on_exceed, on_exceed_own FROM customers WHERE code = 'C000023'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stored, ("off".to_string(), 1));
}

#[test]
fn an_upgraded_trading_book_takes_alert_rules_and_runs_them() {
    use clientele::domain::alerts::{Comparison, Measure, Period, Rule, Schedule, Scope};
    use clientele::domain::customer::Role;
    let (_dir, mut store) = open_copy("trading-v2.db");
    let owing: std::collections::BTreeSet<String> = store
        .balances(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|b| b.balance.receivable > dec!(1000))
        .filter(|b| store.customer_by_code(&b.code).unwrap().is_some_and(|c| c.role != Role::Vendor))
        .map(|b| b.code)
        .collect();
    assert!(!owing.is_empty(), "the fixture has customers owing over 1,000");
    let rule = Rule {
        id: None,
        name: "Owing over 1,000".into(),
        measure: Measure::Receivable,
        comparison: Comparison::Greater,
        threshold: dec!(1000),
        period: Period::ThisWeek,
        scope: Scope::default(),
        schedule: Schedule::parse("daily@08:00").unwrap(),
        recipients: Vec::new(),
        enabled: true,
        notify_when_empty: false,
    };
    let id = store.save_alert_rule(&rule).unwrap();
    let run = store.run_alert(id, None, chrono::Local::now().naive_local()).unwrap().unwrap();
    let found: std::collections::BTreeSet<String> =
        store.alert_report(run.id).unwrap().matches.into_iter().map(|m| m.code).collect();
    assert_eq!(found, owing);
}

#[test]
fn an_upgrade_that_fails_says_why_in_a_sentence_and_leaves_the_book_at_its_version() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("copy.db");
    std::fs::copy(format!("{}/tests/fixtures/customer-book-v1.db", env!("CARGO_MANIFEST_DIR")), &path).unwrap();
    {
        // A table the next version creates, already there: its migration cannot run.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE items (stray TEXT);").unwrap();
    }
    let error = Store::open(&path).unwrap_err();
    let said = error.to_string();
    assert!(said.contains("could not be upgraded") && said.contains("items already exists"), "{said}");
    assert!(!said.contains("CREATE") && said.lines().count() == 1 && said.len() < 400, "no SQL is shown: {said}");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1, "the book stays at the version it was");
}
