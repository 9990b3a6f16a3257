//! The book's safety around the window: at start the quick check and the day's copy (not of a
//! damaged book), a copy when the window closes, and the screen a damaged book opens on, which
//! says what is wrong and offers the newest verified backup.

use crate::store::{BackupFile, CheckDepth, CheckReport, Store};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use crate::ui::work::off_thread;
use iced::widget::{button, column, row, space, text};
use iced::{Element, Task};
use std::path::{Path, PathBuf};

/// What the start found.
#[derive(Debug, Clone)]
pub struct Startup {
    pub report: CheckReport,
    /// The day's copy: made, not due, or why it failed.
    pub daily: Result<Option<BackupFile>, String>,
    /// The newest copy there is, to offer when the book is damaged.
    pub newest: Option<BackupFile>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Started(Result<Startup, String>),
    /// The closing copy is made (or could not be): the window may close.
    ClosingCopied(Result<Option<BackupFile>, String>),
    RestoreNewest,
    OpenBackups,
    CarryOn,
}

/// What the app does with an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Notice(Tone, String),
    /// Open Settings → Backups asking to restore this copy.
    AskRestore(PathBuf),
    OpenBackups,
    Exit,
}

#[derive(Debug, Default)]
pub struct Safety {
    /// The start's finding while the damaged-book screen stands.
    damaged: Option<Startup>,
    closing: bool,
}

/// The quick check, then (only for a whole book) the day's copy, on a connection of their own.
pub fn start_task(db: PathBuf) -> Task<Message> {
    Task::perform(off_thread(move || startup(&db)), |found| {
        Message::Started(found.unwrap_or_else(|| Err("The start-up check stopped unexpectedly.".into())))
    })
}

/// What the start does, here and now (the task runs it off the UI thread; tests run it directly).
pub fn startup(db: &Path) -> Result<Startup, String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let report = store.check(CheckDepth::Quick).map_err(|e| e.to_string())?;
    if store.server().is_some() {
        // A server keeps its own files and its administrator their backups: no copy is made here.
        return Ok(Startup { report, daily: Ok(None), newest: None });
    }
    // A damaged book is not copied: its copy would fail its check, and must not push good ones out.
    let daily = if report.is_ok() { store.daily_backup_if_due().map_err(|e| e.to_string()) } else { Ok(None) };
    let newest = store.backups().ok().and_then(|copies| copies.into_iter().next());
    Ok(Startup { report, daily, newest })
}

/// A copy of the book when it was written since the newest one, before the window closes.
pub fn closing_task(db: PathBuf) -> Task<Message> {
    Task::perform(
        off_thread(move || {
            if crate::store::is_server_location(&db) {
                // The server's administrator keeps its backups.
                return Ok(None);
            }
            Store::open(&db).and_then(|store| store.back_up_if_changed()).map_err(|e| e.to_string())
        }),
        |done| Message::ClosingCopied(done.unwrap_or_else(|| Err("The closing backup stopped unexpectedly.".into()))),
    )
}

impl Safety {
    pub fn is_damaged(&self) -> bool {
        self.damaged.is_some()
    }

    /// Whether the window is making its closing copy.
    pub fn is_closing(&self) -> bool {
        self.closing
    }

    /// The window was asked to close and nothing holds it: the copy first, then the exit.
    pub fn close(&mut self, db: PathBuf) -> (Option<(Tone, String)>, Task<Message>) {
        if self.closing {
            return (None, Task::none());
        }
        self.closing = true;
        (Some((Tone::Info, "Backing up the book before closing…".into())), closing_task(db))
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Started(Err(problem)) => {
                Action::Notice(Tone::Danger, format!("The book could not be checked at start: {problem}."))
            }
            Message::Started(Ok(startup)) if !startup.report.is_ok() => {
                self.damaged = Some(startup);
                Action::None
            }
            Message::Started(Ok(Startup { daily: Err(problem), .. })) => Action::Notice(
                Tone::Danger,
                format!("Today's backup could not be made: {problem}. Settings → Backups can try again."),
            ),
            Message::Started(Ok(_)) => Action::None,
            // The window closes either way: a failed copy must not keep the clerk from leaving,
            // and yesterday's copy and the morning's are still there.
            Message::ClosingCopied(_) => Action::Exit,
            Message::RestoreNewest => match self.damaged.take().and_then(|d| d.newest) {
                Some(copy) => Action::AskRestore(copy.path),
                None => Action::OpenBackups,
            },
            Message::OpenBackups => {
                self.damaged = None;
                Action::OpenBackups
            }
            Message::CarryOn => {
                self.damaged = None;
                Action::None
            }
        }
    }

    /// The damaged-book screen, while it stands.
    pub fn dialog(&self) -> Option<Element<'_, Message>> {
        let startup = self.damaged.as_ref()?;
        let mut found = column![].spacing(4);
        for problem in startup.report.problems.iter().take(6) {
            found = found.push(text(format!("• {}", problem.text)).size(theme::SMALL));
        }
        let offer = match &startup.newest {
            Some(copy) => format!(
                "The newest verified backup was made {} ({}). Restoring it replaces the book with that copy; \
                 the damaged book is kept beside it.",
                copy.taken_at.format("%Y-%m-%d %H:%M"),
                copy.kind.label().to_lowercase()
            ),
            None => "There is no backup of this book in its backups folder. If you keep copies elsewhere, \
                     restore one from Settings → Backups; otherwise carry on and enter again what is missing."
                .to_string(),
        };
        let button =
            |label: &'static str, message: Message, style: fn(&iced::Theme, button::Status) -> button::Style| {
                button(text(label).size(theme::TEXT)).padding([6, 14]).on_press(message).style(style)
            };
        let mut buttons =
            row![space::horizontal(), button("Carry on anyway", Message::CarryOn, theme::secondary_button)].spacing(8);
        buttons = match startup.newest {
            Some(_) => {
                buttons.push(button("Restore the newest backup…", Message::RestoreNewest, theme::primary_button))
            }
            None => buttons.push(button("Open Backups", Message::OpenBackups, theme::primary_button)),
        };
        Some(widgets::dialog(
            column![
                text("This book is damaged").size(theme::SECTION_TITLE).font(theme::BOLD),
                text(format!(
                    "The start-up check found {} in the book file. Work saved in it may be missing or wrong:",
                    match startup.report.problems.len() {
                        1 => "a problem".to_string(),
                        n => format!("{n} problems"),
                    }
                ))
                .size(theme::TEXT),
                found,
                text(offer).size(theme::TEXT),
                buttons,
            ]
            .spacing(14),
        ))
    }
}
