//! `clientele book copy --from A --to B`: a book built through the commands is copied to a new
//! file (and, when CLIENTELE_TEST_POSTGRES names a server, to the server and back to a file); every
//! copy answers the reports byte for byte as the original and holds the same rows with the same
//! ids and types. The copies it must refuse (a target holding anything, the same book, a newer
//! or missing source, a source with broken links) write nothing.

use crate::support::{Book, fresh_location, raw_execute, run, test_server};
use rusqlite::types::Value as Sql;
use std::path::{Path, PathBuf};

/// Runs the program on the book at `db`; its stdout, which must come with success.
fn ok_at(db: &Path, args: &[&str]) -> String {
    let outcome = run(Book::at(db).args(args));
    assert_eq!(outcome.code, 0, "{args:?} on {} failed: {}", db.display(), outcome.stderr);
    outcome.stdout
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Copies `from` into `to` with the program; its stdout and stderr.
fn copy(from: &Path, to: &Path, json: bool) -> (String, String) {
    let mut cmd = Book::at(from);
    cmd.args(["book", "copy", "--from", text(from), "--to", text(to)]);
    if json {
        cmd.arg("--json");
    }
    let outcome = run(&mut cmd);
    assert_eq!(outcome.code, 0, "copy {} -> {} failed: {}", from.display(), to.display(), outcome.stderr);
    (outcome.stdout, outcome.stderr)
}

/// A copy that must be refused: its error (after any progress it made before failing).
fn refused(from: &Path, to: &Path) -> String {
    let outcome = run(Book::at(from).args(["book", "copy", "--from", text(from), "--to", text(to)]));
    assert_eq!(outcome.code, 1, "copy {} -> {} should fail: {}", from.display(), to.display(), outcome.stdout);
    assert!(outcome.stdout.is_empty(), "output on failure: {}", outcome.stdout);
    let error = outcome.stderr.find("error: ").map(|at| outcome.stderr[at..].to_string());
    error.unwrap_or_else(|| panic!("no error said: {}", outcome.stderr))
}

/// A book in a file with something in every table: profiles with Hangul, custom fields, groups and
/// contacts, a deleted customer (a gap in the ids), items, levels and special prices, sales,
/// purchases, settlements, an opening balance and voids, two imports (one undone) and a remembered
/// column mapping, an alert rule and a run with matches and deliveries, and the company's settings.
fn source_book() -> Book {
    let book = Book::file();
    for args in [
        &["company", "--name", "한빛 오피스"][..],
        &["fields", "add", "tier", "--label", "Tier", "--type", "choice", "--choices", "Gold,Silver"],
        &["fields", "add", "renewal", "--label", "Renewal date", "--type", "date"],
        &["fields", "add", "notes", "--label", "Notes", "--type", "text", "--in-list"],
        &["groups", "add", "Region", "Seoul"],
        &["groups", "add", "Region", "Busan"],
        &["groups", "add", "Channel", "Dealers"],
        &["levels", "add", "Retail"],
        &["levels", "add", "Wholesale"],
        &["groups", "set", "Channel", "Dealers", "--price-level", "Wholesale", "--discount", "5"],
        &["items", "add", "--code", "W-1", "--name", "Widget", "--unit", "pcs", "--price", "19.99", "--tax-rate", "10"],
        &["items", "add", "--code", "K-1", "--name", "김치", "--price", "1234.5", "--tax-rate", "10"],
        &["items", "add", "--code", "G-2", "--name", "Gadget", "--price", "5"],
        &["items", "deactivate", "G-2"],
        &["prices", "set", "--item", "W-1", "--level", "Wholesale", "--price", "18"],
        &["prices", "set", "--item", "K-1", "--level", "Retail", "--price", "1200"],
        &[
            "customers",
            "add",
            "--code",
            "HB-01",
            "--name",
            "(주)한빛상사",
            "--tax-id",
            "123-45-67890",
            "--phone",
            "02-555-0100",
            "--email",
            "info@hanbit.example",
            "--address",
            "테헤란로 1",
            "--city",
            "서울",
            "--group",
            "Region=Seoul",
            "--group",
            "Channel=Dealers",
            "--field",
            "tier=Gold",
            "--field",
            "renewal=2026-12-31",
            "--field",
            "notes=김 과장 담당",
            "--contact",
            "김철수|과장|010-1234-5678|kim@hanbit.example",
            "--contact",
            "Lee|Buyer||lee@hanbit.example",
            "--credit-limit",
            "50000",
            "--on-exceed",
            "warn",
            "--payment-terms",
            "30",
        ],
        &["customers", "add", "--code", "GONE", "--name", "Gone Ltd"],
        &[
            "customers",
            "add",
            "--code",
            "AC",
            "--name",
            "Acme Trading",
            "--group",
            "Region=Busan",
            "--price-level",
            "Retail",
        ],
        &["customers", "add", "--code", "BS", "--name", "Blue Sky Foods", "--role", "vendor"],
        &["customers", "delete", "GONE", "--yes"],
        &["customers", "edit", "AC", "--name", "Acme Holdings", "--memo", "moved to Busan"],
        &[
            "prices",
            "set",
            "--item",
            "W-1",
            "--customer",
            "HB-01",
            "--price",
            "17.5",
            "--min-qty",
            "10",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
        &[
            "sale",
            "--customer",
            "HB-01",
            "--date",
            "2026-01-10",
            "--due",
            "2026-02-10",
            "--line",
            "W-1:12",
            "--line",
            "K-1:2",
        ],
        &["sale", "--customer", "AC", "--date", "2026-02-01", "--line", "W-1:3"],
        &["sale", "--customer", "AC", "--date", "2026-02-15", "--line", "K-1:1"],
        &["purchase", "--customer", "BS", "--date", "2026-01-05", "--line", "W-1:100@15"],
        &["collect", "--customer", "HB-01", "--amount", "100", "--date", "2026-02-20", "--apply", "S-2026-000001"],
        &["pay", "--customer", "BS", "--amount", "500", "--date", "2026-01-31", "--method", "cash"],
        &["opening", "--customer", "AC", "--receivable", "250", "--date", "2025-12-31"],
        &["void", "S-2026-000003"],
        &["unvoid", "S-2026-000003"],
        &["void", "S-2026-000003"],
        &["customers", "deactivate", "BS"],
        &[
            "alerts",
            "add",
            "--name",
            "Big sellers",
            "--measure",
            "sales",
            "--op",
            "gt",
            "--threshold",
            "10",
            "--period",
            "ytd",
            "--schedule",
            "weekly:fri@09:00",
            "--recipient",
            "Kim|CEO|kim@example.com",
            "--recipient",
            "Lee|Sales manager",
        ],
        &["alerts", "run", "--rule", "1", "--at", "2026-03-06 09:00", "--no-notify"],
    ] {
        book.ok(args);
    }
    let first = book.dir.path().join("new customers.csv");
    std::fs::write(&first, "Company,VAT,Colour\n대한물산,234-56-78901,blue\nEarly Bird,345-67-89012,red\n").unwrap();
    book.ok(&["import", "customers", text(&first), "--map", "Colour=memo"]);
    let second = book.dir.path().join("phones.csv");
    std::fs::write(&second, "VAT,Tel\n234-56-78901,051-000-1111\n345-67-89012,051-000-2222\n").unwrap();
    book.ok(&["import", "customers", text(&second), "--key", "tax_id", "--map", "Tel=phone"]);
    book.ok(&["import", "undo", "2"]);
    book
}

/// What the book answers to every command that shows it, command by command.
fn answers(db: &Path) -> Vec<(String, String)> {
    let commands: &[&[&str]] = &[
        &["balances"],
        &["balances", "--json"],
        &["aging", "--as-of", "2026-03-31"],
        &["aging", "--as-of", "2026-03-31", "--json"],
        &["ledger", "HB-01"],
        &["ledger", "AC", "--json"],
        &["ledger", "BS"],
        &["customers", "list"],
        &["customers", "list", "--json"],
        &["customers", "list", "--search", "한빛", "--json"],
        &["customers", "list", "--search", "051", "--json"],
        &["customers", "show", "HB-01", "--json"],
        &["customers", "history", "AC"],
        &["items", "list"],
        &["items", "list", "--json"],
        &["levels", "list"],
        &["prices", "list"],
        &["fields", "list"],
        &["groups", "list"],
        &["company"],
        &["alerts", "list", "--json"],
        &["alerts", "history", "--json"],
        &["alerts", "report", "1", "--json"],
        &["import", "history", "--json"],
    ];
    commands.iter().map(|args| (args.join(" "), ok_at(db, args))).collect()
}

/// Every row of every table of a book in a file (rowid first where the table has one), its
/// values as SQLite holds them: an integer stays an integer, text stays text. The word index's
/// tables are left out: it is made again by each copy, not copied.
fn rows(path: &Path) -> Vec<(String, Vec<Vec<Sql>>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'
             AND name NOT LIKE 'customer_search%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(tables.len() >= 25, "{tables:?}");
    let mut all = Vec::new();
    for table in tables {
        // A WITHOUT ROWID table has no rowid: its primary key leads its columns.
        let mut statement = conn
            .prepare(&format!("SELECT rowid, * FROM \"{table}\" ORDER BY rowid"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2")))
            .unwrap();
        let width = statement.column_count();
        let found = statement
            .query_map([], |row| (0..width).map(|i| row.get::<_, Sql>(i)).collect::<rusqlite::Result<Vec<_>>>())
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        all.push((table, found));
    }
    for pragma in ["user_version", "application_id"] {
        let value: i64 = conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0)).unwrap();
        all.push((pragma.to_string(), vec![vec![Sql::Integer(value)]]));
    }
    all
}

fn same_answers(expected: &[(String, String)], got: &[(String, String)], book: &str) {
    for ((command, want), (_, have)) in expected.iter().zip(got) {
        assert_eq!(have, want, "`{command}` on {book} differs from the original");
    }
}

fn table_rows<'a>(all: &'a [(String, Vec<Vec<Sql>>)], table: &str) -> &'a [Vec<Sql>] {
    &all.iter().find(|(name, _)| name == table).unwrap().1
}

