//! Ledger alerts on real databases: every measure against a reference computed from each
//! customer's raw ledger, the seed's example end to end, catch-up after downtime, two checkers
//! racing for one slot, notification words, and e-mail to an SMTP server the test runs itself.

use chrono::{Duration, Local, NaiveDate, NaiveDateTime};
use clap::Parser;
use clientele::alerts::mail::{MailSettings, Security};
use clientele::alerts::{Checker, RecordingNotifier};
use clientele::domain::alerts::DeliveryStatus;
use clientele::domain::alerts::{Comparison, Measure, Period, Recipient, Rule, Schedule, Scope, slot_instant};
use clientele::domain::customer::{Customer, Role};
use clientele::domain::item::Item;
use clientele::domain::terms::TermsSet;
use clientele::domain::voucher::{Voucher, VoucherKind, VoucherLine};
use clientele::store::{Side, Store};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Barrier, Mutex};

fn rule(measure: Measure, comparison: Comparison, threshold: Decimal, period: Period) -> Rule {
    Rule {
        id: None,
        name: format!("{measure} {comparison} {threshold}"),
        measure,
        comparison,
        threshold,
        period,
        scope: Scope::default(),
        schedule: Schedule::parse("daily@09:00").unwrap(),
        recipients: Vec::new(),
        enabled: true,
        notify_when_empty: false,
    }
}

