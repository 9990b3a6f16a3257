//! UI tests of the Reports screen: requests run as the app runs them (own connection), results shown in the real view.

use crate::screen_support::{day, messages, texts, window};
use chrono::NaiveDate;
use clientele::domain::customer::{Customer, Role};
use clientele::domain::item::Item;
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::Store;
use clientele::ui::reports::{Action, Kind, Message, Query, Report, Reports};
use iced_test::Simulator;
use iced_test::core::keyboard::key::Named;
use iced_test::core::{Event, Point, mouse};
use iced_test::selector;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::PathBuf;
use tempfile::TempDir;

struct Book {
    _dir: TempDir,
    path: PathBuf,
    reports: Reports,
}

/// Acme bought 2 × 100 on 1 January (due 31 January) and 1 × 100 on 1 March (due 31 March), and paid 50;
/// Supplier Ltd sold us 3 × 100 on 1 February (due 3 March). Amounts carry no tax.
fn book() -> Book {
    let dir = TempDir::new().expect("a temporary folder");
    let path = dir.path().join("clientele.db");
    let mut store = Store::open(&path).expect("a new database");
    let acme = store.insert_customer(&Customer { code: "C-1".into(), ..Customer::new("Acme") }).unwrap().id;
    let vendor = store
        .insert_customer(&Customer { code: "V-1".into(), role: Role::Vendor, ..Customer::new("Supplier Ltd") })
        .unwrap()
        .id;
    let widget = store.add_item(&Item { sales_price: dec!(100), ..Item::new("W-1", "Widget") }).unwrap();
    let trade = |kind, customer, date, due, quantity| trade(widget.id.unwrap(), kind, customer, date, due, quantity);
    store.save_voucher(&trade(VoucherKind::Sale, acme, day(2026, 1, 1), day(2026, 1, 31), dec!(2))).unwrap();
    store.save_voucher(&trade(VoucherKind::Sale, acme, day(2026, 3, 1), day(2026, 3, 31), dec!(1))).unwrap();
    store
        .save_voucher(&Voucher { amount: dec!(50), ..Voucher::new(VoucherKind::Collection, acme, day(2026, 2, 1)) })
        .unwrap();
    store.save_voucher(&trade(VoucherKind::Purchase, vendor, day(2026, 2, 1), day(2026, 3, 3), dec!(3))).unwrap();
    drop(store);
    Book { _dir: dir, path, reports: Reports::new(day(2026, 3, 15)) }
}

/// A voucher of `quantity` × 100 of the item, without tax.
fn trade(item: i64, kind: VoucherKind, customer: i64, date: NaiveDate, due: NaiveDate, quantity: Decimal) -> Voucher {
    let line = VoucherLine {
        item_id: item,
        item_code: String::new(),
        item_name: String::new(),
        unit: String::new(),
        quantity,
        unit_price: dec!(100),
        discount_pct: Decimal::ZERO,
        tax_rate: Decimal::ZERO,
        price_basis: None,
    };
    Voucher { due_date: Some(due), lines: vec![line], ..Voucher::new(kind, customer, date) }
}

/// The book above with a Region axis: Acme is in Seoul, and a second Acme, "Acme Busan" (C-2), is in
/// Busan and bought 1 × 100 on 10 January (due 9 February). Supplier Ltd has no region.
fn grouped_book() -> Book {
    let mut b = book();
    let mut store = Store::open(&b.path).expect("the book");
    store.ensure_group("Region", "Seoul").unwrap();
    store.ensure_group("Region", "Busan").unwrap();
    let mut acme = store.customer_by_code("C-1").unwrap().expect("Acme");
    acme.groups.insert("Region".into(), "Seoul".into());
    store.update_customer(&acme).unwrap();
    let mut busan = Customer { code: "C-2".into(), ..Customer::new("Acme Busan") };
    busan.groups.insert("Region".into(), "Busan".into());
    let busan = store.insert_customer(&busan).unwrap().id;
    let widget = store.item_by_code("W-1").unwrap().expect("the widget").id.unwrap();
    store.save_voucher(&trade(widget, VoucherKind::Sale, busan, day(2026, 1, 10), day(2026, 2, 9), dec!(1))).unwrap();
    // As the app does when the Reports tab is entered.
    b.reports.set_axes(store.group_axes().unwrap());
    b
}

