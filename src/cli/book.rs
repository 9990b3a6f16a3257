//! `clientele book copy --from A --to B`: a whole book copied into a new file or an empty server
//! database, so an office can move its book to the server and back.

use super::error::Result;
use super::output;
use super::{Context, is_unused_and_empty, remove_database};
use crate::domain::text::thousands;
use crate::store::{CopyProgress, CopyReport, Store, copy_book, is_server_location, open_source};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Subcommand)]
pub enum BookCommand {
    /// Copy a whole book, every record with its numbers and history, into a new file or an empty
    /// database on a server: e.g. --from office.db --to postgres://clerk@server/office.
    Copy(CopyArgs),
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The book to copy: a file, or postgres://USER@HOST/DATABASE. It is only read.
    #[arg(long, value_name = "BOOK")]
    pub from: PathBuf,
    /// Where the copy goes: a new file, or an empty database (or schema) on a server.
    #[arg(long, value_name = "BOOK")]
    pub to: PathBuf,
}

pub fn run(command: BookCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        BookCommand::Copy(args) => copy(&args, ctx),
    }
}

fn copy(args: &CopyArgs, ctx: &mut Context<'_>) -> Result<()> {
    let started = Instant::now();
    let source = open_source(&args.from)?;
    if let Some(upgraded) = source.upgraded() {
        writeln!(ctx.err, "{}.", upgraded.sentence())?;
    }
    // A file this command makes is removed again when the copy fails: no empty book is left.
    let creates_file = !is_server_location(&args.to) && !args.to.exists();
    let copied = copy_to(&source, &args.to, ctx);
    if copied.is_err() && creates_file && args.to.is_file() && is_unused_and_empty(&args.to) {
        remove_database(&args.to);
    }
    let (target, report) = copied?;
    let seconds = started.elapsed().as_secs_f64();
    if ctx.json {
        let tables: serde_json::Map<String, serde_json::Value> =
            report.tables.iter().map(|t| (t.table.to_string(), t.rows.into())).collect();
        return output::json(
            ctx.out,
            &serde_json::json!({
                "from": source.location(),
                "to": target,
                "tables": tables,
                "search_index": report.indexed,
                "seconds": seconds,
            }),
        );
    }
    writeln!(ctx.out, "Copied the book {} to {}", source.location(), target)?;
    let rows: Vec<Vec<String>> = report.tables.iter().map(|t| vec![t.table.to_string(), thousands(t.rows)]).collect();
    output::table_right(ctx.out, &["TABLE", "ROWS"], &rows, &[1])?;
    writeln!(ctx.out, "Search index made again for {} customers", thousands(report.indexed))?;
    writeln!(ctx.out, "Done in {seconds:.1} s")?;
    Ok(())
}

/// Opens (creating) the target and copies into it; where the copy went, and what it wrote.
fn copy_to(source: &Store, to: &Path, ctx: &mut Context<'_>) -> Result<(String, CopyReport)> {
    let mut target = Store::open(to)?;
    if let Some(warning) = crate::paths::book_place(to).warning(to) {
        writeln!(ctx.err, "warning: {warning}")?;
    }
    let inline = ctx.err_is_terminal;
    let err = &mut *ctx.err;
    let mut line_open = false;
    let report = copy_book(source, &mut target, |p: CopyProgress| {
        let said = format!("{}: {} of {}", p.table, thousands(p.done), thousands(p.total));
        let finished = p.done >= p.total;
        // Progress is a courtesy; a closed stderr must not stop the copy.
        let _ = if !inline {
            writeln!(err, "{said}")
        } else if finished {
            writeln!(err, "\r{said}")
        } else {
            write!(err, "\r{said}")
        };
        line_open = inline && !finished;
    });
    if line_open {
        writeln!(ctx.err)?;
    }
    Ok((target.location(), report?))
}
