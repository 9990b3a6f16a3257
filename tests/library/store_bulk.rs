//! Bulk loads of any size: the search index keeps merging its segments while a large load holds
//! its gradual merging off, so it never meets FTS5's 2,000-segment cap ("database or disk is
//! full"), and a load that fails or is cancelled part-way leaves the book as it was.

use clientele::domain::customer::Customer;
use clientele::domain::import::ImportOptions;
use clientele::domain::import::customers::Catalog;
use clientele::domain::sample::{Generator, sample_schema};
use clientele::domain::search::SearchQuery;
use clientele::store::{ImportRow, Store, StoreError};
use std::path::Path;

/// More customers than a bulk load's threshold (10,000), so the bulk path is taken.
const MANY: u64 = 10_500;

/// A book whose search index flushes its in-memory buffer every 256 bytes, about every customer,
/// rather than every megabyte: the segments a load of millions makes, made by a few thousand.
fn book_with_a_tiny_search_buffer(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store.install_sample_schema(&sample_schema()).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute("INSERT INTO customer_search (customer_search, rank) VALUES ('hashsize', 256)", []).unwrap();
    store
}

/// Raw facts of the search index, read beside the store: its segment count and merge settings.
fn search_index(path: &Path) -> (i64, Vec<(String, i64)>) {
    let conn = rusqlite::Connection::open(path).unwrap();
    // A segment's pages are keyed by its id shifted left 37 bits; lower ids are the index's own records.
    let segments = conn
        .query_row("SELECT count(DISTINCT id >> 37) FROM customer_search_data WHERE id >= (1 << 37)", [], |r| r.get(0))
        .unwrap();
    let settings = conn
        .prepare("SELECT k, v FROM customer_search_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    (segments, settings)
}

fn finds(store: &Store, text: &str) -> Vec<String> {
    let query = SearchQuery { text: text.into(), ..Default::default() };
    store.search(&query).unwrap().into_iter().map(|row| row.code).collect()
}

#[test]
fn a_load_making_thousands_of_search_segments_succeeds_and_ends_with_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("book.db");
    let mut store = book_with_a_tiny_search_buffer(&path);
    let generator = Generator::new(7);
    let added = store.insert_many((0..MANY).map(|n| generator.customer(n)), |_| {}).unwrap();

    assert_eq!(added, MANY);
    let last = generator.customer(MANY - 1);
    assert!(finds(&store, &last.name).contains(&last.code), "the last customer loaded is found by name");
    let (segments, settings) = search_index(&path);
    assert_eq!(segments, 1, "the load ends with one merged segment");
    assert_eq!(settings, [("automerge".into(), 4), ("crisismerge".into(), 16)], "SQLite's merge settings are back");
}

#[test]
fn a_load_failing_after_thousands_of_segments_leaves_the_book_as_it_was() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("book.db");
    let mut store = book_with_a_tiny_search_buffer(&path);
    store.insert_customer(&Customer { code: "ACME".into(), ..Customer::new("Acme") }).unwrap();
    let before = search_index(&path);
    let generator = Generator::new(7);
    // The last customer has no name, so it is refused after all the others were written.
    let customers = (0..MANY).map(|n| if n == MANY - 1 { Customer::new(" ") } else { generator.customer(n) });
    let error = store.insert_many(customers, |_| {}).unwrap_err();

    assert!(matches!(error, StoreError::Invalid(_)), "{error}");
    assert_eq!(store.customer_count().unwrap(), 1);
    assert!(finds(&store, &generator.customer(100).name).is_empty(), "nothing loaded is in the search index");
    assert_eq!(search_index(&path), before, "the search index and its settings are as they were");
    assert_eq!(finds(&store, "Acme").len(), 1);
}

#[test]
fn a_large_import_cancelled_after_thousands_of_segments_writes_nothing_and_one_applied_is_found() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("book.db");
    let mut store = book_with_a_tiny_search_buffer(&path);
    let headers: Vec<String> = ["Code", "Name"].iter().map(|h| h.to_string()).collect();
    let rows = (0..MANY as usize)
        .map(|n| ImportRow { number: n + 2, cells: vec![format!("B{n:05}"), format!("Bulk Trading {n}")] });
    let mapping = Catalog::new(&store.field_defs().unwrap(), &store.group_axes().unwrap()).guess(&headers, &[]);
    let plan = store.plan_customer_import(&headers, &mapping, rows, &ImportOptions::default()).unwrap();
    let before = search_index(&path);

    let cancelled = store.apply_customer_import_with(&plan, "bulk.csv", false, &mut |done| done < 10_000);
    assert!(matches!(cancelled, Err(StoreError::Cancelled)), "{cancelled:?}");
    assert_eq!(store.customer_count().unwrap(), 0);
    assert!(store.import_history().unwrap().is_empty());
    assert_eq!(search_index(&path), before);

    let batch = store.apply_customer_import(&plan, "bulk.csv", false).unwrap();
    assert_eq!(finds(&store, "Trading 10499"), ["B10499"]);
    assert_eq!(search_index(&path).0, 1);
    store.undo_import(batch).unwrap();
    assert!(finds(&store, "Trading 10499").is_empty());
}

