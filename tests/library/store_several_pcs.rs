//! Several PCs on one book, each a process with its own connection (on the test server when
//! CLIENTELE_TEST_POSTGRES names one, else on one SQLite file): clerks selling to one customer
//! at once never pass its credit block together, voucher numbers never repeat, and of two
//! clerks saving one customer they both opened, exactly one wins and the other is told.

use crate::store_concurrency::{counted, outputs, spawn_as};
use crate::store_credit::sale;
use clientele::domain::customer::{Customer, OnExceed};
use clientele::domain::item::Item;
use clientele::store::{Store, StoreError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::HashSet;
use std::sync::{Arc, Barrier};

const ROLE: &str = "CLIENTELE_TEST_PC";
const CLERKS: usize = 10;
const SALES_EACH: usize = 10;
const LIMIT: Decimal = dec!(2550);
const SALE: Decimal = dec!(100);
const TEST_NAME: &str =
    "store_several_pcs::ten_clerks_selling_at_once_never_pass_a_credit_block_and_numbers_never_repeat";

/// Ten clerk processes each enter ten sales of 100 to Acme (limit 2,550, blocked over it) and
/// ten to Bee (no limit), all at once. Exactly 25 of Acme's pass, Bee's all do, and the 200
/// vouchers saved carry 200 different numbers.
#[test]
fn ten_clerks_selling_at_once_never_pass_a_credit_block_and_numbers_never_repeat() {
    if let Ok(role) = std::env::var(ROLE) {
        return clerk(&role);
    }
    let dir = tempfile::tempdir().unwrap();
    let location = crate::cli_support::fresh_location(dir.path());
    let (acme, bee) = {
        let mut store = Store::open(&location).unwrap();
        store.add_item(&Item::new("W-1", "Widget")).unwrap();
        let acme = Customer { credit_limit: Some(LIMIT), on_exceed: Some(OnExceed::Block), ..Customer::new("Acme") };
        (store.insert_customer(&acme).unwrap().id, store.insert_customer(&Customer::new("Bee")).unwrap().id)
    };
    let start = dir.path().join("go");
    let clerks: Vec<_> = (0..CLERKS)
        .map(|n| {
            let env = [("CLIENTELE_TEST_BOOK", location.as_path()), ("CLIENTELE_TEST_GO", start.as_path())];
            spawn_as(TEST_NAME, ROLE, &format!("{n} {acme} {bee}"), &env)
        })
        .collect();
    // Every clerk has connected before any sells, so the sales really meet.
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::write(&start, "").unwrap();
    let said = outputs(clerks);
    let total = |word: &str| said.iter().map(|s| counted(s, word)).sum::<usize>();
    eprintln!(
        "{CLERKS} clerks: {} sales passed, {} blocked, {} other failures",
        total("passed"),
        total("blocked"),
        total("failed")
    );
    assert_eq!(total("failed"), 0, "no clerk met an error other than the block: {said:?}");
    let passes = (LIMIT / SALE).floor();
    assert_eq!(total("passed"), passes.try_into().unwrap_or(0_usize) + CLERKS * SALES_EACH, "{said:?}");
    let store = Store::open(&location).unwrap();
    let balance = store.balance(acme).unwrap().receivable;
    assert!(balance <= LIMIT, "the limit held: {balance}");
    assert_eq!(balance, passes * SALE, "every sale under the limit passed");
    let numbers: Vec<String> =
        said.iter().flat_map(|s| s.lines().filter_map(|l| l.strip_prefix("number "))).map(str::to_string).collect();
    let unique: HashSet<&String> = numbers.iter().collect();
    assert_eq!((numbers.len(), unique.len()), (total("passed"), total("passed")), "no number was given twice");
    assert!(store.check(clientele::store::CheckDepth::Full).unwrap().is_ok());
}

fn clerk(role: &str) {
    let ids: Vec<i64> = role.split(' ').skip(1).map(|n| n.parse().unwrap()).collect();
    let (acme, bee) = (ids[0], ids[1]);
    let location = std::path::PathBuf::from(std::env::var("CLIENTELE_TEST_BOOK").unwrap());
    let go = std::path::PathBuf::from(std::env::var("CLIENTELE_TEST_GO").unwrap());
    let mut store = Store::open(&location).unwrap();
    while !go.exists() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let (mut passed, mut blocked, mut failed) = (0, 0, 0);
    for _ in 0..SALES_EACH {
        for customer in [acme, bee] {
            let voucher = sale(&store, customer, SALE);
            match store.save_voucher(&voucher) {
                Ok(saved) => {
                    passed += 1;
                    println!("\nnumber {}", saved.voucher.number);
                }
                Err(StoreError::CreditBlocked(_)) => blocked += 1,
                Err(error) => {
                    failed += 1;
                    println!("\nerror {error}");
                }
            }
        }
    }
    println!("\npassed {passed}\nblocked {blocked}\nfailed {failed}");
}

/// Two clerks open the same customer and save different changes at the same moment: one save
/// goes in, the other is refused with who changed it, and nothing of the first is lost.
#[test]
fn two_clerks_saving_one_customer_at_once_one_wins_and_the_other_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let location = crate::cli_support::fresh_location(dir.path());
    let id = Store::open(&location).unwrap().insert_customer(&Customer::new("Acme")).unwrap().id;
    let barrier = Arc::new(Barrier::new(2));
    let clerks: Vec<_> = ["02-111-1111", "02-222-2222"]
        .into_iter()
        .map(|phone| {
            let (location, barrier) = (location.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&location).unwrap();
                let mut customer = store.customer(id).unwrap().unwrap();
                let seen = store.customer_version(id).unwrap();
                customer.phone = phone.to_string();
                barrier.wait();
                (phone, store.update_customer_seen(&customer, seen))
            })
        })
        .collect();
    let outcomes: Vec<_> = clerks.into_iter().map(|t| t.join().unwrap()).collect();
    let winners: Vec<&str> = outcomes.iter().filter(|(_, r)| r.is_ok()).map(|(p, _)| *p).collect();
    assert_eq!(winners.len(), 1, "exactly one save goes in: {outcomes:?}");
    let refused = outcomes.iter().find_map(|(_, r)| r.as_ref().err()).unwrap();
    assert!(matches!(refused, StoreError::ChangedSince { .. }), "{refused}");
    assert!(refused.to_string().contains("after you opened it"), "{refused}");
    let store = Store::open(&location).unwrap();
    assert_eq!(store.customer(id).unwrap().unwrap().phone, winners[0], "the winner's change stands");
    let history = store.history(id).unwrap();
    assert_eq!(history.iter().filter(|h| h.field != "Created").count(), 1, "one change recorded: {history:?}");
    assert!(
        history.iter().all(|h| !h.changed_by.is_empty() || std::env::var("USER").is_err()),
        "who is recorded: {history:?}"
    );
}