/// The Region drop-down's options in menu order: "All Region", then the values alphabetically.
const ALL_REGIONS: usize = 0;
const BUSAN: usize = 1;
const SEOUL: usize = 2;

/// Opens the drop-down wrapped in `#id` and clicks its option number `index`, as a clerk would:
/// the menu opens under the box, each option as tall as the closed box.
fn pick(ui: &mut Simulator<'_, Message>, id: &str, index: usize) {
    let bounds = ui.click(selector::id(id.to_string())).unwrap_or_else(|e| panic!("no drop-down {id}: {e}")).bounds();
    let option = Point::new(bounds.center_x(), bounds.y + bounds.height * (index as f32 + 1.5));
    ui.point_at(option);
    let moved = Event::Mouse(mouse::Event::CursorMoved { position: option });
    let _ = ui.simulate(std::iter::once(moved).chain(iced_test::simulator::click()));
}

impl Book {
    /// Sends a message; a request it starts is run here, on its own connection, as the app's worker would.
    fn send(&mut self, message: Message) {
        if let Action::Run(request) = self.reports.update(message) {
            if matches!(request.query, Query::Suggest(_)) {
                assert!(self.reports.suggestions().is_some(), "the suggestions are open while they are searched");
            } else {
                assert!(self.reports.is_working());
                assert!(self.shows("Working…"), "the screen says it is busy meanwhile");
            }
            let loaded = request.run(&Store::open(&self.path).unwrap());
            self.send(Message::Loaded(Box::new(loaded)));
        }
    }

    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) {
        let view = window(self.reports.view());
        messages(view, act).into_iter().for_each(|m| self.send(m));
    }

    fn texts(&self) -> Vec<String> {
        texts(&mut window(self.reports.view()))
    }

    fn shows(&self, needle: &str) -> bool {
        self.texts().iter().any(|t| t == needle)
    }

    /// The texts of the table line that starts with `first`, in column order.
    fn line(&self, first: &str) -> Vec<String> {
        let texts = self.texts();
        let start = texts.iter().position(|t| t == first).unwrap_or_else(|| panic!("no line {first}: {texts:?}"));
        texts[start..].to_vec()
    }
}

#[test]
fn balances_show_each_customer_and_the_totals() {
    let mut b = book();
    b.round(|ui| {
        ui.click("Run report").expect("the Run button");
    });
    let Some(Report::Balances { rows, .. }) = b.reports.report() else { panic!("balances were read") };
    assert_eq!(rows.len(), 2);
    assert_eq!(&b.line("C-1")[..5], ["C-1", "Acme", "$250.00", "$0.00", "$250.00"]);
    assert_eq!(&b.line("V-1")[..5], ["V-1", "Supplier Ltd", "$0.00", "$300.00", "-$300.00"]);
    assert_eq!(&b.line("Total of 2 lines")[..4], ["Total of 2 lines", "$250.00", "$300.00", "-$50.00"]);
    assert!(!b.reports.is_working());
}

#[test]
fn the_role_filter_narrows_the_balances() {
    let mut b = book();
    b.send(Message::Role(clientele::ui::reports::RoleChoice(Some(Role::Vendor))));
    let Some(Report::Balances { rows, .. }) = b.reports.report() else { panic!("balances were read") };
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["V-1"]);
}

#[test]
fn ageing_puts_open_amounts_in_their_buckets() {
    let mut b = book();
    b.round(|ui| {
        ui.click("Ageing").expect("the Ageing switch");
    });
    assert_eq!(b.reports.kind(), Kind::Ageing);
    // On 15 March the first sale (due 31 January) is 43 days late with 150 left after the 50 paid;
    // the second (due 31 March) is not due yet.
    for label in ["Not due", "1–30", "31–60", "61–90", "over 90", "Oldest overdue"] {
        assert!(b.shows(label), "column {label}");
    }
    assert_eq!(
        &b.line("C-1")[..9],
        ["C-1", "Acme", "$100.00", "$0.00", "$150.00", "$0.00", "$0.00", "$250.00", "43 days"]
    );
    assert!(!b.shows("V-1"), "vendors are not in the receivables");

    b.round(|ui| {
        ui.click("Payable").expect("the Payable switch");
    });
    assert_eq!(
        &b.line("V-1")[..9],
        ["V-1", "Supplier Ltd", "$0.00", "$300.00", "$0.00", "$0.00", "$0.00", "$300.00", "12 days"]
    );
    assert_eq!(
        &b.line("Total of 1 line")[..7],
        ["Total of 1 line", "$0.00", "$300.00", "$0.00", "$0.00", "$0.00", "$300.00"]
    );
}

