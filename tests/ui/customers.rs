//! The Customers screen driven through its real view: searching, filtering, editing, saving,
//! the unsaved-changes guard, deleting, and the virtual list over many customers.

use crate::support::{Harness, click_at, click_last, texts, type_into};
use clientele::domain::SearchQuery;
use clientele::domain::custom_field::{FieldDef, FieldType, FieldValue};
use clientele::domain::customer::{Contact, Customer, OnExceed};
use clientele::store::Store;
use clientele::ui::app::{self, App, Shortcut};
use clientele::ui::customers::{Action, Intent, ListRequest, Message, TextField};
use clientele::ui::customers::{dialogs, form, list};
use iced::keyboard::{self, Key, Modifiers};
use iced_test::core::mouse::{self, ScrollDelta};
use iced_test::core::{Event, Point};
use iced_test::selector;

const REGIONS: [&str; 3] = ["Seoul", "Busan", "Jeju"];

/// 50 customers: 48 numbered ones spread over three regions, plus two Acme companies.
fn fifty(store: &mut Store) {
    for region in REGIONS {
        store.ensure_group("Region", region).unwrap();
    }
    let mut customers: Vec<Customer> = (1..=48)
        .map(|n| {
            let mut c = Customer::new(format!("Customer {n:02}"));
            c.groups.insert("Region".into(), REGIONS[n % 3].into());
            c.phone = format!("02-555-{n:04}");
            c
        })
        .collect();
    for name in ["Acme Trading", "Acme Foods"] {
        let mut c = Customer::new(name);
        c.groups.insert("Region".into(), "Seoul".into());
        customers.push(c);
    }
    for c in &customers {
        store.insert_customer(c).unwrap();
    }
}

fn names(h: &Harness) -> Vec<String> {
    h.store.list_rows(h.screen.list().ids()).unwrap().into_iter().map(|r| r.name).collect()
}

#[test]
fn typing_in_the_search_box_narrows_the_list() {
    let mut h = Harness::new(fifty);
    assert_eq!(h.screen.list().len(), 50);

    h.interact(|ui| type_into(ui, list::SEARCH_ID, "acme"));

    assert_eq!(h.screen.list().search(), "acme");
    let mut found = names(&h);
    found.sort();
    assert_eq!(found, ["Acme Foods", "Acme Trading"]);
    // The status bar counts what the list holds.
    assert!(h.look(|ui| ui.find("2 customers").is_ok()));
}

#[test]
fn a_group_filter_narrows_the_list() {
    let mut h = Harness::new(fifty);
    let expected_busan = 16;

    // Open the Region drop-down, then pick "Busan" from its menu, as a clerk would.
    h.interact(|ui| {
        let filter = ui.click(selector::id("filter:Region")).expect("a Region filter");
        let bounds = filter.bounds();
        // The menu lists "All Region", then the values alphabetically: Busan, Jeju, Seoul;
        // each entry is as tall as the closed drop-down.
        click_at(ui, Point::new(bounds.center_x(), bounds.y + bounds.height * 2.5 + 1.0));
    });

    assert_eq!(h.screen.list().len(), expected_busan, "{:?}", names(&h));
    assert_eq!(h.screen.list().query().groups, [("Region".to_string(), "Busan".to_string())]);
    for id in h.screen.list().ids() {
        assert_eq!(h.store.customer(*id).unwrap().unwrap().groups["Region"], "Busan");
    }
}

fn book_with_fields(store: &mut Store) {
    fifty(store);
    store
        .add_field(&FieldDef {
            id: 0,
            key: "account_manager".into(),
            label: "Account manager".into(),
            field_type: FieldType::Text,
            choices: vec![],
            required: false,
            position: 0,
            show_in_list: false,
        })
        .unwrap();
}

