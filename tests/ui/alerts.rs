//! UI tests of the Alerts screen: the seed's rule typed into the editor and saved, "Who matches
//! now" run as the app runs it, a bad threshold refused, the inbox and a run's report, and a
//! reported customer opening its ledger.

use crate::screen_support::{click_text, messages, shows, sized, texts, type_into};
use chrono::{Datelike, Duration, Local, NaiveDate};
use clientele::alerts::{Checker, RecordingNotifier};
use clientele::domain::alerts::{Comparison, Measure, Period, Schedule};
use clientele::domain::customer::Customer;
use clientele::domain::item::Item;
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::Store;
use clientele::ui::alerts::{Action, Alerts, Message, Page, editor};
use iced_test::Simulator;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::PathBuf;
use tempfile::TempDir;

/// Tall enough to show the whole rule editor, as a clerk sees it after scrolling.
const TALL: (f32, f32) = (1280.0, 1700.0);

fn window<'a>(view: iced::Element<'a, Message>) -> Simulator<'a, Message> {
    sized(view, TALL)
}

struct Screen {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
    alerts: Alerts,
    /// What the last round asked of the app.
    actions: Vec<Action>,
}

/// This week's Monday (or today, early in the week) for sales the "this week" period counts.
fn this_week() -> NaiveDate {
    let today = Local::now().date_naive();
    today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
}

/// Acme sold 12,000 and Brightline 25,000 this week; Cobalt 500.
fn screen() -> Screen {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("book.db");
    let mut store = Store::open(&path).unwrap();
    let item = store.add_item(&Item::new("W", "Widget")).unwrap();
    for (name, amount) in [("Acme", dec!(12000)), ("Brightline", dec!(25000)), ("Cobalt", dec!(500))] {
        let id = store.insert_customer(&Customer::new(name)).unwrap().id;
        let mut sale = Voucher::new(VoucherKind::Sale, id, this_week());
        sale.lines = vec![VoucherLine {
            item_id: item.id.unwrap(),
            item_code: item.code.clone(),
            item_name: item.name.clone(),
            unit: String::new(),
            quantity: Decimal::ONE,
            unit_price: amount,
            discount_pct: Decimal::ZERO,
            tax_rate: Decimal::ZERO,
            price_basis: None,
        }];
        store.save_voucher(&sale).unwrap();
    }
    let alerts = Alerts::new(&store).unwrap();
    Screen { _dir: dir, path, store, alerts, actions: Vec::new() }
}

impl Screen {
    /// Acts on the real view, then feeds every message through `update`, doing what the app
    /// does with previews (on a connection of their own) and keeping the other actions.
    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) {
        let sent = messages(window(self.alerts.view()), act);
        for message in sent {
            self.send(message);
        }
    }

    fn send(&mut self, message: Message) {
        match self.alerts.update(message, &mut self.store) {
            Action::Preview(rule) => {
                let found = clientele::ui::alerts::preview_result(&rule, &self.store);
                self.send(Message::Editor(editor::Message::Previewed(found)));
            }
            other => self.actions.push(other),
        }
    }

    fn texts(&self) -> Vec<String> {
        texts(&mut window(self.alerts.view()))
    }

    fn shows(&self, needle: &str) -> bool {
        shows(&mut window(self.alerts.view()), needle)
    }
}

/// Types the example into a new rule: Fridays 09:00 (the editor's default), sales this
/// week over 10,000, telling the CEO and the sales manager.
fn type_seed_rule(screen: &mut Screen) {
    screen.round(|ui| click_text(ui, "New rule…"));
    assert_eq!(screen.alerts.page(), Page::Editor);
    screen.round(|ui| {
        type_into(ui, editor::NAME_ID, "Big sellers this week");
        type_into(ui, editor::THRESHOLD_ID, "10,000");
        type_into(ui, "alert-recipient-role-0", "CEO");
        click_text(ui, "Add recipient");
    });
    screen.round(|ui| type_into(ui, "alert-recipient-role-1", "Sales manager"));
}

