//! `clientele levels …`, `prices …`, `price` and `credit`: price levels, level and
//! special prices, one line's resolved price with its trace, and a customer's credit.

use super::error::{CliError, Result};
use super::output::{self, amount_text};
use super::parse;
use super::{Access, Context};
use crate::domain::credit::{Exposure, check_credit};
use crate::domain::money::{parse_non_negative_amount, parse_percent};
use crate::domain::price_change::{describe_change, parse_percent_change};
use crate::domain::pricing::{PartyPrice, PriceQuery, PriceSide, ResolvedPrice, SpecialPrice};
use crate::domain::terms::{Source, Sourced};
use crate::store::{Side, StoreError};
use clap::{Args, Subcommand};
use rust_decimal::Decimal;
use serde_json::{Value, json};

#[derive(Debug, Subcommand)]
pub enum LevelsCommand {
    /// Add a price level after the others (e.g. levels add Wholesale).
    Add { name: String },
    /// List the levels in their order.
    List,
    /// Rename a level; customers and groups on it follow.
    Rename { old: String, new: String },
    /// Put levels in this order; levels not named keep their place after them.
    Order { names: Vec<String> },
}

#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Set an item's price at a level, or a special price for one customer.
    Set(SetPriceArgs),
    /// List level prices and special prices.
    List {
        /// Only this item's prices.
        #[arg(long, value_name = "CODE")]
        item: Option<String>,
        /// Only this customer's special prices.
        #[arg(long, value_name = "CODE")]
        customer: Option<String>,
    },
    /// Change a special price by its number (see prices list); what is not given stays as it is.
    Edit(EditPriceArgs),
    /// Set a level to each item's standard sales price moved by a percentage, rounded to the
    /// currency's decimals (e.g. prices bulk --level Wholesale --percent -10).
    Bulk {
        #[arg(long, value_name = "NAME")]
        level: String,
        /// The change: -10 for ten percent below the standard price, 5 for five above.
        #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
        percent: String,
        /// Only the items whose code or name starts with this (as the Items search finds them).
        #[arg(long, value_name = "TEXT", default_value = "")]
        search: String,
        /// Inactive items too.
        #[arg(long)]
        include_inactive: bool,
    },
    /// Remove a special price by its number (see prices list).
    Remove {
        #[arg(value_name = "ID", value_parser = special_id)]
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct EditPriceArgs {
    /// The special price's number, as prices list shows it (#12 or 12).
    #[arg(value_name = "ID", value_parser = special_id)]
    pub id: i64,
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub price: Option<String>,
    /// The quantity it applies from, or "none" for any quantity.
    #[arg(long, value_name = "Q|none", allow_negative_numbers = true)]
    pub min_qty: Option<String>,
    /// The first day it applies, or "none" for no start.
    #[arg(long, value_name = "YYYY-MM-DD|none")]
    pub from: Option<String>,
    /// The last day it applies, or "none" for no end.
    #[arg(long, value_name = "YYYY-MM-DD|none")]
    pub to: Option<String>,
}

/// A special price's number as typed: `12` or `#12`.
fn special_id(text: &str) -> std::result::Result<i64, String> {
    text.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| format!("\"{text}\" is not a special price number; see prices list"))
}

#[derive(Debug, Args)]
pub struct SetPriceArgs {
    #[arg(long, value_name = "CODE")]
    pub item: String,
    /// The level to price the item at.
    #[arg(long, value_name = "NAME", conflicts_with = "customer", required_unless_present = "customer")]
    pub level: Option<String>,
    /// The customer (or vendor, with --purchase) the special price is for.
    #[arg(long, value_name = "CODE")]
    pub customer: Option<String>,
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub price: String,
    /// The special price applies from this quantity on.
    #[arg(long, value_name = "Q", requires = "customer", allow_negative_numbers = true)]
    pub min_qty: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", requires = "customer")]
    pub from: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", requires = "customer")]
    pub to: Option<String>,
    /// A vendor's purchase price instead of a sales price.
    #[arg(long, requires = "customer")]
    pub purchase: bool,
}