/// A generated book: customers, vendors and ten years of vouchers, some voided.
fn generated_book(path: &Path) -> Store {
    let cli = clientele::cli::Cli::parse_from([
        "clientele",
        "--db",
        path.to_str().unwrap(),
        "demo",
        "--customers",
        "120",
        "--items",
        "15",
        "--vouchers",
        "4000",
    ]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut ctx = clientele::cli::Context {
        db: path.to_path_buf(),
        json: false,
        err_is_terminal: false,
        out: &mut out,
        err: &mut err,
    };
    clientele::cli::run(cli.command.unwrap(), &mut ctx).unwrap();
    let mut store = Store::open(path).unwrap();
    // Voided vouchers must not count: void every 7th voucher of a few customers.
    for id in 1..=30 {
        let ledger = store.ledger(id, None, None, None).unwrap();
        for entry in ledger.entries.iter().step_by(7) {
            if !entry.voided {
                store.void_voucher(&entry.number).unwrap();
            }
        }
    }
    // Credit limits, own and from a group, for "credit used %".
    store.ensure_group("Tier", "Gold").unwrap();
    store.set_group_terms("Tier", "Gold", &TermsSet { credit_limit: Some(dec!(5000)), ..TermsSet::default() }).unwrap();
    for id in 1..=40 {
        let mut customer = store.customer(id).unwrap().unwrap();
        if id % 2 == 0 {
            customer.credit_limit = Some(dec!(2500));
        } else {
            customer.credit_limit = None;
            customer.groups.insert("Tier".into(), "Gold".into());
        }
        store.update_customer(&customer).unwrap();
    }
    store
}

/// What a measure is for one customer, from its own ledger, voucher by voucher.
fn reference(store: &Store, customer: &Customer, rule: &Rule, today: NaiveDate) -> Option<Decimal> {
    let id = customer.id.unwrap();
    let entries: Vec<_> =
        store.ledger(id, None, None, None).unwrap().entries.into_iter().filter(|e| !e.voided).collect();
    let range = rule.period.range(today);
    let sum_kind = |kind: VoucherKind| -> Decimal {
        entries
            .iter()
            .filter(|e| e.kind == kind && e.date >= range.from && e.date <= range.to)
            .map(|e| e.debit.max(e.credit))
            .sum()
    };
    let receivable: Decimal = entries
        .iter()
        .map(|e| match e.kind {
            VoucherKind::Sale | VoucherKind::Opening => e.debit,
            VoucherKind::Collection => -e.credit,
            _ => Decimal::ZERO,
        })
        .sum();
    let payable: Decimal = entries
        .iter()
        .map(|e| match e.kind {
            VoucherKind::Purchase | VoucherKind::Opening => e.credit,
            VoucherKind::Payment => -e.debit,
            _ => Decimal::ZERO,
        })
        .sum();
    let sells = customer.role != Role::Vendor;
    let buys = customer.role != Role::Customer;
    match rule.measure {
        Measure::Sales if sells => Some(sum_kind(VoucherKind::Sale)),
        Measure::Collections if sells => Some(sum_kind(VoucherKind::Collection)),
        Measure::Purchases if buys => Some(sum_kind(VoucherKind::Purchase)),
        Measure::Payments if buys => Some(sum_kind(VoucherKind::Payment)),
        Measure::Receivable if sells => Some(receivable),
        Measure::Payable if buys => Some(payable),
        Measure::OverdueAmount | Measure::OverdueDays if sells => {
            let ageing = store.customer_ageing(id, Side::Receivable, today).unwrap();
            Some(match rule.measure {
                Measure::OverdueDays => Decimal::from(ageing.oldest_overdue_days.unwrap_or(0)),
                _ => ageing.overdue_total(),
            })
        }
        Measure::CreditUsedPct if sells => {
            let limit = customer.credit_limit.or(customer.groups.get("Tier").map(|_| dec!(5000)))?;
            (limit > Decimal::ZERO).then(|| (receivable * dec!(100) / limit).round_dp(1))
        }
        Measure::DaysSinceSale if sells => entries
            .iter()
            .filter(|e| e.kind == VoucherKind::Sale && e.date <= today)
            .map(|e| e.date)
            .max()
            .map(|last| Decimal::from((today - last).num_days())),
        _ => None,
    }
}

#[test]
fn every_measure_matches_a_reference_from_the_raw_vouchers() {
    let folder = tempfile::tempdir().unwrap();
    let store = generated_book(&crate::cli_support::fresh_location(folder.path()));
    let today = Local::now().date_naive();
    let customers: Vec<Customer> = (1..=120).filter_map(|id| store.customer(id).unwrap()).collect();
    let cases = [
        (Measure::Sales, Comparison::Greater, dec!(1000), Period::LastDays(365)),
        (Measure::Sales, Comparison::Less, dec!(500), Period::YearToDate),
        (Measure::Purchases, Comparison::AtLeast, dec!(1), Period::LastDays(720)),
        (Measure::Collections, Comparison::Greater, dec!(0), Period::LastMonth),
        (Measure::Payments, Comparison::Greater, dec!(0), Period::LastDays(1000)),
        (Measure::Receivable, Comparison::Greater, dec!(2000), Period::ThisWeek),
        (Measure::Payable, Comparison::AtMost, dec!(100), Period::ThisWeek),
        (Measure::OverdueAmount, Comparison::Greater, dec!(0), Period::ThisWeek),
        (Measure::OverdueDays, Comparison::AtLeast, dec!(30), Period::ThisWeek),
        (Measure::CreditUsedPct, Comparison::Greater, dec!(50), Period::ThisWeek),
        (Measure::DaysSinceSale, Comparison::Greater, dec!(60), Period::ThisWeek),
    ];
    let mut nonempty = 0;
    for (measure, comparison, threshold, period) in cases {
        let rule = rule(measure, comparison, threshold, period);
        let found = store.evaluate_alert(&rule, today).unwrap();
        let got: HashMap<String, Decimal> = found.matches.iter().map(|m| (m.code.clone(), m.value)).collect();
        let expected: HashMap<String, Decimal> = customers
            .iter()
            .filter_map(|c| reference(&store, c, &rule, today).map(|v| (c.code.clone(), v)))
            .filter(|(_, value)| rule.matches(*value))
            .collect();
        assert_eq!(got, expected, "{}", rule.condition(&clientele::domain::money::Currency::default()));
        assert_eq!(found.period.is_some(), measure.uses_period());
        nonempty += usize::from(!got.is_empty());
    }
    assert!(nonempty >= 8, "the generated book should make most rules find someone ({nonempty} did)");
}

#[test]
fn the_scope_narrows_by_group_person_role_and_activity() {
    let mut store = crate::test_book().unwrap();
    store.add_item(&Item::new("W", "Widget")).unwrap();
    let mut ids = Vec::new();
    for (name, region, person, active, role) in [
        ("North Kim", "North", "Kim", true, Role::Customer),
        ("North Lee", "North", "Lee", true, Role::Both),
        ("South Kim", "South", "Kim", true, Role::Customer),
        ("North idle", "North", "Kim", false, Role::Customer),
    ] {
        let mut customer = Customer { person_in_charge: person.into(), active, role, ..Customer::new(name) };
        customer.groups.insert("Region".into(), region.into());
        store.ensure_group("Region", region).unwrap();
        ids.push(store.insert_customer(&customer).unwrap().id);
    }
    let today = Local::now().date_naive();
    for (id, customer) in ids.iter().zip(["North Kim", "North Lee", "South Kim", "North idle"]) {
        if customer == "North idle" {
            // Sold before it was made inactive.
            let mut idle = store.customer(*id).unwrap().unwrap();
            idle.active = true;
            store.update_customer(&idle).unwrap();
            store.save_voucher(&sale(&store, *id, today, dec!(100))).unwrap();
            idle.active = false;
            store.update_customer(&idle).unwrap();
        } else {
            store.save_voucher(&sale(&store, *id, today, dec!(100))).unwrap();
        }
    }
    let mut north = rule(Measure::Sales, Comparison::Greater, dec!(0), Period::ThisWeek);
    north.scope.groups.insert("Region".into(), "North".into());
    let names = |rule: &Rule| -> Vec<String> {
        let mut names: Vec<String> =
            store.evaluate_alert(rule, today).unwrap().matches.into_iter().map(|m| m.name).collect();
        names.sort();
        names
    };
    assert_eq!(names(&north), ["North Kim", "North Lee", "North idle"]);
    north.scope.active_only = true;
    assert_eq!(names(&north), ["North Kim", "North Lee"]);
    north.scope.person_in_charge = "kim".into();
    assert_eq!(names(&north), ["North Kim"]);
    let mut both = rule(Measure::Sales, Comparison::Greater, dec!(0), Period::ThisWeek);
    both.scope.role = "both".into();
    assert_eq!(names(&both), ["North Lee"]);
    let mut unknown = north.clone();
    unknown.scope.groups.insert("Region".into(), "West".into());
    let refused = store.save_alert_rule(&unknown).unwrap_err();
    assert!(refused.to_string().contains("West"), "{refused}");
}

fn sale(store: &Store, customer: i64, date: NaiveDate, amount: Decimal) -> Voucher {
    let item = store.item_by_code("W").unwrap().unwrap();
    let mut sale = Voucher::new(VoucherKind::Sale, customer, date);
    sale.lines = vec![VoucherLine {
        item_id: item.id.unwrap(),
        item_code: item.code,
        item_name: item.name,
        unit: String::new(),
        quantity: Decimal::ONE,
        unit_price: amount,
        discount_pct: Decimal::ZERO,
        tax_rate: Decimal::ZERO,
        price_basis: None,
    }];
    sale
}

/// The first Friday 09:00 (local) after the rule exists, and a book selling this week before it.
fn seed_book(path: &Path) -> (Store, i64, NaiveDateTime) {
    let mut store = Store::open(path).unwrap();
    store.add_item(&Item::new("W", "Widget")).unwrap();
    let schedule = Schedule::parse("weekly:fri@09:00").unwrap();
    let friday = schedule.next_slot_after(Local::now().naive_local()).unwrap();
    let monday = friday.date() - Duration::days(4);
    for (name, amounts) in [
        ("Acme", vec![dec!(6000), dec!(4000.01)]),
        ("Brightline", vec![dec!(25000)]),
        ("Cobalt", vec![dec!(10000)]),
        ("Delta", vec![dec!(12000)]),
        ("Echo", vec![dec!(11000)]),
    ] {
        let id = store.insert_customer(&Customer::new(name)).unwrap().id;
        for amount in amounts {
            store.save_voucher(&sale(&store, id, monday, amount)).unwrap();
        }
    }
    // Last week's sale is not this week's.
    let acme = store.customer_by_code("C000001").unwrap().unwrap().id.unwrap();
    store.save_voucher(&sale(&store, acme, monday - Duration::days(1), dec!(90000))).unwrap();
    let seed = Rule {
        id: None,
        name: "Big sellers this week".into(),
        measure: Measure::Sales,
        comparison: Comparison::Greater,
        threshold: dec!(10000),
        period: Period::ThisWeek,
        scope: Scope::default(),
        schedule,
        recipients: vec![Recipient::parse("Kim|CEO").unwrap(), Recipient::parse("Lee|Sales manager").unwrap()],
        enabled: true,
        notify_when_empty: false,
    };
    let id = store.save_alert_rule(&seed).unwrap();
    (store, id, friday)
}

fn at(local: NaiveDateTime) -> chrono::DateTime<Local> {
    slot_instant(&Local, local)
}

#[test]
fn the_seed_example_runs_on_friday_and_tells_once() {
    let folder = tempfile::tempdir().unwrap();
    let (store, rule_id, friday) = seed_book(&crate::cli_support::fresh_location(folder.path()));
    let notifier = RecordingNotifier::default();
    let mut checker = Checker::new(store, Box::new(notifier.clone()));

    let (early, _) = checker.tick(&at(friday - Duration::minutes(1)));
    assert!(early.is_empty(), "not before 09:00: {early:?}");
    let (runs, problems) = checker.tick(&at(friday + Duration::seconds(20)));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!((run.rule_id, run.slot, run.late), (Some(rule_id), Some(friday), false));
    assert_eq!(run.period.map(|p| (p.from, p.to)), Some((friday.date() - Duration::days(4), friday.date())));
    let report = checker.store().alert_report(run.id).unwrap();
    let found: Vec<(&str, Decimal)> = report.matches.iter().map(|m| (m.name.as_str(), m.value)).collect();
    assert_eq!(
        found,
        [("Brightline", dec!(25000)), ("Delta", dec!(12000)), ("Echo", dec!(11000)), ("Acme", dec!(10000.01))]
    );
    assert_eq!(report.run.threshold, dec!(10000));

    let told = notifier.notices();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].run_id, run.id);
    assert_eq!(told[0].notice.summary, "4 customers: sales this week over $10,000.00");
    assert_eq!(
        told[0].notice.body,
        "C000002 Brightline — $25,000.00\nC000004 Delta — $12,000.00\nC000005 Echo — $11,000.00\nand 1 more"
    );
    assert!(checker.store().alert_run(run.id).unwrap().notified_at.is_some());
    assert_eq!(checker.store().unread_alert_runs().unwrap(), 1);

    let (again, _) = checker.tick(&at(friday + Duration::seconds(50)));
    assert!(again.is_empty(), "the slot ran already");
    assert_eq!(notifier.notices().len(), 1);
}

