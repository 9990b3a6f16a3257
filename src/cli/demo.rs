//! `clientele demo`: fills the database with deterministic generated customers,
//! items, price levels, special prices and trading history, numbered after what
//! the book already holds.

use super::error::{CliError, Result};
use super::output;
use super::{Access, Context};
use crate::domain::custom_field::{FieldDef, FieldType};
use crate::domain::sample::{Generator, SAMPLE_PRICE_LEVELS, SampleSchema, sample_schema};
use crate::store::{PriceLoad, sample_customer};
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
    /// How many price levels (Retail, Wholesale, Online, Dealer, ...) to add, each
    /// pricing most items of the book a little under their standard price.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub levels: u64,
    /// How many special prices to add for customers (and vendors) and items of the book.
    #[arg(long, value_name = "M", default_value_t = 0)]
    pub special_prices: u64,
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
    if args.special_prices > 0
        && (store.customer_count()? + args.customers == 0 || store.item_count()? + args.items == 0)
    {
        return Err(CliError::DemoClash(
            "special prices need customers and items; add some with --customers and --items".into(),
        ));
    }
    let new_levels = store.new_sample_levels(args.levels)?;
    let mut level_names: Vec<String> = store.price_levels()?.into_iter().map(|l| l.name).collect();
    level_names.extend(new_levels.iter().map(|(_, name)| name.clone()));
    store.install_sample_schema(&schema)?;
    let first = store.first_free_number()?;
    let generator = Generator::new(args.seed);
    let total = args.customers;
    let customers = (0..total).map(|n| sample_customer(&generator, args.seed, n, &level_names)).map(|(n, mut c)| {
        c.code = format!("C{:06}", first + n);
        c
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
    if level_names.is_empty() && added > 0 {
        // The sample customers kept the levels they were drawn with; the book must have them.
        store.ensure_price_levels(&SAMPLE_PRICE_LEVELS)?;
    }
    let items_added = store.add_sample_items(args.seed, args.items)?;
    let prices = if new_levels.is_empty() && args.special_prices == 0 {
        PriceLoad::default()
    } else {
        let err = &mut *ctx.err;
        let total = args.special_prices;
        let mut shown = None;
        let today = chrono::Local::now().date_naive();
        let load = store.add_sample_prices(args.seed, &new_levels, args.special_prices, today, |done| {
            if total == 0 || shown.replace(done) == Some(done) {
                return;
            }
            let _ = if inline {
                write!(err, "\rdemo: {done} of {total} special prices")
            } else {
                writeln!(err, "demo: {done} of {total} special prices")
            };
        })?;
        if inline && total > 0 {
            writeln!(ctx.err)?;
        }
        load
    };
    let (vouchers_added, lines_added) = if args.vouchers == 0 {
        (0, 0)
    } else {
        let err = &mut *ctx.err;
        let total = args.vouchers;
        let mut shown = None;
        let end = chrono::Local::now().date_naive();
        let start = end.checked_sub_days(chrono::Days::new(HISTORY_DAYS)).unwrap_or(end);
        let counts = store.add_sample_vouchers(args.seed, args.vouchers, (start, end), |done| {
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
                "levels": prices.levels,
                "level_prices": prices.level_prices,
                "special_prices": prices.special_prices,
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
    if prices.levels > 0 {
        let names: Vec<&str> = new_levels.iter().map(|(_, name)| name.as_str()).collect();
        writeln!(
            ctx.out,
            "Added {} price level{} ({}) with {} level prices",
            prices.levels,
            if prices.levels == 1 { "" } else { "s" },
            names.join(", "),
            prices.level_prices
        )?;
    }
    if prices.special_prices > 0 {
        writeln!(ctx.out, "Added {} special prices", prices.special_prices)?;
    }
    if vouchers_added > 0 {
        writeln!(ctx.out, "Added {vouchers_added} sample vouchers with {lines_added} lines")?;
    }
    writeln!(ctx.out, "Done in {seconds:.1} s")?;
    Ok(())
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
