//! The Book section of Settings: where the open book is, *Open a book on a server…* (server,
//! port, database, user, password, TLS) and *Use the book on this computer*.
//!
//! Connecting can take seconds (a server across the office, or one that does not answer), so it
//! runs on a thread of its own ([`Request::task`]). Once the book is open there, its password is
//! kept on this computer (`crate::secrets`), it becomes this computer's book
//! (`crate::paths::keep_this_computers_book`), and the app turns the window to it ([`Opened`]).

use super::parts::{self, TEXT};
use crate::domain::alerts::Desk;
use crate::instance::{self, Claim, Listener};
use crate::secrets::{KEYRING_NAME, KeptIn};
use crate::store::{ServerAddress, Store, TlsMode};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use crate::ui::work::off_thread;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length, Task};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The form's inputs, for focus and tests.
pub const HOST_ID: &str = "book-host";
pub const PORT_ID: &str = "book-port";
pub const DATABASE_ID: &str = "book-database";
pub const USER_ID: &str = "book-user";
pub const PASSWORD_ID: &str = "book-password";
pub const TLS_ID: &str = "book-tls";
pub const DESK_NAME_ID: &str = "desk-name";
pub const DESK_ROLE_ID: &str = "desk-role";
pub const SAVE_DESK: &str = "Save whose desk this is";

/// PostgreSQL's own port, which the form starts with.
const DEFAULT_PORT: u16 = 5432;

#[derive(Debug, Clone)]
pub enum Message {
    OpenForm,
    CloseForm,
    Host(String),
    Port(String),
    Database(String),
    User(String),
    Password(String),
    Tls(TlsMode),
    Connect,
    UseThisComputer,
    DeskName(String),
    DeskRole(String),
    /// Keep whose desk this computer is (on this computer, not in the book).
    SaveDesk,
    /// What opening the book came to ([`Request::task`]).
    Opened(Result<Opened, String>),
}

/// What the section asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    None,
    /// Open a book off the window's thread: [`Request::task`].
    Request(Request),
    /// The book is open: the window turns to it.
    Switch(Opened),
}

/// The book to open, handed to the app, which runs it with [`Request::task`].
#[derive(Clone)]
pub enum Request {
    /// The book on a server, signed in with `password` (kept on this computer once it opens).
    Server { address: Box<ServerAddress>, password: String },
    /// The book in this file on this computer.
    File(PathBuf),
}

// By hand, so a test failure or a log never prints the password.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Request::Server { address, .. } => write!(f, "Server({})", address.display()),
            Request::File(path) => write!(f, "File({})", path.display()),
        }
    }
}

impl PartialEq for Request {
    fn eq(&self, other: &Request) -> bool {
        let password = |request: &Request| match request {
            Request::Server { password, .. } => Some(password.clone()),
            Request::File(_) => None,
        };
        self.location() == other.location() && password(self) == password(other)
    }
}

impl Eq for Request {}

impl Request {
    /// Where the book is, as the window and this computer's book name it (never with a password).
    pub fn location(&self) -> PathBuf {
        match self {
            Request::Server { address, .. } => address.location(),
            Request::File(path) => path.clone(),
        }
    }

    /// The request on a thread of its own, answering [`Message::Opened`]. `open` is the book the
    /// window shows now; `claiming` whether the window holds its book's name (see
    /// `crate::instance`), in which case the new book's name is claimed too.
    pub fn task(self, open: &Path, claiming: bool) -> Task<Message> {
        let claim = claiming && !instance::same_book(open, &self.location());
        Task::perform(off_thread(move || self.run(claim)), |answer| {
            Message::Opened(answer.unwrap_or_else(|| Err("Opening the book stopped unexpectedly.".into())))
        })
    }

