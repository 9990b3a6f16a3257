//! Copies of the book: taken with SQLite's online backup API while the book stays open, checked
//! before they get their final name, rotated, listed, and restored over the book.
//!
//! Not `VACUUM INTO`: it does not sync its output and may renumber rowids, which the search
//! index (keyed by customer id) depends on. The backup API copies pages as they are.

use super::settings::{read_setting, write_setting};
use super::{Result, Store, StoreError, check_is_book, latest_version};
use crate::domain::backup::{BackupKind, BackupName, Rotation, daily_backup_due};
use crate::paths::sidecar;
use chrono::{Local, NaiveDateTime, Timelike};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The folder beside the book that holds its copies unless the clerk chose another.
pub const BACKUPS_FOLDER: &str = "backups";

/// Added to a copy's name while it is written and checked; only a verified copy loses it.
const PARTIAL: &str = ".partial";

const FOLDER_KEY: &str = "backup_folder";
const DAILY_KEY: &str = "backup_keep_daily";
const WEEKLY_KEY: &str = "backup_keep_weekly";
const MONTHLY_KEY: &str = "backup_keep_monthly";

/// One copy of the book in the backups folder. Only a copy that passed SQLite's integrity check
/// is given its final name, so every file listed was verified when it was made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupFile {
    pub path: PathBuf,
    pub kind: BackupKind,
    pub taken_at: NaiveDateTime,
    pub size_bytes: u64,
}

/// Where the book's copies go and how many automatic ones are kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupSettings {
    /// A folder the clerk chose (a USB stick, a synced folder); `None`: `backups` beside the book.
    pub folder: Option<PathBuf>,
    pub rotation: Rotation,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub from: PathBuf,
    /// The book as it was just before, kept in the backups folder.
    pub kept: PathBuf,
    /// Whether that copy passed its check; a damaged book is kept as it was, unchecked, and is
    /// not listed among the backups.
    pub kept_verified: bool,
    /// The restored copy's schema version, before it was brought up to date.
    pub schema_version: i64,
}

impl Restored {
    pub fn sentence(&self) -> String {
        let kept = if self.kept_verified { "the book as it was is kept as" } else { "the damaged book is kept as" };
        format!("Restored the book from {}; {kept} {}", self.from.display(), self.kept.display())
    }
}

/// What opening a book of an older version did: upgraded it, after keeping a verified copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgraded {
    pub from: i64,
    pub to: i64,
    pub kept: PathBuf,
}

impl Upgraded {
    pub fn sentence(&self) -> String {
        format!(
            "Upgraded the book from version {} to {}; the old book is kept as {}",
            self.from,
            self.to,
            self.kept.display()
        )
    }
}