#[test]
fn a_filled_form_is_saved_and_found_in_the_database() {
    let mut h = Harness::new(book_with_fields);
    h.tall = true;
    let before = h.store.customer_count().unwrap();

    h.interact(|ui| ui.click("New").map(|_| ()).expect("a New button"));
    assert!(h.screen.profile().is_some_and(|p| p.id().is_none()), "New opens an empty profile");

    h.interact(|ui| {
        type_into(ui, &TextField::Name.id(), "Hanbit Trading");
        type_into(ui, &TextField::Email.id(), "orders@hanbit.example");
        type_into(ui, "profile:custom:account_manager", "Kim Jiyoung");
        // A Region value that does not exist yet: the save creates it.
        type_into(ui, "profile:group:Region", "Gangwon");
    });
    assert!(h.screen.is_dirty());

    h.interact(|ui| ui.click("Save").map(|_| ()).expect("a Save button"));

    assert_eq!(h.store.customer_count().unwrap(), before + 1);
    let saved = h.customer_named("Hanbit Trading").expect("the new customer is stored");
    assert_eq!(saved.email, "orders@hanbit.example");
    assert_eq!(saved.custom.get("account_manager"), Some(&FieldValue::Text("Kim Jiyoung".into())));
    assert_eq!(saved.groups.get("Region").map(String::as_str), Some("Gangwon"));
    assert!(saved.code.starts_with('C'), "an automatic code: {}", saved.code);

    // The saved customer stays open and selected, the form is clean, and the list holds it.
    assert_eq!(h.screen.selected(), saved.id);
    assert!(!h.screen.is_dirty());
    let position = h.screen.list().position(saved.id.unwrap());
    assert!(position.is_some());
    assert_eq!(h.screen.list().cursor(), position);
    assert!(h.look(|ui| ui.find(format!("Saved {} Hanbit Trading.", saved.code)).is_ok()));
}

#[test]
fn an_invalid_email_is_shown_beside_the_field_and_nothing_is_saved() {
    let mut h = Harness::new(fifty);
    h.tall = true;
    let before = h.store.customer_count().unwrap();

    h.interact(|ui| ui.click("New").map(|_| ()).unwrap());
    h.interact(|ui| {
        type_into(ui, &TextField::Name.id(), "Broken Mail Ltd");
        type_into(ui, &TextField::Email.id(), "orders at broken");
        type_into(ui, &TextField::Discount.id(), "150");
        ui.click("Save").map(|_| ()).unwrap();
    });

    assert_eq!(h.store.customer_count().unwrap(), before, "nothing is saved while invalid");
    let profile = h.screen.profile().unwrap();
    let email_error = profile.error("email").expect("an error beside the e-mail").to_string();
    assert!(email_error.contains("not an e-mail address"), "{email_error}");
    assert!(profile.error("discount_rate").is_some());
    assert!(h.screen.is_dirty(), "the typed values are kept for correcting");

    h.look(|ui| {
        assert!(ui.find(email_error.as_str()).is_ok(), "the message is on screen");
        let summary = texts(ui, |t| t.starts_with("Not saved: 2 problems"));
        assert_eq!(summary.len(), 1, "one summary line");
        // The error sits right under the e-mail input.
        let input = ui.find(selector::id(TextField::Email.id())).unwrap().bounds();
        let message = ui.find(email_error.as_str()).unwrap().bounds();
        assert!(message.y >= input.y + input.height && message.y < input.y + input.height + 30.0);
    });

    // Fixing the field clears its message; saving then works.
    h.interact(|ui| {
        ui.click(selector::id(TextField::Email.id())).unwrap();
        for _ in 0.."orders at broken".len() {
            ui.tap_key(Key::Named(keyboard::key::Named::Backspace));
        }
        ui.typewrite("orders@broken.example");
    });
    assert!(h.screen.profile().unwrap().error("email").is_none());
    h.interact(|ui| {
        ui.click(selector::id(TextField::Discount.id())).unwrap();
        for _ in 0..3 {
            ui.tap_key(Key::Named(keyboard::key::Named::Backspace));
        }
        ui.typewrite("15");
    });
    h.interact(|ui| ui.click("Save").map(|_| ()).unwrap());
    let saved = h.customer_named("Broken Mail Ltd").expect("saved once valid");
    assert_eq!(saved.email, "orders@broken.example");
    assert_eq!(saved.discount_rate, Some(15.into()));
}

