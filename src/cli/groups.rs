//! `clientele groups …`: group axes and their values.

use super::error::{CliError, Result};
use super::output;
use super::parse;
use super::{Access, Context};
use crate::domain::customer::OnExceed;
use crate::domain::money::{parse_non_negative_amount, parse_percent};
use crate::domain::terms::TermsSet;
use clap::{Args, Subcommand};
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// Add a value to an axis, creating the axis if needed (e.g. groups add Region Seoul).
    Add {
        /// The axis, e.g. Region.
        axis: String,
        /// The value, e.g. Seoul.
        value: String,
    },
    /// List every axis with its values.
    List,
    /// Create an empty axis.
    AddAxis {
        /// The axis, e.g. Channel.
        axis: String,
    },
    /// Set the terms a group value passes to its customers (unless set on the customer).
    /// Options left out are cleared: the command states the value's whole terms.
    Set(SetTermsArgs),
}

#[derive(Debug, Args)]
pub struct SetTermsArgs {
    /// The axis, e.g. Channel.
    pub axis: String,
    /// The value, e.g. Dealers (created if new).
    pub value: String,
    #[arg(long, value_name = "LEVEL")]
    pub price_level: Option<String>,
    /// Percent off every sales line, e.g. 5.
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub discount: Option<String>,
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub credit_limit: Option<String>,
    /// Days an invoice may be overdue before new sales are warned or blocked.
    #[arg(long, value_name = "DAYS")]
    pub age_limit: Option<String>,
    #[arg(long, value_name = "off|warn|block", value_parser = on_exceed)]
    pub on_exceed: Option<OnExceed>,
}

fn on_exceed(text: &str) -> std::result::Result<OnExceed, String> {
    OnExceed::parse(text).ok_or_else(|| "expected off, warn or block".to_string())
}

fn set_terms(args: SetTermsArgs, ctx: &mut Context<'_>) -> Result<()> {
    let age_limit_days = match args.age_limit.as_deref() {
        Some(text) => Some(
            text.trim()
                .parse::<u32>()
                .map_err(|_| CliError::Days { option: "--age-limit", value: text.to_string() })?,
        ),
        None => None,
    };
    let terms = TermsSet {
        price_level: args.price_level.clone(),
        discount_pct: args.discount.as_deref().map(|d| parse::money("--discount", d, parse_percent)).transpose()?,
        credit_limit: args
            .credit_limit
            .as_deref()
            .map(|a| parse::money("--credit-limit", a, parse_non_negative_amount))
            .transpose()?,
        age_limit_days,
        on_exceed: args.on_exceed,
    };
    let mut store = ctx.open(Access::Write)?;
    store.set_group_terms(&args.axis, &args.value, &terms)?;
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({ "axis": args.axis.trim(), "value": args.value.trim(), "terms": terms }),
        );
    }
    writeln!(ctx.out, "{}={}: terms saved", args.axis.trim(), args.value.trim())?;
    Ok(())
}

/// An axis as the JSON output shows it: names only, ids are the database's business.
#[derive(Serialize)]
struct AxisJson<'a> {
    name: &'a str,
    values: Vec<&'a str>,
}

pub fn run(command: GroupsCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        GroupsCommand::Add { axis, value } => {
            let mut store = ctx.open(Access::Write)?;
            let value = store.ensure_group(&axis, &value)?;
            // The stored axis spelling, which may differ in case from what was typed.
            let axes = store.group_axes()?;
            let axis = axes
                .iter()
                .find(|a| a.values.iter().any(|v| v.id == value.id))
                .map_or(axis.trim().to_string(), |a| a.name.clone());
            if ctx.json {
                output::json(ctx.out, &serde_json::json!({ "axis": axis, "value": value.name }))
            } else {
                writeln!(ctx.out, "{axis}={}", value.name)?;
                Ok(())
            }
        }
        GroupsCommand::List => {
            let store = ctx.open(Access::Read)?;
            let axes = store.group_axes()?;
            if ctx.json {
                let shown: Vec<AxisJson<'_>> = axes
                    .iter()
                    .map(|a| AxisJson { name: &a.name, values: a.values.iter().map(|v| v.name.as_str()).collect() })
                    .collect();
                return output::json(ctx.out, &shown);
            }
            if axes.is_empty() {
                writeln!(ctx.err, "No groups yet.")?;
            }
            for axis in axes {
                let values: Vec<&str> = axis.values.iter().map(|v| v.name.as_str()).collect();
                writeln!(ctx.out, "{}: {}", axis.name, values.join(", "))?;
            }
            Ok(())
        }
        GroupsCommand::Set(args) => set_terms(args, ctx),
        GroupsCommand::AddAxis { axis } => {
            let mut store = ctx.open(Access::Write)?;
            let axis = store.add_axis(&axis)?;
            if ctx.json {
                output::json(ctx.out, &AxisJson { name: &axis.name, values: Vec::new() })
            } else {
                writeln!(ctx.out, "{}", axis.name)?;
                Ok(())
            }
        }
    }
}
