//! Writing a previewed customer import: changed records first, then the new ones, built and
//! checked on a second thread while this one writes, all in one transaction recorded as a batch.

use super::bulk::{drop_secondary_indexes, finish_search_merging, hold_search_merging};
use super::customers::{
    GroupIds, Prepared, fields_by_key, insert_prepared_in, numbered, prepare_new, read_customer, update_in,
};
use super::fields::field_defs_in;
use super::import::{ImportPlan, PlannedRow, RowOutcome, insert_batch, record, record_created};
use super::{Result, Store, StoreError, now_text};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::Customer;
use std::sync::mpsc;

/// New records handed from the building thread to the writing one at a time.
const BATCH: usize = 256;

/// A new record built from its row and checked, ready to write.
enum Ready {
    /// With its keys and search text worked out.
    Prepared { row: usize, prepared: Prepared },
    /// Without a code: the writer numbers it, since it holds the counter.
    Unnumbered { row: usize, customer: Customer },
}

impl Store {
    pub(super) fn write_customer_import(
        &mut self,
        plan: &ImportPlan,
        file: &str,
        progress: &mut dyn FnMut(usize) -> bool,
        large: bool,
    ) -> Result<i64> {
        let counts = plan.counts();
        let tx = self.write_tx()?;
        // Read inside the transaction, so the field ids written below still exist at commit.
        let fields = field_defs_in(&tx)?;
        let by_key = fields_by_key(&fields);
        let now = now_text();
        let batch = insert_batch(&tx, "customers", file, &counts, &now)?;
        let mut group_ids = GroupIds::creating(&plan.new_group_axes);
        std::thread::scope(|scope| -> Result<i64> {
            let (sender, built) = mpsc::sync_channel::<Result<Vec<Ready>>>(8);
            let fields_for_builder = fields.clone();
            // Leaving early drops `built`, which stops the building thread at its next send.
            scope.spawn(move || build_new_records(plan, &fields_for_builder, sender));
            let mut done = 0;
            for row in plan.rows.iter().filter(|row| !matches!(row.outcome, RowOutcome::New(_))) {
                if !progress(done) {
                    return Err(StoreError::Cancelled);
                }
                done += 1;
                if let RowOutcome::Changed { before, after, .. } = &row.outcome {
                    // The book may have changed since the preview: the record is written as previewed.
                    let id = before.id.unwrap_or_default();
                    update_in(&tx, after, &fields, &mut group_ids).map_err(located(row.row))?;
                    let stored = read_customer(&tx, id, &fields)?.unwrap_or_else(|| (**after).clone());
                    record(&tx, batch, id, "updated", Some(before), &stored)?;
                }
            }
            let indexes = if large {
                hold_search_merging(&tx)?;
                drop_secondary_indexes(&tx, &["customers", "contacts", "customer_groups", "custom_values"])?
            } else {
                Vec::new()
            };
            for ready in built {
                for ready in ready? {
                    if !progress(done) {
                        return Err(StoreError::Cancelled);
                    }
                    done += 1;
                    let (row, prepared) = match ready {
                        Ready::Prepared { row, prepared } => (row, prepared),
                        Ready::Unnumbered { row, customer } => {
                            (row, Prepared::of(numbered(&tx, customer).map_err(located(row))?))
                        }
                    };
                    let stored =
                        insert_prepared_in(&tx, prepared, &by_key, &mut group_ids, &now).map_err(located(row))?;
                    record_created(&tx, batch, stored.id.unwrap_or_default())?;
                }
            }
            for (_, sql) in &indexes {
                tx.execute_batch(sql)?;
            }
            if large {
                finish_search_merging(&tx)?;
            }
            if !progress(plan.rows.len()) {
                return Err(StoreError::Cancelled);
            }
            Ok(batch)
        })?;
        tx.commit()?;
        Ok(batch)
    }
}

/// The error of row `number`, saying nothing was written (the whole transaction is rolled back).
fn located(number: usize) -> impl Fn(StoreError) -> StoreError {
    move |e: StoreError| StoreError::Rejected(format!("row {number}: {e}; nothing was written"))
}

/// Builds the plan's new records from their rows, tidies and checks them and works out what the
/// writer needs, in batches, until they run out, one fails, or the writer stops listening.
fn build_new_records(plan: &ImportPlan, fields: &[FieldDef], sender: mpsc::SyncSender<Result<Vec<Ready>>>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut records = plan.new_records();
    for row in &plan.rows {
        let RowOutcome::New(record) = &row.outcome else { continue };
        match ready(records.customer(record), row, fields) {
            Ok(ready) => batch.push(ready),
            Err(error) => {
                let _ = sender.send(Err(located(row.row)(error)));
                return;
            }
        }
        if batch.len() == BATCH && sender.send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))).is_err() {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = sender.send(Ok(batch));
    }
}

fn ready(new: Customer, row: &PlannedRow, fields: &[FieldDef]) -> Result<Ready> {
    let customer = prepare_new(&new, fields)?;
    if customer.code.is_empty() {
        return Ok(Ready::Unnumbered { row: row.row, customer });
    }
    Ok(Ready::Prepared { row: row.row, prepared: Prepared::of(customer) })
}
