//! `clientele import customers FILE`: a spreadsheet of customers previewed (`--dry-run`) or
//! applied as one undoable batch; `import undo`, `import history` and `import fields`. The other
//! kinds (items, prices, balances, vouchers) are in `import_kinds`.

use super::error::{CliError, Result};
use super::import_kinds;
use super::output;
use super::{Access, Context};
use crate::domain::import::customers::{Catalog, Field, Target};
use crate::domain::import::fixed::ImportKind;
use crate::domain::import::vouchers::parse_kind;
use crate::domain::import::{
    GUESS_ROWS, ImportOptions, MatchKey, UnmappedField, drop_per_line_guesses, normalize_header,
};
use crate::domain::voucher::VoucherKind;
use crate::exchange::read::{Limits, ReadOptions, TextEncoding, Workbook};
use crate::store::{ImportCounts, ImportPlan, ImportRow, RowOutcome, StoreError};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Register and update customers from .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or .txt.
    Customers(ImportArgs),
    /// Register and update items (products and services), matched by code.
    Items(ImportArgs),
    /// Set level prices (item, level, price) and special prices (item, customer, price, ...).
    Prices(ImportArgs),
    /// Enter opening balances: one row per customer, saved as opening vouchers.
    Balances(ImportArgs),
    /// Enter sales, purchases, collections and payments, one line per row, grouped by a voucher key.
    Vouchers(ImportArgs),
    /// Undo an applied import: changed records go back, created ones go (if unused since).
    Undo {
        #[arg(value_name = "BATCH", value_parser = batch_id)]
        batch: i64,
    },
    /// List applied imports, newest first.
    History,
    /// List what a column can be mapped to (for --map).
    Fields {
        #[arg(value_enum)]
        kind: Kind,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Customers,
    Items,
    Prices,
    Balances,
    Vouchers,
}

