//! What the benchmarks share: where their generated databases are kept, clearing one away to
//! generate it again, the trading book more than one bench reads, and the rows of a generated
//! customer import file.

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
    use clientele::domain::sample::{Generator, sample_schema};
    use clientele::store::Store;
    let path = bench_database(&format!("trading-{TRADING_CUSTOMERS}-{TRADING_VOUCHERS}-seed{TRADING_SEED}.db"));
    let complete = Store::open(&path).and_then(|s| s.voucher_counts()).is_ok_and(|(v, _)| v >= TRADING_VOUCHERS);
    if !complete {
        clear_away(&path);
        let started = std::time::Instant::now();
        let mut store = Store::open(&path).expect("open bench database");
        store.install_sample_schema(&sample_schema()).expect("sample schema");
        let generator = Generator::new(TRADING_SEED);
        store.insert_many((0..TRADING_CUSTOMERS).map(|n| generator.customer(n)), |_| {}).expect("generate customers");
        store.add_sample_items(TRADING_SEED, TRADING_ITEMS).expect("generate items");
        let (vouchers, lines) =
            store.add_sample_vouchers(TRADING_SEED, TRADING_VOUCHERS, ten_years(), |_| {}).expect("generate vouchers");
        eprintln!("generated {vouchers} vouchers with {lines} lines in {:.1?}", started.elapsed());
        assert!(lines >= TRADING_LINES * 9 / 10, "about {TRADING_LINES} lines wanted, got {lines}");
    }
    path
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