#[test]
fn a_slot_missed_while_closed_runs_once_late_and_quiet_runs_raise_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let (store, _, friday) = seed_book(&crate::cli_support::fresh_location(folder.path()));
    let notifier = RecordingNotifier::default();
    let mut checker = Checker::new(store, Box::new(notifier.clone()));
    // Closed over two Fridays: only the latest runs, once, marked late.
    let monday_after = friday + Duration::days(10);
    let (runs, _) = checker.tick(&at(monday_after));
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0].slot, runs[0].late), (Some(friday + Duration::days(7)), true));
    assert_eq!(runs[0].match_count, 0, "that week sold nothing");
    assert!(notifier.notices().is_empty(), "no matches, no popup");
    assert_eq!(checker.store().unread_alert_runs().unwrap(), 0, "a quiet run is not news");
    assert!(checker.tick(&at(monday_after + Duration::minutes(1))).0.is_empty());
    // Runs by hand with matches are news until read, all at once.
    let rule_id = checker.store().alert_rules().unwrap()[0].rule.id.unwrap();
    for minutes in 0..3 {
        checker.run_now(rule_id, friday - Duration::hours(2) + Duration::minutes(minutes)).unwrap();
    }
    assert_eq!(checker.store().unread_alert_runs().unwrap(), 3);
    checker.store().mark_all_alert_runs_read().unwrap();
    assert_eq!(checker.store().unread_alert_runs().unwrap(), 0);
}