impl Kind {
    pub fn import_kind(self) -> ImportKind {
        match self {
            Kind::Customers => ImportKind::Customers,
            Kind::Items => ImportKind::Items,
            Kind::Prices => ImportKind::Prices,
            Kind::Balances => ImportKind::Balances,
            Kind::Vouchers => ImportKind::Vouchers,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The spreadsheet file.
    pub file: PathBuf,
    /// The sheet to read (default: the first that holds a table).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The encoding of a CSV or text file (default: detected): utf-8, cp949 (euc-kr), shift_jis,
    /// gb18030, windows-1252 (latin1), utf-16le, utf-16be.
    #[arg(long, value_name = "NAME", value_parser = text_encoding)]
    pub encoding: Option<TextEncoding>,
    /// Map a column: "HEADER=field" (a field key, group:AXIS (a new axis is created), custom:KEY, or "none").
    #[arg(long = "map", value_name = "HEADER=field")]
    pub maps: Vec<String>,
    /// Match records in the file to the book by code (default) or, for customers, tax ID.
    #[arg(long, value_name = "code|tax_id", default_value = "code", value_parser = match_key)]
    pub key: MatchKey,
    /// Only report what the import would do; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply the valid rows and skip the invalid ones (otherwise invalid rows stop the import).
    #[arg(long)]
    pub skip_invalid: bool,
    /// When a key is in the file twice, the later row wins (otherwise both are invalid).
    #[arg(long)]
    pub later_wins: bool,
    /// Empty cells clear values (otherwise an empty cell leaves the value as it was).
    #[arg(long)]
    pub empty_clears: bool,
    /// Vouchers: the kind of every voucher whose row names none (sale, purchase, collection or
    /// payment), for a sheet without a kind column, such as an order export.
    #[arg(long, value_name = "KIND", value_parser = voucher_kind)]
    pub kind: Option<VoucherKind>,
}

fn voucher_kind(text: &str) -> std::result::Result<VoucherKind, String> {
    parse_kind(text)
        .ok_or_else(|| format!("\"{text}\" is not a voucher kind; write sale, purchase, collection or payment"))
}

fn match_key(text: &str) -> std::result::Result<MatchKey, String> {
    MatchKey::parse(text).ok_or_else(|| format!("\"{text}\" is not a match key; write code or tax_id"))
}

fn text_encoding(text: &str) -> std::result::Result<TextEncoding, String> {
    TextEncoding::parse(text).ok_or_else(|| {
        let names: Vec<&str> = TextEncoding::CHOICES.iter().map(|e| e.key()).collect();
        format!("\"{text}\" is not an encoding Clientele knows; write one of {}", names.join(", "))
    })
}

fn batch_id(text: &str) -> std::result::Result<i64, String> {
    text.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| format!("\"{text}\" is not a batch number; see clientele import history"))
}

pub fn run(command: ImportCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        ImportCommand::Customers(args) => customers(args, ctx),
        ImportCommand::Items(args) => import_kinds::items(args, ctx),
        ImportCommand::Prices(args) => import_kinds::prices(args, ctx),
        ImportCommand::Balances(args) => import_kinds::balances(args, ctx),
        ImportCommand::Vouchers(args) => import_kinds::vouchers(args, ctx),
        ImportCommand::Undo { batch } => {
            let undone = ctx.open(Access::Write)?.undo_import(batch)?;
            tracing::info!(batch, kind = undone.kind, file = undone.file, "import undone");
            if ctx.json {
                return output::json(ctx.out, &json!({ "batch": undone.id, "undone_at": undone.undone_at }));
            }
            // Vouchers are never deleted: the ones an import created are voided.
            let gone = if matches!(undone.kind.as_str(), "balances" | "vouchers") { "voided" } else { "removed" };
            writeln!(
                ctx.out,
                "Undid import #{} of {}: {} created {gone}, {} updated put back",
                undone.id, undone.file, undone.created, undone.updated
            )?;
            Ok(())
        }
        ImportCommand::History => {
            let batches = ctx.open(Access::Read)?.import_history()?;
            if ctx.json {
                let rows: Vec<Value> = batches
                    .iter()
                    .map(|b| {
                        json!({ "batch": b.id, "kind": b.kind, "file": b.file, "at": b.created_at,
                                "created": b.created, "updated": b.updated, "unchanged": b.unchanged,
                                "skipped": b.skipped, "undone_at": b.undone_at })
                    })
                    .collect();
                return output::json(ctx.out, &rows);
            }
            if batches.is_empty() {
                writeln!(ctx.err, "No imports yet.")?;
            }
            for b in batches {
                let undone = b.undone_at.map(|at| format!("  (undone {at})")).unwrap_or_default();
                writeln!(
                    ctx.out,
                    "#{}  {}  {} {}: {} created, {} updated, {} unchanged, {} skipped{undone}",
                    b.id, b.created_at, b.kind, b.file, b.created, b.updated, b.unchanged, b.skipped
                )?;
            }
            Ok(())
        }
        ImportCommand::Fields { kind } if kind != Kind::Customers => import_kinds::fields(kind, ctx),
        ImportCommand::Fields { kind: _ } => {
            let store = ctx.open(Access::Read)?;
            let catalog = Catalog::new(&store.field_defs()?, &store.group_axes()?);
            let targets: Vec<(String, String)> =
                catalog.targets().map(|(target, label)| (target.key(), label.to_string())).collect();
            if ctx.json {
                let rows: Vec<Value> =
                    targets.iter().map(|(key, label)| json!({ "field": key, "label": label })).collect();
                return output::json(ctx.out, &rows);
            }
            for (key, label) in targets {
                writeln!(ctx.out, "{key:<32} {label}")?;
            }
            // The JSON lists this book's targets (a template's columns); the text also says how
            // to start an axis from a column.
            let new_axis = "a new group axis, created by the import, when the book has no axis NAME";
            writeln!(ctx.out, "{:<32} {new_axis}", "group:NAME")?;
            Ok(())
        }
    }
}