/// On either engine (a server's when CLIENTELE_TEST_POSTGRES is set, where the rows go with COPY):
/// a load above the threshold holds each customer whole, finds them by their words, numbers the
/// next customer after them, and refuses a taken code by name with nothing written.
#[test]
fn a_large_load_holds_every_customer_whole_on_either_engine() {
    let dir = tempfile::TempDir::new().unwrap();
    let location = crate::cli_support::fresh_location(dir.path());
    let mut store = Store::open(&location).unwrap();
    store.install_sample_schema(&sample_schema()).unwrap();
    let schema = schema_of(&location);
    let generator = Generator::new(7);
    let unusual = |n: u64| {
        let mut customer = generator.customer(n);
        if n == 3 {
            customer.name = "O'Brien \\ Söhne 한빛상사".into();
            customer.memo = "two\tcolumns\nand \\N lines".into();
        }
        customer
    };
    let mut with_taken_code: Vec<Customer> = (0..MANY).map(unusual).collect();
    with_taken_code[10_200].code = with_taken_code[5].code.clone();
    let error = store.insert_many(with_taken_code, |_| {}).unwrap_err();
    assert!(matches!(&error, StoreError::DuplicateCode(code) if *code == generator.customer(5).code), "{error:?}");
    assert_eq!(store.customer_count().unwrap(), 0);

    assert_eq!(store.insert_many((0..MANY).map(unusual), |_| {}).unwrap(), MANY);
    for n in [0, 3, 4_321, MANY - 1] {
        let stored = store.customer_by_code(&generator.customer(n).code).unwrap().unwrap();
        assert_eq!(Customer { id: None, ..stored }, unusual(n), "customer {n} as loaded");
    }
    assert_eq!(finds(&store, "Söhne 한빛"), [generator.customer(3).code]);
    let last = generator.customer(MANY - 1);
    assert!(finds(&store, &last.name).contains(&last.code));
    let next = store.insert_customer(&Customer::new("After the load")).unwrap();
    assert_eq!(next.code, format!("C{:06}", MANY + 1));
    assert_eq!(schema_of(&location), schema, "the indexes and keys dropped for the load are back as they were");
}

/// Every index, and on a server every constraint, of the book at `location`, as SQL.
fn schema_of(location: &Path) -> Vec<String> {
    let Some(url) = location.to_str().filter(|l| l.starts_with("postgres")) else {
        let conn = rusqlite::Connection::open(location).unwrap();
        let mut statement = conn.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name").unwrap();
        return statement.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    };
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let sql = "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
               UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
               FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1";
    client.query(sql, &[]).unwrap().iter().map(|row| row.get(0)).collect()
}

/// A book filled as `clientele demo` fills one, with loads above the threshold: prices and
/// vouchers enough that their indexes are rebuilt.
fn demo_book(mut store: Store) -> Store {
    use chrono::NaiveDate;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    store.install_sample_schema(&sample_schema()).unwrap();
    let generator = Generator::new(11);
    store.insert_many((0..400).map(|n| generator.customer(n)), |_| {}).unwrap();
    store.add_sample_items(11, 60).unwrap();
    let levels = store.new_sample_levels(2).unwrap();
    let prices = store.add_sample_prices(11, &levels, MANY, day(2025, 3, 1), |_| {}).unwrap();
    assert_eq!(prices.special_prices, MANY);
    store.add_sample_vouchers(11, MANY, (day(2020, 1, 1), day(2025, 3, 1)), |_| {}).unwrap();
    store
}

/// On the server (when CLIENTELE_TEST_POSTGRES is set), where the loads go with COPY, the same
/// generated prices and vouchers give the same book as in a file: the same prices, ledgers,
/// balances and ageing (whose settlements find their invoices); a load naming a customer the
/// book lacks is refused with nothing written.
#[test]
fn price_and_voucher_loads_give_the_same_book_on_either_engine() {
    use clientele::domain::customer::Role;
    use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
    use clientele::store::{ReportFilter, Side};
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let mut book = demo_book(crate::test_book().unwrap());
    let file = demo_book(Store::open_in_memory().unwrap());

    assert_eq!(book.voucher_counts().unwrap(), file.voucher_counts().unwrap());
    assert_eq!(book.special_prices(None, None).unwrap(), file.special_prices(None, None).unwrap());
    assert_eq!(book.level_prices(None).unwrap(), file.level_prices(None).unwrap());
    let balances = book.balances(&ReportFilter::default()).unwrap();
    assert_eq!(balances, file.balances(&ReportFilter::default()).unwrap());
    let ageing = book.ageing(Side::Receivable, as_of, &ReportFilter::default()).unwrap();
    assert_eq!(ageing, file.ageing(Side::Receivable, as_of, &ReportFilter::default()).unwrap());
    for customer in balances.iter().step_by(37) {
        assert_eq!(
            book.ledger(customer.id, None, None, None).unwrap(),
            file.ledger(customer.id, None, None, None).unwrap()
        );
    }

    let before = book.voucher_counts().unwrap();
    let item = book.item(book.item_ids().unwrap()[0]).unwrap().unwrap();
    let sale = |customer| {
        let mut sale = Voucher::new(VoucherKind::Sale, customer, as_of);
        sale.lines.push(VoucherLine {
            item_id: item.id.unwrap(),
            item_code: item.code.clone(),
            item_name: item.name.clone(),
            unit: item.unit.clone(),
            quantity: 2.into(),
            unit_price: item.sales_price,
            discount_pct: 0.into(),
            tax_rate: item.tax_rate,
            price_basis: None,
        });
        (sale, None)
    };
    let (known, _, _) = book.customer_terms().unwrap().into_iter().find(|(_, role, _)| *role != Role::Vendor).unwrap();
    let error = book.insert_vouchers([sale(known), sale(known), sale(999_999)], |_| {}).unwrap_err();
    assert!(matches!(&error, StoreError::CustomerNotFound(c) if c == "#999999"), "{error:?}");
    assert_eq!(book.voucher_counts().unwrap(), before);
}
