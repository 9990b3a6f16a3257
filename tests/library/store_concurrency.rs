//! Several writers on one book, as when the window, `clientele watch` and a second clerk's
//! import work at once: every write waits its turn, none fails, none is lost.

use clientele::domain::customer::Customer;
use clientele::store::{ReportFilter, Store};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const WRITERS: usize = 3;
const WRITES_EACH: usize = 300;

#[test]
fn three_writers_and_a_reader_lose_nothing_and_fail_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::cli_support::fresh_location(dir.path());
    drop(Store::open(&path).unwrap());
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (path, done) = (path.clone(), done.clone());
        std::thread::spawn(move || {
            let store = Store::open(&path).unwrap();
            let mut reads = 0_u32;
            while !done.load(Ordering::Relaxed) {
                store.balances(&ReportFilter::default()).expect("a read never fails for a writer");
                store.customer_count().expect("counting never fails for a writer");
                reads += 1;
            }
            reads
        })
    };
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each writer on a connection of its own, as a program of its own would be.
                let mut store = Store::open(&path).unwrap();
                let (mut failures, mut codes) = (Vec::new(), Vec::new());
                for n in 0..WRITES_EACH {
                    // `customers add`: reads the next code, then writes, in one transaction.
                    match store.insert_customer(&Customer::new(format!("Writer {writer} #{n}"))) {
                        Ok(saved) => codes.push(saved.code),
                        Err(error) => failures.push(error.to_string()),
                    }
                }
                (failures, codes)
            })
        })
        .collect();
    let (mut failures, mut codes) = (Vec::new(), HashSet::new());
    for writer in writers {
        let (failed, saved) = writer.join().unwrap();
        failures.extend(failed);
        codes.extend(saved);
    }
    done.store(true, Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0, "the reader read meanwhile");
    assert!(
        failures.is_empty(),
        "{} of {} writes failed, e.g. {:?}",
        failures.len(),
        WRITERS * WRITES_EACH,
        failures.first()
    );

    let store = Store::open(&path).unwrap();
    assert_eq!(store.customer_count().unwrap(), (WRITERS * WRITES_EACH) as u64, "no write was lost");
    assert_eq!(codes.len(), WRITERS * WRITES_EACH, "every customer got a code of its own");
}

/// What a child process of [`three_writer_processes_and_the_checker_lose_nothing`] does: this
/// same test binary, started again with this variable naming its part.
const ROLE: &str = "CLIENTELE_TEST_CONCURRENCY_ROLE";
const PROCESS_WRITES: usize = 1_500;
const TEST_NAME: &str = "store_concurrency::three_writer_processes_and_the_checker_lose_nothing";

/// Three writer processes, 1,500 `customers add` each on connections of their own, while a
/// fourth process runs the alert checker (which writes its runs) and reads: as the window,
/// `clientele watch` and two clerks' scripts would. No write fails and none is lost.
#[test]
fn three_writer_processes_and_the_checker_lose_nothing() {
    if let Ok(role) = std::env::var(ROLE) {
        return act(&role);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = crate::cli_support::fresh_location(dir.path());
    {
        let mut store = Store::open(&path).unwrap();
        store.save_alert_rule(&clientele::domain::sample::sample_alert_rule()).unwrap();
    }
    let stop = dir.path().join("stop");
    let spawn = |role: String| {
        spawn_as(TEST_NAME, ROLE, &role, &[("CLIENTELE_TEST_BOOK", &path), ("CLIENTELE_TEST_STOP", &stop)])
    };
    let checker = spawn("checker".into());
    let writers: Vec<_> = (0..WRITERS).map(|n| spawn(format!("writer {n}"))).collect();
    let told = outputs(writers);
    std::fs::write(&stop, "").unwrap();
    let checker_said = String::from_utf8_lossy(&checker.wait_with_output().unwrap().stdout).into_owned();

    let failed: usize = told.iter().map(|said| counted(said, "failed")).sum();
    let saved: usize = told.iter().map(|said| counted(said, "saved")).sum();
    let checker_failed = counted(&checker_said, "failed");
    eprintln!(
        "{WRITERS} writer processes x {PROCESS_WRITES}: {saved} saved, {failed} failed; checker: {} runs, {checker_failed} failed",
        counted(&checker_said, "runs")
    );
    assert_eq!((saved, failed), (WRITERS * PROCESS_WRITES, 0), "writers said: {told:?}");
    assert_eq!(checker_failed, 0, "the checker said: {checker_said}");
    assert!(counted(&checker_said, "runs") > 0, "the checker ran meanwhile: {checker_said}");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.customer_count().unwrap(), (WRITERS * PROCESS_WRITES) as u64, "no write was lost");
    assert!(store.check(clientele::store::CheckDepth::Full).unwrap().is_ok());
}

/// This test binary again, running only `test` as `role` (in env `role_env`) with `env`: a
/// process of its own, as another PC or program is; its output is piped back.
pub(crate) fn spawn_as(
    test: &str,
    role_env: &str,
    role: &str,
    env: &[(&str, &std::path::Path)],
) -> std::process::Child {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command.args(["--exact", test, "--nocapture", "--test-threads=1"]).env(role_env, role);
    for (name, value) in env {
        command.env(name, value);
    }
    command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null()).spawn().unwrap()
}

/// What each child printed, once it has ended.
pub(crate) fn outputs(children: Vec<std::process::Child>) -> Vec<String> {
    children
        .into_iter()
        .map(|child| String::from_utf8_lossy(&child.wait_with_output().unwrap().stdout).into_owned())
        .collect()
}

/// The number after `word ` in a child's report line, e.g. "saved 1500".
pub(crate) fn counted(said: &str, word: &str) -> usize {
    said.lines()
        .find_map(|line| line.strip_prefix(&format!("{word} ")))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

fn act(role: &str) {
    let path = std::path::PathBuf::from(std::env::var("CLIENTELE_TEST_BOOK").unwrap());
    let stop = std::path::PathBuf::from(std::env::var("CLIENTELE_TEST_STOP").unwrap());
    let (mut saved, mut failed, mut runs) = (0, 0, 0);
    if role == "checker" {
        let store = Store::open(&path).unwrap();
        let rule = store.alert_rules().unwrap()[0].rule.id.unwrap();
        let mut checker =
            clientele::alerts::Checker::new(store, Box::new(clientele::alerts::RecordingNotifier::default()));
        while !stop.exists() {
            match checker.run_now(rule, chrono::Local::now().naive_local()) {
                Ok(_) => runs += 1,
                Err(error) => {
                    failed += 1;
                    println!("\nerror {error}");
                }
            }
            if checker.store().check(clientele::store::CheckDepth::Quick).is_err() {
                failed += 1;
            }
        }
    } else {
        let mut store = Store::open(&path).unwrap();
        for n in 0..PROCESS_WRITES {
            let started = std::time::Instant::now();
            match store.insert_customer(&Customer::new(format!("{role} #{n}"))) {
                Ok(_) => saved += 1,
                Err(error) => {
                    failed += 1;
                    println!("\nerror after {:?}: {error}", started.elapsed());
                }
            }
        }
    }
    println!("\nsaved {saved}\nfailed {failed}\nruns {runs}");
}
