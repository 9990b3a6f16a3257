//! The Backups section of Settings: the book's verified copies, *Back up now*, *Back up to…*,
//! *Restore…* (asked first), *Check the book*, the folder the copies go to and how many are kept.
//!
//! Copies, restores and checks read or write the whole book, so they run on threads and
//! connections of their own ([`Request::task`]); the section only shows what they answered.

use super::parts::{self, Col, SMALL, TEXT};
use crate::domain::backup::{BackupKind, Rotation, size_text as size};
use crate::store::{
    BackupFile, BackupSettings, CheckDepth, CheckReport, Restored, Store, StoreError, default_backup_folder,
};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use crate::ui::work::off_thread;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length, Task};
use std::path::{Path, PathBuf};

/// The restore question's container, so the app can scroll it into sight.
pub const QUESTION_ID: &str = "restore-question";

/// At most this many copies are listed; the rest are named by count.
const LISTED: usize = 12;

#[derive(Debug, Clone)]
pub enum Message {
    FolderChanged(String),
    ChooseFolder,
    FolderChosen(Option<PathBuf>),
    UseBookFolder,
    DailyChanged(String),
    WeeklyChanged(String),
    MonthlyChanged(String),
    Save,
    BackUpNow,
    BackUpTo,
    BackUpTargetChosen(Option<PathBuf>),
    BackedUp(Result<BackupFile, String>),
    AskRestore(PathBuf),
    ChooseRestoreFile,
    RestoreFileChosen(Option<PathBuf>),
    CancelRestore,
    ConfirmRestore,
    Restored(Result<Restored, String>),
    Check,
    Checked(Result<CheckReport, String>),
}

/// What the section asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    None,
    /// Work off the UI thread: [`Request::task`].
    Request(Request),
    /// The book was restored: every screen reads it again; the sentence says what happened.
    Reopen(String),
}

/// Work the section hands to the app, which runs it with [`Request::task`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    ChooseFolder,
    ChooseBackupTarget,
    ChooseRestoreFile,
    /// A copy into the backups folder, or into the folder given.
    BackUp(Option<PathBuf>),
    Restore(PathBuf),
    Check,
}

impl Request {
    /// The request as a task on the book at `db`, answering this section's messages: the file
    /// dialogs, or [`Request::run`] on a thread and connection of its own.
    pub fn task(self, db: PathBuf) -> Task<Message> {
        match self {
            Request::ChooseFolder => Task::perform(pick_folder("Keep the backups in"), Message::FolderChosen),
            Request::ChooseBackupTarget => {
                Task::perform(pick_folder("Back up the book to"), Message::BackUpTargetChosen)
            }
            Request::ChooseRestoreFile => Task::perform(pick_backup_file(), Message::RestoreFileChosen),
            work => {
                let stopped = work.stopped();
                Task::perform(off_thread(move || work.run(&db)), move |answer| answer.unwrap_or(stopped))
            }
        }
    }

    /// Does the work here and now and gives the section's answer (the task runs this off the UI
    /// thread; tests run it directly). A file dialog is answered as closed.
    pub fn run(self, db: &Path) -> Message {
        let said = |error: StoreError| parts::sentence(error);
        match self {
            Request::BackUp(target) => Message::BackedUp(
                Store::open(db)
                    .and_then(|store| match target {
                        Some(folder) => store.back_up_to(&folder),
                        None => store.back_up(BackupKind::Manual),
                    })
                    .map_err(said),
            ),
            Request::Restore(file) => {
                Message::Restored(Store::open(db).and_then(|mut store| store.restore_from(&file)).map_err(said))
            }
            Request::Check => {
                Message::Checked(Store::open(db).and_then(|store| store.check(CheckDepth::Full)).map_err(said))
            }
            Request::ChooseFolder => Message::FolderChosen(None),
            Request::ChooseBackupTarget => Message::BackUpTargetChosen(None),
            Request::ChooseRestoreFile => Message::RestoreFileChosen(None),
        }
    }