#[test]
fn a_bad_date_is_a_sentence_and_runs_nothing() {
    let mut b = book();
    b.send(Message::Kind(Kind::Ageing));
    b.round(|ui| {
        ui.click(selector::id("report-as-of")).expect("the as-of box");
        let _ = ui.typewrite("x");
    });
    b.round(|ui| {
        ui.click("Run report").expect("the Run button");
    });
    assert!(b.reports.error().unwrap().contains("is not a date"));
    assert!(b.texts().iter().any(|t| t.contains("is not a date")));
}

#[test]
fn a_ledger_lists_the_customers_vouchers_with_a_running_balance() {
    let mut b = book();
    b.send(Message::Kind(Kind::Ledger));
    b.send(Message::Customer("C-9".into()));
    b.send(Message::Run);
    assert_eq!(b.reports.error(), Some("There is no customer with code \u{201c}C-9\u{201d}."));
    b.send(Message::Customer("C-1".into()));
    b.send(Message::Run);
    let Some(Report::Ledger { ledger, .. }) = b.reports.report() else { panic!("a ledger was read") };
    assert_eq!(ledger.entries.len(), 3);
    assert_eq!(ledger.closing, dec!(250));
    assert_eq!(&b.line("2026-02-01")[..1], ["2026-02-01"]);
    assert!(b.shows("$150.00"), "the running balance after the collection");
}

/// The codes of the lines of the report on screen, as the store returned them.
fn codes(b: &Book) -> Vec<String> {
    match b.reports.report() {
        Some(Report::Balances { rows, .. }) => rows.iter().map(|r| r.code.clone()).collect(),
        Some(Report::Ageing { rows, .. }) => rows.iter().map(|r| r.code.clone()).collect(),
        other => panic!("a balances or ageing report was expected, not {other:?}"),
    }
}

#[test]
fn a_group_filter_narrows_the_balances_to_that_groups_customers() {
    let mut b = grouped_book();
    assert!(b.shows("Region"), "a drop-down labelled with each axis, like the customer list's filters");
    b.round(|ui| pick(ui, "report-group:Region", BUSAN));
    assert_eq!(codes(&b), ["C-2"]);
    assert_eq!(&b.line("C-2")[..5], ["C-2", "Acme Busan", "$100.00", "$0.00", "$100.00"]);
    assert!(!b.shows("C-1") && !b.shows("V-1"), "customers of other regions or of none are left out");
    assert!(b.shows("Total of 1 line"));

    b.round(|ui| pick(ui, "report-group:Region", SEOUL));
    assert_eq!(codes(&b), ["C-1"]);
    assert_eq!(&b.line("C-1")[..5], ["C-1", "Acme", "$250.00", "$0.00", "$250.00"]);

    b.round(|ui| pick(ui, "report-group:Region", ALL_REGIONS));
    assert_eq!(codes(&b), ["C-1", "C-2", "V-1"]);

    // Settings renames Seoul: the choice of a value that is gone is forgotten, not left to match nobody.
    b.round(|ui| pick(ui, "report-group:Region", SEOUL));
    assert_eq!(codes(&b), ["C-1"]);
    let mut store = Store::open(&b.path).unwrap();
    let seoul = store.group_axes().unwrap()[0].values.iter().find(|v| v.name == "Seoul").unwrap().id;
    store.rename_group_value(seoul, "Seoul Metro").unwrap();
    b.reports.set_axes(store.group_axes().unwrap());
    let refresh = b.reports.refresh();
    let Action::Run(request) = refresh else { panic!("the report runs again") };
    b.send(Message::Loaded(Box::new(request.run(&Store::open(&b.path).unwrap()))));
    assert_eq!(codes(&b), ["C-1", "C-2", "V-1"]);
}

