//! The log file and crash reports: what each start did, kept in a daily file in this computer's
//! data folder, and a report of a panic that the next start points to.
//!
//! The library records with `tracing`'s macros wherever something worth keeping happens (starts,
//! schema upgrades, imports, alert runs, mail failures, a command's error); only a start of the
//! program ([`start`], called from `launch::main`) installs the writer, so tests and benches that
//! use the library write nothing. Logging never stops the program: where the folder cannot be
//! made, it carries on without a log. Passwords are never recorded.

use chrono::{Local, NaiveDateTime};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Names the log folder instead of the data folder's `logs` (tests use it, so they never write
/// into the real home).
pub const LOG_DIR_ENV: &str = "CLIENTELE_LOG_DIR";

/// When set, a start panics right after the log is set up. Nothing in the program does this on
/// purpose; the CLI tests set it to check the crash report and its mention at the next start
/// without a real bug to trigger.
pub const TEST_PANIC_ENV: &str = "CLIENTELE_TEST_PANIC";

/// How many daily log files are kept; older ones are removed as a new day's file is opened.
pub const KEEP_DAYS: usize = 14;

/// The log files are `clientele.YYYY-MM-DD.log` (the day in UTC, as the rolling writer names it).
const LOG_PREFIX: &str = "clientele";
const LOG_SUFFIX: &str = "log";

/// Holds the newest crash report not yet mentioned at a start: its time, then its path.
const MARKER: &str = "last-crash";

/// The crash marker's time format, read back by [`take_unreported_crash`].
const MARKER_TIME: &str = "%Y-%m-%d %H:%M:%S";

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("this computer has no data folder for Clientele's log; set {LOG_DIR_ENV} to a folder")]
    NoFolder,
    #[error("the log folder {} cannot be made: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the log file cannot be opened in {}: {reason}", path.display())]
    File { path: PathBuf, reason: String },
    #[error("a log writer was set up already in this program")]
    AlreadySet,
}

/// Where the log and crash reports go: `CLIENTELE_LOG_DIR`, else `logs` in this user's local data
/// folder (`~/.local/share/clientele/logs` on Linux, `%LOCALAPPDATA%\Clientele\data\logs` on
/// Windows, `~/Library/Application Support/Clientele/logs` on a Mac).
pub fn log_dir() -> Option<PathBuf> {
    std::env::var_os(LOG_DIR_ENV)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::ProjectDirs::from("", "", "Clientele").map(|dirs| dirs.data_local_dir().join("logs")))
}

/// What this start is, for the crash report (set once by [`start`]).
struct Run {
    command: String,
    book: Option<PathBuf>,
    folder: Option<PathBuf>,
}

static RUN: OnceLock<Run> = OnceLock::new();

/// Set when this run wrote the crash marker, so a run that carried on after a caught panic (a
/// window worker's job) takes its marker back at a normal end: the program did not stop.
static MARKED_THIS_RUN: AtomicBool = AtomicBool::new(false);

/// Who tells the clerk about a crash of an earlier start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrashNotice {
    /// A command prints one line on stderr.
    OnStderr,
    /// The window shows it (it calls [`take_unreported_crash`] itself), so nothing is printed.
    InWindow,
}

/// This start's hold on the log: dropped at the end of `main`. A normal end takes back a crash
/// marker this run wrote for a panic it survived; an end by a panic keeps it for the next start.
#[must_use = "the session must live until the end of main"]
pub struct Session(());

impl Drop for Session {
    fn drop(&mut self) {
        if std::thread::panicking() || !MARKED_THIS_RUN.load(Ordering::SeqCst) {
            return;
        }
        if let Some(folder) = RUN.get().and_then(|run| run.folder.as_ref()) {
            let _ = std::fs::remove_file(folder.join(MARKER));
            tracing::warn!("a panic was caught and the program carried on; its report stays in {}", folder.display());
        }
    }
}

