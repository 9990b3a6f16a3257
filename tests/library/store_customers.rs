//! Store tests on temporary databases: opening safely, saving profiles, history, duplicates and search ranking.

use clientele::domain::custom_field::{FieldDef, FieldType, FieldValue};
use clientele::domain::customer::{Contact, Customer, Role};
use clientele::domain::search::{ActiveFilter, SearchQuery};
use clientele::store::{Store, StoreError, latest_version, migrations};
use rust_decimal_macros::dec;
use tempfile::TempDir;

fn temp_store() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&crate::cli_support::fresh_location(dir.path())).unwrap();
    (dir, store)
}

/// A book in a file, for the tests that look at the file itself.
fn file_store() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("book.db")).unwrap();
    (dir, store)
}

fn field(key: &str, label: &str, field_type: FieldType, required: bool) -> FieldDef {
    let choices = if field_type == FieldType::Choice { vec!["Gold".into(), "Silver".into()] } else { vec![] };
    FieldDef { choices, required, ..FieldDef::new(key, label, field_type) }
}

fn names(store: &Store, query: SearchQuery) -> Vec<String> {
    store.search(&query).unwrap().into_iter().map(|row| row.name).collect()
}

#[test]
fn migrations_are_valid() {
    migrations().validate().unwrap();
    assert_eq!(latest_version(), 10);
}

#[test]
fn opens_in_wal_mode_with_foreign_keys() {
    let (dir, store) = file_store();
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("book.db")).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, latest_version());
}

