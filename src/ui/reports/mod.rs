//! The Reports screen: balances, ageing and one customer's ledger, each run on its own connection off the UI thread.
//!
//! `update` never reads the database: it returns `Action::Run(Request)`, the app runs
//! `Request::run` on a worker thread, and the result comes back as `Message::Loaded`.
//! Every request gets a number of its own; the report and the Ledger's customer suggestions each
//! wait for one number, so a result of a request superseded meanwhile is dropped, and a
//! suggestion is never taken for the report.

mod picker;
mod table;

use crate::domain::customer::Role;
use crate::domain::group::GroupAxis;
use crate::domain::ledger::{Ageing, AgeingEdges};
use crate::domain::money::Currency;
use crate::domain::search::SearchQuery;
use crate::store::{CustomerAgeing, CustomerBalance, CustomerLedger, ListRow, ReportFilter, Side, Store};
use crate::ui::customers::{GroupChoice, sentence};
use crate::ui::worker::Worker;
use chrono::NaiveDate;
use iced::Task;

pub use picker::SUGGESTIONS;
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
    /// A group drop-down changed: one value of an axis, or "All" of it.
    Group(GroupChoice),
    Person(String),
    AsOf(String),
    Side(Side),
    /// The Ledger's customer box changed: suggestions are searched for the text.
    Customer(String),
    /// A suggested customer was clicked: its code, whose ledger is then read.
    Pick(String),
    From(String),
    To(String),
    /// Run report, or Enter in a box. For the Ledger, the outlined suggestion if there is one, else the code as typed.
    Run,
    Loaded(Box<Loaded>),
    /// "Export…": the report the inputs describe, to an .xlsx file.
    Export,
    Scrolled {
        offset: f32,
        height: f32,
    },
}

pub enum Action {
    None,
    /// Run this on a worker thread with its own connection and send back `Message::Loaded`.
    Run(Request),
    /// Save this report as .xlsx (the app asks where).
    Export(crate::ui::export::Job),
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
    Ageing {
        side: Side,
        as_of: NaiveDate,
        filter: ReportFilter,
    },
    Ledger {
        code: String,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// The customers to suggest for what is typed in the Ledger's customer box.
    Suggest(SearchQuery),
}

/// What a request read: the rows, or a sentence saying why not.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub generation: u64,
    pub result: Result<Answer, String>,
}

/// A report for the table, or the customers for the suggestion box under the customer field.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Boxed: a report is large, and a list of suggestions small.
    Report(Box<Report>),
    Suggestions(Vec<ListRow>),
}

#[derive(Debug, Clone)]
pub enum Report {
    Balances {
        symbol: Currency,
        rows: Vec<CustomerBalance>,
    },
    Ageing {
        symbol: Currency,
        side: Side,
        as_of: NaiveDate,
        labels: [String; 4],
        rows: Vec<CustomerAgeing>,
        totals: Ageing,
    },
    Ledger {
        symbol: Currency,
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
    /// Reads the report on `store` (the window's worker connection, see [`Request::task`]).
    pub fn run(self, store: &Store) -> Loaded {
        Loaded { generation: self.generation, result: self.query.read(store).map_err(|e| sentence(&e)) }
    }

    /// Reads the report off the UI thread on the worker's connection; answers `Message::Loaded`.
    pub fn task(self, worker: &Worker) -> Task<Message> {
        let generation = self.generation;
        Task::perform(worker.run(move |store| self.run(store)), move |loaded| {
            Message::Loaded(Box::new(loaded.unwrap_or_else(|e| Loaded {
                generation,
                result: Err(sentence(&format!("The report could not be read: {e}"))),
            })))
        })
    }
}

impl Query {
    /// The export of this report, with the same filters; `None` for suggestions.
    pub fn job(self) -> Option<crate::ui::export::Job> {
        use crate::ui::export::Job;
        Some(match self {
            Query::Balances(filter) => Job::Balances(filter),
            Query::Ageing { side, as_of, filter } => Job::Ageing { side, as_of, filter },
            Query::Ledger { code, from, to } => Job::Ledger { code, from, to },
            Query::Suggest(_) => return None,
        })
    }

