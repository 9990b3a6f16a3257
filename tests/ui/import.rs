//! UI tests of the import wizard, the Customers list's Import…/Export… buttons and the import
//! history in Settings: the real views are clicked with iced_test, the wizard's work (reading,
//! preview, apply, saving) runs synchronously as the app would run it off the UI thread, and the
//! effects are checked in a real database.

use crate::screen_support::{click_text, messages, shows, software_renderer, tall, texts};
use clientele::domain::customer::Customer;
use clientele::domain::import::customers::{Catalog, Field, Target};
use clientele::domain::import::fixed::ImportKind;
use clientele::domain::item::Item;
use clientele::exchange::read::{Limits, TextEncoding, Workbook};
use clientele::store::Store;
use clientele::ui::import::{Action, Import, Message, PATH_ID, Step};
use clientele::ui::settings::{self, Settings};
use clientele::ui::theme::Tone;
use iced_test::Simulator;
use iced_test::core::{Event, Point, mouse};
use iced_test::selector;
use rust_decimal_macros::dec;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const HEADERS: &[&str] = &["Cust No", "Company", "Tax No.", "Phone", "Rep"];

/// Writes an .xlsx with one sheet: `rows[0]` is the header row.
fn write_xlsx(path: &Path, rows: &[&[&str]]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Customers").unwrap();
    for (r, cells) in rows.iter().enumerate() {
        for (c, value) in cells.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *value).unwrap();
        }
    }
    workbook.save(path).unwrap();
}

/// A database file, the wizard over it, and a folder for spreadsheets.
struct Wizard {
    dir: TempDir,
    db: PathBuf,
    store: Store,
    screen: Import,
    /// Batches the wizard reported as written (the app refreshes the list on these).
    imported: Vec<i64>,
    /// Whether the last action asked for the history.
    showed_history: bool,
}

impl Wizard {
    fn new() -> Wizard {
        software_renderer();
        let dir = TempDir::new().unwrap();
        let db = dir.path().join("book.db");
        let mut store = Store::open(&db).unwrap();
        let acme = Customer { code: "C-001".into(), phone: "02-555-0100".into(), ..Customer::new("Acme") };
        store.insert_customer(&acme).unwrap();
        Wizard { dir, db, store, screen: Import::new(), imported: Vec::new(), showed_history: false }
    }

    fn file(&self, name: &str, rows: &[&[&str]]) -> PathBuf {
        let path = self.dir.path().join(name);
        write_xlsx(&path, rows);
        path
    }

    /// Sends a message and does what the app does with the action, here and now.
    fn send(&mut self, message: Message) {
        let action = self.screen.update(message);
        self.drive(action);
    }

    fn drive(&mut self, action: Action) {
        let next = match action {
            Action::None | Action::PickFile | Action::Close => return,
            Action::Inspect(request) => Message::Inspected(request.run(&self.db)),
            Action::Remember { kind, headers, targets } => {
                self.store.remember_mapping(kind.as_str(), &headers, &targets).unwrap();
                return;
            }
            Action::Preview(job) => Message::Previewed(job.run(&self.db)),
            Action::Apply(job) => Message::Applied(job.run(&self.db)),
            Action::Imported(batch) => {
                self.imported.push(batch);
                return;
            }
            Action::PickInvalidTarget(name) => Message::InvalidTarget(Some(self.dir.path().join(name))),
            Action::SaveInvalid(job) => Message::SavedInvalid(job.run()),
            Action::ShowHistory => {
                self.showed_history = true;
                return;
            }
        };
        self.send(next);
    }

    /// Clicks and types in the current view; every message it produced is sent, in order.
    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) {
        for message in messages(tall(self.screen.view()), act) {
            self.send(message);
        }
    }

    /// As `round`, but hands back the actions instead of doing them (to cancel mid-way).
    fn round_held(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) -> Vec<Action> {
        let sent = messages(tall(self.screen.view()), act);
        sent.into_iter().map(|message| self.screen.update(message)).collect()
    }

    fn shows(&self, needle: &str) -> bool {
        shows(&mut tall(self.screen.view()), needle)
    }

    /// The wizard's column choices as the book's customer fields.
    fn targets(&self, screen: &Import) -> Vec<Option<Target>> {
        screen.mapping(&Catalog::new(&self.store.field_defs().unwrap(), &self.store.group_axes().unwrap()))
    }

    fn customer(&self, code: &str) -> Option<Customer> {
        self.store.customer_by_code(code).unwrap()
    }
}

/// Opens the drop-down wrapped in `#id` and clicks option number `index`: the menu opens under
/// the box, one option per box height.
fn pick<M>(ui: &mut Simulator<'_, M>, id: &str, index: usize) {
    let bounds = ui.click(selector::id(id.to_string())).unwrap_or_else(|e| panic!("no #{id}: {e}")).bounds();
    let option = Point::new(bounds.center_x(), bounds.y + bounds.height * (index as f32 + 1.5));
    ui.point_at(option);
    let _ = ui.simulate([Event::Mouse(mouse::Event::CursorMoved { position: option })]);
    let _ = ui.simulate(iced_test::simulator::click());
}