#[test]
fn the_guard_asks_before_unsaved_changes_are_lost() {
    let mut h = Harness::new(fifty);
    let first = h.screen.selected().expect("the first customer opens by itself");
    let first_name = h.store.customer(first).unwrap().unwrap().name;
    let second = h.screen.list().ids()[1];
    let second_name = h.store.customer(second).unwrap().unwrap().name;

    h.interact(|ui| click_last(ui, "Profile & contacts"));
    h.interact(|ui| type_into(ui, &TextField::Name.id(), " (edited)"));
    assert!(h.screen.is_dirty());

    // Clicking another row asks first; nothing changes yet.
    h.interact(|ui| ui.click(second_name.as_str()).map(|_| ()).expect("the second row is on screen"));
    assert_eq!(h.screen.guard(), Some(Intent::Open(second)));
    assert_eq!(h.screen.selected(), Some(first));
    assert!(h.look(|ui| ui.find("Discard unsaved changes?").is_ok()));

    // Cancel keeps the edits.
    h.interact(|ui| ui.click("Cancel").map(|_| ()).unwrap());
    assert_eq!(h.screen.guard(), None);
    assert!(h.screen.is_dirty());

    // New asks too; Discard drops the edits and goes on.
    h.interact(|ui| ui.click("New").map(|_| ()).unwrap());
    assert_eq!(h.screen.guard(), Some(Intent::New));
    h.interact(|ui| ui.click("Discard").map(|_| ()).unwrap());
    assert!(h.screen.profile().is_some_and(|p| p.id().is_none()));
    assert_eq!(h.store.customer(first).unwrap().unwrap().name, first_name, "discarded, not saved");
}

#[test]
fn closing_the_window_asks_only_when_there_are_unsaved_changes() {
    let mut h = Harness::new(fifty);
    assert_eq!(h.screen.update(Message::Quit, &mut h.store), clientele::ui::customers::Action::Quit);

    h.interact(|ui| click_last(ui, "Profile & contacts"));
    h.interact(|ui| type_into(ui, &TextField::Name.id(), " (edited)"));
    assert_eq!(h.screen.update(Message::Quit, &mut h.store), clientele::ui::customers::Action::None);
    assert_eq!(h.screen.guard(), Some(Intent::Quit));
    assert!(h.look(|ui| texts(ui, |t| t.contains("before closing Clientele")).len() == 1));
    assert_eq!(h.screen.update(Message::GuardDiscard, &mut h.store), clientele::ui::customers::Action::Quit);
}

#[test]
fn the_guard_can_save_and_then_go_on() {
    let mut h = Harness::new(fifty);
    let first = h.screen.selected().unwrap();
    let first_name = h.store.customer(first).unwrap().unwrap().name;
    let second = h.screen.list().ids()[1];

    h.interact(|ui| click_last(ui, "Profile & contacts"));
    h.interact(|ui| type_into(ui, &TextField::Name.id(), " Ltd"));
    // Keyboard: Down asks as well.
    h.send(Message::Step(1));
    assert_eq!(h.screen.guard(), Some(Intent::Open(second)));

    h.interact(|ui| click_last(ui, "Save"));
    assert_eq!(h.screen.guard(), None);
    assert_eq!(h.store.customer(first).unwrap().unwrap().name, format!("{first_name} Ltd"));
    assert_eq!(h.screen.selected(), Some(second));
}

#[test]
fn arrow_keys_move_and_enter_opens_the_best_match() {
    let mut h = Harness::new(fifty);
    let ids = h.screen.list().ids().to_vec();
    assert_eq!(h.screen.selected(), Some(ids[0]));
    h.send(Message::Step(1));
    h.send(Message::Step(1));
    assert_eq!(h.screen.selected(), Some(ids[2]));
    h.send(Message::Step(-1));
    assert_eq!(h.screen.selected(), Some(ids[1]));

    // Typing a search does not switch the open customer; Enter opens the top match.
    h.interact(|ui| type_into(ui, list::SEARCH_ID, "Customer 07"));
    assert_eq!(h.screen.list().len(), 1);
    assert_eq!(h.screen.selected(), Some(ids[1]));
    h.interact(|ui| {
        ui.click(selector::id(list::SEARCH_ID)).unwrap();
        ui.tap_key(Key::Named(keyboard::key::Named::Enter));
    });
    let seventh = h.customer_named("Customer 07").unwrap();
    assert_eq!(h.screen.selected(), seventh.id);
}

#[test]
fn shortcuts_map_to_commands() {
    let press = crate::support::key_press;
    let ch = |c: &str| Key::Character(c.into());
    assert_eq!(app::shortcut(&press(ch("f"), Modifiers::COMMAND)), Some(Shortcut::Find));
    assert_eq!(app::shortcut(&press(ch("n"), Modifiers::COMMAND)), Some(Shortcut::New));
    assert_eq!(app::shortcut(&press(ch("s"), Modifiers::COMMAND)), Some(Shortcut::Save));
    assert_eq!(app::shortcut(&press(ch("s"), Modifiers::empty())), None, "plain s is typing");
    let named = |n| Key::Named(n);
    use keyboard::key::Named;
    assert_eq!(app::shortcut(&press(named(Named::ArrowDown), Modifiers::empty())), Some(Shortcut::Down));
    assert_eq!(app::shortcut(&press(named(Named::ArrowUp), Modifiers::empty())), Some(Shortcut::Up));
    assert_eq!(app::shortcut(&press(named(Named::Enter), Modifiers::empty())), Some(Shortcut::Enter));
    assert_eq!(app::shortcut(&press(named(Named::ArrowDown), Modifiers::SHIFT)), None);

    assert!(app::list_may_take_keys(None));
    assert!(app::list_may_take_keys(Some(&iced::widget::Id::new(list::SEARCH_ID))));
    assert!(!app::list_may_take_keys(Some(&iced::widget::Id::from(TextField::Name.id()))));
}

