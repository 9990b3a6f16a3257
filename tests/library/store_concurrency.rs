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
    let path = dir.path().join("book.db");
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
