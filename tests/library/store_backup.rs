//! Backups, restores and the book's check, on real files: copies are verified and rotated, a
//! restore makes the book exactly the copy, an upgrade keeps a verified copy of the old book,
//! the check finds what was broken on purpose, and a full disk leaves nothing half-written.

use crate::cli_support::Book;
use chrono::{Duration, Local, NaiveDateTime, Timelike};
use clientele::domain::backup::{BackupKind, BackupName, Rotation};
use clientele::domain::customer::Customer;
use clientele::domain::voucher::{LineEntry, Voucher, VoucherKind, VoucherLine};
use clientele::store::{BackupSettings, CheckDepth, CheckPart, Store, StoreError, latest_version, verify_backup};
use rusqlite::Connection;
use rust_decimal_macros::dec;
use std::path::Path;
use tempfile::TempDir;

/// A book with customers, items, prices and vouchers, made by `clientele demo`.
fn trading_book() -> Book {
    let book = Book::file();
    book.ok(&[
        "demo",
        "--customers",
        "40",
        "--items",
        "12",
        "--levels",
        "2",
        "--special-prices",
        "20",
        "--vouchers",
        "300",
    ]);
    book
}

/// The schema and every row of every table (the search index's own tables too), in a stable order.
pub fn dump(path: &Path) -> Vec<String> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // The schema too: an index dropped and not put back must show.
    let mut rows: Vec<String> = conn
        .prepare("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in tables {
        if table == "customer_search" {
            continue; // the virtual table itself; its shadow tables hold its rows
        }
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut found: Vec<String> = statement
            .query_map([], |row| {
                let values: Vec<String> = (0..columns).map(|i| format!("{:?}", row.get_ref(i).unwrap())).collect();
                Ok(format!("{table}: {}", values.join(" | ")))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        found.sort();
        rows.extend(found);
    }
    rows
}

fn customer(code: &str) -> Customer {
    Customer {
        code: code.to_string(),
        ..Customer::new(format!("Customer {code} with a name long enough to fill pages"))
    }
}

fn add_customer(store: &mut Store, code: &str) {
    store.insert_customer(&customer(code)).unwrap();
}

#[test]
fn a_backup_is_a_verified_single_file_copy_in_the_folder_beside_the_book() {
    let book = trading_book();
    let store = Store::open(&book.db).unwrap();
    let copy = store.back_up(BackupKind::Manual).unwrap();
    assert_eq!(copy.path.parent().unwrap(), book.dir.path().join("backups"));
    let name = BackupName::parse(&copy.path.file_name().unwrap().to_string_lossy()).unwrap();
    assert_eq!((name.book.as_str(), name.kind), ("book", BackupKind::Manual));
    assert_eq!(verify_backup(&copy.path).unwrap(), latest_version());
    // One self-contained file: rollback journal in its header (bytes 18 and 19 are 1), no -wal.
    let header = std::fs::read(&copy.path).unwrap();
    assert_eq!((header[18], header[19]), (1, 1));
    assert!(!Path::new(&format!("{}-wal", copy.path.display())).exists());
    assert_eq!(dump(&copy.path), dump(&book.db));
    assert_eq!(store.backups().unwrap(), vec![copy.clone()]);
    assert!(
        !std::fs::read_dir(copy.path.parent().unwrap()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial"))
    );
}

#[test]
fn a_restore_makes_the_book_exactly_the_backup_and_keeps_what_it_replaced() {
    let book = trading_book();
    let mut store = Store::open(&book.db).unwrap();
    let copy = store.back_up(BackupKind::Manual).unwrap();
    let before = dump(&book.db);
    add_customer(&mut store, "AFTER-BACKUP");
    book.ok(&["customers", "deactivate", "C000003"]);
    let changed = dump(&book.db);
    assert_ne!(changed, before);

    let restored = store.restore_from(&copy.path).unwrap();
    assert_eq!(restored.schema_version, latest_version());
    assert_eq!(dump(&book.db), before, "the book is exactly the backup");
    assert!(store.customer_by_code("AFTER-BACKUP").unwrap().is_none());
    assert!(restored.kept_verified);
    assert!(restored.kept.to_string_lossy().ends_with("-before-restore.db"), "{:?}", restored.kept);
    assert_eq!(dump(&restored.kept), changed, "the replaced book was kept");
    // The book still works as one: WAL, writable, found by another program.
    let mode: String = Connection::open(&book.db).unwrap().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    add_customer(&mut store, "AFTER-RESTORE");
    book.ok(&["customers", "show", "AFTER-RESTORE"]);
    assert!(store.check(CheckDepth::Full).unwrap().is_ok());
}

#[test]
fn a_restore_refuses_what_is_not_a_whole_book_and_changes_nothing() {
    let book = trading_book();
    let mut store = Store::open(&book.db).unwrap();
    let before = dump(&book.db);
    let text = book.dir.path().join("notes.db");
    std::fs::write(&text, "not a book").unwrap();
    let foreign = book.dir.path().join("foreign.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let damaged = book.dir.path().join("damaged.db");
    let copy = store.back_up(BackupKind::Manual).unwrap();
    let mut bytes = std::fs::read(&copy.path).unwrap();
    for byte in &mut bytes[4096 * 3..4096 * 6] {
        *byte = 0x5A;
    }
    std::fs::write(&damaged, bytes).unwrap();
    for (file, expected) in [
        (text.as_path(), "not a Clientele book"),
        (foreign.as_path(), "another program's database"),
        (damaged.as_path(), "damaged"),
        (book.db.as_path(), "the book itself"),
        (book.dir.path().join("missing.db").as_path(), "no such file"),
    ] {
        let said = store.restore_from(file).unwrap_err().to_string();
        assert!(said.contains(expected) && said.contains("left as it was"), "{file:?}: {said}");
    }
    assert_eq!(dump(&book.db), before);
    assert_eq!(store.backups().unwrap().len(), 1, "no safety copy is taken for a refused restore");
}

#[test]
fn an_older_copy_restored_is_upgraded_and_the_fixtures_upgrade_after_a_verified_copy() {
    for fixture in ["customer-book-v1.db", "trading-v2.db"] {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("office.db");
        std::fs::copy(format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR")), &path).unwrap();
        let original = dump(&path);
        let old_version: i64 =
            Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        let store = Store::open(&path).unwrap();
        let upgraded = store.upgraded().expect("the open upgraded the book").clone();
        assert_eq!((upgraded.from, upgraded.to), (old_version, latest_version()));
        assert_eq!(upgraded.kept.parent().unwrap(), dir.path().join("backups"));
        assert_eq!(verify_backup(&upgraded.kept).unwrap(), old_version, "{fixture}: the copy is verified and old");
        assert_eq!(dump(&upgraded.kept), original, "{fixture}: the copy is the book before the upgrade");
        assert!(upgraded.sentence().starts_with(&format!("Upgraded the book from version {old_version} to ")));
        assert!(store.check(CheckDepth::Full).unwrap().is_ok(), "{fixture}");
        drop(store);
        assert!(Store::open(&path).unwrap().upgraded().is_none(), "opened again: nothing to upgrade");

        // The old copy restored over the book comes back upgraded.
        let mut store = Store::open(&path).unwrap();
        let restored = store.restore_from(&upgraded.kept).unwrap();
        assert_eq!(restored.schema_version, old_version);
        let version: i64 = Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, latest_version());
        assert!(store.check(CheckDepth::Full).unwrap().is_ok(), "{fixture} restored");
    }
}

#[test]
fn an_upgrade_whose_copy_cannot_be_made_is_not_made() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("office.db");
    std::fs::copy(format!("{}/tests/fixtures/customer-book-v1.db", env!("CARGO_MANIFEST_DIR")), &path).unwrap();
    // A file where the backups folder would go.
    std::fs::write(dir.path().join("backups"), "in the way").unwrap();
    let said = Store::open(&path).unwrap_err().to_string();
    assert!(said.contains("was not upgraded") && said.contains("not a folder"), "{said}");
    let version: i64 = Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1);
}

#[test]
fn daily_copies_are_taken_once_a_day_and_rotated() {
    let book = trading_book();
    let mut store = Store::open(&book.db).unwrap();
    let folder = book.dir.path().join("backups");
    let first = store.daily_backup_if_due().unwrap().expect("no copy yet today");
    assert!(store.daily_backup_if_due().unwrap().is_none(), "one a day");
    assert!(store.back_up_if_changed().unwrap().is_none(), "nothing written since");
    // A write after the copy makes the closing copy due (names keep whole seconds).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    add_customer(&mut store, "LATE");
    let closing = store.back_up_if_changed().unwrap().expect("written since the last copy");
    assert_ne!(closing.path, first.path);
    assert!(!first.path.exists(), "a day keeps its newest daily copy only");

    // Forty days of older daily copies, and a copy made by hand long ago.
    let now = Local::now().naive_local().with_nanosecond(0).unwrap();
    for day in 1..=40 {
        let name = BackupName { book: "book".into(), taken_at: now - Duration::days(day), kind: BackupKind::Daily };
        std::fs::copy(&closing.path, folder.join(name.file_name())).unwrap();
    }
    let old_manual = BackupName { book: "book".into(), taken_at: now - Duration::days(400), kind: BackupKind::Manual };
    std::fs::copy(&closing.path, folder.join(old_manual.file_name())).unwrap();
    std::fs::write(folder.join("somebody-elses-notes.txt"), "kept").unwrap();
    store
        .save_backup_settings(&BackupSettings { folder: None, rotation: Rotation { daily: 3, weekly: 2, monthly: 2 } })
        .unwrap();
    store.back_up(BackupKind::Daily).unwrap();
    let daily: Vec<NaiveDateTime> =
        store.backups().unwrap().into_iter().filter(|b| b.kind == BackupKind::Daily).map(|b| b.taken_at).collect();
    assert!(daily.len() <= 3 + 2 + 2 && daily.len() >= 3, "{daily:?}");
    assert_eq!(daily, {
        let mut sorted = daily.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        sorted
    });
    assert!(folder.join(old_manual.file_name()).exists(), "copies made by hand are never rotated away");
    assert!(folder.join("somebody-elses-notes.txt").exists());
}

#[test]
fn a_chosen_folder_takes_the_copies_and_a_file_in_the_way_is_refused() {
    let book = trading_book();
    let mut store = Store::open(&book.db).unwrap();
    let usb = book.dir.path().join("usb stick").join("clientele");
    store.save_backup_settings(&BackupSettings { folder: Some(usb.clone()), rotation: Rotation::default() }).unwrap();
    let copy = store.back_up(BackupKind::Daily).unwrap();
    assert_eq!(copy.path.parent().unwrap(), usb);
    let blocked = book.dir.path().join("a file");
    std::fs::write(&blocked, "x").unwrap();
    let said = store
        .save_backup_settings(&BackupSettings { folder: Some(blocked), rotation: Rotation::default() })
        .unwrap_err()
        .to_string();
    assert!(said.contains("not a folder"), "{said}");
    let said = store
        .save_backup_settings(&BackupSettings { folder: None, rotation: Rotation { daily: 0, weekly: 1, monthly: 1 } })
        .unwrap_err()
        .to_string();
    assert!(said.contains("at least one daily"), "{said}");
    // By hand, to a file name: an existing file is never replaced.
    let named = book.dir.path().join("before-audit.db");
    store.back_up_to(&named).unwrap();
    assert_eq!(dump(&named), dump(&book.db));
    assert!(matches!(store.back_up_to(&named), Err(StoreError::Backup { .. })));
}

#[test]
fn the_check_finds_each_broken_rule_and_passes_a_whole_book() {
    let book = trading_book();
    let store = Store::open(&book.db).unwrap();
    let report = store.check(CheckDepth::Full).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.customers, 40);
    assert!(report.verdict().contains("found the book whole"));
    {
        let conn = Connection::open(&book.db).unwrap();
        conn.execute_batch(
            "UPDATE vouchers SET total = total + 10000, debit = debit + 10000
                 WHERE id = (SELECT MIN(id) FROM vouchers WHERE kind = 'sale');
             UPDATE vouchers SET receivable_delta = receivable_delta + 5
                 WHERE id = (SELECT MIN(id) FROM vouchers WHERE kind = 'collection');
             PRAGMA foreign_keys = OFF;
             UPDATE vouchers SET applies_to = 'S-1999-000001', applies_to_id = NULL
                 WHERE id = (SELECT MAX(id) FROM vouchers WHERE kind = 'collection');
             INSERT INTO contacts (customer_id, position, name) VALUES (999999, 0, 'nobody');",
        )
        .unwrap();
    }
    let report = store.check(CheckDepth::Full).unwrap();
    let parts: std::collections::BTreeSet<String> =
        report.problems.iter().map(|p| p.part.label().to_string()).collect();
    for part in
        [CheckPart::VoucherTotals, CheckPart::Postings, CheckPart::Balances, CheckPart::Settlements, CheckPart::Links]
    {
        assert!(parts.contains(part.label()), "{part:?} not found in {:?}", report.problems);
    }
    assert!(report.verdict().contains("problems"), "{}", report.verdict());
    assert!(store.check(CheckDepth::Quick).unwrap().is_ok(), "the quick check looks at the file only");
}

