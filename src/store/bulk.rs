//! Bulk loading for generated data: many customers in one transaction, with progress.

use super::customers::{
    GroupIds, Prepared, fields_by_key, highest_auto_number, set_next_number, write_children, write_row_for_bulk,
};
use super::{Result, Store, StoreError, now_text};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::Customer;
use crate::domain::sample::SampleSchema;

impl Store {
    /// Creates the sample schema's group axes, values and custom fields where missing.
    pub fn install_sample_schema(&mut self, schema: &SampleSchema) -> Result<Vec<FieldDef>> {
        let existing = self.field_defs()?;
        for def in &schema.fields {
            if !existing.iter().any(|d| d.key == def.key) {
                self.add_field(def)?;
            }
        }
        for (axis, values) in &schema.axes {
            for value in values {
                self.ensure_group(axis, value)?;
            }
        }
        self.field_defs()
    }

    /// Inserts customers in one transaction, as a whole or not at all: a
    /// failing customer (invalid, duplicate code) rolls every one back.
    /// `progress` is told how many are done every 10,000.
    pub fn insert_many(
        &mut self,
        customers: impl IntoIterator<Item = Customer>,
        mut progress: impl FnMut(u64),
    ) -> Result<u64> {
        let fields = self.field_defs()?;
        let by_key = fields_by_key(&fields);
        let now = now_text();
        let previous_cache: i64 = self.conn().query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        // A page cache larger than the load keeps its scattered index inserts in memory;
        // a smaller one spills pages to the WAL again and again within the one transaction.
        self.conn().pragma_update(None, "cache_size", -4_000_000)?;
        let result = (|| {
            let tx = self.conn.transaction()?;
            // Secondary indexes are dropped and rebuilt around a large load: building an
            // index by sorting once is several times cheaper than a million scattered
            // inserts. Their definitions come from the schema itself, so they return
            // exactly as the migrations made them, inside the same transaction.
            let customers = customers.into_iter();
            let rebuild = customers.size_hint().0 >= 10_000;
            let indexes: Vec<(String, String)> = if !rebuild {
                Vec::new()
            } else {
                tx.prepare(
                    "SELECT name, sql FROM sqlite_schema
                     WHERE type = 'index' AND sql IS NOT NULL
                       AND tbl_name IN ('customers', 'contacts', 'customer_groups', 'custom_values')",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
            };
            for (name, _) in &indexes {
                tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            }
            let mut count: u64 = 0;
            let mut group_ids = GroupIds::default();
            for customer in customers {
                let errors = customer.validate(&fields);
                if !errors.is_empty() {
                    return Err(StoreError::Invalid(errors));
                }
                let prepared = Prepared::of(customer);
                let id = write_row_for_bulk(&tx, &prepared, &now)?;
                write_children(&tx, id, &prepared.customer, &prepared.doc, &by_key, &mut group_ids, false)?;
                count += 1;
                if count.is_multiple_of(10_000) {
                    progress(count);
                }
            }
            for (_, sql) in &indexes {
                tx.execute_batch(sql)?;
            }
            set_next_number(&tx, highest_auto_number(&tx)? + 1)?;
            tx.commit()?;
            progress(count);
            Ok(count)
        })();
        self.conn().pragma_update(None, "cache_size", previous_cache)?;
        result
    }

    /// The first automatic number after every code taken, e.g. to number generated customers after existing ones.
    pub fn first_free_number(&self) -> Result<u64> {
        Ok(highest_auto_number(self.conn())? + 1)
    }
}