#[test]
fn a_book_copied_to_a_file_and_through_the_server_answers_as_the_original_and_holds_the_same_rows() {
    let source = source_book();
    let original = answers(&source.db);
    let original_rows = rows(&source.db);
    // The book really has something everywhere the copy must carry it.
    for table in [
        "settings",
        "group_terms",
        "custom_values",
        "customer_history",
        "level_prices",
        "special_prices",
        "voucher_series",
        "voucher_history",
        "import_records",
        "import_mappings",
        "alert_matches",
        "alert_deliveries",
    ] {
        assert!(!table_rows(&original_rows, table).is_empty(), "the source has no {table}");
    }

    let copied = source.dir.path().join("copy.db");
    let (stdout, stderr) = copy(&source.db, &copied, true);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["tables"]["customers"], 5, "{report}");
    assert_eq!(report["tables"]["import_records"], 4, "{report}");
    assert_eq!(report["search_index"], 5, "{report}");
    assert!(stderr.contains("customers: 5 of 5"), "progress on stderr: {stderr}");
    same_answers(&original, &answers(&copied), "the copied file");
    assert_eq!(rows(&copied), original_rows, "the copied file holds other rows");
    ok_at(&copied, &["check"]);

    let Some(_) = test_server() else { return };
    let server = fresh_location(source.dir.path());
    let (text_report, _) = copy(&source.db, &server, false);
    assert!(text_report.starts_with("Copied the book "), "{text_report}");
    assert!(text_report.lines().any(|l| l.split_whitespace().eq(["customers", "5"])), "{text_report}");
    same_answers(&original, &answers(&server), "the server");
    let back = source.dir.path().join("back.db");
    copy(&server, &back, false);
    same_answers(&original, &answers(&back), "the file copied back from the server");
    assert_eq!(rows(&back), original_rows, "the file copied back holds other rows");

    // The server goes on numbering after the copied ids: new rows take new ids.
    ok_at(&server, &["customers", "add", "--code", "NEW", "--name", "New after the move"]);
    let added: serde_json::Value =
        serde_json::from_str(&ok_at(&server, &["customers", "show", "NEW", "--json"])).unwrap();
    let highest = table_rows(&original_rows, "customers").iter().filter_map(|r| match r[0] {
        Sql::Integer(id) => Some(id),
        _ => None,
    });
    assert_eq!(added["id"].as_i64(), highest.max().map(|id| id + 1), "{added}");
    ok_at(&server, &["sale", "--customer", "NEW", "--date", "2026-03-02", "--line", "W-1:1"]);
    ok_at(&server, &["alerts", "run", "--rule", "1", "--at", "2026-03-13 09:00", "--no-notify"]);
}

