//! Settings → Backups and the damaged-book screen, driven through their real views: a copy made,
//! listed and restored after the question, the folder and rotation saved or refused, the check
//! run, and a damaged book offering its newest backup at start.

use crate::screen_support::{click_text, messages, replace_in, shows, sized, tall};
use clientele::domain::Customer;
use clientele::domain::backup::BackupKind;
use clientele::store::{CheckDepth, CheckPart, CheckProblem, CheckReport, Store};
use clientele::ui::app::{self, App, Tab};
use clientele::ui::safety::{self, Safety, Startup};
use clientele::ui::settings::backups::Request;
use clientele::ui::settings::{Action, Message, Settings};
use iced_test::Simulator;
use iced_test::selector;
use std::path::PathBuf;
use tempfile::TempDir;

struct Book {
    dir: TempDir,
    path: PathBuf,
    store: Store,
    settings: Settings,
}

impl Book {
    fn new() -> Book {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("office.db");
        let mut store = Store::open(&path).unwrap();
        store.insert_customer(&Customer { code: "FIRST".into(), ..Customer::new("First customer") }).unwrap();
        let settings = Settings::new(&store).unwrap();
        Book { dir, path, store, settings }
    }

    /// Clicks and types in the view, feeds the messages through `update`, and runs any work the
    /// section asked for here and now, feeding its answer back too (as the app's task would).
    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) -> Vec<Action> {
        let produced = messages(tall(self.settings.view()), act);
        let mut actions = Vec::new();
        for message in produced {
            let mut action = self.settings.update(message, &mut self.store);
            while let Action::Backup(request) = action {
                actions.push(Action::Backup(request.clone()));
                let answer = request.run(&self.path);
                action = self.settings.update(Message::Backups(answer), &mut self.store);
            }
            actions.push(action);
        }
        actions
    }

    fn shows(&self, needle: &str) -> bool {
        shows(&mut tall(self.settings.view()), needle)
    }
}