    /// Opens the book here and now (the task runs this off the window's thread; tests run it
    /// directly), keeps its password, records it as this computer's book and, when `claim`,
    /// claims its name for this window.
    pub fn run(self, claim: bool) -> Result<Opened, String> {
        let location = self.location();
        let (store, mut said) = match self {
            Request::Server { address, password } => {
                let store =
                    Store::open_server(&(*address).clone().with_password(&password)).map_err(parts::sentence)?;
                if !password.is_empty() {
                    address.secret().keep(&password).map_err(|e| {
                        parts::sentence(format!(
                            "the book opened, but its password could not be kept on this computer: {e}"
                        ))
                    })?;
                }
                (store, format!("Opened the book on the {}.", address.describe()))
            }
            Request::File(path) => {
                let store = Store::open(&path).map_err(parts::sentence)?;
                (store, format!("Opened the book on this computer, {}.", path.display()))
            }
        };
        // The default file needs no record: forgetting the choice opens it.
        let recorded = (Some(&location) != crate::paths::default_database().as_ref()).then_some(location.as_path());
        match crate::paths::keep_this_computers_book(recorded) {
            Ok(()) => said.push_str(" This computer opens it at every start."),
            Err(e) => said.push_str(&format!(
                " {}",
                parts::sentence(format!("{e}; the next start opens the book it opened before"))
            )),
        }
        let listener = if claim {
            match instance::claim(&location, instance::Request::Show) {
                Ok(Claim::First(listener)) => Some(listener),
                Ok(Claim::HandedOver) => {
                    return Err(
                        "That book is already open in another Clientele window, which was brought to the front.".into(),
                    );
                }
                // The window still works; only a later start on this book would open a second window.
                Err(e) => {
                    tracing::warn!("the window could not claim the book it turned to: {e}");
                    None
                }
            }
        } else {
            None
        };
        tracing::info!(book = %store.location(), "the window turned to another book");
        Ok(Opened { location, said, book: Arc::new(Mutex::new(Some((store, listener)))) })
    }
}

/// A book opened off the window's thread, for the app to turn the window to: its store and, when
/// claimed, its name (taken once; the message that carries it may be cloned).
#[derive(Clone)]
pub struct Opened {
    pub location: PathBuf,
    /// What happened, for the clerk.
    pub said: String,
    book: Arc<Mutex<Option<OpenBook>>>,
}

/// An open book and, when the window claimed it, its name.
pub type OpenBook = (Store, Option<Listener>);

impl Opened {
    /// The open book and its claimed name; `None` once taken.
    pub fn take(&self) -> Option<OpenBook> {
        self.book.lock().ok().and_then(|mut slot| slot.take())
    }
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Opened({})", self.location.display())
    }
}

impl PartialEq for Opened {
    fn eq(&self, other: &Opened) -> bool {
        Arc::ptr_eq(&self.book, &other.book)
    }
}

impl Eq for Opened {}

/// The open book's short name, for the window's title: the file's name ("office.db"), or the
/// database and its server ("office on server.lan"); `None` for a book in memory.
pub fn book_name(store: &Store) -> Option<String> {
    match (store.server(), store.path()) {
        (Some(server), _) => Some(format!("{} on {}", server.database(), server.host())),
        (None, Some(path)) => path.file_name().map(|name| name.to_string_lossy().into_owned()),
        (None, None) => None,
    }
}

/// The sentence that keeps a book from being left while `what` holds work not saved.
pub fn finish_first(what: &str) -> String {
    format!("{what} holds work that is not saved yet; save it or put it away before opening another book.")
}

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
struct Form {
    host: String,
    port: String,
    database: String,
    user: String,
    password: String,
    tls: TlsMode,
}

impl Form {
    /// The address typed, or what is missing in a sentence.
    fn address(&self) -> Result<ServerAddress, String> {
        if self.host.trim().is_empty() {
            return Err("Give the server's name or address, e.g. office-server or 192.168.1.20.".into());
        }
        let port = self.port.trim().parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
            format!("\u{201c}{}\u{201d} is not a port; write a number such as {DEFAULT_PORT}.", self.port.trim())
        })?;
        if self.database.trim().is_empty() {
            return Err("Give the database the book is in, e.g. office.".into());
        }
        if self.user.trim().is_empty() {
            return Err("Give the user name to sign in to the server with.".into());
        }
        ServerAddress::new(&self.host, port, &self.database, &self.user, self.tls).map_err(parts::sentence)
    }
}

pub struct Book {
    /// The open book, in words: its file's path, or its server, database and user.
    shown: String,
    /// The open book's server, when it is on one.
    server: Option<ServerAddress>,
    /// The file *Use the book on this computer* opens.
    this_computer: Option<PathBuf>,
    /// Whether the open book is the one this computer opens at every start.
    opened_at_start: bool,
    /// Where the open server book's password is kept (read once: the keyring may ask to unlock).
    password_kept: Option<KeptIn>,
    form: Option<Form>,
    busy: bool,
    status: Option<(Tone, String)>,
    /// Whose desk this computer is, as typed, and as kept.
    desk: Desk,
    desk_kept: Desk,
}

