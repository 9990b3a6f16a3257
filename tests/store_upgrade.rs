//! Databases written by earlier schema versions open, upgrade and keep every value.
//!
//! Each fixture in tests/fixtures was written by the release that introduced its
//! schema version (`clientele demo --customers 40`, one edit, one extra group
//! value) and is never regenerated: later migrations must carry it forward.

use clientele::domain::sample::Generator;
use clientele::domain::search::SearchQuery;
use clientele::store::{Store, latest_version};
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
