//! `clientele export …` (being written).

use super::Context;
use super::error::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {}

pub fn run(command: ExportCommand, _ctx: &mut Context<'_>) -> Result<()> {
    match command {}
}