    fn read(self, store: &Store) -> Result<Answer, String> {
        let symbol = || store.company_settings().map(|s| s.currency).map_err(|e| e.to_string());
        let failed = |e: crate::store::StoreError| format!("The report could not be read: {e}");
        let report = match self {
            Query::Suggest(query) => {
                let rows = store.search(&query).map_err(|e| format!("The customers could not be searched: {e}"))?;
                return Ok(Answer::Suggestions(rows));
            }
            Query::Balances(filter) => {
                Report::Balances { symbol: symbol()?, rows: store.balances(&filter).map_err(failed)? }
            }
            Query::Ageing { side, as_of, filter } => {
                let edges: AgeingEdges = store.ageing_edges().map_err(failed)?;
                let rows = store.ageing(side, as_of, &filter).map_err(failed)?;
                let totals = ageing_totals(&rows);
                Report::Ageing { symbol: symbol()?, side, as_of, labels: edges.labels(), rows, totals }
            }
            Query::Ledger { code, from, to } => {
                let customer = store
                    .customer_by_code(&code)
                    .map_err(failed)?
                    .ok_or_else(|| format!("There is no customer with code \u{201c}{}\u{201d}.", code.trim()))?;
                let id = customer.id.ok_or_else(|| "The customer has no id.".to_string())?;
                let ledger = store.ledger(id, from, to, None).map_err(failed)?;
                Report::Ledger { symbol: symbol()?, code: customer.code, name: customer.name, ledger }
            }
        };
        Ok(Answer::Report(Box::new(report)))
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
    groups: picker::Groups,
    person: String,
    as_of: String,
    side: Side,
    customer: String,
    suggestions: picker::Suggestions,
    from: String,
    to: String,
    /// The last request number handed out; every request, report or suggestion, gets a new one.
    issued: u64,
    /// The report request whose answer is wanted: the screen is working while there is one.
    awaited: Option<u64>,
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
            groups: picker::Groups::default(),
            person: String::new(),
            as_of: today.format("%Y-%m-%d").to_string(),
            side: Side::Receivable,
            customer: String::new(),
            suggestions: picker::Suggestions::default(),
            from: String::new(),
            to: String::new(),
            issued: 0,
            awaited: None,
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
        self.awaited.is_some()
    }

    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The customers suggested under the Ledger's customer box, or `None` while it is closed.
    pub fn suggestions(&self) -> Option<&[ListRow]> {
        self.suggestions.is_open().then(|| self.suggestions.rows())
    }

    /// Takes the group axes as they are now (`Store::group_axes`), for the group drop-downs.
    /// A chosen value whose axis or value no longer exists is forgotten. Reads nothing itself:
    /// the app calls this when the tab is entered, then `refresh`, which reads with the filters left.
    /// Open suggestions are searched again by `refresh` too, so none stays from a group that is gone.
    pub fn set_axes(&mut self, axes: Vec<GroupAxis>) {
        self.groups.set_axes(axes);
    }

    /// Runs the current report again (e.g. when the tab is shown after vouchers were entered).
    /// While a customer is being picked for the Ledger, the suggestions are searched again instead.
    pub fn refresh(&mut self) -> Action {
        if self.kind == Kind::Ledger {
            if self.suggestions.is_open() {
                return self.suggest();
            }
            if self.customer.trim().is_empty() {
                return Action::None;
            }
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
                    self.awaited = None;
                    return self.refresh();
                }
                Action::None
            }
            Message::Role(role) => {
                self.role = role;
                self.run()
            }
            Message::Group(choice) => {
                self.groups.choose(choice);
                match self.kind {
                    // The ledger is of one customer, whatever its groups: the filter narrows the suggestions.
                    Kind::Ledger if self.suggestions.is_open() => self.suggest(),
                    Kind::Ledger => Action::None,
                    Kind::Balances | Kind::Ageing => self.run(),
                }
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
                self.suggest()
            }
            Message::Pick(code) => {
                self.customer = code;
                self.suggestions.close();
                self.run()
            }
            Message::From(text) => {
                self.from = text;
                Action::None
            }
            Message::To(text) => {
                self.to = text;
                Action::None
            }
            Message::Run => {
                if self.kind == Kind::Ledger {
                    if let Some(first) = self.suggestions.first() {
                        // The search ranks an exact code first, so a typed code still runs as typed.
                        self.customer = first.code.clone();
                    }
                    self.suggestions.close();
                }
                self.run()
            }
            Message::Loaded(loaded) => {
                if self.suggestions.awaits(loaded.generation) {
                    self.suggestions.take(loaded.result);
                } else if self.awaited == Some(loaded.generation) {
                    self.awaited = None;
                    self.offset = 0.0;
                    match loaded.result {
                        Ok(Answer::Report(report)) => {
                            self.report = Some(*report);
                            self.error = None;
                        }
                        // Only `suggest` asks for suggestions, and their number is never awaited here.
                        Ok(Answer::Suggestions(_)) => {}
                        Err(error) => {
                            self.report = None;
                            self.error = Some(error);
                        }
                    }
                }
                Action::None
            }
            Message::Export => match self.query() {
                Ok(query) => match query.job() {
                    Some(job) => Action::Export(job),
                    None => Action::None,
                },
                Err(problem) => {
                    self.error = Some(problem);
                    Action::None
                }
            },
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
            groups: self.groups.pairs(),
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
                    return Err("Enter the code or name of the customer whose ledger you want to see.".into());
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

