//! Applying a 100,000-row customer import (issue 17), beside the baseline the issue names: a
//! bare load of the same rows into the same tables, indexes and search index in one transaction,
//! the work no importer can avoid. The ratio of the medians is printed at the end.
//!
//! Medians of one run (release, two shared cores, quiet at the time): baseline 3.31 s, apply
//! 3.05 s; printed ratio 0.90x (the goal: at most 1.5x).
//!
//! With CLIENTELE_BENCH_BIG=1 it also writes the 1,000,000-row file whose import's peak memory
//! issue 17 bounds (400 MB), measured outside criterion on the program itself:
//! `/usr/bin/time -v clientele import customers target/bench-data/import-1000000x20.csv --db NEW`.
//!
//! Both start from a fresh copy of the same empty book (the sample schema and three price
//! levels); the preview is made before the clock starts, as a clerk has seen it before applying.

mod support;

use clientele::domain::customer::{Customer, OnExceed};
use clientele::domain::import::ImportOptions;
use clientele::domain::import::customers::Catalog;
use clientele::domain::sample::sample_schema;
use clientele::domain::search::search_document;
use clientele::domain::text::{alnum_key, digits, duplicate_name_key, search_key};
use clientele::exchange::read::{Limits, Workbook};
use clientele::store::{ImportPlan, ImportRow, RowOutcome, Store};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rusqlite::types::Value;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ROWS: u64 = 100_000;

/// An empty book holding the sample schema and the generated rows' price levels.
fn empty_book() -> PathBuf {
    let empty = support::bench_database("apply-empty-book.db");
    support::clear_away(&empty);
    let mut store = Store::open(&empty).expect("an empty book");
    store.install_sample_schema(&sample_schema()).expect("schema");
    for level in ["Retail", "Wholesale", "Online"] {
        store.add_price_level(level).expect("level");
    }
    drop(store);
    empty
}

fn fresh_copy(empty: &Path) -> PathBuf {
    let copy = support::bench_database("apply-work.db");
    support::clear_away(&copy);
    std::fs::copy(empty, &copy).expect("copy the empty book");
    copy
}

/// The book at `db` and its preview of importing `file`, as `clientele import customers` makes it.
fn previewed(file: &Path, db: &Path) -> (Store, ImportPlan) {
    let store = Store::open(db).expect("open book");
    let mut workbook = Workbook::open(file).expect("open file");
    let sheet = workbook.sheet_names()[0].clone();
    let mut reader = workbook.sheet(&sheet, Limits::default()).expect("sheet");
    let headers = reader.header().names.clone();
    let catalog = Catalog::new(&store.field_defs().expect("fields"), &store.group_axes().expect("axes"));
    let mapping = catalog.guess(&headers, &[]);
    let rows = std::iter::from_fn(|| {
        let row = reader.next_row()?.expect("row");
        Some(ImportRow { number: row.number, cells: row.texts() })
    });
    let plan = store.plan_customer_import(&headers, &mapping, rows, &ImportOptions::default()).expect("plan");
    let counts = plan.counts();
    assert_eq!((counts.created, counts.invalid), (ROWS, 0), "every generated row is a valid new customer");
    (store, plan)
}

/// One customer's rows as the baseline writes them, worked out before the clock starts.
struct BareRow {
    customer: Vec<Value>,
    contacts: Vec<Vec<Value>>,
    groups: Vec<(String, String)>,
    doc: String,
    name: String,
}

fn bare_rows(plan: &ImportPlan) -> Vec<BareRow> {
    let now = "2026-01-01 00:00:00".to_string();
    let text = |s: &str| Value::Text(s.to_string());
    let decimal = |d: Option<rust_decimal::Decimal>| d.map_or(Value::Null, |d| Value::Text(d.normalize().to_string()));
    let integer = |i: Option<i64>| i.map_or(Value::Null, Value::Integer);
    plan.rows
        .iter()
        .filter_map(|row| match &row.outcome {
            RowOutcome::New(record) => Some(plan.new_customer(record)),
            _ => None,
        })
        .map(|c: Customer| BareRow {
            customer: vec![
                text(&c.code),
                text(&c.name),
                text(c.role.as_str()),
                text(c.entity_type.as_str()),
                text(&c.tax_id),
                text(&c.representative),
                text(&c.business_type),
                text(&c.business_item),
                text(&c.phone),
                text(&c.mobile),
                text(&c.fax),
                text(&c.email),
                text(&c.website),
                text(&c.billing_address.lines),
                text(&c.billing_address.city),
                text(&c.billing_address.region),
                text(&c.billing_address.postal_code),
                text(&c.billing_address.country),
                text(&c.shipping_address.lines),
                text(&c.shipping_address.city),
                text(&c.shipping_address.region),
                text(&c.shipping_address.postal_code),
                text(&c.shipping_address.country),
                text(&c.person_in_charge),
                text(&c.memo),
                Value::Integer(c.active.into()),
                text(&c.price_level),
                decimal(c.discount_rate),
                decimal(c.credit_limit),
                integer(c.age_limit_days.map(i64::from)),
                text(c.on_exceed.unwrap_or(OnExceed::Off).as_str()),
                Value::Integer(c.on_exceed.is_some().into()),
                integer(c.payment_terms_days.map(i64::from)),
                text(&search_key(&c.name)),
                text(&search_key(&c.code)),
                text(&alnum_key(&c.tax_id)),
                text(&digits(&c.phone)),
                text(&search_key(&c.email)),
                text(&duplicate_name_key(&c.name)),
                text(&now),
            ],
            contacts: c
                .contacts
                .iter()
                .enumerate()
                .map(|(position, k)| {
                    vec![
                        Value::Integer(position as i64),
                        text(&k.name),
                        text(&k.title),
                        text(&k.phone),
                        text(&k.email),
                        Value::Integer(k.primary.into()),
                    ]
                })
                .collect(),
            groups: c.groups.iter().map(|(a, v)| (a.clone(), v.clone())).collect(),
            doc: search_document(&c),
            name: c.name.clone(),
        })
        .collect()
}

