//! `clientele ledger`, `balances` and `aging`: the reports the store computes, printed as tables or JSON.

use super::error::{CliError, Result};
use super::output::{self, amount_text};
use super::parse;
use super::{Access, Context};
use crate::domain::customer::Role;
use crate::domain::money::{Currency, format_amount};
use crate::store::Side;
use clap::Args;
use rust_decimal::Decimal;
use serde_json::{Value, json};

#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// The customer's (or vendor's) code.
    pub code: String,
    /// The first day shown; earlier vouchers make the balance brought forward.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// The last day shown.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct BalancesArgs {
    /// Only customers in this group, e.g. Region=Seoul; repeat to require several.
    #[arg(long, value_name = "AXIS=VALUE")]
    pub group: Vec<String>,
    /// Only customers with this role (customer or vendor; "both" records count as either).
    #[arg(long, value_name = "ROLE", value_parser = parse::role)]
    pub role: Option<Role>,
    /// Only customers this person is in charge of.
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
}

#[derive(Debug, Args)]
pub struct AgingArgs {
    /// The day to age on (default: today); later vouchers are left out.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Age what we owe vendors instead of what customers owe us.
    #[arg(long)]
    pub payables: bool,
    /// Only customers in this group, e.g. Region=Seoul; repeat to require several.
    #[arg(long, value_name = "AXIS=VALUE")]
    pub group: Vec<String>,
    /// Only customers this person is in charge of.
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
}

/// An amount in a text table: grouped, with the book's decimals and no symbol.
fn shown(value: Decimal, plain: &Currency) -> String {
    format_amount(value, plain)
}

/// The book's currency without its symbol, for the figures of a text table.
fn plain_currency(store: &crate::store::Store) -> Result<Currency> {
    Ok(Currency::new("", store.currency()?.decimals))
}

/// A debit or credit cell: empty when nothing was posted on that side.
fn shown_or_blank(value: Decimal, plain: &Currency) -> String {
    if value.is_zero() { String::new() } else { shown(value, plain) }
}

/// "1 customer", "12 customers": the count under a TOTAL row.
fn customers(count: usize) -> String {
    if count == 1 { "1 customer".to_string() } else { format!("{count} customers") }
}

pub fn ledger(args: LedgerArgs, ctx: &mut Context<'_>) -> Result<()> {
    let from = parse::optional_date("--from", args.from.as_deref())?;
    let to = parse::optional_date("--to", args.to.as_deref())?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(CliError::BadPeriod { from, to });
    }
    let store = ctx.open(Access::Read)?;
    let customer = store.require_customer(&args.code)?;
    let ledger = store.ledger(customer.id.unwrap_or_default(), from, to, None)?;
    let plain = plain_currency(&store)?;
    if ctx.json {
        let entries: Vec<Value> = ledger
            .entries
            .iter()
            .map(|e| {
                json!({
                    "date": e.date.to_string(),
                    "kind": e.kind.as_str(),
                    "number": e.number,
                    "memo": e.memo,
                    "debit": amount_text(e.debit),
                    "credit": amount_text(e.credit),
                    "balance": amount_text(e.balance),
                    "voided": e.voided,
                })
            })
            .collect();
        return output::json(
            ctx.out,
            &json!({
                "customer": customer.code,
                "name": customer.name,
                "from": from.map(|d| d.to_string()),
                "to": to.map(|d| d.to_string()),
                "opening_balance": amount_text(ledger.opening),
                "entries": entries,
                "closing_balance": amount_text(ledger.closing),
            }),
        );
    }
    let period = match (from, to) {
        (None, None) => String::new(),
        (Some(from), None) => format!(", from {from}"),
        (None, Some(to)) => format!(", up to {to}"),
        (Some(from), Some(to)) => format!(", {from} to {to}"),
    };
    writeln!(ctx.out, "Ledger of {} {}{period}", customer.code, customer.name)?;
    writeln!(ctx.out, "Brought forward: {}", shown(ledger.opening, &plain))?;
    if ledger.entries.is_empty() {
        writeln!(ctx.err, "No vouchers in this period.")?;
    } else {
        let rows: Vec<Vec<String>> = ledger
            .entries
            .iter()
            .map(|e| {
                vec![
                    e.date.to_string(),
                    e.kind.to_string(),
                    e.number.clone(),
                    output::clip(&e.memo, 30),
                    shown_or_blank(e.debit, &plain),
                    shown_or_blank(e.credit, &plain),
                    shown(e.balance, &plain),
                    if e.voided { "VOID" } else { "" }.to_string(),
                ]
            })
            .collect();
        output::table_right(
            ctx.out,
            &["DATE", "KIND", "NUMBER", "MEMO", "DEBIT", "CREDIT", "BALANCE", ""],
            &rows,
            &[4, 5, 6],
        )?;
    }
    writeln!(ctx.out, "Closing balance: {}", shown(ledger.closing, &plain))?;
    Ok(())
}

