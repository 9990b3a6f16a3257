//! Customer imports in the store: the preview writes nothing, applying is one transaction and a
//! batch, and undo puts the book back or says what stands in the way.

use clientele::domain::customer::Customer;
use clientele::domain::import::customers::Catalog;
use clientele::domain::import::{ImportOptions, MatchKey};
use clientele::store::{ImportRow, RowOutcome, Store, StoreError};
use rust_decimal_macros::dec;

fn book() -> Store {
    let mut store = crate::test_book().unwrap();
    store.ensure_group("Region", "Seoul").unwrap();
    let acme = Customer { tax_id: "00123".into(), phone: "02-555-0100".into(), ..Customer::new("Acme") };
    store.insert_customer(&acme).unwrap();
    store.insert_customer(&Customer::new("Bee")).unwrap();
    store
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn rows(cells: &[&[&str]]) -> Vec<ImportRow> {
    cells
        .iter()
        .enumerate()
        .map(|(i, row)| ImportRow { number: i + 2, cells: row.iter().map(|c| c.to_string()).collect() })
        .collect()
}

fn plan(store: &Store, names: &[&str], cells: &[&[&str]], options: &ImportOptions) -> clientele::store::ImportPlan {
    let headers = headers(names);
    let catalog = Catalog::new(&store.field_defs().unwrap(), &store.group_axes().unwrap());
    let mapping = catalog.guess(&headers, &[]);
    store.plan_customer_import(&headers, &mapping, rows(cells), options).unwrap()
}

const HEADERS: &[&str] = &["Customer ID", "Company", "Credit limit", "Region", "Fax colour"];

#[test]
fn the_preview_sorts_rows_into_new_changed_unchanged_and_invalid_and_writes_nothing() {
    let store = book();
    let plan = plan(
        &store,
        HEADERS,
        &[
            &["C000001", "Acme", "5,000", "Busan", "blue"],
            &["C000002", "", "", "", ""],
            &["", "Cat Corp", "100", "Seoul", ""],
            &["C000009", "Dog", "-3", "", ""],
        ],
        &ImportOptions::default(),
    );
    let counts = plan.counts();
    assert_eq!((counts.created, counts.updated, counts.unchanged, counts.invalid), (1, 1, 1, 1));
    assert_eq!(plan.unmapped, ["Fax colour"], "an unmapped column is listed, never dropped silently");
    assert_eq!(plan.new_group_values, [("Region".to_string(), "Busan".to_string())]);
    let RowOutcome::Changed { changes, .. } = &plan.rows[0].outcome else { panic!("{:?}", plan.rows[0]) };
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["Credit limit", "Group Region"], "only the edited cells change");
    let RowOutcome::Invalid(problems) = &plan.rows[3].outcome else { panic!("{:?}", plan.rows[3]) };
    assert_eq!((problems[0].column.as_deref(), plan.rows[3].row), (Some("Credit limit"), 5));
    assert_eq!(store.customer_count().unwrap(), 2, "the preview wrote nothing");
}

#[test]
fn applying_is_all_or_valid_only_and_undo_puts_the_book_back() {
    let mut store = book();
    let cells: &[&[&str]] = &[&["C000001", "Acme Trading", "5000", "Busan", ""], &["", "Cat Corp", "x", "", ""]];
    let previewed = plan(&store, HEADERS, cells, &ImportOptions::default());
    let refused = store.apply_customer_import(&previewed, "book.xlsx", false).unwrap_err();
    assert!(refused.to_string().contains("1 row cannot be imported; nothing was written"), "{refused}");
    assert_eq!(store.customer_by_code("C000001").unwrap().unwrap().name, "Acme");

    let batch = store.apply_customer_import(&previewed, "book.xlsx", true).unwrap();
    let acme = store.customer_by_code("C000001").unwrap().unwrap();
    assert_eq!((acme.name.as_str(), acme.credit_limit), ("Acme Trading", Some(dec!(5000))));
    assert_eq!(acme.phone, "02-555-0100", "a column not in the file keeps its value");
    let history = store.import_history().unwrap();
    assert_eq!((history[0].id, history[0].updated, history[0].skipped), (batch, 1, 1));

    store.undo_import(batch).unwrap();
    let acme = store.customer_by_code("C000001").unwrap().unwrap();
    assert_eq!((acme.name.as_str(), acme.credit_limit), ("Acme", None));
    assert!(store.undo_import(batch).unwrap_err().to_string().contains("already undone"));
}