/// Where "Person in charge" is in a column's drop-down ("Not imported" comes first).
fn person_in_charge() -> usize {
    Field::ALL.iter().position(|f| *f == Field::PersonInCharge).unwrap() + 1
}

fn good_file(wizard: &Wizard, name: &str) -> PathBuf {
    wizard.file(
        name,
        &[
            HEADERS,
            &["C-001", "Acme", "", "02-555-0101", "Kim"],
            &["C-100", "Bee Ltd", "220-81-12345", "02-555-0200", "Lee"],
            &["C-101", "Cee Co", "", "", "Lee"],
        ],
    )
}

#[test]
fn a_file_is_mapped_previewed_applied_and_undone_in_settings() {
    let mut w = Wizard::new();
    let file = good_file(&w, "customers.xlsx");
    w.send(Message::FilePicked(Some(file)));
    assert_eq!(w.screen.step(), Step::Mapping);
    assert!(w.shows("Cust No") && w.shows("C-001") && w.shows("Bee Ltd"), "headers and sample values are shown");
    let guessed = w.targets(&w.screen);
    assert_eq!(guessed[0], Some(Target::Field(Field::Code)));
    assert_eq!(guessed[1], Some(Target::Field(Field::Name)));
    assert_eq!(guessed[2], Some(Target::Field(Field::TaxId)));
    assert_eq!(guessed[4], None, "\u{201c}Rep\u{201d} names no field");
    assert!(w.shows("Not imported"), "the unmapped column is marked");

    w.round(|ui| pick(ui, "import-map-4", person_in_charge()));
    assert_eq!(w.targets(&w.screen)[4], Some(Target::Field(Field::PersonInCharge)), "the clerk's choice is taken");

    w.round(|ui| click_text(ui, "Preview import"));
    assert_eq!(w.screen.step(), Step::Preview);
    let counts = w.screen.preview().unwrap().counts;
    assert_eq!((counts.created, counts.updated, counts.unchanged, counts.invalid), (2, 1, 0, 0));
    assert!(w.shows("Changed (1)") && w.shows("New (2)"));
    assert!(w.customer("C-100").is_none(), "the preview writes nothing");

    w.round(|ui| click_text(ui, "Changed (1)"));
    let lines = texts(&mut tall(w.screen.view()));
    assert!(
        lines.iter().any(|l| l.contains("\u{201c}02-555-0100\u{201d} \u{2192} \u{201c}02-555-0101\u{201d}")),
        "the change is listed before → after: {lines:?}"
    );

    w.round(|ui| click_text(ui, "Apply"));
    assert_eq!(w.screen.step(), Step::Done);
    assert_eq!(w.imported, vec![1], "the app hears of the batch, to refresh the list");
    assert!(w.shows("Imported as batch #1: 2 new, 1 changed, 0 unchanged."));
    let bee = w.customer("C-100").expect("the new customer is in the book");
    assert_eq!((bee.name.as_str(), bee.person_in_charge.as_str()), ("Bee Ltd", "Lee"));
    assert_eq!(w.customer("C-001").unwrap().phone, "02-555-0101");
    w.round(|ui| click_text(ui, "Go to import history"));
    assert!(w.showed_history);

    // Settings lists the batch; Undo asks first, then puts the book back.
    let mut settings = Settings::new(&w.store).unwrap();
    let history = texts(&mut tall(settings.view()));
    assert!(history.iter().any(|t| t == "customers.xlsx"), "{history:?}");
    assert!(history.iter().any(|t| t == "2 new, 1 changed, 0 unchanged"));
    for message in messages(tall(settings.view()), |ui| {
        ui.click(selector::id("undo-import-1")).unwrap();
    }) {
        settings.update(message, &mut w.store);
    }
    assert!(w.customer("C-100").is_some(), "nothing is undone before it is confirmed");
    assert!(shows(
        &mut tall(settings.view()),
        "The 2 customers it added are deleted. The 1 customer it changed goes back"
    ));
    let changed = confirm_undo(&mut settings, &mut w);
    assert_eq!(changed, settings::Action::Changed, "the app refreshes the list after an undo");
    assert!(w.customer("C-100").is_none() && w.customer("C-101").is_none(), "created customers are removed");
    assert_eq!(w.customer("C-001").unwrap().phone, "02-555-0100", "the changed one is put back");
    assert!(shows(&mut tall(settings.view()), "Undid import #1 of customers.xlsx"));
    assert!(w.store.import_history().unwrap()[0].undone_at.is_some());
}

/// Clicks "Undo import" in the confirmation; the undo the screen asks for is run here as the app
/// runs it off the UI thread, and its answer fed back. Returns what Settings then reports.
fn confirm_undo(settings: &mut Settings, w: &mut Wizard) -> settings::Action {
    let clicked = messages(tall(settings.view()), |ui| click_text(ui, "Undo import"));
    let asked: Vec<settings::Action> = clicked.into_iter().map(|m| settings.update(m, &mut w.store)).collect();
    let [settings::Action::UndoImport(batch)] = asked[..] else { panic!("the undo is handed to the app: {asked:?}") };
    assert!(shows(&mut tall(settings.view()), &format!("Undoing import #{batch}")));
    let undone = settings::imports::undo(&w.db, batch);
    settings.update(settings::Message::Imports(settings::imports::Message::Undone(undone)), &mut w.store)
}