#[test]
fn refuses_a_newer_database_without_touching_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("newer.db");
    // A book a later version wrote: marked as Clientele's, at a schema version this one does not know.
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path).unwrap_err();
    assert!(matches!(error, StoreError::TooNew { found: 99, .. }), "{error:?}");
    assert!(error.to_string().contains("newer version"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn refuses_folders_read_only_files_and_non_databases() {
    let dir = TempDir::new().unwrap();
    assert!(matches!(Store::open(dir.path()), Err(StoreError::IsDirectory(_))));

    let read_only = dir.path().join("ro.db");
    drop(Store::open(&read_only).unwrap());
    let mut permissions = std::fs::metadata(&read_only).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&read_only, permissions).unwrap();
    let error = Store::open(&read_only).unwrap_err();
    assert!(matches!(error, StoreError::ReadOnly(_)), "{error:?}");
    assert!(error.to_string().contains("read-only"));

    let garbage = dir.path().join("notes.db");
    std::fs::write(&garbage, "these are my notes, not a database ".repeat(100)).unwrap();
    let error = Store::open(&garbage).unwrap_err();
    assert!(matches!(error, StoreError::NotADatabase(_)), "{error:?}");
}

#[test]
fn a_full_profile_round_trips() {
    let (_dir, mut store) = temp_store();
    store.add_field(&field("renewal", "Renewal date", FieldType::Date, false)).unwrap();
    store.add_field(&field("tier", "Tier", FieldType::Choice, false)).unwrap();
    store.ensure_group("Region", "Seoul").unwrap();
    let mut customer = Customer::new("(주)한빛상사 🚀 \"Quotes\" 100% _under_");
    customer.role = Role::Both;
    customer.tax_id = "123-45-67890".into();
    customer.email = "buy@hanbit.example".into();
    customer.credit_limit = Some(dec!(10000.50));
    customer.discount_rate = Some(dec!(2.5));
    customer.age_limit_days = Some(45);
    customer.billing_address.city = "서울".into();
    customer.contacts = vec![
        Contact { name: "김민지".into(), phone: "010-1234-5678".into(), primary: true, ..Contact::default() },
        Contact { name: "Lee".into(), title: "Buyer".into(), ..Contact::default() },
    ];
    customer.groups.insert("Region".into(), "Seoul".into());
    customer.custom.insert("renewal".into(), FieldValue::Date(chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()));
    customer.custom.insert("tier".into(), FieldValue::Text("Gold".into()));

    let saved = store.insert_customer(&customer).unwrap();
    assert_eq!(saved.code, "C000001");
    let loaded = store.customer_by_code("C000001").unwrap().unwrap();
    let mut expected = customer.clone();
    expected.id = Some(saved.id);
    expected.code = saved.code.clone();
    assert_eq!(loaded, expected);
}

#[test]
fn codes_are_unique_and_failures_write_nothing() {
    let (_dir, mut store) = temp_store();
    let mut first = Customer::new("Acme");
    first.code = "A-1".into();
    store.insert_customer(&first).unwrap();
    let mut second = Customer::new("Other");
    second.code = "A-1".into();
    assert_eq!(store.insert_customer(&second).unwrap_err(), StoreError::DuplicateCode("A-1".into()));

    let mut bad_group = Customer::new("Bad group");
    bad_group.groups.insert("Nowhere".into(), "X".into());
    assert!(matches!(store.insert_customer(&bad_group), Err(StoreError::UnknownAxis(_))));

    let mut unknown_field = Customer::new("Unknown field");
    unknown_field.custom.insert("nope".into(), FieldValue::Text("x".into()));
    assert!(matches!(store.insert_customer(&unknown_field), Err(StoreError::Invalid(_))));

    let mut same_axis_twice = Customer::new("Twice");
    store.ensure_group("Region", "Seoul").unwrap();
    same_axis_twice.groups.insert("Region".into(), "Seoul".into());
    same_axis_twice.groups.insert("region".into(), "Busan".into());
    let error = store.insert_customer(&same_axis_twice).unwrap_err();
    assert!(error.to_string().contains("more than once"), "{error}");

    assert_eq!(store.customer_count().unwrap(), 1);
    assert!(store.history(1).unwrap().len() == 1, "only the creation of Acme is recorded");
}

#[test]
fn required_custom_fields_are_enforced() {
    let (_dir, mut store) = temp_store();
    store.add_field(&field("contract", "Contract no.", FieldType::Text, true)).unwrap();
    let error = store.insert_customer(&Customer::new("No contract")).unwrap_err();
    assert!(error.to_string().contains("Contract no. is required"), "{error}");
    assert_eq!(store.customer_count().unwrap(), 0);
}

#[test]
fn automatic_codes_skip_codes_taken_by_hand() {
    let (_dir, mut store) = temp_store();
    let mut taken = Customer::new("Taken");
    taken.code = "C000001".into();
    store.insert_customer(&taken).unwrap();
    let mut later = Customer::new("Later");
    later.code = "C000007".into();
    store.insert_customer(&later).unwrap();
    assert_eq!(store.insert_customer(&Customer::new("Auto")).unwrap().code, "C000008");
    assert_eq!(store.insert_customer(&Customer::new("Auto 2")).unwrap().code, "C000009");
}

#[test]
fn edits_are_recorded_field_by_field() {
    let (_dir, mut store) = temp_store();
    let saved = store.insert_customer(&Customer::new("Acme")).unwrap();
    let mut customer = store.customer(saved.id).unwrap().unwrap();
    customer.name = "Acme Ltd".into();
    customer.phone = "02-555-0100".into();
    let result = store.update_customer(&customer).unwrap();
    assert_eq!(result.changes.len(), 2);
    let history = store.history(saved.id).unwrap();
    assert!(history.iter().any(|h| h.field == "Name" && h.old_value == "Acme" && h.new_value == "Acme Ltd"));
    assert!(history.iter().any(|h| h.field == "Phone" && h.new_value == "02-555-0100"));
    assert!(history.iter().any(|h| h.field == "Created"));
    // Saving without changes records nothing.
    store.update_customer(&customer).unwrap();
    assert_eq!(store.history(saved.id).unwrap().len(), history.len());
}

#[test]
fn renaming_a_label_keeps_values() {
    let (_dir, mut store) = temp_store();
    let mut def = store.add_field(&field("segment", "Segment", FieldType::Text, false)).unwrap();
    let mut customer = Customer::new("Acme");
    customer.custom.insert("segment".into(), FieldValue::Text("Retail".into()));
    store.insert_customer(&customer).unwrap();
    def.label = "Market segment".into();
    store.update_field(&def).unwrap();
    let loaded = store.customer_by_code("C000001").unwrap().unwrap();
    assert_eq!(loaded.custom.get("segment"), Some(&FieldValue::Text("Retail".into())));
    assert_eq!(store.field_defs().unwrap()[0].label, "Market segment");
}

#[test]
fn warns_about_likely_duplicates() {
    let (_dir, mut store) = temp_store();
    let mut first = Customer::new("Acme Trading Inc.");
    first.tax_id = "123-45-67890".into();
    first.phone = "02-555-0100".into();
    store.insert_customer(&first).unwrap();

    let mut same_name = Customer::new("ACME trading");
    same_name.tax_id = "1234567890".into();
    same_name.phone = "(02) 555 0100".into();
    let saved = store.insert_customer(&same_name).unwrap();
    let reasons: Vec<&str> = saved.duplicates.iter().map(|d| d.reason.as_str()).collect();
    assert_eq!(reasons, vec!["tax ID", "name", "phone"]);
    assert!(saved.duplicates.iter().all(|d| d.code == "C000001"));

    let unrelated = store.insert_customer(&Customer::new("Blue Harbor Foods")).unwrap();
    assert!(unrelated.duplicates.is_empty());
}

fn seed_search_book(store: &mut Store) {
    store.ensure_group("Region", "Seoul").unwrap();
    store.ensure_group("Region", "Busan").unwrap();
    store.add_field(&field("note", "Note", FieldType::Text, false)).unwrap();
    let rows: [(&str, &str, &str, &str); 7] = [
        ("KIM", "Bravo Kimchi Co", "Seoul", ""),
        ("K-100", "Alpha Foods", "Busan", ""),
        ("A-7", "Kim's Hardware", "Seoul", ""),
        ("B-2", "Zeta Trading", "Busan", "supplies kimchi jars"),
        ("B-3", "한빛상사", "Seoul", ""),
        ("B-4", "50% Off Outlet_Store", "Busan", ""),
        ("B-5", "Robert'); DROP TABLE customers;--", "Seoul", ""),
    ];
    for (code, name, region, note) in rows {
        let mut customer = Customer::new(name);
        customer.code = code.into();
        customer.groups.insert("Region".into(), region.into());
        if !note.is_empty() {
            customer.custom.insert("note".into(), FieldValue::Text(note.into()));
        }
        store.insert_customer(&customer).unwrap();
    }
}

#[test]
fn search_ranks_exact_code_then_prefix_then_the_rest() {
    let (_dir, mut store) = temp_store();
    seed_search_book(&mut store);
    let found = names(&store, SearchQuery::text("kim"));
    assert_eq!(found, vec!["Bravo Kimchi Co", "Kim's Hardware", "Zeta Trading"]);
    let found = names(&store, SearchQuery::text("k"));
    assert_eq!(found[0], "Kim's Hardware", "name prefix before code prefix: {found:?}");
    assert!(found.contains(&"Alpha Foods".to_string()), "code prefix K-100: {found:?}");
}

#[test]
fn search_combines_text_with_group_role_and_active_filters() {
    let (_dir, mut store) = temp_store();
    seed_search_book(&mut store);
    let in_busan = SearchQuery { groups: vec![("Region".into(), "Busan".into())], ..SearchQuery::text("kim") };
    assert_eq!(names(&store, in_busan), vec!["Zeta Trading"]);
    let unknown_value = SearchQuery { groups: vec![("Region".into(), "Jeju".into())], ..SearchQuery::default() };
    assert!(names(&store, unknown_value).is_empty());
    let unknown_axis = SearchQuery { groups: vec![("Planet".into(), "Mars".into())], ..SearchQuery::default() };
    assert!(matches!(store.search(&unknown_axis), Err(StoreError::UnknownAxis(_))));

    store.set_active("A-7", false).unwrap();
    let active = SearchQuery { active: ActiveFilter::ActiveOnly, ..SearchQuery::text("kim") };
    assert_eq!(names(&store, active), vec!["Bravo Kimchi Co", "Zeta Trading"]);
    let vendors = SearchQuery { role: Some(Role::Vendor), ..SearchQuery::text("kim") };
    assert!(names(&store, vendors).is_empty());
}

#[test]
fn search_treats_wildcards_quotes_and_sql_as_plain_text() {
    let (_dir, mut store) = temp_store();
    seed_search_book(&mut store);
    assert_eq!(names(&store, SearchQuery::text("%")), vec!["50% Off Outlet_Store"]);
    assert_eq!(names(&store, SearchQuery::text("t_s")), vec!["50% Off Outlet_Store"]);
    assert_eq!(names(&store, SearchQuery::text("'); drop")), vec!["Robert'); DROP TABLE customers;--"]);
    assert_eq!(names(&store, SearchQuery::text("\"")), Vec::<String>::new());
    assert_eq!(names(&store, SearchQuery::text("한빛")), vec!["한빛상사"]);
    assert_eq!(names(&store, SearchQuery::text("빛상사")), vec!["한빛상사"]);
    assert_eq!(store.customer_count().unwrap(), 7);
}

#[test]
fn browsing_lists_everyone_in_name_order() {
    let (_dir, mut store) = temp_store();
    seed_search_book(&mut store);
    let ids = store.browse_ids(&SearchQuery::default()).unwrap();
    assert_eq!(ids.len(), 7);
    let rows = store.list_rows(&ids).unwrap();
    let mut sorted: Vec<String> = rows.iter().map(|r| r.name.to_lowercase()).collect();
    let listed = sorted.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    assert_eq!(rows[0].groups.get("Region").map(String::as_str), Some("Busan"));
}

#[test]
fn list_rows_come_in_the_order_asked_however_many_and_skip_ids_that_are_gone() {
    let (_dir, mut store) = temp_store();
    seed_search_book(&mut store);
    let mut ids = store.browse_ids(&SearchQuery::default()).unwrap();
    ids.reverse();
    // More ids than one round of statements reads, with each customer many times over.
    let asked: Vec<i64> = std::iter::repeat_n(ids.clone(), 200).flatten().chain([987_654_321]).collect();
    let rows = store.list_rows(&asked).unwrap();
    assert_eq!(rows.len(), ids.len() * 200, "the id that is gone is skipped");
    assert!(rows.iter().map(|r| r.id).eq(asked[..asked.len() - 1].iter().copied()));
    let one = store.list_rows(&ids[..1]).unwrap();
    assert_eq!(rows[ids.len() * 150], one[0], "every copy has its groups and fields");
    assert!(rows.iter().any(|r| !r.groups.is_empty()));
    assert!(store.list_rows(&[]).unwrap().is_empty());
}

#[test]
fn a_word_inside_names_finds_the_first_customers_in_entry_order_whether_few_or_many_have_it() {
    let (_dir, mut store) = temp_store();
    // 1,500 have "Trading" (more than a server filters one by one), 3 have "Quayside".
    let customers = (0..1_500).map(|n| {
        let name = if n % 500 == 7 { format!("Quayside Trading {n:04}") } else { format!("Acme Trading {n:04}") };
        Customer { code: format!("T{n:04}"), ..Customer::new(name) }
    });
    store.insert_many(customers, |_| {}).unwrap();
    let codes = |store: &Store, query: SearchQuery| -> Vec<String> {
        store.search(&query).unwrap().into_iter().map(|r| r.code).collect()
    };

    let many = codes(&store, SearchQuery { limit: 100, ..SearchQuery::text("trading") });
    let first: Vec<String> = (0..100).map(|n| format!("T{n:04}")).collect();
    assert_eq!(many, first, "no name starts with the word: the first hundred entered");
    assert_eq!(codes(&store, SearchQuery::text("quaysi")), vec!["T0007", "T0507", "T1007"]);
    let inactive = store.customer_by_code("T0507").unwrap().unwrap();
    store.update_customer(&Customer { active: false, ..inactive }).unwrap();
    let active = SearchQuery { active: ActiveFilter::ActiveOnly, ..SearchQuery::text("quaysi") };
    assert_eq!(codes(&store, active), vec!["T0007", "T1007"]);
    assert!(codes(&store, SearchQuery::text("zzqxv")).is_empty());
}

#[test]
fn deleting_removes_the_customer_from_search_too() {
    let (_dir, mut store) = temp_store();
    seed_search_book(&mut store);
    let id = store.customer_by_code("B-2").unwrap().unwrap().id.unwrap();
    store.delete_customer(id).unwrap();
    assert!(store.customer_by_code("B-2").unwrap().is_none());
    assert_eq!(names(&store, SearchQuery::text("jars")), Vec::<String>::new());
    assert!(store.history(id).unwrap().is_empty());
}

#[test]
fn a_bulk_load_is_all_or_nothing() {
    let (_dir, mut store) = temp_store();
    let mut customers: Vec<Customer> =
        (0..50).map(|i| Customer { code: format!("C{:06}", i + 1), ..Customer::new(format!("Bulk {i}")) }).collect();
    customers[30].email = "broken".into();
    assert!(matches!(store.insert_many(customers.clone(), |_| {}), Err(StoreError::Invalid(_))));
    assert_eq!(store.customer_count().unwrap(), 0);
    customers[30].email.clear();
    assert_eq!(store.insert_many(customers, |_| {}).unwrap(), 50);
    assert_eq!(store.insert_customer(&Customer::new("Next")).unwrap().code, "C000051");
}

#[test]
fn phones_are_found_by_their_last_digits() {
    let (_dir, mut store) = temp_store();
    let mut alpha = Customer::new("Alpha Foods");
    alpha.phone = "02-555-0100".into();
    alpha.contacts.push(Contact { name: "Kim Minji".into(), phone: "010-9876-4321".into(), ..Contact::default() });
    store.insert_customer(&alpha).unwrap();
    let mut bravo = Customer::new("Bravo Trading");
    bravo.mobile = "+82 10 1234 0100".into();
    store.insert_customer(&bravo).unwrap();

    assert_eq!(names(&store, SearchQuery::text("0100")), vec!["Alpha Foods", "Bravo Trading"]);
    assert_eq!(names(&store, SearchQuery::text("5550100")), vec!["Alpha Foods"]);
    assert_eq!(names(&store, SearchQuery::text("kim 0100")), vec!["Alpha Foods"]);
    assert_eq!(names(&store, SearchQuery::text("bravo 0100")), vec!["Bravo Trading"]);
    // A contact's phone is found whole or by its groups, not by its ending.
    assert_eq!(names(&store, SearchQuery::text("01098764321")), vec!["Alpha Foods"]);
    assert!(names(&store, SearchQuery::text("64321")).is_empty());
    // Digits from the middle of a number are not an ending.
    assert!(names(&store, SearchQuery::text("5501")).is_empty());
}

#[test]
fn a_large_bulk_load_leaves_a_consistent_book_with_its_checks_back_on() {
    use clientele::domain::sample::{Generator, sample_schema};
    let (dir, mut store) = file_store();
    store.install_sample_schema(&sample_schema()).unwrap();
    let indexes = |conn: &rusqlite::Connection| -> Vec<String> {
        let mut statement = conn.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").unwrap();
        statement
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .map(|r| r.unwrap().unwrap_or_default())
            .collect()
    };
    let raw = rusqlite::Connection::open(dir.path().join("book.db")).unwrap();
    let before = indexes(&raw);

    let generator = Generator::new(7);
    let loaded = store.insert_many((0..12_000).map(|n| generator.customer(n)), |_| {}).unwrap();
    assert_eq!(loaded, 12_000);

    assert_eq!(indexes(&raw), before, "the dropped indexes are back as the migrations made them");
    let orphans: i64 = raw.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(orphans, 0);
    let integrity: String = raw.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    raw.execute("INSERT INTO customer_search (customer_search) VALUES ('integrity-check')", []).unwrap();
    let automerge: Option<i64> =
        raw.query_row("SELECT v FROM customer_search_config WHERE k = 'automerge'", [], |r| r.get(0)).unwrap_or(None);
    assert!(matches!(automerge, None | Some(4)), "the search index merges as usual again: {automerge:?}");

    // Foreign keys are on again for the store's own connection: deleting cascades to the contacts.
    let n =
        (0..100).find(|&n| !generator.customer(n).contacts.is_empty()).expect("some sample customers have contacts");
    let id = store.customer_by_code(&format!("C{:06}", n + 1)).unwrap().unwrap().id.unwrap();
    let contacts_of = |id: i64| -> i64 {
        raw.query_row("SELECT COUNT(*) FROM contacts WHERE customer_id = ?1", [id], |r| r.get(0)).unwrap()
    };
    assert!(contacts_of(id) > 0);
    store.delete_customer(id).unwrap();
    assert_eq!(contacts_of(id), 0);
}

#[test]
fn a_search_for_every_match_answers_without_reserving_for_the_limit() {
    // Exports ask for every match with `usize::MAX`; reserving that much once aborted the export.
    let mut store = crate::test_book().unwrap();
    for name in ["Acme Trading", "Acme Foods", "Bee Ltd"] {
        store.insert_customer(&Customer::new(name)).unwrap();
    }
    let query = SearchQuery { limit: usize::MAX, ..SearchQuery::text("acme") };
    assert_eq!(store.search_ids(&query).unwrap().len(), 2);
    assert_eq!(store.matching_ids(&query).unwrap().len(), 2);
    let every = SearchQuery { limit: usize::MAX, ..SearchQuery::default() };
    assert_eq!(store.matching_ids(&every).unwrap().len(), 3);
}

#[test]
fn profiles_for_export_come_whole_and_in_the_order_asked_across_chunks() {
    let mut store = crate::test_book().unwrap();
    let schema = clientele::domain::sample::sample_schema();
    store.install_sample_schema(&schema).unwrap();
    let generator = clientele::domain::sample::Generator::new(7);
    store.insert_many((0..1_201).map(|n| generator.customer(n)), |_| {}).unwrap();
    let query = SearchQuery { active: ActiveFilter::All, limit: usize::MAX, ..SearchQuery::default() };
    let mut ids = store.browse_ids(&query).unwrap();
    ids.reverse();
    ids.insert(700, 999_999); // gone since the list was made: skipped
    let profiles: Vec<Customer> = store.profiles(&ids).unwrap().map(Result::unwrap).collect();
    assert_eq!(profiles.len(), 1_201);
    let one_by_one: Vec<Customer> = ids.iter().filter_map(|&id| store.customer(id).unwrap()).collect::<Vec<_>>();
    assert_eq!(profiles, one_by_one, "the same profiles, contacts, groups and custom values, in the order asked");
    assert!(profiles.iter().any(|c| !c.contacts.is_empty() && !c.groups.is_empty() && !c.custom.is_empty()));
}
