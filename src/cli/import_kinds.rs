//! `clientele import items|prices|balances|vouchers FILE` and `import fields KIND` for them: the
//! sheet read, columns mapped to the kind's fields, the preview reported (text or JSON), and
//! unless `--dry-run` the import applied as one undoable batch.

use super::error::CliError;
use super::error::Result;
use super::import::{
    ImportArgs, Kind, encoding_json, file_name, fixed_mapping, read_sheet, stopped_error, summary, unmapped_json,
    unmapped_sentence,
};
use super::output;
use super::{Access, Context};
use crate::domain::import::balances::BalanceField;
use crate::domain::import::fixed::{ImportField, guess, parse_key};
use crate::domain::import::items::ItemField;
use crate::domain::import::prices::PriceField;
use crate::domain::import::vouchers::VoucherField;
use crate::domain::import::{ImportOptions, drop_per_line_guesses};
use crate::exchange::read::TextEncoding;
use crate::store::{ItemAction, KindOutcome, KindPlan, PriceAction, Store, VoucherAction};
use serde_json::{Value, json};

/// What the preview shows of a new or changed record beyond its changed fields.
trait Detail {
    fn detail(&self) -> Option<Value> {
        None
    }
}

impl Detail for ItemAction {}
impl Detail for PriceAction {}

/// A voucher's lines with the price each got and where it came from, so the clerk sees in the
/// preview what the price resolver decided for the prices the file left empty.
impl Detail for VoucherAction {
    fn detail(&self) -> Option<Value> {
        let v = &self.voucher;
        let lines: Vec<Value> = v
            .lines
            .iter()
            .enumerate()
            .map(|(index, line)| {
                json!({
                    "item": line.item_code,
                    "quantity": line.quantity.normalize().to_string(),
                    "unit_price": line.unit_price.normalize().to_string(),
                    "discount_pct": line.discount_pct.normalize().to_string(),
                    "price_source": self.price_source(index),
                })
            })
            .collect();
        Some(json!({
            "kind": v.kind.as_str(),
            "date": v.date.to_string(),
            // A voucher with lines is summed when it is saved; until then its amount is its lines'.
            "amount": self.amount().normalize().to_string(),
            "payable": v.payable_amount.normalize().to_string(),
            "lines": lines,
        }))
    }
}

/// The sheet mapped to `F`'s fields: the headers, each column's field, the data rows, and the
/// encoding a text file was read in.
type Mapped<F> = (Vec<String>, Vec<Option<F>>, Vec<crate::store::ImportRow>, Option<TextEncoding>);

/// `key` is the field records are matched by, when one record may span rows (an order export
/// repeats an item on every line): columns that differ within one key are not guessed.
fn mapped<F: ImportField>(
    args: &ImportArgs,
    what: &str,
    kind: &str,
    key: Option<F>,
    ctx: &mut Context<'_>,
) -> Result<Mapped<F>> {
    let (headers, rows, encoding) = read_sheet(args, ctx)?;
    let fixed = fixed_mapping(&args.maps, &headers, parse_key::<F>, what, kind)?;
    let mut mapping = guess::<F>(&headers, &fixed);
    let key_column = key.and_then(|key| mapping.iter().position(|f| *f == Some(key)));
    drop_per_line_guesses(&mut mapping, key_column, &rows, &fixed);
    Ok((headers, mapping, rows, encoding))
}

/// A dry run only reads: it never creates a book (an empty one stands in for a missing file).
fn access(args: &ImportArgs) -> Access {
    if args.dry_run { Access::ReadOrEmpty } else { Access::Write }
}

fn options(args: &ImportArgs) -> ImportOptions {
    ImportOptions {
        key: args.key,
        empty_clears: args.empty_clears,
        later_wins: args.later_wins,
        voucher_kind: args.kind,
    }
}

/// `--kind` names the kind of vouchers; any other import refuses it rather than ignore it.
pub(super) fn no_kind(args: &ImportArgs, kind: &str) -> Result<()> {
    match args.kind {
        Some(_) => Err(CliError::BadImport(format!(
            "--kind gives vouchers their kind; an import of {kind} has none, so leave it out"
        ))),
        None => Ok(()),
    }
}

