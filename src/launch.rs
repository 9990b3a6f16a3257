//! What one start of the program does: a command-line command, a hand-over to the window already
//! open on the book, or a new window. Both executables (`clientele` and, for Windows consoles,
//! `clientele-cli`) are this function.

use crate::cli::{self, Cli, CliError, Context};
use crate::instance::{self, Claim, Request};
use crate::logging::{self, CrashNotice};
use clap::{CommandFactory, FromArgMatches};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the program with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    if std::env::args_os().len() > 1 {
        console::attach_to_parent();
    }
    // Usage errors exit with 2 and --help/--version with 0, as clap decides. The matches are kept
    // for the command's words in the log.
    let matches = Cli::command().get_matches();
    let args = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    // A date written year-last (31/03/2026, 03/31/2026) is read as this computer's language writes it.
    let language = sys_locale::get_locale().unwrap_or_default();
    crate::domain::date::set_date_order(crate::domain::date::DateOrder::for_locale(&language));
    let db = crate::paths::resolve_database(args.db);
    // The log and the crash report first, so all that follows is recorded (kept until main ends).
    let notice = if args.command.is_some() { CrashNotice::OnStderr } else { CrashNotice::InWindow };
    let _log = logging::start(&logging::command_words(&matches), db.as_deref(), notice);
    let Some(db) = db else {
        return fail(&CliError::NoDatabase);
    };
    match args.command {
        None => open_window(db, args.open_run),
        Some(command) => {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            let mut out = stdout.lock();
            let mut err = stderr.lock();
            let mut ctx = Context {
                db,
                json: args.json,
                err_is_terminal: std::io::stderr().is_terminal(),
                out: &mut out,
                err: &mut err,
            };
            let result = cli::run(command, &mut ctx).and_then(|()| Ok(out.flush()?));
            drop(err);
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
                Err(error) => fail(&error),
            }
        }
    }
}

fn fail(error: &CliError) -> ExitCode {
    tracing::error!("the command ended with an error: {error}");
    eprintln!("error: {error}");
    ExitCode::from(error.exit_code())
}

/// Opens the window on `db`, unless one is open on it already: then that window is asked to come
/// forward (on run `open_run`, when given) and this start ends.
fn open_window(db: PathBuf, open_run: Option<i64>) -> ExitCode {
    let request = open_run.map_or(Request::Show, Request::OpenRun);
    console::let_another_window_come_forward();
    let claim = match instance::claim(&db, request) {
        Ok(Claim::HandedOver) => {
            eprintln!("Clientele is already open on {}; that window was brought forward.", crate::paths::shown(&db));
            return ExitCode::SUCCESS;
        }
        Ok(Claim::First(listener)) => Some(listener),
        // A second window on one book is safe (the store takes turns); no window at all is worse.
        Err(error) => {
            eprintln!("{error}; opening another window on it.");
            None
        }
    };
    // A second start hands its request over above, display or not; only a window needs one.
    if let Some(missing) = no_display() {
        // winit would panic on the way in ("Create event loop"); say it and point to the CLI.
        eprintln!(
            "There is no display to open the window on ({missing}). The command line works here: \
             clientele --help"
        );
        return ExitCode::FAILURE;
    }
    match crate::ui::run(db, open_run, claim) {
        Ok(()) => ExitCode::SUCCESS,
        // ui::run has already told the user on stderr; saying it twice would only confuse.
        Err(_) => ExitCode::FAILURE,
    }
}

/// Why a window cannot open on this Linux or BSD desktop session, when the environment says so:
/// neither an X display nor a Wayland one is named. Windows and macOS always have a display.
fn no_display() -> Option<&'static str> {
    if cfg!(any(windows, target_os = "macos")) {
        return None;
    }
    let named = |variable: &str| std::env::var_os(variable).is_some_and(|value| !value.is_empty());
    (!named("DISPLAY") && !named("WAYLAND_DISPLAY")).then_some("neither DISPLAY nor WAYLAND_DISPLAY is set")
}

/// What Windows asks of a windowed program: the console it was typed in, and the foreground.
mod console {
    /// On Windows `clientele.exe` is a windowed program (no console window opens behind the app),
    /// so a command typed in cmd or PowerShell would print nowhere. It attaches to that console
    /// instead, so its output shows. cmd does not wait for a windowed program, so scripts that
    /// need the exit code use `clientele-cli.exe`, which is a console program and never needs
    /// this. Output redirected to a file or pipe keeps its handle; attaching changes nothing then.
    /// Compiled and linted by the Windows job in `.github/workflows/ci.yml`; not run here.
    #[cfg(windows)]
    pub fn attach_to_parent() {
        use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
        // SAFETY: AttachConsole takes a process id and touches no memory of ours; it fails
        // harmlessly when there is no parent console or one is attached already.
        unsafe {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }

    /// Elsewhere a program always has the console it was started from.
    #[cfg(not(windows))]
    pub fn attach_to_parent() {}

    /// Windows lets only the program the user just started take the foreground, so the window
    /// already open could not come forward when this start hands over to it: this start passes
    /// its right on. Compiled by the Windows CI job and by .ci/run's Windows clippy; not run here.
    #[cfg(windows)]
    pub fn let_another_window_come_forward() {
        use windows_sys::Win32::UI::WindowsAndMessaging::{ASFW_ANY, AllowSetForegroundWindow};
        // SAFETY: takes a process id (here "any") and touches no memory of ours; a refusal only
        // means the open window flashes in the taskbar instead of coming forward.
        unsafe {
            AllowSetForegroundWindow(ASFW_ANY);
        }
    }

    /// Other systems let the open window come forward by itself.
    #[cfg(not(windows))]
    pub fn let_another_window_come_forward() {}
}