#[test]
fn four_checkers_on_four_pcs_run_a_slot_once() {
    let folder = tempfile::tempdir().unwrap();
    let path = crate::cli_support::fresh_location(folder.path());
    let (store, _, friday) = seed_book(&path);
    drop(store);
    let barrier = Arc::new(Barrier::new(4));
    let told = RecordingNotifier::default();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (path, barrier, told) = (path.clone(), barrier.clone(), told.clone());
            std::thread::spawn(move || {
                let mut checker = Checker::new(Store::open(&path).unwrap(), Box::new(told));
                barrier.wait();
                let (runs, problems) = checker.tick(&at(friday + Duration::seconds(5)));
                assert!(problems.is_empty(), "{problems:?}");
                runs.len()
            })
        })
        .collect();
    let ran: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(ran, 1);
    assert_eq!(told.notices().len(), 1);
    assert_eq!(Store::open(&path).unwrap().alert_runs(10).unwrap().len(), 1);
}

/// Four PCs share the book: the owner's (Kim, CEO), the sales manager's, and two clerks'. Each
/// runs its checker at Friday's slot: the rule runs once, and its popup appears on Kim's and the
/// sales manager's PCs only, once each; the clerks see the run in the inbox. A PC switched on
/// later (the sales manager's laptop) still shows it, once.
#[test]
fn the_friday_alert_runs_once_and_pops_up_on_the_owners_and_the_sales_managers_desks() {
    use clientele::domain::alerts::Desk;
    let folder = tempfile::tempdir().unwrap();
    let path = crate::cli_support::fresh_location(folder.path());
    let (store, _, friday) = seed_book(&path);
    drop(store);
    let desks = [
        ("owner-pc", Desk { name: "kim".into(), role: String::new() }),
        ("sales-pc", Desk { name: "Lee".into(), role: "sales manager".into() }),
        ("clerk-1", Desk { name: "Park".into(), role: "Clerk".into() }),
        ("clerk-2", Desk { name: "Choi".into(), role: "Clerk".into() }),
    ];
    let barrier = Arc::new(Barrier::new(desks.len()));
    let threads: Vec<_> = desks
        .iter()
        .cloned()
        .map(|(computer, desk)| {
            let (path, barrier) = (path.clone(), barrier.clone());
            std::thread::spawn(move || {
                let told = RecordingNotifier::default();
                let mut checker =
                    Checker::new(Store::open(&path).unwrap(), Box::new(told.clone())).at_desk(desk, computer);
                barrier.wait();
                let (runs, problems) = checker.tick(&at(friday + Duration::seconds(5)));
                assert!(problems.is_empty(), "{problems:?}");
                // The next wake-ups make no new run and show nothing again.
                let (again, _) = checker.tick(&at(friday + Duration::seconds(35)));
                assert!(again.is_empty());
                (computer, runs.len(), told.notices().len())
            })
        })
        .collect();
    let outcomes: Vec<(&str, usize, usize)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(outcomes.iter().map(|o| o.1).sum::<usize>(), 1, "one run in the office: {outcomes:?}");
    let shown: Vec<&str> = outcomes.iter().filter(|o| o.2 > 0).map(|o| o.0).collect();
    assert_eq!(shown.len(), 2, "{outcomes:?}");
    assert!(shown.contains(&"owner-pc") && shown.contains(&"sales-pc"), "{outcomes:?}");
    assert!(outcomes.iter().all(|o| o.2 <= 1), "once each: {outcomes:?}");

    let laptop = RecordingNotifier::default();
    let desk = Desk { name: String::new(), role: "Sales Manager".into() };
    let mut late = Checker::new(Store::open(&path).unwrap(), Box::new(laptop.clone())).at_desk(desk, "sales-laptop");
    late.tick(&at(friday + Duration::hours(3)));
    late.tick(&at(friday + Duration::hours(3) + Duration::seconds(30)));
    assert_eq!(laptop.notices().len(), 1, "a PC switched on later shows the run once");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.alert_runs(10).unwrap().len(), 1, "everyone's inbox holds the one run");
    assert!(store.alert_runs(10).unwrap()[0].notified_at.is_some());
}

