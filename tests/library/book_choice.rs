//! Which book a start opens: `--db`, then `CLIENTELE_DB`, then this computer's book (the file
//! Settings → Book writes), then the default file; and that file written, read and forgotten.

use clientele::paths::{BookChoices, read_book_choice, write_book_choice};
use std::path::{Path, PathBuf};

fn choices(explicit: Option<&str>, environment: Option<&str>, this_computer: Option<&str>) -> BookChoices {
    BookChoices {
        explicit: explicit.map(PathBuf::from),
        environment: environment.map(PathBuf::from),
        this_computer: this_computer.map(PathBuf::from),
        default: Some(PathBuf::from("/data/clientele/clientele.db")),
    }
}

#[test]
fn the_first_place_that_names_a_book_is_the_one_opened() {
    let server = "postgres://clerk@office.lan:5432/office";
    let all = choices(Some("/books/given.db"), Some("/books/env.db"), Some(server));
    assert_eq!(all.resolve(), Some(PathBuf::from("/books/given.db")), "--db first");
    assert_eq!(choices(None, Some("/books/env.db"), Some(server)).resolve(), Some(PathBuf::from("/books/env.db")));
    assert_eq!(choices(None, None, Some(server)).resolve(), Some(PathBuf::from(server)), "then this computer's book");
    assert_eq!(choices(None, None, None).resolve(), Some(PathBuf::from("/data/clientele/clientele.db")));
    assert_eq!(BookChoices::default().resolve(), None, "a computer with no data folder and no choice");
}

#[test]
fn a_file_is_made_absolute_and_a_server_address_stays_as_given() {
    let relative = choices(None, None, Some("books/office.db")).resolve().unwrap();
    assert!(relative.is_absolute() && relative.ends_with("books/office.db"), "{}", relative.display());
    let odd = "postgres://clerk@office.lan/office?sslmode=require";
    assert_eq!(choices(Some(odd), None, None).resolve(), Some(PathBuf::from(odd)));
}

#[test]
fn this_computers_book_is_written_read_and_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config").join("book.txt");
    assert_eq!(read_book_choice(&file), None, "no choice yet");

    let server = Path::new("postgres://clerk@office.lan:5432/office?sslmode=disable");
    write_book_choice(&file, Some(server)).unwrap();
    assert_eq!(read_book_choice(&file).as_deref(), Some(server));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# "), "the file says what it is to whoever opens it: {text}");

    let office = dir.path().join("office.db");
    write_book_choice(&file, Some(&office)).unwrap();
    assert_eq!(read_book_choice(&file), Some(office), "a new choice replaces the old one");
    assert!(!dir.path().join("config").join("book.txt.new").exists(), "nothing half-written is left");

    std::fs::write(&file, "\n  # edited by hand\n\n   /books/by-hand.db  \n").unwrap();
    assert_eq!(read_book_choice(&file), Some(PathBuf::from("/books/by-hand.db")));

    write_book_choice(&file, None).unwrap();
    assert!(!file.exists());
    write_book_choice(&file, None).unwrap();
    assert_eq!(read_book_choice(&file), None, "forgetting twice is no error");
}
