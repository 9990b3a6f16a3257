//! Settings → Book driven through its real view: the server form typed and connected (against
//! the server `CLIENTELE_TEST_POSTGRES` names, when it is set), a server that cannot be reached
//! said in a sentence with every field kept, the window's title naming its book, and the window
//! turning to another book with its claim on the book's name moved along.

use crate::screen_support::{click_text, messages, replace_in, shows, tall, type_into};
use clientele::instance::{self, Claim};
use clientele::store::{ServerAddress, Store, TlsMode};
use clientele::ui::app::{self, App, Tab};
use clientele::ui::settings::book::{self, DATABASE_ID, HOST_ID, PASSWORD_ID, PORT_ID, Request, TLS_ID, USER_ID};
use clientele::ui::settings::{Action, Message, Settings};
use iced_test::core::{Event, Point, mouse};
use iced_test::{Simulator, selector};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use tempfile::TempDir;

/// This computer's book and kept passwords go to a folder of the tests' own, never to the
/// developer's configuration folder or keyring (set once for the whole test binary); the tests
/// that write them take turns, so each reads back its own.
fn private_config() -> (MutexGuard<'static, ()>, &'static Path) {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    static TURN: Mutex<()> = Mutex::new(());
    let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let folder = FOLDER.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("clientele-ui-config-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        // SAFETY: set once, to the same values for every test, before any test of the book reads them.
        unsafe {
            std::env::set_var(clientele::paths::CONFIG_DIR_ENV, folder.join("config"));
            std::env::set_var(clientele::secrets::SECRETS_DIR_ENV, folder.join("secrets"));
        }
        folder
    });
    (turn, folder)
}

/// A book in a file named `office.db` and the Settings screen over it.
struct Window {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
    settings: Settings,
}

impl Window {
    fn new() -> Window {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("office.db");
        let store = Store::open(&path).unwrap();
        let settings = Settings::new(&store).unwrap();
        Window { _dir: dir, path, store, settings }
    }

    /// Clicks and types in the view and feeds what that sent through `update`; the actions.
    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) -> Vec<Action> {
        let sent = messages(tall(self.settings.view()), act);
        sent.into_iter().map(|message| self.settings.update(message, &mut self.store)).collect()
    }

    /// Runs the book the section asked to open here and now (the app runs it off its thread)
    /// and hands the section the outcome.
    fn answer(&mut self, request: Request) -> Action {
        let outcome = request.run(false);
        self.settings.update(Message::Book(book::Message::Opened(outcome)), &mut self.store)
    }

    fn shows(&self, needle: &str) -> bool {
        shows(&mut tall(self.settings.view()), needle)
    }

    /// What the input `id` holds now.
    fn typed(&self, id: &str) -> String {
        let mut ui = tall(self.settings.view());
        match ui.find(selector::id(id.to_string())) {
            Ok(selector::Target::TextInput { content, .. }) => content,
            other => panic!("#{id} is not an input on screen: {other:?}"),
        }
    }
}

/// The one request among `actions`.
fn request(actions: Vec<Action>) -> Request {
    let mut requests = actions.into_iter().filter_map(|action| match action {
        Action::Book(request) => Some(request),
        _ => None,
    });
    let request = requests.next().expect("the section asked to open a book");
    assert!(requests.next().is_none());
    request
}

/// Opens the drop-down wrapped in `#id` and clicks its option number `index`.
fn pick<M>(ui: &mut Simulator<'_, M>, id: &str, index: usize) {
    let bounds = ui.click(selector::id(id.to_string())).unwrap().bounds();
    let option = Point::new(bounds.center_x(), bounds.y + bounds.height * (index as f32 + 1.5));
    ui.point_at(option);
    let _ = ui.simulate([Event::Mouse(mouse::Event::CursorMoved { position: option })]);
    let _ = ui.simulate(iced_test::simulator::click());
}

/// Fills the server form as a clerk types it.
fn fill(window: &mut Window, host: &str, port: &str, database: &str, user: &str, password: &str) {
    window.round(|ui| {
        type_into(ui, HOST_ID, host);
        replace_in(ui, PORT_ID, port);
        type_into(ui, DATABASE_ID, database);
        type_into(ui, USER_ID, user);
        type_into(ui, PASSWORD_ID, password);
    });
}

#[test]
fn the_section_says_where_the_book_is_and_the_title_names_it() {
    let window = Window::new();
    assert!(window.shows("On this computer"));
    assert!(window.shows(&window.path.display().to_string()), "the file's whole path");
    assert!(!window.shows("Use the book on this computer"), "it is already the book on this computer");

    let (app, _) = App::new(Store::open(&window.path).unwrap(), window.path.clone());
    assert_eq!(app.title(), "Clientele — office.db");
}

