//! The Reports screen: balances, ageing and one customer's ledger, each run on its own connection off the UI thread.
//!
//! `update` never reads the database: it returns `Action::Run(Request)`, the app runs
//! `Request::run` on a worker thread, and the result comes back as `Message::Loaded`.
//! A generation number drops results of a request that was superseded meanwhile.

mod table;

use crate::domain::customer::Role;
use crate::domain::ledger::{Ageing, AgeingEdges};
use crate::store::{CustomerAgeing, CustomerBalance, CustomerLedger, ReportFilter, Side, Store};
use crate::ui::customers::sentence;
use chrono::NaiveDate;
use std::path::Path;

pub use table::{GUTTER, ROW_HEIGHT, gutter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Balances,
    Ageing,
    Ledger,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Balances, Kind::Ageing, Kind::Ledger];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Balances => "Balances",
            Kind::Ageing => "Ageing",
            Kind::Ledger => "Ledger",
        }
    }
}

/// The role filter's choices: every role, or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoleChoice(pub Option<Role>);

impl RoleChoice {
    pub const ALL: [RoleChoice; 4] = [
        RoleChoice(None),
        RoleChoice(Some(Role::Customer)),
        RoleChoice(Some(Role::Vendor)),
        RoleChoice(Some(Role::Both)),
    ];
}

impl std::fmt::Display for RoleChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            None => f.write_str("All roles"),
            Some(role) => write!(f, "{role}"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Kind(Kind),
    Role(RoleChoice),
    Person(String),
    AsOf(String),
    Side(Side),
    Customer(String),
    From(String),
    To(String),
    Run,
    Loaded(Box<Loaded>),
    Scrolled { offset: f32, height: f32 },
}

pub enum Action {
    None,
    /// Run this on a worker thread with its own connection and send back `Message::Loaded`.
    Run(Request),
}

/// One report to read, with everything it needs; `run` opens its own connection.
#[derive(Debug, Clone)]
pub struct Request {
    pub generation: u64,
    pub query: Query,
}

#[derive(Debug, Clone)]
pub enum Query {
    Balances(ReportFilter),
    Ageing { side: Side, as_of: NaiveDate, filter: ReportFilter },
    Ledger { code: String, from: Option<NaiveDate>, to: Option<NaiveDate> },
}

/// What a request read: the rows, or a sentence saying why not.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub generation: u64,
    pub result: Result<Report, String>,
}

#[derive(Debug, Clone)]
pub enum Report {
    Balances {
        symbol: String,
        rows: Vec<CustomerBalance>,
    },
    Ageing {
        symbol: String,
        side: Side,
        as_of: NaiveDate,
        labels: [String; 4],
        rows: Vec<CustomerAgeing>,
        totals: Ageing,
    },
    Ledger {
        symbol: String,
        code: String,
        name: String,
        ledger: CustomerLedger,
    },
}