#[test]
fn undo_refuses_when_records_were_used_or_changed_since() {
    let mut store = book();
    let previewed = plan(
        &store,
        HEADERS,
        &[&["C000001", "Acme Trading", "", "", ""], &["", "Cat Corp", "", "", ""]],
        &ImportOptions::default(),
    );
    let batch = store.apply_customer_import(&previewed, "book.xlsx", false).unwrap();
    let mut acme = store.customer_by_code("C000001").unwrap().unwrap();
    acme.memo = "called on Monday".into();
    store.update_customer(&acme).unwrap();
    let refused = store.undo_import(batch).unwrap_err();
    assert!(
        matches!(&refused, StoreError::Rejected(m) if m.contains("C000001 Acme Trading was changed after the import")),
        "{refused}"
    );
    assert_eq!(store.customer_count().unwrap(), 3, "nothing was undone: Cat Corp stays");
}

#[test]
fn a_key_given_twice_names_both_rows_unless_the_later_wins() {
    let store = book();
    let cells: &[&[&str]] = &[&["C000002", "Bee One", "", "", ""], &["C000002", "Bee Two", "", "", ""]];
    let both = plan(&store, HEADERS, cells, &ImportOptions::default());
    for row in &both.rows {
        let RowOutcome::Invalid(problems) = &row.outcome else { panic!("{row:?}") };
        assert!(problems[0].message.contains("C000002 is on rows 2 and 3"), "{problems:?}");
    }
    let later = plan(&store, HEADERS, cells, &ImportOptions { later_wins: true, ..ImportOptions::default() });
    assert!(matches!(&later.rows[0].outcome, RowOutcome::Skipped(m) if m.contains("on row 3 too")));
    assert!(matches!(&later.rows[1].outcome, RowOutcome::Changed { after, .. } if after.name == "Bee Two"));
}

#[test]
fn a_customer_on_several_rows_that_agree_is_one_customer_and_a_disagreement_is_a_conflict() {
    let mut store = book();
    let cells: &[&[&str]] = &[
        &["C-9", "Nine", "", "Seoul", ""],
        &["C-8", "Eight", "", "", ""],
        &["C-9", "Nine", "", "Seoul", ""],
        &["C-9", "Nine", "", "Seoul", ""],
    ];
    let same = plan(&store, HEADERS, cells, &ImportOptions::default());
    let counts = same.counts();
    assert_eq!((counts.created, counts.skipped, counts.invalid), (2, 2, 0), "{:?}", same.rows);
    assert!(matches!(&same.rows[3].outcome, RowOutcome::Skipped(m) if m.contains("the same as on row 2")));
    store.apply_customer_import(&same, "orders.xlsx", false).unwrap();
    assert_eq!(store.customer_by_code("C-9").unwrap().unwrap().name, "Nine");

    let disagree: &[&[&str]] = &[&["C-7", "Seven", "100", "", ""], &["C-7", "Seven", "200", "", ""]];
    let conflict = plan(&store, HEADERS, disagree, &ImportOptions::default());
    assert_eq!(conflict.counts().invalid, 2, "rows that differ in what they write are a real conflict");
}