pub fn items(args: ImportArgs, ctx: &mut Context<'_>) -> Result<()> {
    no_kind(&args, "items")?;
    let (headers, mapping, rows, encoding) =
        mapped::<ItemField>(&args, "an item field", "items", Some(ItemField::Code), ctx)?;
    let mut store = ctx.open(access(&args))?;
    let plan = store.plan_item_import(&headers, &mapping, rows, &options(&args))?;
    finish(&args, &headers, encoding, &mapping, &plan, "item", &mut store, Store::apply_item_import, ctx)
}

pub fn prices(args: ImportArgs, ctx: &mut Context<'_>) -> Result<()> {
    no_kind(&args, "prices")?;
    let (headers, mapping, rows, encoding) = mapped::<PriceField>(&args, "a price field", "prices", None, ctx)?;
    let mut store = ctx.open(access(&args))?;
    let plan = store.plan_price_import(&headers, &mapping, rows, &options(&args))?;
    finish(&args, &headers, encoding, &mapping, &plan, "price", &mut store, Store::apply_price_import, ctx)
}

pub fn balances(args: ImportArgs, ctx: &mut Context<'_>) -> Result<()> {
    no_kind(&args, "balances")?;
    let (headers, mapping, rows, encoding) = mapped::<BalanceField>(&args, "a balance field", "balances", None, ctx)?;
    let mut store = ctx.open(access(&args))?;
    let plan = store.plan_balance_import(&headers, &mapping, rows, &options(&args))?;
    finish(&args, &headers, encoding, &mapping, &plan, "balance", &mut store, Store::apply_voucher_import, ctx)
}

pub fn vouchers(args: ImportArgs, ctx: &mut Context<'_>) -> Result<()> {
    let (headers, mapping, rows, encoding) = mapped::<VoucherField>(&args, "a voucher field", "vouchers", None, ctx)?;
    let mut store = ctx.open(access(&args))?;
    let plan = store.plan_voucher_import(&headers, &mapping, rows, &options(&args))?;
    finish(&args, &headers, encoding, &mapping, &plan, "voucher", &mut store, Store::apply_voucher_import, ctx)
}

/// Applies the plan unless it is a dry run or invalid records stop it, then reports.
#[allow(clippy::too_many_arguments)]
fn finish<F: ImportField, A: Detail>(
    args: &ImportArgs,
    headers: &[String],
    encoding: Option<TextEncoding>,
    mapping: &[Option<F>],
    plan: &KindPlan<A>,
    noun: &str,
    store: &mut Store,
    apply: impl FnOnce(&mut Store, &KindPlan<A>, &str, bool) -> crate::store::Result<i64>,
    ctx: &mut Context<'_>,
) -> Result<()> {
    let counts = plan.counts();
    // A dry run stops where the import would, and exits as it would.
    let stopped = counts.invalid > 0 && !args.skip_invalid;
    let batch =
        if args.dry_run || stopped { None } else { Some(apply(store, plan, &file_name(args), args.skip_invalid)?) };
    if let Some(batch) = batch {
        crate::logging::import_applied(plan.kind.as_str(), &file_name(args), batch, &counts);
    }
    report(headers, mapping, plan, noun, batch, encoding, ctx)?;
    if stopped {
        return Err(stopped_error(counts.invalid, noun, &plan.unmapped_required, args.dry_run));
    }
    Ok(())
}