/// The seed rule saved through the editor and run once by a checker on its own connection, as
/// the window's checker would.
fn seed_rule_run() -> (Screen, clientele::store::AlertRun) {
    let mut screen = screen();
    type_seed_rule(&mut screen);
    screen.round(|ui| click_text(ui, "Save"));
    let rule_id = screen.store.alert_rules().unwrap()[0].rule.id.unwrap();
    let mut checker = Checker::new(Store::open(&screen.path).unwrap(), Box::new(RecordingNotifier::default()));
    let (run, _) = checker.run_now(rule_id, Local::now().naive_local()).unwrap();
    (screen, run)
}

#[test]
fn the_seed_rule_is_typed_previewed_and_saved() {
    let mut screen = screen();
    type_seed_rule(&mut screen);
    assert!(screen.shows("Sales count each sale's total including tax"), "the editor says what sales are");
    screen.round(|ui| click_text(ui, "Who matches now"));
    assert!(screen.shows("2 customers match now"), "{:?}", screen.texts());
    let shown = screen.texts();
    let brightline = shown.iter().position(|t| t == "Brightline").expect("Brightline listed");
    let acme = shown.iter().position(|t| t == "Acme").expect("Acme listed");
    assert!(brightline < acme, "biggest first");
    assert!(!shown.iter().any(|t| t == "Cobalt"), "500 is not over 10,000");
    assert!(screen.store.alert_rules().unwrap().is_empty(), "a preview saves nothing");

    screen.round(|ui| click_text(ui, "Save"));
    let rules = screen.store.alert_rules().unwrap();
    assert_eq!(rules.len(), 1, "{:?}", screen.texts());
    let rule = &rules[0].rule;
    assert_eq!((rule.measure, rule.comparison, rule.threshold), (Measure::Sales, Comparison::Greater, dec!(10000)));
    assert_eq!(rule.period, Period::ThisWeek);
    assert_eq!(rule.schedule, Schedule::parse("weekly:fri@09:00").unwrap());
    let roles: Vec<&str> = rule.recipients.iter().map(|r| r.role.as_str()).collect();
    assert_eq!(roles, ["CEO", "Sales manager"]);
    assert_eq!(screen.alerts.page(), Page::Rules);
    assert!(screen.shows("sales this week over $10,000.00"), "{:?}", screen.texts());
}

#[test]
fn a_rule_that_is_not_one_yet_says_why_and_saves_nothing() {
    let mut screen = screen();
    screen.round(|ui| click_text(ui, "New rule…"));
    screen.round(|ui| {
        type_into(ui, editor::THRESHOLD_ID, "ten thousand");
        type_into(ui, "alert-rule-time", "9 o'clock");
        click_text(ui, "Save");
    });
    assert!(screen.shows("Write the threshold as a number"), "{:?}", screen.texts());
    assert!(screen.shows("is not a time of day"), "{:?}", screen.texts());
    assert!(screen.shows("A rule needs a name"), "{:?}", screen.texts());
    assert!(screen.store.alert_rules().unwrap().is_empty());
    assert_eq!(screen.alerts.page(), Page::Editor, "the form stays open with what was typed");
}

#[test]
fn a_run_shows_in_the_inbox_and_its_report_opens_a_customer() {
    let (mut screen, run) = seed_rule_run();
    let event = clientele::alerts::CheckerEvent::Ran(Box::new(run.clone()));
    screen.send(Message::Checker(event));
    assert_eq!(screen.alerts.unread(), 1);

    screen.round(|ui| click_text(ui, "Inbox (1 new)"));
    assert!(screen.shows("Big sellers this week: sales this week over $10,000.00"), "{:?}", screen.texts());
    assert!(screen.shows("2 customers"));
    screen.round(|ui| click_text(ui, "Big sellers this week: sales this week over $10,000.00"));
    assert_eq!(screen.alerts.page(), Page::Report);
    assert_eq!(screen.alerts.unread(), 0, "opening a run reads it");
    assert!(screen.shows("$25,000.00") && screen.shows("$12,000.00"), "{:?}", screen.texts());

    screen.actions.clear();
    screen.round(|ui| click_text(ui, "Brightline"));
    let brightline = screen.store.customer_by_code("C000002").unwrap().unwrap().id.unwrap();
    assert!(matches!(screen.actions.as_slice(), [Action::OpenCustomer(id)] if *id == brightline));
    screen.actions.clear();
    screen.round(|ui| click_text(ui, "Export…"));
    assert!(matches!(screen.actions.as_slice(), [Action::Export(id)] if *id == run.id));
}

