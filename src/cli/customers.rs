//! `clientele customers …`: add, edit, show, list, activate, deactivate, delete and history.

use super::error::{CliError, Result};
use super::output;
use super::profile::ProfileArgs;
use super::{Access, Context};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::{Customer, Role, own_action_text};
use crate::domain::group::parse_pair;
use crate::domain::money::Currency;
use crate::domain::money::format_amount;
use crate::domain::search::{ActiveFilter, SearchQuery};
use crate::store::{SavedCustomer, Store};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum CustomersCommand {
    /// Add a customer and print its code.
    Add(Box<AddArgs>),
    /// Change a customer: only the options given change.
    #[command(
        after_help = "An empty value clears a field: --fax \"\", --credit-limit \"\", --field KEY=, --group AXIS=."
    )]
    Edit(Box<EditArgs>),
    /// Show one customer's whole profile.
    Show {
        /// The customer's code.
        code: String,
    },
    /// List or search customers, best match first.
    #[command(long_about = "List or search customers, best match first.\n\n\
        Active and inactive customers are both listed unless --active or --inactive is given; \
        the JSON output has an \"active\" key on every row.")]
    List(ListArgs),
    /// Mark a customer inactive (kept with its history, left out of --active lists).
    Deactivate {
        /// The customer's code.
        code: String,
    },
    /// Mark an inactive customer active again.
    Activate {
        /// The customer's code.
        code: String,
    },
    /// Delete a customer with its contacts and history; needs --yes.
    Delete {
        /// The customer's code.
        code: String,
        /// Confirm the deletion; it cannot be undone.
        #[arg(long)]
        yes: bool,
    },
    /// Show what was changed on a customer, newest first.
    History {
        /// The customer's code.
        code: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The customer's name.
    #[arg(long, value_name = "N")]
    pub name: String,
    /// The code; the next free automatic code (C000001, …) when left out.
    #[arg(long, value_name = "C")]
    pub code: Option<String>,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The code of the customer to change.
    pub code: String,
    /// A new name.
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    /// A new code.
    #[arg(long = "code", value_name = "C")]
    pub new_code: Option<String>,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Find customers by code, name, tax ID, phone, e-mail, contact or custom text.
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// Only customers in this group, e.g. Region=Seoul; repeat to require several.
    #[arg(long, value_name = "AXIS=VALUE")]
    pub group: Vec<String>,
    /// Only customers with this role (customer or vendor; "both" records count as either).
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    pub role: Option<Role>,
    /// Only active customers.
    #[arg(long, conflicts_with_all = ["inactive", "all"])]
    pub active: bool,
    /// Only inactive customers.
    #[arg(long, conflicts_with = "all")]
    pub inactive: bool,
    /// Active and inactive customers (the default).
    #[arg(long)]
    pub all: bool,
    /// Show at most this many customers.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

fn parse_role(text: &str) -> std::result::Result<Role, String> {
    Role::parse(text).ok_or_else(|| "expected customer, vendor or both".to_string())
}

pub fn run(command: CustomersCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        CustomersCommand::Add(args) => add(*args, ctx),
        CustomersCommand::Edit(args) => edit(*args, ctx),
        CustomersCommand::Show { code } => show(&code, ctx),
        CustomersCommand::List(args) => list(args, ctx),
        CustomersCommand::Deactivate { code } => set_active(&code, false, ctx),
        CustomersCommand::Activate { code } => set_active(&code, true, ctx),
        CustomersCommand::Delete { code, yes } => delete(&code, yes, ctx),
        CustomersCommand::History { code } => history(&code, ctx),
    }
}

fn warn_duplicates(saved: &SavedCustomer, ctx: &mut Context<'_>) -> Result<()> {
    for duplicate in &saved.duplicates {
        writeln!(ctx.err, "warning: {duplicate}")?;
    }
    Ok(())
}

