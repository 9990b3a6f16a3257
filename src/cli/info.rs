//! `clientele info`: which database is in use and what it holds.

use super::error::Result;
use super::output;
use super::{Access, Context};
use crate::store::{latest_version, server_latest_version};

pub fn run(ctx: &mut Context<'_>) -> Result<()> {
    let exists = crate::paths::book_exists(&ctx.db);
    let store = ctx.open(Access::ReadOrEmpty)?;
    let server = store.server().cloned();
    let customers = store.customer_count()?;
    let fields = store.field_defs()?.len();
    let axes = store.group_axes()?.len();
    // Opening migrates, so an existing database is now at the latest schema.
    let schema_version = exists.then(|| if server.is_some() { server_latest_version() } else { latest_version() });
    let size = std::fs::metadata(&ctx.db).map(|m| m.len()).ok();
    let kept_in = match &server {
        Some(server) => format!(
            "PostgreSQL server {}:{}, database {}, as user {}",
            server.host(),
            server.port(),
            server.database(),
            server.user()
        ),
        None => "SQLite file on this computer".to_string(),
    };
    let log_dir = crate::logging::log_dir();
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({
                "path": store.location(),
                "engine": if server.is_some() { "postgres" } else { "sqlite" },
                "kept_in": kept_in,
                "connection": store.connection_security(),
                "exists": exists,
                "schema_version": schema_version,
                "program_version": env!("CARGO_PKG_VERSION"),
                "customers": customers,
                "custom_fields": fields,
                "group_axes": axes,
                "size_bytes": size,
                "log_dir": log_dir,
            }),
        );
    }
    let location = if server.is_some() { store.location() } else { ctx.db.display().to_string() };
    let mut lines = vec![("Database".to_string(), location), ("Kept in".to_string(), kept_in)];
    if let Some(security) = store.connection_security() {
        lines.push(("Connection".to_string(), security));
    }
    match schema_version {
        Some(version) => lines.push(("Schema version".into(), version.to_string())),
        None => lines.push(("Schema version".into(), "(no database yet; the first change creates it)".into())),
    }
    lines.push(("Customers".into(), customers.to_string()));
    lines.push(("Custom fields".into(), fields.to_string()));
    lines.push(("Group axes".into(), axes.to_string()));
    if let Some(size) = size {
        lines.push(("Size".into(), format!("{:.1} MB", size as f64 / 1_000_000.0)));
    }
    lines.push(("Program version".into(), env!("CARGO_PKG_VERSION").into()));
    let log_dir =
        log_dir.map_or_else(|| "(none: this computer has no data folder for it)".into(), |d| d.display().to_string());
    lines.push(("Log folder".into(), log_dir));
    output::fields(ctx.out, &lines)
}