/// Sets up the log and the crash report for this start of the program, records the start, and
/// mentions a crash of an earlier start (see [`CrashNotice`]). `command` is the command's words
/// ("customers add") or "window"; `book` the book's path when one was found. Never fails: without
/// a folder for it there is simply no log.
pub fn start(command: &str, book: Option<&Path>, notice: CrashNotice) -> Session {
    let folder = log_dir();
    let _ = RUN.set(Run { command: command.to_string(), book: book.map(Path::to_path_buf), folder: folder.clone() });
    // Quietly without a log: a clerk's command must not fail or chatter because of it.
    let _ = folder.as_deref().ok_or(LogError::NoFolder).and_then(install_writer);
    install_panic_hook();
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        command,
        book = %book.map_or_else(|| "(none found)".into(), crate::paths::shown),
        "Clientele started"
    );
    if notice == CrashNotice::OnStderr
        && let Some(crash) = take_unreported_crash()
    {
        eprintln!("{}", crash.sentence());
    }
    if std::env::var_os(TEST_PANIC_ENV).is_some_and(|value| !value.is_empty()) {
        panic!("{TEST_PANIC_ENV} is set: stopping on purpose to test the crash report");
    }
    Session(())
}

/// The words of the command a user typed, without its values ("customers add", "import undo"),
/// or "window" when there is none: what the log and a crash report say this start was. Values
/// are left out so nothing typed (a name, a path, a password) is written down.
pub fn command_words(matches: &clap::ArgMatches) -> String {
    let mut words = Vec::new();
    let mut level = matches;
    while let Some((name, next)) = level.subcommand() {
        words.push(name.to_string());
        level = next;
    }
    if words.is_empty() { "window".to_string() } else { words.join(" ") }
}

/// Records an applied import (the window's and the command line's say it the same way).
pub fn import_applied(kind: &str, file: &str, batch: i64, counts: &crate::store::ImportCounts) {
    tracing::info!(
        kind,
        file,
        batch,
        created = counts.created,
        updated = counts.updated,
        unchanged = counts.unchanged,
        skipped = counts.skipped + counts.invalid,
        "import applied"
    );
}

/// The daily file, appended to line by line as each event is written (no buffer, so nothing is
/// lost when the program ends or stops).
fn install_writer(folder: &Path) -> Result<(), LogError> {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    std::fs::create_dir_all(folder).map_err(|source| LogError::Folder { path: folder.to_path_buf(), source })?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix(LOG_PREFIX)
        .filename_suffix(LOG_SUFFIX)
        .max_log_files(KEEP_DAYS)
        .build(folder)
        .map_err(|error| LogError::File { path: folder.to_path_buf(), reason: error.to_string() })?;
    // Clientele's own records from `info` up; the libraries underneath only when something is wrong.
    let wanted = Targets::new().with_target("clientele", LevelFilter::INFO).with_default(LevelFilter::WARN);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(appender)
        .with_ansi(false)
        .with_timer(tracing_subscriber::fmt::time::ChronoLocal::rfc_3339())
        .with_max_level(LevelFilter::INFO)
        .finish()
        .with(wanted);
    tracing::subscriber::set_global_default(subscriber).map_err(|_| LogError::AlreadySet)
}

/// Writes a crash report for every panic before the usual message on stderr, so a clerk whose
/// program vanished can send it to whoever looks after the PC.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        write_crash_report(info);
        previous(info);
    }));
}

