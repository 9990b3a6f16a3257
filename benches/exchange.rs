//! Import figures for issue 5: a 100,000-row, 20-column customer .xlsx (generated customers)
//! previewed and applied by the importer, beside the baseline the issue names: reading the same
//! file with calamine and inserting the same rows with one prepared statement in one transaction.

mod support;

use calamine::{Reader, open_workbook_auto};
use clientele::domain::import::ImportOptions;
use clientele::domain::import::customers::Catalog;
use clientele::domain::sample::{Generator, sample_schema};
use clientele::exchange::read::{Limits, Workbook};
use clientele::store::{ImportRow, Store};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rust_xlsxwriter::Workbook as XlsxWorkbook;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const ROWS: u64 = 100_000;
/// The generated file (kept between runs) and an empty book holding the sample schema.
fn fixtures() -> (PathBuf, PathBuf) {
    let file = support::bench_database(&format!("import-{ROWS}x20.xlsx"));
    if !file.exists() {
        let generator = Generator::new(42);
        let mut workbook = XlsxWorkbook::new();
        let sheet = workbook.add_worksheet();
        for (col, header) in support::IMPORT_HEADERS.iter().enumerate() {
            sheet.write_string(0, col as u16, *header).expect("header");
        }
        for n in 0..ROWS {
            for (col, cell) in support::import_cells(n, &generator.customer(n)).iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(n as u32 + 1, col as u16, cell).expect("cell");
                }
            }
        }
        workbook.save(&file).expect("save the generated file");
    }
    let empty = support::bench_database("import-empty-book.db");
    support::clear_away(&empty);
    let mut store = Store::open(&empty).expect("an empty book");
    store.install_sample_schema(&sample_schema()).expect("schema");
    store.add_price_level("Retail").expect("level");
    store.add_price_level("Wholesale").expect("level");
    store.add_price_level("Online").expect("level");
    drop(store);
    (file, empty)
}

/// The baseline: calamine reads every cell, and one prepared INSERT writes each row as text.
fn read_and_insert(file: &Path, db: &Path) -> usize {
    let mut workbook = open_workbook_auto(file).expect("open");
    let sheet = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&sheet).expect("range");
    let mut conn = rusqlite::Connection::open(db).expect("open db");
    conn.execute_batch(
        "DROP TABLE IF EXISTS raw; CREATE TABLE raw (c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13,c14,c15,c16,c17,c18,c19,c20);",
    )
    .expect("table");
    let tx = conn.transaction().expect("tx");
    let mut rows = 0;
    {
        let mut insert = tx
            .prepare("INSERT INTO raw VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)")
            .expect("prepare");
        for row in range.rows().skip(1) {
            let values: Vec<String> = (0..20).map(|c| row.get(c).map(|d| d.to_string()).unwrap_or_default()).collect();
            insert.execute(rusqlite::params_from_iter(values)).expect("insert");
            rows += 1;
        }
    }
    tx.commit().expect("commit");
    rows
}

/// What `clientele import customers FILE` does: read, map by header, preview; apply when asked.
fn import(file: &Path, db: &Path, apply: bool) -> u64 {
    let mut store = Store::open(db).expect("open book");
    let mut workbook = Workbook::open(file).expect("open file");
    let sheet = workbook.sheet_names()[0].clone();
    let mut reader = workbook.sheet(&sheet, Limits::default()).expect("sheet");
    let headers = reader.header().names.clone();
    let catalog = Catalog::new(&store.field_defs().expect("fields"), &store.group_axes().expect("axes"));
    let mapping = catalog.guess(&headers, &[]);
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row() {
        let row = row.expect("row");
        rows.push(ImportRow { number: row.number, cells: row.texts() });
    }
    let plan = store.plan_customer_import(&headers, &mapping, rows, &ImportOptions::default()).expect("plan");
    let counts = plan.counts();
    assert_eq!((counts.created, counts.invalid), (ROWS, 0), "every generated row is a valid new customer");
    if apply {
        store.apply_customer_import(&plan, "bench.xlsx", false).expect("apply");
    }
    counts.created
}

fn fresh_copy(empty: &Path) -> PathBuf {
    let copy = support::bench_database("import-work.db");
    support::clear_away(&copy);
    std::fs::copy(empty, &copy).expect("copy the empty book");
    copy
}

fn benches(c: &mut Criterion) {
    let (file, empty) = fixtures();
    let mut group = c.benchmark_group("import");
    group.sample_size(10).measurement_time(Duration::from_secs(60)).warm_up_time(Duration::from_secs(1));
    group.bench_function("baseline: calamine read + one prepared INSERT per row, one transaction", |b| {
        b.iter_batched(|| fresh_copy(&empty), |db| black_box(read_and_insert(&file, &db)), BatchSize::PerIteration)
    });
    group.bench_function("import customers --dry-run (read, map, preview)", |b| {
        b.iter_batched(|| fresh_copy(&empty), |db| black_box(import(&file, &db, false)), BatchSize::PerIteration)
    });
    group.bench_function("import customers (read, map, preview, apply as a batch)", |b| {
        b.iter_batched(|| fresh_copy(&empty), |db| black_box(import(&file, &db, true)), BatchSize::PerIteration)
    });
    group.finish();
}

criterion_group!(exchange, benches);
criterion_main!(exchange);
