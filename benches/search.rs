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

use clientele::domain::sample::{Generator, sample_schema};
use clientele::domain::search::SearchQuery;
use clientele::store::Store;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const CUSTOMERS: u64 = 1_000_000;
const BIG_CUSTOMERS: u64 = 10_000_000;
const SEED: u64 = 42;

/// A book of `customers` generated customers, made in one bulk load as `clientele demo` makes it.
fn database(customers: u64) -> PathBuf {
    let path = support::bench_database(&format!("customers-{customers}-seed{SEED}.db"));
    let complete = Store::open(&path).and_then(|s| s.customer_count()).is_ok_and(|n| n == customers);
    if !complete {
        support::clear_away(&path);
        let started = Instant::now();
        let mut store = Store::open(&path).expect("open bench database");
        store.install_sample_schema(&sample_schema()).expect("sample schema");
        let generator = Generator::new(SEED);
        store
            .insert_many((0..customers).map(|n| generator.customer(n)), |done| {
                if done % 1_000_000 == 0 {
                    eprintln!("{done} customers in {:.1?}", started.elapsed());
                }
            })
            .expect("generate customers");
        eprintln!("generated {customers} customers in {:.1?}", started.elapsed());
    }
    path
}

/// Queries a clerk would type, taken from real generated customers so each one finds something.
fn typed_queries() -> Vec<(&'static str, SearchQuery)> {
    let generator = Generator::new(SEED);
    let western = (0..CUSTOMERS)
        .map(|n| generator.customer(n))
        .find(|c| c.name.is_ascii() && c.name.len() > 12 && !c.contacts.is_empty() && c.phone.len() > 8)
        .expect("an ascii-named customer");
    let korean = (0..CUSTOMERS)
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

fn search(c: &mut Criterion) {
    search_book(c, CUSTOMERS, "1m");
    if std::env::var_os("CLIENTELE_BENCH_BIG").is_some_and(|v| v == "1") {
        search_book(c, BIG_CUSTOMERS, "10m");
    }
}

fn search_book(c: &mut Criterion, customers: u64, size: &str) {
    let store = Store::open(&database(customers)).expect("open");
    let mut group = c.benchmark_group(format!("search_{size}"));
    group.sample_size(40).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    for (label, query) in typed_queries() {
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
