//! Build steps: rebuild the library when a migration changes, and give the Windows executables
//! their icon and version information.

fn main() {
    // `include_dir!` embeds the `migrations/` folder but cannot tell Cargo to watch it.
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=assets/icon/clientele.ico");
    // The target's OS, not the build machine's: cross builds for Windows need the resource too.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        windows_resource();
    }
}

/// The icon Explorer, the taskbar and the Start-menu shortcut show, and the Details tab's
/// product name, description and version (from Cargo.toml). Built by the Windows CI and release
/// jobs; this machine cannot build for Windows.
fn windows_resource() {
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon("assets/icon/clientele.ico")
        .set("ProductName", "Clientele")
        .set("FileDescription", "Clientele: customer book, prices, credit and ledger alerts")
        .set("CompanyName", "Clientele")
        .set("LegalCopyright", "Copyright © Clientele");
    if let Err(error) = resource.compile() {
        // A Windows build without its icon would ship looking unfinished: stop instead.
        panic!("the Windows resource (icon, version) could not be compiled: {error}");
    }
}