/// Where a server book's copies go on this computer: `backups/HOST-DATABASE` in the user's data
/// folder for Clientele.
fn server_backup_folder(server: &super::ServerAddress) -> Option<PathBuf> {
    let safe = |text: &str| -> String {
        text.chars().map(|c| if c.is_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect()
    };
    directories::ProjectDirs::from("", "", "Clientele").map(|dirs| {
        dirs.data_dir().join(BACKUPS_FOLDER).join(format!("{}-{}", safe(&server.host()), safe(server.database())))
    })
}

/// `backups` beside the book at `book`.
pub fn default_backup_folder(book: &Path) -> PathBuf {
    book.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(BACKUPS_FOLDER)
}

/// The book file's name without its extension, which starts each of its copies' names.
fn book_name(book: &Path) -> String {
    book.file_stem().map(|s| s.to_string_lossy().into_owned()).filter(|s| !s.is_empty()).unwrap_or("clientele".into())
}

fn now() -> NaiveDateTime {
    let now = Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

impl Store {
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        read_backup_settings(self.conn())
    }

    /// Keeps where copies go and how many are kept; a folder is made if it is missing, so a
    /// folder that cannot be written is refused now rather than at tonight's copy.
    pub fn save_backup_settings(&mut self, settings: &BackupSettings) -> Result<()> {
        if let Some(problem) = settings.rotation.problem() {
            return Err(StoreError::Rejected(problem));
        }
        if let Some(folder) = &settings.folder {
            prepare_folder(folder)?;
        }
        let tx = self.write_tx()?;
        let folder = settings.folder.as_ref().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        write_setting(&tx, FOLDER_KEY, &folder)?;
        write_setting(&tx, DAILY_KEY, &settings.rotation.daily.to_string())?;
        write_setting(&tx, WEEKLY_KEY, &settings.rotation.weekly.to_string())?;
        write_setting(&tx, MONTHLY_KEY, &settings.rotation.monthly.to_string())?;
        tx.commit()?;
        Ok(())
    }

    /// The folder this book's copies go to. A server book's chosen folder is used where this PC
    /// has it; otherwise its copies go to this user's data folder, by server and database.
    pub fn backup_folder(&self) -> Result<PathBuf> {
        if let Some(server) = self.server() {
            let chosen = self.backup_settings()?.folder.filter(|f| f.is_dir());
            return chosen.or_else(|| server_backup_folder(server)).ok_or_else(|| StoreError::Backup {
                folder: PathBuf::new(),
                reason: "this computer has no data folder for Clientele; choose a backups folder".into(),
            });
        }
        let book = self.book_path()?;
        Ok(self.backup_settings()?.folder.unwrap_or_else(|| default_backup_folder(&book)))
    }

    /// The name a book's copies start with: the file's name, or the server book's database.
    fn backup_stem(&self) -> Result<String> {
        match self.server() {
            Some(server) => Ok(book_name(Path::new(server.database()))),
            None => Ok(book_name(&self.book_path()?)),
        }
    }

    fn book_path(&self) -> Result<PathBuf> {
        self.path.clone().ok_or_else(|| StoreError::Backup {
            folder: PathBuf::new(),
            reason: "a book kept in memory has no file to copy".into(),
        })
    }

    /// Takes a verified copy into the backups folder; a daily copy then rotates the older ones.
    pub fn back_up(&self, kind: BackupKind) -> Result<BackupFile> {
        let folder = self.backup_folder()?;
        let file = self.back_up_into(&folder, kind)?;
        if kind == BackupKind::Daily {
            rotate(&folder, &self.backup_stem()?, self.backup_settings()?.rotation);
        }
        Ok(file)
    }

    /// A copy made by hand to `target`: a folder (made if missing, the copy named as in the
    /// backups folder) or a new file's name ending in `.db`. An existing file is never replaced.
    pub fn back_up_to(&self, target: &Path) -> Result<BackupFile> {
        let names_a_file = target.extension().is_some_and(|e| e.eq_ignore_ascii_case("db")) && !target.is_dir();
        if !names_a_file {
            return self.back_up_into(target, BackupKind::Manual);
        }
        let folder = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if target.exists() {
            return Err(StoreError::Backup {
                folder: folder.to_path_buf(),
                reason: format!("{} already exists; give a new file's name or a folder", target.display()),
            });
        }
        prepare_folder(folder)?;
        self.copy_verified(target, folder)?;
        Ok(BackupFile {
            path: target.to_path_buf(),
            kind: BackupKind::Manual,
            taken_at: now(),
            size_bytes: std::fs::metadata(target).map(|m| m.len()).unwrap_or(0),
        })
    }

    /// The copies of this book in its backups folder, newest first.
    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        Ok(list_backups(&self.backup_folder()?, &self.backup_stem()?))
    }

    /// The day's automatic copy, when none was taken today.
    pub fn daily_backup_if_due(&self) -> Result<Option<BackupFile>> {
        let newest_daily = self.backups()?.into_iter().find(|b| b.kind == BackupKind::Daily).map(|b| b.taken_at);
        if !daily_backup_due(newest_daily, now()) {
            return Ok(None);
        }
        self.back_up(BackupKind::Daily).map(Some)
    }

    /// An automatic copy when the book was written since its newest copy (when the window
    /// closes, so the day's last work is kept too).
    pub fn back_up_if_changed(&self) -> Result<Option<BackupFile>> {
        if self.server().is_some() {
            // A server book has no file time to compare; its daily copy is the checker's.
            return Ok(None);
        }
        let book = self.book_path()?;
        let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
        // A copy's file time is when its snapshot began (see `copy_verified`).
        let newest = self.backups()?.iter().filter_map(|b| modified(&b.path)).max();
        let written = [book.clone(), sidecar(&book, "-wal")].iter().filter_map(|p| modified(p)).max();
        let changed = match (newest, written) {
            (None, _) => true,
            (Some(newest), Some(written)) => written > newest,
            (Some(_), None) => false,
        };
        if !changed {
            return Ok(None);
        }
        self.back_up(BackupKind::Daily).map(Some)
    }

    /// Replaces the book's contents with the copy at `file`, after checking the copy and keeping
    /// the book as it was in the backups folder. The copy goes in as one write: a crash or a
    /// kill leaves the book as it was before or exactly the copy. An older copy is upgraded.
    pub fn restore_from(&mut self, file: &Path) -> Result<Restored> {
        if let Some(server) = self.server() {
            // Other clerks are working in it: a server book is never replaced under them.
            return Err(StoreError::BadBackup {
                path: file.to_path_buf(),
                reason: format!(
                    "a book on a server is not replaced while clerks may be working in it; put the copy in an empty database with clientele book copy --from {} --to {} and point the PCs at it",
                    file.display(),
                    server.display_as("ADMIN", "NEW_DATABASE")
                ),
            });
        }
        let book = self.book_path()?;
        let refuse = |reason: String| StoreError::BadBackup { path: file.to_path_buf(), reason };
        if !file.is_file() {
            return Err(refuse("there is no such file".into()));
        }
        if same_file(file, &book) {
            return Err(refuse("it is the book itself".into()));
        }
        let schema_version = verify_backup(file)?;
        let (kept, kept_verified) = match self.back_up(BackupKind::BeforeRestore) {
            Ok(copy) => (copy.path, true),
            // A damaged book cannot give a verified copy; it is kept as it is, since it may hold
            // work the backup does not. Any other failure (a full disk) stops the restore.
            Err(error) if !self.is_whole() => (self.keep_damaged().map_err(|_| error)?, false),
            Err(error) => return Err(error),
        };
        let source = Connection::open_with_flags(
            file,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| refuse(e.to_string()))?;
        {
            let conn =
                self.sqlite_mut().ok_or_else(|| StoreError::OnServer("restoring a copy into the book".into()))?;
            let restore = Backup::new(&source, conn)?;
            run_in_one_step(&restore)?;
        }
        // An older copy is brought up to date; it is itself the copy of the old book.
        self.finish_opening(false)?;
        tracing::info!(from = %file.display(), kept = %kept.display(), kept_verified, "book restored");
        Ok(Restored { from: file.to_path_buf(), kept, kept_verified, schema_version })
    }

    /// Whether SQLite's quick check finds the book's file whole.
    fn is_whole(&self) -> bool {
        self.sqlite().is_some_and(|conn| integrity_findings(conn, "quick_check").is_ok_and(|found| found.is_empty()))
    }

    /// Copies a damaged book's pages as they are, unchecked, to `<book>-<time>-damaged.db` in
    /// the backups folder (a name the list of backups does not take up).
    fn keep_damaged(&self) -> Result<PathBuf> {
        let book = self.book_path()?;
        let folder = self.backup_folder()?;
        prepare_folder(&folder)?;
        let path = folder.join(format!("{}-{}-damaged.db", book_name(&book), now().format("%Y-%m-%d-%H%M%S")));
        let partial = sidecar(&path, PARTIAL);
        copy_to(self.sqlite_conn("copying the book to a file")?, &partial)?;
        std::fs::rename(&partial, &path)
            .map_err(|e| StoreError::Backup { folder: folder.clone(), reason: e.to_string() })?;
        Ok(path)
    }

    /// Copies the book into the folder under a new backup name, checked before it is named.
    pub(crate) fn back_up_into(&self, folder: &Path, kind: BackupKind) -> Result<BackupFile> {
        prepare_folder(folder)?;
        let mut name = BackupName { book: self.backup_stem()?, taken_at: now(), kind };
        while folder.join(name.file_name()).exists() {
            name.taken_at += chrono::Duration::seconds(1);
        }
        let path = folder.join(name.file_name());
        if let Err(error) = self.copy_verified(&path, folder) {
            tracing::error!(kind = kind.key(), folder = %folder.display(), %error, "backup failed");
            return Err(error);
        }
        let size_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        tracing::info!(kind = kind.key(), path = %path.display(), bytes = size_bytes, "backup made and verified");
        Ok(BackupFile { path, kind, taken_at: name.taken_at, size_bytes })
    }

    /// Copies the book to a `.partial` file beside `path`, syncs and verifies it, and only then
    /// renames it to `path`; a failed copy leaves nothing behind. The copy's file time is set to
    /// when its snapshot began, so a write during the copy still counts as after it.
    fn copy_verified(&self, path: &Path, folder: &Path) -> Result<()> {
        let failed = |reason: String| StoreError::Backup { folder: folder.to_path_buf(), reason };
        let began = std::time::SystemTime::now();
        let partial = sidecar(path, PARTIAL);
        let _ = std::fs::remove_file(&partial);
        let copied = match self.sqlite() {
            Some(conn) => copy_to(conn, &partial),
            // A server book's copy is a Clientele book in a file: opened, checked and copied
            // back (clientele book copy) with this program alone, wherever the server is.
            None => Store::open(&partial).and_then(|mut file| {
                let copied = super::copy::copy_book(self, &mut file, |_| {})
                    .map(|_| ())
                    .map_err(|e| StoreError::Backup { folder: folder.to_path_buf(), reason: e.to_string() });
                // One self-contained file, as the copy of a file book is (no -wal beside it).
                if let Some(conn) = file.sqlite() {
                    let _: rusqlite::Result<String> = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
                }
                drop(file);
                copied
            }),
        };
        let outcome = copied.and_then(|()| match verify_backup(&partial) {
            Ok(_) => Ok(()),
            Err(error) => Err(failed(format!("the copy did not pass its check ({error})"))),
        });
        if let Err(error) = outcome {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(sidecar(&partial, "-journal"));
            return Err(match error {
                StoreError::Backup { .. } => error,
                other => failed(other.to_string()),
            });
        }
        let _ = std::fs::File::options().write(true).open(&partial).and_then(|f| f.set_modified(began));
        std::fs::rename(&partial, path).map_err(|e| failed(e.to_string()))?;
        sync_folder(folder);
        Ok(())
    }
}

