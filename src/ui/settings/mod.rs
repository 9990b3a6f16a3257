//! The Settings screen: the book (which one, and where), company details, backups, ageing buckets, custom field definitions, group axes,
//! prices & credit (levels and group terms) and the import history, one section each.
//!
//! Every change is a quick single-row write, so updates use the store
//! directly and report `Action::Changed` for the app to refresh other screens.

pub mod ageing;
pub mod backups;
pub mod book;
pub mod company;
pub mod fields;
pub mod groups;
pub mod imports;
pub mod mail;
mod parts;
pub mod terms;

use crate::store::{Store, StoreError};
use crate::ui::theme;
use iced::widget::{column, container, scrollable, text};
use iced::{Element, Length};

/// The page's scrollable, so the app can show the import history (the last section) at once.
pub const SCROLL_ID: &str = "settings-scroll";

pub struct Settings {
    book: book::Book,
    company: company::Company,
    backups: backups::Backups,
    ageing: ageing::Ageing,
    fields: fields::Fields,
    groups: groups::Groups,
    terms: terms::Terms,
    imports: imports::Imports,
    mail: mail::Mail,
}

#[derive(Debug, Clone)]
pub enum Message {
    Book(book::Message),
    Company(company::Message),
    Backups(backups::Message),
    Ageing(ageing::Message),
    Fields(fields::Message),
    Groups(groups::Message),
    Terms(terms::Message),
    Imports(imports::Message),
    Mail(mail::Message),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    /// Field definitions, group axes or values, or the company settings changed.
    Changed,
    /// Undo this import batch off the UI thread ([`imports::undo`]) and answer
    /// `Message::Imports(imports::Message::Undone(..))`.
    UndoImport(i64),
    /// Send a test e-mail to this address off the UI thread ([`send_test_mail`]) and answer
    /// `Message::Mail(mail::Message::TestSent(..))`.
    SendTestMail(String),
    /// Back up, restore, check or choose a file off the UI thread ([`backups::Request::task`]),
    /// answering `Message::Backups(..)`.
    Backup(backups::Request),
    /// The book was restored from a copy: every screen reads it again; the sentence says how.
    Reopen(String),
    /// Open another book off the UI thread ([`book::Request::task`]), answering `Message::Book(..)`.
    Book(book::Request),
    /// Another book is open: the window turns to it.
    SwitchBook(book::Opened),
}

impl Settings {
    pub fn new(store: &Store) -> Result<Settings, StoreError> {
        Ok(Settings {
            book: book::Book::load(store),
            company: company::Company::load(store)?,
            backups: backups::Backups::load(store),
            ageing: ageing::Ageing::load(store)?,
            fields: fields::Fields::load(store)?,
            groups: groups::Groups::load(store)?,
            terms: terms::Terms::load(store)?,
            imports: imports::Imports::load(store)?,
            mail: mail::Mail::load(store),
        })
    }

    /// What on this screen holds typed changes not saved, in the clerk's words.
    pub fn unsaved(&self) -> Option<&'static str> {
        if self.company.is_dirty() {
            Some("Company settings")
        } else if self.ageing.is_dirty() {
            Some("Ageing buckets")
        } else if self.fields.is_dirty() {
            Some("A custom field")
        } else if self.backups.is_dirty() {
            Some("Backup settings")
        } else {
            None
        }
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        let changed = match message {
            Message::Book(message) => match self.book.update(message) {
                book::Event::None => false,
                book::Event::Request(request) => return Action::Book(request),
                book::Event::Switch(opened) => return Action::SwitchBook(opened),
            },
            Message::Company(message) => self.company.update(message, store),
            Message::Backups(message) => match self.backups.update(message, store) {
                backups::Event::None => false,
                backups::Event::Request(request) => return Action::Backup(request),
                backups::Event::Reopen(said) => return Action::Reopen(said),
            },
            Message::Ageing(message) => self.ageing.update(message, store),
            Message::Fields(message) => self.fields.update(message, store),
            Message::Groups(message) => {
                let changed = self.groups.update(message, store);
                // A new or renamed group value is offered in Prices & credit at once.
                self.terms.refresh(store);
                changed
            }
            Message::Terms(message) => self.terms.update(message, store),
            Message::Imports(message) => match self.imports.update(message, store) {
                imports::Event::None => false,
                imports::Event::Changed => true,
                imports::Event::Undo(batch) => return Action::UndoImport(batch),
            },
            Message::Mail(message) => match self.mail.update(message, store) {
                mail::Event::None => false,
                mail::Event::SendTest(to) => return Action::SendTestMail(to),
            },
        };
        if changed { Action::Changed } else { Action::None }
    }

    /// Re-reads the usage counts and lists, e.g. when the tab is shown again
    /// after customers were edited; open forms and typed text are kept.
    pub fn refresh(&mut self, store: &Store) {
        self.fields.refresh(store);
        self.groups.refresh(store);
        self.terms.refresh(store);
        self.imports.refresh(store);
        self.backups.refresh(store);
    }

    pub fn refresh_backups(&mut self, store: &Store) {
        self.backups.refresh(store);
    }

    pub fn backups(&self) -> &backups::Backups {
        &self.backups
    }

    pub fn imports(&self) -> &imports::Imports {
        &self.imports
    }

    pub fn book(&self) -> &book::Book {
        &self.book
    }

    /// Opens the Book section's server form (the welcome's *Open a book on a server…*).
    pub fn open_server_form(&mut self) {
        self.book.open_form();
    }

    pub fn view(&self) -> Element<'_, Message> {
        let content = column![
            text("Settings").size(theme::HEADING).font(theme::BOLD),
            self.book.view().map(Message::Book),
            self.company.view().map(Message::Company),
            self.backups.view().map(Message::Backups),
            self.ageing.view().map(Message::Ageing),
            self.fields.view().map(Message::Fields),
            self.groups.view().map(Message::Groups),
            self.terms.view().map(Message::Terms),
            self.mail.view().map(Message::Mail),
            self.imports.view().map(Message::Imports),
        ]
        .spacing(16)
        .padding(20)
        .max_width(1100);
        scrollable(container(content).center_x(Length::Fill))
            .id(SCROLL_ID)
            .height(Length::Fill)
            .style(theme::scroller)
            .into()
    }
}

/// What the test button does, on a connection of its own: a short message through the saved server.
pub fn send_test_mail(db: &std::path::Path, to: &str) -> Result<String, String> {
    crate::alerts::mail::send_test(db, to).map(|()| format!("A test message was sent to {to}."))
}

/// Sends the test e-mail on a thread of its own (a mail server may take its time to answer)
/// and answers `Mail(TestSent)`.
pub fn test_mail_task(db: std::path::PathBuf, to: String) -> iced::Task<Message> {
    iced::Task::perform(crate::ui::work::off_thread(move || send_test_mail(&db, &to)), |sent| {
        Message::Mail(mail::Message::TestSent(sent.unwrap_or_else(|| Err("Sending stopped unexpectedly.".into()))))
    })
}

/// Undoes an import batch on a thread and connection of its own (it rewrites every record the
/// batch touched) and answers `Imports(Undone)`.
pub fn undo_import_task(db: std::path::PathBuf, batch: i64) -> iced::Task<Message> {
    iced::Task::perform(crate::ui::work::off_thread(move || imports::undo(&db, batch)), |undone| {
        let undone = undone.unwrap_or_else(|| Err(crate::ui::work::stopped("undoing the import")));
        Message::Imports(imports::Message::Undone(undone))
    })
}
