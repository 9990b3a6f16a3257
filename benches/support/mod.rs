//! What the benchmarks share: where their generated databases are kept, clearing one away to
//! generate it again, the customer and trading books more than one bench reads (in a file or on
//! a server), the search bench's typed queries, and the rows of a generated customer import file.

#![allow(dead_code)]

use chrono::NaiveDate;
use std::path::PathBuf;

/// The path of a generated database in target/bench-data, kept between runs.
pub fn bench_database(file_name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    dir.join(file_name)
}

/// Removes an incomplete database (and its journal files) before generating it again.
pub fn clear_away(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// How many customers the trading book has.
pub const TRADING_CUSTOMERS: u64 = 100_000;
const TRADING_ITEMS: u64 = 5_000;
/// About 2.7 lines per voucher (half are settlements, without lines) gives 5,000,000 lines.
const TRADING_VOUCHERS: u64 = 1_850_000;
const TRADING_LINES: u64 = 5_000_000;
const TRADING_SEED: u64 = 42;

/// The trading book the trading and alerts benches share: 100,000 customers and about 5,000,000
/// voucher lines from the `clientele demo` generator (seed 42), generated once (when missing or
/// incomplete) and kept in target/bench-data; delete it to regenerate.
pub fn trading_database() -> PathBuf {
    use clientele::store::Store;
    let path = bench_database(&format!("trading-{TRADING_CUSTOMERS}-{TRADING_VOUCHERS}-seed{TRADING_SEED}.db"));
    if !is_complete_trading_book(&path) {
        clear_away(&path);
        fill_trading_book(&mut Store::open(&path).expect("open bench database"));
    }
    path
}

/// The name of the trading book, as a server schema's name.
pub const TRADING_BOOK: &str = "trading_100000_1850000_seed42";

/// Whether the book at `location` (a file or a server's) holds the whole trading book.
pub fn is_complete_trading_book(location: &std::path::Path) -> bool {
    clientele::store::Store::open(location).and_then(|s| s.voucher_counts()).is_ok_and(|(v, _)| v >= TRADING_VOUCHERS)
}

/// Fills an empty book with the trading book's customers, items and vouchers.
pub fn fill_trading_book(store: &mut clientele::store::Store) {
    use clientele::domain::sample::{Generator, sample_schema};
    let started = std::time::Instant::now();
    store.install_sample_schema(&sample_schema()).expect("sample schema");
    let generator = Generator::new(TRADING_SEED);
    store.insert_many((0..TRADING_CUSTOMERS).map(|n| generator.customer(n)), |_| {}).expect("generate customers");
    eprintln!("{TRADING_CUSTOMERS} customers in {:.1?}", started.elapsed());
    store.add_sample_items(TRADING_SEED, TRADING_ITEMS).expect("generate items");
    let loading = std::time::Instant::now();
    let (vouchers, lines) =
        store.add_sample_vouchers(TRADING_SEED, TRADING_VOUCHERS, ten_years(), |_| {}).expect("generate vouchers");
    eprintln!("{vouchers} vouchers with {lines} lines in {:.1?}", loading.elapsed());
    eprintln!("generated the trading book in {:.1?}", started.elapsed());
    assert!(lines >= TRADING_LINES * 9 / 10, "about {TRADING_LINES} lines wanted, got {lines}");
}

/// How many customers the search book has, and its seed.
pub const SEARCH_CUSTOMERS: u64 = 1_000_000;
pub const SEARCH_SEED: u64 = 42;

/// A book of `customers` generated customers (seed 42) in target/bench-data, made in one bulk
/// load as `clientele demo` makes it; kept, and made again when its count is not `customers`.
pub fn customers_database(customers: u64) -> PathBuf {
    use clientele::store::Store;
    let path = bench_database(&format!("customers-{customers}-seed{SEARCH_SEED}.db"));
    let complete = Store::open(&path).and_then(|s| s.customer_count()).is_ok_and(|n| n == customers);
    if !complete {
        clear_away(&path);
        fill_customers_book(&mut Store::open(&path).expect("open bench database"), customers);
    }
    path
}

/// Fills an empty book with `customers` generated customers (seed 42).
pub fn fill_customers_book(store: &mut clientele::store::Store, customers: u64) {
    use clientele::domain::sample::{Generator, sample_schema};
    let started = std::time::Instant::now();
    store.install_sample_schema(&sample_schema()).expect("sample schema");
    let generator = Generator::new(SEARCH_SEED);
    store
        .insert_many((0..customers).map(|n| generator.customer(n)), |done| {
            if done % 1_000_000 == 0 {
                eprintln!("{done} customers in {:.1?}", started.elapsed());
            }
        })
        .expect("generate customers");
    eprintln!("generated {customers} customers in {:.1?}", started.elapsed());
}

/// Queries a clerk would type, taken from real generated customers so each one finds something.
pub fn typed_queries() -> Vec<(&'static str, clientele::domain::search::SearchQuery)> {
    use clientele::domain::sample::Generator;
    use clientele::domain::search::SearchQuery;
    let generator = Generator::new(SEARCH_SEED);
    let western = (0..SEARCH_CUSTOMERS)
        .map(|n| generator.customer(n))
        .find(|c| c.name.is_ascii() && c.name.len() > 12 && !c.contacts.is_empty() && c.phone.len() > 8)
        .expect("an ascii-named customer");
    let korean = (0..SEARCH_CUSTOMERS)
        .map(|n| generator.customer(n))
        .find(|c| c.name.chars().count() >= 4 && !c.name.is_ascii() && c.name.chars().all(|ch| ch >= '가'))
        .expect("a Hangul-named customer");
    let first_word: String = western.name.split_whitespace().next().unwrap_or("a").to_string();
    let prefix3: String = western.name.chars().take(3).collect();
    let inner_word: String = western.name.split_whitespace().nth(1).unwrap_or("trade").to_string();
    let phone_digits: String = western.phone.chars().filter(char::is_ascii_digit).collect();
    let phone_fragment = phone_digits[phone_digits.len() - 4..].to_string();
    let hangul2: String = korean.name.chars().skip(1).take(2).collect();
    let contact = western.contacts[0].name.clone();
    let region = western.groups.get("Region").cloned().unwrap_or_default();
    let query = |text: &str| SearchQuery { text: text.to_string(), limit: 100, ..SearchQuery::default() };
    vec![
        ("exact code C543210", query("C543210")),
        ("name prefix, 3 letters", query(&prefix3)),
        ("name prefix, first word", query(&first_word)),
        ("word inside names", query(&inner_word)),
        ("phone, last 4 digits", query(&phone_fragment)),
        ("Hangul, 2 letters inside", query(&hangul2)),
        ("contact person", query(&contact)),
        ("prefix + Region filter", SearchQuery { groups: vec![("Region".into(), region)], ..query(&prefix3) }),
        ("no match", query("zzqxv")),
    ]
}

/// The PostgreSQL server the server bench runs against: CLIENTELE_BENCH_POSTGRES, a URL such as
/// `postgres://USER@%2Fvar%2Frun%2Fpostgresql/DB` (the local socket; the host is its folder).
pub fn bench_server() -> Option<String> {
    std::env::var("CLIENTELE_BENCH_POSTGRES").ok().filter(|url| !url.trim().is_empty())
}

/// The location of the book kept in schema `schema` of the server at `url`; with `fresh`, the
/// schema is dropped (with whatever it held) and made again empty, for a new book.
pub fn server_book(url: &str, schema: &str, fresh: bool) -> PathBuf {
    if fresh {
        let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect to the bench server");
        client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
            .expect("make the bench schema");
    }
    let joiner = if url.contains('?') { '&' } else { '?' };
    PathBuf::from(format!("{url}{joiner}options=-csearch_path%3D{schema}"))
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The ten years up to today that `clientele demo` spreads its vouchers over.
pub fn ten_years() -> (NaiveDate, NaiveDate) {
    let end = today();
    (end.checked_sub_days(chrono::Days::new(3652)).unwrap_or(end), end)
}

/// A sale as the entry pane builds one: each item on a line of `quantity`, priced by the
/// resolver for `customer` on `today`.
pub fn priced_sale(
    store: &clientele::store::Store,
    customer: &clientele::domain::customer::Customer,
    items: &[clientele::domain::item::Item],
    quantity: rust_decimal::Decimal,
) -> clientele::domain::voucher::Voucher {
    use clientele::domain::pricing::{PriceQuery, PriceSide};
    use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
    let mut sale = Voucher::new(VoucherKind::Sale, customer.id.unwrap_or_default(), today());
    let query = PriceQuery { quantity, date: today(), discount_override: None, use_last: false };
    for item in items {
        let item_id = item.id.unwrap_or_default();
        let price = store.resolve_price(customer, item_id, PriceSide::Sales, &query).expect("price");
        sale.lines.push(VoucherLine {
            item_id,
            item_code: item.code.clone(),
            item_name: item.name.clone(),
            unit: item.unit.clone(),
            quantity,
            unit_price: price.unit_price,
            discount_pct: price.discount_pct,
            tax_rate: item.tax_rate,
            price_basis: None,
        });
    }
    sale
}

/// Up to `limit` customers a sale can go to: active, not vendors only, and not ones whose credit
/// action blocks (the demo gives some limits they already exceed); the benches accept warnings.
pub fn sale_customers(store: &clientele::store::Store, limit: usize) -> Vec<clientele::domain::customer::Customer> {
    use clientele::domain::customer::{OnExceed, Role};
    use clientele::domain::search::{ActiveFilter, SearchQuery};
    let active: std::collections::HashSet<i64> = store
        .browse_ids(&SearchQuery { active: ActiveFilter::ActiveOnly, ..SearchQuery::default() })
        .expect("active customers")
        .into_iter()
        .collect();
    store
        .customer_terms()
        .expect("customers")
        .into_iter()
        .filter(|(id, role, _)| *role != Role::Vendor && active.contains(id))
        .filter_map(|(id, _, _)| store.customer(id).expect("customer"))
        .filter(|c| c.on_exceed != Some(OnExceed::Block))
        .take(limit)
        .collect()
}

/// The 20 columns of a generated customer import file.
pub const IMPORT_HEADERS: [&str; 20] = [
    "Code",
    "Name",
    "Tax ID",
    "Phone",
    "Mobile",
    "E-mail",
    "Website",
    "Billing address",
    "Billing city",
    "Billing region",
    "Billing postal code",
    "Billing country",
    "Person in charge",
    "Memo",
    "Credit limit",
    "Discount %",
    "Payment terms (days)",
    "Region",
    "Contact",
    "Contact e-mail",
];

/// Row `n` of a generated customer import file: generated customer `c` under [`IMPORT_HEADERS`].
pub fn import_cells(n: u64, c: &clientele::domain::customer::Customer) -> Vec<String> {
    let contact = c.primary_contact().cloned().unwrap_or_default();
    let decimal = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
    vec![
        format!("C{:06}", n + 1),
        c.name.clone(),
        c.tax_id.clone(),
        c.phone.clone(),
        c.mobile.clone(),
        c.email.clone(),
        c.website.clone(),
        c.billing_address.lines.replace('\n', ", "),
        c.billing_address.city.clone(),
        c.billing_address.region.clone(),
        c.billing_address.postal_code.clone(),
        c.billing_address.country.clone(),
        c.person_in_charge.clone(),
        c.memo.clone(),
        decimal(c.credit_limit),
        decimal(c.discount_rate),
        c.payment_terms_days.map(|d| d.to_string()).unwrap_or_default(),
        c.groups.get("Region").cloned().unwrap_or_default(),
        contact.name,
        contact.email,
    ]
}

/// A .csv of `rows` generated customers (seed 42) under [`IMPORT_HEADERS`], made once and kept.
pub fn import_csv(rows: u64) -> PathBuf {
    let path = bench_database(&format!("import-{rows}x20.csv"));
    if !path.exists() {
        let partial = path.with_extension("csv.partial");
        let generator = clientele::domain::sample::Generator::new(42);
        let mut writer = csv::Writer::from_path(&partial).expect("create the generated file");
        writer.write_record(IMPORT_HEADERS).expect("header");
        for n in 0..rows {
            writer.write_record(import_cells(n, &generator.customer(n))).expect("row");
        }
        writer.flush().expect("write the generated file");
        drop(writer);
        std::fs::rename(&partial, &path).expect("keep the generated file");
    }
    path
}

/// A five-line sale to `customer`, as the trading and server benches save it: three of each
/// item at its standard price.
pub fn five_line_sale(customer: i64, items: &[clientele::domain::item::Item]) -> clientele::domain::voucher::Voucher {
    use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
    let mut sale = Voucher::new(VoucherKind::Sale, customer, today());
    sale.lines = items
        .iter()
        .map(|item| VoucherLine {
            item_id: item.id.unwrap_or_default(),
            item_code: item.code.clone(),
            item_name: item.name.clone(),
            unit: item.unit.clone(),
            quantity: rust_decimal::Decimal::from(3),
            unit_price: item.sales_price,
            discount_pct: rust_decimal::Decimal::ZERO,
            tax_rate: item.tax_rate,
            price_basis: None,
        })
        .collect();
    sale
}