#[derive(Debug, Args)]
pub struct PriceArgs {
    #[arg(long, value_name = "CODE")]
    pub customer: String,
    #[arg(long, value_name = "CODE")]
    pub item: String,
    /// The quantity on the line (default 1).
    #[arg(long, value_name = "Q", allow_negative_numbers = true)]
    pub qty: Option<String>,
    /// The voucher date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A discount typed on the line, instead of the customer's.
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub discount: Option<String>,
    /// Use the price this customer last paid.
    #[arg(long)]
    pub last: bool,
    /// Price a purchase from a vendor.
    #[arg(long)]
    pub purchase: bool,
}

pub fn levels(command: LevelsCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        LevelsCommand::Add { name } => {
            let level = ctx.open(Access::Write)?.add_price_level(&name)?;
            if ctx.json {
                return output::json(ctx.out, &level);
            }
            writeln!(ctx.out, "{}", level.name)?;
        }
        LevelsCommand::List => {
            let levels = ctx.open(Access::Read)?.price_levels()?;
            if ctx.json {
                return output::json(ctx.out, &levels);
            }
            if levels.is_empty() {
                writeln!(ctx.err, "No price levels yet.")?;
            }
            for level in levels {
                writeln!(ctx.out, "{}", level.name)?;
            }
        }
        LevelsCommand::Rename { old, new } => {
            ctx.open(Access::Write)?.rename_price_level(&old, &new)?;
            writeln!(ctx.out, "{} is now {}", old.trim(), new.trim())?;
        }
        LevelsCommand::Order { names } => {
            let mut store = ctx.open(Access::Write)?;
            store.order_price_levels(&names)?;
            let order: Vec<String> = store.price_levels()?.into_iter().map(|l| l.name).collect();
            writeln!(ctx.out, "{}", order.join(", "))?;
        }
    }
    Ok(())
}

pub fn prices(command: PricesCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        PricesCommand::Set(args) => set_price(args, ctx),
        PricesCommand::List { item, customer } => list_prices(item, customer, ctx),
        PricesCommand::Edit(args) => edit_price(args, ctx),
        PricesCommand::Bulk { level, percent, search, include_inactive } => {
            let percent = parse_percent_change(&percent).map_err(CliError::PriceChange)?;
            let count = ctx.open(Access::Write)?.set_level_from_standard(&level, percent, &search, include_inactive)?;
            if ctx.json {
                return output::json(
                    ctx.out,
                    &json!({ "level": level.trim(), "percent": percent.normalize().to_string(), "items": count }),
                );
            }
            let plural = if count == 1 { "" } else { "s" };
            writeln!(ctx.out, "{} set to {} for {count} item{plural}", level.trim(), describe_change(percent))?;
            Ok(())
        }
        PricesCommand::Remove { id } => {
            ctx.open(Access::Write)?.delete_special_price(id)?;
            writeln!(ctx.out, "Removed special price #{id}")?;
            Ok(())
        }
    }
}