impl Report {
    /// How many lines the table has (not counting totals).
    pub fn len(&self) -> usize {
        match self {
            Report::Balances { rows, .. } => rows.len(),
            Report::Ageing { rows, .. } => rows.len(),
            Report::Ledger { ledger, .. } => ledger.entries.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Request {
    /// Reads the report on a new connection to the database at `path`.
    pub fn run(self, path: &Path) -> Loaded {
        Loaded { generation: self.generation, result: self.query.read(path).map_err(|e| sentence(&e)) }
    }
}

impl Query {
    fn read(self, path: &Path) -> Result<Report, String> {
        let store = Store::open(path).map_err(|e| format!("The database could not be opened: {e}"))?;
        let symbol = store.company_settings().map_err(|e| e.to_string())?.currency_symbol;
        let failed = |e: crate::store::StoreError| format!("The report could not be read: {e}");
        match self {
            Query::Balances(filter) => Ok(Report::Balances { symbol, rows: store.balances(&filter).map_err(failed)? }),
            Query::Ageing { side, as_of, filter } => {
                let edges: AgeingEdges = store.ageing_edges().map_err(failed)?;
                let rows = store.ageing(side, as_of, &filter).map_err(failed)?;
                let totals = ageing_totals(&rows);
                Ok(Report::Ageing { symbol, side, as_of, labels: edges.labels(), rows, totals })
            }
            Query::Ledger { code, from, to } => {
                let customer = store
                    .customer_by_code(&code)
                    .map_err(failed)?
                    .ok_or_else(|| format!("There is no customer with code \u{201c}{}\u{201d}.", code.trim()))?;
                let id = customer.id.ok_or_else(|| "The customer has no id.".to_string())?;
                let ledger = store.ledger(id, from, to, None).map_err(failed)?;
                Ok(Report::Ledger { symbol, code: customer.code, name: customer.name, ledger })
            }
        }
    }
}

/// The column sums of an ageing report; the oldest overdue is the oldest of all.
pub fn ageing_totals(rows: &[CustomerAgeing]) -> Ageing {
    let mut totals = Ageing::default();
    for row in rows {
        totals.not_due += row.ageing.not_due;
        for (sum, value) in totals.overdue.iter_mut().zip(row.ageing.overdue) {
            *sum += value;
        }
        totals.total += row.ageing.total;
        totals.unapplied += row.ageing.unapplied;
        totals.oldest_overdue_days = totals.oldest_overdue_days.max(row.ageing.oldest_overdue_days);
    }
    totals
}

pub struct Reports {
    kind: Kind,
    role: RoleChoice,
    person: String,
    as_of: String,
    side: Side,
    customer: String,
    from: String,
    to: String,
    generation: u64,
    working: bool,
    report: Option<Report>,
    error: Option<String>,
    offset: f32,
    viewport: f32,
}

impl Reports {
    /// A screen with today as the ageing date; nothing is read until a report is asked for.
    pub fn new(today: NaiveDate) -> Reports {
        Reports {
            kind: Kind::Balances,
            role: RoleChoice(None),
            person: String::new(),
            as_of: today.format("%Y-%m-%d").to_string(),
            side: Side::Receivable,
            customer: String::new(),
            from: String::new(),
            to: String::new(),
            generation: 0,
            working: false,
            report: None,
            error: None,
            offset: 0.0,
            viewport: 600.0,
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn is_working(&self) -> bool {
        self.working
    }

    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Runs the current report again (e.g. when the tab is shown after vouchers were entered).
    pub fn refresh(&mut self) -> Action {
        if self.kind == Kind::Ledger && self.customer.trim().is_empty() {
            return Action::None;
        }
        self.run()
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Kind(kind) => {
                if kind != self.kind {
                    self.kind = kind;
                    self.report = None;
                    self.error = None;
                    // A running request is for the old kind: its answer is dropped.
                    self.generation += 1;
                    self.working = false;
                    return self.refresh();
                }
                Action::None
            }
            Message::Role(role) => {
                self.role = role;
                self.run()
            }
            Message::Side(side) => {
                self.side = side;
                self.run()
            }
            Message::Person(text) => {
                self.person = text;
                Action::None
            }
            Message::AsOf(text) => {
                self.as_of = text;
                Action::None
            }
            Message::Customer(text) => {
                self.customer = text;
                Action::None
            }
            Message::From(text) => {
                self.from = text;
                Action::None
            }
            Message::To(text) => {
                self.to = text;
                Action::None
            }
            Message::Run => self.run(),
            Message::Loaded(loaded) => {
                if loaded.generation == self.generation {
                    self.working = false;
                    self.offset = 0.0;
                    match loaded.result {
                        Ok(report) => {
                            self.report = Some(report);
                            self.error = None;
                        }
                        Err(error) => {
                            self.report = None;
                            self.error = Some(error);
                        }
                    }
                }
                Action::None
            }
            Message::Scrolled { offset, height } => {
                self.offset = offset.max(0.0);
                self.viewport = height.max(ROW_HEIGHT);
                Action::None
            }
        }
    }

    fn filter(&self) -> ReportFilter {
        let person = self.person.trim();
        ReportFilter {
            groups: Vec::new(),
            role: self.role.0,
            person_in_charge: (!person.is_empty()).then(|| person.to_string()),
        }
    }

    /// The request the inputs describe, or a sentence on what to correct.
    pub fn query(&self) -> Result<Query, String> {
        match self.kind {
            Kind::Balances => Ok(Query::Balances(self.filter())),
            Kind::Ageing => {
                let as_of = parse_date(&self.as_of, "The as-of date")?
                    .ok_or_else(|| "Enter the as-of date, e.g. 2026-03-31.".to_string())?;
                Ok(Query::Ageing { side: self.side, as_of, filter: self.filter() })
            }
            Kind::Ledger => {
                let code = self.customer.trim();
                if code.is_empty() {
                    return Err("Enter the code of the customer whose ledger you want to see.".into());
                }
                let from = parse_date(&self.from, "The from date")?;
                let to = parse_date(&self.to, "The to date")?;
                if let (Some(from), Some(to)) = (from, to)
                    && from > to
                {
                    return Err("The from date is after the to date; swap them.".into());
                }
                Ok(Query::Ledger { code: code.to_string(), from, to })
            }
        }
    }

    fn run(&mut self) -> Action {
        match self.query() {
            Ok(query) => {
                self.generation += 1;
                self.working = true;
                self.error = None;
                Action::Run(Request { generation: self.generation, query })
            }
            Err(problem) => {
                self.error = Some(problem);
                Action::None
            }
        }
    }
}

/// `YYYY-MM-DD`, or nothing for an empty box.
fn parse_date(text: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| {
        format!("{what} \u{201c}{text}\u{201d} is not a date; write it as year-month-day, e.g. 2026-03-31.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_before_anything_runs() {
        let mut reports = Reports::new(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        reports.update(Message::Kind(Kind::Ageing));
        reports.update(Message::AsOf("31/03/2026".into()));
        assert!(matches!(reports.update(Message::Run), Action::None));
        assert!(reports.error().unwrap().contains("is not a date"));
        reports.update(Message::Kind(Kind::Ledger));
        assert!(matches!(reports.update(Message::Run), Action::None), "a ledger needs a customer");
        reports.update(Message::Customer("C-1".into()));
        reports.update(Message::From("2026-04-01".into()));
        reports.update(Message::To("2026-03-01".into()));
        assert!(matches!(reports.update(Message::Run), Action::None));
        assert!(reports.error().unwrap().contains("after the to date"));
    }

    #[test]
    fn a_superseded_answer_is_dropped() {
        let mut reports = Reports::new(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        let Action::Run(first) = reports.update(Message::Run) else { panic!("balances run at once") };
        let Action::Run(_second) = reports.update(Message::Run) else { panic!("and again") };
        reports.update(Message::Loaded(Box::new(Loaded { generation: first.generation, result: Err("old".into()) })));
        assert!(reports.is_working(), "the newer request is still awaited");
        assert_eq!(reports.error(), None);
    }
}