fn customers(args: ImportArgs, ctx: &mut Context<'_>) -> Result<()> {
    import_kinds::no_kind(&args, "customers")?;
    let (mut workbook, sheet) = open_sheet(&args, ctx)?;
    let mut reader = workbook.sheet(&sheet, Limits::default()).map_err(CliError::Read)?;
    let encoding = reader.text_encoding();
    said_encoding(encoding, ctx)?;
    let headers = reader.header().names.clone();
    // A dry run only reads: it never creates a book, and remembers no column choices.
    let mut store = ctx.open(if args.dry_run { Access::ReadOrEmpty } else { Access::Write })?;
    let catalog = Catalog::new(&store.field_defs()?, &store.group_axes()?);
    let typed = fixed_mapping(&args.maps, &headers, |typed| catalog.parse(typed), "a customer field", "customers")?;
    // The window and the command line share one memory: what a clerk last fixed for these
    // headers comes first, and this command's --map overrides it and is remembered in turn.
    let mut fixed = store.remembered_targets("customers", &headers, |key| catalog.parse(key))?;
    fixed.extend(typed.iter().cloned());
    let mut mapping = catalog.guess(&headers, &fixed);
    // The first rows are read ahead to see whether a customer spans rows (an order export): then
    // the columns that differ within one customer are the lines', not guessed as its fields.
    let mut read_error = None;
    let mut sample: Vec<ImportRow> = Vec::new();
    while sample.len() < GUESS_ROWS {
        match reader.next_row() {
            Some(Ok(row)) => sample.push(ImportRow { number: row.number, cells: row.texts() }),
            Some(Err(error)) => {
                read_error = Some(error);
                break;
            }
            None => break,
        }
    }
    let key_target = Target::Field(match args.key {
        MatchKey::Code => Field::Code,
        MatchKey::TaxId => Field::TaxId,
    });
    let key_column = mapping.iter().position(|t| t.as_ref() == Some(&key_target));
    drop_per_line_guesses(&mut mapping, key_column, &sample, &fixed);
    if !typed.is_empty() && !args.dry_run {
        let keys: Vec<Option<String>> = mapping.iter().map(|t| t.as_ref().map(Target::key)).collect();
        store.remember_mapping("customers", &headers, &keys)?;
    }
    let options = ImportOptions {
        key: args.key,
        empty_clears: args.empty_clears,
        later_wins: args.later_wins,
        voucher_kind: None,
    };
    // Rows go from the reader to the preview one at a time: a million-row file is never held
    // as text as well as planned. A read error ends the rows and fails the import.
    let stopped_early = read_error.is_some();
    let rest = std::iter::from_fn(|| {
        if stopped_early {
            return None;
        }
        match reader.next_row()? {
            Ok(row) => Some(ImportRow { number: row.number, cells: row.texts() }),
            Err(error) => {
                read_error = Some(error);
                None
            }
        }
    });
    let rows = sample.into_iter().chain(rest);
    let plan = store.plan_customer_import(&headers, &mapping, rows, &options)?;
    if let Some(error) = read_error {
        return Err(CliError::Read(error));
    }
    let counts = plan.counts();
    // A dry run stops where the import would, and exits as it would.
    let stopped = counts.invalid > 0 && !args.skip_invalid;
    let batch = if args.dry_run || stopped {
        None
    } else {
        Some(store.apply_customer_import(&plan, &file_name(&args), args.skip_invalid)?)
    };
    if let Some(batch) = batch {
        crate::logging::import_applied("customers", &file_name(&args), batch, &counts);
    }
    report(&headers, &mapping, &plan, batch, encoding, ctx)?;
    if stopped {
        return Err(stopped_error(counts.invalid, "row", &plan.unmapped_required, args.dry_run));
    }
    Ok(())
}

/// What to say of a field no column is mapped to: the problem once, and how to map one.
pub(super) fn unmapped_sentence(unmapped: &UnmappedField, noun: &str) -> String {
    let mut sentence = format!("{}: map one with --map \"HEADER={}\"", unmapped.message(noun), unmapped.field);
    if unmapped.field == "kind" {
        sentence.push_str(", or give the whole file one kind with --kind sale (or purchase, collection, payment)");
    }
    sentence
}

/// The file's name as a batch keeps it.
pub(super) fn file_name(args: &ImportArgs) -> String {
    args.file.file_name().map_or_else(|| args.file.display().to_string(), |n| n.to_string_lossy().into())
}

/// The error of an import that invalid records stopped: nothing was written (or, for a dry
/// run, would be), with a field no column is mapped to said first, as what to do.
pub(super) fn stopped_error(invalid: u64, noun: &str, unmapped: &[UnmappedField], dry_run: bool) -> CliError {
    let written = if dry_run { "nothing would be written" } else { "nothing was written" };
    let plural = if invalid == 1 { "" } else { "s" };
    let message = match unmapped.first() {
        Some(first) => {
            format!("{}; {invalid} {noun}{plural} cannot be imported, so {written}", unmapped_sentence(first, noun))
        }
        None => format!(
            "{invalid} {noun}{plural} cannot be imported, so {written}; correct them, or add --skip-invalid to apply the valid rows"
        ),
    };
    CliError::Store(StoreError::Rejected(message))
}