#[test]
fn a_group_axis_the_book_lacks_is_created_by_the_import_listed_first_in_the_preview() {
    let mut store = book();
    let headers = headers(&["Code", "Name", "Segment"]);
    let catalog = Catalog::new(&store.field_defs().unwrap(), &store.group_axes().unwrap());
    let segment = catalog.parse("group:Segment").expect("a new axis is a target");
    let mapping = catalog.guess(&headers, &[(2, Some(segment))]);
    let cells: &[&[&str]] = &[&["S-1", "One", "Consumer"], &["S-2", "Two", "Corporate"]];
    let plan = store.plan_customer_import(&headers, &mapping, rows(cells), &ImportOptions::default()).unwrap();
    assert_eq!(plan.new_group_axes, ["Segment"]);
    assert_eq!(plan.new_group_values.len(), 2);
    assert_eq!(store.group_axes().unwrap().len(), 1, "the preview writes nothing");
    store.apply_customer_import(&plan, "segments.xlsx", false).unwrap();
    let axes = store.group_axes().unwrap();
    let axis = axes.iter().find(|a| a.name == "Segment").expect("created by the import");
    assert_eq!(axis.values.len(), 2);
    assert_eq!(store.customer_by_code("S-2").unwrap().unwrap().groups["Segment"], "Corporate");
}

#[test]
fn records_can_be_matched_by_tax_id() {
    let store = book();
    let options = ImportOptions { key: MatchKey::TaxId, ..ImportOptions::default() };
    let plan = plan(&store, &["VAT", "Phone"], &[&["00123", "02-000-1111"], &["999", "1"]], &options);
    assert!(matches!(&plan.rows[0].outcome, RowOutcome::Changed { after, .. } if after.phone == "02-000-1111"));
    let RowOutcome::Invalid(problems) = &plan.rows[1].outcome else { panic!("{:?}", plan.rows[1]) };
    // No column gives names: said once for the file, not on the row.
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(plan.unmapped_required.len(), 1, "a new record needs a name");
    assert_eq!((plan.unmapped_required[0].field.as_str(), plan.unmapped_required[0].records), ("name", 1));
}

#[test]
fn a_cancelled_apply_writes_nothing_and_reports_progress_until_then() {
    let mut store = book();
    let plan = plan(
        &store,
        HEADERS,
        &[&["C000001", "Acme", "7,000", "", ""], &["", "Cat Corp", "", "", ""], &["", "Dog", "", "", ""]],
        &ImportOptions::default(),
    );
    let mut seen = Vec::new();
    let result = store.apply_customer_import_with(&plan, "book.xlsx", false, &mut |done| {
        seen.push(done);
        done < 2
    });
    assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
    assert_eq!(seen, [0, 1, 2]);
    assert_eq!(store.customer_by_code("C000001").unwrap().unwrap().credit_limit, None);
    assert!(store.import_history().unwrap().is_empty(), "no batch is recorded");
    assert_eq!(store.customer_count().unwrap(), 2, "no customer was created");
    let mut calls = 0;
    store
        .apply_customer_import_with(&plan, "book.xlsx", false, &mut |_| {
            calls += 1;
            true
        })
        .unwrap();
    assert_eq!(calls, 4, "once before each row and once at the end");
}

#[test]
fn a_large_import_is_written_in_bulk_searchable_at_once_and_undone_whole() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("book.db");
    let mut store = Store::open(&path).unwrap();
    store.ensure_group("Region", "Seoul").unwrap();
    store.insert_customer(&Customer { tax_id: "00123".into(), ..Customer::new("Acme") }).unwrap();
    store.insert_customer(&Customer::new("Bee")).unwrap();
    let index_count = || -> i64 {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL", [], |r| r.get(0))
            .unwrap()
    };
    let indexes_before = index_count();
    let many: Vec<Vec<String>> = (0..10_000)
        .map(|n| vec![format!("B{n:05}"), format!("Bulk Trading {n}"), String::new(), "seoul".into(), String::new()])
        .chain(std::iter::once(vec!["C000001".into(), "Acme".into(), "9,000".into(), String::new(), String::new()]))
        .collect();
    let rows: Vec<ImportRow> =
        many.into_iter().enumerate().map(|(i, cells)| ImportRow { number: i + 2, cells }).collect();
    let headers = headers(HEADERS);
    let catalog = Catalog::new(&store.field_defs().unwrap(), &store.group_axes().unwrap());
    let mapping = catalog.guess(&headers, &[]);
    let plan = store.plan_customer_import(&headers, &mapping, rows, &ImportOptions::default()).unwrap();
    assert_eq!((plan.counts().created, plan.counts().updated), (10_000, 1));
    assert!(plan.new_group_values.is_empty(), "\"seoul\" is the book's Seoul: {:?}", plan.new_group_values);
    let batch = store.apply_customer_import(&plan, "bulk.xlsx", false).unwrap();

    assert_eq!(store.customer_count().unwrap(), 10_002);
    let found = store.customer_by_code("B09999").unwrap().unwrap();
    assert_eq!(found.groups.get("Region").map(String::as_str), Some("Seoul"));
    assert_eq!(store.customer_by_code("C000001").unwrap().unwrap().credit_limit, Some(dec!(9000)));
    assert_eq!(index_count(), indexes_before, "the indexes dropped for the load are all back");
    let hits = store
        .search(&clientele::domain::search::SearchQuery { text: "Trading 4321".into(), ..Default::default() })
        .unwrap();
    assert!(hits.iter().any(|h| h.code == "B04321"), "the new customers are in the search index");

    store.undo_import(batch).unwrap();
    assert_eq!(store.customer_count().unwrap(), 2, "every created customer went");
    assert_eq!(store.customer_by_code("C000001").unwrap().unwrap().credit_limit, None);
}

