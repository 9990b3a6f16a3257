//! The Alerts screen: the inbox of runs (newest first, unread ones marked), a run's report with
//! every matching customer, and the rules with their editor, "Run now" and on/off.
//!
//! Rules are single-row writes made here with the window's store. Previews and runs read every
//! customer, so the app does them on a worker with its own connection.

pub mod editor;
mod inbox;
mod rules;

use crate::alerts::CheckerEvent;
use crate::domain::alerts::{DateRange, Match, Rule};
use crate::domain::group::GroupAxis;
use crate::domain::money::Currency;
use crate::store::{AlertReport, AlertRun, Store, StoredRule};
use crate::ui::customers::sentence;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use crate::ui::worker::Worker;
use editor::Editor;
use iced::widget::{button, column, row, space, text};
use iced::{Alignment, Element, Length, Task};
use std::path::PathBuf;

/// How many runs the inbox lists.
pub const INBOX_LIMIT: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Inbox,
    Rules,
    Report,
    Editor,
}

#[derive(Debug, Clone)]
pub enum Message {
    Show(Page),
    OpenRun(i64),
    /// A customer in a report: the app opens its ledger.
    OpenCustomer(i64),
    ExportRun(i64),
    RetryMail(i64),
    MarkAllRead,
    NewRule,
    EditRule(i64),
    Enable(i64, bool),
    RunNow(i64),
    /// A run by hand finished: its id, or why it did not run.
    RanNow(Result<i64, String>),
    Delete(i64),
    ConfirmDelete,
    CancelDelete,
    Editor(editor::Message),
    /// The background checker ran a rule or met a problem.
    Checker(CheckerEvent),
    DismissNotice,
}

pub enum Action {
    None,
    OpenCustomer(i64),
    Export(i64),
    /// Run this rule now on a worker and send back `Message::RanNow`.
    RunNow(i64),
    /// Evaluate this rule on a worker and send back `Message::Editor(Previewed)`.
    Preview(Box<Rule>),
}

pub struct Alerts {
    page: Page,
    rules: Vec<StoredRule>,
    runs: Vec<AlertRun>,
    unread: usize,
    /// The run whose report is open, and its report as last read.
    report_id: Option<i64>,
    report: Option<AlertReport>,
    editor: Option<Editor>,
    axes: Vec<GroupAxis>,
    currency: Currency,
    confirm_delete: Option<i64>,
    /// Rules running by hand right now.
    running: Vec<i64>,
    notice: Option<(Tone, String)>,
}

impl Alerts {
    pub fn new(store: &Store) -> Result<Alerts, String> {
        let mut alerts = Alerts {
            page: Page::Inbox,
            rules: Vec::new(),
            runs: Vec::new(),
            unread: 0,
            report_id: None,
            report: None,
            editor: None,
            axes: Vec::new(),
            currency: Currency::default(),
            confirm_delete: None,
            running: Vec::new(),
            notice: None,
        };
        alerts.reload(store).map_err(|e| sentence(&format!("The alerts could not be read: {e}")))?;
        Ok(alerts)
    }

    /// Reads rules, runs and the unread count again (another copy of the program may have run rules).
    pub fn reload(&mut self, store: &Store) -> Result<(), crate::store::StoreError> {
        self.rules = store.alert_rules()?;
        self.runs = store.alert_runs(INBOX_LIMIT)?;
        self.unread = store.unread_alert_runs()?;
        self.axes = store.group_axes()?;
        self.currency = store.currency()?;
        self.report = match self.report_id.map(|id| store.alert_report(id)) {
            Some(Ok(report)) => Some(report),
            // A run gone from the book (another copy of the program) closes its report.
            Some(Err(crate::store::StoreError::AlertRunNotFound(_))) | None => {
                self.report_id = None;
                None
            }
            Some(Err(error)) => return Err(error),
        };
        Ok(())
    }

    pub fn refresh(&mut self, store: &Store) {
        if let Err(error) = self.reload(store) {
            self.notice = Some((Tone::Danger, sentence(&format!("The alerts could not be read: {error}"))));
        }
    }

    /// Runs nobody has opened: the count on the tab.
    pub fn unread(&self) -> usize {
        self.unread
    }

    pub fn page(&self) -> Page {
        self.page
    }

