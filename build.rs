//! Rebuilds the library when a migration is added or changed: `include_dir!`
//! embeds the `migrations/` folder but cannot tell Cargo to watch it.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
