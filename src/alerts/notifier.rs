//! Raising a run's notification: on the desktop through notify-rust, or into a list for tests.

use crate::domain::alerts::Notice;
use crate::identity::{APP_ID, APP_NAME};
use std::sync::{Arc, Mutex};

/// Something that tells the owner about a run.
pub trait Notifier: Send {
    /// Shows `notice` for run `run_id`; the error is a sentence for the run's record.
    fn notify(&self, run_id: i64, notice: &Notice) -> Result<(), String>;
}

/// Hears the run whose "Open report" was picked; answers whether a window took it.
pub type OpenReport = Arc<dyn Fn(i64) -> bool + Send + Sync>;

/// The operating system's notifications. When the user picks "Open report", the run's id goes to
/// `opened` (the window brings that report forward), or when no window takes it,
/// `open_in_window` starts one on it.
#[derive(Clone, Default)]
pub struct DesktopNotifier {
    pub opened: Option<OpenReport>,
    /// The program and database to start a window with (`clientele --db PATH --open-run ID`).
    pub open_in_window: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

/// The action id the notification servers also send when the notification itself is clicked.
const OPEN_ACTION: &str = "default";
/// The button's label; macOS answers a button with its label rather than its id.
const OPEN_LABEL: &str = "Open report";

impl Notifier for DesktopNotifier {
    fn notify(&self, run_id: i64, notice: &Notice) -> Result<(), String> {
        let mut notification = notify_rust::Notification::new();
        notification
            .appname(APP_NAME)
            .summary(&notice.summary)
            .body(&body_text(&notice.body))
            .action(OPEN_ACTION, OPEN_LABEL)
            .timeout(notify_rust::Timeout::Never);
        attribute_to_app(&mut notification);
        let handle = notification.show().map_err(|e| e.to_string())?;
        let opened = self.opened.clone();
        let open_in_window = self.open_in_window.clone();
        // Waiting for the click blocks, so it gets a thread of its own; it ends when the
        // notification is acted on or closed.
        let waiter = std::thread::Builder::new().name(format!("alert-notice-{run_id}")).spawn(move || {
            wait_for_open(handle, move || {
                let delivered = opened.as_ref().is_some_and(|open| open(run_id));
                if !delivered && let Some((program, db)) = open_in_window {
                    let _ = std::process::Command::new(program)
                        .arg("--db")
                        .arg(db)
                        .arg("--open-run")
                        .arg(run_id.to_string())
                        .spawn();
                }
            });
        });
        // The notification is up either way; only its "Open report" would be lost.
        drop(waiter);
        Ok(())
    }
}

/// Marks the notification as Clientele's, so the desktop shows it with the app's name and icon
/// (see `crate::identity`).
fn attribute_to_app(notification: &mut notify_rust::Notification) {
    // Linux and the BSDs: the desktop entry the installed package ships, and its icon by name
    // from the icon theme (the .deb puts it in hicolor). packaging/linux/check-deb.sh reads both
    // off the session bus for the installed program.
    #[cfg(all(unix, not(target_os = "macos")))]
    notification.hint(notify_rust::Hint::DesktopEntry(APP_ID.to_string())).icon(APP_ID);
    // Windows shows a toast only for an AppUserModelID that a Start-menu shortcut carries; the
    // installer stamps APP_ID on its shortcut. Without it the toast would claim to be PowerShell.
    // Compiled by the Windows CI job; not run here.
    #[cfg(windows)]
    notification.app_id(APP_ID);
    // macOS names a notification's app by bundle identifier, once per process; the .app bundle
    // carries APP_ID. Compiled by the macOS CI job; not run here.
    #[cfg(target_os = "macos")]
    {
        static SET: std::sync::Once = std::sync::Once::new();
        SET.call_once(|| {
            let _ = notify_rust::set_application(APP_ID);
        });
        let _ = &notification;
    }
}

/// Blocks until the notification is acted on or closed, and calls `open` when the user asked for
/// the report: the button, or (where the system reports it) a click on the notification itself.
#[cfg(not(windows))]
fn wait_for_open(handle: notify_rust::NotificationHandle, open: impl FnOnce()) {
    handle.wait_for_action(|action| {
        if action == OPEN_ACTION || action == OPEN_LABEL {
            open();
        }
    });
}

/// Windows reports a click on the toast itself as its default response, which `wait_for_action`
/// would pass on as "closed"; the full response tells the two apart. Compiled by the Windows CI
/// job; not run here.
#[cfg(windows)]
fn wait_for_open(handle: notify_rust::NotificationHandle, open: impl FnOnce()) {
    use notify_rust::NotificationResponse;
    let _ = handle.wait_for_response(|response: &NotificationResponse| match response {
        NotificationResponse::Default => open(),
        NotificationResponse::Action(action) if action == OPEN_ACTION => open(),
        _ => {}
    });
}

/// The body as the notification server wants it. Servers on Linux and the BSDs read a little
/// markup, so a customer called "Cooper & Sons" must not be taken for an entity.
fn body_text(body: &str) -> String {
    if cfg!(all(unix, not(target_os = "macos"))) {
        body.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        body.to_string()
    }
}

/// One notification a [`RecordingNotifier`] received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentNotice {
    pub run_id: i64,
    pub notice: Notice,
}

/// Keeps every notice instead of showing it: for tests, and for `--no-notify`.
#[derive(Debug, Clone, Default)]
pub struct RecordingNotifier {
    pub sent: Arc<Mutex<Vec<SentNotice>>>,
    /// When set, every notice fails with this sentence.
    pub fail_with: Option<String>,
}

impl RecordingNotifier {
    pub fn notices(&self) -> Vec<SentNotice> {
        self.sent.lock().map(|sent| sent.clone()).unwrap_or_default()
    }
}

impl Notifier for RecordingNotifier {
    fn notify(&self, run_id: i64, notice: &Notice) -> Result<(), String> {
        if let Some(error) = &self.fail_with {
            return Err(error.clone());
        }
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(SentNotice { run_id, notice: notice.clone() });
        }
        Ok(())
    }
}
