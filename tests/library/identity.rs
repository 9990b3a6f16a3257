//! The app's identifier is written in several files that no compiler checks against each other:
//! the code, the packagers' tables in Cargo.toml and the Linux desktop files. One mismatch and the
//! desktop shows a nameless window, or Windows drops the notifications; so they are read here.

use clientele::identity::{APP_ID, APP_NAME, WINDOW_ICON_RGBA, WINDOW_ICON_SIZE};
use std::path::Path;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

#[test]
fn the_packagers_use_the_apps_identifier() {
    let cargo = read("Cargo.toml");
    assert!(cargo.contains(&format!("identifier = \"{APP_ID}\"")), "cargo-packager's identifier is not {APP_ID}");
    assert!(cargo.contains(&format!("product-name = \"{APP_NAME}\"")));
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let icon = format!("usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png");
        assert!(cargo.contains(&icon), "the .deb lacks {icon}");
    }
}

#[test]
fn the_linux_desktop_files_are_named_and_tied_to_the_identifier() {
    let desktop = read(&format!("packaging/linux/{APP_ID}.desktop"));
    for line in [
        format!("Name={APP_NAME}"),
        format!("Icon={APP_ID}"),
        format!("StartupWMClass={APP_ID}"),
        "Exec=clientele".into(),
    ] {
        assert!(desktop.lines().any(|l| l == line), "the desktop file lacks {line}");
    }
    let metainfo = read(&format!("packaging/linux/{APP_ID}.metainfo.xml"));
    assert!(metainfo.contains(&format!("<id>{APP_ID}</id>")));
    assert!(metainfo.contains(&format!("<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>")));
    let release = format!("<release version=\"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(metainfo.contains(&release), "the metainfo has no release entry for this version");
}

#[test]
fn the_window_icon_is_whole() {
    assert_eq!(WINDOW_ICON_RGBA.len(), (WINDOW_ICON_SIZE * WINDOW_ICON_SIZE * 4) as usize);
    // Not blank: the tile is opaque in the middle and transparent at the corner.
    let alpha = |x: u32, y: u32| WINDOW_ICON_RGBA[((y * WINDOW_ICON_SIZE + x) * 4 + 3) as usize];
    assert_eq!(alpha(WINDOW_ICON_SIZE / 2, WINDOW_ICON_SIZE / 2), 255);
    assert_eq!(alpha(0, 0), 0);
}
