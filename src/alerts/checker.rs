//! The checker: wakes every 30 seconds, runs the rules whose scheduled time has come, raises a
//! notification per run with matches, and sends the e-mails runs owe. When several PCs share a
//! book, every PC's checker may run, but each slot runs once (the book's slot claim), and each
//! run's popup appears on the desks it is for: a PC that knows whose desk it is
//! ([`crate::this_computer::desk`]) shows the recent runs meant for that desk, whichever PC ran
//! them. A PC with no desk set shows the runs it makes, as one PC alone does. It also keeps the book's
//! daily copy, so a window left open overnight and `clientele watch` on an always-on PC make
//! each new day's. The window starts it on a thread of its own with its own connection;
//! `clientele watch` runs it without a window.

use super::mail::{Mailer, report_mail};
use super::{AlertsError, Notifier};
use crate::domain::alerts::{Desk, due, notice};
use crate::store::{AlertRun, Store};
use chrono::{DateTime, Local, NaiveDateTime, TimeZone};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// How often the checker looks for due rules.
pub const WAKE_EVERY: Duration = Duration::from_secs(30);

/// What the background checker tells whoever listens (the window, or `watch`'s output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckerEvent {
    Ran(Box<AlertRun>),
    /// Something went wrong that the checker survives: a rule that failed, a notification or
    /// an e-mail that could not go out. A sentence for the user.
    Problem(String),
}

/// Runs due rules against one database.
pub struct Checker {
    store: Store,
    notifier: Box<dyn Notifier>,
    /// When None, e-mails go through the SMTP server set in Settings, if one is.
    mailer: Option<Box<dyn Mailer>>,
    notify: bool,
    /// How many times it has woken; the daily copy waits for the second wake-up, by when the
    /// window's start has made the day's copy itself.
    wakes: u64,
    /// The day the daily copy was last seen to, so it is tried (and a failure said) once a day.
    backup_seen_to: Option<chrono::NaiveDate>,
    /// Whether it makes the daily copy of a book on a server (only `clientele watch` does: every
    /// window making one would copy the whole book from the server on every PC each day).
    server_copies: bool,
    /// Whose desk this computer is, and the name the book knows it by (see [`Checker::at_desk`]).
    desk: Desk,
    computer: String,
}

/// How far back a desk's popups go: a PC switched on in the morning shows yesterday evening's
/// runs for its desk; older ones wait in the inbox.
const POPUPS_WITHIN: chrono::Duration = chrono::Duration::hours(24);

impl Checker {
    pub fn new(store: Store, notifier: Box<dyn Notifier>) -> Checker {
        Checker {
            store,
            notifier,
            mailer: None,
            notify: true,
            wakes: 0,
            backup_seen_to: None,
            server_copies: false,
            desk: Desk::default(),
            computer: String::new(),
        }
    }

    /// This computer's checker: at the desk this computer's own settings name (the window and
    /// `clientele watch` start it so).
    pub fn here(store: Store, notifier: Box<dyn Notifier>) -> Checker {
        Checker::new(store, notifier).at_desk(crate::this_computer::desk(), crate::this_computer::computer_id())
    }

    /// This checker's computer is `desk`'s, known to the book as `computer` (each PC's checker
    /// reads both from this computer's own settings; tests give them).
    pub fn at_desk(mut self, desk: Desk, computer: impl Into<String>) -> Checker {
        self.desk = desk;
        self.computer = computer.into();
        self
    }

    /// Sends e-mails through `mailer` rather than the server set in Settings.
    pub fn with_mailer(mut self, mailer: Box<dyn Mailer>) -> Checker {
        self.mailer = Some(mailer);
        self
    }

    /// Makes the daily copy of a book on a server too (`clientele watch`).
    pub fn keeping_server_copies(mut self) -> Checker {
        self.server_copies = true;
        self
    }