/// A small book in a file to copy.
fn one_customer() -> Book {
    let book = Book::file();
    book.ok(&["customers", "add", "--code", "HB-01", "--name", "(주)한빛상사"]);
    book
}

#[test]
fn a_target_that_holds_anything_is_refused_and_left_as_it_was() {
    let source = one_customer();
    let target = Book::new();
    target.ok(&["items", "add", "--code", "W-1", "--name", "Widget", "--price", "1"]);
    let before = (target.ok(&["items", "list", "--json"]), target.ok(&["customers", "list", "--json"]));
    let error = refused(&source.db, &target.db);
    assert!(error.contains("already holds a book (items)") && error.contains("nothing was copied"), "{error}");
    assert_eq!((target.ok(&["items", "list", "--json"]), target.ok(&["customers", "list", "--json"])), before);
}

#[test]
fn a_book_is_not_copied_onto_itself() {
    let source = one_customer();
    let error = refused(&source.db, &source.db);
    assert!(error.contains("is the book being copied"), "{error}");
    let spelled_otherwise = source.dir.path().join(".").join("book.db");
    let error = refused(&source.db, &spelled_otherwise);
    assert!(error.contains("is the book being copied"), "{error}");
    if test_server().is_some() {
        let server = Book::new();
        server.ok(&["customers", "add", "--code", "S", "--name", "On the server"]);
        let error = refused(&server.db, &server.db);
        assert!(error.contains("is the book being copied"), "{error}");
    }
    assert_eq!(source.json(&["customers", "list"]).as_array().map(Vec::len), Some(1));
}

