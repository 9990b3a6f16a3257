//! A second start on a book that has a window open hands its request to that window and exits:
//! the real program against a listener standing in for the window.

use crate::support::Book;
use clientele::instance::{self, Claim, Request};
use std::sync::mpsc;
use std::time::Duration;

/// Holds the book's claim as an open window would, and records what later starts ask.
fn stand_in_window(book: &Book) -> mpsc::Receiver<Request> {
    let Ok(Claim::First(listener)) = instance::claim(&book.db, Request::Show) else {
        panic!("a book with no window open must be claimable");
    };
    let (heard, requests) = mpsc::channel();
    listener.serve(move |request| heard.send(request).is_ok()).unwrap();
    requests
}

#[test]
fn open_run_goes_to_the_window_already_open_on_the_book() {
    let book = Book::new();
    let requests = stand_in_window(&book);
    let outcome = book.run(&["--open-run", "7"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("already open"), "{}", outcome.stderr);
    assert_eq!(requests.recv_timeout(Duration::from_secs(10)), Ok(Request::OpenRun(7)));
}

#[test]
fn a_plain_second_start_asks_the_window_to_come_forward() {
    let book = Book::new();
    let requests = stand_in_window(&book);
    let outcome = book.run(&[]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(requests.recv_timeout(Duration::from_secs(10)), Ok(Request::Show));
}

#[test]
fn a_command_is_never_handed_to_the_window() {
    let book = Book::new();
    book.ok(&["customers", "add", "--name", "Acme Ltd"]);
    let requests = stand_in_window(&book);
    let listed = book.ok(&["customers", "list"]);
    assert!(listed.contains("Acme Ltd"), "{listed}");
    assert!(requests.try_recv().is_err());
}
