//! `clientele demo`: fills the database with deterministic generated customers, numbered after the existing ones.

use super::error::{CliError, Result};
use super::output;
use super::{Access, Context};
use crate::domain::custom_field::{FieldDef, FieldType};
use crate::domain::customer::Customer;
use crate::domain::sample::{Generator, SampleSchema, sample_schema};
use clap::Args;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many customers to add.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub customers: u64,
    /// The same seed always gives the same customers.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
}

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
    let seconds = started.elapsed().as_secs_f64();
    let codes = (added > 0).then(|| (format!("C{first:06}"), format!("C{:06}", first + added - 1)));
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({
                "added": added,
                "seed": args.seed,
                "first_code": codes.as_ref().map(|c| &c.0),
                "last_code": codes.as_ref().map(|c| &c.1),
                "seconds": seconds,
            }),
        );
    }
    match codes {
        Some((from, to)) => writeln!(ctx.out, "Added {added} sample customers, {from} to {to}, in {seconds:.1} s")?,
        None => writeln!(ctx.out, "Installed the sample groups and fields; no customers added")?,
    }
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