/// Checks a copy without writing to it: a Clientele book that SQLite finds whole (its integrity
/// check, which covers the search index too) and that this version can open. Returns its
/// schema version.
pub fn verify_backup(path: &Path) -> Result<i64> {
    let refuse = |reason: String| StoreError::BadBackup { path: path.to_path_buf(), reason };
    check_is_book(path).map_err(|e| match e {
        StoreError::EmptyFile(_) => refuse("it is an empty file".into()),
        StoreError::NotADatabase(_) => refuse("it is not a Clientele book (or it is damaged)".into()),
        StoreError::NotClientele(_) => refuse("it is another program's database".into()),
        other => refuse(other.to_string()),
    })?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(|e| refuse(e.to_string()))?;
    let version: i64 =
        conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(|e| refuse(e.to_string()))?;
    if version > latest_version() {
        return Err(refuse(format!(
            "it was written by a newer version of Clientele (schema version {version}; this one knows up to {})",
            latest_version()
        )));
    }
    let findings = integrity_findings(&conn, "integrity_check").map_err(|e| refuse(e.to_string()))?;
    if !findings.is_empty() {
        return Err(refuse(format!("SQLite finds it damaged: {}", findings.join("; "))));
    }
    Ok(version)
}

/// What SQLite's `integrity_check` or `quick_check` reports, at most ten lines; empty when whole.
pub(crate) fn integrity_findings(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let sql = match pragma {
        "quick_check" => "PRAGMA quick_check(10)",
        _ => "PRAGMA integrity_check(10)",
    };
    let mut statement = conn.prepare(sql)?;
    let lines: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(if lines.len() == 1 && lines[0] == "ok" { Vec::new() } else { lines })
}

