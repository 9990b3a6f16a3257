//! The application: tabs, the first-start welcome, keyboard shortcuts, the import wizard and exports,
//! routing each screen's messages and its requests to the task its own module builds.

mod frame;
mod switch;

use crate::domain::import::fixed::ImportKind;
use crate::store::{Store, StoreError};
use crate::ui::alerts::{self, Alerts};
use crate::ui::closing;
use crate::ui::customers::trading::entry;
use crate::ui::customers::{self, Customers, list};
use crate::ui::export::{self, Job};
use crate::ui::import::{self, Import};
use crate::ui::items::{self, Items};
use crate::ui::listeners::{self, Handover, checker_events, later_starts};
use crate::ui::prices::{self, Prices};
use crate::ui::reports::{self, Reports};
use crate::ui::safety::{self, Safety};
use crate::ui::settings::{self, Settings};
use crate::ui::theme::{self, Tone};
use crate::ui::welcome::{self, Welcome};
use crate::ui::widgets;
use crate::ui::worker::Worker;
use iced::advanced::widget::Id;
use iced::widget::operation::snap_to_end;
use iced::widget::operation::{AbsoluteOffset, focus, move_cursor_to_end, scroll_to};
use iced::widget::{column, container, stack};
use iced::{Element, Length, Subscription, Task};
use std::path::PathBuf;

pub use crate::ui::keys::{Shortcut, list_may_take_keys, shortcut, window_shortcut};
use crate::ui::keys::{focus_field, focused_widget, next_field, previous_field};
use crate::ui::work::load_sample_task;
pub use crate::ui::work::{SAMPLE_CUSTOMERS, load_sample};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Customers,
    Items,
    Prices,
    Reports,
    Alerts,
    Settings,
}

#[derive(Clone)]
pub enum Message {
    Tab(Tab),
    Customers(customers::Message),
    Settings(settings::Message),
    Items(items::Message),
    Prices(prices::Message),
    Reports(reports::Message),
    Alerts(alerts::Message),
    /// "Open report" on a notification: bring the window forward on that run.
    OpenRun(i64),
    /// Clientele was started again on this book: come to the front.
    Raise,
    Import(import::Message),
    /// A file dropped on the window: taken as a spreadsheet to import.
    FileDropped(PathBuf),
    /// Where the clerk chose to save an export (`None`: the dialog was closed).
    ExportTo(Job, Option<PathBuf>),
    /// The export's sentence: what was saved where, or why nothing was.
    Exported(Result<String, String>),
    Welcome(welcome::Message),
    /// The start-up check and the day's copy, the closing copy, the damaged-book screen.
    Safety(safety::Message),
    SampleLoaded(Result<u64, StoreError>),
    Shortcut(Shortcut),
    /// The window's close button: unsaved changes are asked about first.
    CloseRequested,
    /// "Keep editing" in the close question.
    CloseCancelled,
    /// "Close without saving" in the close question: the window closes (after the Customers
    /// screen's own question, if it has unsaved work).
    CloseAnyway,
    /// A list key, once we know whether the list may take it (no form field has focus).
    Navigate(Shortcut, bool),
    /// Tab was pressed while this widget had focus.
    TabFrom(Option<Id>),
    DismissError,
}

pub struct App {
    store: Store,
    db_path: PathBuf,
    /// The one long-lived connection off the UI thread that answers the screens' reads.
    worker: Worker,
    tab: Tab,
    welcome: Option<Welcome>,
    loading_sample: bool,
    customers: Customers,
    settings: Result<Settings, String>,
    items: Result<Items, String>,
    prices: Result<Prices, String>,
    reports: Reports,
    alerts: Result<Alerts, String>,
    /// Whether the background checker runs (not in tests, which drive the views alone).
    checking: bool,
    /// Later starts of Clientele on this book, handing their requests to this window.
    handover: Option<Handover>,
    /// The import wizard, shown instead of the customer list while it is open.
    import: Option<Import>,
    /// The last export's outcome (or, at the start, an earlier crash), shown under the screen
    /// until dismissed.
    notice: Option<(Tone, String)>,
    /// Shown in the top bar; read again when Settings change it.
    company: String,
    error: Option<String>,
    /// The close question, while it is asked.
    closing: Option<closing::Unsaved>,
    /// The clerk chose to close without saving the other screens' work.
    close_confirmed: bool,
    safety: Safety,
}

