//! The command-line test harness shared by the tests in tests/cli/ (and the upgrade tests): a
//! database in a temporary folder, the program pointed at it, and checks on what it printed.

#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A database in a temporary folder and the program pointed at it.
pub struct Book {
    pub dir: TempDir,
    pub db: PathBuf,
}

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Book {
    /// A new book: on the server `CLIENTELE_TEST_POSTGRES` names when it is set, in a file otherwise.
    pub fn new() -> Book {
        let dir = TempDir::new().unwrap();
        let db = fresh_location(dir.path());
        Book { dir, db }
    }

    /// A new book in a file, for what only a file has (backups, its folder, its size).
    pub fn file() -> Book {
        let dir = TempDir::new().unwrap();
        let db = dir.path().join("book.db");
        Book { dir, db }
    }

    pub fn at(db: &Path) -> Command {
        let mut cmd = Command::cargo_bin("clientele").unwrap();
        // Dates written year-last are read in the computer's order: the tests' computer writes
        // the year first, whatever the developer's own language.
        cmd.env_remove("CLIENTELE_DB").env_remove("LANGUAGE").env("LC_ALL", "C.UTF-8").arg("--db").arg(db);
        // The log and crash reports go beside the book, never into the developer's own data
        // folder; a crash left by one test is never told to another.
        cmd.env(LOG_DIR_ENV, logs_beside(db)).env_remove(TEST_PANIC_ENV);
        // This computer's own settings (whose desk it is) are the test's, never the developer's.
        cmd.env("CLIENTELE_CONFIG_DIR", logs_beside(db).with_file_name("config"));
        cmd
    }

    /// The folder the program's log goes to in these tests.
    pub fn logs(&self) -> PathBuf {
        logs_beside(&self.db)
    }

    pub fn run(&self, args: &[&str]) -> Outcome {
        run(Book::at(&self.db).args(args))
    }

    /// Runs a command that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let outcome = self.run(args);
        assert_eq!(outcome.code, 0, "{args:?} failed: {}", outcome.stderr);
        outcome.stdout
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        let stdout = self.ok(&args);
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {stdout}"))
    }

    /// Runs a command that must fail with exit code 1; its stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        self.fails_with(1, args)
    }

    /// Runs a command the customer's credit control must block: exit code 3, nothing on stdout.
    pub fn blocked(&self, args: &[&str]) -> String {
        self.fails_with(3, args)
    }

    /// Runs a command that must fail with `code`, an error on stderr and nothing on stdout; its stderr.
    fn fails_with(&self, code: i32, args: &[&str]) -> String {
        let outcome = self.run(args);
        assert_eq!(
            outcome.code, code,
            "{args:?} should fail with {code}; stdout: {} stderr: {}",
            outcome.stdout, outcome.stderr
        );
        assert!(outcome.stderr.starts_with("error: "), "{}", outcome.stderr);
        assert!(outcome.stdout.is_empty(), "output on failure: {}", outcome.stdout);
        outcome.stderr
    }
}

pub const LOG_DIR_ENV: &str = "CLIENTELE_LOG_DIR";
pub const TEST_PANIC_ENV: &str = "CLIENTELE_TEST_PANIC";

/// `logs` in the folder that holds `db` (for a book on the test server, a folder of its own).
pub fn logs_beside(db: &Path) -> PathBuf {
    if let Some(schema) = server_schema(db) {
        return std::env::temp_dir().join(format!("clientele-test-{schema}")).join("logs");
    }
    if clientele::store::is_server_location(db) {
        // A server's address is no folder (and may hold a password): a folder of its own.
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        db.hash(&mut hasher);
        return std::env::temp_dir().join(format!("clientele-test-server-{:x}", hasher.finish())).join("logs");
    }
    db.parent().unwrap_or(db).join("logs")
}

/// Names the PostgreSQL server the library and CLI suites also run against, as a URL
/// (`postgres://USER:PASSWORD@HOST/DB`); unset, every book is an SQLite file.
pub const TEST_POSTGRES_ENV: &str = "CLIENTELE_TEST_POSTGRES";

/// The test server's URL, when the suites run against one.
pub fn test_server() -> Option<String> {
    std::env::var(TEST_POSTGRES_ENV).ok().filter(|url| !url.trim().is_empty())
}

/// Where a new, empty book for one test is: a schema of its own on the test server (created
/// here, so the program finds an empty database and makes its book there), or `dir/book.db`.
pub fn fresh_location(dir: &Path) -> PathBuf {
    let Some(url) = test_server() else { return dir.join("book.db") };
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let schema =
        format!("t_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let mut client = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("{TEST_POSTGRES_ENV}={url}: cannot connect: {e}"));
    client.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let joiner = if url.contains('?') { '&' } else { '?' };
    PathBuf::from(format!("{url}{joiner}options=-csearch_path%3D{schema}"))
}

/// Runs SQL on a book behind the program's back (to damage it, or to look at what it stored),
/// whichever engine it is in.
pub fn raw_execute(location: &Path, sql: &str) {
    match location.to_str().filter(|text| text.starts_with("postgres")) {
        Some(url) => postgres::Client::connect(url, postgres::NoTls).unwrap().batch_execute(sql).unwrap(),
        None => rusqlite::Connection::open(location).unwrap().execute_batch(sql).unwrap(),
    }
}

/// The schema a test book on the server lives in.
fn server_schema(db: &Path) -> Option<String> {
    let text = db.to_str()?;
    text.split("search_path%3D").nth(1).map(|rest| rest.split('&').next().unwrap_or(rest).to_string())
}

/// Runs a prepared command and collects its exit code and output.
pub fn run(cmd: &mut Command) -> Outcome {
    let output = cmd.output().unwrap();
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}
