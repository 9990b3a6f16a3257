//! The schema's migrations, read at compile time from the append-only `migrations/` folder.

use include_dir::{Dir, include_dir};
use rusqlite_migration::Migrations;
use std::sync::LazyLock;

static MIGRATIONS_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/migrations");

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    // The folder is part of the build: a malformed one is a build mistake caught by
    // the validate() test, never something user data can cause.
    Migrations::from_directory(&MIGRATIONS_DIR).expect("migrations/ folder is well-formed")
});

pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// The schema version this program writes: the number of migrations.
pub fn latest_version() -> i64 {
    MIGRATIONS_DIR.dirs().count() as i64
}
