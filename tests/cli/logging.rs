//! The log file and crash reports: each start recorded, `info` naming the folder, imports and
//! errors kept, a crash written up and told once at the next start.

use crate::support::{Book, LOG_DIR_ENV, TEST_PANIC_ENV, run};
use std::path::{Path, PathBuf};

/// Everything the program wrote into the log files of `folder`.
fn log_text(folder: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("no log folder at {}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "log"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no log file in {}", folder.display());
    files.iter().map(|path| std::fs::read_to_string(path).unwrap()).collect()
}

fn crash_reports(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.file_name().unwrap().to_string_lossy().starts_with("crash-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_command_records_its_start_and_its_error_in_the_log_without_what_was_typed() {
    let book = Book::new();
    book.ok(&["customers", "add", "--name", "Acme Secretive Ltd"]);
    let log = log_text(&book.logs());
    let start = log.lines().find(|line| line.contains("Clientele started")).unwrap_or_else(|| panic!("{log}"));
    assert!(start.contains(r#"command="customers add""#), "{start}");
    assert!(start.contains(&clientele::paths::shown(&book.db)), "the book is named: {start}");
    assert!(!start.contains(":tester@"), "a server's password is never written down: {start}");
    assert!(start.contains(env!("CARGO_PKG_VERSION")), "{start}");
    assert!(log.contains("schema upgraded") && log.contains("from=0"), "the new book's schema is recorded: {log}");
    assert!(!log.contains("Acme Secretive"), "the values typed are not written down: {log}");

    book.fails(&["customers", "show", "C000099"]);
    let log = log_text(&book.logs());
    let error = log.lines().find(|line| line.contains("ended with an error")).unwrap_or_else(|| panic!("{log}"));
    assert!(error.contains("ERROR") && error.contains("C000099"), "{error}");
}

#[test]
fn an_applied_import_is_recorded_with_its_counts() {
    let book = Book::new();
    let file = book.dir.path().join("customers.csv");
    std::fs::write(&file, "Name,Phone\nAcme,02-555-0100\nBee,02-555-0101\n").unwrap();
    book.ok(&["import", "customers", file.to_str().unwrap()]);
    let log = log_text(&book.logs());
    let line = log.lines().find(|line| line.contains("import applied")).unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains("kind=\"customers\"") && line.contains("created=2") && line.contains("batch=1"), "{line}");
    book.ok(&["import", "undo", "1"]);
    assert!(log_text(&book.logs()).contains("import undone"));
}

#[test]
fn info_names_the_log_folder() {
    let book = Book::new();
    let text = book.ok(&["info"]);
    let line = text.lines().find(|line| line.starts_with("Log folder:")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.ends_with(book.logs().to_str().unwrap()), "{line}");
    let info = book.json(&["info"]);
    assert_eq!(info["log_dir"].as_str(), book.logs().to_str());
}

#[test]
fn a_crash_leaves_a_report_that_the_next_start_tells_once() {
    let book = Book::new();
    book.ok(&["customers", "add", "--name", "Acme"]);
    let crashed = run(Book::at(&book.db).env(TEST_PANIC_ENV, "1").args(["customers", "list"]));
    assert_ne!(crashed.code, 0, "the start panicked");
    assert!(crashed.stderr.contains("stopping on purpose"), "the usual panic message still shows: {}", crashed.stderr);

    let reports = crash_reports(&book.logs());
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    for part in [
        &format!("Program version: {}", env!("CARGO_PKG_VERSION")),
        &format!("System: {}", std::env::consts::OS),
        "Command: customers list",
        &format!("Book: {}", clientele::paths::shown(&book.db)),
        "Message: CLIENTELE_TEST_PANIC is set",
        "At: src",
        "Backtrace:",
    ] {
        assert!(report.contains(part), "the report has {part:?}:\n{report}");
    }
    assert!(log_text(&book.logs()).contains("panic: CLIENTELE_TEST_PANIC"), "the log has it too");

    let next = book.run(&["customers", "list"]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert!(next.stdout.contains("Acme"), "the command does its work: {}", next.stdout);
    let told: Vec<&str> = next.stderr.lines().collect();
    assert_eq!(told.len(), 1, "one line: {}", next.stderr);
    assert!(told[0].starts_with("Clientele stopped unexpectedly on "), "{}", told[0]);
    assert!(told[0].ends_with(&format!("a report is at {}", reports[0].display())), "{}", told[0]);

    let after = book.run(&["customers", "list"]);
    assert_eq!((after.code, after.stderr.as_str()), (0, ""), "told once only");
    assert_eq!(crash_reports(&book.logs()), reports, "the report is kept");
}

#[test]
fn a_log_folder_that_cannot_be_made_does_not_stop_a_command() {
    let book = Book::new();
    let blocker = book.dir.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let outcome =
        run(Book::at(&book.db).env(LOG_DIR_ENV, blocker.join("logs")).args(["customers", "add", "--name", "A"]));
    assert_eq!((outcome.code, outcome.stderr.as_str()), (0, ""), "nothing said about the log");
    assert_eq!(book.ok(&["customers", "list", "--json"]).matches("\"code\"").count(), 1);
}