impl Book {
    pub fn load(store: &Store) -> Book {
        let server = store.server().cloned();
        let shown = match &server {
            Some(server) => server.describe(),
            None => store.location(),
        };
        let open = server.as_ref().map(ServerAddress::location).or_else(|| store.path().map(Path::to_path_buf));
        let chosen = crate::paths::this_computers_book().or_else(crate::paths::default_database);
        let opened_at_start = match (&open, &chosen) {
            (Some(open), Some(chosen)) => instance::same_book(open, chosen),
            _ => false,
        };
        let this_computer = match (&server, store.path()) {
            (None, Some(path)) => Some(path.to_path_buf()),
            _ => crate::paths::default_database(),
        };
        let password_kept = server.as_ref().and_then(|server| server.secret().kept_in());
        let desk_kept = crate::this_computer::desk();
        Book {
            shown,
            server,
            this_computer,
            opened_at_start,
            password_kept,
            form: None,
            busy: false,
            status: None,
            desk: desk_kept.clone(),
            desk_kept,
        }
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }

    pub fn status(&self) -> Option<&(Tone, String)> {
        self.status.as_ref()
    }

    /// Opens the server form, filled in with the open book's server when it is on one.
    pub fn open_form(&mut self) {
        if self.form.is_some() {
            return;
        }
        let form = match &self.server {
            Some(server) => Form {
                host: server.host(),
                port: server.port().to_string(),
                database: server.database().to_string(),
                user: server.user().to_string(),
                password: String::new(),
                tls: server.tls(),
            },
            None => Form { port: DEFAULT_PORT.to_string(), ..Form::default() },
        };
        self.form = Some(form);
        self.status = None;
    }

    pub fn update(&mut self, message: Message) -> Event {
        let idle = !self.busy;
        match (message, &mut self.form) {
            (Message::Host(value), Some(form)) => form.host = value,
            (Message::Port(value), Some(form)) => form.port = value,
            (Message::Database(value), Some(form)) => form.database = value,
            (Message::User(value), Some(form)) => form.user = value,
            (Message::Password(value), Some(form)) => form.password = value,
            (Message::Tls(tls), Some(form)) => form.tls = tls,
            (Message::Connect, Some(form)) if idle => match form.address() {
                Ok(address) => {
                    let password = form.password.clone();
                    return self.start(Request::Server { address: Box::new(address), password });
                }
                Err(problem) => self.status = Some((Tone::Danger, problem)),
            },
            (Message::CloseForm, _) if idle => {
                self.form = None;
                self.status = None;
            }
            (Message::OpenForm, _) if idle => self.open_form(),
            (Message::UseThisComputer, _) if idle => match self.this_computer.clone() {
                Some(file) => return self.start(Request::File(file)),
                None => {
                    self.status =
                        Some((Tone::Danger, "This computer has no data folder for a book of its own.".to_string()))
                }
            },
            (Message::DeskName(name), _) => self.desk.name = name,
            (Message::DeskRole(role), _) => self.desk.role = role,
            (Message::SaveDesk, _) => match crate::this_computer::set_desk(&self.desk) {
                Ok(()) => {
                    self.desk_kept = crate::this_computer::desk();
                    self.desk = self.desk_kept.clone();
                    let said = if self.desk_kept.is_set() {
                        "Kept: alerts meant for this desk pop up here, whichever computer runs them."
                    } else {
                        "Kept: this computer is nobody's desk in particular and pops up the alerts it runs."
                    };
                    self.status = Some((Tone::Success, said.to_string()));
                }
                Err(error) => self.status = Some((Tone::Danger, parts::sentence(error.to_string()))),
            },
            (Message::Opened(outcome), _) => {
                self.busy = false;
                match outcome {
                    Ok(opened) => {
                        self.status = Some((Tone::Success, opened.said.clone()));
                        return Event::Switch(opened);
                    }
                    // The form stays as typed, password and all, to correct and try again.
                    Err(problem) => self.status = Some((Tone::Danger, problem)),
                }
            }
            _ => {}
        }
        Event::None
    }

