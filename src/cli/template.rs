//! `clientele template KIND FILE.xlsx`: an empty spreadsheet for an import of that kind, with this
//! book's headers, a hint per column and drop-down lists.

use super::error::Result;
use super::import::Kind;
use super::{Access, Context, output};
use crate::exchange::template_kinds;
use clap::Args;
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// What the template is for: the kinds `clientele import` reads.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The .xlsx file to write; an existing file is replaced.
    pub file: PathBuf,
}

pub fn run(args: TemplateArgs, ctx: &mut Context<'_>) -> Result<()> {
    // Reading only: a template for a book not made yet is the template of an empty book.
    let store = ctx.open(Access::ReadOrEmpty)?;
    let command = args.kind.import_kind().as_str();
    let summary = template_kinds::write_kind_template(&store, args.kind.import_kind(), &args.file)?;
    let file = args.file.display().to_string();
    if ctx.json {
        return output::json(
            ctx.out,
            &json!({ "kind": command, "columns": summary.columns, "lists": summary.lists, "file": file }),
        );
    }
    writeln!(
        ctx.out,
        "Wrote the {command} template to {file}: {} columns, {} with a drop-down list.",
        summary.columns, summary.lists
    )?;
    writeln!(ctx.out, "Fill one row per record under the headers, then: clientele import {command} {file} --dry-run")?;
    Ok(())
}
