//! What this computer keeps for itself rather than in the shared book: whose desk it is (so an
//! alert's popup appears at the right desks when several PCs share one book), and the name it is
//! known by in the book's record of popups shown.

use crate::domain::alerts::Desk;
use crate::paths::config_dir;
use std::path::PathBuf;

const DESK_FILE: &str = "desk.json";

#[derive(Debug, thiserror::Error)]
pub enum ThisComputerError {
    #[error("this computer has no folder for Clientele's own settings")]
    NoFolder,
    #[error("{path} could not be written: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// Whose desk this computer is; empty (not set) until someone says.
pub fn desk() -> Desk {
    config_dir()
        .and_then(|dir| std::fs::read_to_string(dir.join(DESK_FILE)).ok())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Keeps whose desk this computer is (an empty desk forgets it), written whole or not at all.
pub fn set_desk(desk: &Desk) -> Result<(), ThisComputerError> {
    let dir = config_dir().ok_or(ThisComputerError::NoFolder)?;
    let path = dir.join(DESK_FILE);
    let failed = |e: std::io::Error| ThisComputerError::Write { path: path.clone(), reason: e.to_string() };
    std::fs::create_dir_all(&dir).map_err(failed)?;
    let tidy = Desk { name: desk.name.trim().to_string(), role: desk.role.trim().to_string() };
    let text = serde_json::to_string_pretty(&tidy).unwrap_or_default();
    let fresh = path.with_extension("json.new");
    std::fs::write(&fresh, text).and_then(|()| std::fs::rename(&fresh, &path)).map_err(failed)?;
    Ok(())
}

/// This computer's name and user ("OFFICE-PC-2/kim"): how the book records which computers have
/// shown a popup, so each shows it once.
pub fn computer_id() -> String {
    let user = ["USERNAME", "USER", "LOGNAME"].iter().find_map(|v| std::env::var(v).ok()).unwrap_or_default();
    format!("{}/{}", host_name(), user)
}

#[cfg(unix)]
fn host_name() -> String {
    let mut buffer = [0_u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that many bytes.
    let ok = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) } == 0;
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    if ok { String::from_utf8_lossy(&buffer[..end]).into_owned() } else { String::new() }
}

#[cfg(not(unix))]
fn host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}