#[test]
fn a_source_newer_than_this_program_is_refused_and_no_target_is_made() {
    let source = one_customer();
    raw_execute(&source.db, "PRAGMA user_version = 99");
    let target = source.dir.path().join("copy.db");
    let error = refused(&source.db, &target);
    assert!(error.contains("newer version of Clientele"), "{error}");
    assert!(!target.exists(), "a target was made for a refused copy");
    if test_server().is_some() {
        let server = Book::new();
        server.ok(&["customers", "add", "--code", "S", "--name", "On the server"]);
        raw_execute(&server.db, "UPDATE clientele_book SET value = '99' WHERE key = 'schema_version'");
        let error = refused(&server.db, &target);
        assert!(error.contains("newer version of Clientele"), "{error}");
        assert!(!target.exists());
    }
}

#[test]
fn a_missing_source_is_an_error_and_nothing_is_created() {
    let dir = tempfile::TempDir::new().unwrap();
    let missing: PathBuf = dir.path().join("no such book.db");
    let target = dir.path().join("copy.db");
    let error = refused(&missing, &target);
    assert!(error.contains("there is no book at") && error.contains("no such book.db"), "{error}");
    assert!(!missing.exists() && !target.exists(), "a missing source or its target was created");
    if test_server().is_some() {
        // An empty schema on the server is no book: it is not made one by being copied from.
        let empty = fresh_location(dir.path());
        let error = refused(&empty, &target);
        assert!(error.contains("there is no book at"), "{error}");
        assert!(!target.exists());
        let source = one_customer();
        copy(&source.db, &empty, false);
        assert_eq!(ok_at(&empty, &["customers", "list", "--json"]), source.ok(&["customers", "list", "--json"]));
    }
}

#[test]
fn a_copy_that_fails_half_way_writes_nothing() {
    let source = one_customer();
    source.ok(&["items", "add", "--code", "W-1", "--name", "Widget", "--price", "1"]);
    // A contact of a customer the book does not have: the copy finds it once rows are in.
    raw_execute(
        &source.db,
        "PRAGMA foreign_keys = OFF; INSERT INTO contacts (customer_id, position, name) VALUES (999, 0, 'Ghost')",
    );
    let target = source.dir.path().join("copy.db");
    let error = refused(&source.db, &target);
    assert!(error.contains("contacts"), "{error}");
    assert!(!target.exists(), "the failed copy left a file behind");
    if test_server().is_some() {
        let server = fresh_location(source.dir.path());
        let error = refused(&source.db, &server);
        assert!(error.contains("contacts"), "{error}");
        assert_eq!(ok_at(&server, &["items", "list", "--json"]).trim(), "[]", "the server kept part of the copy");
        // Nothing at all stayed behind: a sound book copies into it now.
        raw_execute(&source.db, "DELETE FROM contacts WHERE customer_id = 999");
        copy(&source.db, &server, false);
    }
}