fn set_price(args: SetPriceArgs, ctx: &mut Context<'_>) -> Result<()> {
    let price = parse::money("--price", &args.price, parse_non_negative_amount)?;
    let mut store = ctx.open(Access::Write)?;
    let item = store.require_item(&args.item)?;
    let item_id = item.id.unwrap_or_default();
    if let Some(level) = &args.level {
        store.set_level_price(item_id, level, Some(price))?;
        if ctx.json {
            return output::json(
                ctx.out,
                &json!({ "item": item.code, "level": level.trim(), "price": price.normalize().to_string() }),
            );
        }
        writeln!(ctx.out, "{} at {}: {}", item.code, level.trim(), amount_text(price))?;
        return Ok(());
    }
    let code = args.customer.as_deref().unwrap_or_default();
    let customer = store.require_customer(code)?;
    let min_quantity =
        args.min_qty.as_deref().map(|q| parse::money("--min-qty", q, parse_non_negative_amount)).transpose()?;
    let special = SpecialPrice {
        id: 0,
        price,
        min_quantity,
        valid_from: parse::optional_date("--from", args.from.as_deref())?,
        valid_to: parse::optional_date("--to", args.to.as_deref())?,
    };
    let side = if args.purchase { PriceSide::Purchase } else { PriceSide::Sales };
    let party_price = PartyPrice { customer_id: customer.id.unwrap_or_default(), item_id, side, special };
    let id = store.add_special_price(&party_price)?;
    if ctx.json {
        return output::json(
            ctx.out,
            &json!({ "id": id, "customer": customer.code, "item": item.code, "price": price.normalize().to_string() }),
        );
    }
    writeln!(ctx.out, "Special price #{id}: {} for {} at {}", item.code, customer.code, amount_text(price))?;
    Ok(())
}

/// `none` clears an optional value; anything else is parsed as one.
fn change<T>(text: Option<&str>, parse: impl FnOnce(&str) -> Result<T>) -> Result<Option<Option<T>>> {
    match text {
        None => Ok(None),
        Some(t) if t.trim().eq_ignore_ascii_case("none") => Ok(Some(None)),
        Some(t) => parse(t).map(|value| Some(Some(value))),
    }
}

fn edit_price(args: EditPriceArgs, ctx: &mut Context<'_>) -> Result<()> {
    // Everything typed is checked before the database is opened for writing.
    let price = args.price.as_deref().map(|p| parse::money("--price", p, parse_non_negative_amount)).transpose()?;
    let min_quantity = change(args.min_qty.as_deref(), |q| parse::money("--min-qty", q, parse_non_negative_amount))?;
    let valid_from = change(args.from.as_deref(), |d| parse::date("--from", d))?;
    let valid_to = change(args.to.as_deref(), |d| parse::date("--to", d))?;
    let mut store = ctx.open(Access::Write)?;
    let id = args.id;
    let row = store
        .special_price(id)?
        .ok_or_else(|| StoreError::Rejected(format!("there is no special price #{id}; see prices list")))?;
    let mut edited = row.price.clone();
    let special = &mut edited.special;
    special.price = price.unwrap_or(special.price);
    special.min_quantity = min_quantity.unwrap_or(special.min_quantity);
    special.valid_from = valid_from.unwrap_or(special.valid_from);
    special.valid_to = valid_to.unwrap_or(special.valid_to);
    store.update_special_price(&edited)?;
    let special = &edited.special;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    if ctx.json {
        return output::json(
            ctx.out,
            &json!({
                "id": id, "customer": row.customer_code, "item": row.item_code, "side": edited.side,
                "price": special.price.normalize().to_string(),
                "min_qty": special.min_quantity.map(|q| q.normalize().to_string()),
                "from": date(special.valid_from), "to": date(special.valid_to),
            }),
        );
    }
    let line = format!(
        "Special price #{id}: {} for {} at {}{}",
        row.item_code,
        row.customer_code,
        amount_text(special.price),
        special.terms()
    );
    writeln!(ctx.out, "{line}")?;
    Ok(())
}