    fn issue(&mut self) -> u64 {
        self.issued += 1;
        self.issued
    }

    fn run(&mut self) -> Action {
        match self.query() {
            Ok(query) => {
                let generation = self.issue();
                self.awaited = Some(generation);
                self.error = None;
                Action::Run(Request { generation, query })
            }
            Err(problem) => {
                self.error = Some(problem);
                Action::None
            }
        }
    }

    /// Searches the customers for what is typed in the customer box; an empty box closes the suggestions.
    fn suggest(&mut self) -> Action {
        let typed = self.customer.trim();
        if typed.is_empty() {
            self.suggestions.close();
            return Action::None;
        }
        let query = Query::Suggest(picker::Suggestions::query(typed, &self.groups));
        let generation = self.issue();
        self.suggestions.expect(generation);
        Action::Run(Request { generation, query })
    }
}

/// A date by the program's one date reader, or nothing for an empty box.
fn parse_date(text: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    crate::domain::date::read_date(text).map(Some).map_err(|problem| format!("{what}: {problem}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_before_anything_runs() {
        let mut reports = Reports::new(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        reports.update(Message::Kind(Kind::Ageing));
        reports.update(Message::AsOf("31/02/2026".into()));
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

    fn row(code: &str) -> ListRow {
        ListRow {
            id: 1,
            code: code.into(),
            name: "Acme".into(),
            role: Role::Customer,
            active: true,
            tax_id: String::new(),
            phone: String::new(),
            email: String::new(),
            person_in_charge: String::new(),
            city: String::new(),
            groups: Default::default(),
            custom: Default::default(),
        }
    }

    fn answer(generation: u64, result: Result<Answer, String>) -> Message {
        Message::Loaded(Box::new(Loaded { generation, result }))
    }

    #[test]
    fn suggestions_and_the_report_wait_for_their_own_answers() {
        let mut reports = Reports::new(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        reports.update(Message::Kind(Kind::Ledger));
        reports.update(Message::Customer("C-1".into()));
        let Action::Run(report) = reports.update(Message::Run) else { panic!("a typed code runs") };
        let Action::Run(older) = reports.update(Message::Customer("ac".into())) else { panic!("a search") };
        let Action::Run(newer) = reports.update(Message::Customer("acm".into())) else { panic!("a search") };
        assert!(matches!(newer.query, Query::Suggest(ref q) if q.text == "acm" && q.limit == SUGGESTIONS));

        reports.update(answer(older.generation, Ok(Answer::Suggestions(vec![row("OLD")]))));
        assert_eq!(reports.suggestions().map(<[ListRow]>::len), Some(0), "a superseded search is dropped");
        reports.update(answer(newer.generation, Ok(Answer::Suggestions(vec![row("C-1")]))));
        assert_eq!(reports.suggestions().unwrap()[0].code, "C-1");
        assert!(reports.is_working() && reports.report().is_none(), "a suggestion is not the report");

        reports.update(answer(report.generation, Err("The report could not be read.".into())));
        assert!(!reports.is_working());
        assert_eq!(reports.error(), Some("The report could not be read."));
        assert!(reports.suggestions().is_some(), "the report's answer leaves the suggestions open");

        // An empty box closes the suggestions and drops a search still running.
        let Action::Run(pending) = reports.update(Message::Customer("x".into())) else { panic!("a search") };
        reports.update(Message::Customer(" ".into()));
        reports.update(answer(pending.generation, Ok(Answer::Suggestions(vec![row("X")]))));
        assert!(reports.suggestions().is_none());
    }
}