#[test]
fn undo_shows_the_refusal_when_a_record_changed_since() {
    let mut w = Wizard::new();
    let file = good_file(&w, "customers.xlsx");
    w.send(Message::FilePicked(Some(file)));
    w.round(|ui| click_text(ui, "Preview import"));
    w.round(|ui| click_text(ui, "Apply"));
    let mut bee = w.customer("C-100").unwrap();
    bee.memo = "called on Monday".into();
    w.store.update_customer(&bee).unwrap();

    let mut settings = Settings::new(&w.store).unwrap();
    for message in messages(tall(settings.view()), |ui| {
        ui.click(selector::id("undo-import-1")).unwrap();
    }) {
        settings.update(message, &mut w.store);
    }
    assert_eq!(confirm_undo(&mut settings, &mut w), settings::Action::None, "a refused undo changes nothing");
    assert!(shows(&mut tall(settings.view()), "cannot be undone, so nothing was changed"));
    assert!(shows(&mut tall(settings.view()), "C-100 Bee Ltd was changed after the import"));
    assert!(w.customer("C-101").is_some(), "nothing was undone");
}

#[test]
fn invalid_rows_stop_apply_and_can_be_saved_or_skipped() {
    let mut w = Wizard::new();
    let file = w.file(
        "with-errors.xlsx",
        &[
            &["Code", "Name", "Credit limit"],
            &["C-200", "Good One", "1000"],
            &["C-201", "Bad One", "lots"],
            &["C-202", "", "5"],
        ],
    );
    w.send(Message::FilePicked(Some(file)));
    w.round(|ui| click_text(ui, "Preview import"));
    let counts = w.screen.preview().unwrap().counts;
    assert_eq!((counts.created, counts.invalid), (1, 2));
    assert!(w.shows("2 rows cannot be imported"), "why Apply is refused is said");
    assert!(w.shows("Column \u{201c}Credit limit\u{201d}"), "the invalid rows list column and reason");

    w.round(|ui| click_text(ui, "Apply"));
    assert_eq!(w.screen.step(), Step::Preview, "Apply is disabled while rows are invalid");
    w.send(Message::Apply { skip_invalid: false });
    assert!(w.screen.notice().unwrap().1.contains("cannot be imported"));
    assert!(w.customer("C-200").is_none() && w.store.import_history().unwrap().is_empty(), "nothing was written");

    w.round(|ui| click_text(ui, "Save invalid rows as .xlsx…"));
    let saved = w.dir.path().join("with-errors-invalid-rows.xlsx");
    assert!(w.screen.notice().unwrap().1.starts_with("Saved 2 invalid rows to"), "{:?}", w.screen.notice());
    let mut book = Workbook::open(&saved).unwrap();
    let mut sheet = book.sheet("Invalid rows", Limits::default()).unwrap();
    assert_eq!(sheet.header().names, vec!["Row in file", "Code", "Name", "Credit limit", "Problems"]);
    let first = sheet.next_row().unwrap().unwrap();
    let cells: Vec<String> = first.cells.iter().map(|c| c.as_text()).collect();
    assert_eq!(&cells[..4], &["3", "C-201", "Bad One", "lots"]);
    assert!(cells[4].starts_with("Column \u{201c}Credit limit\u{201d}"), "{cells:?}");
    assert_eq!(sheet.next_row().unwrap().unwrap().cells[1].as_text(), "C-202");

    w.round(|ui| click_text(ui, "Apply valid rows, skip 2 invalid"));
    assert_eq!(w.screen.step(), Step::Done);
    assert!(w.customer("C-200").is_some());
    assert!(w.customer("C-201").is_none() && w.customer("C-202").is_none());
    assert_eq!(w.store.import_history().unwrap()[0].skipped, 2);
    assert!(w.shows("2 invalid rows were left out"));
    std::fs::remove_file(&saved).unwrap();
    w.round(|ui| click_text(ui, "Save invalid rows as .xlsx…"));
    assert!(saved.exists(), "the invalid rows can still be saved once the valid ones are in");
}