#[test]
fn undo_refuses_when_a_created_record_was_edited_since() {
    let mut store = book();
    let previewed = plan(&store, HEADERS, &[&["", "Cat Corp", "", "", ""]], &ImportOptions::default());
    let batch = store.apply_customer_import(&previewed, "book.xlsx", false).unwrap();
    let created = store.customer_by_code("C000003").unwrap().expect("Cat Corp was numbered C000003");
    assert_eq!(created.name, "Cat Corp");
    let mut edited = created.clone();
    edited.memo = "prefers e-mail".into();
    store.update_customer(&edited).unwrap();
    let refused = store.undo_import(batch).unwrap_err();
    assert!(
        matches!(&refused, StoreError::Rejected(m) if m.contains("C000003 Cat Corp was changed after the import")),
        "{refused}"
    );
    assert_eq!(store.customer_count().unwrap(), 3, "nothing was undone");
}

#[test]
fn a_batch_recorded_with_copies_of_created_records_still_undoes_and_still_guards() {
    // Batches applied before this release kept a JSON copy of each created record and compared
    // it with the record at undo time; those batches must undo as they did.
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("book.db");
    let mut store = Store::open(&path).unwrap();
    store.ensure_group("Region", "Seoul").unwrap();
    let rows: &[&[&str]] = &[&["D1", "Dee Ltd", "", "", ""], &["E1", "Eve Ltd", "", "", ""]];
    let first = plan(&store, HEADERS, &rows[..1], &ImportOptions::default());
    let second = plan(&store, HEADERS, &rows[1..], &ImportOptions::default());
    let kept_copy = store.apply_customer_import(&first, "one.xlsx", false).unwrap();
    let other = store.apply_customer_import(&second, "two.xlsx", false).unwrap();
    let dee = store.customer_by_code("D1").unwrap().unwrap();
    let eve = store.customer_by_code("E1").unwrap().unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for (batch, customer) in [(kept_copy, &dee), (other, &eve)] {
            let copy = serde_json::to_string(customer).unwrap();
            let set = conn
                .execute(
                    "UPDATE import_records SET after_json = ?1 WHERE batch_id = ?2",
                    rusqlite::params![copy, batch],
                )
                .unwrap();
            assert_eq!(set, 1);
        }
    }
    // The copy differs from the record now, so the older batch's guard refuses.
    let mut changed = eve.clone();
    changed.phone = "02-000-0000".into();
    store.update_customer(&changed).unwrap();
    let refused = store.undo_import(other).unwrap_err();
    assert!(matches!(&refused, StoreError::Rejected(m) if m.contains("E1 Eve Ltd was changed")), "{refused}");
    store.undo_import(kept_copy).unwrap();
    assert!(store.customer_by_code("D1").unwrap().is_none(), "the untouched copy's record went");
    assert!(store.customer_by_code("E1").unwrap().is_some());
}
