//! UI tests of the Reports screen: requests run as the app runs them (own connection), results shown in the real view.

use chrono::NaiveDate;
use clientele::domain::customer::{Customer, Role};
use clientele::domain::item::Item;
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::Store;
use clientele::ui::reports::{Action, Kind, Message, Report, Reports};
use iced_test::Simulator;
use iced_test::selector::{self, Candidate};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::PathBuf;
use std::sync::Once;
use tempfile::TempDir;

fn software_renderer() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: set once, before any simulator (the only reader) is created.
        unsafe { std::env::set_var("ICED_TEST_BACKEND", "tiny-skia") };
    });
}

fn window<'a, M>(view: iced::Element<'a, M>) -> Simulator<'a, M> {
    software_renderer();
    Simulator::with_size(iced_test::core::Settings::default(), (1280.0, 800.0), view)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

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
    let line = |quantity: Decimal| VoucherLine {
        item_id: widget.id.unwrap(),
        item_code: String::new(),
        item_name: String::new(),
        unit: String::new(),
        quantity,
        unit_price: dec!(100),
        discount_pct: Decimal::ZERO,
        tax_rate: Decimal::ZERO,
    };
    let trade = |kind, customer, date: NaiveDate, due: NaiveDate, quantity| Voucher {
        due_date: Some(due),
        lines: vec![line(quantity)],
        ..Voucher::new(kind, customer, date)
    };
    store.save_voucher(&trade(VoucherKind::Sale, acme, day(2026, 1, 1), day(2026, 1, 31), dec!(2))).unwrap();
    store.save_voucher(&trade(VoucherKind::Sale, acme, day(2026, 3, 1), day(2026, 3, 31), dec!(1))).unwrap();
    store
        .save_voucher(&Voucher { amount: dec!(50), ..Voucher::new(VoucherKind::Collection, acme, day(2026, 2, 1)) })
        .unwrap();
    store.save_voucher(&trade(VoucherKind::Purchase, vendor, day(2026, 2, 1), day(2026, 3, 3), dec!(3))).unwrap();
    drop(store);
    Book { _dir: dir, path, reports: Reports::new(day(2026, 3, 15)) }
}

impl Book {
    /// Sends a message; a request it starts is run here, on its own connection, as the app's worker would.
    fn send(&mut self, message: Message) {
        if let Action::Run(request) = self.reports.update(message) {
            assert!(self.reports.is_working());
            assert!(self.shows("Working…"), "the screen says it is busy meanwhile");
            let loaded = request.run(&self.path);
            self.send(Message::Loaded(Box::new(loaded)));
        }
    }

    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) {
        let messages: Vec<Message> = {
            let mut ui = window(self.reports.view());
            act(&mut ui);
            ui.into_messages().collect()
        };
        messages.into_iter().for_each(|m| self.send(m));
    }

    fn texts(&self) -> Vec<String> {
        let mut ui = window(self.reports.view());
        let mut found = Vec::new();
        let _ = ui.find(|candidate: Candidate<'_>| {
            if let Candidate::Text { content, .. } = candidate {
                found.push(content.to_string());
            }
            None::<()>
        });
        found
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