#[test]
fn the_mapping_chosen_for_a_file_is_prefilled_for_the_next_with_the_same_headers() {
    let mut w = Wizard::new();
    let first = good_file(&w, "march.xlsx");
    w.send(Message::FilePicked(Some(first)));
    assert!(!w.shows("as you mapped these headers last time"));
    w.round(|ui| pick(ui, "import-map-4", person_in_charge()));

    let next =
        w.file("april.xlsx", &[&["cust_no", "COMPANY", "Tax No", "phone", "rep"], &["C-300", "Dee", "", "", "Park"]]);
    let mut again = Import::new();
    let action = again.update(Message::FilePicked(Some(next)));
    let Action::Inspect(request) = action else { panic!("the file is read") };
    again.update(Message::Inspected(request.run(&w.db)));
    assert_eq!(w.targets(&again)[4], Some(Target::Field(Field::PersonInCharge)), "remembered for these headers");
    assert!(shows(&mut tall(again.view()), "as you mapped these headers last time"));

    let other = w.file("other.xlsx", &[&["Cust No", "Company", "Rep", "Notes"], &["C-400", "Eee", "Park", ""]]);
    let mut fresh = Import::new();
    let Action::Inspect(request) = fresh.update(Message::FilePicked(Some(other))) else { panic!() };
    fresh.update(Message::Inspected(request.run(&w.db)));
    assert_eq!(w.targets(&fresh)[2], None, "other headers are guessed afresh");
}

#[test]
fn cancelling_the_preview_or_the_apply_writes_nothing() {
    let mut w = Wizard::new();
    let file = good_file(&w, "customers.xlsx");
    w.send(Message::FilePicked(Some(file)));

    let held = w.round_held(|ui| click_text(ui, "Preview import"));
    let Some(Action::Preview(job)) = held.into_iter().find(|a| matches!(a, Action::Preview(_))) else {
        panic!("Preview import starts the preview")
    };
    assert!(w.screen.is_working() && w.shows("Reading and checking the rows"));
    assert!(w.shows("0 rows read"), "before the sheet is open its size is not known");
    let progress = w.screen.progress().unwrap();
    progress.set_expected(3);
    assert!(w.shows("0 of about 3 rows read"), "the sheet's declared size gives the bar its end");
    progress.set_expected(0);
    w.round(|ui| click_text(ui, "Cancel"));
    w.send(Message::Previewed(job.run(&w.db)));
    assert_eq!(progress.expected(), Some(3), "the preview took the size the sheet declares");
    assert_eq!(w.screen.step(), Step::Mapping, "a cancelled preview goes back to the columns");
    assert!(w.screen.notice().unwrap().1.contains("cancelled"));

    w.round(|ui| click_text(ui, "Preview import"));
    let held = w.round_held(|ui| click_text(ui, "Apply"));
    let Some(Action::Apply(job)) = held.into_iter().find(|a| matches!(a, Action::Apply(_))) else {
        panic!("Apply starts the apply")
    };
    assert!(w.shows("Writing the customers") && w.shows("0 of 3 rows"));
    w.round(|ui| click_text(ui, "Cancel"));
    w.send(Message::Applied(job.run(&w.db)));
    assert_eq!(w.screen.step(), Step::Preview);
    assert!(w.screen.notice().unwrap().1.contains("nothing was written"));
    assert!(w.customer("C-100").is_none(), "no customer was added");
    assert_eq!(w.customer("C-001").unwrap().phone, "02-555-0100", "none was changed");
    assert!(w.store.import_history().unwrap().is_empty(), "no batch was recorded");
}

#[test]
fn a_file_that_cannot_be_read_is_refused_with_a_sentence() {
    let mut w = Wizard::new();
    w.send(Message::FilePicked(Some(w.dir.path().join("photo.png"))));
    assert_eq!(w.screen.step(), Step::File);
    assert!(w.shows("photo.png is not a spreadsheet Clientele reads"));

    let broken = w.dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"this is not a zip file").unwrap();
    w.send(Message::FilePicked(Some(broken)));
    assert_eq!(w.screen.step(), Step::File);
    let notice = w.screen.notice().unwrap().1.clone();
    assert!(notice.starts_with("The file could not be read:") && notice.contains("broken.xlsx"), "{notice}");
}

#[test]
fn a_path_typed_beside_choose_file_opens_the_file() {
    // Where the OS has no file chooser, "Choose file…" shows nothing; the path box still works.
    let mut w = Wizard::new();
    let missing = w.dir.path().join("nowhere.xlsx");
    w.round(|ui| {
        ui.click(selector::id(PATH_ID)).unwrap();
        let _ = ui.typewrite(&missing.display().to_string());
        let _ = ui.tap_key(iced::keyboard::key::Named::Enter);
    });
    assert_eq!(w.screen.step(), Step::File);
    let notice = w.screen.notice().unwrap().1.clone();
    assert!(notice.starts_with("There is no file at") && notice.contains("nowhere.xlsx"), "{notice}");

    let file = good_file(&w, "typed.xlsx");
    w.send(Message::PathTyped(format!("\"{}\"", file.display())));
    w.round(|ui| click_text(ui, "Open"));
    assert_eq!(w.screen.step(), Step::Mapping, "a quoted path, as a file manager copies it, opens");
    assert!(w.shows("Bee Ltd"));
}