#[test]
fn run_now_and_a_failing_notifier_are_recorded_on_the_run() {
    let folder = tempfile::tempdir().unwrap();
    let (store, rule_id, friday) = seed_book(&crate::cli_support::fresh_location(folder.path()));
    let broken = RecordingNotifier { fail_with: Some("no notification server".into()), ..Default::default() };
    let mut checker = Checker::new(store, Box::new(broken));
    let (run, problems) = checker.run_now(rule_id, friday - Duration::hours(30)).unwrap();
    assert_eq!(run.slot, None, "a run by hand claims no slot");
    assert_eq!(run.match_count, 4);
    assert_eq!(run.notify_error.as_deref(), Some("no notification server"));
    assert!(problems.iter().any(|p| p.contains("no notification server")), "{problems:?}");
    // The scheduled slot still runs: a run by hand does not use it up.
    assert_eq!(checker.tick(&at(friday)).0.len(), 1);
}

/// A minimal SMTP server on a free local port: accepts every message and keeps what it got.
fn smtp_server(replies_ok: bool) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let kept = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut writer = stream.try_clone().unwrap();
            let mut reader = BufReader::new(stream);
            let _ = writer.write_all(b"220 test ESMTP\r\n");
            let mut data = String::new();
            let mut in_data = false;
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                if in_data {
                    if line == ".\r\n" {
                        in_data = false;
                        kept.lock().unwrap().push(std::mem::take(&mut data));
                        let _ = writer.write_all(b"250 OK queued\r\n");
                    } else {
                        data.push_str(&line);
                    }
                } else {
                    let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-test\r\n250 8BITMIME\r\n",
                        "HELO" | "RSET" | "NOOP" => b"250 OK\r\n",
                        "MAIL" if !replies_ok => b"550 mailbox unavailable\r\n",
                        "MAIL" | "RCPT" => b"250 OK\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            let _ = writer.write_all(b"221 bye\r\n");
                            break;
                        }
                        _ => b"502 not here\r\n",
                    };
                    let _ = writer.write_all(reply);
                }
                line.clear();
            }
        }
    });
    (port, received)
}