fn add(args: AddArgs, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let mut customer = Customer::new(args.name);
    customer.code = args.code.unwrap_or_default();
    args.profile.apply(&mut customer, &store.field_defs()?, &store.group_axes()?, &level_names(&store)?)?;
    let saved = store.insert_customer(&customer)?;
    warn_duplicates(&saved, ctx)?;
    if ctx.json {
        output::json(ctx.out, &saved)?;
    } else {
        writeln!(ctx.out, "{}", saved.code)?;
    }
    Ok(())
}

fn edit(args: EditArgs, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let mut customer = store.require_customer(&args.code)?;
    if let Some(name) = args.name {
        customer.name = name;
    }
    if let Some(code) = args.new_code {
        customer.code = code;
    }
    args.profile.apply(&mut customer, &store.field_defs()?, &store.group_axes()?, &level_names(&store)?)?;
    let saved = store.update_customer(&customer)?;
    warn_duplicates(&saved, ctx)?;
    if ctx.json {
        output::json(ctx.out, &saved)?;
    } else if saved.changes.is_empty() {
        writeln!(ctx.out, "{}: nothing changed", saved.code)?;
    } else {
        let fields: Vec<&str> = saved.changes.iter().map(|c| c.field.as_str()).collect();
        writeln!(ctx.out, "{}: changed {}", saved.code, fields.join(", "))?;
    }
    Ok(())
}

/// The book's price level names, in their order, for checking `--price-level`.
fn level_names(store: &Store) -> Result<Vec<String>> {
    Ok(store.price_levels()?.into_iter().map(|level| level.name).collect())
}

/// The profile as JSON: every field under its snake_case name, plus the id.
fn customer_json(customer: &Customer) -> Result<serde_json::Value> {
    let mut value = serde_json::to_value(customer)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("id".into(), customer.id.into());
    }
    Ok(value)
}

fn show(code: &str, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let customer = store.require_customer(code)?;
    if ctx.json {
        return output::json(ctx.out, &customer_json(&customer)?);
    }
    let defs = store.field_defs()?;
    let symbol = store.currency()?;
    output::fields(ctx.out, &profile_lines(&customer, &defs, &symbol))
}

/// The readable profile, in the order a clerk looks for things.
fn profile_lines(c: &Customer, defs: &[FieldDef], symbol: &Currency) -> Vec<(String, String)> {
    let days = |d: Option<u32>| d.map(|d| format!("{d} days")).unwrap_or_default();
    let mut lines: Vec<(String, String)> = [
        ("Code", c.code.clone()),
        ("Name", c.name.clone()),
        ("Status", if c.active { "active" } else { "inactive" }.to_string()),
        ("Role", c.role.to_string()),
        ("Entity type", c.entity_type.to_string()),
        ("Tax ID", c.tax_id.clone()),
        ("Representative", c.representative.clone()),
        ("Business type", c.business_type.clone()),
        ("Business item", c.business_item.clone()),
        ("Phone", c.phone.clone()),
        ("Mobile", c.mobile.clone()),
        ("Fax", c.fax.clone()),
        ("E-mail", c.email.clone()),
        ("Website", c.website.clone()),
        ("Billing address", address_text(&c.billing_address)),
        ("Shipping address", address_text(&c.shipping_address)),
        ("Person in charge", c.person_in_charge.clone()),
        ("Price level", c.price_level.clone()),
        ("Discount", c.discount_rate.map(|d| format!("{} %", d.normalize())).unwrap_or_default()),
        ("Credit limit", c.credit_limit.map(|d| format_amount(d, symbol)).unwrap_or_default()),
        ("Age limit", days(c.age_limit_days)),
        ("When exceeded", own_action_text(c.on_exceed)),
        ("Payment terms", days(c.payment_terms_days)),
    ]
    .into_iter()
    .map(|(label, value)| (label.to_string(), value))
    .collect();
    for (i, contact) in c.contacts.iter().enumerate() {
        let parts: Vec<&str> = [&contact.name, &contact.title, &contact.phone, &contact.email]
            .into_iter()
            .map(String::as_str)
            .filter(|p| !p.is_empty())
            .collect();
        let primary = if contact.primary { " (primary)" } else { "" };
        lines.push((format!("Contact {}{primary}", i + 1), parts.join(", ")));
    }
    for (axis, value) in &c.groups {
        lines.push((axis.clone(), value.clone()));
    }
    for def in defs {
        if let Some(value) = c.custom.get(&def.key) {
            lines.push((def.label.clone(), value.to_canonical()));
        }
    }
    lines.push(("Memo".to_string(), c.memo.clone()));
    lines
}