/// The file opened (a text file in the `--encoding` asked for), and the name of the sheet asked
/// for; when none was, the first sheet that holds a table, said on stderr when that is not the
/// first sheet (a "Read me" page in front of the data).
fn open_sheet(args: &ImportArgs, ctx: &mut Context<'_>) -> Result<(Workbook, String)> {
    let options = ReadOptions { encoding: args.encoding };
    let mut workbook = Workbook::open_with(&args.file, options).map_err(CliError::Read)?;
    let names = workbook.sheet_names();
    let sheet = match &args.sheet {
        Some(wanted) => names.iter().find(|n| n.eq_ignore_ascii_case(wanted.trim())).cloned().ok_or_else(|| {
            CliError::BadImport(format!("there is no sheet \"{wanted}\"; the file has {}", names.join(", ")))
        })?,
        None => {
            let sheet = workbook.default_sheet().ok_or_else(|| CliError::BadImport("the file has no sheets".into()))?;
            if names.first() != Some(&sheet) {
                writeln!(
                    ctx.err,
                    "Sheet \"{}\" holds no table; reading sheet \"{sheet}\" (choose another with --sheet).",
                    names[0]
                )?;
            }
            sheet
        }
    };
    Ok((workbook, sheet))
}

/// Says on stderr which encoding a text file was read in, so a clerk whose names came out wrong
/// knows to name another with --encoding.
fn said_encoding(encoding: Option<TextEncoding>, ctx: &mut Context<'_>) -> Result<()> {
    if let Some(encoding) = encoding
        && !ctx.json
    {
        writeln!(ctx.err, "Read as {encoding} text (choose another with --encoding).")?;
    }
    Ok(())
}

/// The chosen sheet's headers and data rows, every cell as text, and the encoding a text file
/// was read in.
pub(super) fn read_sheet(
    args: &ImportArgs,
    ctx: &mut Context<'_>,
) -> Result<(Vec<String>, Vec<ImportRow>, Option<TextEncoding>)> {
    let (mut workbook, sheet) = open_sheet(args, ctx)?;
    let mut reader = workbook.sheet(&sheet, Limits::default()).map_err(CliError::Read)?;
    let encoding = reader.text_encoding();
    said_encoding(encoding, ctx)?;
    let headers = reader.header().names.clone();
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row() {
        let row = row.map_err(CliError::Read)?;
        rows.push(ImportRow { number: row.number, cells: row.texts() });
    }
    Ok((headers, rows, encoding))
}

/// The JSON report's `"encoding"`: the encoding's key (`cp949`) for a text file, null for a workbook.
pub(super) fn encoding_json(encoding: Option<TextEncoding>) -> Value {
    encoding.map_or(Value::Null, |e| json!(e.key()))
}

/// The clerk's `--map "HEADER=field"` choices, by column; a header or field that does not exist is
/// an error naming `what` a field is ("a customer field") and the `kind` whose fields to list.
pub(super) fn fixed_mapping<T>(
    maps: &[String],
    headers: &[String],
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
    kind: &str,
) -> Result<Vec<(usize, Option<T>)>> {
    let mut fixed = Vec::new();
    for map in maps {
        let (header, field) = map
            .rsplit_once('=')
            .ok_or_else(|| CliError::BadImport(format!("write --map as \"HEADER=field\" (got \"{map}\")")))?;
        let column = headers.iter().position(|h| normalize_header(h) == normalize_header(header)).ok_or_else(|| {
            CliError::BadImport(format!(
                "--map \"{map}\": the sheet has no column \"{}\"; its columns are {}",
                header.trim(),
                headers.join(", ")
            ))
        })?;
        let target = match field.trim() {
            "none" | "-" | "" => None,
            typed => Some(parse(typed).ok_or_else(|| {
                CliError::BadImport(format!(
                    "--map \"{map}\": \"{typed}\" is not {what}; see clientele import fields {kind}"
                ))
            })?),
        };
        fixed.push((column, target));
    }
    Ok(fixed)
}

