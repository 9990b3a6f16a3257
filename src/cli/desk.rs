//! `clientele desk`: whose desk this computer is, so an alert's popup appears at the desks of the
//! rule's recipients when several PCs share one book. Kept on this computer, not in the book.

use super::Context;
use super::error::{CliError, Result};
use super::output;
use crate::domain::alerts::Desk;
use crate::this_computer::{computer_id, desk, set_desk};
use clap::Args;

#[derive(Debug, Args)]
pub struct DeskArgs {
    /// The name of the person at this computer, as alert rules name recipients (e.g. Kim).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Their role, as alert rules name recipients (e.g. "Sales manager").
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Forget whose desk this is: this computer then pops up the alerts it runs itself.
    #[arg(long, conflicts_with_all = ["name", "role"])]
    pub clear: bool,
}

pub fn run(args: DeskArgs, ctx: &mut Context<'_>) -> Result<()> {
    if args.clear || args.name.is_some() || args.role.is_some() {
        let mut kept = if args.clear { Desk::default() } else { desk() };
        if let Some(name) = args.name {
            kept.name = name;
        }
        if let Some(role) = args.role {
            kept.role = role;
        }
        set_desk(&kept).map_err(|e| CliError::NotConfirmed(e.to_string()))?;
    }
    let kept = desk();
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({ "name": kept.name, "role": kept.role, "set": kept.is_set(), "computer": computer_id() }),
        );
    }
    if kept.is_set() {
        let who = [kept.name.as_str(), kept.role.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
        writeln!(ctx.out, "This computer is the desk of {}.", who.join(", "))?;
        writeln!(
            ctx.out,
            "Alerts whose recipients name this person or role pop up here, whichever computer ran them."
        )?;
    } else {
        writeln!(ctx.out, "This computer is nobody's desk in particular: it pops up the alerts it runs itself.")?;
        writeln!(ctx.out, "Set one with: clientele desk --name NAME --role ROLE")?;
    }
    Ok(())
}
