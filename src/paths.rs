//! Where the book is: `--db`, then `CLIENTELE_DB`, then this computer's book (a small file in the
//! configuration folder that Settings → Book writes), then the default file in the OS data folder;
//! and whether that place is a local disk (see [`book_place`]).

use std::path::{Path, PathBuf};

pub const DB_ENV: &str = "CLIENTELE_DB";
pub const DB_FILE_NAME: &str = "clientele.db";

/// Names the folder this computer's settings are kept in instead of the OS configuration
/// folder; tests set it, so they never change the book the developer's own PC opens.
pub const CONFIG_DIR_ENV: &str = "CLIENTELE_CONFIG_DIR";

/// The file in the configuration folder that names the book this computer opens.
pub const THIS_COMPUTERS_BOOK_FILE: &str = "book.txt";

/// The database used when nothing else names one,
/// e.g. `~/.local/share/clientele/clientele.db` on Linux,
/// `~/Library/Application Support/Clientele/` on a Mac, `%APPDATA%\Clientele\data\` on Windows.
pub fn default_database() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "Clientele").map(|dirs| dirs.data_dir().join(DB_FILE_NAME))
}

/// This user's configuration folder for Clientele (`CLIENTELE_CONFIG_DIR` when set), e.g.
/// `~/.config/clientele` on Linux, `%APPDATA%\Clientele\config` on Windows.
pub fn config_dir() -> Option<PathBuf> {
    std::env::var_os(CONFIG_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::ProjectDirs::from("", "", "Clientele").map(|d| d.config_dir().to_path_buf()))
}

/// The places a book can be named, in the order they are asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookChoices {
    /// `--db`.
    pub explicit: Option<PathBuf>,
    /// `CLIENTELE_DB`.
    pub environment: Option<PathBuf>,
    /// The book this computer opens ([`this_computers_book`]).
    pub this_computer: Option<PathBuf>,
    /// The file in the OS data folder ([`default_database`]).
    pub default: Option<PathBuf>,
}

impl BookChoices {
    /// What this start was told, and what this computer and its user have.
    pub fn here(explicit: Option<PathBuf>) -> BookChoices {
        BookChoices {
            explicit,
            environment: std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from),
            this_computer: this_computers_book(),
            default: default_database(),
        }
    }

    /// The book to open: the first place that names one, made absolute when it is a file so
    /// every message (and the backups folder beside it) names one place unambiguously. A
    /// server's address is not a path: it stays exactly as given.
    pub fn resolve(self) -> Option<PathBuf> {
        let location = self.explicit.or(self.environment).or(self.this_computer).or(self.default)?;
        if crate::store::is_server_location(&location) {
            return Some(location);
        }
        Some(std::path::absolute(&location).unwrap_or(location))
    }
}

/// The book this start opens (see [`BookChoices`] for the order).
pub fn resolve_database(explicit: Option<PathBuf>) -> Option<PathBuf> {
    BookChoices::here(explicit).resolve()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathsError {
    #[error("this computer has no configuration folder for Clientele, so the book it opens cannot be remembered")]
    NoConfigFolder,
    #[error("the book this computer opens could not be written to {path}: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// The file that names the book this computer opens, where it is or would be.
pub fn this_computers_book_file() -> Option<PathBuf> {
    config_dir().map(|folder| folder.join(THIS_COMPUTERS_BOOK_FILE))
}

/// The book this computer opens when neither `--db` nor `CLIENTELE_DB` names one: a file's path
/// or a server's address (without a password), as Settings → Book last chose. `None` when none
/// was chosen (or the file cannot be read: then the default book is opened, as before a choice).
pub fn this_computers_book() -> Option<PathBuf> {
    read_book_choice(&this_computers_book_file()?)
}

/// The location named in a choice file: its first line that is not blank or a `#` comment.
pub fn read_book_choice(file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with('#')).map(PathBuf::from)
}

/// Records `location` as the book this computer opens; `None` forgets the choice, so the default
/// book is opened again.
pub fn keep_this_computers_book(location: Option<&Path>) -> Result<(), PathsError> {
    let file = this_computers_book_file().ok_or(PathsError::NoConfigFolder)?;
    write_book_choice(&file, location)
}

/// Writes (or, for `None`, removes) a choice file: whole into a new file, then put in place, so a
/// crash leaves the old choice rather than half a line.
pub fn write_book_choice(file: &Path, location: Option<&Path>) -> Result<(), PathsError> {
    let failed = |reason: std::io::Error| PathsError::Write { path: file.to_path_buf(), reason: reason.to_string() };
    let Some(location) = location else {
        return match std::fs::remove_file(file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(failed(e)),
            _ => Ok(()),
        };
    };
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let text = format!(
        "# The book Clientele opens on this computer: a file's path or a server's address.\n\
         # Written by Settings → Book; --db and CLIENTELE_DB still come first.\n{}\n",
        location.display()
    );
    let fresh = sidecar(file, ".new");
    let written = std::fs::write(&fresh, text).and_then(|()| std::fs::rename(&fresh, file));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&fresh);
        return Err(failed(e));
    }
    Ok(())
}