#[test]
fn a_group_filter_narrows_the_ageing_to_that_groups_customers() {
    let mut b = grouped_book();
    b.round(|ui| {
        ui.click("Ageing").expect("the Ageing switch");
    });
    assert_eq!(codes(&b), ["C-1", "C-2"], "both Acmes owe; the vendor is not in the receivables");
    b.round(|ui| pick(ui, "report-group:Region", BUSAN));
    assert_eq!(codes(&b), ["C-2"]);
    // Due 9 February, so 34 days late on 15 March: all of it in 31–60.
    assert_eq!(
        &b.line("C-2")[..9],
        ["C-2", "Acme Busan", "$0.00", "$0.00", "$100.00", "$0.00", "$0.00", "$100.00", "34 days"]
    );
    assert!(!b.shows("C-1"));
    assert_eq!(&b.line("Total of 1 line")[..3], ["Total of 1 line", "$0.00", "$0.00"]);

    b.round(|ui| pick(ui, "report-group:Region", SEOUL));
    assert_eq!(codes(&b), ["C-1"]);
    assert_eq!(
        &b.line("C-1")[..9],
        ["C-1", "Acme", "$100.00", "$0.00", "$150.00", "$0.00", "$0.00", "$250.00", "43 days"]
    );
    assert!(!b.shows("C-2"));
}

#[test]
fn typing_part_of_a_name_suggests_the_customer_and_a_click_runs_its_ledger() {
    let mut b = book();
    b.send(Message::Kind(Kind::Ledger));
    b.send(Message::Customer("C-1".into()));
    b.send(Message::Run);
    assert!(matches!(b.reports.report(), Some(Report::Ledger { code, .. }) if code == "C-1"));

    // Clear the box and type the start of the vendor's name, key by key, as a clerk would.
    b.round(|ui| {
        ui.click(selector::id("report-customer")).expect("the customer box");
        for _ in 0.."C-1".len() {
            let _ = ui.tap_key(Named::Backspace);
        }
        let _ = ui.typewrite("supp");
    });
    let suggested: Vec<(&str, &str)> =
        b.reports.suggestions().expect("open").iter().map(|r| (r.code.as_str(), r.name.as_str())).collect();
    assert_eq!(suggested, [("V-1", "Supplier Ltd")]);
    assert!(b.shows("Supplier Ltd"), "the suggestion is on screen");
    assert!(
        matches!(b.reports.report(), Some(Report::Ledger { code, .. }) if code == "C-1"),
        "a suggestion never replaces the report on screen"
    );

    b.round(|ui| {
        ui.click("Supplier Ltd").expect("the suggestion");
    });
    let Some(Report::Ledger { code, ledger, .. }) = b.reports.report() else { panic!("a ledger was read") };
    assert_eq!(code, "V-1");
    assert_eq!(ledger.entries.len(), 1, "the one purchase");
    assert_eq!(ledger.entries[0].date, day(2026, 2, 1));
    assert!(b.reports.suggestions().is_none(), "picking closes the suggestions");
    assert!(b.shows("Ledger of V-1 Supplier Ltd"));
    assert!(!b.shows("Supplier Ltd"), "the suggestion box is gone");
}

#[test]
fn the_suggestions_follow_the_group_filters_and_run_takes_the_first() {
    let mut b = grouped_book();
    b.send(Message::Kind(Kind::Ledger));
    b.round(|ui| pick(ui, "report-group:Region", BUSAN));
    b.round(|ui| {
        ui.click(selector::id("report-customer")).expect("the customer box");
        let _ = ui.typewrite("acme");
    });
    let suggested =
        |b: &Book| -> Vec<String> { b.reports.suggestions().expect("open").iter().map(|r| r.code.clone()).collect() };
    assert_eq!(suggested(&b), ["C-2"], "only the Acme in Busan");
    assert!(b.reports.report().is_none(), "nothing is run while typing");

    b.round(|ui| pick(ui, "report-group:Region", ALL_REGIONS));
    assert_eq!(suggested(&b), ["C-1", "C-2"], "both Acmes once the filter is cleared");

    // "acme" is no code, but Run report takes the outlined (first) suggestion.
    b.round(|ui| {
        ui.click("Run report").expect("the Run button");
    });
    assert_eq!(b.reports.error(), None);
    assert!(matches!(b.reports.report(), Some(Report::Ledger { code, .. }) if code == "C-1"));
}