#[test]
fn recipients_with_an_address_get_the_report_by_smtp_and_failures_are_retried() {
    let folder = tempfile::tempdir().unwrap();
    let (mut store, rule_id, friday) = seed_book(&crate::cli_support::fresh_location(folder.path()));
    let (port, received) = smtp_server(true);
    let mut rule = store.alert_rule(rule_id).unwrap();
    rule.recipients.push(Recipient::parse("Park|Accountant|park@example.com").unwrap());
    store.save_alert_rule(&rule).unwrap();
    let settings = MailSettings {
        host: "127.0.0.1".into(),
        port,
        security: Security::None,
        user: String::new(),
        from: "Clientele <office@example.com>".into(),
    };
    settings.save(&store, None).unwrap();
    let mut checker = Checker::new(store, Box::new(RecordingNotifier::default()));
    let (runs, problems) = checker.tick(&at(friday));
    assert!(problems.is_empty(), "{problems:?}");
    let report = checker.store().alert_report(runs[0].id).unwrap();
    assert_eq!(report.deliveries.len(), 1, "only Park has an address");
    assert_eq!(report.deliveries[0].status, DeliveryStatus::Sent);
    let mails = received.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("park@example.com"), "{}", mails[0]);
    assert!(mails[0].contains("Big sellers this week"), "{}", mails[0]);
    assert!(mails[0].contains(&format!("alert-{}.xlsx", runs[0].id)), "the report is attached");

    // A server that refuses: the failure is kept on the run and tried again later, not at once.
    let (refusing, _) = smtp_server(false);
    MailSettings { port: refusing, ..settings }.save(checker.store(), None).unwrap();
    let (run, problems) = checker.run_now(rule_id, friday + Duration::minutes(1)).unwrap();
    assert!(problems.iter().any(|p| p.contains("park@example.com")), "{problems:?}");
    assert_eq!(run.mail_waiting, 1);
    assert!(run.mail_error.as_deref().is_some_and(|e| e.contains("refused")), "{:?}", run.mail_error);
    let later = friday + Duration::minutes(1);
    assert!(checker.store().deliveries_to_send(later + Duration::seconds(30)).unwrap().is_empty());
    assert_eq!(checker.store().deliveries_to_send(later + Duration::minutes(2)).unwrap().len(), 1);
}

