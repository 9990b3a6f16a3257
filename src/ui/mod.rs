//! The desktop window (iced): the app, one module per screen, shared widgets and theme.

pub mod alerts;
pub mod app;
pub mod closing;
pub mod customers;
pub mod export;
pub mod import;
pub mod items;
pub mod keys;
pub mod listeners;
pub mod prices;
pub mod reports;
pub mod safety;
pub mod settings;
pub mod theme;
pub mod welcome;
pub mod widgets;
pub mod work;
pub mod worker;

use crate::identity::{WINDOW_ICON_RGBA, WINDOW_ICON_SIZE};
use crate::instance::Listener;
use crate::store::Store;
use app::App;
use listeners::Handover;
use std::path::PathBuf;
use std::sync::Mutex;

/// What the clerk chose when the book could not be opened at start.
enum StartChoice {
    TryAgain,
    ThisComputer(PathBuf),
    Close,
}

/// Says why the book did not open, in a dialog of the system's own (there is no window yet, and
/// on Windows no console to print to): try again (the server may be starting), open the book on
/// this computer instead (when the one that failed is on a server), or close. Where the system
/// has no dialog to show (Linux without a portal or zenity), it closes, as before.
fn cannot_open(message: &str, db_path: &std::path::Path) -> StartChoice {
    use rfd::{MessageButtons, MessageDialog, MessageDialogResult, MessageLevel};
    const TRY_AGAIN: &str = "Try again";
    const THIS_COMPUTER: &str = "Open the book on this computer";
    const CLOSE: &str = "Close";
    let local = crate::paths::default_database().filter(|_| crate::store::is_server_location(db_path));
    let buttons = match &local {
        Some(_) => MessageButtons::YesNoCancelCustom(TRY_AGAIN.into(), THIS_COMPUTER.into(), CLOSE.into()),
        None => MessageButtons::OkCancelCustom(TRY_AGAIN.into(), CLOSE.into()),
    };
    let answer = MessageDialog::new()
        .set_level(MessageLevel::Warning)
        .set_title("Clientele could not open the book")
        .set_description(message)
        .set_buttons(buttons)
        .show();
    match (answer, local) {
        (MessageDialogResult::Custom(label), _) if label == TRY_AGAIN => StartChoice::TryAgain,
        (MessageDialogResult::Custom(label), Some(file)) if label == THIS_COMPUTER => StartChoice::ThisComputer(file),
        _ => StartChoice::Close,
    }
}

