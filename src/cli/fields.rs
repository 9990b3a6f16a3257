//! `clientele fields …`: define, list, rename and remove custom fields.

use super::error::{CliError, Result};
use super::output;
use super::profile::unknown_field;
use super::{Access, Context};
use crate::domain::custom_field::{FieldDef, FieldType};
use crate::store::Store;
use clap::Subcommand;

fn field_type(text: &str) -> std::result::Result<FieldType, String> {
    FieldType::parse(text).ok_or_else(|| "expected text, number, decimal, date, bool or choice".to_string())
}

#[derive(Debug, Subcommand)]
pub enum FieldsCommand {
    /// Define a new custom field.
    Add {
        /// The stable key used by --field KEY=VALUE: lower-case letters, digits and _.
        key: String,
        /// What people see; can be renamed later.
        #[arg(long, value_name = "L")]
        label: String,
        /// text, number, decimal, date, bool or choice.
        #[arg(long = "type", value_name = "TYPE", value_parser = field_type)]
        field_type: FieldType,
        /// The choices of a choice field, separated by commas.
        #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
        choices: Vec<String>,
        /// Every customer must have a value.
        #[arg(long)]
        required: bool,
        /// Show the field as a column of the customer list.
        #[arg(long)]
        in_list: bool,
    },
    /// List the custom fields.
    List,
    /// Give a field a new label; its key and stored values stay.
    Rename {
        key: String,
        #[arg(long, value_name = "L")]
        label: String,
    },
    /// Remove a field and every value stored under it; needs --yes.
    Remove {
        key: String,
        /// Confirm the removal; it cannot be undone.
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(command: FieldsCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        FieldsCommand::Add { key, label, field_type, choices, required, in_list } => {
            if field_type != FieldType::Choice && choices.iter().any(|c| !c.trim().is_empty()) {
                return Err(CliError::ChoicesNotApplicable { key, field_type: field_type.as_str() });
            }
            let mut store = ctx.open(Access::Write)?;
            let def = FieldDef {
                id: 0,
                key: key.trim().to_string(),
                label,
                field_type,
                choices,
                required,
                position: 0,
                show_in_list: in_list,
            };
            let def = store.add_field(&def)?;
            let customers = store.customer_count()?;
            if def.required && customers > 0 {
                writeln!(
                    ctx.err,
                    "warning: {customers} existing customers have no {}; each needs one at its next edit",
                    def.label
                )?;
            }
            if ctx.json {
                output::json(ctx.out, &def)
            } else {
                writeln!(ctx.out, "{}", def.key)?;
                Ok(())
            }
        }
        FieldsCommand::List => {
            let store = ctx.open(Access::Read)?;
            let defs = store.field_defs()?;
            if ctx.json {
                return output::json(ctx.out, &defs);
            }
            if defs.is_empty() {
                writeln!(ctx.err, "No custom fields yet.")?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = defs
                .iter()
                .map(|d| {
                    vec![
                        d.key.clone(),
                        output::clip(&d.label, 40),
                        d.field_type.as_str().to_string(),
                        if d.required { "required" } else { "" }.to_string(),
                        if d.show_in_list { "in list" } else { "" }.to_string(),
                        output::clip(&d.choices.join(", "), 60),
                    ]
                })
                .collect();
            output::table(ctx.out, &["KEY", "LABEL", "TYPE", "REQUIRED", "LIST", "CHOICES"], &rows)
        }
        FieldsCommand::Rename { key, label } => {
            let mut store = ctx.open(Access::Write)?;
            let mut def = find(&store, &key)?;
            def.label = label;
            store.update_field(&def)?;
            let def = find(&store, &key)?;
            if ctx.json {
                output::json(ctx.out, &def)
            } else {
                writeln!(ctx.out, "{}: now labelled \"{}\"", def.key, def.label)?;
                Ok(())
            }
        }
        FieldsCommand::Remove { key, yes } => {
            let mut store = ctx.open(if yes { Access::Write } else { Access::Read })?;
            let def = find(&store, &key)?;
            let used = store.field_usage(def.id)?;
            if !yes {
                return Err(CliError::NotConfirmed(format!(
                    "removing the field \"{}\" deletes the values of {used} customers and cannot be undone; \
                     run again with --yes to confirm",
                    def.key
                )));
            }
            store.delete_field(def.id)?;
            if ctx.json {
                output::json(ctx.out, &serde_json::json!({ "key": def.key, "removed": true, "values_removed": used }))
            } else {
                writeln!(ctx.out, "Removed the field {} and {used} stored values", def.key)?;
                Ok(())
            }
        }
    }
}

fn find(store: &Store, key: &str) -> Result<FieldDef> {
    let defs = store.field_defs()?;
    let key = key.trim();
    defs.iter().find(|d| d.key == key).cloned().ok_or_else(|| unknown_field(key, &defs))
}
