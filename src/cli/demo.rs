//! `clientele demo`: fills the database with deterministic generated customers,
//! items and trading history, numbered after what the book already holds.

use super::error::{CliError, Result};
use super::output;
use super::{Access, Context};
use crate::domain::custom_field::{FieldDef, FieldType};
use crate::domain::customer::Customer;
use crate::domain::sample::{Generator, SampleSchema, sample_schema};
use crate::domain::sample_trading::{CustomerFacts, Trading, TradingPlan, sample_item};
use crate::store::Store;
use clap::Args;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many customers to add.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub customers: u64,
    /// How many items (products and services) to add.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub items: u64,
    /// How many vouchers (sales, purchases, collections, payments) to add over
    /// the last ten years, among all customers and items of the book.
    #[arg(long, value_name = "M", default_value_t = 0)]
    pub vouchers: u64,
    /// The same seed always gives the same data.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
}

/// Ten years of history, as a busy office would have.
const HISTORY_DAYS: u64 = 3652;

/// Why the sample customers would not fit a custom field the user already has.
/// Checked before anything is written: installing the sample schema and
/// inserting the customers are separate transactions, so a clash found by the
/// insert would leave the schema behind.
fn schema_clash(existing: &[FieldDef], sample: &SampleSchema) -> Option<String> {
    for def in existing {
        let Some(theirs) = sample.fields.iter().find(|s| s.key == def.key) else {
            if def.required {
                return Some(format!("the required field \"{}\" would be empty on every sample customer", def.key));
            }
            continue;
        };
        if def.field_type != theirs.field_type {
            return Some(format!(
                "the field \"{}\" is a {} field here, but the sample data has {} values for it",
                def.key,
                def.field_type.as_str(),
                theirs.field_type.as_str()
            ));
        }
        if def.required && !theirs.required {
            return Some(format!(
                "the field \"{}\" is required here, but not every sample customer has a value for it",
                def.key
            ));
        }
        if def.field_type == FieldType::Choice
            && let Some(missing) =
                theirs.choices.iter().find(|c| !def.choices.iter().any(|d| d.trim().eq_ignore_ascii_case(c.trim())))
        {
            return Some(format!(
                "the choice field \"{}\" has no choice \"{missing}\", which the sample data uses",
                def.key
            ));
        }
    }
    None
}

pub fn run(args: DemoArgs, ctx: &mut Context<'_>) -> Result<()> {
    let started = Instant::now();
    let mut store = ctx.open(Access::Write)?;
    let schema = sample_schema();
    if let Some(clash) = schema_clash(&store.field_defs()?, &schema) {
        return Err(CliError::DemoClash(clash));
    }
    store.install_sample_schema(&schema)?;
    let first = store.first_free_number()?;
    let generator = Generator::new(args.seed);
    let total = args.customers;
    let customers = (0..total).map(|n| {
        let mut customer: Customer = generator.customer(n);
        customer.code = format!("C{:06}", first + n);
        customer
    });
    let inline = ctx.err_is_terminal;
    let err = &mut *ctx.err;
    let mut shown = None;
    let added = store.insert_many(customers, |done| {
        // The store reports the final count even when it was just reported.
        if shown.replace(done) == Some(done) {
            return;
        }
        // Progress is a courtesy; a closed stderr must not stop the load.
        let _ = if inline {
            write!(err, "\rdemo: {done} of {total} customers")
        } else {
            writeln!(err, "demo: {done} of {total} customers")
        };
    })?;
    if inline {
        writeln!(ctx.err)?;
    }
    let items_added = add_items(&mut store, args.seed, args.items)?;
    let (vouchers_added, lines_added) = if args.vouchers == 0 {
        (0, 0)
    } else {
        let err = &mut *ctx.err;
        let total = args.vouchers;
        let mut shown = None;
        let counts = add_vouchers(&mut store, args.seed, args.vouchers, |done| {
            if shown.replace(done) == Some(done) {
                return;
            }
            let _ = if inline {
                write!(err, "\rdemo: {done} of {total} vouchers")
            } else {
                writeln!(err, "demo: {done} of {total} vouchers")
            };
        })?;
        if inline {
            writeln!(ctx.err)?;
        }
        counts
    };
    let seconds = started.elapsed().as_secs_f64();
    let codes = (added > 0).then(|| (format!("C{first:06}"), format!("C{:06}", first + added - 1)));
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({
                "added": added,
                "items": items_added,
                "vouchers": vouchers_added,
                "voucher_lines": lines_added,
                "seed": args.seed,
                "first_code": codes.as_ref().map(|c| &c.0),
                "last_code": codes.as_ref().map(|c| &c.1),
                "seconds": seconds,
            }),
        );
    }
    match codes {
        Some((from, to)) => writeln!(ctx.out, "Added {added} sample customers, {from} to {to}")?,
        None => writeln!(ctx.out, "Installed the sample groups and fields; no customers added")?,
    }
    if items_added > 0 {
        writeln!(ctx.out, "Added {items_added} sample items")?;
    }
    if vouchers_added > 0 {
        writeln!(ctx.out, "Added {vouchers_added} sample vouchers with {lines_added} lines")?;
    }
    writeln!(ctx.out, "Done in {seconds:.1} s")?;
    Ok(())
}