#[test]
fn the_check_reports_a_damaged_file_instead_of_failing() {
    let book = trading_book();
    let copy = Store::open(&book.db).unwrap().back_up(BackupKind::Manual).unwrap();
    let damaged = book.dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&copy.path).unwrap();
    // Scribble over three pages in the middle of the file, as a failing disk would.
    let middle = (bytes.len() / 4096 / 2) * 4096;
    for byte in &mut bytes[middle..middle + 3 * 4096] {
        *byte = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let store = Store::open(&damaged).unwrap();
    for depth in [CheckDepth::Quick, CheckDepth::Full] {
        let report = store.check(depth).unwrap();
        assert!(!report.is_ok(), "{depth:?}");
        assert!(report.problems.iter().any(|p| p.part == CheckPart::File), "{:?}", report.problems);
    }
}

#[test]
fn a_damaged_book_is_restored_from_its_backup_and_kept_as_it_was() {
    let book = trading_book();
    let copy = Store::open(&book.db).unwrap().back_up(BackupKind::Manual).unwrap();
    let mut bytes = std::fs::read(&book.db).unwrap();
    let middle = (bytes.len() / 4096 / 2) * 4096;
    for byte in &mut bytes[middle..middle + 3 * 4096] {
        *byte = 0xA5;
    }
    std::fs::write(&book.db, &bytes).unwrap();
    let mut store = Store::open(&book.db).unwrap();
    assert!(!store.check(CheckDepth::Quick).unwrap().is_ok());
    assert!(store.back_up(BackupKind::Manual).is_err(), "a damaged book gives no verified copy");
    let restored = store.restore_from(&copy.path).unwrap();
    assert!(!restored.kept_verified);
    assert!(restored.sentence().contains("the damaged book is kept as"), "{}", restored.sentence());
    assert_eq!(std::fs::read(&restored.kept).unwrap().len(), bytes.len(), "the damaged pages are kept as they were");
    assert!(store.check(CheckDepth::Full).unwrap().is_ok());
    assert_eq!(dump(&book.db), dump(&copy.path));
    assert!(store.backups().unwrap().iter().all(|b| b.path != restored.kept), "an unchecked copy is not listed");
}

