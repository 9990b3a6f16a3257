//! One window per book: the claim, the hand-over, and what happens when the window is gone.

use clientele::instance::{self, Claim, InstanceError, Request};
use std::path::PathBuf;
use tempfile::TempDir;

fn book() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("book.db");
    std::fs::write(&db, b"").unwrap();
    (dir, db)
}

fn first(db: &std::path::Path) -> instance::Listener {
    match instance::claim(db, Request::Show) {
        Ok(Claim::First(listener)) => listener,
        Ok(Claim::HandedOver) => panic!("nobody holds this book, yet the claim was handed over"),
        Err(error) => panic!("{error}"),
    }
}

/// A later start on `db` asking `request`, on a thread of its own while the test plays the window.
fn later_start(db: &std::path::Path, request: Request) -> std::thread::JoinHandle<Result<Claim, InstanceError>> {
    let db = db.to_path_buf();
    std::thread::spawn(move || instance::claim(&db, request))
}

#[test]
fn a_later_start_hands_its_request_to_the_first_and_the_name_frees_when_it_closes() {
    let (_dir, db) = book();
    let window = first(&db);
    let later = later_start(&db, Request::OpenRun(42));
    let heard = std::cell::Cell::new(None);
    assert!(window.serve_one(|request| heard.replace(Some(request)).is_none()).unwrap());
    assert_eq!(heard.get(), Some(Request::OpenRun(42)));
    assert!(matches!(later.join().unwrap(), Ok(Claim::HandedOver)));

    drop(window);
    let _again = first(&db);
}

#[test]
fn two_books_are_two_windows() {
    let (_one, db_one) = book();
    let (_two, db_two) = book();
    let _window_one = first(&db_one);
    let _window_two = first(&db_two);
}

#[test]
fn a_window_that_no_longer_takes_requests_is_reported_not_trusted() {
    let (_dir, db) = book();
    let window = first(&db);
    let later = later_start(&db, Request::Show);
    // The window is closing: it hears the request but cannot take it.
    assert!(!window.serve_one(|_| false).unwrap());
    assert!(matches!(later.join().unwrap(), Err(InstanceError::NoAnswer)));
}