/// A book on the server is copied to a Clientele file that opens and checks like any book, and
/// is never replaced by a restore while clerks may be working in it.
#[test]
fn a_server_book_is_backed_up_to_a_book_file_and_never_restored_over() {
    if crate::cli_support::test_server().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&crate::cli_support::fresh_location(dir.path())).unwrap();
    store.insert_customer(&Customer::new("한빛상사")).unwrap();
    let copy = store.back_up_to(&dir.path().join("copy.db")).unwrap();
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside.len(), 1, "one self-contained file: {beside:?}");
    let file = Store::open(&copy.path).unwrap();
    assert_eq!(file.customer_count().unwrap(), 1);
    assert!(file.check(clientele::store::CheckDepth::Full).unwrap().is_ok());
    assert_eq!(file.search(&clientele::domain::search::SearchQuery::text("빛상")).unwrap().len(), 1);
    drop(file);
    let said = store.restore_from(&copy.path).unwrap_err().to_string();
    assert!(said.contains("not replaced while clerks may be working"), "{said}");
    assert_eq!(store.customer_count().unwrap(), 1);
}

/// The server drops the connection (restarted, or the network went): the next action says so in
/// a sentence, and the one after works on a new connection made by itself.
#[test]
fn a_lost_connection_is_said_and_made_again_by_itself() {
    let Some(admin) = crate::cli_support::test_server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&crate::cli_support::fresh_location(dir.path())).unwrap();
    store.insert_customer(&Customer::new("Acme")).unwrap();
    let pid = store.server_backend_pid().expect("a book on the server");
    postgres::Client::connect(&admin, postgres::NoTls)
        .unwrap()
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let first = store.insert_customer(&Customer::new("Bee"));
    match first {
        Err(error @ StoreError::ConnectionLost(_)) => {
            assert!(error.to_string().contains("reconnects by itself"), "{error}")
        }
        other => panic!("the lost connection is said: {other:?}"),
    }
    let again = store.insert_customer(&Customer::new("Bee")).expect("a new connection, made by itself");
    assert_eq!(store.customer_count().unwrap(), 2, "{again:?}");
}

/// `sslmode=require` never gives a connection in the clear: it is encrypted with a certificate
/// this computer trusts for the server's name, or refused in a sentence; `prefer` connects.
#[test]
fn a_required_secure_connection_is_never_made_in_the_clear() {
    let Some(_) = crate::cli_support::test_server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let location = crate::cli_support::fresh_location(dir.path()).to_string_lossy().into_owned();
    let with_mode = |mode: &str| std::path::PathBuf::from(format!("{location}&sslmode={mode}"));
    let plain = Store::open(&with_mode("disable")).unwrap();
    assert!(plain.connection_security().unwrap().starts_with("not encrypted"));
    Store::open(&with_mode("prefer")).expect("prefer connects, encrypted or not");
    // By address, not by name: no certificate is made out to 127.0.0.1.
    let by_address = with_mode("require").to_string_lossy().replace("@localhost", "@127.0.0.1");
    match Store::open(std::path::Path::new(&by_address)) {
        Ok(store) => assert!(store.connection_security().unwrap().starts_with("encrypted")),
        Err(error) => assert!(error.to_string().contains("TLS"), "{error}"),
    }
}