#[test]
fn the_customer_list_offers_import_and_exports_what_it_shows() {
    use clientele::ui::customers::{self, list};
    let mut h = crate::support::Harness::new(|store| {
        store.insert_customer(&Customer::new("Acme")).unwrap();
    });
    h.send(customers::Message::List(list::Message::SearchChanged("acme".into())));
    let sent: Vec<customers::Message> = {
        let mut ui = crate::support::simulator(h.screen.view(), crate::support::WINDOW);
        click_text(&mut ui, "Export…");
        click_text(&mut ui, "Import…");
        ui.into_messages().collect()
    };
    let actions: Vec<customers::Action> = sent.into_iter().map(|m| h.screen.update(m, &mut h.store)).collect();
    match &actions[..] {
        [customers::Action::Export(query), customers::Action::Import] => {
            assert_eq!(query.text, "acme", "the export takes the list's search");
            assert_eq!(query.limit, usize::MAX, "and every match, not only the rows shown");
        }
        other => panic!("expected Export then Import, got {other:?}"),
    }
}

#[test]
fn the_window_exports_with_the_cli_exports_and_says_what_it_saved() {
    use clientele::domain::search::SearchQuery;
    use clientele::store::ReportFilter;
    use clientele::ui::export::Job;
    let mut w = Wizard::new();
    let mut bee = Customer::new("Bee Ltd");
    bee.code = "C-002".into();
    w.store.insert_customer(&bee).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();

    let query = SearchQuery { text: "bee".into(), limit: usize::MAX, ..SearchQuery::default() };
    let job = Job::Customers(query);
    let target = w.dir.path().join(job.file_name(today));
    assert!(target.ends_with("customers-2026-11-29.xlsx"));
    let said = job.run(&w.db, &target).unwrap();
    assert_eq!(said, format!("Saved 1 customer to {}.", target.display()), "only the customers the list finds");
    let mut book = Workbook::open(&target).unwrap();
    let mut sheet = book.sheet("Customers", Limits::default()).unwrap();
    assert_eq!(sheet.next_row().unwrap().unwrap().cells[0].as_text(), "C-002");
    assert!(sheet.next_row().is_none());

    let everyone = Job::Customers(SearchQuery { limit: usize::MAX, ..SearchQuery::default() });
    let said = everyone.run(&w.db, &w.dir.path().join("all")).unwrap();
    assert!(said.starts_with("Saved 2 customers to ") && said.ends_with("all.xlsx."), "{said}");

    let said = Job::Prices.run(&w.db, &w.dir.path().join("prices.xlsx")).unwrap();
    assert!(said.starts_with("Saved 0 level prices and 0 special prices to"), "{said}");
    let said = Job::Balances(ReportFilter::default()).run(&w.db, &w.dir.path().join("b.xlsx")).unwrap();
    assert!(
        said.starts_with("Saved the balances of 0 customers to"),
        "only customers with vouchers have a balance: {said}"
    );

    let refused = Job::Items.run(&w.db, &w.dir.path().join("no-such-folder").join("items.xlsx")).unwrap_err();
    assert!(refused.starts_with("Nothing was saved: cannot write") && refused.contains("does not exist"), "{refused}");
}

#[test]
fn saving_invalid_rows_reads_the_file_again_and_says_so_when_it_changed() {
    let mut w = Wizard::new();
    let rows: &[&[&str]] =
        &[&["Code", "Name", "Credit limit"], &["C-300", "Good", "1"], &["C-301", "Bad", "lots"], &["C-302", "", "2"]];
    let file = w.file("changing.xlsx", rows);
    w.send(Message::FilePicked(Some(file)));
    w.round(|ui| click_text(ui, "Preview import"));
    assert_eq!(w.screen.preview().unwrap().counts.invalid, 2);
    // Someone saves the file again with the bad rows gone before the clerk saves them.
    w.file("changing.xlsx", &rows[..2]);
    w.round(|ui| click_text(ui, "Save invalid rows as .xlsx…"));
    let notice = w.screen.notice().unwrap();
    assert_eq!(notice.0, Tone::Danger);
    assert!(notice.1.contains("changed since the preview; preview it again"), "{notice:?}");
    assert!(!w.dir.path().join("changing-invalid-rows.xlsx").exists(), "no half-right file is written");
}

