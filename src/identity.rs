//! Who the program is to the operating system: one name and one reverse-DNS identifier, used
//! everywhere the desktop matches a window, a notification or a shortcut to the installed app.
//!
//! The same identifier is written, outside the code, into `Cargo.toml` (cargo-packager's
//! `identifier`: the macOS bundle identifier and the AppUserModelID stamped on the Windows
//! Start-menu shortcut) and into `packaging/linux/` (the `.desktop` file's name, the AppStream id
//! and the hicolor icon name). `tests/library/identity.rs` checks that they all agree.

/// The reverse-DNS identifier: macOS bundle id, Windows AppUserModelID, Linux desktop-entry id
/// (and so the window's Wayland app id / X11 class, and the icon's name in the icon theme).
pub const APP_ID: &str = "org.clientele.Clientele";

/// The name people see: window title, notification source, Start-menu and app-grid entry.
pub const APP_NAME: &str = "Clientele";

/// The window icon: 64×64 straight RGBA, made from `assets/icon/clientele.svg` by
/// `packaging/icons.sh`, so the window needs no image decoder.
pub const WINDOW_ICON_RGBA: &[u8] = include_bytes!("../assets/icon/clientele-window.rgba");

/// The side of [`WINDOW_ICON_RGBA`] in pixels.
pub const WINDOW_ICON_SIZE: u32 = 64;
