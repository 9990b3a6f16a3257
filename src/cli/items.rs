//! `clientele items …`: add, edit, list, activate, deactivate and delete the products and services traded.

use super::error::Result;
use super::output::{self, amount_text};
use super::parse::money;
use super::{Access, Context};
use crate::domain::item::Item;
use crate::domain::money::{parse_non_negative_amount, parse_percent};
use clap::{Args, Subcommand};
use serde_json::{Value, json};

#[derive(Debug, Subcommand)]
pub enum ItemsCommand {
    /// Add an item and print its code.
    Add(AddArgs),
    /// Change an item: only the options given change. Vouchers already written keep their figures.
    Edit(EditArgs),
    /// List or find items by code or name; active ones unless --all.
    List(ListArgs),
    /// Mark an inactive item active again.
    Activate {
        /// The item's code.
        code: String,
    },
    /// Mark an item inactive: kept on old vouchers, refused on new ones.
    Deactivate {
        /// The item's code.
        code: String,
    },
    /// Delete an item that no voucher uses (deactivate one that is used).
    Delete {
        /// The item's code.
        code: String,
    },
}

/// Prices and tax shared by `add` and `edit`.
#[derive(Debug, Args)]
pub struct PriceArgs {
    /// The unit it is counted in, e.g. pcs, kg, box.
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
    /// The standard sales price, before tax.
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub price: Option<String>,
    /// The standard purchase price, before tax.
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub purchase_price: Option<String>,
    /// The tax rate in percent, e.g. 10.
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub tax_rate: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The item's code, e.g. W-1.
    #[arg(long, value_name = "C")]
    pub code: String,
    /// The item's name.
    #[arg(long, value_name = "N")]
    pub name: String,
    #[command(flatten)]
    pub prices: PriceArgs,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The code of the item to change.
    pub code: String,
    /// A new code.
    #[arg(long = "code", value_name = "C")]
    pub new_code: Option<String>,
    /// A new name.
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    #[command(flatten)]
    pub prices: PriceArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Items whose code or name (or a word of it) starts with this.
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// Inactive items too.
    #[arg(long)]
    pub all: bool,
    /// Show at most this many items.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

pub fn run(command: ItemsCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        ItemsCommand::Add(args) => add(args, ctx),
        ItemsCommand::Edit(args) => edit(args, ctx),
        ItemsCommand::List(args) => list(args, ctx),
        ItemsCommand::Activate { code } => set_active(&code, true, ctx),
        ItemsCommand::Deactivate { code } => set_active(&code, false, ctx),
        ItemsCommand::Delete { code } => delete(&code, ctx),
    }
}

impl PriceArgs {
    /// Parses every option before changing anything, so one bad value leaves the item as it was.
    fn apply(&self, item: &mut Item) -> Result<()> {
        let price = self.price.as_deref().map(|t| money("--price", t, parse_non_negative_amount)).transpose()?;
        let purchase = self
            .purchase_price
            .as_deref()
            .map(|t| money("--purchase-price", t, parse_non_negative_amount))
            .transpose()?;
        let tax = self.tax_rate.as_deref().map(|t| money("--tax-rate", t, parse_percent)).transpose()?;
        if let Some(unit) = &self.unit {
            item.unit = unit.clone();
        }
        if let Some(price) = price {
            item.sales_price = price;
        }
        if let Some(purchase) = purchase {
            item.purchase_price = purchase;
        }
        if let Some(tax) = tax {
            item.tax_rate = tax;
        }
        Ok(())
    }
}

/// An item as JSON: prices as exact strings with two decimals at least, the tax rate as typed.
pub fn item_json(item: &Item) -> Value {
    json!({
        "code": item.code,
        "name": item.name,
        "unit": item.unit,
        "sales_price": amount_text(item.sales_price),
        "purchase_price": amount_text(item.purchase_price),
        "tax_rate": item.tax_rate.normalize().to_string(),
        "active": item.active,
    })
}