#[test]
fn a_full_disk_during_a_sale_or_an_import_writes_nothing_half() {
    let book = trading_book();
    let mut store = Store::open(&book.db).unwrap();
    let buyer = store.insert_customer(&customer("BUYER")).unwrap().id;
    let before = dump(&book.db);
    store.limit_size_to_current_for_tests().unwrap();
    // Enough new customers to need new pages; the load's one transaction fails whole.
    let customers: Vec<Customer> = (0..2_000).map(|n| customer(&format!("FULL{n:05}"))).collect();
    let said = store.insert_many(customers, |_| {}).unwrap_err().to_string();
    assert!(said.contains("disk is full") && said.contains("nothing was saved"), "{said}");
    assert_eq!(dump(&book.db), before);

    // Sales until the book can grow no more: the one that does not fit is not there at all.
    let item = store.item_by_code("I00001").unwrap().expect("a demo item");
    let mut saved = 0;
    let error = loop {
        let line = VoucherLine::entered(LineEntry {
            item: &item,
            quantity: dec!(3),
            typed_price: None,
            typed_discount: None,
            resolved: None,
            standard_price: item.sales_price,
            standard_discount: dec!(0),
        });
        let sale = Voucher {
            lines: vec![line; 12],
            memo: "x".repeat(400),
            ..Voucher::new(VoucherKind::Sale, buyer, Local::now().date_naive())
        };
        match store.save_voucher_accepting(&sale, true) {
            Ok(_) => saved += 1,
            Err(error) => break error,
        }
        assert!(saved < 100_000, "the book never filled");
    };
    assert!(error.to_string().contains("disk is full"), "{error}");
    let report = store.check(CheckDepth::Full).unwrap();
    assert!(report.is_ok(), "after {saved} sales: {:?}", report.problems);
}