impl App {
    /// The window's state for an open database, and the first list load.
    pub fn new(store: Store, db_path: PathBuf) -> (App, Task<Message>) {
        let mut error = None;
        let welcome = match store.needs_welcome() {
            Ok(true) => Some(Welcome::new(super::suggested_currency()).kept_at(&db_path)),
            Ok(false) => None,
            Err(e) => {
                error = Some(customers::sentence(&format!("The database could not be read: {e}")));
                None
            }
        };
        let (customers, action) = match Customers::new(&store) {
            Ok(pair) => pair,
            Err(e) => {
                error = Some(customers::sentence(&format!("The customer book could not be read: {e}")));
                empty_customers()
            }
        };
        let settings = Settings::new(&store).map_err(|e| customers::sentence(&e.to_string()));
        let items = Items::new(&store).map_err(|e| customers::sentence(&format!("The items could not be read: {e}")));
        let prices =
            Prices::new(&store).map_err(|e| customers::sentence(&format!("The prices could not be read: {e}")));
        let reports = Reports::new(chrono::Local::now().date_naive());
        let alerts = Alerts::new(&store);
        let company = store.company_settings().map(|s| s.company_name).unwrap_or_default();
        let notice = store.upgraded().map(|upgraded| (Tone::Info, format!("{}.", upgraded.sentence())));
        // A book on a share or in a synced folder is said at once, above any other trouble.
        let error = crate::paths::book_place(&db_path).warning(&db_path).or(error);
        let start = safety::start_task(db_path.clone()).map(Message::Safety);
        let mut app = App {
            store,
            worker: Worker::start(db_path.clone()),
            db_path,
            tab: Tab::Customers,
            welcome,
            loading_sample: false,
            customers,
            settings,
            items,
            prices,
            reports,
            alerts,
            checking: false,
            handover: None,
            import: None,
            notice,
            company,
            error,
            closing: None,
            close_confirmed: false,
            safety: Safety::default(),
        };
        let task = app.perform(action);
        (app, Task::batch([task, start]))
    }

    /// After a restore: every screen reads the restored book, as at a new start.
    fn reopen(&mut self, said: String) -> Task<Message> {
        let store = match Store::open(&self.db_path) {
            Ok(store) => store,
            Err(e) => {
                self.error = Some(customers::sentence(&format!("The restored book could not be opened: {e}")));
                return Task::none();
            }
        };
        let (fresh, task) = App::new(store, self.db_path.clone());
        let (checking, handover) = (self.checking, self.handover.take());
        *self = App { checking, handover, tab: Tab::Settings, notice: Some((Tone::Success, said)), ..fresh };
        task
    }

    pub fn safety(&self) -> &Safety {
        &self.safety
    }

    /// "Clientele — office.db", or "Clientele — office on server.lan": which book this window shows.
    pub fn title(&self) -> String {
        match settings::book::book_name(&self.store) {
            Some(book) => format!("Clientele — {book}"),
            None => "Clientele".to_string(),
        }
    }

    pub fn theme(&self) -> iced::Theme {
        theme::theme()
    }

