//! `clientele company`: show or set the office's name and currency (symbol and decimals).

use super::error::{CliError, Result};
use super::output;
use super::{Access, Context};
use crate::domain::money::Currency;
use crate::domain::text::line_too_long;
use clap::Args;

#[derive(Debug, Args)]
pub struct CompanyArgs {
    /// The office's name, shown in the window's top bar.
    #[arg(long)]
    pub name: Option<String>,
    /// The symbol amounts are shown with, e.g. $, €, ₩ or CHF (at most 5 characters).
    #[arg(long, value_name = "SYMBOL")]
    pub currency_symbol: Option<String>,
    /// How many decimals amounts carry: 0 for ₩ or ¥, 2 for $ or €. Vouchers saved from now on
    /// round their lines to this; saved vouchers keep their amounts.
    #[arg(long, value_name = "0-4")]
    pub currency_decimals: Option<u32>,
}

/// Without options, shows the settings; with any, changes those given and shows the result.
pub fn run(args: CompanyArgs, ctx: &mut Context<'_>) -> Result<()> {
    let changing = args.name.is_some() || args.currency_symbol.is_some() || args.currency_decimals.is_some();
    let mut store = ctx.open(if changing { Access::Write } else { Access::Read })?;
    let mut settings = store.company_settings()?;
    if changing {
        if let Some(name) = &args.name {
            let name = name.trim();
            if let Some(problem) = line_too_long("--name", name) {
                return Err(CliError::BadSetting(problem));
            }
            settings.company_name = name.to_string();
        }
        let symbol = args.currency_symbol.as_deref().unwrap_or(&settings.currency.symbol);
        let decimals = args.currency_decimals.unwrap_or(settings.currency.decimals);
        settings.currency =
            Currency::checked(symbol, decimals).map_err(|problem| CliError::BadSetting(problem.to_string()))?;
        store.save_company_settings(&settings)?;
    }
    let example = settings.currency.example();
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({
                "name": settings.company_name,
                "currency_symbol": settings.currency.symbol,
                "currency_decimals": settings.currency.decimals,
                "example": example,
            }),
        );
    }
    let name = if settings.company_name.is_empty() { "(not set)".to_string() } else { settings.company_name.clone() };
    output::fields(
        ctx.out,
        &[
            ("Company name".to_string(), name),
            ("Currency symbol".to_string(), settings.currency.symbol.clone()),
            ("Decimals".to_string(), settings.currency.decimals.to_string()),
            ("Amounts look like".to_string(), example),
        ],
    )
}