/// Adds `count` generated items, numbered after those already in the book so a second run adds new ones.
pub fn add_items(store: &mut Store, seed: u64, count: u64) -> Result<u64> {
    if count == 0 {
        return Ok(0);
    }
    let first = store.item_count()?;
    let ids = store.insert_items((first..first + count).map(|n| sample_item(seed, n)))?;
    Ok(ids.len() as u64)
}

/// Adds `count` generated vouchers over the last ten years among every customer
/// and item of the book; returns how many vouchers and lines were added.
pub fn add_vouchers(store: &mut Store, seed: u64, count: u64, progress: impl FnMut(u64)) -> Result<(u64, u64)> {
    let facts: Vec<CustomerFacts> = store
        .customer_terms()?
        .into_iter()
        .map(|(id, role, payment_terms_days)| CustomerFacts { id, role, payment_terms_days })
        .collect();
    let item_ids = store.item_ids()?;
    let end = chrono::Local::now().date_naive();
    let start = end.checked_sub_days(chrono::Days::new(HISTORY_DAYS)).unwrap_or(end);
    let plan =
        TradingPlan { customers: facts.len() as u64, items: item_ids.len() as u64, vouchers: count, seed, start, end };
    let trading = Trading::new(&plan, &facts).map_err(|e| CliError::DemoClash(e.to_string()))?;
    let lines_before = store.voucher_counts()?.1;
    // The generator numbers items 1..=N; the book's own ids may differ.
    let vouchers = trading.iter().map(|sample| {
        let mut voucher = sample.voucher;
        for line in &mut voucher.lines {
            let index = usize::try_from(line.item_id - 1).unwrap_or(usize::MAX);
            line.item_id = item_ids.get(index).copied().unwrap_or(line.item_id);
        }
        (voucher, sample.pays)
    });
    let added = store.insert_vouchers(vouchers, progress)?;
    Ok((added, store.voucher_counts()?.1 - lines_before))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_schema_fits_itself_and_an_empty_book() {
        let schema = sample_schema();
        assert_eq!(schema_clash(&[], &schema), None);
        assert_eq!(schema_clash(&schema.fields, &schema), None);
    }

    #[test]
    fn clashes_are_found_before_writing() {
        let schema = sample_schema();
        let mut own = schema.fields[0].clone();
        own.key = "vat_group".into();
        own.required = true;
        assert!(schema_clash(&[own], &schema).unwrap().contains("vat_group"));
        let mut retyped = schema.fields.iter().find(|f| f.field_type == FieldType::Date).unwrap().clone();
        retyped.field_type = FieldType::Number;
        assert!(schema_clash(&[retyped], &schema).unwrap().contains("number"));
    }
}