fn acme_with_tax_id(store: &mut Store) {
    let mut acme = Customer::new("Acme Trading");
    acme.tax_id = "123-45-67890".into();
    store.insert_customer(&acme).unwrap();
}

/// A new customer typed with Acme's tax ID, and Save clicked.
fn type_a_second_acme(h: &mut Harness) {
    h.interact(|ui| ui.click("New").map(|_| ()).unwrap());
    h.interact(|ui| {
        type_into(ui, &TextField::Name.id(), "ACME Trading Co");
        type_into(ui, &TextField::TaxId.id(), "1234567890");
        ui.click("Save").map(|_| ()).unwrap();
    });
}

#[test]
fn save_asks_about_a_likely_duplicate_first_and_saves_anyway_on_request() {
    let mut h = Harness::new(acme_with_tax_id);
    let existing = h.customer_named("Acme Trading").unwrap();

    type_a_second_acme(&mut h);
    assert_eq!(h.store.customer_count().unwrap(), 1, "nothing is written while the question is open");
    let asked = h.screen.likely_duplicates().expect("the question is open");
    assert!(asked.iter().all(|d| d.code == existing.code), "{asked:?}");
    assert!(asked.iter().any(|d| d.reason == "tax ID"), "{asked:?}");
    let said = format!("{} Acme Trading (same tax ID and name)", existing.code);
    assert!(h.look(|ui| ui.find(said.as_str()).is_ok()), "one line per customer, every reason on it");

    h.interact(|ui| ui.click(dialogs::SAVE_ANYWAY).map(|_| ()).unwrap());
    assert_eq!(h.store.customer_count().unwrap(), 2, "saved despite the warning");
    let warning = format!("Possible duplicate: same tax ID as {} Acme Trading", existing.code);
    assert!(h.screen.duplicates().contains(&warning), "{:?}", h.screen.duplicates());
    assert!(h.look(|ui| ui.find(warning.as_str()).is_ok()));
}

#[test]
fn saving_from_the_leave_question_asks_about_a_duplicate_too_and_then_goes_on() {
    let mut h = Harness::new(acme_with_tax_id);
    h.interact(|ui| ui.click("New").map(|_| ()).unwrap());
    h.interact(|ui| {
        type_into(ui, &TextField::Name.id(), "ACME Trading Co");
        type_into(ui, &TextField::TaxId.id(), "1234567890");
    });
    h.interact(|ui| ui.click("New").map(|_| ()).unwrap());
    assert_eq!(h.screen.guard(), Some(Intent::New), "leaving the typed record asks first");
    h.send(Message::GuardSave);
    assert!(h.screen.likely_duplicates().is_some(), "Save there asks the duplicate question as well");
    assert_eq!(h.store.customer_count().unwrap(), 1, "nothing is written while it is open");

    h.interact(|ui| ui.click(dialogs::SAVE_ANYWAY).map(|_| ()).unwrap());
    assert_eq!(h.store.customer_count().unwrap(), 2, "saved on request");
    assert!(
        h.screen.profile().is_some_and(|p| p.id().is_none()),
        "and the clerk is where they were going: a new record"
    );
}

#[test]
fn opening_the_existing_customer_drops_the_typed_one() {
    let mut h = Harness::new(acme_with_tax_id);
    let existing = h.customer_named("Acme Trading").unwrap();
    type_a_second_acme(&mut h);

    h.interact(|ui| ui.click(dialogs::OPEN_EXISTING).map(|_| ()).unwrap());
    assert_eq!(h.store.customer_count().unwrap(), 1, "no second record");
    assert!(h.screen.likely_duplicates().is_none());
    assert_eq!(h.screen.selected(), existing.id, "the existing customer is open");
    assert!(!h.screen.is_dirty());

    // Saving Acme again says nothing: it looked like no one new.
    h.interact(|ui| click_last(ui, "Profile & contacts"));
    h.interact(|ui| ui.click("Save").map(|_| ()).unwrap());
    assert!(h.screen.likely_duplicates().is_none());
}