fn list_prices(item: Option<String>, customer: Option<String>, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let item_id = item.as_deref().map(|code| store.require_item(code)).transpose()?.and_then(|i| i.id);
    let customer_id = customer.as_deref().map(|code| store.require_customer(code)).transpose()?.and_then(|c| c.id);
    let levels = if customer_id.is_some() { Vec::new() } else { store.level_prices(item_id)? };
    let specials = store.special_prices(customer_id, item_id)?;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    if ctx.json {
        let levels: Vec<Value> = levels
            .iter()
            .map(|l| json!({ "item": l.item_code, "level": l.level, "price": l.price.normalize().to_string() }))
            .collect();
        let specials: Vec<Value> = specials
            .iter()
            .map(|s| {
                let p = &s.price.special;
                json!({
                    "id": p.id, "customer": s.customer_code, "item": s.item_code, "side": s.price.side,
                    "price": p.price.normalize().to_string(),
                    "min_qty": p.min_quantity.map(|q| q.normalize().to_string()),
                    "from": date(p.valid_from), "to": date(p.valid_to),
                })
            })
            .collect();
        return output::json(ctx.out, &json!({ "level_prices": levels, "special_prices": specials }));
    }
    if !levels.is_empty() {
        let rows: Vec<Vec<String>> =
            levels.iter().map(|l| vec![l.item_code.clone(), l.level.clone(), amount_text(l.price)]).collect();
        output::table_right(ctx.out, &["ITEM", "LEVEL", "PRICE"], &rows, &[2])?;
    }
    if !specials.is_empty() {
        let rows: Vec<Vec<String>> = specials
            .iter()
            .map(|s| {
                let p = &s.price.special;
                vec![
                    format!("#{}", p.id),
                    s.customer_code.clone(),
                    s.item_code.clone(),
                    s.price.side.as_str().to_string(),
                    amount_text(p.price),
                    p.min_quantity.map(|q| q.normalize().to_string()).unwrap_or_default(),
                    date(p.valid_from).unwrap_or_default(),
                    date(p.valid_to).unwrap_or_default(),
                ]
            })
            .collect();
        output::table_right(
            ctx.out,
            &["ID", "CUSTOMER", "ITEM", "SIDE", "PRICE", "FROM QTY", "FROM", "TO"],
            &rows,
            &[4],
        )?;
    }
    if levels.is_empty() && specials.is_empty() {
        writeln!(ctx.err, "No prices set.")?;
    }
    Ok(())
}

pub fn price(args: PriceArgs, ctx: &mut Context<'_>) -> Result<()> {
    let quantity = match args.qty.as_deref() {
        Some(q) => parse::money("--qty", q, parse_non_negative_amount)?,
        None => Decimal::ONE,
    };
    if quantity <= Decimal::ZERO {
        return Err(CliError::Store(crate::store::StoreError::Rejected("--qty must be more than 0".into())));
    }
    let discount_override =
        args.discount.as_deref().map(|d| parse::money("--discount", d, parse_percent)).transpose()?;
    let date = parse::optional_date("--date", args.date.as_deref())?.unwrap_or_else(parse::today);
    let store = ctx.open(Access::Read)?;
    let customer = store.require_customer(&args.customer)?;
    let item = store.require_item(&args.item)?;
    let side = if args.purchase { PriceSide::Purchase } else { PriceSide::Sales };
    let query = PriceQuery { quantity, date, discount_override, use_last: args.last };
    let resolved = store.resolve_price(&customer, item.id.unwrap_or_default(), side, &query)?;
    if ctx.json {
        return output::json(ctx.out, &price_json(&resolved, &customer.code, &item.code, quantity));
    }
    writeln!(ctx.out, "{} for {} × {}", item.code, customer.code, quantity.normalize())?;
    for step in &resolved.trace {
        let mark = match step.outcome {
            crate::domain::pricing::StepOutcome::Used => "✓",
            crate::domain::pricing::StepOutcome::Rejected => "✗",
            crate::domain::pricing::StepOutcome::Passed => "·",
            crate::domain::pricing::StepOutcome::Note => " ",
        };
        if step.reason.is_empty() {
            writeln!(ctx.out, "  {mark} {}", step.step)?;
        } else {
            writeln!(ctx.out, "  {mark} {} — {}", step.step, step.reason)?;
        }
    }
    writeln!(
        ctx.out,
        "Unit price {}, discount {}%, net {} ({})",
        amount_text(resolved.unit_price),
        resolved.discount_pct.normalize(),
        amount_text(resolved.net_unit_price),
        source_word(&resolved)
    )?;
    Ok(())
}