#[test]
fn a_full_disk_during_a_customer_import_small_or_large_writes_nothing() {
    use clientele::domain::import::ImportOptions;
    use clientele::domain::import::customers::Catalog;
    use clientele::store::ImportRow;
    let book = trading_book();
    let mut store = Store::open(&book.db).unwrap();
    let before = dump(&book.db);
    store.limit_size_to_current_for_tests().unwrap();
    // A few rows go in row by row; from 10,000 the import drops and rebuilds the indexes.
    for rows in [300, 12_000] {
        let headers: Vec<String> = ["Code", "Company", "Phone", "Address"].iter().map(|h| h.to_string()).collect();
        let catalog = Catalog::new(&store.field_defs().unwrap(), &store.group_axes().unwrap());
        let mapping = catalog.guess(&headers, &[]);
        let cells = (0..rows).map(|n| ImportRow {
            number: n + 2,
            cells: vec![
                format!("IMP{n:06}"),
                format!("Imported customer number {n} with a name long enough to fill pages"),
                format!("02-555-{:04}", n % 10_000),
                format!("{n} Long Street, Building {n}, Floor 3, Seoul"),
            ],
        });
        let plan = store.plan_customer_import(&headers, &mapping, cells, &ImportOptions::default()).unwrap();
        assert_eq!(plan.counts().created as usize, rows);
        let said = store.apply_customer_import(&plan, "full.csv", false).unwrap_err().to_string();
        assert!(said.contains("disk is full") && said.contains("nothing was saved"), "{rows} rows: {said}");
        assert_eq!(dump(&book.db), before, "{rows} rows: the book is as before");
        assert!(store.check(CheckDepth::Full).unwrap().is_ok(), "{rows} rows");
        assert!(store.import_history().unwrap().is_empty());
    }
}