#[test]
fn delete_asks_for_confirmation_then_removes_the_customer() {
    let mut h = Harness::new(fifty);
    let first = h.screen.selected().unwrap();
    let second = h.screen.list().ids()[1];

    // Delete acts on the profile and stands on its page.
    h.interact(|ui| click_last(ui, "Profile & contacts"));
    h.interact(|ui| ui.click("Delete").map(|_| ()).unwrap());
    assert!(h.screen.is_confirming_delete());
    assert!(h.store.customer(first).unwrap().is_some(), "not deleted before confirming");

    h.interact(|ui| ui.click("Delete for good").map(|_| ()).unwrap());
    assert!(h.store.customer(first).unwrap().is_none());
    assert_eq!(h.screen.list().len(), 49);
    assert_eq!(h.screen.selected(), Some(second), "the next customer opens");
    assert!(h.screen.notice().is_some_and(|(_, text)| text.starts_with("Deleted ")));
}

#[test]
fn deactivate_saves_and_the_active_filter_hides_it() {
    let mut h = Harness::new(fifty);
    let first = h.screen.selected().unwrap();
    h.interact(|ui| click_last(ui, "Profile & contacts"));
    h.interact(|ui| ui.click("Deactivate").map(|_| ()).unwrap());
    assert!(!h.store.customer(first).unwrap().unwrap().active);
    assert_eq!(h.screen.list().len(), 49, "the list shows active customers by default");
    assert!(h.screen.profile().unwrap().history.iter().any(|e| e.field == "Active" && e.new_value == "no"));
}

#[test]
fn contacts_can_be_added_and_made_primary() {
    let mut h = Harness::new(fifty);
    h.tall = true;
    let first = h.screen.selected().unwrap();
    h.interact(|ui| click_last(ui, "Profile & contacts"));
    h.interact(|ui| ui.click("+ Add contact").map(|_| ()).unwrap());
    h.interact(|ui| ui.click("+ Add contact").map(|_| ()).unwrap());
    h.interact(|ui| {
        type_into(ui, "profile:contacts[0].name", "Kim Minji");
        type_into(ui, "profile:contacts[1].name", "Lee Jun");
        type_into(ui, "profile:contacts[1].email", "jun@example.com");
    });
    h.send(Message::Edit(clientele::ui::customers::Edit::PrimaryContact(1)));
    h.interact(|ui| ui.click("Save").map(|_| ()).unwrap());
    let stored = h.store.customer(first).unwrap().unwrap();
    assert_eq!(
        stored.contacts,
        [
            Contact { name: "Kim Minji".into(), ..Contact::default() },
            Contact { name: "Lee Jun".into(), email: "jun@example.com".into(), primary: true, ..Contact::default() },
        ]
    );
}

#[test]
fn stale_list_results_are_discarded() {
    let mut h = Harness::new(fifty);
    // Two searches in flight; the answer to the older one arrives last.
    h.send(Message::List(list::Message::SearchChanged("Customer".into())));
    let older: ListRequest = ListRequest {
        generation: 1,
        query: SearchQuery { text: "Customer".into(), limit: list::SEARCH_LIMIT, ..SearchQuery::default() },
        newest: list::Newest::default(),
    };
    let stale = older.run(&h.store);
    let current = h.screen.list().len();
    h.send(Message::Loaded(stale));
    assert_eq!(h.screen.list().len(), current, "an old answer changes nothing");
    assert_eq!(current, 48);
}

/// Customers named so that name order is code order: row i shows code K{i+1:06}.
fn many(store: &mut Store, count: u64) {
    store
        .insert_many(
            (1..=count).map(|n| {
                let mut c = Customer::new(format!("Customer {n:06}"));
                c.code = format!("K{n:06}");
                c
            }),
            |_| {},
        )
        .unwrap();
}