#[test]
fn a_server_that_cannot_be_reached_is_said_and_every_field_keeps_its_text() {
    let mut window = Window::new();
    assert!(window.round(|ui| click_text(ui, "Open a book on a server…")).iter().all(|a| *a == Action::None));
    assert_eq!(window.typed(PORT_ID), "5432", "the form starts on PostgreSQL's port");

    assert!(window.round(|ui| click_text(ui, "Connect")).iter().all(|a| *a == Action::None), "nothing to try yet");
    assert!(window.shows("Give the server's name or address"));

    // Port 1 on this computer: nothing listens there, so the connection is refused at once.
    fill(&mut window, "127.0.0.1", "1", "office", "clerk", "s3cret");
    window.round(|ui| pick(ui, TLS_ID, 0));
    let asked = request(window.round(|ui| click_text(ui, "Connect")));
    assert_eq!(asked.location(), PathBuf::from("postgres://clerk@127.0.0.1:1/office?sslmode=disable"));
    assert!(!format!("{asked:?}").contains("s3cret"), "the request never prints the password");
    assert!(window.shows("Connecting to 127.0.0.1:1…") && window.shows("Connecting…"));
    assert!(window.settings.book().is_busy());

    assert_eq!(window.answer(asked), Action::None, "no book to turn to");
    assert!(!window.settings.book().is_busy());
    assert!(window.shows("cannot be reached"), "{:?}", window.settings.book().status());
    for (id, typed) in
        [(HOST_ID, "127.0.0.1"), (PORT_ID, "1"), (DATABASE_ID, "office"), (USER_ID, "clerk"), (PASSWORD_ID, "••••••")]
    {
        assert_eq!(window.typed(id), typed, "#{id} keeps what was typed (the password masked)");
    }

    // Corrected and tried again from the same form.
    window.round(|ui| replace_in(ui, PORT_ID, "2"));
    let again = request(window.round(|ui| click_text(ui, "Connect")));
    let address = ServerAddress::new("127.0.0.1", 2, "office", "clerk", TlsMode::Off).unwrap();
    assert_eq!(
        again,
        Request::Server { address: Box::new(address), password: "s3cret".into() },
        "the password and TLS choice were kept too"
    );
}

#[test]
fn a_bad_port_is_said_before_any_connection() {
    let mut window = Window::new();
    window.round(|ui| click_text(ui, "Open a book on a server…"));
    fill(&mut window, "office-server", "54x", "office", "clerk", "");
    assert!(window.round(|ui| click_text(ui, "Connect")).iter().all(|a| *a == Action::None));
    assert!(window.shows("\u{201c}54x\u{201d} is not a port; write a number such as 5432."));
}

/// The server `CLIENTELE_TEST_POSTGRES` names, as its parts: host, port, database, user, password.
fn test_server() -> Option<(String, String, String, String, String)> {
    let url = std::env::var("CLIENTELE_TEST_POSTGRES").ok().filter(|u| !u.trim().is_empty())?;
    let address = clientele::store::ServerAddress::parse(&url).expect("CLIENTELE_TEST_POSTGRES is a server's URL");
    let password = url.split("://").nth(1)?.split('@').next()?.split_once(':').map(|(_, p)| p.to_string());
    Some((
        address.host(),
        address.port().to_string(),
        address.database().to_string(),
        address.user().to_string(),
        password.unwrap_or_default(),
    ))
}