    pub fn customers(&self) -> &Customers {
        &self.customers
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    pub fn is_welcoming(&self) -> bool {
        self.welcome.is_some()
    }

    /// The import wizard, while it is open.
    pub fn import(&self) -> Option<&Import> {
        self.import.as_ref()
    }

    /// The sentence under the screen: an export's outcome.
    pub fn notice(&self) -> Option<&(Tone, String)> {
        self.notice.as_ref()
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.settings.as_ref().ok()
    }

    pub fn alerts(&self) -> Option<&Alerts> {
        self.alerts.as_ref().ok()
    }

    /// Says that an earlier start stopped unexpectedly and where its report is, until dismissed.
    pub fn tell_crash(&mut self, crash: &crate::logging::CrashReport) {
        self.notice = Some((Tone::Warning, format!("{}.", crash.sentence())));
    }

    /// Runs the alert checker in the background while the window is open.
    pub fn start_checking(&mut self) {
        self.checking = true;
    }

    /// Takes the requests of later starts on this book (see `crate::instance`).
    pub fn hear_later_starts(&mut self, handover: Handover) {
        self.handover = Some(handover);
    }

    /// Where later starts on this window's book are heard, when the window holds its name.
    pub fn handover(&self) -> Option<&Handover> {
        self.handover.as_ref()
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Tab(tab) => {
                if tab != self.tab {
                    self.customers.leave();
                }
                if tab == Tab::Customers
                    && self.tab == Tab::Customers
                    && self.import.as_ref().is_some_and(|wizard| !wizard.is_working())
                {
                    // "Customers" while the wizard stands over the list goes back to the list;
                    // a wizard still reading or writing stays, since leaving would lose that work.
                    self.import = None;
                    return self.perform(self.customers.restore_scroll());
                }
                if tab == Tab::Settings
                    && let Ok(settings) = &mut self.settings
                {
                    // Usage counts shown there change as customers are edited here.
                    settings.refresh(&self.store);
                }
                if tab == Tab::Items
                    && let Ok(items) = &mut self.items
                {
                    items.refresh(&self.store);
                }
                if tab == Tab::Prices
                    && let Ok(prices) = &mut self.prices
                {
                    // Items, customers and group terms change on other tabs.
                    prices.refresh(&self.store);
                }
                if tab == Tab::Alerts
                    && let Ok(alerts) = &mut self.alerts
                {
                    alerts.refresh(&self.store);
                }
                let entering = self.tab != tab;
                self.tab = tab;
                if tab == Tab::Reports && entering {
                    // Group values and vouchers may have changed since the report was read.
                    if let Ok(axes) = self.store.group_axes() {
                        self.reports.set_axes(axes);
                    }
                    let action = self.reports.refresh();
                    return self.perform_report(action);
                }
                if tab == Tab::Customers && entering && self.import.is_none() {
                    return self.perform(self.customers.restore_scroll());
                }
                Task::none()
            }
            Message::Items(message) => {
                let Ok(items) = &mut self.items else { return Task::none() };
                match items.update(message, &mut self.store) {
                    items::Action::Export => self.export(Job::Items),
                    items::Action::Import => self.open_import(ImportKind::Items),
                    items::Action::None | items::Action::Changed => Task::none(),
                }
            }
            Message::Import(message) => {
                let Some(wizard) = &mut self.import else { return Task::none() };
                let action = wizard.update(message);
                self.perform_import(action)
            }
            Message::FileDropped(path) => {
                if self.welcome.is_some() {
                    return Task::none();
                }
                self.tab = Tab::Customers;
                let wizard = self.import.get_or_insert_with(Import::new);
                if !wizard.takes_files() {
                    return Task::none();
                }
                let action = wizard.update(import::Message::FilePicked(Some(path)));
                self.perform_import(action)
            }
            Message::ExportTo(_, None) => Task::none(),
            Message::ExportTo(job, Some(target)) => {
                self.notice = Some((Tone::Info, format!("Saving to {}…", export::with_xlsx(&target).display())));
                export::export_task(job, self.db_path.clone(), target).map(Message::Exported)
            }
            Message::Exported(result) => {
                self.notice = Some(match result {
                    Ok(done) => (Tone::Success, done),
                    Err(problem) => (Tone::Danger, problem),
                });
                Task::none()
            }
            Message::Prices(message) => {
                let Ok(prices) = &mut self.prices else { return Task::none() };
                match prices.update(message, &mut self.store) {
                    prices::Action::None => Task::none(),
                    prices::Action::Export => self.export(Job::Prices),
                    prices::Action::Import => self.open_import(ImportKind::Prices),
                    prices::Action::Changed => {
                        // Settings offers the levels to group values; keep its lists current.
                        if let Ok(settings) = &mut self.settings {
                            settings.refresh(&self.store);
                        }
                        Task::none()
                    }
                }
            }
            Message::Reports(message) => {
                let action = self.reports.update(message);
                self.perform_report(action)
            }
            Message::Alerts(message) => {
                let Ok(alerts) = &mut self.alerts else { return Task::none() };
                let action = alerts.update(message, &mut self.store);
                self.perform_alerts(action)
            }
            Message::OpenRun(id) => {
                self.tab = Tab::Alerts;
                if let Ok(alerts) = &mut self.alerts {
                    alerts.open_run(id, &self.store);
                }
                listeners::raise()
            }
            Message::Raise => listeners::raise(),
            Message::Customers(message) => {
                let action = self.customers.update(message, &mut self.store);
                self.perform(action)
            }
            Message::Settings(message) => {
                let Ok(settings) = &mut self.settings else { return Task::none() };
                match settings.update(message, &mut self.store) {
                    settings::Action::None => Task::none(),
                    settings::Action::Changed => self.settings_changed(),
                    settings::Action::SendTestMail(to) => {
                        settings::test_mail_task(self.db_path.clone(), to).map(Message::Settings)
                    }
                    settings::Action::UndoImport(batch) => {
                        settings::undo_import_task(self.db_path.clone(), batch).map(Message::Settings)
                    }
                    settings::Action::Backup(request) => request
                        .task(self.db_path.clone())
                        .map(|answer| Message::Settings(settings::Message::Backups(answer))),
                    settings::Action::Reopen(said) => self.reopen(said),
                    settings::Action::Book(request) => self.open_book(request),
                    settings::Action::SwitchBook(opened) => self.switch_book(opened),
                }
            }
            Message::Welcome(message) => {
                let Some(welcome) = &mut self.welcome else { return Task::none() };
                match welcome.update(message) {
                    welcome::Action::None => Task::none(),
                    welcome::Action::OpenServer => self.welcome_to_server(),
                    welcome::Action::LoadSample => {
                        if self.loading_sample {
                            return Task::none();
                        }
                        self.loading_sample = true;
                        self.error = None;
                        welcome.set_loading(true);
                        load_sample_task(self.db_path.clone()).map(Message::SampleLoaded)
                    }
                    welcome::Action::StartEmpty(currency) => match self.store.start_empty(&currency) {
                        Ok(()) => {
                            self.welcome = None;
                            self.tab = Tab::Customers;
                            self.settings = Settings::new(&self.store).map_err(|e| customers::sentence(&e.to_string()));
                            self.settings_changed()
                        }
                        Err(e) => {
                            welcome.set_error(Some(customers::sentence(&format!("Could not start: {e}"))));
                            Task::none()
                        }
                    },
                }
            }
            Message::Safety(message) => {
                let action = self.safety.update(message);
                // The start may have made the day's copy: Settings → Backups lists it.
                if let Ok(settings) = &mut self.settings {
                    settings.refresh_backups(&self.store);
                }
                self.perform_safety(action)
            }
            Message::SampleLoaded(result) => {
                self.loading_sample = false;
                match result {
                    Ok(_) => {
                        self.welcome = None;
                        self.tab = Tab::Customers;
                        self.settings = Settings::new(&self.store).map_err(|e| customers::sentence(&e.to_string()));
                        self.settings_changed()
                    }
                    Err(e) => {
                        let message = customers::sentence(&format!("The sample data could not be loaded: {e}"));
                        match &mut self.welcome {
                            Some(welcome) => welcome.set_error(Some(message)),
                            None => self.error = Some(message),
                        }
                        Task::none()
                    }
                }
            }
            Message::Shortcut(shortcut) => self.shortcut(shortcut),
            Message::CloseRequested => {
                if let Ok(prices) = &mut self.prices
                    && prices.hold_close()
                {
                    self.tab = Tab::Prices;
                    return Task::none();
                }
                if !self.close_confirmed
                    && let Some(unsaved) = self.unsaved_elsewhere()
                {
                    self.tab = unsaved.tab;
                    self.closing = Some(unsaved);
                    return Task::none();
                }
                self.tab = Tab::Customers;
                self.update(Message::Customers(customers::Message::Quit))
            }
            Message::CloseCancelled => {
                self.closing = None;
                Task::none()
            }
            Message::CloseAnyway => {
                self.closing = None;
                self.close_confirmed = true;
                self.update(Message::CloseRequested)
            }
            Message::Navigate(shortcut, allowed) => {
                if !allowed || self.tab != Tab::Customers || self.welcome.is_some() {
                    return Task::none();
                }
                let message = match shortcut {
                    Shortcut::Up => customers::Message::Step(-1),
                    Shortcut::Down => customers::Message::Step(1),
                    Shortcut::Enter => customers::Message::OpenCursor,
                    _ => return Task::none(),
                };
                self.update(Message::Customers(message))
            }
            Message::TabFrom(focused) => {
                let from_item = focused.as_ref().is_some_and(|id| *id == Id::new(entry::ITEM_ID));
                if self.tab != Tab::Customers || !from_item {
                    return next_field();
                }
                let pick = customers::Message::Trading(customers::trading::Message::Entry(entry::Message::ItemSubmit));
                match self.customers.update(pick, &mut self.store) {
                    customers::Action::None => next_field(),
                    action => self.perform(action),
                }
            }
            Message::DismissError => {
                self.error = None;
                self.notice = None;
                Task::none()
            }
        }
    }

