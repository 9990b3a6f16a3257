//! Imports of items, prices, opening balances and vouchers, the parts they share: the preview's
//! shape (one outcome per record, problems named by row and column), duplicate keys in a file,
//! applying a preview in one transaction as a batch, and undoing a batch by kind.
//!
//! Customer imports keep their own path in `import.rs`; the batch tables are the same, so the
//! history lists every kind and `undo_import` hands the other kinds to `undo_kind_import`.

use super::db::{Db, params};
use super::import::{ImportBatch, ImportCounts, insert_batch, refuse_invalid};
use super::{Result, Store, StoreError, now_text};
use crate::domain::customer::Change;
use crate::domain::import::fixed::{ImportKind, RowProblem};
use crate::domain::import::vouchers::SheetTotals;
use crate::domain::import::{CellProblem, UnmappedField};

/// What one record of the file would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindOutcome<A> {
    New(A),
    Changed(A, Vec<Change>),
    Unchanged,
    /// Left out on purpose (a later row with the same key wins); the sentence says why.
    Skipped(String),
    Invalid(Vec<RowProblem>),
}

/// One record of the preview: an item, a price, a balance, or a voucher (which may span rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindRow<A> {
    /// The sheet's row the record starts on.
    pub row: usize,
    /// What the record is known by: an item code, "A-1 @ Retail", a voucher key.
    pub key: String,
    pub outcome: KindOutcome<A>,
    /// Said about the record but not stopping it: a credit warning accepted on apply, "already imported".
    pub notes: Vec<String>,
}

impl<A> KindRow<A> {
    pub fn new(row: usize, key: impl Into<String>, outcome: KindOutcome<A>) -> KindRow<A> {
        KindRow { row, key: key.into(), outcome, notes: Vec::new() }
    }

    /// A record refused for the Excel errors (`#N/A`...) its mapped cells hold, if they hold any.
    pub fn excel_errors(row: usize, key: &str, problems: Vec<CellProblem>) -> Option<KindRow<A>> {
        if problems.is_empty() {
            return None;
        }
        let problems = problems.into_iter().map(|problem| RowProblem { row, problem }).collect();
        Some(KindRow::new(row, key, KindOutcome::Invalid(problems)))
    }

    /// An invalid record with one problem on its first row.
    pub fn invalid(row: usize, key: impl Into<String>, column: Option<&str>, message: impl Into<String>) -> KindRow<A> {
        KindRow::new(row, key, KindOutcome::Invalid(vec![RowProblem::new(row, column, message)]))
    }
}

/// The preview of an import of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindPlan<A> {
    pub kind: ImportKind,
    pub rows: Vec<KindRow<A>>,
    /// Headers no field took.
    pub unmapped: Vec<String>,
    /// Fields records need that no column is mapped to, said once rather than on each row
    /// (the records stay invalid, without repeating it).
    pub unmapped_required: Vec<UnmappedField>,
    /// Vouchers: the sheet's line amounts beside what the book would record.
    pub totals: Option<SheetTotals>,
}

impl<A> KindPlan<A> {
    pub fn new(kind: ImportKind, headers: &[String], mapped: &[bool]) -> KindPlan<A> {
        let unmapped = headers
            .iter()
            .zip(mapped.iter().copied().chain(std::iter::repeat(false)))
            .filter(|(header, mapped)| !mapped && !header.trim().is_empty())
            .map(|(header, _)| header.clone())
            .collect();
        KindPlan { kind, rows: Vec::new(), unmapped, unmapped_required: Vec::new(), totals: None }
    }

    /// Takes every record's problems of a field no column is mapped to into `unmapped_required`.
    pub fn gather_unmapped(&mut self) {
        for row in &mut self.rows {
            if let KindOutcome::Invalid(problems) = &mut row.outcome {
                UnmappedField::take(problems, |p: &RowProblem| &p.problem, &mut self.unmapped_required);
            }
        }
    }

    /// Records by outcome. For vouchers a record is a voucher, whatever its number of rows.
    pub fn counts(&self) -> ImportCounts {
        let mut counts = ImportCounts::default();
        for row in &self.rows {
            match row.outcome {
                KindOutcome::New(_) => counts.created += 1,
                KindOutcome::Changed(..) => counts.updated += 1,
                KindOutcome::Unchanged => counts.unchanged += 1,
                KindOutcome::Skipped(_) => counts.skipped += 1,
                KindOutcome::Invalid(_) => counts.invalid += 1,
            }
        }
        counts
    }
}