#[test]
fn the_virtual_list_builds_only_the_rows_in_view() {
    let mut h = Harness::new(|store| many(store, 12_000));
    let list = h.screen.list();
    assert_eq!(list.len(), 12_000);
    let window = list.window();
    assert!(window.len() < 40, "window {window:?}");
    assert!(list.cached_rows() <= window.len());

    let codes = |h: &Harness| {
        // Codes also lead the open profile's header, at the top; count only those in the list column.
        h.look(|ui| {
            texts(ui, |t| t.len() == 7 && t.starts_with('K'))
                .into_iter()
                .filter(|(_, bounds)| bounds.x < 460.0 && bounds.y > 120.0)
                .map(|(t, _)| t)
                .collect::<Vec<_>>()
        })
    };
    let shown = codes(&h);
    assert!(!shown.is_empty() && shown.len() <= window.len(), "{} rows built", shown.len());
    assert!(shown.contains(&"K000001".to_string()));
    assert!(!shown.contains(&"K000100".to_string()));
    assert!(h.look(|ui| ui.find("12,000 customers").is_ok()));

    // A real wheel turn over the list: the scrollable reports the new offset.
    h.interact(|ui| {
        let scroller = ui.find(selector::id(list::LIST_ID)).unwrap().bounds();
        ui.point_at(scroller.center());
        let _ = ui.simulate([Event::Mouse(mouse::Event::WheelScrolled {
            delta: ScrollDelta::Pixels { x: 0.0, y: -2400.0 },
        })]);
    });
    let window = h.screen.list().window();
    assert!(window.start >= 40 && window.start <= 50, "after 2400 px the window starts near row 50: {window:?}");

    // Far down the list: still only a window's worth of rows.
    let row_height = h.screen.list().row_height();
    h.send(Message::List(list::Message::Scrolled { offset: 9_000.0 * row_height, height: 600.0 }));
    let window = h.screen.list().window();
    assert!(window.contains(&9_000) && window.len() < 40, "{window:?}");
    let shown = codes(&h);
    assert!(shown.len() <= window.len());
    assert!(shown.contains(&"K009001".to_string()), "{shown:?}");
    assert!(h.screen.list().cached_rows() < 200, "rows are fetched for the window only");

    // Drawn again after another tab, the list is put back where it was, not at the top.
    assert!(
        matches!(h.screen.restore_scroll(), Action::ScrollList(offset) if offset == 9_000.0 * row_height),
        "the list asks to be scrolled back"
    );
}

#[test]
fn the_welcome_loads_sample_data_then_shows_customers() {
    crate::support::use_software_renderer();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    let store = Store::open(&path).unwrap();
    let (mut app, _task) = App::new(store, path.clone());
    assert!(app.is_welcoming(), "an empty book starts with the welcome");

    // The work the Load sample data task runs, done here and fed back as its message.
    let loaded = app::load_sample(&path);
    assert_eq!(loaded, Ok(app::SAMPLE_CUSTOMERS));
    let _ = app.update(app::Message::SampleLoaded(loaded));
    assert!(!app.is_welcoming());
    assert_eq!(app.tab(), app::Tab::Customers);
    assert!(!app.customers().fields().is_empty(), "the sample's custom fields are loaded");

    let reopened = Store::open(&path).unwrap();
    assert!(!reopened.needs_welcome().unwrap());
    assert_eq!(reopened.customer_count().unwrap(), app::SAMPLE_CUSTOMERS);
}

#[test]
fn the_tabs_are_customers_and_settings() {
    crate::support::use_software_renderer();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    let store = Store::open(&path).unwrap();
    store.mark_welcome_done().unwrap();
    let (mut app, _task) = App::new(store, path);
    assert!(!app.is_welcoming());
    let messages: Vec<app::Message> = {
        let mut ui =
            iced_test::Simulator::with_size(clientele::ui::theme::text_settings(), crate::support::WINDOW, app.view());
        assert!(ui.find("Customers").is_ok());
        ui.click("Settings").unwrap();
        ui.into_messages().collect()
    };
    for message in messages {
        let _ = app.update(message);
    }
    assert_eq!(app.tab(), app::Tab::Settings);
}

#[test]
fn an_earlier_crash_is_told_under_the_screen_until_dismissed() {
    crate::support::use_software_renderer();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    let store = Store::open(&path).unwrap();
    store.mark_welcome_done().unwrap();
    let (mut app, _task) = App::new(store, path);
    let crash = clientele::logging::CrashReport {
        at: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap().and_hms_opt(14, 5, 0).unwrap(),
        path: dir.path().join("logs").join("crash-20260331-140500.txt"),
    };
    app.tell_crash(&crash);
    let told = format!("Clientele stopped unexpectedly on 2026-03-31 14:05; a report is at {}.", crash.path.display());
    let messages: Vec<app::Message> = {
        let mut ui =
            iced_test::Simulator::with_size(clientele::ui::theme::text_settings(), crate::support::WINDOW, app.view());
        assert!(ui.find(told.as_str()).is_ok(), "the crash is told in the window");
        ui.click("Dismiss").unwrap();
        ui.into_messages().collect()
    };
    for message in messages {
        let _ = app.update(message);
    }
    assert_eq!(app.notice(), None, "dismissed");
}