fn report<F: ImportField, A: Detail>(
    headers: &[String],
    mapping: &[Option<F>],
    plan: &KindPlan<A>,
    noun: &str,
    batch: Option<i64>,
    encoding: Option<TextEncoding>,
    ctx: &mut Context<'_>,
) -> Result<()> {
    let counts = plan.counts();
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    let mut notes = Vec::new();
    let mut records = Vec::new();
    for row in &plan.rows {
        if let KindOutcome::New(action) | KindOutcome::Changed(action, _) = &row.outcome
            && let Some(detail) = action.detail()
        {
            records.push(json!({ "row": row.row, "key": row.key, "detail": detail }));
        }
        match &row.outcome {
            KindOutcome::Invalid(problems) => {
                for p in problems {
                    errors.push(json!({ "row": p.row, "column": p.problem.column, "message": p.problem.message,
                                        "key": row.key }));
                }
            }
            KindOutcome::Changed(_, fields) => {
                for change in fields {
                    changes.push(json!({ "row": row.row, "code": row.key, "field": change.field,
                                         "before": change.old_value, "after": change.new_value }));
                }
            }
            KindOutcome::Skipped(why) => {
                errors.push(json!({ "row": row.row, "column": null, "message": why, "skipped": true, "key": row.key }))
            }
            KindOutcome::New(_) | KindOutcome::Unchanged => {}
        }
        for note in &row.notes {
            notes.push(json!({ "row": row.row, "key": row.key, "message": note }));
        }
    }
    let columns: Vec<Value> = headers
        .iter()
        .zip(mapping)
        .map(|(header, field)| json!({ "column": header, "field": field.map(|f| f.key()) }))
        .collect();
    if ctx.json {
        let mut value = json!({
            "kind": plan.kind.as_str(),
            "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged,
            "skipped": counts.skipped, "invalid": counts.invalid, "errors": errors, "changes": changes,
            "warnings": notes, "records": records, "columns": columns, "unmapped": plan.unmapped,
            "encoding": encoding_json(encoding),
            "unmapped_required": unmapped_json(&plan.unmapped_required, noun),
        });
        if let Some(totals) = &plan.totals {
            value["totals"] = json!({
                "sheet": totals.sheet.normalize().to_string(), "book": totals.book.normalize().to_string(),
                "rounded_lines": totals.rounded_lines, "explanation": totals.explanation(),
            });
        }
        if let Some(batch) = batch {
            value["batch"] = json!(batch);
        }
        return output::json(ctx.out, &value);
    }
    for (header, field) in headers.iter().zip(mapping) {
        match field {
            Some(field) => writeln!(ctx.out, "Column \"{header}\" -> {}", field.label())?,
            None if header.trim().is_empty() => {}
            None => writeln!(ctx.out, "Column \"{header}\" is not imported (map it with --map \"{header}=field\")")?,
        }
    }
    for unmapped in &plan.unmapped_required {
        writeln!(ctx.out, "{}", unmapped_sentence(unmapped, noun))?;
    }
    let text = |value: &Value| value.as_str().unwrap_or("").to_string();
    for change in &changes {
        writeln!(
            ctx.out,
            "Row {} {}: {}: \"{}\" -> \"{}\"",
            change["row"],
            text(&change["code"]),
            text(&change["field"]),
            text(&change["before"]),
            text(&change["after"])
        )?;
    }
    for record in &records {
        for line in record["detail"]["lines"].as_array().into_iter().flatten() {
            writeln!(
                ctx.out,
                "Row {} {}: {} x {} at {} ({})",
                record["row"],
                text(&record["key"]),
                text(&line["item"]),
                text(&line["quantity"]),
                text(&line["unit_price"]),
                text(&line["price_source"])
            )?;
        }
    }
    for note in &notes {
        writeln!(ctx.out, "Row {} {}: {}", note["row"], text(&note["key"]), text(&note["message"]))?;
    }
    for error in &errors {
        let column = error["column"].as_str().map(|c| format!(", column \"{c}\"")).unwrap_or_default();
        writeln!(ctx.out, "Row {}{column}: {}", error["row"], text(&error["message"]))?;
    }
    if let Some(totals) = &plan.totals {
        match totals.explanation() {
            Some(why) => writeln!(ctx.out, "Totals differ: {why}.")?,
            None => writeln!(ctx.out, "Sheet total {}, book total the same.", totals.sheet.normalize())?,
        }
    }
    summary(&counts, batch, ctx)
}

/// `clientele import fields KIND` for the kinds with a fixed list of fields.
pub fn fields(kind: Kind, ctx: &mut Context<'_>) -> Result<()> {
    let targets = match kind {
        Kind::Items => list::<ItemField>(),
        Kind::Prices => list::<PriceField>(),
        Kind::Balances => list::<BalanceField>(),
        Kind::Vouchers => list::<VoucherField>(),
        // Customers' fields depend on the book; `import::run` lists them.
        Kind::Customers => Vec::new(),
    };
    if ctx.json {
        let rows: Vec<Value> = targets.iter().map(|(key, label)| json!({ "field": key, "label": label })).collect();
        return output::json(ctx.out, &rows);
    }
    for (key, label) in targets {
        writeln!(ctx.out, "{key:<32} {label}")?;
    }
    Ok(())
}

fn list<F: ImportField>() -> Vec<(&'static str, &'static str)> {
    F::ALL.iter().map(|f| (f.key(), f.label())).collect()
}