    fn settings_changed(&mut self) -> Task<Message> {
        self.company = self.store.company_settings().map(|s| s.company_name).unwrap_or_default();
        match self.customers.reload_settings(&self.store) {
            Ok(action) => self.perform(action),
            Err(e) => {
                self.error = Some(customers::sentence(&format!("The new settings could not be read: {e}")));
                Task::none()
            }
        }
    }

    fn shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        if self.welcome.is_some() {
            return Task::none();
        }
        if self.import.is_some() && !matches!(shortcut, Shortcut::NextField | Shortcut::PreviousField) {
            // The wizard stands where the customer list was: the list's keys would act unseen.
            return Task::none();
        }
        let dialog_open = self.customers.guard().is_some()
            || self.customers.is_confirming_delete()
            || self.customers.likely_duplicates().is_some();
        match shortcut {
            Shortcut::Escape if self.customers.guard().is_some() => {
                self.update(Message::Customers(customers::Message::GuardCancel))
            }
            Shortcut::Escape if self.customers.is_confirming_delete() => {
                self.update(Message::Customers(customers::Message::CancelDelete))
            }
            Shortcut::Escape if self.customers.likely_duplicates().is_some() => {
                self.update(Message::Customers(customers::Message::CancelDuplicates))
            }
            Shortcut::Escape => Task::none(),
            _ if dialog_open => Task::none(),
            Shortcut::PreviousField => previous_field(),
            Shortcut::NextField => {
                // Leaving the item field by Tab picks the item, as Enter does, so the
                // quantity and price that follow are the item's.
                iced::advanced::widget::operate(focused_widget()).map(Message::TabFrom)
            }
            Shortcut::Find => {
                self.tab = Tab::Customers;
                Task::batch([focus(list::SEARCH_ID), move_cursor_to_end(list::SEARCH_ID)])
            }
            Shortcut::New => {
                self.tab = Tab::Customers;
                self.update(Message::Customers(customers::Message::New))
            }
            Shortcut::Save if self.tab == Tab::Customers => self.update(Message::Customers(customers::Message::Save)),
            Shortcut::Save => Task::none(),
            Shortcut::SaveVoucher if self.tab == Tab::Customers => {
                self.update(Message::Customers(customers::Message::Trading(customers::trading::Message::Save)))
            }
            Shortcut::SaveVoucher => Task::none(),
            Shortcut::Up | Shortcut::Down | Shortcut::Enter => {
                if self.tab != Tab::Customers {
                    return Task::none();
                }
                // Arrows and Enter belong to the list only while no form field is
                // being typed in; the widget tree knows which one has focus.
                iced::advanced::widget::operate(focused_widget())
                    .map(move |focused| Message::Navigate(shortcut, list_may_take_keys(focused.as_ref())))
            }
        }
    }

    /// Runs a report on the worker's connection, so a long one never freezes the window.
    fn perform_report(&mut self, action: reports::Action) -> Task<Message> {
        match action {
            reports::Action::None => Task::none(),
            reports::Action::Export(job) => self.export(job),
            reports::Action::Run(request) => request.task(&self.worker).map(Message::Reports),
        }
    }

    /// Turns a screen's request into a task; list loads run on the worker's connection.
    fn perform(&mut self, action: customers::Action) -> Task<Message> {
        match action {
            customers::Action::None => Task::none(),
            customers::Action::Load(request) => {
                request.task(&self.worker, |loaded| Message::Customers(customers::Message::Loaded(loaded)))
            }
            customers::Action::Focus(id) => focus_field(Id::from(id)),
            customers::Action::Reveal(id) => crate::ui::keys::reveal(Id::from(id)),
            customers::Action::ScrollList(offset) => scroll_to(list::LIST_ID, AbsoluteOffset { x: 0.0, y: offset }),
            customers::Action::Quit => {
                let (notice, copy) = self.safety.close(self.db_path.clone());
                self.notice = notice.or(self.notice.take());
                copy.map(Message::Safety)
            }
            customers::Action::Import => {
                self.import.get_or_insert_with(Import::new);
                Task::none()
            }
            customers::Action::Export(query) => self.export(Job::Customers(query)),
            customers::Action::RetrySaveLater(party) => Task::perform(
                crate::ui::work::off_thread(|| std::thread::sleep(customers::trading::BUSY_RETRY_AFTER)),
                move |_| Message::Customers(customers::Message::Trading(customers::trading::Message::RetrySave(party))),
            ),
            customers::Action::ShowTop => scroll_to(customers::DETAIL_ID, AbsoluteOffset { x: 0.0, y: 0.0 }),
            customers::Action::Batch(actions) => {
                Task::batch(actions.into_iter().map(|action| self.perform(action)).collect::<Vec<_>>())
            }
        }
    }

    /// Asks where to save `job` (the save dialog, off the UI thread), then `Message::ExportTo`.
    fn export(&mut self, job: Job) -> Task<Message> {
        let name = job.file_name(chrono::Local::now().date_naive());
        Task::perform(export::save_dialog(name), move |target| Message::ExportTo(job, target))
    }

    /// Opens the import wizard for `kind`, where it stands over the customer list; a wizard
    /// still reading or writing is shown as it is, since giving it up would lose that work.
    fn open_import(&mut self, kind: ImportKind) -> Task<Message> {
        self.tab = Tab::Customers;
        if !self.import.as_ref().is_some_and(Import::is_working) {
            self.import = Some(Import::for_kind(kind));
        }
        Task::none()
    }

    /// Turns the import wizard's requests into tasks: dialogs, and the reading, preview, apply and
    /// saving on threads of their own with their own connections.
    fn perform_import(&mut self, action: import::Action) -> Task<Message> {
        let path = self.db_path.clone();
        match action {
            import::Action::None => Task::none(),
            import::Action::PickFile => {
                Task::perform(export::open_spreadsheet(), |file| Message::Import(import::Message::FilePicked(file)))
            }
            import::Action::Inspect(request) => request.task(path).map(Message::Import),
            import::Action::Remember { kind, headers, targets } => {
                // Only a convenience for the next file: a failure must not stop this import.
                if let Err(e) = self.store.remember_mapping(kind.as_str(), &headers, &targets) {
                    self.error = Some(customers::sentence(&format!("The column choices could not be remembered: {e}")));
                }
                Task::none()
            }
            import::Action::Preview(job) => job.task(path).map(Message::Import),
            import::Action::Apply(job) => job.task(path).map(Message::Import),
            import::Action::Imported(_) => {
                // New customers, changed ones and new group values: every screen that shows them reads again.
                if let Ok(settings) = &mut self.settings {
                    settings.refresh(&self.store);
                }
                self.settings_changed()
            }
            import::Action::PickInvalidTarget(name) => Task::perform(export::save_dialog(name), |target| {
                Message::Import(import::Message::InvalidTarget(target))
            }),
            import::Action::SaveInvalid(job) => job.task().map(Message::Import),
            import::Action::ShowHistory => {
                self.import = None;
                self.update(Message::Tab(Tab::Settings)).chain(snap_to_end(settings::SCROLL_ID))
            }
            import::Action::Close => {
                self.import = None;
                self.perform(self.customers.restore_scroll())
            }
        }
    }

    fn perform_safety(&mut self, action: safety::Action) -> Task<Message> {
        match action {
            safety::Action::None => Task::none(),
            safety::Action::Notice(tone, said) => {
                self.notice = Some((tone, said));
                Task::none()
            }
            safety::Action::Exit => iced::exit(),
            safety::Action::OpenBackups => self.update(Message::Tab(Tab::Settings)),
            safety::Action::AskRestore(copy) => {
                let ask = settings::Message::Backups(settings::backups::Message::AskRestore(copy));
                let _ = self.update(Message::Tab(Tab::Settings));
                let asked = self.update(Message::Settings(ask));
                asked.chain(crate::ui::keys::reveal(settings::backups::QUESTION_ID))
            }
        }
    }

    fn perform_alerts(&mut self, action: alerts::Action) -> Task<Message> {
        match action {
            alerts::Action::None => Task::none(),
            alerts::Action::OpenCustomer(id) => {
                self.tab = Tab::Customers;
                self.import = None;
                let action = self.customers.open(id, &self.store);
                self.perform(action)
            }
            alerts::Action::Export(run) => self.export(Job::AlertRun(run)),
            alerts::Action::RunNow(rule) => alerts::run_now_task(rule, self.db_path.clone()).map(Message::Alerts),
            alerts::Action::Preview(rule) => alerts::preview_task(*rule, &self.worker).map(Message::Alerts),
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subscriptions = vec![
            iced::window::close_requests().map(|_| Message::CloseRequested),
            iced::event::listen_with(|event, status, _window| match event {
                iced::Event::Window(iced::window::Event::FileDropped(path)) => Some(Message::FileDropped(path)),
                iced::Event::Keyboard(key) => window_shortcut(&key, status).map(Message::Shortcut),
                _ => None,
            }),
        ];
        if self.import.as_ref().is_some_and(Import::is_working) {
            // The worker counts rows in an atomic; redrawing a few times a second shows them move.
            subscriptions.push(
                iced::time::every(std::time::Duration::from_millis(200))
                    .map(|_| Message::Import(import::Message::Tick)),
            );
        }
        if self.checking {
            subscriptions.push(Subscription::run_with(self.db_path.clone(), checker_events));
        }
        if let Some(handover) = &self.handover {
            subscriptions.push(Subscription::run_with(handover.clone(), later_starts));
        }
        Subscription::batch(subscriptions)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = if let Some(welcome) = &self.welcome {
            container(welcome.view().map(Message::Welcome)).height(Length::Fill).into()
        } else {
            let screen: Element<'_, Message> = match self.tab {
                Tab::Customers => match &self.import {
                    Some(wizard) => wizard.view().map(Message::Import),
                    None => self.customers.view().map(Message::Customers),
                },
                Tab::Settings => match &self.settings {
                    Ok(settings) => settings.view().map(Message::Settings),
                    Err(error) => container(widgets::notice(Tone::Danger, error.as_str())).padding(16).into(),
                },
                Tab::Items => match &self.items {
                    Ok(items) => items.view().map(Message::Items),
                    Err(error) => container(widgets::notice(Tone::Danger, error.as_str())).padding(16).into(),
                },
                Tab::Prices => match &self.prices {
                    Ok(prices) => prices.view().map(Message::Prices),
                    Err(error) => container(widgets::notice(Tone::Danger, error.as_str())).padding(16).into(),
                },
                Tab::Reports => self.reports.view().map(Message::Reports),
                Tab::Alerts => match &self.alerts {
                    Ok(alerts) => alerts.view().map(Message::Alerts),
                    Err(error) => container(widgets::notice(Tone::Danger, error.as_str())).padding(16).into(),
                },
            };
            column![self.header(), screen].into()
        };
        let mut page = column![body];
        if let Some((tone, notice)) = &self.notice {
            page = page
                .push(container(widgets::dismissable(*tone, notice.as_str(), Message::DismissError)).padding([8, 16]));
        }
        if let Some(error) = &self.error {
            page = page.push(
                container(widgets::dismissable(Tone::Danger, error.as_str(), Message::DismissError)).padding([8, 16]),
            );
        }
        let page: Element<'_, Message> =
            container(page).width(Length::Fill).height(Length::Fill).style(theme::canvas).into();
        match (self.closing, self.safety.dialog()) {
            (Some(unsaved), _) => widgets::modal(page, closing::dialog(unsaved)),
            (None, Some(damaged)) => widgets::modal(page, damaged.map(Message::Safety)),
            (None, None) => stack![page].into(),
        }
    }

    /// The first screen besides Customers that holds typed work not saved.
    pub fn unsaved_elsewhere(&self) -> Option<closing::Unsaved> {
        closing::first_unsaved([
            (Tab::Items, self.items.as_ref().ok().and_then(Items::unsaved)),
            (Tab::Prices, self.prices.as_ref().ok().and_then(Prices::unsaved)),
            (Tab::Alerts, self.alerts.as_ref().ok().and_then(Alerts::unsaved)),
            (Tab::Settings, self.settings.as_ref().ok().and_then(Settings::unsaved)),
        ])
    }

    /// The close question, while it is asked.
    pub fn closing(&self) -> Option<closing::Unsaved> {
        self.closing
    }
}

fn empty_customers() -> (Customers, customers::Action) {
    // A database that cannot even be read still gets a window, with the error on it.
    match Store::open_in_memory().and_then(|store| Customers::new(&store)) {
        Ok((customers, _)) => (customers, customers::Action::None),
        Err(e) => panic!("an empty in-memory customer book must open: {e}"),
    }
}
