//! `clientele groups …`: group axes and their values.

use super::error::Result;
use super::output;
use super::{Access, Context};
use clap::Subcommand;
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