#[test]
fn fields_marked_as_list_columns_show_in_each_row() {
    let h = Harness::new(|store| {
        let field = |key: &str, label: &str, field_type, show_in_list| FieldDef {
            id: 0,
            key: key.into(),
            label: label.into(),
            field_type,
            choices: vec![],
            required: false,
            position: 0,
            show_in_list,
        };
        store.add_field(&field("industry", "Industry", FieldType::Text, true)).unwrap();
        store.add_field(&field("key_account", "Key account", FieldType::Bool, true)).unwrap();
        store.add_field(&field("secret", "Secret", FieldType::Text, false)).unwrap();
        let mut c = Customer::new("Acme Trading");
        c.custom.insert("industry".into(), FieldValue::Text("Retail".into()));
        c.custom.insert("key_account".into(), FieldValue::Bool(true));
        c.custom.insert("secret".into(), FieldValue::Text("hidden".into()));
        store.insert_customer(&c).unwrap();
    });
    assert!(h.screen.list().row_height() > list::ROW_HEIGHT, "a third line for the columns");
    assert!(h.look(|ui| ui.find("Industry: Retail · Key account").is_ok()));
    assert!(h.look(|ui| texts(ui, |t| t.contains("hidden")).iter().all(|(_, b)| b.x > 460.0)));
}

/// Opens the drop-down wrapped in `#id` and clicks its option number `index`, as a clerk
/// would: the menu opens under the box, one option per box height.
fn pick<M>(ui: &mut iced_test::Simulator<'_, M>, id: &str, index: usize) {
    let bounds = ui.click(selector::id(id.to_string())).unwrap_or_else(|e| panic!("no #{id}: {e}")).bounds();
    click_at(ui, Point::new(bounds.center_x(), bounds.y + bounds.height * (index as f32 + 1.5)));
}

/// The price level drop-down's entries and its shown entry, as the open profile draws them
/// (a drop-down draws its text itself, out of the simulator's sight).
fn level_menu(h: &Harness) -> (Vec<String>, String) {
    let profile = h.screen.profile().expect("an open profile");
    let (choices, selected) = form::level_choices(&profile.levels, &profile.form.price_level);
    (choices.iter().map(ToString::to_string).collect(), selected.to_string())
}

fn shown_level(h: &Harness) -> String {
    level_menu(h).1
}

/// Fifty customers and a book with two price levels, Retail then Wholesale.
fn with_levels(store: &mut Store) {
    fifty(store);
    store.add_price_level("Retail").unwrap();
    store.add_price_level("Wholesale").unwrap();
}

#[test]
fn the_price_level_and_the_action_are_picked_from_lists_and_saved() {
    let mut h = Harness::new(with_levels);
    h.tall = true;
    let first = h.screen.selected().expect("the first customer opens by itself");
    h.interact(|ui| click_last(ui, "Profile & contacts"));
    assert_eq!(shown_level(&h), "(from group)");

    // The level menu: (from group), Retail, Wholesale. The action menu: (from group), Off, Warn, Block.
    h.interact(|ui| pick(ui, &TextField::PriceLevel.id(), 2));
    h.interact(|ui| pick(ui, form::ON_EXCEED_ID, 1));
    assert!(h.screen.is_dirty());
    h.interact(|ui| ui.click("Save").map(|_| ()).expect("a Save button"));
    let stored = h.store.customer(first).unwrap().unwrap();
    assert_eq!((stored.price_level.as_str(), stored.on_exceed), ("Wholesale", Some(OnExceed::Off)));
    assert!(!h.screen.is_dirty());

    h.interact(|ui| pick(ui, form::ON_EXCEED_ID, 3));
    h.interact(|ui| ui.click("Save").map(|_| ()).unwrap());
    assert_eq!(h.store.customer(first).unwrap().unwrap().on_exceed, Some(OnExceed::Block));

    // Back to what the groups pass on: an empty level and no action of its own.
    h.interact(|ui| pick(ui, &TextField::PriceLevel.id(), 0));
    h.interact(|ui| pick(ui, form::ON_EXCEED_ID, 0));
    h.interact(|ui| ui.click("Save").map(|_| ()).unwrap());
    let stored = h.store.customer(first).unwrap().unwrap();
    assert_eq!((stored.price_level.as_str(), stored.on_exceed), ("", None));
}

