//! `clientele export …`: write customers, items, prices, balances, ageing or a ledger to an .xlsx file.

use super::error::{CliError, Result};
use super::reports::{AgingArgs, BalancesArgs};
use super::{Access, Context, output, parse};
use crate::domain::customer::Role;
use crate::domain::search::{ActiveFilter, SearchQuery};
use crate::exchange::export;
use crate::store::Side;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The customer list (filtered as `customers list` filters it) with every profile field,
    /// one column per group axis and per custom field.
    Customers(CustomersArgs),
    /// Every item, active and inactive.
    Items {
        /// The .xlsx file to write; an existing file is replaced.
        file: PathBuf,
    },
    /// Level prices, and special prices on a second sheet.
    Prices {
        /// The .xlsx file to write; an existing file is replaced.
        file: PathBuf,
    },
    /// What each customer owes and is owed.
    Balances(ReportArgs<BalancesArgs>),
    /// Open invoices by how many days they are past due.
    #[command(alias = "ageing")]
    Aging(ReportArgs<AgingArgs>),
    /// One customer's ledger with a running balance.
    Ledger(LedgerArgs),
    /// One alert run's report: the matching customers with their figures.
    Alert {
        /// The run's number, as `alerts history` shows it.
        run_id: i64,
        /// The .xlsx file to write; an existing file is replaced.
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct CustomersArgs {
    /// The .xlsx file to write; an existing file is replaced.
    pub file: PathBuf,
    /// Only customers in this group, e.g. Region=Seoul; repeat to require several.
    #[arg(long, value_name = "AXIS=VALUE")]
    pub group: Vec<String>,
    /// Only customers found by this text (code, name, tax ID, phone, …), best match first.
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// Only customers with this role (customer or vendor; "both" records count as either).
    #[arg(long, value_name = "ROLE", value_parser = parse::role)]
    pub role: Option<Role>,
    /// Only active customers.
    #[arg(long, conflicts_with = "inactive")]
    pub active: bool,
    /// Only inactive customers.
    #[arg(long)]
    pub inactive: bool,
}

/// A report's file and the same filters `clientele balances` and `clientele aging` take.
#[derive(Debug, Args)]
pub struct ReportArgs<F: clap::Args> {
    /// The .xlsx file to write; an existing file is replaced.
    pub file: PathBuf,
    #[command(flatten)]
    pub filter: F,
}

#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// The customer's (or vendor's) code.
    pub code: String,
    /// The .xlsx file to write; an existing file is replaced.
    pub file: PathBuf,
    /// The first day shown; earlier vouchers make the balance brought forward.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// The last day shown.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
}

pub fn run(command: ExportCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        ExportCommand::Customers(args) => customers(args, ctx),
        ExportCommand::Items { file } => {
            let store = ctx.open(Access::Read)?;
            let rows = export::export_items(&store, &file)?;
            report(ctx, rows, &counted(rows, "item", "items"), &file)
        }
        ExportCommand::Prices { file } => {
            let store = ctx.open(Access::Read)?;
            let (levels, specials) = export::export_prices(&store, &file)?;
            if ctx.json {
                return output::json(
                    ctx.out,
                    &json!({
                        "rows": levels + specials,
                        "level_prices": levels,
                        "special_prices": specials,
                        "file": file.display().to_string(),
                    }),
                );
            }
            writeln!(
                ctx.out,
                "Exported {} and {} to {}",
                counted(levels, "level price", "level prices"),
                counted(specials, "special price", "special prices"),
                file.display()
            )?;
            Ok(())
        }
        ExportCommand::Balances(args) => {
            let store = ctx.open(Access::Read)?;
            let ReportArgs { file, filter: BalancesArgs { group, role, person } } = args;
            let filter = parse::report_filter(&group, role, person, &store.group_axes()?)?;
            let rows = export::export_balances(&store, &filter, &file)?;
            report(ctx, rows, &format!("the balances of {}", counted(rows, "customer", "customers")), &file)
        }
        ExportCommand::Aging(args) => {
            let ReportArgs { file, filter: AgingArgs { as_of, payables, group, person } } = args;
            let as_of = parse::optional_date("--as-of", as_of.as_deref())?.unwrap_or_else(parse::today);
            let side = if payables { Side::Payable } else { Side::Receivable };
            let store = ctx.open(Access::Read)?;
            let filter = parse::report_filter(&group, None, person, &store.group_axes()?)?;
            let rows = export::export_ageing(&store, side, as_of, &filter, &file)?;
            report(ctx, rows, &format!("the ageing of {}", counted(rows, "customer", "customers")), &file)
        }
        ExportCommand::Ledger(args) => ledger(args, ctx),
        ExportCommand::Alert { run_id, file } => {
            let store = ctx.open(Access::Read)?;
            let rows = export::export_alert_run(&store, run_id, &file)?;
            report(ctx, rows, &format!("alert run {run_id} ({})", counted(rows, "customer", "customers")), &file)
        }
    }
}

fn customers(args: CustomersArgs, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    // The same checks as the reports: a misspelt group fails instead of exporting an empty list.
    let filter = parse::report_filter(&args.group, args.role, None, &store.group_axes()?)?;
    let active = if args.active {
        ActiveFilter::ActiveOnly
    } else if args.inactive {
        ActiveFilter::InactiveOnly
    } else {
        ActiveFilter::All
    };
    let text = args.search.unwrap_or_default();
    let query = SearchQuery { text, groups: filter.groups, role: args.role, active, limit: usize::MAX };
    let ids = store.matching_ids(&query)?;
    let total = ids.len();
    let inline = ctx.err_is_terminal;
    let err = &mut *ctx.err;
    let mut progress = |done: u64| {
        // Progress is a courtesy; a closed stderr must not stop the export.
        let _ = if inline {
            write!(err, "\rexport: {done} of {total} customers")
        } else {
            writeln!(err, "export: {done} of {total} customers")
        };
    };
    let rows = export::export_customers(&store, &ids, &args.file, Some(&mut progress));
    if inline && total >= 10_000 {
        let _ = writeln!(ctx.err);
    }
    let rows = rows?;
    report(ctx, rows, &counted(rows, "customer", "customers"), &args.file)
}

fn ledger(args: LedgerArgs, ctx: &mut Context<'_>) -> Result<()> {
    let from = parse::optional_date("--from", args.from.as_deref())?;
    let to = parse::optional_date("--to", args.to.as_deref())?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(CliError::BadPeriod { from, to });
    }
    let store = ctx.open(Access::Read)?;
    let customer = store.require_customer(&args.code)?;
    let rows = export::export_ledger(&store, &customer, from, to, &args.file)?;
    let what = format!("the ledger of {} ({})", customer.code, counted(rows, "voucher", "vouchers"));
    report(ctx, rows, &what, &args.file)
}

fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// "Exported WHAT to FILE", or `{"rows": N, "file": FILE}` with --json.
fn report(ctx: &mut Context<'_>, rows: u64, what: &str, file: &Path) -> Result<()> {
    if ctx.json {
        return output::json(ctx.out, &json!({ "rows": rows, "file": file.display().to_string() }));
    }
    writeln!(ctx.out, "Exported {what} to {}", file.display())?;
    Ok(())
}