    pub fn rules(&self) -> &[StoredRule] {
        &self.rules
    }

    pub fn runs(&self) -> &[AlertRun] {
        &self.runs
    }

    pub fn report(&self) -> Option<&AlertReport> {
        self.report.as_ref()
    }

    pub fn notice(&self) -> Option<&(Tone, String)> {
        self.notice.as_ref()
    }

    /// Opens a run's report and marks it read ("Open report" on a notification, or a click).
    pub fn open_run(&mut self, id: i64, store: &Store) {
        match store.mark_alert_run_read(id).and_then(|()| store.alert_run(id)) {
            Ok(_) => {
                // The refresh reads the open report, now this run's.
                self.report_id = Some(id);
                self.page = Page::Report;
                self.refresh(store);
            }
            Err(error) => self.notice = Some((Tone::Danger, sentence(&error.to_string()))),
        }
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        match message {
            Message::Show(page) => {
                self.page = page;
                self.refresh(store);
            }
            Message::OpenRun(id) => self.open_run(id, store),
            Message::OpenCustomer(id) => return Action::OpenCustomer(id),
            Message::ExportRun(id) => return Action::Export(id),
            Message::RetryMail(delivery) => {
                match store.retry_delivery(delivery) {
                    Ok(()) => {
                        self.notice =
                            Some((Tone::Info, "The e-mail will be tried again within half a minute.".to_string()))
                    }
                    Err(error) => self.notice = Some((Tone::Danger, sentence(&error.to_string()))),
                }
                self.refresh(store);
            }
            Message::MarkAllRead => {
                if let Err(error) = store.mark_all_alert_runs_read() {
                    self.notice = Some((Tone::Danger, sentence(&error.to_string())));
                }
                self.refresh(store);
            }
            Message::NewRule => {
                self.editor = Some(Editor::new());
                self.page = Page::Editor;
            }
            Message::EditRule(id) => match store.alert_rule(id) {
                Ok(rule) => {
                    self.editor = Some(Editor::edit(&rule));
                    self.page = Page::Editor;
                }
                Err(error) => self.notice = Some((Tone::Danger, sentence(&error.to_string()))),
            },
            Message::Enable(id, on) => {
                if let Err(error) = store.set_alert_rule_enabled(id, on) {
                    self.notice = Some((Tone::Danger, sentence(&error.to_string())));
                }
                self.refresh(store);
            }
            Message::RunNow(id) => {
                if !self.running.contains(&id) {
                    self.running.push(id);
                    return Action::RunNow(id);
                }
            }
            Message::RanNow(result) => {
                self.refresh(store);
                match result {
                    Ok(run) => {
                        if let Some(done) = self.runs.iter().find(|r| r.id == run) {
                            self.running.retain(|id| Some(*id) != done.rule_id);
                        }
                        self.open_run(run, store);
                    }
                    Err(error) => {
                        self.running.clear();
                        self.notice = Some((Tone::Danger, error));
                    }
                }
            }
            Message::Delete(id) => self.confirm_delete = Some(id),
            Message::CancelDelete => self.confirm_delete = None,
            Message::ConfirmDelete => {
                if let Some(id) = self.confirm_delete.take() {
                    match store.delete_alert_rule(id) {
                        Ok(()) => {
                            self.notice =
                                Some((Tone::Success, "The rule was deleted; its runs stay in the inbox.".into()))
                        }
                        Err(error) => self.notice = Some((Tone::Danger, sentence(&error.to_string()))),
                    }
                    self.refresh(store);
                }
            }
            Message::Editor(message) => return self.update_editor(message, store),
            Message::Checker(event) => match event {
                // A new run: the inbox and the count read again (an open report stays as it is).
                CheckerEvent::Ran(_) => self.refresh(store),
                CheckerEvent::Problem(problem) => self.notice = Some((Tone::Warning, problem)),
            },
            Message::DismissNotice => self.notice = None,
        }
        Action::None
    }