#[test]
fn items_are_imported_through_the_same_wizard_with_their_own_fields() {
    let mut w = Wizard::new();
    let widget = Item { sales_price: dec!(19.99), ..Item::new("W-1", "Widget") };
    w.store.add_item(&widget).unwrap();
    w.round(|ui| click_text(ui, "Items"));
    assert_eq!(w.screen.kind(), ImportKind::Items);
    assert!(w.shows("Choose a spreadsheet of items"));
    let file = w.file(
        "items.xlsx",
        &[&["SKU", "Name", "Price", "Colour"], &["W-1", "", "25", "red"], &["N-1", "New thing", "5.5", ""]],
    );
    w.send(Message::FilePicked(Some(file)));
    assert_eq!(w.screen.step(), Step::Mapping);
    assert!(w.shows("Import items"));
    let keys = w.screen.mapping_keys().to_vec();
    assert_eq!(keys[0].as_deref(), Some("code"), "SKU is an item code: {keys:?}");
    assert_eq!(keys[2].as_deref(), Some("sales_price"));
    assert_eq!(keys[3], None, "Colour names no item field");

    w.round(|ui| click_text(ui, "Preview import"));
    let counts = w.screen.preview().unwrap().counts;
    assert_eq!((counts.created, counts.updated, counts.invalid), (1, 1, 0));
    assert!(w.shows("N-1"), "the new item is listed by its code");
    w.round(|ui| click_text(ui, "Changed (1)"));
    assert!(w.shows("W-1"), "the changed item is listed");
    assert!(w.shows("\u{201c}19.99\u{201d} \u{2192} \u{201c}25\u{201d}"), "with its price before and after");
    assert!(w.shows("Not imported (no field chosen): \u{201c}Colour\u{201d}"));

    w.round(|ui| click_text(ui, "Apply"));
    assert_eq!(w.screen.step(), Step::Done);
    assert_eq!(w.store.item_by_code("W-1").unwrap().unwrap().sales_price, dec!(25));
    assert_eq!(w.store.item_by_code("N-1").unwrap().unwrap().name, "New thing");
    let history = w.store.import_history().unwrap();
    assert_eq!((history[0].kind.as_str(), history[0].created, history[0].updated), ("items", 1, 1));
    assert!(w.shows("as long as the items have not been changed or used since"));
}

#[test]
fn a_voucher_file_names_its_bad_lines_and_they_can_be_saved_to_fix() {
    let mut w = Wizard::new();
    w.store.add_item(&Item { sales_price: dec!(5), ..Item::new("G-2", "Gadget") }).unwrap();
    w.round(|ui| click_text(ui, "Vouchers"));
    let file = w.file(
        "vouchers.xlsx",
        &[
            &["Invoice no", "Kind", "Date", "Customer", "Item", "Qty", "Unit price"],
            &["INV-1", "sale", "2026-03-01", "C-001", "G-2", "3", ""],
            &["INV-2", "sale", "2026-03-02", "C-001", "G-2", "1", ""],
            &["INV-2", "", "", "", "NOPE", "1", "2"],
        ],
    );
    w.send(Message::FilePicked(Some(file)));
    w.round(|ui| click_text(ui, "Preview import"));
    let counts = w.screen.preview().unwrap().counts;
    assert_eq!((counts.created, counts.invalid), (1, 1), "two vouchers: INV-1 is good, INV-2 has an unknown item");
    assert!(w.shows("INV-2"), "the refused voucher is listed by its key");
    assert!(w.shows("Row 4, Column \u{201c}Item\u{201d}"), "its bad line is named by row and column");
    w.round(|ui| click_text(ui, "New (1)"));
    assert!(w.shows("sale of 2026-03-01 \u{b7} amount 15.00"), "the new voucher is summed up, in cents");
    assert!(w.shows("G-2 \u{d7} 3 at 5 ("), "each line shows the price the resolver gave it");

    w.round(|ui| click_text(ui, "Save invalid rows as .xlsx…"));
    let saved = w.dir.path().join("vouchers-invalid-rows.xlsx");
    assert!(w.screen.notice().unwrap().1.starts_with("Saved 1 invalid row to"), "{:?}", w.screen.notice());
    let mut book = Workbook::open(&saved).unwrap();
    let mut sheet = book.sheet("Invalid rows", Limits::default()).unwrap();
    let first = sheet.next_row().unwrap().unwrap();
    assert_eq!(first.cells[0].as_text(), "4", "the row the problem names, as the file has it");
    assert_eq!(first.cells[5].as_text(), "NOPE");

    w.round(|ui| click_text(ui, "Apply valid rows, skip 1 invalid"));
    assert_eq!(w.screen.step(), Step::Done);
    let history = w.store.import_history().unwrap();
    assert_eq!((history[0].kind.as_str(), history[0].created), ("vouchers", 1));
}

#[test]
fn changing_the_kind_maps_the_open_file_again_and_remembers_per_kind() {
    let mut w = Wizard::new();
    let file = w.file("list.xlsx", &[&["Code", "Name", "Price"], &["X-1", "Thing", "3"]]);
    w.send(Message::FilePicked(Some(file)));
    assert_eq!(w.screen.mapping_keys()[2], None, "a customer has no price field");
    w.send(Message::Kind(ImportKind::Items));
    assert_eq!(w.screen.kind(), ImportKind::Items);
    assert_eq!(w.screen.mapping_keys()[2].as_deref(), Some("sales_price"), "mapped again to the item fields");
    assert!(w.shows("Import items"));
}