/// A book's location as messages and the log show it: a file's path, or a server's address
/// without its password.
pub fn shown(location: &std::path::Path) -> String {
    if !crate::store::is_server_location(location) {
        return location.display().to_string();
    }
    match crate::store::ServerAddress::from_location(location) {
        Ok(Some(address)) => address.display(),
        _ => "(a server address that cannot be read)".to_string(),
    }
}

/// Whether the book at `location` is there to be read: its file exists, or it is on a server
/// (where opening it tells whether it is there).
pub fn book_exists(location: &std::path::Path) -> bool {
    crate::store::is_server_location(location) || location.exists()
}

/// The file beside `path` whose name is `path`'s with `suffix` added: SQLite's `-wal` and
/// `-journal`, a backup's `.partial`.
pub fn sidecar(path: &std::path::Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the book at `book` is on a local disk, a network share (as the OS tells: statfs on
/// Unix, GetDriveType on Windows) or in a folder a sync service keeps (by the folders' names).
/// The book's folder is asked, or its nearest existing parent when it is not made yet.
pub fn book_place(book: &std::path::Path) -> crate::domain::location::BookPlace {
    use crate::domain::location::{BookPlace, synced_service};
    if crate::store::is_server_location(book) {
        // A server keeps its own files: no shared folder or sync service is involved.
        return BookPlace::Local;
    }
    let folder = book.ancestors().skip(1).find(|folder| folder.is_dir());
    if let Some(kind) = folder.and_then(network_file_system) {
        return BookPlace::NetworkShare(kind.to_string());
    }
    match synced_service(book) {
        Some(service) => BookPlace::Synced(service),
        None => BookPlace::Local,
    }
}

/// The kind of network file system `folder` is on, if it is on one (Linux: statfs's magic).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn network_file_system(folder: &std::path::Path) -> Option<&'static str> {
    let stat = statfs(folder)?;
    // f_type is a 32-bit magic number held in a wider, sometimes signed, field.
    crate::domain::location::network_fs_by_magic(stat.f_type as u32)
}

/// The kind of network file system `folder` is on, if it is on one (macOS and BSD: statfs's name).
#[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd", target_os = "openbsd"))]
fn network_file_system(folder: &std::path::Path) -> Option<&'static str> {
    let stat = statfs(folder)?;
    // SAFETY: f_fstypename is a NUL-terminated name the kernel wrote into the struct.
    let name = unsafe { std::ffi::CStr::from_ptr(stat.f_fstypename.as_ptr()) };
    crate::domain::location::network_fs_by_name(&name.to_string_lossy())
}

#[cfg(all(
    unix,
    not(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "openbsd"
    ))
))]
fn network_file_system(_folder: &std::path::Path) -> Option<&'static str> {
    None
}

#[cfg(unix)]
fn statfs(folder: &std::path::Path) -> Option<libc::statfs> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(folder.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: `path` is NUL-terminated and `stat` is a statfs-sized buffer the call fills.
    let done = unsafe { libc::statfs(path.as_ptr(), stat.as_mut_ptr()) };
    // SAFETY: filled by the successful call above.
    (done == 0).then(|| unsafe { stat.assume_init() })
}

/// Windows: a UNC path (\\server\share) or a drive letter the system calls remote. Compiled by
/// the Windows CI job; not run here.
#[cfg(windows)]
fn network_file_system(folder: &std::path::Path) -> Option<&'static str> {
    use std::os::windows::ffi::OsStrExt;
    use std::path::{Component, Prefix};
    use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
    const DRIVE_REMOTE: u32 = 4;
    let Some(Component::Prefix(prefix)) = folder.components().next() else { return None };
    match prefix.kind() {
        Prefix::UNC(..) | Prefix::VerbatimUNC(..) => Some("a Windows network share"),
        Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
            let root: Vec<u16> =
                std::ffi::OsStr::new(&format!("{}:\\", letter as char)).encode_wide().chain([0]).collect();
            // SAFETY: `root` is a NUL-terminated wide string that outlives the call.
            let kind = unsafe { GetDriveTypeW(root.as_ptr()) };
            (kind == DRIVE_REMOTE).then_some("a mapped network drive")
        }
        _ => None,
    }
}
