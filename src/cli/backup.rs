//! `clientele backup`, `backups`, `restore` and `check`: copies of the book, putting one back, and
//! whether the book is whole.

use super::error::{CliError, Result};
use super::output;
use super::{Access, Context};
use crate::domain::backup::{Rotation, size_text as size};
use crate::store::{BackupSettings, CheckDepth};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// A folder (made if missing) or a new file ending in .db; without it, the book's backups
    /// folder (beside the book unless `backups --folder` chose another).
    #[arg(long, value_name = "PATH")]
    pub to: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BackupsArgs {
    /// Keep the copies in this folder from now on (a USB stick, a synced folder).
    #[arg(long, value_name = "FOLDER", conflicts_with = "folder_beside_book")]
    pub folder: Option<PathBuf>,
    /// Keep the copies in the `backups` folder beside the book again.
    #[arg(long)]
    pub folder_beside_book: bool,
    /// How many days keep their newest daily copy (at least 1).
    #[arg(long, value_name = "N")]
    pub keep_daily: Option<u32>,
    /// How many weeks keep their newest daily copy.
    #[arg(long, value_name = "N")]
    pub keep_weekly: Option<u32>,
    /// How many months keep their newest daily copy.
    #[arg(long, value_name = "N")]
    pub keep_monthly: Option<u32>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to put back, e.g. one listed by `clientele backups`.
    pub file: PathBuf,
    /// Confirm: the book's contents are replaced by the copy's (the book as it is now is kept
    /// in the backups folder first).
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only SQLite's quick check of the file (what the window runs at start).
    #[arg(long)]
    pub quick: bool,
}

pub fn backup(args: BackupArgs, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let copy = match &args.to {
        Some(target) => store.back_up_to(target)?,
        None => store.back_up(crate::domain::backup::BackupKind::Manual)?,
    };
    if ctx.json {
        return output::json(ctx.out, &copy);
    }
    writeln!(
        ctx.out,
        "Backed up the book to {} ({}); the copy passed its check.",
        copy.path.display(),
        size(copy.size_bytes)
    )?;
    Ok(())
}

pub fn backups(args: BackupsArgs, ctx: &mut Context<'_>) -> Result<()> {
    let changing = args.folder.is_some()
        || args.folder_beside_book
        || args.keep_daily.is_some()
        || args.keep_weekly.is_some()
        || args.keep_monthly.is_some();
    let mut store = ctx.open(if changing { Access::Write } else { Access::Read })?;
    if changing {
        let mut settings = store.backup_settings()?;
        if let Some(folder) = args.folder {
            settings.folder = Some(std::path::absolute(&folder).unwrap_or(folder));
        }
        if args.folder_beside_book {
            settings.folder = None;
        }
        let Rotation { daily, weekly, monthly } = settings.rotation;
        settings.rotation = Rotation {
            daily: args.keep_daily.unwrap_or(daily),
            weekly: args.keep_weekly.unwrap_or(weekly),
            monthly: args.keep_monthly.unwrap_or(monthly),
        };
        store.save_backup_settings(&settings)?;
    }
    let BackupSettings { rotation, .. } = store.backup_settings()?;
    let folder = store.backup_folder()?;
    let copies = store.backups()?;
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({
                "folder": folder,
                "keep": rotation,
                "backups": copies,
            }),
        );
    }
    writeln!(ctx.out, "Folder: {}", folder.display())?;
    writeln!(
        ctx.out,
        "Kept: the newest copy of each of the last {} days, {} weeks and {} months",
        rotation.daily, rotation.weekly, rotation.monthly
    )?;
    if copies.is_empty() {
        writeln!(ctx.out, "No backups yet: clientele backup makes one now.")?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = copies
        .iter()
        .map(|copy| {
            vec![
                copy.taken_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                copy.kind.label().to_string(),
                size(copy.size_bytes),
                "yes".to_string(),
                copy.path.display().to_string(),
            ]
        })
        .collect();
    output::table_right(ctx.out, &["Taken", "Why", "Size", "Verified", "File"], &rows, &[2])
}

pub fn restore(args: RestoreArgs, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Read)?;
    if !args.yes {
        // Checked first, so a wrong file is said before the question.
        crate::store::verify_backup(&args.file)?;
        return Err(CliError::NotConfirmed(format!(
            "restoring replaces everything in {} with {} (the book as it is now is kept in {} first); \
             run again with --yes to confirm",
            ctx.db.display(),
            args.file.display(),
            store.backup_folder()?.display()
        )));
    }
    let restored = store.restore_from(&args.file)?;
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({
                "restored_from": restored.from,
                "schema_version": restored.schema_version,
                "previous_book_kept_as": restored.kept,
                "previous_book_verified": restored.kept_verified,
            }),
        );
    }
    writeln!(ctx.out, "{}.", restored.sentence())?;
    Ok(())
}

pub fn check(args: CheckArgs, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let report = store.check(if args.quick { CheckDepth::Quick } else { CheckDepth::Full })?;
    if ctx.json {
        output::json(ctx.out, &report)?;
    } else {
        for problem in &report.problems {
            writeln!(ctx.out, "{}: {}", problem.part.label(), problem.text)?;
        }
        writeln!(ctx.out, "{}", report.verdict())?;
    }
    if report.is_ok() {
        Ok(())
    } else {
        let newest = store.backups().ok().and_then(|copies| copies.into_iter().next());
        Err(CliError::Damaged(match newest {
            Some(copy) => format!(
                "the book is not whole; its newest verified backup is {} (clientele restore FILE --yes)",
                copy.path.display()
            ),
            None => "the book is not whole, and it has no backups yet".to_string(),
        }))
    }
}