#[test]
fn rules_switch_off_and_delete_with_a_question() {
    let mut screen = screen();
    type_seed_rule(&mut screen);
    screen.round(|ui| click_text(ui, "Save"));
    let id = screen.store.alert_rules().unwrap()[0].rule.id.unwrap();
    screen.send(Message::Enable(id, false));
    assert!(!screen.store.alert_rule(id).unwrap().enabled);
    assert!(screen.shows("off"));
    screen.round(|ui| click_text(ui, "Delete"));
    assert!(screen.shows("Its runs stay in the inbox"), "{:?}", screen.texts());
    assert_eq!(screen.store.alert_rules().unwrap().len(), 1, "asked first");
    screen.round(|ui| click_text(ui, "Keep"));
    assert_eq!(screen.store.alert_rules().unwrap().len(), 1);
    screen.round(|ui| click_text(ui, "Delete"));
    // The question replaces the card's buttons: its Delete is the only one.
    screen.round(|ui| click_text(ui, "Delete"));
    assert!(screen.store.alert_rules().unwrap().is_empty());
}

#[test]
fn open_report_on_a_notification_brings_the_run_up_on_the_alerts_tab() {
    use clientele::ui::app::{self, App, Tab};
    let (screen, run) = seed_rule_run();
    let (mut window_app, _) = App::new(Store::open(&screen.path).unwrap(), screen.path.clone());
    assert!(shows(&mut sized(window_app.view(), TALL), "Alerts (1)"), "the tab counts the unread run");
    let _ = window_app.update(app::Message::OpenRun(run.id));
    assert_eq!(window_app.tab(), Tab::Alerts);
    let alerts = window_app.alerts().unwrap();
    assert_eq!(alerts.report().map(|r| r.run.id), Some(run.id));
    assert_eq!(alerts.unread(), 0);
    assert!(!shows(&mut sized(window_app.view(), TALL), "Alerts (1)"));
}

#[test]
fn a_second_start_with_open_run_opens_the_report_in_this_window() {
    use clientele::instance::{self, Claim, Request};
    use clientele::ui::app::{App, Tab};
    use clientele::ui::listeners::{Handover, later_starts};
    use iced::futures::{StreamExt, executor::block_on};
    let (screen, run) = seed_rule_run();
    let Ok(Claim::First(listener)) = instance::claim(&screen.path, Request::Show) else {
        panic!("no window holds this book yet");
    };
    let (mut window_app, _) = App::new(Store::open(&screen.path).unwrap(), screen.path.clone());
    let handover = Handover::serve(listener).unwrap();
    window_app.hear_later_starts(handover.clone());

    // What `clientele --db BOOK --open-run N` does when a window holds the book.
    let later = std::thread::spawn({
        let path = screen.path.clone();
        move || instance::claim(&path, Request::OpenRun(run.id))
    });
    let mut requests = later_starts(&handover);
    let message = block_on(requests.next()).expect("the request reaches the window");
    assert!(matches!(later.join().unwrap(), Ok(Claim::HandedOver)));
    let _ = window_app.update(message);
    assert_eq!(window_app.tab(), Tab::Alerts);
    assert_eq!(window_app.alerts().unwrap().report().map(|r| r.run.id), Some(run.id));
}