pub fn balances(args: BalancesArgs, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let filter = parse::report_filter(&args.group, args.role, args.person, &store.group_axes()?)?;
    let balances = store.balances(&filter)?;
    let plain = plain_currency(&store)?;
    if ctx.json {
        let rows: Vec<Value> = balances
            .iter()
            .map(|b| {
                json!({
                    "code": b.code,
                    "name": b.name,
                    "receivable": amount_text(b.balance.receivable),
                    "payable": amount_text(b.balance.payable),
                    "net": amount_text(b.balance.net()),
                })
            })
            .collect();
        return output::json(ctx.out, &rows);
    }
    if balances.is_empty() {
        writeln!(ctx.err, "No balances: no vouchers for these customers.")?;
        return Ok(());
    }
    let mut rows: Vec<Vec<String>> = balances
        .iter()
        .map(|b| {
            vec![
                b.code.clone(),
                output::clip(&b.name, 40),
                shown(b.balance.receivable, &plain),
                shown(b.balance.payable, &plain),
                shown(b.balance.net(), &plain),
            ]
        })
        .collect();
    let receivable: Decimal = balances.iter().map(|b| b.balance.receivable).sum();
    let payable: Decimal = balances.iter().map(|b| b.balance.payable).sum();
    rows.push(vec![
        "TOTAL".into(),
        customers(balances.len()),
        shown(receivable, &plain),
        shown(payable, &plain),
        shown(receivable - payable, &plain),
    ]);
    output::table_right(ctx.out, &["CODE", "NAME", "RECEIVABLE", "PAYABLE", "NET"], &rows, &[2, 3, 4])
}

pub fn aging(args: AgingArgs, ctx: &mut Context<'_>) -> Result<()> {
    let as_of = parse::optional_date("--as-of", args.as_of.as_deref())?.unwrap_or_else(parse::today);
    let side = if args.payables { Side::Payable } else { Side::Receivable };
    let store = ctx.open(Access::Read)?;
    let filter = parse::report_filter(&args.group, None, args.person, &store.group_axes()?)?;
    let report = store.ageing(side, as_of, &filter)?;
    let plain = plain_currency(&store)?;
    if ctx.json {
        // The keys stay the same whatever bucket edges are set, so scripts keep working;
        // the buckets are the first, second, third and last of the edges in Settings.
        let rows: Vec<Value> = report
            .iter()
            .map(|c| {
                let a = &c.ageing;
                json!({
                    "code": c.code,
                    "name": c.name,
                    "not_due": amount_text(a.not_due),
                    "d1_30": amount_text(a.overdue[0]),
                    "d31_60": amount_text(a.overdue[1]),
                    "d61_90": amount_text(a.overdue[2]),
                    "over_90": amount_text(a.overdue[3]),
                    "total": amount_text(a.total),
                    "unapplied": amount_text(a.unapplied),
                    "oldest_overdue_days": a.oldest_overdue_days,
                })
            })
            .collect();
        return output::json(ctx.out, &rows);
    }
    let what = if args.payables { "Payables" } else { "Receivables" };
    writeln!(ctx.out, "{what} by age on {as_of}")?;
    if report.is_empty() {
        writeln!(ctx.err, "Nothing open on {as_of}.")?;
        return Ok(());
    }
    let labels = store.ageing_edges()?.labels();
    let mut header = vec!["CODE", "NAME", "NOT DUE"];
    header.extend(labels.iter().map(String::as_str));
    header.extend(["TOTAL", "UNAPPLIED", "OLDEST"]);
    let mut rows: Vec<Vec<String>> = report
        .iter()
        .map(|c| {
            let a = &c.ageing;
            let mut row = vec![c.code.clone(), output::clip(&c.name, 40), shown(a.not_due, &plain)];
            row.extend(a.overdue.iter().map(|d| shown(*d, &plain)));
            row.push(shown(a.total, &plain));
            row.push(shown_or_blank(a.unapplied, &plain));
            row.push(a.oldest_overdue_days.map(|d| format!("{d} days")).unwrap_or_default());
            row
        })
        .collect();
    let sum = |pick: &dyn Fn(&crate::domain::ledger::Ageing) -> Decimal| -> Decimal {
        report.iter().map(|c| pick(&c.ageing)).sum()
    };
    let mut total = vec!["TOTAL".to_string(), customers(report.len()), shown(sum(&|a| a.not_due), &plain)];
    for bucket in 0..4 {
        total.push(shown(sum(&|a| a.overdue[bucket]), &plain));
    }
    total.push(shown(sum(&|a| a.total), &plain));
    total.push(shown_or_blank(sum(&|a| a.unapplied), &plain));
    total.push(String::new());
    rows.push(total);
    output::table_right(ctx.out, &header, &rows, &[2, 3, 4, 5, 6, 7, 8, 9])
}