#[test]
fn the_items_and_prices_screens_open_the_wizard_for_their_kind() {
    use clientele::ui::app::{self, App, Tab};
    use clientele::ui::{items, prices};
    software_renderer();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("book.db");
    let mut store = Store::open(&path).unwrap();
    store.insert_customer(&Customer::new("Acme")).unwrap();
    let (mut app, _task) = App::new(store, path);
    let _ = app.update(app::Message::Tab(Tab::Items));
    let _ = app.update(app::Message::Items(items::Message::Import));
    assert_eq!(app.tab(), Tab::Customers, "the wizard stands where the customer list is");
    assert_eq!(app.import().map(Import::kind), Some(ImportKind::Items));

    let _ = app.update(app::Message::Tab(Tab::Prices));
    let _ = app.update(app::Message::Prices(prices::Message::Import));
    assert_eq!(app.import().map(Import::kind), Some(ImportKind::Prices), "a wizard not at work is started afresh");

    // Another tab and back keeps the wizard; "Customers" on Customers goes back to the list.
    let _ = app.update(app::Message::Tab(Tab::Reports));
    let _ = app.update(app::Message::Tab(Tab::Customers));
    assert!(app.import().is_some(), "coming back finds the wizard where it was");
    let _ = app.update(app::Message::Tab(Tab::Customers));
    assert!(app.import().is_none(), "the customer list is back");
}

#[test]
fn a_price_file_shows_what_each_price_would_be() {
    let mut w = Wizard::new();
    w.store.add_item(&Item { sales_price: dec!(19.99), ..Item::new("W-1", "Widget") }).unwrap();
    w.store.add_price_level("Retail").unwrap();
    w.round(|ui| click_text(ui, "Prices"));
    let file = w.file(
        "prices.xlsx",
        &[
            &["Item code", "Price level", "Customer code", "Price", "Min qty"],
            &["W-1", "retail", "", "19", ""],
            &["W-1", "", "C-001", "15", "10"],
        ],
    );
    w.send(Message::FilePicked(Some(file)));
    w.round(|ui| click_text(ui, "Preview import"));
    assert_eq!(w.screen.preview().unwrap().counts.created, 2);
    assert!(w.shows("Retail price 19"), "the level price, the level spelled as the book spells it");
    assert!(w.shows("special price 15 from 10 units"), "the special price with its minimum quantity");
    w.round(|ui| click_text(ui, "Apply"));
    assert_eq!(w.screen.step(), Step::Done);
    assert_eq!(w.store.import_history().unwrap()[0].kind, "prices");
}

#[test]
fn a_csv_shows_the_encoding_it_was_read_in_and_reads_again_in_another() {
    let mut w = Wizard::new();
    let path = w.dir.path().join("거래처.csv");
    let text = "상호,대표자\r\n(주)한빛상사,김철수\r\n대한물산,박영희\r\n푸른들식품,이민준\r\n";
    std::fs::write(&path, encoding_rs::EUC_KR.encode(text).0).unwrap();
    w.send(Message::FilePicked(Some(path)));
    assert_eq!(w.screen.step(), Step::Mapping);
    assert_eq!(w.screen.headers(), ["상호", "대표자"]);
    assert!(w.shows("Encoding") && w.shows("김철수"));

    // The clerk picks Western (Windows-1252): the file is read again, and the names break.
    let western = TextEncoding::CHOICES.iter().position(|e| *e == TextEncoding::Western).unwrap();
    w.round(|ui| pick(ui, "import-encoding", western));
    assert_ne!(w.screen.headers()[0], "상호");
    assert!(!w.shows("김철수"));
    w.send(Message::Encoding(TextEncoding::Korean));
    assert_eq!(w.screen.headers(), ["상호", "대표자"]);

    // The preview reads the file in the chosen encoding too.
    w.round(|ui| click_text(ui, "Preview import"));
    let preview = w.screen.preview().expect("a preview");
    assert_eq!(preview.counts.created, 3);

    // A workbook carries its own encoding: no choice is offered.
    let mut fresh = Wizard::new();
    let file = good_file(&fresh, "customers.xlsx");
    fresh.send(Message::FilePicked(Some(file)));
    assert!(!fresh.shows("Encoding"));
}