    /// What on this screen holds typed changes not saved, in the clerk's words.
    pub fn unsaved(&self) -> Option<&'static str> {
        self.editor.as_ref().is_some_and(Editor::is_edited).then_some("An alert rule")
    }

    fn update_editor(&mut self, message: editor::Message, store: &mut Store) -> Action {
        let Some(editor) = &mut self.editor else { return Action::None };
        match editor.update(message) {
            editor::Action::None => Action::None,
            editor::Action::Preview(rule) => Action::Preview(rule),
            editor::Action::Cancel => {
                self.editor = None;
                self.page = Page::Rules;
                Action::None
            }
            editor::Action::Save(rule) => {
                match store.save_alert_rule(&rule) {
                    Ok(_) => {
                        self.editor = None;
                        self.page = Page::Rules;
                        self.notice = Some((Tone::Success, format!("Saved the rule \u{201c}{}\u{201d}.", rule.name)));
                        self.refresh(store);
                    }
                    Err(error) => editor.refused(sentence(&error.to_string())),
                }
                Action::None
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let body = match self.page {
            Page::Inbox => self.inbox_view(),
            Page::Report => match &self.report {
                Some(report) => self.report_view(report),
                None => self.inbox_view(),
            },
            Page::Rules => self.rules_view(),
            Page::Editor => match &self.editor {
                Some(editor) => editor.view(&self.axes, &self.currency).map(Message::Editor),
                None => self.rules_view(),
            },
        };
        let mut page = column![self.switcher()].spacing(12).padding(16).height(Length::Fill);
        if let Some((tone, notice)) = &self.notice {
            page = page.push(widgets::dismissable(*tone, notice.as_str(), Message::DismissNotice));
        }
        page.push(body).into()
    }

    fn switcher(&self) -> Element<'_, Message> {
        let inbox_label = if self.unread > 0 { format!("Inbox ({} new)", self.unread) } else { "Inbox".to_string() };
        let on_inbox = matches!(self.page, Page::Inbox | Page::Report);
        let on_rules = matches!(self.page, Page::Rules | Page::Editor);
        row![
            button(text(inbox_label).size(theme::TEXT))
                .padding([6, 14])
                .on_press(Message::Show(Page::Inbox))
                .style(if on_inbox { theme::primary_button } else { theme::secondary_button }),
            button(text(format!("Rules ({})", self.rules.len())).size(theme::TEXT))
                .padding([6, 14])
                .on_press(Message::Show(Page::Rules))
                .style(if on_rules { theme::primary_button } else { theme::secondary_button }),
            space::horizontal(),
            widgets::text_button("New rule…", Some(Message::NewRule), theme::secondary_button),
        ]
        .spacing(6)
        .align_y(Alignment::Center)
        .into()
    }
}

/// Who matches `rule` now, read on `store` (the window's worker connection, see [`preview_task`]).
pub fn preview_result(rule: &Rule, store: &Store) -> Result<(Option<DateRange>, Vec<Match>), String> {
    let today = chrono::Local::now().date_naive();
    let found = store.evaluate_alert(rule, today).map_err(|e| sentence(&e.to_string()))?;
    Ok((found.period, found.matches))
}

/// "Who matches now" off the UI thread on the worker's connection; answers `Editor(Previewed)`.
pub fn preview_task(rule: Rule, worker: &Worker) -> Task<Message> {
    Task::perform(worker.run(move |store| preview_result(&rule, store)), |found| {
        let found = found.unwrap_or_else(|e| Err(sentence(&format!("The preview stopped: {e}"))));
        Message::Editor(editor::Message::Previewed(found))
    })
}

/// "Run now": runs the rule on a thread and connection of its own (a run stores its report and
/// raises a notification, as the background checker does) and answers `Message::RanNow`.
pub fn run_now_task(rule_id: i64, db: PathBuf) -> Task<Message> {
    let run = move || -> Result<i64, String> {
        let store = Store::open(&db).map_err(|e| sentence(&e.to_string()))?;
        let notifier = crate::alerts::DesktopNotifier::default();
        let mut checker = crate::alerts::Checker::here(store, Box::new(notifier));
        let now = chrono::Local::now().naive_local();
        let (run, _problems) = checker.run_now(rule_id, now).map_err(|e| sentence(&e.to_string()))?;
        Ok(run.id)
    };
    Task::perform(crate::ui::work::off_thread(run), |ran| {
        Message::RanNow(ran.unwrap_or_else(|| Err("The rule stopped unexpectedly; no run was stored.".into())))
    })
}