#[test]
fn a_stored_level_the_book_lacks_is_kept_and_marked() {
    let mut h = Harness::new(|store| {
        with_levels(store);
        // First by name, so it opens by itself; "retail" is the book's Retail in another case.
        let gold = Customer { price_level: "Gold".into(), ..Customer::new("Aardvark Gold") };
        store.insert_customer(&gold).unwrap();
        let retail = Customer { price_level: "retail".into(), ..Customer::new("Aardvark Retail") };
        store.insert_customer(&retail).unwrap();
    });
    h.tall = true;
    let gold = h.customer_named("Aardvark Gold").unwrap().id;
    assert_eq!(h.screen.selected(), gold);
    h.interact(|ui| click_last(ui, "Profile & contacts"));
    assert_eq!(shown_level(&h), "Gold (not in the book)");
    let (choices, _) = level_menu(&h);
    assert_eq!(choices, ["(from group)", "Retail", "Wholesale", "Gold (not in the book)"]);

    // Another edit saves; the level nobody touched stays as it was.
    h.interact(|ui| pick(ui, form::ON_EXCEED_ID, 2));
    h.interact(|ui| ui.click("Save").map(|_| ()).unwrap());
    let stored = h.customer_named("Aardvark Gold").unwrap();
    assert_eq!((stored.price_level.as_str(), stored.on_exceed), ("Gold", Some(OnExceed::Warn)));

    // The menu offers the book's levels and the kept one last; picking a book level replaces it.
    h.interact(|ui| pick(ui, &TextField::PriceLevel.id(), 1));
    h.interact(|ui| ui.click("Save").map(|_| ()).unwrap());
    assert_eq!(h.customer_named("Aardvark Gold").unwrap().price_level, "Retail");

    // A level stored in another case is the book's own: shown as such, not marked.
    let retail = h.customer_named("Aardvark Retail").unwrap().id.unwrap();
    let action = h.screen.open(retail, &h.store);
    h.drive(action);
    assert_eq!(shown_level(&h), "Retail");
    assert_eq!(level_menu(&h).0, ["(from group)", "Retail", "Wholesale"]);
    assert!(!h.screen.is_dirty());
}

#[test]
fn a_save_over_another_clerks_change_is_refused_and_reload_shows_theirs() {
    let mut h = Harness::new(fifty);
    h.tall = true;
    let id = h.customer_named("Acme Trading").unwrap().id.unwrap();
    let action = h.screen.open(id, &h.store);
    h.drive(action);
    h.interact(|ui| click_last(ui, "Profile & contacts"));

    // Another clerk (another connection to the same book) saves the customer first.
    let mut other = Store::open(&h.path).unwrap();
    let mut theirs = other.customer(id).unwrap().unwrap();
    theirs.phone = "02-777-0000".into();
    other.update_customer(&theirs).unwrap();

    h.interact(|ui| type_into(ui, &TextField::Email.id(), "mine@acme.example"));
    h.interact(|ui| ui.click("Save").map(|_| ()).expect("a Save button"));

    let stored = h.store.customer(id).unwrap().unwrap();
    assert_eq!(stored.phone, "02-777-0000", "their change is kept");
    assert_eq!(stored.email, "", "the later save wrote nothing");
    let notice = h.screen.notice().map(|(_, m)| m.clone()).unwrap_or_default();
    assert!(notice.contains("after you opened it") && notice.contains("Reload"), "{notice}");
    assert!(h.screen.is_dirty(), "what the clerk typed is still on screen");

    h.interact(|ui| ui.click(clientele::ui::customers::RELOAD_BUTTON).map(|_| ()).expect("a reload button"));
    let profile = h.screen.profile().unwrap();
    assert_eq!(profile.form.phone, "02-777-0000", "the form shows their change");
    assert!(!h.screen.is_dirty());

    // Saved again from the reloaded form, the clerk's own change goes in over theirs.
    h.interact(|ui| type_into(ui, &TextField::Email.id(), "mine@acme.example"));
    h.interact(|ui| ui.click("Save").map(|_| ()).expect("a Save button"));
    let stored = h.store.customer(id).unwrap().unwrap();
    assert_eq!((stored.phone.as_str(), stored.email.as_str()), ("02-777-0000", "mine@acme.example"));
}
