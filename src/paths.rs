//! Where the database lives: `--db`, then `CLIENTELE_DB`, then the OS data folder; and whether
//! that place is a local disk (see [`book_place`]).

use std::path::PathBuf;

pub const DB_ENV: &str = "CLIENTELE_DB";
pub const DB_FILE_NAME: &str = "clientele.db";

/// The database used when neither `--db` nor `CLIENTELE_DB` names one,
/// e.g. `~/.local/share/clientele/clientele.db` on Linux,
/// `~/Library/Application Support/Clientele/` on a Mac, `%APPDATA%\Clientele\data\` on Windows.
pub fn default_database() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "Clientele").map(|dirs| dirs.data_dir().join(DB_FILE_NAME))
}

/// Resolves the database path from an explicit choice, the environment, or the default, made
/// absolute so every message (and the backups folder beside it) names one place unambiguously.
pub fn resolve_database(explicit: Option<PathBuf>) -> Option<PathBuf> {
    let path = explicit
        .or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(default_database)?;
    if crate::store::is_server_location(&path) {
        // A server's address is not a path: it stays exactly as given.
        return Some(path);
    }
    Some(std::path::absolute(&path).unwrap_or(path))
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
