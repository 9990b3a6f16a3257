//! The program killed (SIGKILL) part way through an import, a backup and a restore: the book
//! passes `clientele check` and holds exactly the state before or after, and every backup that
//! has its final name is whole. Unix only: the kill is a signal.
#![cfg(unix)]

use crate::store_backup::dump;
use assert_cmd::cargo::CommandCargoExt;
use clientele::store::{Store, verify_backup};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Where in a run to kill it, as parts of how long the whole run took.
const KILL_AT: [f64; 4] = [0.1, 0.35, 0.6, 0.85];

fn clientele(db: &Path, args: &[&str]) -> Command {
    let mut command = Command::cargo_bin("clientele").unwrap();
    command
        .env_remove("CLIENTELE_DB")
        .env("LC_ALL", "C.UTF-8")
        // The log beside the test's book, never in the real home.
        .env("CLIENTELE_LOG_DIR", db.parent().unwrap().join("logs"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn run_whole(db: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let status = clientele(db, args).status().unwrap();
    assert!(status.success(), "{args:?}");
    started.elapsed()
}

/// Starts the command and kills it `after` in; whether it had finished by itself.
fn kill_after(db: &Path, args: &[&str], after: Duration) -> bool {
    let mut child = clientele(db, args).spawn().unwrap();
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    finished
}

fn assert_checks_whole(db: &Path) {
    let output = clientele(db, &["check"]).stdout(Stdio::piped()).output().unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success() && said.contains("found the book whole"), "{said}");
}

/// A book of 10,000 customers and vouchers, closed (so one file), and its rows.
struct Pristine {
    dir: TempDir,
    db: PathBuf,
    rows: Vec<String>,
}

fn pristine() -> Pristine {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("pristine.db");
    run_whole(&db, &["demo", "--customers", "10000", "--items", "40", "--vouchers", "10000"]);
    let rows = dump(&db);
    Pristine { dir, db, rows }
}

impl Pristine {
    /// A fresh copy of the book for one kill.
    fn copy(&self, name: &str) -> PathBuf {
        let folder = self.dir.path().join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let db = folder.join("book.db");
        std::fs::copy(&self.db, &db).unwrap();
        db
    }
}

fn customer_count(db: &Path) -> u64 {
    Store::open(db).unwrap().customer_count().unwrap()
}

#[test]
fn a_killed_import_leaves_the_book_as_before_or_wholly_imported() {
    let book = pristine();
    let csv = book.dir.path().join("new.csv");
    let mut text = String::from("Code,Name,Phone\n");
    for n in 0..20_000 {
        text.push_str(&format!("N{n:06},New customer number {n},02-555-{:04}\n", n % 10_000));
    }
    std::fs::write(&csv, text).unwrap();
    let args = ["import", "customers", csv.to_str().unwrap()];
    let whole = run_whole(&book.copy("whole"), &args);
    let (mut before, mut after) = (0, 0);
    for (n, part) in KILL_AT.iter().enumerate() {
        let db = book.copy(&format!("import-{n}"));
        kill_after(&db, &args, whole.mul_f64(*part));
        assert_checks_whole(&db);
        match customer_count(&db) {
            10_000 => {
                assert_eq!(dump(&db), book.rows, "killed at {part}: not the book before");
                before += 1;
            }
            30_000 => after += 1,
            other => panic!("killed at {part}: {other} customers, half an import"),
        }
    }
    eprintln!("import killed {} times: {before} left as before, {after} wholly imported", KILL_AT.len());
}

#[test]
fn a_killed_backup_leaves_the_book_untouched_and_no_broken_copy_under_a_final_name() {
    let book = pristine();
    let whole = run_whole(&book.copy("whole"), &["backup"]);
    for (n, part) in KILL_AT.iter().enumerate() {
        let db = book.copy(&format!("backup-{n}"));
        kill_after(&db, &["backup"], whole.mul_f64(*part));
        assert_eq!(dump(&db), book.rows, "killed at {part}: the book changed");
        assert_checks_whole(&db);
        let folder = db.parent().unwrap().join("backups");
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "db") {
                verify_backup(&path)
                    .unwrap_or_else(|e| panic!("killed at {part}: {} is named but not whole: {e}", path.display()));
            }
        }
        // The next backup goes ahead.
        run_whole(&db, &["backup"]);
    }
}

#[test]
fn a_killed_restore_leaves_the_book_as_before_or_exactly_the_copy() {
    let book = pristine();
    // The copy to restore: the book with two thousand more customers.
    let source = book.copy("source");
    let csv = book.dir.path().join("more.csv");
    let mut text = String::from("Code,Name\n");
    for n in 0..2_000 {
        text.push_str(&format!("M{n:05},More customer {n}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    run_whole(&source, &["import", "customers", csv.to_str().unwrap()]);
    let copy = book.dir.path().join("copy.db");
    run_whole(&source, &["backup", "--to", copy.to_str().unwrap()]);
    let copy_rows = dump(&copy);
    assert_ne!(copy_rows, book.rows);
    let args = ["restore", copy.to_str().unwrap(), "--yes"];
    let whole = run_whole(&book.copy("whole"), &args);
    let (mut before, mut after) = (0, 0);
    for (n, part) in KILL_AT.iter().enumerate() {
        let db = book.copy(&format!("restore-{n}"));
        kill_after(&db, &args, whole.mul_f64(*part));
        assert_checks_whole(&db);
        let rows = dump(&db);
        if rows == book.rows {
            before += 1;
        } else {
            assert!(rows == copy_rows, "killed at {part}: neither the book before nor the copy");
            after += 1;
        }
    }
    eprintln!("restore killed {} times: {before} left as before, {after} exactly the copy", KILL_AT.len());
}