fn address_text(address: &crate::domain::customer::Address) -> String {
    let place: Vec<&str> = [&address.city, &address.region, &address.postal_code, &address.country]
        .into_iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    [address.lines.trim().to_string(), place.join(", ")]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn list(args: ListArgs, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let groups = args.group.iter().map(|pair| parse_pair(pair)).collect::<std::result::Result<Vec<_>, _>>()?;
    let active = if args.active {
        ActiveFilter::ActiveOnly
    } else if args.inactive {
        ActiveFilter::InactiveOnly
    } else {
        ActiveFilter::All
    };
    let query = SearchQuery {
        text: args.search.unwrap_or_default(),
        groups,
        role: args.role,
        active,
        limit: args.limit as usize,
    };
    let rows = store.search(&query)?;
    if ctx.json {
        return output::json(ctx.out, &rows);
    }
    if rows.is_empty() {
        writeln!(ctx.err, "No customers found.")?;
        return Ok(());
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            vec![
                row.code.clone(),
                output::clip(&row.name, 40),
                row.role.as_str().to_string(),
                if row.active { "" } else { "inactive" }.to_string(),
                output::clip(&row.phone, 20),
                output::clip(&row.city, 20),
            ]
        })
        .collect();
    output::table(ctx.out, &["CODE", "NAME", "ROLE", "STATUS", "PHONE", "CITY"], &table)
}

fn set_active(code: &str, active: bool, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let saved = store.set_active(code, active)?;
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({ "code": saved.code, "active": active, "changes": saved.changes }),
        );
    }
    let state = if active { "active" } else { "inactive" };
    if saved.changes.is_empty() {
        writeln!(ctx.out, "{} was already {state}", saved.code)?;
    } else {
        writeln!(ctx.out, "{} is now {state}", saved.code)?;
    }
    Ok(())
}

fn delete(code: &str, yes: bool, ctx: &mut Context<'_>) -> Result<()> {
    // Looking the customer up first lets the refusal name who would be deleted.
    let customer = {
        let store = ctx.open(Access::Read)?;
        store.require_customer(code)?
    };
    if !yes {
        return Err(CliError::NotConfirmed(format!(
            "deleting {} {} removes it with its contacts and history and cannot be undone; \
             run again with --yes to confirm (or deactivate it instead)",
            customer.code, customer.name
        )));
    }
    let mut store: Store = ctx.open(Access::Write)?;
    let customer = store.require_customer(code)?;
    store.delete_customer(customer.id.unwrap_or_default())?;
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "code": customer.code, "deleted": true }))
    } else {
        writeln!(ctx.out, "Deleted {} {}", customer.code, customer.name)?;
        Ok(())
    }
}

fn history(code: &str, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let customer = store.require_customer(code)?;
    let entries = store.history(customer.id.unwrap_or_default())?;
    if ctx.json {
        return output::json(ctx.out, &entries);
    }
    for entry in entries {
        let old = output::clip(&entry.old_value, 60);
        let new = output::clip(&entry.new_value, 60);
        let change = match (old.is_empty(), new.is_empty()) {
            (true, _) => format!("\"{new}\""),
            (false, true) => format!("\"{old}\" removed"),
            (false, false) => format!("\"{old}\" → \"{new}\""),
        };
        let by = if entry.changed_by.is_empty() { String::new() } else { format!("  ({})", entry.changed_by) };
        writeln!(ctx.out, "{}  {}: {change}{by}", entry.changed_at, entry.field)?;
    }
    Ok(())
}