#[test]
fn a_deleted_rule_keeps_its_runs_and_reports_export() {
    let folder = tempfile::tempdir().unwrap();
    let (store, rule_id, friday) = seed_book(&crate::cli_support::fresh_location(folder.path()));
    let mut checker = Checker::new(store, Box::new(RecordingNotifier::default()));
    let (runs, _) = checker.tick(&at(friday));
    checker.store().delete_alert_rule(rule_id).unwrap();
    let kept = checker.store().alert_report(runs[0].id).unwrap();
    assert_eq!((kept.run.rule_id, kept.run.rule.name.as_str(), kept.matches.len()), (None, "Big sellers this week", 4));
    let file = folder.path().join("run.xlsx");
    let rows = clientele::exchange::export::export_alert_run(checker.store(), runs[0].id, &file).unwrap();
    assert_eq!(rows, 4);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "Matches").unwrap();
    assert_eq!(sheet.get_value((1, 1)).map(ToString::to_string).as_deref(), Some("Brightline"));
    assert_eq!(sheet.get_value((1, 2)), Some(&calamine::Data::Float(25000.0)));
}

#[test]
fn a_late_run_reports_on_the_week_it_was_due() {
    let folder = tempfile::tempdir().unwrap();
    let (store, _, friday) = seed_book(&crate::cli_support::fresh_location(folder.path()));
    let mut checker = Checker::new(store, Box::new(RecordingNotifier::default()));
    // Closed from Friday morning until Monday: Monday's "this week" would be a new, empty week.
    let (runs, _) = checker.tick(&at(friday + Duration::days(3)));
    assert_eq!((runs[0].slot, runs[0].late), (Some(friday), true));
    assert_eq!(runs[0].period.map(|p| p.to), Some(friday.date()));
    assert_eq!(runs[0].match_count, 4, "Friday's week, as the owner would have seen it on time");
}

#[test]
fn switching_a_rule_back_on_starts_its_count_again_so_missed_times_stay_missed() {
    let folder = tempfile::tempdir().unwrap();
    let (store, rule_id, _) = seed_book(&crate::cli_support::fresh_location(folder.path()));
    let counts_from = |store: &Store| store.alert_rules().unwrap()[0].counts_from;
    let saved = counts_from(&store);
    // Stored times have whole seconds.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    store.set_alert_rule_enabled(rule_id, false).unwrap();
    assert_eq!(counts_from(&store), saved, "switching off does not move it");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    store.set_alert_rule_enabled(rule_id, true).unwrap();
    let switched_on = counts_from(&store);
    assert!(switched_on > saved, "{switched_on} after {saved}");
    // A slot between the two is not owed (the checker's `due` ignores slots before it counts).
    let schedule = Schedule::parse("daily@09:00").unwrap();
    let now = slot_instant(&Local, switched_on.date().and_hms_opt(23, 59, 0).unwrap());
    let owed = clientele::domain::alerts::due(&schedule, switched_on, &now);
    assert_eq!(
        owed.map(|d| d.slot < switched_on),
        if switched_on.time() <= chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap() { Some(false) } else { None }
    );
}

#[test]
fn the_checker_keeps_the_daily_copy_from_its_second_wake_up_once_a_day() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("book.db");
    drop(Store::open(&path).unwrap());
    let mut checker = Checker::new(Store::open(&path).unwrap(), Box::new(RecordingNotifier::default()));
    let daily = |checker: &Checker| {
        checker
            .store()
            .backups()
            .unwrap()
            .into_iter()
            .filter(|b| b.kind == clientele::domain::backup::BackupKind::Daily)
            .count()
    };
    let now = Local::now();
    let (_, problems) = checker.tick(&now);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(daily(&checker), 0, "the first wake-up leaves the day's copy to the window's start");
    let (_, problems) = checker.tick(&(now + Duration::seconds(30)));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(daily(&checker), 1, "a window left open, or clientele watch, makes the day's copy");
    checker.tick(&(now + Duration::seconds(60)));
    assert_eq!(daily(&checker), 1, "once a day");
}

/// The window starts the checker from an async task, inside iced's tokio runtime: a book on a
/// server, whose client runs a runtime of its own, must still open there (it used to panic with
/// "Cannot start a runtime from within a runtime"). Runs where `CLIENTELE_TEST_POSTGRES` is set.
#[test]
fn the_checker_starts_on_a_server_book_from_inside_the_windows_runtime() {
    if crate::cli_support::test_server().is_none() {
        return;
    }
    let location = crate::cli_support::fresh_location(Path::new("."));
    let runtime = iced::executor::Default::new().unwrap();
    let started = runtime.block_on(async {
        clientele::alerts::spawn_checker(location, Box::new(RecordingNotifier::default()), false, |_| true)
    });
    assert!(started.is_ok(), "{:?}", started.err());
}