#[test]
fn back_up_now_lists_a_verified_copy_and_restore_asks_then_puts_it_back() {
    let mut book = Book::new();
    assert!(book.shows("No backups yet"));
    let actions = book.round(|ui| click_text(ui, "Back up now"));
    assert!(actions.contains(&Action::Backup(Request::BackUp(None))), "{actions:?}");
    assert!(book.shows("the copy passed its check"), "the outcome is said");
    assert!(book.shows("Made by hand") && book.shows("Yes"), "the copy is listed as verified");
    assert_eq!(book.settings.backups().copies().len(), 1);

    book.store.insert_customer(&Customer { code: "LATER".into(), ..Customer::new("Added after the copy") }).unwrap();
    let asked = book.round(|ui| {
        ui.click(selector::id("restore-0")).unwrap();
    });
    assert!(asked.iter().all(|a| *a == Action::None), "only a question so far: {asked:?}");
    assert!(book.shows("Restore the book from") && book.shows("kept in the backups folder first"));
    assert!(book.store.customer_by_code("LATER").unwrap().is_some());

    let done = book.round(|ui| {
        let _ = ui.click("Restore");
    });
    let said = done
        .iter()
        .find_map(|a| match a {
            Action::Reopen(said) => Some(said.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the app is asked to read the book again: {done:?}"));
    assert!(said.starts_with("Restored the book from") && said.contains("before-restore"), "{said}");
    assert!(book.store.customer_by_code("LATER").unwrap().is_none(), "the book is the copy again");
    let kinds: Vec<BackupKind> = book.settings.backups().copies().iter().map(|c| c.kind).collect();
    assert!(kinds.contains(&BackupKind::BeforeRestore), "{kinds:?}");
}

#[test]
fn cancel_leaves_the_book_alone() {
    let mut book = Book::new();
    book.round(|ui| click_text(ui, "Back up now"));
    book.store.insert_customer(&Customer { code: "LATER".into(), ..Customer::new("Kept") }).unwrap();
    book.round(|ui| {
        ui.click(selector::id("restore-0")).unwrap();
    });
    book.round(|ui| click_text(ui, "Cancel"));
    assert!(!book.shows("Restore the book from"));
    assert!(book.store.customer_by_code("LATER").unwrap().is_some());
}

#[test]
fn folder_and_rotation_are_saved_or_refused_and_typed_ones_count_as_unsaved() {
    let mut book = Book::new();
    assert_eq!(book.settings.unsaved(), None);
    book.round(|ui| replace_in(ui, "backup-daily", "0"));
    assert_eq!(book.settings.unsaved(), Some("Backup settings"));
    book.round(|ui| {
        ui.click(selector::id("backup-save")).unwrap();
    });
    assert!(book.shows("Keep at least one daily backup."), "the refusal is said");
    assert_eq!(book.store.backup_settings().unwrap().rotation.daily, 7, "nothing saved");

    let usb = book.dir.path().join("usb");
    book.round(|ui| {
        replace_in(ui, "backup-daily", "10");
        replace_in(ui, "backup-folder", usb.to_str().unwrap());
    });
    book.round(|ui| {
        ui.click(selector::id("backup-save")).unwrap();
    });
    let saved = book.store.backup_settings().unwrap();
    assert_eq!((saved.folder, saved.rotation.daily), (Some(usb.clone()), 10));
    assert_eq!(book.settings.unsaved(), None);
    book.round(|ui| click_text(ui, "Back up now"));
    assert!(std::fs::read_dir(&usb).unwrap().count() == 1, "the copy went to the chosen folder");
}

#[test]
fn check_the_book_says_its_verdict() {
    let mut book = Book::new();
    let actions = book.round(|ui| click_text(ui, "Check the book"));
    assert!(actions.contains(&Action::Backup(Request::Check)));
    assert!(book.shows("The check found the book whole: 1 customer and 0 vouchers"), "the verdict is shown");
}

fn damaged(newest: Option<clientele::store::BackupFile>) -> Startup {
    Startup {
        report: CheckReport {
            depth: CheckDepth::Quick,
            customers: 1,
            vouchers: 0,
            problems: vec![CheckProblem {
                part: CheckPart::File,
                text: "Tree 4 page 9: btreeInitPage() returns error code 11".into(),
            }],
        },
        daily: Ok(None),
        newest,
    }
}

#[test]
fn a_damaged_book_opens_on_a_screen_that_offers_its_newest_backup() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("office.db");
    let store = Store::open(&path).unwrap();
    store.mark_welcome_done().unwrap();
    let copy = store.back_up(BackupKind::Daily).unwrap();
    let (mut app, _task) = App::new(store, path.clone());
    let _ = app.update(app::Message::Safety(safety::Message::Started(Ok(damaged(Some(copy.clone()))))));
    assert!(app.safety().is_damaged());
    let mut ui = sized(app.view(), (1280.0, 720.0));
    assert!(shows(&mut ui, "This book is damaged") && shows(&mut ui, "btreeInitPage"));
    assert!(shows(&mut ui, "The newest verified backup was made"));
    click_text(&mut ui, "Restore the newest backup…");
    for message in ui.into_messages().collect::<Vec<_>>() {
        let _ = app.update(message);
    }
    assert_eq!(app.tab(), Tab::Settings, "the restore is asked where backups live");
    assert!(!app.safety().is_damaged());
    let mut ui = sized(app.view(), (1280.0, 4000.0));
    assert!(shows(&mut ui, &format!("Restore the book from {}?", copy.path.display())));
}

#[test]
fn the_start_copies_a_whole_book_once_a_day_and_never_a_damaged_one() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("office.db");
    drop(Store::open(&path).unwrap());
    let first = safety::startup(&path).unwrap();
    assert!(first.report.is_ok());
    let made = first.daily.unwrap().expect("the day's copy is made at the first start");
    assert_eq!(made.kind, BackupKind::Daily);
    assert!(safety::startup(&path).unwrap().daily.unwrap().is_none(), "once a day");

    // A closing copy is made, then the window may close.
    let mut safety = Safety::default();
    assert_eq!(safety.update(safety::Message::ClosingCopied(Ok(None))), safety::Action::Exit);
    // A start that finds problems takes no copy and stands the damaged screen.
    assert_eq!(safety.update(safety::Message::Started(Ok(damaged(None)))), safety::Action::None);
    assert!(safety.is_damaged());
    assert_eq!(safety.update(safety::Message::OpenBackups), safety::Action::OpenBackups);
}

#[test]
fn closing_the_window_backs_up_first() {
    let (_dir, mut app, _) = crate::support::app_with_first_customer(|store| {
        store.insert_customer(&Customer { code: "C000001".into(), ..Customer::new("Acme") }).unwrap();
    });
    let _ = app.update(app::Message::CloseRequested);
    assert!(app.safety().is_closing());
    let notice = app.notice().map(|(_, said)| said.clone()).unwrap_or_default();
    assert_eq!(notice, "Backing up the book before closing…");
}

#[test]
fn an_upgraded_book_says_where_its_old_copy_is() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("office.db");
    std::fs::copy(format!("{}/tests/fixtures/trading-v2.db", env!("CARGO_MANIFEST_DIR")), &path).unwrap();
    let store = Store::open(&path).unwrap();
    let (app, _task) = App::new(store, path);
    let (_, said) = app.notice().expect("the upgrade is said");
    assert!(said.starts_with("Upgraded the book from version 2 to ") && said.contains("before-upgrade"), "{said}");
}