fn add(args: AddArgs, ctx: &mut Context<'_>) -> Result<()> {
    let mut item = Item::new(args.code, args.name);
    args.prices.apply(&mut item)?;
    let mut store = ctx.open(Access::Write)?;
    let saved = store.add_item(&item)?;
    if ctx.json {
        output::json(ctx.out, &item_json(&saved))
    } else {
        writeln!(ctx.out, "{}", saved.code)?;
        Ok(())
    }
}

/// The names of the fields that differ, in the order the options are listed.
fn changed_fields(old: &Item, new: &Item) -> Vec<&'static str> {
    [
        ("code", old.code != new.code),
        ("name", old.name != new.name),
        ("unit", old.unit != new.unit),
        ("price", old.sales_price != new.sales_price),
        ("purchase price", old.purchase_price != new.purchase_price),
        ("tax rate", old.tax_rate != new.tax_rate),
    ]
    .into_iter()
    .filter_map(|(name, changed)| changed.then_some(name))
    .collect()
}

fn edit(args: EditArgs, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let old = store.require_item(&args.code)?;
    let mut item = old.clone();
    if let Some(code) = args.new_code {
        item.code = code;
    }
    if let Some(name) = args.name {
        item.name = name;
    }
    args.prices.apply(&mut item)?;
    let saved = store.update_item(&item)?;
    let changes = changed_fields(&old, &saved);
    if ctx.json {
        let mut value = item_json(&saved);
        value["changes"] = json!(changes);
        return output::json(ctx.out, &value);
    }
    if changes.is_empty() {
        writeln!(ctx.out, "{}: nothing changed", saved.code)?;
    } else {
        writeln!(ctx.out, "{}: changed {}", saved.code, changes.join(", "))?;
    }
    Ok(())
}

fn list(args: ListArgs, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let limit = args.limit as usize;
    // One more than asked tells whether the list was cut.
    let mut items = store.find_items(args.search.as_deref().unwrap_or_default(), args.all, limit + 1)?;
    let cut = items.len() > limit;
    items.truncate(limit);
    if ctx.json {
        let rows: Vec<Value> = items.iter().map(item_json).collect();
        return output::json(ctx.out, &rows);
    }
    if items.is_empty() {
        writeln!(ctx.err, "No items found.")?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            vec![
                item.code.clone(),
                output::clip(&item.name, 40),
                output::clip(&item.unit, 12),
                amount_text(item.sales_price),
                amount_text(item.purchase_price),
                format!("{}%", item.tax_rate.normalize()),
                if item.active { "" } else { "inactive" }.to_string(),
            ]
        })
        .collect();
    output::table_right(ctx.out, &["CODE", "NAME", "UNIT", "PRICE", "PURCHASE", "TAX", "STATUS"], &rows, &[3, 4, 5])?;
    if cut {
        writeln!(ctx.err, "Showing the first {limit} items; pass --limit or --search to see others.")?;
    }
    Ok(())
}

fn set_active(code: &str, active: bool, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let item = store.require_item(code)?;
    let was = item.active;
    // Nothing to write when it already is as asked; the item keeps its last-changed time.
    let saved = if was == active { item } else { store.set_item_active(code, active)? };
    if ctx.json {
        let mut value = item_json(&saved);
        value["changed"] = json!(was != active);
        return output::json(ctx.out, &value);
    }
    let state = if active { "active" } else { "inactive" };
    if was == active {
        writeln!(ctx.out, "{} was already {state}", saved.code)?;
    } else {
        writeln!(ctx.out, "{} is now {state}", saved.code)?;
    }
    Ok(())
}

fn delete(code: &str, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let item = store.require_item(code)?;
    store.delete_item(&item.code)?;
    if ctx.json {
        output::json(ctx.out, &json!({ "code": item.code, "deleted": true }))
    } else {
        writeln!(ctx.out, "Deleted {} {}", item.code, item.name)?;
        Ok(())
    }
}