/// The baseline: the same rows into the same tables (customer, contacts, groups, search index,
/// its "Created" history line and the batch's record of it) with every index in place, one
/// prepared INSERT per table, one IMMEDIATE transaction, on a connection as the book opens.
fn bare_load(db: &Path, rows: &[BareRow]) -> usize {
    let mut conn = rusqlite::Connection::open(db).expect("open db");
    conn.pragma_update(None, "cache_size", -64_000).expect("cache");
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).expect("tx");
    {
        let mut group_ids: HashMap<(String, String), (i64, i64)> = HashMap::new();
        let mut ids = tx
            .prepare("SELECT a.name, v.name, a.id, v.id FROM group_axes a JOIN group_values v ON v.axis_id = a.id")
            .expect("groups");
        for found in ids.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?)))).expect("groups") {
            let (key, value) = found.expect("group");
            group_ids.insert(key, value);
        }
        tx.execute("INSERT INTO import_batches (kind, file, created_at, created, updated, unchanged, skipped) VALUES ('customers', 'bare.csv', '', 0, 0, 0, 0)", [])
            .expect("batch");
        let batch = tx.last_insert_rowid();
        let placeholders = (1..=40).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let mut customer = tx
            .prepare(&format!(
                "INSERT INTO customers (code, name, role, entity_type, tax_id, representative, business_type, business_item,
                 phone, mobile, fax, email, website, bill_lines, bill_city, bill_region, bill_postal_code, bill_country,
                 ship_lines, ship_city, ship_region, ship_postal_code, ship_country, person_in_charge, memo, active,
                 price_level, discount_rate, credit_limit, age_limit_days, on_exceed, on_exceed_own, payment_terms_days,
                 name_key, code_key, tax_key, phone_key, email_key, dup_name_key, updated_at, created_at)
                 VALUES ({placeholders}, ?40)"
            ))
            .expect("customers");
        let mut contact = tx
            .prepare("INSERT INTO contacts (customer_id, position, name, title, phone, email, is_primary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .expect("contacts");
        let mut group = tx
            .prepare("INSERT INTO customer_groups (customer_id, axis_id, value_id) VALUES (?1, ?2, ?3)")
            .expect("groups");
        let mut search = tx.prepare("INSERT INTO customer_search (rowid, doc) VALUES (?1, ?2)").expect("search");
        let mut history = tx
            .prepare("INSERT INTO customer_history (customer_id, changed_at, field, old_value, new_value) VALUES (?1, '', 'Created', '', ?2)")
            .expect("history");
        let mut record = tx
            .prepare("INSERT INTO import_records (batch_id, record_id, action, before_json, after_json) VALUES (?1, ?2, 'created', NULL, '')")
            .expect("records");
        for row in rows {
            customer.execute(rusqlite::params_from_iter(&row.customer)).expect("customer");
            let id = tx.last_insert_rowid();
            for values in &row.contacts {
                let mut all = vec![Value::Integer(id)];
                all.extend(values.iter().cloned());
                contact.execute(rusqlite::params_from_iter(all)).expect("contact");
            }
            for key in &row.groups {
                if let Some(&(axis, value)) = group_ids.get(key) {
                    group.execute(rusqlite::params![id, axis, value]).expect("group");
                }
            }
            search.execute(rusqlite::params![id, row.doc]).expect("search");
            history.execute(rusqlite::params![id, row.name]).expect("history");
            record.execute(rusqlite::params![batch, id]).expect("record");
        }
    }
    tx.commit().expect("commit");
    rows.len()
}

fn benches(c: &mut Criterion) {
    if std::env::var_os("CLIENTELE_BENCH_BIG").is_some_and(|v| v == "1") {
        eprintln!("for the peak-memory measurement: {}", support::import_csv(1_000_000).display());
    }
    let file = support::import_csv(ROWS);
    let empty = empty_book();
    let rows = {
        let (_, plan) = previewed(&file, &fresh_copy(&empty));
        bare_rows(&plan)
    };
    let mut group = c.benchmark_group("apply_100k");
    group.sample_size(10).measurement_time(Duration::from_secs(60)).warm_up_time(Duration::from_secs(1));
    let mut medians = [Vec::new(), Vec::new()];
    group.bench_function("baseline: bare load, same tables, indexes and search index, one transaction", |b| {
        b.iter_batched(
            || fresh_copy(&empty),
            |db| {
                let started = Instant::now();
                black_box(bare_load(&db, &rows));
                medians[0].push(started.elapsed());
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("apply a previewed customer import (100,000 new rows)", |b| {
        b.iter_batched(
            || previewed(&file, &fresh_copy(&empty)),
            |(mut store, plan)| {
                let started = Instant::now();
                black_box(store.apply_customer_import(&plan, "bench.csv", false).expect("apply"));
                medians[1].push(started.elapsed());
                store
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times.get(times.len() / 2).copied().unwrap_or_default()
    };
    let (baseline, apply) = (median(&mut medians[0]), median(&mut medians[1]));
    if baseline.is_zero() || apply.is_zero() {
        return;
    }
    eprintln!(
        "apply_100k: import {apply:.2?} / baseline {baseline:.2?} = {:.2}x (medians of every run, warm-up included)",
        apply.as_secs_f64() / baseline.as_secs_f64().max(f64::EPSILON)
    );
}

criterion_group!(import, benches);
criterion_main!(import);
