//! Export figures for issue 5: 100,000 generated customers written to .xlsx by `export
//! customers` (read from the book, every column, formats, frozen and filtered header), beside a
//! bare rust_xlsxwriter write of the same cells held in memory.

mod support;

use calamine::{Data, Reader, open_workbook_auto};
use clientele::domain::sample::{Generator, sample_schema};
use clientele::domain::search::{ActiveFilter, SearchQuery};
use clientele::exchange::export::export_customers;
use clientele::store::Store;
use criterion::{Criterion, criterion_group, criterion_main};
use rust_xlsxwriter::Workbook;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const CUSTOMERS: u64 = 100_000;

/// A book of generated customers, kept between runs.
fn book() -> PathBuf {
    let path = support::bench_database(&format!("export-{CUSTOMERS}-seed42.db"));
    if !path.exists() {
        let partial = support::bench_database("export-partial.db");
        support::clear_away(&partial);
        let mut store = Store::open(&partial).expect("open");
        store.install_sample_schema(&sample_schema()).expect("schema");
        let generator = Generator::new(42);
        store.insert_many((0..CUSTOMERS).map(|n| generator.customer(n)), |_| {}).expect("load");
        drop(store);
        std::fs::rename(&partial, &path).expect("keep the book");
    }
    path
}

fn all_ids(store: &Store) -> Vec<i64> {
    let query = SearchQuery { active: ActiveFilter::All, limit: usize::MAX, ..SearchQuery::default() };
    store.browse_ids(&query).expect("ids")
}

/// The cells of an exported sheet, read back once: what the bare write writes.
fn cells_of(file: &Path) -> Vec<Vec<Data>> {
    let mut workbook = open_workbook_auto(file).expect("open the export");
    let sheet = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&sheet).expect("sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// rust_xlsxwriter alone: a worksheet, each cell written as a string or a number, saved.
fn bare_write(cells: &[Vec<Data>], path: &Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, values) in (0u32..).zip(cells) {
        for (col, value) in (0u16..).zip(values) {
            match value {
                Data::String(text) => {
                    sheet.write_string(row, col, text).expect("cell");
                }
                Data::Float(number) => {
                    sheet.write_number(row, col, *number).expect("cell");
                }
                Data::Int(number) => {
                    sheet.write_number(row, col, *number as f64).expect("cell");
                }
                _ => {}
            }
        }
    }
    workbook.save(path).expect("save");
}

fn benches(c: &mut Criterion) {
    let store = Store::open(&book()).expect("open the book");
    let ids = all_ids(&store);
    assert_eq!(ids.len() as u64, CUSTOMERS);
    let target = support::bench_database("export-customers.xlsx");
    let bare = support::bench_database("export-bare.xlsx");
    export_customers(&store, &ids, &target, None).expect("a first export");
    let cells = cells_of(&target);
    assert_eq!(cells.len() as u64, CUSTOMERS + 1, "a header row and one row per customer");

    let mut group = c.benchmark_group("export");
    group.sample_size(10).measurement_time(Duration::from_secs(40)).warm_up_time(Duration::from_secs(1));
    group.bench_function("bare rust_xlsxwriter write of the same cells (in memory)", |b| {
        b.iter(|| bare_write(black_box(&cells), &bare))
    });
    group.bench_function("export customers (100,000, read from the book)", |b| {
        b.iter(|| black_box(export_customers(&store, &ids, &target, None).expect("export")))
    });
    group.finish();
}

criterion_group!(export, benches);
criterion_main!(export);
