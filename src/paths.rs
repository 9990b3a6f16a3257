//! Where the database lives: `--db`, then `CLIENTELE_DB`, then the OS data folder.

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
    Some(std::path::absolute(&path).unwrap_or(path))
}
