//! Type-ahead search over 1,000,000 generated customers: the median time of a
//! typed query returning its first 100 rows (ids ranked and rows fetched).
//! With CLIENTELE_BENCH_BIG=1 the same queries run over 10,000,000 customers too
//! (issue 17: a book of any size); generating that book took 31 minutes on a shared two-core
//! machine (`clientele demo --customers 10000000` makes a book of the same customers, which the
//! bench accepts).
//!
//! The databases are generated once with the same generator as `clientele demo`
//! (seed 42) and kept in target/bench-data; delete one to regenerate it.
//!
//! Medians of one run (release, two shared cores), 1,000,000 | 10,000,000 customers:
//! exact code 225 µs | 315 µs; name prefix, 3 letters 3.2 | 2.1 ms; first word 2.6 | 1.6 ms;
//! word inside names 6.7 | 36 ms; phone, last 4 digits 2.9 | 3.4 ms; Hangul, 2 letters inside
//! 1.3 | 4.0 ms; contact person 5.1 | 2.4 ms; prefix + Region filter 1.4 | 2.5 ms; no match
//! 63 | 175 µs; browse, all ids in name order 62 ms | 1.07 s.

mod support;

use clientele::domain::search::SearchQuery;
use clientele::store::Store;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const CUSTOMERS: u64 = support::SEARCH_CUSTOMERS;
const BIG_CUSTOMERS: u64 = 10_000_000;

fn search(c: &mut Criterion) {
    search_book(c, CUSTOMERS, "1m");
    if std::env::var_os("CLIENTELE_BENCH_BIG").is_some_and(|v| v == "1") {
        search_book(c, BIG_CUSTOMERS, "10m");
    }
}

fn search_book(c: &mut Criterion, customers: u64, size: &str) {
    let store = Store::open(&support::customers_database(customers)).expect("open");
    let mut group = c.benchmark_group(format!("search_{size}"));
    group.sample_size(40).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    for (label, query) in support::typed_queries() {
        let found = store.search(&query).expect("search").len();
        eprintln!("{label}: {:?} -> {found} rows", query.text);
        group.bench_with_input(BenchmarkId::from_parameter(label), &query, |b, query| {
            b.iter(|| black_box(store.search(black_box(query)).expect("search")))
        });
    }
    group.finish();

    let mut browse = c.benchmark_group(format!("browse_{size}"));
    browse.sample_size(10).measurement_time(Duration::from_secs(5));
    browse.bench_function("all ids in name order", |b| {
        b.iter(|| black_box(store.browse_ids(&SearchQuery::default()).expect("browse")))
    });
    browse.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
