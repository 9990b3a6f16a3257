//! Price imports against the book: level prices through `write_level_price`, special prices
//! through the special-price writers, both as one undoable batch. Unknown items, levels and
//! customers make the row invalid.

use super::db::{Db, OptionalExtension, params};
use super::import::ImportRow;
use super::import_kinds::{KindOutcome, KindPlan, KindRecord, KindRow, from_json, to_json};
use super::price_grid::write_level_price;
use super::prices::{insert_special_price_row, read_special_price, update_special_price_row};
use super::{Result, Store, StoreError, now_text};
use crate::domain::customer::Change;
use crate::domain::import::fixed::{ImportKind, RowCells, RowProblem};
use crate::domain::import::prices::{PriceField, PriceFor, PriceRow, read_price_row};
use crate::domain::import::{CellProblem, ImportOptions, MatchKey};
use crate::domain::item::price_problem;
use crate::domain::pricing::{PartyPrice, SpecialPrice, book_level};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What one price row would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceAction {
    Level {
        item_id: i64,
        item_code: String,
        level_id: i64,
        level: String,
        before: Option<Decimal>,
        after: Decimal,
    },
    /// `before` is the special price it rewrites; `None` adds one.
    Special {
        before: Option<PartyPrice>,
        after: PartyPrice,
    },
}

/// An item's price at a level as a batch keeps it (`None`: the level did not price the item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct LevelPriceRecord {
    item_id: i64,
    item_code: String,
    level_id: i64,
    level: String,
    price: Option<Decimal>,
}

impl Store {
    /// Works out what importing prices would do, writing nothing.
    pub fn plan_price_import(
        &self,
        headers: &[String],
        mapping: &[Option<PriceField>],
        rows: impl IntoIterator<Item = ImportRow>,
        options: &ImportOptions,
    ) -> Result<KindPlan<PriceAction>> {
        if options.key != MatchKey::Code {
            return Err(StoreError::Rejected(
                "prices are matched by item, level and customer code; leave out --key".into(),
            ));
        }
        let levels = self.price_levels()?;
        let names: Vec<String> = levels.iter().map(|l| l.name.clone()).collect();
        let mapped: Vec<bool> = mapping.iter().map(Option::is_some).collect();
        let mut plan = KindPlan::new(ImportKind::Prices, headers, &mapped);
        for row in rows {
            let cells = RowCells::new(headers, mapping, &row.cells);
            if let Some(refused) = KindRow::excel_errors(row.number, "", cells.excel_errors()) {
                plan.rows.push(refused);
                continue;
            }
            let invalid = |problems: Vec<CellProblem>| {
                KindOutcome::Invalid(
                    problems.into_iter().map(|problem| RowProblem { row: row.number, problem }).collect(),
                )
            };
            let spec = match read_price_row(&cells) {
                Ok(spec) => spec,
                Err(problems) => {
                    // No key for duplicates: the row may be missing what makes one.
                    plan.rows.push(KindRow::new(row.number, "", invalid(problems)));
                    continue;
                }
            };
            let key = spec.key();
            let mut problems = Vec::new();
            // Checked here for level prices too, so the preview says it rather than the apply.
            if let Some(problem) = price_problem(spec.price) {
                problems.push(cells.problem(PriceField::Price, format!("the price {problem}")));
            }
            let item = self.item_by_code(&spec.item)?;
            if item.is_none() {
                problems.push(cells.problem(PriceField::Item, format!("there is no item with code \"{}\"", spec.item)));
            }
            let outcome = match (&spec.target, item) {
                (PriceFor::Level(level), item) => {
                    let found = book_level(&names, level).and_then(|name| levels.iter().find(|l| l.name == name));
                    if found.is_none() {
                        problems.push(cells.problem(
                            PriceField::Level,
                            format!("there is no price level \"{level}\"; add it first (clientele levels add NAME)"),
                        ));
                    }
                    match (item, found) {
                        (Some(item), Some(level)) if problems.is_empty() => {
                            let item_id = item.id.unwrap_or_default();
                            let before = level_price(self.conn(), item_id, level.id)?;
                            level_outcome(item_id, item.code, level.id, level.name.clone(), before, spec.price)
                        }
                        _ => invalid(problems),
                    }
                }
                (PriceFor::Customer(code), item) => {
                    let customer = self.customer_by_code(code)?;
                    if customer.is_none() {
                        problems.push(
                            cells.problem(PriceField::Customer, format!("there is no customer with code \"{code}\"")),
                        );
                    }
                    match (item, customer) {
                        (Some(item), Some(customer)) if problems.is_empty() => self.special_outcome(
                            &spec,
                            customer.id.unwrap_or_default(),
                            item.id.unwrap_or_default(),
                            &cells,
                            row.number,
                        )?,
                        _ => invalid(problems),
                    }
                }
            };
            plan.rows.push(KindRow::new(row.number, key, outcome));
        }
        plan.mark_duplicates(options.later_wins);
        plan.gather_unmapped();
        Ok(plan)
    }