#[test]
fn connecting_opens_the_book_on_the_server_keeps_its_password_and_the_window_turns_to_it() {
    let Some((host, port, database, user, password)) = test_server() else {
        eprintln!("CLIENTELE_TEST_POSTGRES is not set: the connection itself is not tried");
        return;
    };
    let (_turn, config) = private_config();
    let mut window = Window::new();
    window.round(|ui| click_text(ui, "Open a book on a server…"));
    fill(&mut window, &host, &port, &database, &user, &password);
    let asked = request(window.round(|ui| click_text(ui, "Connect")));
    let location = asked.location();
    assert!(!location.to_string_lossy().contains(&format!(":{password}@")), "no password in the location");

    let switch = window.answer(asked);
    let Action::SwitchBook(opened) = switch else { panic!("the window is asked to turn to the book: {switch:?}") };
    assert_eq!(opened.location, location);
    assert!(opened.said.contains(&format!("database {database}, as user {user}")), "{}", opened.said);

    // This computer's book names it; its password is kept (here in the tests' folder).
    assert_eq!(clientele::paths::this_computers_book(), Some(location.clone()));
    assert!(config.join("config").join("book.txt").exists());
    let kept = clientele::store::ServerAddress::from_location(&location).unwrap().unwrap().secret();
    assert_eq!(kept.load().as_deref(), Some(password.as_str()));
    assert!(std::env::var_os("PGPASSWORD").is_none(), "the kept password, not PGPASSWORD, signs in below");
    let reopened = Store::open(&location).expect("the book opens by its location alone, with the kept password");
    assert!(reopened.server().is_some());

    // The whole window turns to it: title, Settings → Book, and a sentence saying what happened.
    let (mut app, _) = App::new(Store::open(&window.path).unwrap(), window.path.clone());
    let _ = app.update(app::Message::Settings(Message::Book(book::Message::Opened(Ok(opened)))));
    assert_eq!(app.title(), format!("Clientele — {database} on {host}"));
    assert_eq!(app.tab(), Tab::Settings);
    assert!(app.notice().is_some_and(|(_, said)| said.contains("This computer opens it at every start")));
    if app.is_welcoming() {
        // A new book on the server: the welcome says where it is, and starts it as on a file.
        let started = messages(tall(app.view()), |ui| {
            assert!(shows(ui, &format!("The book is kept on the PostgreSQL server {host}:{port}")));
            click_text(ui, "Start empty");
        });
        for message in started {
            let _ = app.update(message);
        }
        let _ = app.update(app::Message::Tab(Tab::Settings));
    }
    let mut ui = tall(app.view());
    assert!(shows(&mut ui, &format!("PostgreSQL server {host}:{port}, database {database}, as user {user}")));
    assert!(shows(&mut ui, "This computer opens this book at every start."));
    assert!(shows(&mut ui, "Its password is kept in"));
    assert!(shows(&mut ui, "Use the book on this computer"));
    assert!(shows(&mut ui, "Its copies are Clientele book files"), "Backups says how a server book is copied");
}

/// The window holds its book's name (one window per book): turned to another book, it holds
/// that one's instead, so a later start on the old book opens a window of its own and a later
/// start on the new one comes to this window.
#[test]
fn turning_to_another_book_moves_the_windows_claim_to_it() {
    use clientele::ui::listeners::{Handover, later_starts};
    use iced::futures::{StreamExt, executor::block_on};
    let (_turn, _) = private_config();
    let window = Window::new();
    let other = window.path.with_file_name("branch.db");
    let Ok(Claim::First(listener)) = instance::claim(&window.path, instance::Request::Show) else {
        panic!("no window holds this book yet");
    };
    let (mut app, _) = App::new(Store::open(&window.path).unwrap(), window.path.clone());
    app.hear_later_starts(Handover::serve(listener).unwrap());

    let opened = Request::File(other.clone()).run(true).expect("the other book opens");
    let _ = app.update(app::Message::Settings(Message::Book(book::Message::Opened(Ok(opened)))));
    assert_eq!(app.title(), "Clientele — branch.db");

    let Ok(Claim::First(_office)) = instance::claim(&window.path, instance::Request::Show) else {
        panic!("the book the window left is free for a window of its own");
    };
    let later = std::thread::spawn({
        let other = other.clone();
        move || instance::claim(&other, instance::Request::Show)
    });
    let handover = app.handover().expect("the window listens on its new book").clone();
    let heard = block_on(later_starts(&handover).next());
    assert!(matches!(heard, Some(app::Message::Raise)), "{heard:?}");
    assert!(matches!(later.join().unwrap(), Ok(Claim::HandedOver)));
    assert_eq!(clientele::paths::this_computers_book(), Some(other));
}

/// Settings → Book → This computer: whose desk it is, typed and kept on the computer, so an
/// alert pops up at its recipients' desks.
#[test]
fn whose_desk_this_computer_is_is_typed_and_kept_on_it() {
    let (_turn, _folder) = private_config();
    let mut window = Window::new();
    window.round(|ui| {
        type_into(ui, book::DESK_NAME_ID, "Kim");
        type_into(ui, book::DESK_ROLE_ID, "Owner");
    });
    window.round(|ui| click_text(ui, book::SAVE_DESK));
    let kept = clientele::this_computer::desk();
    assert_eq!((kept.name.as_str(), kept.role.as_str()), ("Kim", "Owner"));
    assert!(window.shows("alerts meant for this desk pop up here"));
    // Opened again, the section shows what is kept.
    let again = Window::new();
    assert_eq!(again.typed(book::DESK_NAME_ID), "Kim");
    clientele::this_computer::set_desk(&Default::default()).unwrap();
}
