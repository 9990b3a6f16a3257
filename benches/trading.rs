//! Trading at the scale of a busy office's ten years: 100,000 customers and
//! about 5,000,000 voucher lines from the `clientele demo` generator. Medians of
//! one customer's first ledger page, the balances and the ageing of every
//! customer, saving a five-line sale (with its credit check), and pricing its
//! five lines by the resolver before saving it.
//!
//! The database is generated once (seed 42) and kept in target/bench-data;
//! delete it to regenerate. Saving sales adds vouchers to it as it runs.

mod support;

use clientele::store::{ReportFilter, Side, Store};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Duration;
use support::{TRADING_CUSTOMERS as CUSTOMERS, today};

fn benches(c: &mut Criterion) {
    let path = support::trading_database();
    let mut store = Store::open(&path).expect("open bench database");
    let (vouchers, lines) = store.voucher_counts().expect("count");
    eprintln!("{CUSTOMERS} customers, {vouchers} vouchers, {lines} lines");
    // The busiest customer has the longest ledger: the worst first page.
    let busiest = store
        .balances(&ReportFilter::default())
        .expect("balances")
        .into_iter()
        .map(|b| b.id)
        .max_by_key(|&id| store.ledger(id, None, None, Some((0, 1))).map(|l| l.total_entries).unwrap_or(0))
        .expect("a customer with vouchers");
    let entries = store.ledger(busiest, None, None, Some((0, 1))).expect("ledger").total_entries;
    eprintln!("busiest customer #{busiest}: {entries} ledger entries");

    let mut group = c.benchmark_group("trading");
    group.sample_size(20).measurement_time(Duration::from_secs(10));
    group.bench_function("ledger first page (50 rows) of the busiest customer", |b| {
        b.iter(|| black_box(store.ledger(busiest, None, None, Some((0, 50))).expect("ledger")))
    });
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("balances of all customers", |b| {
        b.iter(|| black_box(store.balances(&ReportFilter::default()).expect("balances")))
    });
    group.bench_function("ageing of all customers", |b| {
        b.iter(|| black_box(store.ageing(Side::Receivable, today(), &ReportFilter::default()).expect("ageing")))
    });
    group.sample_size(50).measurement_time(Duration::from_secs(10));
    let item_ids = store.item_ids().expect("items");
    let items: Vec<_> = item_ids.iter().take(5).map(|&id| store.item(id).expect("item").expect("exists")).collect();
    // Each sale goes to the next customer in turn, so repeated runs do not pile
    // thousands of sales onto one ledger (and slow the ledger figure above).
    let customers = support::sale_customers(&store, 5_000);
    let mut turn = 0_usize;
    group.bench_function("saving a five-line sale", |b| {
        b.iter(|| {
            turn = (turn + 1) % customers.len();
            let sale = support::five_line_sale(customers[turn].id.unwrap_or_default(), &items);
            black_box(store.save_voucher_accepting(&sale, true).expect("save sale"))
        })
    });
    // What the entry pane does: each line priced by the resolver, then the save with its credit check.
    group.bench_function("pricing five lines and saving the sale", |b| {
        b.iter(|| {
            turn = (turn + 1) % customers.len();
            let sale = support::priced_sale(&store, &customers[turn], &items, Decimal::from(3));
            black_box(store.save_voucher_accepting(&sale, true).expect("save sale"))
        })
    });
    group.finish();
}

criterion_group!(trading, benches);
criterion_main!(trading);