    /// A special price row: rewrites the one with the same customer, item, side, quantity and
    /// validity, or adds one.
    fn special_outcome(
        &self,
        spec: &PriceRow,
        customer_id: i64,
        item_id: i64,
        cells: &RowCells<'_, PriceField>,
        row: usize,
    ) -> Result<KindOutcome<PriceAction>> {
        let same = |p: &PartyPrice| {
            p.side == spec.side
                && p.special.min_quantity.map(|q| q.normalize()) == spec.min_quantity.map(|q| q.normalize())
                && p.special.valid_from == spec.valid_from
                && p.special.valid_to == spec.valid_to
        };
        let existing =
            self.special_prices(Some(customer_id), Some(item_id))?.into_iter().map(|row| row.price).find(|p| same(p));
        let after = PartyPrice {
            customer_id,
            item_id,
            side: spec.side,
            special: SpecialPrice {
                id: existing.as_ref().map_or(0, |p| p.special.id),
                price: spec.price.normalize(),
                min_quantity: spec.min_quantity.map(|q| q.normalize()),
                valid_from: spec.valid_from,
                valid_to: spec.valid_to,
            },
        };
        let problems = after.problems();
        if !problems.is_empty() {
            let column = |field: &str| match field {
                "price" => cells.column(PriceField::Price),
                "min_quantity" => cells.column(PriceField::MinQuantity),
                _ => cells.column(PriceField::ValidTo),
            };
            return Ok(KindOutcome::Invalid(
                problems.into_iter().map(|e| RowProblem::new(row, column(&e.field), e.message)).collect(),
            ));
        }
        Ok(match existing {
            None => KindOutcome::New(PriceAction::Special { before: None, after }),
            Some(before) if before.special.price.normalize() == after.special.price => KindOutcome::Unchanged,
            Some(before) => {
                let change = price_change(Some(before.special.price), after.special.price);
                KindOutcome::Changed(PriceAction::Special { before: Some(before), after }, vec![change])
            }
        })
    }