    /// Runs without raising notifications (`--no-notify`); runs are stored all the same.
    pub fn without_notifications(mut self) -> Checker {
        self.notify = false;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs every enabled rule whose scheduled time has come by `now` and has not run yet, then
    /// sends the e-mails waiting. Returns the runs it made and the problems it met; a problem
    /// with one rule does not stop the others.
    pub fn tick<Tz: TimeZone>(&mut self, now: &DateTime<Tz>) -> (Vec<AlertRun>, Vec<String>) {
        let mut runs = Vec::new();
        let mut problems = Vec::new();
        let rules = match self.store.alert_rules() {
            Ok(rules) => rules,
            Err(error) => return (runs, vec![format!("The alert rules could not be read: {error}")]),
        };
        for stored in rules.iter().filter(|stored| stored.rule.enabled) {
            let Some(id) = stored.rule.id else { continue };
            let Some(owed) = due(&stored.rule.schedule, stored.counts_from, now) else { continue };
            // A plain read first: most wake-ups find the slot done and need no write lock.
            match self.store.alert_slot_taken(id, owed.slot) {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => {
                    problems.push(format!("Rule \"{}\" could not be checked: {error}", stored.rule.name));
                    continue;
                }
            }
            match self.store.run_alert(id, Some(owed), now.naive_local()) {
                Ok(Some(run)) => {
                    if let Err(problem) = self.announce(&run) {
                        problems.push(problem);
                    }
                    runs.push(self.store.alert_run(run.id).unwrap_or(run));
                }
                Ok(None) => {}
                Err(error) => problems.push(format!("Rule \"{}\" could not run: {error}", stored.rule.name)),
            }
        }
        problems.extend(self.show_desk_popups(now.naive_local()));
        problems.extend(self.send_mail(now.naive_local()));
        problems.extend(self.keep_daily_copy(now.naive_local().date()));
        log_outcome(&runs, &problems);
        (runs, problems)
    }

    /// Raises the popups of recent runs meant for this computer's desk that it has not shown,
    /// whichever PC ran them; each once per computer, however many checkers it runs.
    fn show_desk_popups(&mut self, now: NaiveDateTime) -> Vec<String> {
        if !self.notify || !self.desk.is_set() {
            return Vec::new();
        }
        let waiting = match self.store.runs_to_pop_up(&self.computer, now - POPUPS_WITHIN) {
            Ok(waiting) => waiting,
            Err(error) => return vec![format!("The alerts for this desk could not be read: {error}")],
        };
        let mut problems = Vec::new();
        for run in waiting {
            let wanted = run.rule.is_for_desk(&self.desk) && (run.match_count > 0 || run.rule.notify_when_empty);
            match self.store.claim_popup(run.id, &self.computer) {
                // Claimed even when not for this desk, so it is not looked at again.
                Ok(true) if wanted => {
                    if let Err(problem) = self.pop_up(&run) {
                        problems.push(problem);
                    }
                }
                Ok(_) => {}
                Err(error) => problems.push(format!("The popup of \"{}\" could not be taken: {error}", run.rule.name)),
            }
        }
        problems
    }

    fn pop_up(&mut self, run: &AlertRun) -> Result<(), String> {
        let (outcome, problem) = self.raise(run)?;
        self.store.record_popup(run.id, &self.computer, outcome).map_err(|e| e.to_string())?;
        problem.map_or(Ok(()), Err)
    }

    /// Raises the run's notification: how it went, and the sentence to say when it failed.
    fn raise(&mut self, run: &AlertRun) -> Result<(std::result::Result<(), String>, Option<String>), String> {
        let report = self.store.alert_report(run.id).map_err(|e| e.to_string())?;
        let currency = self.store.company_settings().map(|s| s.currency).unwrap_or_default();
        let words = notice(&run.rule, &report.matches, &currency);
        let outcome = self.notifier.notify(run.id, &words);
        let problem =
            outcome.clone().err().map(|e| format!("The notification of \"{}\" could not be shown: {e}", run.rule.name));
        Ok((outcome, problem))
    }

    /// Makes the day's copy of a file book when none is made yet, from the second wake-up on,
    /// trying once a day. A damaged book gives no copy; that is said once, not every 30 seconds.
    fn keep_daily_copy(&mut self, today: chrono::NaiveDate) -> Option<String> {
        self.wakes += 1;
        if self.wakes < 2
            || self.backup_seen_to == Some(today)
            || (self.store.path().is_none() && !(self.server_copies && self.store.server().is_some()))
        {
            return None;
        }
        self.backup_seen_to = Some(today);
        match self.store.daily_backup_if_due() {
            Ok(_) => None,
            Err(error) => Some(format!("Today's backup could not be made: {error}")),
        }
    }

    /// Runs one rule at once, whatever its schedule ("Run now"), and announces it as a scheduled
    /// run would be.
    pub fn run_now(&mut self, rule_id: i64, now: NaiveDateTime) -> Result<(AlertRun, Vec<String>), AlertsError> {
        let run =
            self.store.run_alert(rule_id, None, now)?.ok_or(crate::store::StoreError::AlertRuleNotFound(rule_id))?;
        let mut problems: Vec<String> = self.announce(&run).err().into_iter().collect();
        problems.extend(self.show_desk_popups(now));
        problems.extend(self.send_mail(now));
        let run = self.store.alert_run(run.id)?;
        log_outcome(std::slice::from_ref(&run), &problems);
        Ok((run, problems))
    }

    /// Raises the run's notification, when it has matches or its rule asks to be told anyway.
    /// At a PC with a desk, the desk's popups are raised by [`Checker::show_desk_popups`].
    fn announce(&mut self, run: &AlertRun) -> Result<(), String> {
        if !self.notify || self.desk.is_set() || (run.match_count == 0 && !run.rule.notify_when_empty) {
            return Ok(());
        }
        let (outcome, problem) = self.raise(run)?;
        self.store.record_alert_notice(run.id, outcome).map_err(|e| e.to_string())?;
        problem.map_or(Ok(()), Err)
    }

    /// Sends each e-mail whose time has come; failures are recorded on the run and retried later.
    fn send_mail(&mut self, now: NaiveDateTime) -> Vec<String> {
        let waiting = match self.store.deliveries_to_send(now) {
            Ok(waiting) if waiting.is_empty() => return Vec::new(),
            Ok(waiting) => waiting,
            Err(error) => return vec![format!("The e-mails waiting could not be read: {error}")],
        };
        let configured;
        let mailer: &dyn Mailer = match &self.mailer {
            Some(mailer) => mailer.as_ref(),
            None => match super::mail::SmtpMailer::from_settings(&self.store) {
                Ok(Some(mailer)) => {
                    configured = mailer;
                    &configured
                }
                Ok(None) => {
                    let error = "no mail server is set; set one in Settings → E-mail".to_string();
                    return waiting
                        .iter()
                        .filter(|d| d.last_error.as_deref() != Some(error.as_str()))
                        .filter_map(|d| self.store.record_delivery(d.id, now, Err(error.clone())).err())
                        .map(|e| e.to_string())
                        .collect();
                }
                Err(error) => return vec![error.to_string()],
            },
        };
        let mut problems = Vec::new();
        for delivery in waiting {
            let outcome = report_mail(&self.store, &delivery).and_then(|message| mailer.send(&message));
            match &outcome {
                Ok(()) => tracing::info!(run = delivery.run_id, to = delivery.email, "alert report mailed"),
                Err(error) => problems.push(format!("The report could not be mailed to {}: {error}", delivery.email)),
            }
            if let Err(error) = self.store.record_delivery(delivery.id, now, outcome) {
                problems.push(error.to_string());
            }
        }
        problems
    }
}

/// Records the runs made and the problems met (mail failures among them) in the log.
fn log_outcome(runs: &[AlertRun], problems: &[String]) {
    for run in runs {
        tracing::info!(run = run.id, rule = run.rule.name, matches = run.match_count, late = run.late, "alert run");
    }
    for problem in problems {
        tracing::warn!("alert checker: {problem}");
    }
}

/// The background checker, stopped when dropped.
pub struct CheckerHandle {
    stop: Option<Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for CheckerHandle {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts the checker on a thread of its own with its own connection to `db`. Each run and
/// problem goes to `tell`, which answers false once nobody listens any more (then the checker
/// stops). It checks at once, then every [`WAKE_EVERY`], until the handle is dropped.
/// `server_copies`: it also makes the daily copy of a book on a server (`clientele watch`).
pub fn spawn_checker(
    db: PathBuf,
    notifier: Box<dyn Notifier>,
    server_copies: bool,
    tell: impl FnMut(CheckerEvent) -> bool + Send + 'static,
) -> Result<CheckerHandle, AlertsError> {
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let (opened, open) = std::sync::mpsc::channel();
    // The book is opened on the checker's own thread: the window starts the checker from an
    // async task, where a book on a server (whose client runs a runtime of its own) cannot connect.
    let thread = std::thread::Builder::new()
        .name("alert-checker".into())
        .spawn(move || match Store::open(&db) {
            Ok(store) => {
                let _ = opened.send(Ok(()));
                let checker = Checker::here(store, notifier);
                let checker = if server_copies { checker.keeping_server_copies() } else { checker };
                check_until_stopped(checker, &stopped, tell);
            }
            Err(error) => {
                let _ = opened.send(Err(error));
            }
        })
        .map_err(|e| AlertsError::Notify(e.to_string()))?;
    match open.recv() {
        Ok(Ok(())) => Ok(CheckerHandle { stop: Some(stop), thread: Some(thread) }),
        Ok(Err(error)) => Err(error.into()),
        Err(_) => Err(AlertsError::Notify("the alert checker stopped as it started".into())),
    }
}

fn check_until_stopped(mut checker: Checker, stopped: &Receiver<()>, mut tell: impl FnMut(CheckerEvent) -> bool) {
    loop {
        let (runs, problems) = checker.tick(&Local::now());
        let heard = runs
            .into_iter()
            .map(|run| CheckerEvent::Ran(Box::new(run)))
            .chain(problems.into_iter().map(CheckerEvent::Problem))
            .all(&mut tell);
        if !heard {
            return;
        }
        match stopped.recv_timeout(WAKE_EVERY) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