/// The online backup of `from`'s main database into a new file at `to`, left as one
/// self-contained file (rollback journal, not WAL) and synced to the disk.
fn copy_to(from: &Connection, to: &Path) -> Result<()> {
    let mut target = Connection::open(to)?;
    target.pragma_update(None, "synchronous", "FULL")?;
    {
        let backup = Backup::new(from, &mut target)?;
        run_in_one_step(&backup)?;
    }
    // The copied header says WAL when the book is in WAL; a backup is one file.
    let _mode: String = target.query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))?;
    target.close().map_err(|(_, e)| e)?;
    std::fs::File::open(to).and_then(|f| f.sync_all()).map_err(|e| StoreError::Sqlite(e.to_string()))?;
    Ok(())
}

/// Copies every page in one step: a consistent snapshot of the source, written to the target
/// as one transaction. Waits (up to about 10 s) while another connection holds a lock.
fn run_in_one_step(backup: &Backup<'_, '_>) -> Result<()> {
    for _ in 0..200 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(StoreError::Busy)
}

fn read_backup_settings(conn: &super::db::Db) -> Result<BackupSettings> {
    let count = |key: &str, default: u32| -> Result<u32> {
        Ok(read_setting(conn, key)?.and_then(|v| v.trim().parse().ok()).unwrap_or(default))
    };
    let defaults = Rotation::default();
    Ok(BackupSettings {
        folder: read_setting(conn, FOLDER_KEY)?.filter(|f| !f.trim().is_empty()).map(PathBuf::from),
        rotation: Rotation {
            daily: count(DAILY_KEY, defaults.daily)?,
            weekly: count(WEEKLY_KEY, defaults.weekly)?,
            monthly: count(MONTHLY_KEY, defaults.monthly)?,
        },
    })
}

