//! `clientele backup`, `backups`, `restore` and `check` as a clerk or a script runs them, and the
//! sentence an upgrade prints.

use crate::support::Book;

fn demo_book() -> Book {
    let book = Book::file();
    book.ok(&["demo", "--customers", "30", "--items", "8", "--vouchers", "120"]);
    book
}

#[test]
fn backup_lists_and_restores_with_a_question_first() {
    let book = demo_book();
    let said = book.ok(&["backup"]);
    assert!(said.starts_with("Backed up the book to ") && said.contains("passed its check"), "{said}");
    let listed = book.json(&["backups"]);
    let copies = listed["backups"].as_array().unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0]["kind"], "manual");
    let copy = copies[0]["path"].as_str().unwrap().to_string();
    assert!(copy.contains("backups"), "{copy}");
    let text = book.ok(&["backups"]);
    assert!(text.contains("Made by hand") && text.contains("Verified"), "{text}");

    book.ok(&["customers", "add", "--code", "LATE", "--name", "Added after the backup"]);
    let asked = book.fails(&["restore", &copy]);
    assert!(asked.contains("--yes") && asked.contains("replaces everything"), "{asked}");
    book.ok(&["customers", "show", "LATE"]);

    let restored = book.ok(&["restore", &copy, "--yes"]);
    assert!(restored.contains("Restored the book from") && restored.contains("before-restore"), "{restored}");
    let gone = book.fails(&["customers", "show", "LATE"]);
    assert!(gone.contains("LATE"), "{gone}");
    let kinds: Vec<String> = book.json(&["backups"])["backups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.contains(&"before-restore".to_string()), "{kinds:?}");
}

#[test]
fn backups_folder_and_rotation_are_set_and_checked() {
    let book = demo_book();
    let usb = book.dir.path().join("usb");
    let listed = book.json(&["backups", "--folder", usb.to_str().unwrap(), "--keep-daily", "10"]);
    assert_eq!(listed["folder"], usb.to_str().unwrap());
    assert_eq!(listed["keep"]["daily"], 10);
    let said = book.ok(&["backup"]);
    assert!(said.contains(usb.to_str().unwrap()), "{said}");
    let refused = book.fails(&["backups", "--keep-daily", "0"]);
    assert!(refused.contains("at least one daily"), "{refused}");
    let back = book.json(&["backups", "--folder-beside-book"]);
    assert_eq!(back["folder"], book.dir.path().join("backups").to_str().unwrap());
    // To a file by hand; an existing file is never replaced.
    let named = book.dir.path().join("year-end.db");
    book.ok(&["backup", "--to", named.to_str().unwrap()]);
    let refused = book.fails(&["backup", "--to", named.to_str().unwrap()]);
    assert!(refused.contains("already exists"), "{refused}");
}

#[test]
fn check_passes_a_whole_book_and_names_what_is_broken() {
    let book = demo_book();
    let said = book.ok(&["check"]);
    assert!(said.contains("found the book whole: 30 customers"), "{said}");
    let report = book.json(&["check", "--quick"]);
    assert_eq!(report["depth"], "quick");
    assert_eq!(report["problems"].as_array().unwrap().len(), 0);
    book.ok(&["backup"]);
    rusqlite::Connection::open(&book.db)
        .unwrap()
        .execute_batch(
            "UPDATE vouchers SET total = total + 1 WHERE id = (SELECT MIN(id) FROM vouchers WHERE kind = 'sale')",
        )
        .unwrap();
    let outcome = book.run(&["check"]);
    assert_eq!(outcome.code, 1);
    assert!(
        outcome.stdout.contains("Voucher totals: S-") && outcome.stdout.contains("found 2 problems"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stderr.contains("newest verified backup is") && outcome.stderr.contains("restore"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn looking_commands_need_a_book_and_an_upgrade_says_where_the_old_book_is() {
    let book = Book::file();
    for args in [vec!["backup"], vec!["backups"], vec!["check"]] {
        let said = book.fails(&args);
        assert!(said.contains("there is no book at"), "{args:?}: {said}");
    }
    assert!(!book.db.exists());
    std::fs::copy(format!("{}/tests/fixtures/customer-book-v1.db", env!("CARGO_MANIFEST_DIR")), &book.db).unwrap();
    let outcome = book.run(&["customers", "list", "--json"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome.stderr.starts_with("Upgraded the book from version 1 to ")
            && outcome.stderr.contains("before-upgrade.db"),
        "{}",
        outcome.stderr
    );
    serde_json::from_str::<serde_json::Value>(&outcome.stdout).expect("stdout stays JSON");
    let again = book.run(&["customers", "list"]);
    assert!(again.stderr.is_empty(), "said once: {}", again.stderr);
}

#[test]
fn a_book_in_a_synced_folder_is_warned_about_and_a_local_one_is_not() {
    let book = Book::file();
    let synced = book.dir.path().join("Dropbox").join("office.db");
    let outcome = crate::support::run(Book::at(&synced).args(["customers", "add", "--code", "A1", "--name", "Acme"]));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome.stderr.starts_with("warning: The book ") && outcome.stderr.contains("in a folder Dropbox syncs"),
        "{}",
        outcome.stderr
    );
    let local = book.run(&["customers", "add", "--code", "A1", "--name", "Acme"]);
    assert!(!local.stderr.contains("warning"), "{}", local.stderr);
}
