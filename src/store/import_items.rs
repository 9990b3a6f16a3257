//! Item imports against the book: the preview (matched by code, only mapped columns change),
//! applying it as a batch, and undoing one.

use super::db::{Db, OptionalExtension};
use super::import::ImportRow;
use super::import_kinds::{KindOutcome, KindPlan, KindRecord, KindRow, from_json, to_json};
use super::items::{insert_item_row, read_item, tidy, update_item_row};
use super::{Result, Store, StoreError, now_text};
use crate::domain::import::fixed::{ImportField, ImportKind, RowCells, RowProblem};
use crate::domain::import::items::{ItemField, apply_item_row, item_changes};
use crate::domain::import::{CellProblem, ImportOptions, MatchKey};
use crate::domain::item::Item;

/// A new item, or an item's before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemAction {
    pub before: Option<Item>,
    pub after: Item,
}

impl Store {
    /// Works out what importing items would do, writing nothing. Items are matched by code.
    pub fn plan_item_import(
        &self,
        headers: &[String],
        mapping: &[Option<ItemField>],
        rows: impl IntoIterator<Item = ImportRow>,
        options: &ImportOptions,
    ) -> Result<KindPlan<ItemAction>> {
        if options.key != MatchKey::Code {
            return Err(StoreError::Rejected("items are matched by code; leave out --key".into()));
        }
        if !mapping.contains(&Some(ItemField::Code)) {
            return Err(StoreError::Rejected(
                "no column is mapped to the item code; items are matched by code, so map one (--map \"HEADER=code\")"
                    .into(),
            ));
        }
        let mapped: Vec<bool> = mapping.iter().map(Option::is_some).collect();
        let mut plan = KindPlan::new(ImportKind::Items, headers, &mapped);
        for row in rows {
            let cells = RowCells::new(headers, mapping, &row.cells);
            if let Some(refused) = KindRow::excel_errors(row.number, cells.text(ItemField::Code), cells.excel_errors())
            {
                plan.rows.push(refused);
                continue;
            }
            let code = cells.text(ItemField::Code);
            if code.is_empty() {
                let column = cells.column(ItemField::Code);
                plan.rows.push(KindRow::invalid(row.number, "", column, "the item code is missing"));
                continue;
            }
            let existing = self.item_by_code(code)?;
            let mut item = existing.clone().unwrap_or_else(|| Item::new(code, ""));
            let mut problems = apply_item_row(&mut item, &cells, options.empty_clears);
            // The code is the match key: matched without case, it keeps the book's spelling.
            if let Some(before) = &existing {
                item.code = before.code.clone();
            }
            let item = tidy(&item);
            for error in item.validate() {
                let field = ItemField::ALL.iter().find(|f| f.key() == error.field).copied();
                let problem = match (field, field.and_then(|f| cells.column(f))) {
                    // A new item without a name because no column gives names: said once, at the mapping.
                    (Some(ItemField::Name), None) => CellProblem::unmapped(ItemField::Name.key(), error.message),
                    (_, column) => CellProblem::new(column, error.message),
                };
                problems.push(problem);
            }
            let outcome = if !problems.is_empty() {
                KindOutcome::Invalid(
                    problems.into_iter().map(|problem| RowProblem { row: row.number, problem }).collect(),
                )
            } else {
                match existing {
                    None => KindOutcome::New(ItemAction { before: None, after: item }),
                    Some(before) => {
                        let changes = item_changes(&before, &item);
                        if changes.is_empty() {
                            KindOutcome::Unchanged
                        } else {
                            KindOutcome::Changed(ItemAction { before: Some(before), after: item }, changes)
                        }
                    }
                }
            };
            plan.rows.push(KindRow::new(row.number, code, outcome));
        }
        plan.mark_duplicates(options.later_wins);
        plan.gather_unmapped();
        Ok(plan)
    }

    /// Applies an item preview in one transaction as a batch; returns the batch id.
    pub fn apply_item_import(&mut self, plan: &KindPlan<ItemAction>, file: &str, skip_invalid: bool) -> Result<i64> {
        let now = now_text();
        self.apply_kind_import(plan, file, skip_invalid, |conn, action| {
            let (id, kind) = match &action.before {
                None => (insert_item_row(conn, &action.after, &now)?, "created"),
                Some(before) => {
                    let id = before.id.unwrap_or_default();
                    if update_item_row(conn, id, &action.after, &now)? == 0 {
                        return Err(StoreError::ItemNotFound(before.code.clone()));
                    }
                    (id, "updated")
                }
            };
            let stored = read_item(conn, id)?.ok_or_else(|| StoreError::ItemNotFound(action.after.code.clone()))?;
            let before = action.before.as_ref().map(to_json).transpose()?;
            Ok(vec![KindRecord { record_id: id, action: kind.into(), before, after: to_json(&stored)? }])
        })
    }
}

/// What stands in the way of undoing one item record, if anything.
pub(super) fn undo_obstacle(conn: &Db, record: &KindRecord) -> Result<Option<String>> {
    let after: Item = from_json(&record.after, &format!("item #{}", record.record_id))?;
    let Some(now) = read_item(conn, record.record_id)? else {
        return Ok((record.action != "created").then(|| format!("item {} was deleted since", after.code)));
    };
    if (Item { id: None, ..now.clone() }) != (Item { id: None, ..after }) {
        return Ok(Some(format!("item {} was changed after the import", now.code)));
    }
    if record.action == "created" && item_is_used(conn, record.record_id)? {
        return Ok(Some(format!("item {} is on vouchers or has prices now", now.code)));
    }
    Ok(None)
}

/// Undoes one item record: a created item goes, a changed one gets its values back.
pub(super) fn undo_record(conn: &Db, record: &KindRecord) -> Result<()> {
    if record.action == "created" {
        conn.prepare_cached("DELETE FROM items WHERE id = ?1")?.execute([record.record_id])?;
        return Ok(());
    }
    let before: Item = from_json(record.before.as_deref().unwrap_or(""), &format!("item #{}", record.record_id))?;
    update_item_row(conn, record.record_id, &before, &now_text())?;
    Ok(())
}

/// Whether vouchers or prices refer to the item.
fn item_is_used(conn: &Db, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM voucher_lines WHERE item_id = ?1)
                 OR EXISTS (SELECT 1 FROM level_prices WHERE item_id = ?1)
                 OR EXISTS (SELECT 1 FROM special_prices WHERE item_id = ?1)",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(true))
}