/// Opens the database and runs the window until it is closed. A database that
/// cannot be opened is reported (on stderr and as the error) before any window appears.
/// `claim` is this start's hold on the book (see `crate::instance`): the window hears later
/// starts on it.
pub fn run(mut db_path: PathBuf, open_run: Option<i64>, mut claim: Option<Listener>) -> Result<(), String> {
    let store = loop {
        match Store::open(&db_path) {
            Ok(store) => break store,
            Err(error) => {
                let message = customers::sentence(&error.to_string());
                eprintln!("{message}");
                match cannot_open(&message, &db_path) {
                    StartChoice::TryAgain => continue,
                    StartChoice::ThisComputer(file) => {
                        // The recorded server book stays unopened until chosen again in Settings → Book.
                        let _ = crate::paths::keep_this_computers_book(None);
                        db_path = file;
                        // The claim was on the other book's name; later starts on this one open their own.
                        claim = None;
                        continue;
                    }
                    StartChoice::Close => return Err(message),
                }
            }
        }
    };
    // iced may ask for the initial state more than once; the first ask takes
    // the store opened above, any later one opens its own.
    let handover = claim.and_then(|listener| match Handover::serve(listener) {
        Ok(handover) => Some(handover),
        // The window still works; only a later start would open a second window.
        Err(error) => {
            eprintln!("Clientele could not listen for later starts on this book: {error}");
            None
        }
    });
    // Taken (and so cleared) once, here: iced may call `boot` more than once.
    let crash = crate::logging::take_unreported_crash();
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
        if let Some(crash) = &crash {
            app.tell_crash(crash);
        }
        if let Some(handover) = handover.clone() {
            app.hear_later_starts(handover);
        }
        let task = task.chain(fit_to_screen());
        match open_run {
            Some(run) => (app, task.chain(iced::Task::done(app::Message::OpenRun(run)))),
            None => (app, task),
        }
    };
    iced::application(boot, App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .settings(theme::text_settings())
        .window(window_settings())
        .window_size(START_SIZE)
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

/// The window as the desktop should know it: the app's icon, and on Linux the app id that ties
/// the window to the installed `org.clientele.Clientele.desktop` (its name and icon in the dock).
/// The currency a new book is offered in: the one of this computer's language (`ko-KR` -> ₩).
pub fn suggested_currency() -> crate::domain::money::Currency {
    crate::domain::money::Currency::for_locale(&sys_locale::get_locale().unwrap_or_default())
}

fn window_settings() -> iced::window::Settings {
    use iced::window::settings::PlatformSpecific;
    let icon = iced::window::icon::from_rgba(WINDOW_ICON_RGBA.to_vec(), WINDOW_ICON_SIZE, WINDOW_ICON_SIZE).ok();
    // Wayland's app id and X11's WM_CLASS; a window whose id matches no desktop file shows as a
    // nameless program with a generic icon. (Windows and macOS take the id from the installer.)
    #[cfg(all(unix, not(target_os = "macos")))]
    let platform_specific =
        PlatformSpecific { application_id: crate::identity::APP_ID.to_string(), ..PlatformSpecific::default() };
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let platform_specific = PlatformSpecific::default();
    iced::window::Settings { icon, platform_specific, min_size: Some(MIN_SIZE), ..iced::window::Settings::default() }
}

/// The size a window opens at where the screen has room for it.
const START_SIZE: iced::Size = iced::Size::new(1280.0, 800.0);
/// The smallest window every screen is laid out for: a 1366×768 laptop, or 1920×1080 at 150 %
/// scaling (1280×720 logical), leaves at least this much once the taskbar and title bar are drawn.
pub const MIN_SIZE: iced::Size = iced::Size::new(1024.0, 640.0);

/// On a screen too small for the start size (a laptop), the window shrinks to the screen and is
/// maximized, rather than opening with its header or its Save buttons past the screen's edge.
/// (Without a window manager to maximize it, the smaller size still fits.) Logical pixels.
fn fit_to_screen<Message: Send + 'static>() -> iced::Task<Message> {
    iced::window::oldest().and_then(|id| {
        iced::window::monitor_size(id).and_then(move |monitor| match fitted_size(monitor) {
            Some(size) => {
                let centred = iced::Point::new(
                    ((monitor.width - size.width) / 2.0).max(0.0),
                    ((monitor.height - size.height) / 2.0).max(0.0),
                );
                iced::window::resize(id, size)
                    .chain(iced::window::move_to(id, centred))
                    .chain(iced::window::maximize(id, true))
            }
            None => iced::Task::none(),
        })
    })
}

/// The size that fits a `monitor` too small for [`START_SIZE`], or `None` where it fits.
pub fn fitted_size(monitor: iced::Size) -> Option<iced::Size> {
    // Room for a title bar and a taskbar, which the monitor's size includes.
    const CHROME: iced::Size = iced::Size::new(40.0, 100.0);
    let room = iced::Size::new(monitor.width - CHROME.width, monitor.height - CHROME.height);
    if room.width >= START_SIZE.width && room.height >= START_SIZE.height {
        return None;
    }
    Some(iced::Size::new(
        room.width.clamp(MIN_SIZE.width, START_SIZE.width),
        room.height.clamp(MIN_SIZE.height, START_SIZE.height),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::Size;

    #[test]
    fn a_large_screen_keeps_the_start_size() {
        assert_eq!(fitted_size(Size::new(1920.0, 1080.0)), None);
        assert_eq!(fitted_size(Size::new(1320.0, 900.0)), None);
    }

    #[test]
    fn a_laptop_screen_gets_a_window_that_fits_it() {
        // 1366x768 at 100 %, and 1920x1080 at 150 % (1280x720 logical).
        assert_eq!(fitted_size(Size::new(1366.0, 768.0)), Some(Size::new(1280.0, 668.0)));
        assert_eq!(fitted_size(Size::new(1280.0, 720.0)), Some(Size::new(1240.0, 640.0)));
        // Never below the size every screen is laid out for.
        assert_eq!(fitted_size(Size::new(800.0, 600.0)), Some(MIN_SIZE));
    }
}