#[test]
fn the_wizard_opens_on_the_first_sheet_that_holds_a_table() {
    let mut w = Wizard::new();
    let path = w.dir.path().join("with-readme.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let readme = book.add_worksheet();
    readme.set_name("Read me").unwrap();
    readme.write_string(0, 0, "The customers are on the next sheet.").unwrap();
    let data = book.add_worksheet();
    data.set_name("Customers").unwrap();
    for (c, header) in HEADERS.iter().enumerate() {
        data.write_string(0, c as u16, *header).unwrap();
    }
    data.write_string(1, 1, "Gamma Ltd").unwrap();
    book.save(&path).unwrap();
    w.send(Message::FilePicked(Some(path)));
    assert_eq!(w.screen.headers(), HEADERS);
    assert!(w.shows("Sheet \u{201c}Read me\u{201d} holds no table"), "the clerk is told why");
}

#[test]
fn an_order_export_without_a_kind_column_takes_the_kind_chosen_for_the_whole_file() {
    use clientele::ui::import::mapping::VOUCHER_KIND_ID;
    let mut w = Wizard::new();
    w.store.add_item(&Item::new("P-01", "Bookcase")).unwrap();
    let file = w.file(
        "orders.xlsx",
        &[
            &["Order ID", "Order Date", "Customer ID", "Product ID", "Quantity", "Sales", "Discount"],
            &["CA-1", "2025-03-01", "C-001", "P-01", "2", "261.96", "0.2"],
            &["CA-2", "2025-03-02", "C-001", "P-01", "3", "957.5775", "0"],
        ],
    );
    w.send(Message::FilePicked(Some(file)));
    w.send(Message::Kind(ImportKind::Vouchers));
    assert_eq!(w.screen.mapping_keys()[5].as_deref(), Some("amount"), "Sales is the line amount");
    assert!(w.shows("No column gives the kind"), "the whole-file kind is offered: no column gives one");

    // Without a kind the preview says so once, at the mapping, with what to do.
    w.round(|ui| click_text(ui, "Preview import"));
    assert_eq!(w.screen.preview().unwrap().counts.invalid, 2);
    assert!(w.shows("No column is mapped to kind, which 2 vouchers need"));
    assert!(w.shows("choose the kind of every row under Options"));
    // Saved to be fixed, each row still says why.
    w.round(|ui| click_text(ui, "Save invalid rows as .xlsx…"));
    assert!(w.screen.notice().unwrap().1.starts_with("Saved 2 invalid rows to"), "{:?}", w.screen.notice());
    let mut saved = Workbook::open(&w.dir.path().join("orders-invalid-rows.xlsx")).unwrap();
    let mut sheet = saved.sheet("Invalid rows", Limits::default()).unwrap();
    let first = sheet.next_row().unwrap().unwrap();
    let why: Vec<String> = first.cells.iter().map(|c| c.as_text()).collect();
    assert!(why.iter().any(|c| c.contains("No column is mapped to kind")), "{why:?}");

    w.send(Message::BackToMapping);
    w.round(|ui| pick(ui, VOUCHER_KIND_ID, 0));
    w.round(|ui| click_text(ui, "Preview import"));
    let counts = w.screen.preview().unwrap().counts;
    assert_eq!((counts.created, counts.invalid), (2, 0));
    assert!(w.shows("The totals differ"), "the sub-cent amount is explained");
    assert!(w.shows("sheet total 1,219.5375, book total 1,219.54"));
    assert!(w.shows("P-01 \u{00d7} 3 at 319.1933 (from the line amount)"), "the price comes from the amount");
    w.round(|ui| click_text(ui, "Apply"));
    assert_eq!(w.screen.step(), Step::Done);
    let batch = &w.store.import_history().unwrap()[0];
    assert_eq!((batch.kind.as_str(), batch.created), ("vouchers", 2));
}

#[test]
fn a_column_can_start_a_new_group_axis_from_the_mapping() {
    let mut w = Wizard::new();
    let file = w.file(
        "segments.xlsx",
        &[
            &["Code", "Name", "Segment", "Order ID"],
            &["C-200", "Bee Ltd", "Consumer", "O-1"],
            &["C-201", "Cat Corp", "Corporate", "O-2"],
            &["C-202", "Dog Inc", "Consumer", "O-3"],
            &["C-203", "Eel Co", "Consumer", "O-4"],
        ],
    );
    w.send(Message::FilePicked(Some(file)));
    assert_eq!(w.screen.mapping_keys()[2], None, "the book has no Segment axis yet");
    // The drop-down offers it after the book's own targets (no axes or custom fields here), for
    // the column whose values read like groups, not for the order ids.
    let offered: Vec<String> = w.screen.choices().iter().map(ToString::to_string).collect();
    assert_eq!(offered.last().map(String::as_str), Some("New group axis \u{201c}Segment\u{201d}"), "{offered:?}");
    w.round(|ui| pick(ui, "import-map-2", Field::ALL.len() + 1));
    assert_eq!(w.screen.mapping_keys()[2].as_deref(), Some("group:Segment"));
    w.round(|ui| click_text(ui, "Preview import"));
    assert!(w.shows("New group axes will be created: Segment."));
    assert!(w.store.group_axes().unwrap().is_empty(), "the preview writes nothing");
    w.round(|ui| click_text(ui, "Apply"));
    assert_eq!(w.screen.step(), Step::Done);
    let bee = w.customer("C-200").unwrap();
    assert_eq!(bee.groups.get("Segment").map(String::as_str), Some("Consumer"));
    assert_eq!(w.store.group_axes().unwrap()[0].name, "Segment");
}

#[test]
fn a_needed_field_without_a_column_is_said_at_the_mapping_and_goes_once_it_is_chosen() {
    let mut w = Wizard::new();
    let file = w.file("no-names.xlsx", &[&["Cust. No", "Town"], &["C-1", "Seoul"], &["C-2", "Busan"]]);
    w.send(Message::FilePicked(Some(file)));
    assert_eq!(w.screen.step(), Step::Mapping);
    let warning = "No column is mapped to Name, and new customers need a name";
    assert!(w.shows(warning), "said before any preview");
    let name = w.screen.choices().iter().find(|c| c.to_string() == "Name").cloned().expect("Name is offered");
    w.send(Message::Map(1, name));
    assert!(!w.shows(warning), "gone once a column gives names");
}