fn report(
    headers: &[String],
    mapping: &[Option<Target>],
    plan: &ImportPlan,
    batch: Option<i64>,
    encoding: Option<TextEncoding>,
    ctx: &mut Context<'_>,
) -> Result<()> {
    let counts = plan.counts();
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    for row in &plan.rows {
        match &row.outcome {
            RowOutcome::Invalid(problems) => {
                for problem in problems {
                    errors.push(json!({ "row": row.row, "column": problem.column, "message": problem.message }));
                }
            }
            RowOutcome::Changed { after, changes: fields, .. } => {
                for change in fields {
                    changes.push(json!({ "row": row.row, "code": after.code, "field": change.field,
                                         "before": change.old_value, "after": change.new_value }));
                }
            }
            RowOutcome::Skipped(why) => {
                errors.push(json!({ "row": row.row, "column": null, "message": why, "skipped": true }))
            }
            RowOutcome::New(_) | RowOutcome::Unchanged { .. } => {}
        }
    }
    let columns: Vec<Value> = headers
        .iter()
        .zip(mapping)
        .map(|(header, target)| json!({ "column": header, "field": target.as_ref().map(Target::key) }))
        .collect();
    if ctx.json {
        let mut value = json!({
            "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged,
            "skipped": counts.skipped, "invalid": counts.invalid, "errors": errors, "changes": changes,
            "columns": columns, "unmapped": plan.unmapped, "encoding": encoding_json(encoding),
            "new_group_values": plan.new_group_values.iter().map(|(a, v)| format!("{a}={v}")).collect::<Vec<_>>(),
            "unmapped_required": unmapped_json(&plan.unmapped_required, "customer"),
            "new_group_axes": plan.new_group_axes,
        });
        if let Some(batch) = batch {
            value["batch"] = json!(batch);
        }
        return output::json(ctx.out, &value);
    }
    for (header, target) in headers.iter().zip(mapping) {
        match target {
            Some(target) => writeln!(ctx.out, "Column \"{header}\" -> {target}")?,
            None if header.trim().is_empty() => {}
            None => writeln!(ctx.out, "Column \"{header}\" is not imported (map it with --map \"{header}=field\")")?,
        }
    }
    // Said once: any column can become a group axis of its own (a segment, a region).
    if headers.iter().zip(mapping).any(|(h, t)| t.is_none() && !h.trim().is_empty()) {
        writeln!(ctx.out, "A column can also group customers: --map \"HEADER=group:AXIS\" (a new axis is created).")?;
    }
    for unmapped in &plan.unmapped_required {
        writeln!(ctx.out, "{}", unmapped_sentence(unmapped, "customer"))?;
    }
    for axis in &plan.new_group_axes {
        writeln!(ctx.out, "New group axis: {axis}")?;
    }
    for (axis, value) in &plan.new_group_values {
        writeln!(ctx.out, "New group value: {axis} = {value}")?;
    }
    for change in &changes {
        writeln!(
            ctx.out,
            "Row {} {}: {}: {} -> {}",
            change["row"],
            change["code"].as_str().unwrap_or(""),
            change["field"].as_str().unwrap_or(""),
            quoted(&change["before"]),
            quoted(&change["after"])
        )?;
    }
    for error in &errors {
        let column = error["column"].as_str().map(|c| format!(", column \"{c}\"")).unwrap_or_default();
        writeln!(ctx.out, "Row {}{column}: {}", error["row"], error["message"].as_str().unwrap_or(""))?;
    }
    summary(&counts, batch, ctx)
}

/// The last line of every import's text report: the counts and what became of them.
pub(super) fn summary(counts: &ImportCounts, batch: Option<i64>, ctx: &mut Context<'_>) -> Result<()> {
    let outcome = match batch {
        Some(batch) => format!("Imported as batch #{batch} (undo: clientele import undo {batch})"),
        None if counts.invalid > 0 => "Nothing was written".to_string(),
        None => "Dry run: nothing was written".to_string(),
    };
    writeln!(
        ctx.out,
        "{} new, {} changed, {} unchanged, {} skipped, {} invalid. {outcome}.",
        counts.created, counts.updated, counts.unchanged, counts.skipped, counts.invalid
    )?;
    Ok(())
}

/// Fields records need that no column is mapped to, for `--json`.
pub(super) fn unmapped_json(unmapped: &[UnmappedField], noun: &str) -> Vec<Value> {
    unmapped
        .iter()
        .map(|u| json!({ "field": u.field, "records": u.records, "message": unmapped_sentence(u, noun) }))
        .collect()
}

fn quoted(value: &Value) -> String {
    format!("\"{}\"", value.as_str().unwrap_or(""))
}