    /// Applies a price preview in one transaction as a batch; returns the batch id.
    pub fn apply_price_import(&mut self, plan: &KindPlan<PriceAction>, file: &str, skip_invalid: bool) -> Result<i64> {
        let now = now_text();
        self.apply_kind_import(plan, file, skip_invalid, |conn, action| {
            let record = match action {
                PriceAction::Level { item_id, item_code, level_id, level, before, after } => {
                    write_level_price(conn, *item_id, *level_id, Some(*after))?;
                    let kept = |price| LevelPriceRecord {
                        item_id: *item_id,
                        item_code: item_code.clone(),
                        level_id: *level_id,
                        level: level.clone(),
                        price,
                    };
                    let stored = level_price(conn, *item_id, *level_id)?;
                    KindRecord {
                        record_id: *item_id,
                        action: "level_price".into(),
                        before: Some(to_json(&kept(*before))?),
                        after: to_json(&kept(stored))?,
                    }
                }
                PriceAction::Special { before, after } => {
                    let (id, kind) = match before {
                        None => (insert_special_price_row(conn, after, &now)?, "special_created"),
                        Some(_) => {
                            if update_special_price_row(conn, after)? == 0 {
                                return Err(StoreError::Rejected(format!(
                                    "special price #{} was deleted since the preview",
                                    after.special.id
                                )));
                            }
                            (after.special.id, "special_updated")
                        }
                    };
                    let stored = read_special_price(conn, id)?
                        .ok_or_else(|| StoreError::Rejected(format!("there is no special price #{id}")))?;
                    KindRecord {
                        record_id: id,
                        action: kind.into(),
                        before: before.as_ref().map(to_json).transpose()?,
                        after: to_json(&stored)?,
                    }
                }
            };
            Ok(vec![record])
        })
    }
}

fn level_outcome(
    item_id: i64,
    item_code: String,
    level_id: i64,
    level: String,
    before: Option<Decimal>,
    after: Decimal,
) -> KindOutcome<PriceAction> {
    let after = after.normalize();
    if before.map(|p| p.normalize()) == Some(after) {
        return KindOutcome::Unchanged;
    }
    let change = price_change(before, after);
    let action = PriceAction::Level { item_id, item_code, level_id, level, before, after };
    if before.is_none() { KindOutcome::New(action) } else { KindOutcome::Changed(action, vec![change]) }
}

fn price_change(before: Option<Decimal>, after: Decimal) -> Change {
    Change {
        field: "price".into(),
        old_value: before.map(|p| p.normalize().to_string()).unwrap_or_default(),
        new_value: after.normalize().to_string(),
    }
}

/// The item's price at the level, if the level prices it.
fn level_price(conn: &Db, item_id: i64, level_id: i64) -> Result<Option<Decimal>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT price FROM level_prices WHERE item_id = ?1 AND level_id = ?2")?
        .query_row(params![item_id, level_id], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| t.parse::<Decimal>().ok()))
}

/// What stands in the way of undoing one price record, if anything.
pub(super) fn undo_obstacle(conn: &Db, record: &KindRecord) -> Result<Option<String>> {
    if record.action == "level_price" {
        let after: LevelPriceRecord = from_json(&record.after, "a level price")?;
        let now = level_price(conn, after.item_id, after.level_id)?;
        return Ok((now.map(|p| p.normalize()) != after.price.map(|p| p.normalize()))
            .then(|| format!("the price of {} at {} was changed after the import", after.item_code, after.level)));
    }
    let after: PartyPrice = from_json(&record.after, &format!("special price #{}", record.record_id))?;
    Ok(match read_special_price(conn, record.record_id)? {
        // A special price the import added and someone removed since: nothing left to undo.
        None if record.action == "special_created" => None,
        None => Some(format!("special price #{} was deleted since", record.record_id)),
        Some(now) if now != after => Some(format!("special price #{} was changed after the import", record.record_id)),
        Some(_) => None,
    })
}

/// Undoes one price record: the level's previous price (or none) comes back, an added special
/// price goes, a rewritten one gets its values back.
pub(super) fn undo_record(conn: &Db, record: &KindRecord) -> Result<()> {
    match record.action.as_str() {
        "level_price" => {
            let before: LevelPriceRecord = from_json(record.before.as_deref().unwrap_or(""), "a level price")?;
            write_level_price(conn, before.item_id, before.level_id, before.price)
        }
        "special_created" => {
            conn.prepare_cached("DELETE FROM special_prices WHERE id = ?1")?.execute([record.record_id])?;
            Ok(())
        }
        _ => {
            let what = format!("special price #{}", record.record_id);
            let before: PartyPrice = from_json(record.before.as_deref().unwrap_or(""), &what)?;
            update_special_price_row(conn, &before)?;
            Ok(())
        }
    }
}
