//! Pricing at scale (issue 4): 100,000 customers, 10,000 items, 10 price levels,
//! 200,000 special prices and about 5,000,000 voucher lines from the `clientele demo`
//! generator. Medians of resolving one line's price for a customer who has special
//! prices for the item, and of pricing a five-line sale by the resolver and saving it
//! with its credit check; the goal is 5 ms.
//!
//! The database is generated once (seed 42) and kept in target/bench-data;
//! delete it to regenerate. Saving sales adds vouchers to it as it runs.

mod support;

use clientele::domain::customer::Customer;
use clientele::domain::pricing::{PriceQuery, PriceSide};
use clientele::domain::sample::{Generator, sample_schema};
use clientele::store::Store;
use clientele::store::sample_customer;
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use support::today;

const CUSTOMERS: u64 = 100_000;
const ITEMS: u64 = 10_000;
const LEVELS: u64 = 10;
const SPECIALS: u64 = 200_000;
/// About 2.7 lines per voucher (half are settlements, without lines) gives 5,000,000 lines.
const VOUCHERS: u64 = 1_850_000;
const LINES: u64 = 5_000_000;
const SEED: u64 = 42;

fn database() -> PathBuf {
    let path =
        support::bench_database(&format!("pricing-{CUSTOMERS}-{ITEMS}-{LEVELS}-{SPECIALS}-{VOUCHERS}-seed{SEED}.db"));
    // The vouchers are loaded last: once they are all there, so is everything before them.
    let complete = Store::open(&path).and_then(|s| s.voucher_counts()).is_ok_and(|(v, _)| v >= VOUCHERS);
    if !complete {
        support::clear_away(&path);
        let started = Instant::now();
        let lap = |what: &str| eprintln!("  {what} after {:.1?}", started.elapsed());
        let mut store = Store::open(&path).expect("open bench database");
        store.install_sample_schema(&sample_schema()).expect("sample schema");
        let levels = store.new_sample_levels(LEVELS).expect("level names");
        let names: Vec<String> = levels.iter().map(|(_, name)| name.clone()).collect();
        let generator = Generator::new(SEED);
        let customers = (0..CUSTOMERS).map(|n| sample_customer(&generator, SEED, n, &names).1);
        store.insert_many(customers, |_| {}).expect("generate customers");
        lap("customers");
        store.add_sample_items(SEED, ITEMS).expect("generate items");
        lap("items");
        let prices =
            store.add_sample_prices(SEED, &levels, SPECIALS, support::today(), |_| {}).expect("generate prices");
        lap("prices");
        let (vouchers, lines) =
            store.add_sample_vouchers(SEED, VOUCHERS, support::ten_years(), |_| {}).expect("generate vouchers");
        eprintln!(
            "generated {} levels, {} level prices, {} special prices, {vouchers} vouchers with {lines} lines in {:.1?}",
            prices.levels,
            prices.level_prices,
            prices.special_prices,
            started.elapsed()
        );
        assert!(lines >= LINES * 9 / 10, "about {LINES} lines wanted, got {lines}");
    }
    path
}

fn query() -> PriceQuery {
    PriceQuery { quantity: Decimal::from(10), date: today(), discount_override: None, use_last: false }
}

fn benches(c: &mut Criterion) {
    let path = database();
    let mut store = Store::open(&path).expect("open bench database");
    let (vouchers, lines) = store.voucher_counts().expect("count");
    let specials = store.special_prices(None, None).expect("special prices");
    let levels = store.price_levels().expect("levels").len();
    eprintln!(
        "{CUSTOMERS} customers, {ITEMS} items, {levels} levels, {} special prices, {vouchers} vouchers, {lines} lines",
        specials.len()
    );
    // Sales special prices by customer and item; the pair with the most is the worst case.
    let mut pairs: HashMap<(i64, i64), usize> = HashMap::new();
    let mut by_item: HashMap<i64, usize> = HashMap::new();
    for row in specials.iter().filter(|r| r.price.side == PriceSide::Sales) {
        *pairs.entry((row.price.customer_id, row.price.item_id)).or_default() += 1;
        *by_item.entry(row.price.item_id).or_default() += 1;
    }
    drop(specials);
    let mut ranked: Vec<((i64, i64), usize)> = pairs.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let ((worst_customer, worst_item), most) = ranked[0];
    let worst = store.customer(worst_customer).expect("customer").expect("exists");
    eprintln!("customer #{worst_customer} has {most} special prices for item #{worst_item}");
    let sample: Vec<(Customer, i64)> = ranked
        .iter()
        .step_by((ranked.len() / 1_000).max(1))
        .take(1_000)
        .map(|&((customer, item), _)| (store.customer(customer).expect("customer").expect("exists"), item))
        .collect();

    let mut group = c.benchmark_group("pricing");
    group.sample_size(100).measurement_time(Duration::from_secs(10));
    group.bench_function("resolving one line's price (the pair with the most special prices)", |b| {
        b.iter(|| black_box(store.resolve_price(&worst, worst_item, PriceSide::Sales, &query()).expect("price")))
    });
    let mut turn = 0_usize;
    group.bench_function("resolving one line's price (1,000 pairs with special prices in turn)", |b| {
        b.iter(|| {
            turn = (turn + 1) % sample.len();
            let (customer, item) = &sample[turn];
            black_box(store.resolve_price(customer, *item, PriceSide::Sales, &query()).expect("price"))
        })
    });

    // The five items with the most special prices, so many of the sales below find one.
    let mut popular: Vec<(i64, usize)> = by_item.into_iter().collect();
    popular.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let items: Vec<_> = popular.iter().take(5).map(|&(id, _)| store.item(id).expect("item").expect("exists")).collect();
    let customers = support::sale_customers(&store, 5_000);
    let mut turn = 0_usize;
    group.sample_size(50).measurement_time(Duration::from_secs(10));
    // What the entry pane does: each line priced by the resolver, then the save with its credit check.
    group.bench_function("pricing five lines and saving the sale with its credit check", |b| {
        b.iter(|| {
            turn = (turn + 1) % customers.len();
            let sale = support::priced_sale(&store, &customers[turn], &items, Decimal::from(10));
            black_box(store.save_voucher_accepting(&sale, true).expect("save sale"))
        })
    });
    group.finish();
}

criterion_group!(pricing, benches);
criterion_main!(pricing);