impl<A: PartialEq> KindPlan<A> {
    /// Marks records whose key (compared without case) is in the file twice: both invalid, with
    /// both row numbers, or with `later_wins` the earlier one skipped. A record on several rows
    /// that would be written the same from each (an order export repeats an item on every line
    /// that sells it) is one record: the later rows are skipped as the same again.
    pub fn mark_duplicates(&mut self, later_wins: bool) {
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for index in 0..self.rows.len() {
            let key = self.rows[index].key.to_lowercase();
            if key.is_empty() {
                continue;
            }
            if let Some(&earlier) = seen.get(&key) {
                let (first, second) = (self.rows[earlier].row, self.rows[index].row);
                let shown = self.rows[index].key.clone();
                let same = match (&self.rows[earlier].outcome, &self.rows[index].outcome) {
                    (KindOutcome::Invalid(_) | KindOutcome::Skipped(_), _) => false,
                    (a, b) => a == b,
                };
                if same {
                    self.rows[index].outcome =
                        KindOutcome::Skipped(format!("{shown} again, the same as on row {first}"));
                    continue;
                }
                if later_wins {
                    self.rows[earlier].outcome =
                        KindOutcome::Skipped(format!("{shown} is on row {second} too, and the later row wins"));
                } else {
                    for at in [earlier, index] {
                        let problem = RowProblem::new(
                            self.rows[at].row,
                            None,
                            format!("{shown} is on rows {first} and {second}; keep one, or let the later row win"),
                        );
                        match &mut self.rows[at].outcome {
                            KindOutcome::Invalid(problems) => problems.push(problem),
                            outcome => *outcome = KindOutcome::Invalid(vec![problem]),
                        }
                    }
                }
            }
            seen.insert(key, index);
        }
    }
}

/// What a batch keeps about one record it created or changed, for undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindRecord {
    pub record_id: i64,
    /// Per kind: "created", "updated", "level_price", "special_created", "special_updated".
    pub action: String,
    pub before: Option<String>,
    pub after: String,
}

/// Serializes a value kept with a batch.
pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Sqlite(e.to_string()))
}

/// Reads a value kept with a batch; one that no longer reads is a damaged record, named.
pub(super) fn from_json<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> Result<T> {
    serde_json::from_str(json)
        .map_err(|_| StoreError::Rejected(format!("the record of {what} in this batch is damaged")))
}

impl Store {
    /// Applies a previewed import in one transaction and records it as a batch of `plan.kind`.
    /// `write` makes one new or changed record and returns what undo needs. With invalid
    /// records and `skip_invalid` false nothing is written. Returns the batch id.
    pub(super) fn apply_kind_import<A>(
        &mut self,
        plan: &KindPlan<A>,
        file: &str,
        skip_invalid: bool,
        mut write: impl FnMut(&Db, &A) -> Result<Vec<KindRecord>>,
    ) -> Result<i64> {
        let counts = plan.counts();
        refuse_invalid(counts.invalid, skip_invalid, "record")?;
        // Immediate: vouchers are numbered inside, and two writers must not take one number.
        let tx = self.write_tx()?;
        let batch = insert_batch(&tx, plan.kind.as_str(), file, &counts, &now_text())?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO import_records (batch_id, record_id, action, before_json, after_json)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for row in &plan.rows {
            let action = match &row.outcome {
                KindOutcome::New(action) | KindOutcome::Changed(action, _) => action,
                KindOutcome::Unchanged | KindOutcome::Skipped(_) | KindOutcome::Invalid(_) => continue,
            };
            // The book may have changed since the preview; a record it now refuses stops the whole import.
            let records = write(&tx, action).map_err(|e| {
                StoreError::Rejected(format!("row {} ({}): {e}; nothing was written", row.row, row.key))
            })?;
            for record in records {
                insert.execute(params![batch, record.record_id, record.action, record.before, record.after])?;
            }
        }
        drop(insert);
        tx.commit()?;
        Ok(batch)
    }

    /// Undoes a batch of items, prices, balances or vouchers in one transaction. Every record is
    /// checked first; when anything stands in the way nothing is undone and the error names it.
    pub(super) fn undo_kind_import(&mut self, batch: ImportBatch) -> Result<ImportBatch> {
        let kind = ImportKind::parse(&batch.kind)
            .filter(|k| *k != ImportKind::Customers)
            .ok_or_else(|| StoreError::Rejected(format!("import batch #{} is of an unknown kind", batch.id)))?;
        let rounding = self.rounding()?;
        let tx = self.write_tx()?;
        let records = tx
            .prepare_cached(super::import::records_newest_first(&tx))?
            .query_map([batch.id], |r| {
                Ok(KindRecord { record_id: r.get(0)?, action: r.get(1)?, before: r.get(2)?, after: r.get(3)? })
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        let mut obstacles = Vec::new();
        for record in &records {
            let obstacle = match kind {
                ImportKind::Items => super::import_items::undo_obstacle(&tx, record)?,
                ImportKind::Prices => super::import_prices::undo_obstacle(&tx, record)?,
                _ => super::import_vouchers::undo_obstacle(&tx, record)?,
            };
            obstacles.extend(obstacle);
        }
        if !obstacles.is_empty() {
            let shown: Vec<&str> = obstacles.iter().take(10).map(String::as_str).collect();
            let more =
                if obstacles.len() > 10 { format!(" (and {} more)", obstacles.len() - 10) } else { String::new() };
            return Err(StoreError::Rejected(format!(
                "import batch #{} cannot be undone, so nothing was changed: {}{more}",
                batch.id,
                shown.join("; ")
            )));
        }
        for record in &records {
            match kind {
                ImportKind::Items => super::import_items::undo_record(&tx, record)?,
                ImportKind::Prices => super::import_prices::undo_record(&tx, record)?,
                _ => super::import_vouchers::undo_record(&tx, record, rounding)?,
            }
        }
        let now = now_text();
        tx.execute("UPDATE import_batches SET undone_at = ?1 WHERE id = ?2", params![now, batch.id])?;
        tx.commit()?;
        Ok(ImportBatch { undone_at: Some(now), ..batch })
    }
}