    /// The answer when the work's thread ended without one.
    fn stopped(&self) -> Message {
        let stopped = |what: &str| format!("{what} stopped unexpectedly.");
        match self {
            Request::Restore(_) => Message::Restored(Err(stopped("The restore"))),
            Request::Check => Message::Checked(Err(stopped("The check"))),
            _ => Message::BackedUp(Err(stopped("The backup"))),
        }
    }
}

async fn pick_folder(title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new().set_title(title).pick_folder().await.map(|h| h.path().to_path_buf())
}

async fn pick_backup_file() -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title("Restore the book from")
        .add_filter("Clientele books and backups", &["db"])
        .add_filter("All files", &["*"])
        .pick_file()
        .await
        .map(|h| h.path().to_path_buf())
}

pub struct Backups {
    folder: String,
    daily: String,
    weekly: String,
    monthly: String,
    saved: BackupSettings,
    beside_book: PathBuf,
    /// The book is on a server, which keeps its own backups: nothing here applies.
    on_server: bool,
    copies: Vec<BackupFile>,
    /// What is running off the UI thread ("Backing up…"), while it runs.
    busy: Option<&'static str>,
    status: Option<(Tone, String)>,
    /// The copy the clerk asked to restore, while the question is open.
    confirm_restore: Option<PathBuf>,
    report: Option<CheckReport>,
}

impl Backups {
    pub fn load(store: &Store) -> Backups {
        let saved = store.backup_settings().unwrap_or_default();
        let beside_book = store.path().map(default_backup_folder).unwrap_or_default();
        let mut backups = Backups {
            folder: String::new(),
            daily: String::new(),
            weekly: String::new(),
            monthly: String::new(),
            saved: BackupSettings::default(),
            beside_book,
            on_server: store.server().is_some(),
            copies: Vec::new(),
            busy: None,
            status: None,
            confirm_restore: None,
            report: None,
        };
        backups.show_saved(saved);
        backups.refresh(store);
        backups
    }

    fn show_saved(&mut self, saved: BackupSettings) {
        self.folder = saved.folder.as_ref().unwrap_or(&self.beside_book).display().to_string();
        self.daily = saved.rotation.daily.to_string();
        self.weekly = saved.rotation.weekly.to_string();
        self.monthly = saved.rotation.monthly.to_string();
        self.saved = saved;
    }

    /// Lists the copies again (a daily or closing copy may have been made meanwhile).
    pub fn refresh(&mut self, store: &Store) {
        self.copies = store.backups().unwrap_or_default();
    }

    pub fn copies(&self) -> &[BackupFile] {
        &self.copies
    }

    pub fn status(&self) -> Option<&(Tone, String)> {
        self.status.as_ref()
    }

    pub fn report(&self) -> Option<&CheckReport> {
        self.report.as_ref()
    }

    /// The settings as typed, or why they cannot be saved.
    fn typed(&self) -> Result<BackupSettings, String> {
        let count = |text: &str, what: &str| {
            text.trim().parse::<u32>().map_err(|_| format!("Write how many {what} to keep as a whole number."))
        };
        let rotation = Rotation {
            daily: count(&self.daily, "days")?,
            weekly: count(&self.weekly, "weeks")?,
            monthly: count(&self.monthly, "months")?,
        };
        if let Some(problem) = rotation.problem() {
            return Err(parts::sentence(problem));
        }
        let folder = PathBuf::from(self.folder.trim());
        if self.folder.trim().is_empty() {
            return Err("Give the folder the backups go to.".into());
        }
        let folder = (folder != self.beside_book).then_some(folder);
        Ok(BackupSettings { folder, rotation })
    }