fn source_word(resolved: &ResolvedPrice) -> &'static str {
    match resolved.source {
        crate::domain::pricing::PriceSource::Special => "special",
        crate::domain::pricing::PriceSource::Level => "level",
        crate::domain::pricing::PriceSource::Standard => "standard",
        crate::domain::pricing::PriceSource::Last => "last",
    }
}

fn price_json(resolved: &ResolvedPrice, customer: &str, item: &str, quantity: Decimal) -> Value {
    json!({
        "customer": customer,
        "item": item,
        "quantity": quantity.normalize().to_string(),
        "unit_price": resolved.unit_price.normalize().to_string(),
        "discount_pct": resolved.discount_pct.normalize().to_string(),
        "net_unit_price": resolved.net_unit_price.normalize().to_string(),
        "source": source_word(resolved),
        "special_id": resolved.special_id,
        "trace": resolved.trace,
    })
}

fn sourced_json<T: ToString>(value: &Option<Sourced<T>>) -> Value {
    match value {
        Some(v) => json!({ "value": v.value.to_string(), "source": v.source }),
        None => json!({ "value": null, "source": Source::Default }),
    }
}

pub fn credit(code: &str, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let customer = store.require_customer(code)?;
    let id = customer.id.unwrap_or_default();
    let terms = store.effective_terms(&customer)?;
    let balance = store.balance(id)?.receivable;
    let ageing = store.customer_ageing(id, Side::Receivable, parse::today())?;
    let available = terms.credit_limit.as_ref().map(|limit| limit.value - balance);
    // Today's position, as a sale of nothing would see it.
    let verdict = check_credit(
        &terms,
        &Exposure {
            balance_before: balance,
            sale_total: Decimal::ZERO,
            oldest_overdue_days: ageing.oldest_overdue_days,
        },
    );
    let currency = store.currency()?;
    let problems: Vec<String> = verdict.problems.iter().map(|p| p.standing(&currency)).collect();
    if ctx.json {
        return output::json(
            ctx.out,
            &json!({
                "code": customer.code,
                "credit_limit": sourced_json(&terms.credit_limit),
                "balance": balance.normalize().to_string(),
                "available": available.map(|a| a.normalize().to_string()),
                "oldest_overdue_days": ageing.oldest_overdue_days,
                "age_limit_days": sourced_json(&terms.age_limit_days),
                "on_exceed": { "value": terms.on_exceed.value.as_str(), "source": terms.on_exceed.source },
                "problems": problems,
            }),
        );
    }
    let shown = |value: Option<String>, source: Option<&Source>| match (value, source) {
        (Some(value), Some(source)) => format!("{value} ({source})"),
        _ => "none".to_string(),
    };
    let pairs = vec![
        ("Customer".to_string(), format!("{} {}", customer.code, customer.name)),
        (
            "Credit limit".to_string(),
            shown(
                terms.credit_limit.as_ref().map(|l| amount_text(l.value)),
                terms.credit_limit.as_ref().map(|l| &l.source),
            ),
        ),
        ("Balance".to_string(), amount_text(balance)),
        ("Available".to_string(), available.map(amount_text).unwrap_or_else(|| "no limit".into())),
        (
            "Oldest overdue".to_string(),
            ageing.oldest_overdue_days.map(|d| format!("{d} days")).unwrap_or_else(|| "none overdue".into()),
        ),
        (
            "Age limit".to_string(),
            shown(
                terms.age_limit_days.as_ref().map(|d| format!("{} days", d.value)),
                terms.age_limit_days.as_ref().map(|d| &d.source),
            ),
        ),
        ("When exceeded".to_string(), format!("{} ({})", terms.on_exceed.value, terms.on_exceed.source)),
    ];
    output::fields(ctx.out, &pairs)?;
    for problem in problems {
        writeln!(ctx.out, "{problem}")?;
    }
    Ok(())
}
