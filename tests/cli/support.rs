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
    pub fn new() -> Book {
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

/// `logs` in the folder that holds `db`.
pub fn logs_beside(db: &Path) -> PathBuf {
    db.parent().unwrap_or(db).join("logs")
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