    pub fn is_dirty(&self) -> bool {
        if self.on_server {
            return false;
        }
        self.typed().map_or(true, |typed| typed != self.saved)
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Event {
        match message {
            Message::FolderChanged(folder) => self.folder = folder,
            Message::DailyChanged(value) => self.daily = value,
            Message::WeeklyChanged(value) => self.weekly = value,
            Message::MonthlyChanged(value) => self.monthly = value,
            Message::UseBookFolder => self.folder = self.beside_book.display().to_string(),
            Message::ChooseFolder => return Event::Request(Request::ChooseFolder),
            Message::FolderChosen(Some(folder)) => self.folder = folder.display().to_string(),
            Message::FolderChosen(None) | Message::BackUpTargetChosen(None) | Message::RestoreFileChosen(None) => {}
            Message::Save => self.save(store),
            Message::BackUpNow => return self.start("Backing up…", Request::BackUp(None)),
            Message::BackUpTo => return Event::Request(Request::ChooseBackupTarget),
            Message::BackUpTargetChosen(Some(folder)) => {
                return self.start("Backing up…", Request::BackUp(Some(folder)));
            }
            Message::BackedUp(done) => {
                self.busy = None;
                self.status = Some(match done {
                    Ok(copy) => (
                        Tone::Success,
                        format!(
                            "Backed up to {} ({}); the copy passed its check.",
                            copy.path.display(),
                            size(copy.size_bytes)
                        ),
                    ),
                    Err(problem) => (Tone::Danger, problem),
                });
                self.refresh(store);
            }
            Message::AskRestore(file) | Message::RestoreFileChosen(Some(file)) => {
                self.status = None;
                self.confirm_restore = Some(file);
            }
            Message::ChooseRestoreFile => return Event::Request(Request::ChooseRestoreFile),
            Message::CancelRestore => self.confirm_restore = None,
            Message::ConfirmRestore => {
                if let Some(file) = self.confirm_restore.take() {
                    return self.start("Restoring…", Request::Restore(file));
                }
            }
            Message::Restored(done) => {
                self.busy = None;
                match done {
                    Ok(restored) => {
                        let said = format!("{}.", restored.sentence());
                        self.status = Some((Tone::Success, said.clone()));
                        self.refresh(store);
                        return Event::Reopen(said);
                    }
                    Err(problem) => self.status = Some((Tone::Danger, problem)),
                }
            }
            Message::Check => {
                self.report = None;
                return self.start("Checking the book…", Request::Check);
            }
            Message::Checked(done) => {
                self.busy = None;
                match done {
                    Ok(report) => {
                        let tone = if report.is_ok() { Tone::Success } else { Tone::Danger };
                        self.status = Some((tone, report.verdict()));
                        self.report = Some(report);
                    }
                    Err(problem) => self.status = Some((Tone::Danger, problem)),
                }
            }
        }
        Event::None
    }

    fn start(&mut self, what: &'static str, request: Request) -> Event {
        if self.busy.is_some() {
            return Event::None;
        }
        self.busy = Some(what);
        self.status = None;
        Event::Request(request)
    }

    fn save(&mut self, store: &mut Store) {
        let typed = match self.typed() {
            Ok(typed) => typed,
            Err(problem) => {
                self.status = Some((Tone::Danger, problem));
                return;
            }
        };
        match store.save_backup_settings(&typed) {
            Ok(()) => {
                self.show_saved(typed);
                self.status = Some((Tone::Success, "Backup settings saved.".into()));
                self.refresh(store);
            }
            Err(error) => self.status = Some((Tone::Danger, parts::sentence(error))),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        if self.on_server {
            return parts::section(
                "Backups",
                "Copies of the book, checked before they are kept.",
                parts::body(
                    "This book is on a PostgreSQL server. Its copies are Clientele book files, each checked \
                     before it is kept: made by `clientele backup`, and each day by `clientele watch` on the \
                     office's always-on PC, in this user's data folder under backups. One opens like any \
                     book and goes back to a server with `clientele book copy`. The server's \
                     administrator may also keep pg_dump backups.",
                ),
            );
        }
        let idle = self.busy.is_none();
        let when = |message: Message| idle.then_some(message);
        let folder = row![
            widgets::input("backup-folder", "Folder for the backups", &self.folder, Message::FolderChanged, false)
                .on_submit(Message::Save),
            parts::secondary_button("Choose…", when(Message::ChooseFolder)),
            parts::secondary_button("Beside the book", when(Message::UseBookFolder)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let keep = row![
            parts::body("Keep the newest copy of each of the last"),
            count("backup-daily", &self.daily, Message::DailyChanged),
            parts::body("days,"),
            count("backup-weekly", &self.weekly, Message::WeeklyChanged),
            parts::body("weeks and"),
            count("backup-monthly", &self.monthly, Message::MonthlyChanged),
            parts::body("months."),
            parts::tagged(
                "backup-save".into(),
                parts::primary_button("Save", (self.is_dirty() && idle).then_some(Message::Save))
            ),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .wrap();
        let actions = row![
            parts::primary_button("Back up now", when(Message::BackUpNow)),
            parts::secondary_button("Back up to…", when(Message::BackUpTo)),
            parts::secondary_button("Restore from a file…", when(Message::ChooseRestoreFile)),
            parts::secondary_button("Check the book", when(Message::Check)),
        ]
        .spacing(8)
        .wrap();
        let mut body = column![widgets::field("Folder", false, folder, None), keep, actions].spacing(14);
        if let Some(busy) = self.busy {
            body = body.push(widgets::notice(Tone::Info, busy));
        }
        if let Some((tone, status)) = &self.status {
            body = body.push(widgets::notice(*tone, status.as_str()));
        }
        if let Some(report) = &self.report {
            for problem in report.problems.iter().take(10) {
                body = body.push(text(format!("{}: {}", problem.part.label(), problem.text)).size(SMALL));
            }
        }
        if let Some(file) = &self.confirm_restore {
            body = body.push(parts::tagged(
                QUESTION_ID.into(),
                parts::confirm_box(
                    format!("Restore the book from {}?", file.display()),
                    "Everything in the book is replaced by the copy. The book as it is now is kept in the \
                 backups folder first, so this can be undone by restoring that copy."
                        .to_string(),
                    "Restore",
                    Message::ConfirmRestore,
                    Message::CancelRestore,
                ),
            ));
        }
        body = body.push(self.list(idle));
        parts::section(
            "Backups",
            "A checked copy of the book is made on the first start of each day, when the window closes, and \
             before every upgrade or restore. Keep the folder on another disk, a USB stick or a synced folder \
             to be safe from a lost PC.",
            body,
        )
    }

    fn list(&self, idle: bool) -> Element<'_, Message> {
        if self.copies.is_empty() {
            return parts::hint("No backups yet. Back up now makes the first one.");
        }
        let cols = [
            Col::new("Taken", Length::FillPortion(3)),
            Col::new("Why", Length::FillPortion(3)),
            Col::right("Size", Length::FillPortion(2)),
            Col::new("Verified", Length::FillPortion(2)),
            Col::new("", Length::FillPortion(2)),
        ];
        let mut list = column![parts::list_header(&cols)];
        for (index, copy) in self.copies.iter().take(LISTED).enumerate() {
            let restore = parts::row_button("Restore…", idle.then(|| Message::AskRestore(copy.path.clone())));
            list = list.push(parts::list_row(
                &cols,
                vec![
                    parts::body(copy.taken_at.format("%Y-%m-%d %H:%M").to_string()),
                    parts::body(copy.kind.label()),
                    parts::body(size(copy.size_bytes)),
                    text("Yes").size(TEXT).style(theme::success_text).into(),
                    parts::tagged(format!("restore-{index}"), restore),
                ],
            ));
        }
        if self.copies.len() > LISTED {
            list = list.push(parts::hint(format!("and {} older copies in the folder", self.copies.len() - LISTED)));
        }
        list.into()
    }
}

/// A box for how many copies of a period are kept.
fn count<'a>(id: &'static str, value: &'a str, on_input: fn(String) -> Message) -> Element<'a, Message> {
    container(widgets::input(id, "0", value, on_input, false).on_submit(Message::Save))
        .width(Length::Fixed(56.0))
        .into()
}
