//! The desktop window (iced): the app, one module per screen, shared widgets and theme.

pub mod alerts;
pub mod app;
pub mod customers;
pub mod export;
pub mod import;
pub mod items;
pub mod keys;
pub mod prices;
pub mod reports;
pub mod settings;
pub mod theme;
pub mod welcome;
pub mod widgets;
pub mod work;

use crate::store::Store;
use app::App;
use std::path::PathBuf;
use std::sync::Mutex;

/// Opens the database and runs the window until it is closed. A database that
/// cannot be opened is reported (on stderr and as the error) before any window appears.
pub fn run(db_path: PathBuf, open_run: Option<i64>) -> Result<(), String> {
    let store = match Store::open(&db_path) {
        Ok(store) => store,
        Err(error) => {
            let message = customers::sentence(&error.to_string());
            eprintln!("{message}");
            return Err(message);
        }
    };
    // iced may ask for the initial state more than once; the first ask takes
    // the store opened above, any later one opens its own.
    let opened = Mutex::new(Some(store));
    let boot = move || {
        let store = opened.lock().ok().and_then(|mut slot| slot.take());
        let store = match store {
            Some(store) => store,
            None => match Store::open(&db_path) {
                Ok(store) => store,
                Err(error) => panic!("the database opened a moment ago cannot be opened again: {error}"),
            },
        };
        let (mut app, task) = App::new(store, db_path.clone());
        app.start_checking();
        match open_run {
            Some(run) => (app, task.chain(iced::Task::done(app::Message::OpenRun(run)))),
            None => (app, task),
        }
    };
    iced::application(boot, App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .settings(iced::Settings { default_text_size: theme::TEXT.into(), ..iced::Settings::default() })
        .window_size((1280.0, 800.0))
        // Closing asks about unsaved changes first; the app exits once they are dealt with.
        .exit_on_close_request(false)
        .centered()
        .run()
        .map_err(|error| {
            let message = customers::sentence(&format!("The window could not be opened: {error}"));
            eprintln!("{message}");
            message
        })
}
