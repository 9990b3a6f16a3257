//! Custom field definitions: add, edit (labels can be renamed; the key and data stay), remove, list.

use super::db::{Db, Row};
use super::{Result, Store, StoreError};
use crate::domain::custom_field::{FieldDef, FieldType};

/// The definitions as seen by `conn`, e.g. inside a transaction that is about to use them.
pub(crate) fn field_defs_in(conn: &Db) -> Result<Vec<FieldDef>> {
    let mut statement = conn.prepare_cached("SELECT * FROM field_defs ORDER BY position, id")?;
    let defs = statement.query_map([], field_from_row)?.collect::<super::db::Result<Vec<_>>>()?;
    Ok(defs)
}

fn field_from_row(row: &Row<'_>) -> super::db::Result<FieldDef> {
    let type_text: String = row.get("field_type")?;
    let choices_json: String = row.get("choices")?;
    Ok(FieldDef {
        id: row.get("id")?,
        key: row.get("key")?,
        label: row.get("label")?,
        // The CHECK constraint admits only known types.
        field_type: FieldType::parse(&type_text).unwrap_or(FieldType::Text),
        choices: serde_json::from_str(&choices_json).unwrap_or_default(),
        required: row.get("required")?,
        position: row.get("position")?,
        show_in_list: row.get("show_in_list")?,
    })
}

fn clean_choices(choices: &[String]) -> Vec<String> {
    let mut clean: Vec<String> = Vec::new();
    for choice in choices.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if !clean.iter().any(|c| c.eq_ignore_ascii_case(choice)) {
            clean.push(choice.to_string());
        }
    }
    clean
}

impl Store {
    /// All definitions in display order.
    pub fn field_defs(&self) -> Result<Vec<FieldDef>> {
        field_defs_in(self.conn())
    }

    /// Adds a definition (its `id` and `position` are assigned here) and returns it as stored.
    pub fn add_field(&mut self, def: &FieldDef) -> Result<FieldDef> {
        let mut def =
            FieldDef { label: def.label.trim().to_string(), choices: clean_choices(&def.choices), ..def.clone() };
        def.validate()?;
        let tx = self.write_tx()?;
        def.position = tx.query_row("SELECT COALESCE(MAX(position) + 1, 0) FROM field_defs", [], |r| r.get(0))?;
        let inserted = tx.execute(
            "INSERT INTO field_defs (key, label, field_type, choices, required, position, show_in_list)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            super::db::params![
                def.key,
                def.label,
                def.field_type.as_str(),
                serde_json::to_string(&def.choices).unwrap_or_else(|_| "[]".into()),
                def.required,
                def.position,
                def.show_in_list
            ],
        );
        if let Err(error) = inserted {
            return Err(match error {
                ref e if e.is_constraint() => StoreError::DuplicateFieldKey(def.key.clone()),
                _ => error.into(),
            });
        }
        def.id = tx.last_insert_rowid()?;
        tx.commit()?;
        Ok(def)
    }

    /// Saves a changed label, choices, required flag, order or list visibility.
    /// The key and type stay as they were, so stored values keep their meaning.
    pub fn update_field(&mut self, def: &FieldDef) -> Result<()> {
        let def = FieldDef { label: def.label.trim().to_string(), choices: clean_choices(&def.choices), ..def.clone() };
        def.validate()?;
        self.conn().execute(
            "UPDATE field_defs SET label = ?2, choices = ?3, required = ?4, position = ?5, show_in_list = ?6
             WHERE id = ?1",
            super::db::params![
                def.id,
                def.label,
                serde_json::to_string(&def.choices).unwrap_or_else(|_| "[]".into()),
                def.required,
                def.position,
                def.show_in_list
            ],
        )?;
        Ok(())
    }

    /// Removes a definition and every value stored under it, in one transaction.
    pub fn delete_field(&mut self, id: i64) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute("DELETE FROM custom_values WHERE field_id = ?1", [id])?;
        tx.execute("DELETE FROM field_defs WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// How many customers hold a value for this field (shown before deleting it).
    pub fn field_usage(&self, id: i64) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM custom_values WHERE field_id = ?1", [id], |r| r.get::<_, i64>(0))?
            as u64)
    }
}