fn write_crash_report(info: &std::panic::PanicHookInfo<'_>) {
    let Some(run) = RUN.get() else { return };
    let Some(folder) = &run.folder else { return };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let now = Local::now();
    let message = info.payload_as_str().unwrap_or("(a panic without a message)");
    let location = info.location().map_or_else(|| "(unknown)".to_string(), ToString::to_string);
    let thread = std::thread::current().name().unwrap_or("(unnamed)").to_string();
    let report = format!(
        "Clientele stopped unexpectedly.\n\n\
         Time: {}\nProgram version: {}\nSystem: {} ({})\nCommand: {}\nBook: {}\nThread: {thread}\n\
         Message: {message}\nAt: {location}\n\nBacktrace:\n{}\n",
        now.to_rfc3339(),
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        run.command,
        run.book.as_deref().map_or_else(|| "(none)".to_string(), crate::paths::shown),
        std::backtrace::Backtrace::force_capture(),
    );
    let Some(path) = new_report_file(folder, &now, report.as_bytes()) else { return };
    let marker = format!("{}\n{}\n", now.format(MARKER_TIME), path.display());
    if std::fs::write(folder.join(MARKER), marker).is_ok() {
        MARKED_THIS_RUN.store(true, Ordering::SeqCst);
    }
    tracing::error!(report = %path.display(), at = %location, "panic: {message}");
}

/// Writes `contents` to a new `crash-YYYYMMDD-HHMMSS.txt` (with the process id when two panics
/// fall in one second) and returns its path; an existing report is never overwritten.
fn new_report_file(folder: &Path, now: &chrono::DateTime<Local>, contents: &[u8]) -> Option<PathBuf> {
    let stamp = now.format("%Y%m%d-%H%M%S");
    let names = [format!("crash-{stamp}.txt"), format!("crash-{stamp}-{}.txt", std::process::id())];
    names.iter().find_map(|name| {
        let path = folder.join(name);
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).ok()?;
        file.write_all(contents).and_then(|()| file.sync_all()).ok()?;
        Some(path)
    })
}

/// A crash of an earlier start, not yet told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrashReport {
    /// When it happened, in this computer's time.
    pub at: NaiveDateTime,
    /// The report file.
    pub path: PathBuf,
}

impl CrashReport {
    /// The one sentence a start says about it.
    pub fn sentence(&self) -> String {
        format!(
            "Clientele stopped unexpectedly on {}; a report is at {}",
            self.at.format("%Y-%m-%d %H:%M"),
            self.path.display()
        )
    }
}

/// The crash of an earlier start that has not been told yet, told once: the mark is removed as
/// it is taken, so the next start says nothing. A mark that no longer reads is removed too.
pub fn take_unreported_crash() -> Option<CrashReport> {
    let marker = log_dir()?.join(MARKER);
    let text = std::fs::read_to_string(&marker).ok()?;
    // Removed before it is told: a start that cannot remove it would otherwise tell it every time.
    std::fs::remove_file(&marker).ok()?;
    let mut lines = text.lines();
    let at = NaiveDateTime::parse_from_str(lines.next()?.trim(), MARKER_TIME).ok()?;
    let path = PathBuf::from(lines.next()?.trim());
    Some(CrashReport { at, path })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, Command};

    #[test]
    fn the_command_words_leave_every_value_out() {
        let cli =
            Command::new("clientele").arg(Arg::new("db").long("db")).subcommand(Command::new("alerts").subcommand(
                Command::new("mail").arg(Arg::new("host").long("host")).arg(Arg::new("from").long("from")),
            ));
        let matches =
            cli.clone().get_matches_from(["clientele", "--db", "x.db", "alerts", "mail", "--host", "smtp.example.com"]);
        assert_eq!(command_words(&matches), "alerts mail");
        let matches = cli.get_matches_from(["clientele", "--db", "x.db"]);
        assert_eq!(command_words(&matches), "window");
    }

    #[test]
    fn a_crash_sentence_names_the_time_and_the_report() {
        let crash = CrashReport {
            at: NaiveDateTime::parse_from_str("2026-03-31 14:05:09", MARKER_TIME).unwrap(),
            path: PathBuf::from("/logs/crash-20260331-140509.txt"),
        };
        assert_eq!(
            crash.sentence(),
            "Clientele stopped unexpectedly on 2026-03-31 14:05; a report is at /logs/crash-20260331-140509.txt"
        );
    }

    #[test]
    fn a_report_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let now = Local::now();
        let first = new_report_file(dir.path(), &now, b"first").unwrap();
        let second = new_report_file(dir.path(), &now, b"second").unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "first");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "second");
    }
}
