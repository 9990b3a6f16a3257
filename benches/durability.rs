//! What a power-cut-safe save costs: saving a five-line sale with the book's durability
//! (synchronous=FULL: the log is on the disk before "saved") against the old setting
//! (synchronous=NORMAL: safe from a crash of the program only), in the same run on the same
//! book, for a ratio that the machine's noise affects alike.
//!
//! The book (2,000 customers, 100 items, 50,000 vouchers from the `clientele demo` generator,
//! seed 7) is generated once into target/bench-data; saving sales adds vouchers as it runs.

mod support;

use clientele::domain::sample::{Generator, sample_schema};
use clientele::store::{Durability, Store};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Duration;

const CUSTOMERS: u64 = 2_000;
const ITEMS: u64 = 100;
const VOUCHERS: u64 = 50_000;
const SEED: u64 = 7;

fn book() -> std::path::PathBuf {
    let path = support::bench_database(&format!("durability-{CUSTOMERS}-{VOUCHERS}-seed{SEED}.db"));
    let complete = Store::open(&path).and_then(|s| s.voucher_counts()).is_ok_and(|(v, _)| v >= VOUCHERS);
    if !complete {
        support::clear_away(&path);
        let mut store = Store::open(&path).expect("open bench database");
        store.install_sample_schema(&sample_schema()).expect("sample schema");
        let generator = Generator::new(SEED);
        store.insert_many((0..CUSTOMERS).map(|n| generator.customer(n)), |_| {}).expect("customers");
        store.add_sample_items(SEED, ITEMS).expect("items");
        store.add_sample_vouchers(SEED, VOUCHERS, support::ten_years(), |_| {}).expect("vouchers");
    }
    path
}

fn benches(c: &mut Criterion) {
    let mut store = Store::open(&book()).expect("open bench database");
    let item_ids = store.item_ids().expect("items");
    let items: Vec<_> = item_ids.iter().take(5).map(|&id| store.item(id).expect("item").expect("exists")).collect();
    let customers = support::sale_customers(&store, 1_000);
    let mut turn = 0_usize;
    let mut group = c.benchmark_group("durability");
    group.sample_size(100).measurement_time(Duration::from_secs(10));
    for (durability, label) in [
        (Durability::PowerCut, "saving a five-line sale, safe from a power cut (synchronous=FULL)"),
        (Durability::ProgramCrash, "saving a five-line sale, safe from a program crash only (synchronous=NORMAL)"),
    ] {
        store.set_durability(durability).expect("durability");
        group.bench_function(label, |b| {
            b.iter(|| {
                turn = (turn + 1) % customers.len();
                let sale = support::priced_sale(&store, &customers[turn], &items, Decimal::from(2));
                black_box(store.save_voucher_accepting(&sale, true).expect("save sale"))
            })
        });
    }
    group.finish();
}

criterion_group!(durability, benches);
criterion_main!(durability);