/// The folder for a copy taken before an upgrade: the chosen one when the (older) book names one
/// that is there, otherwise `backups` beside the book.
pub(crate) fn upgrade_backup_folder(conn: &super::db::Db, book: &Path) -> PathBuf {
    read_backup_settings(conn)
        .ok()
        .and_then(|s| s.folder)
        .filter(|f| f.is_dir())
        .unwrap_or_else(|| default_backup_folder(book))
}

fn prepare_folder(folder: &Path) -> Result<()> {
    let failed = |reason: String| StoreError::Backup { folder: folder.to_path_buf(), reason };
    if folder.exists() && !folder.is_dir() {
        return Err(failed("it is a file, not a folder".into()));
    }
    std::fs::create_dir_all(folder).map_err(|e| failed(e.to_string()))
}

/// The book's copies in `folder`, newest first; files that are not its copies are left alone.
pub fn list_backups(folder: &Path, book: &str) -> Vec<BackupFile> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut found: Vec<BackupFile> = entries
        .flatten()
        .filter_map(|entry| {
            let name = BackupName::parse(&entry.file_name().to_string_lossy())?;
            let metadata = entry.metadata().ok().filter(|m| m.is_file())?;
            (name.book == book).then(|| BackupFile {
                path: entry.path(),
                kind: name.kind,
                taken_at: name.taken_at,
                size_bytes: metadata.len(),
            })
        })
        .collect();
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.path.cmp(&a.path)));
    found
}

/// Deletes the daily copies the rotation no longer keeps, and copies left half-made by a crash
/// more than an hour ago. A copy that cannot be deleted stays; the next rotation tries again.
fn rotate(folder: &Path, book: &str, rotation: Rotation) {
    let daily: Vec<BackupFile> =
        list_backups(folder, book).into_iter().filter(|b| b.kind == BackupKind::Daily).collect();
    let taken: Vec<NaiveDateTime> = daily.iter().map(|b| b.taken_at).collect();
    for (backup, keep) in daily.iter().zip(rotation.keeps(&taken)) {
        if !keep {
            match std::fs::remove_file(&backup.path) {
                Ok(()) => tracing::info!(path = %backup.path.display(), "old daily backup rotated away"),
                Err(error) => tracing::warn!(path = %backup.path.display(), %error, "old daily backup not removed"),
            }
        }
    }
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > Duration::from_secs(3600)));
        if name.starts_with(book) && name.ends_with(PARTIAL) && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes a rename in `folder` survive a power cut (its directory entry synced). Windows has no
/// such call for folders and syncs renames itself.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}