    fn start(&mut self, request: Request) -> Event {
        self.busy = true;
        self.status = Some((
            Tone::Info,
            match &request {
                Request::Server { address, .. } => format!("Connecting to {}:{}…", address.host(), address.port()),
                Request::File(_) => "Opening the book on this computer…".to_string(),
            },
        ));
        Event::Request(request)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let idle = !self.busy;
        let mut place = column![
            row![
                text(if self.server.is_some() { "On a server" } else { "On this computer" })
                    .size(theme::SMALL)
                    .font(parts::BOLD)
                    .style(theme::muted)
                    .width(Length::Fixed(130.0)),
                text(&self.shown).size(TEXT),
            ]
            .spacing(12)
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        let mut notes = Vec::new();
        if self.opened_at_start {
            notes.push("This computer opens this book at every start.".to_string());
        }
        if self.server.is_some() {
            notes.push(match &self.password_kept {
                Some(kept) => format!("Its password is kept in {}; not in the book.", kept.describe()),
                None => "No password is kept for it on this computer.".to_string(),
            });
        }
        if !notes.is_empty() {
            place = place.push(parts::hint(notes.join(" ")));
        }
        let mut actions = row![parts::secondary_button(
            "Open a book on a server…",
            (idle && self.form.is_none()).then_some(Message::OpenForm)
        )]
        .spacing(8);
        if self.server.is_some() {
            actions = actions.push(parts::secondary_button(
                "Use the book on this computer",
                (idle && self.this_computer.is_some()).then_some(Message::UseThisComputer),
            ));
        }
        let mut body = column![place, actions].spacing(14);
        if let Some(form) = &self.form {
            body = body.push(self.form_view(form));
        }
        body = body.push(self.desk_view());
        if let Some((tone, status)) = &self.status {
            body = body.push(widgets::notice(*tone, status.as_str()));
        }
        parts::section(
            "Book",
            "Which book this window shows. PCs in one office can share a book kept on a PostgreSQL server.",
            body,
        )
    }

    /// This computer: whose desk it is, so an alert pops up at its recipients' desks.
    fn desk_view(&self) -> Element<'_, Message> {
        let name = widgets::input(DESK_NAME_ID, "e.g. Kim", &self.desk.name, Message::DeskName, false)
            .on_submit(Message::SaveDesk);
        let role = widgets::input(DESK_ROLE_ID, "e.g. Sales manager", &self.desk.role, Message::DeskRole, false)
            .on_submit(Message::SaveDesk);
        let changed = self.desk != self.desk_kept;
        column![
            parts::subheading("This computer"),
            row![
                container(widgets::field("Whose desk (name)", false, name, None)).width(Length::FillPortion(2)),
                container(widgets::field("Their role", false, role, None)).width(Length::FillPortion(2)),
                container(parts::secondary_button(SAVE_DESK, changed.then_some(Message::SaveDesk)))
                    .width(Length::FillPortion(2)),
            ]
            .spacing(16)
            .align_y(Alignment::End),
            parts::hint(
                "An alert rule's run pops up on the desks its recipients name (by name or role), once each, \
                 whichever computer ran it; a computer that is nobody's desk pops up the runs it makes. Kept on \
                 this computer, not in the book.",
            ),
        ]
        .spacing(10)
        .into()
    }

    fn form_view<'a>(&'a self, form: &'a Form) -> Element<'a, Message> {
        let idle = !self.busy;
        let host = widgets::input(HOST_ID, "e.g. office-server or 192.168.1.20", &form.host, Message::Host, false)
            .on_submit(Message::Connect);
        let port = widgets::input(PORT_ID, "5432", &form.port, Message::Port, false).on_submit(Message::Connect);
        let database = widgets::input(DATABASE_ID, "e.g. office", &form.database, Message::Database, false)
            .on_submit(Message::Connect);
        let user = widgets::input(USER_ID, "your sign-in on the server", &form.user, Message::User, false)
            .on_submit(Message::Connect);
        let password = widgets::input(PASSWORD_ID, "kept on this computer", &form.password, Message::Password, false)
            .secure(true)
            .on_submit(Message::Connect);
        let tls = parts::tagged(TLS_ID.into(), widgets::choice(&TlsMode::ALL[..], Some(form.tls), Message::Tls, false));
        parts::panel(
            column![
                parts::subheading("Open a book on a server"),
                row![
                    container(widgets::field("Server", true, host, None)).width(Length::FillPortion(3)),
                    container(widgets::field("Port", true, port, None)).width(Length::FillPortion(1)),
                    container(widgets::field("Database", true, database, None)).width(Length::FillPortion(2)),
                ]
                .spacing(16),
                row![
                    container(widgets::field("User name", true, user, None)).width(Length::FillPortion(2)),
                    container(widgets::field("Password", false, password, None)).width(Length::FillPortion(2)),
                    container(widgets::field("Encryption (TLS)", false, tls, None)).width(Length::FillPortion(2)),
                ]
                .spacing(16),
                parts::hint(format!(
                    "The password is kept in {KEYRING_NAME} (where none answers, in a file only your user account can \
                     read), never in the book. An empty database becomes a new book. Once it opens, this computer \
                     opens that book at every start."
                )),
                row![
                    parts::primary_button(
                        if idle { "Connect" } else { "Connecting…" },
                        idle.then_some(Message::Connect)
                    ),
                    parts::secondary_button("Cancel", idle.then_some(Message::CloseForm)),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            ]
            .spacing(14),
        )
    }
}
