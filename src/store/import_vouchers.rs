//! Opening-balance and voucher imports against the book. Every voucher is built as entry builds
//! it (`entry_line`, the price resolver) and saved by entry's own save path (`save_voucher_in`),
//! credit control included. The preview rehearses those saves in a transaction it rolls back, so
//! a voucher the customer's credit action blocks is invalid in the preview with entry's message,
//! and a warning is shown there and accepted on apply, kept with the voucher as entry keeps it.
//!
//! Undo voids the vouchers a batch created rather than deleting them: vouchers are never deleted
//! in this book (numbers stay in sequence, history and settlements keep pointing at them), and a
//! voided voucher stops counting everywhere. Openings the batch changed get their values back.

use super::db::{Db, OptionalExtension, params};
use super::import::ImportRow;
use super::import_kinds::{KindOutcome, KindPlan, KindRecord, KindRow, from_json, to_json};
use super::vouchers::{mark_voided, read_voucher, save_voucher_in};
use super::{Result, Store, StoreError};
use crate::domain::customer::ProfileError;
use crate::domain::import::balances::{BalanceField, apply_balance_row, balance_changes};
use crate::domain::import::fixed::{ImportField, ImportKind, RowCells, RowProblem};
use crate::domain::import::vouchers::{SheetTotals, VoucherField, VoucherRows, group_voucher_rows};
use crate::domain::import::{CellProblem, ImportOptions, MatchKey};
use crate::domain::money::AMOUNT_DECIMALS;
use crate::domain::voucher::{Rounding, Voucher, VoucherKind, due_date};
use rust_decimal::Decimal;

/// A voucher to save: new, or an opening's new values over `before`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherAction {
    pub before: Option<Voucher>,
    pub voucher: Voucher,
    /// The sheet's row of each line, for naming a line's problem.
    pub line_rows: Vec<usize>,
    /// Each line's amount as the sheet gives it, when it gives one (an order export).
    pub sheet_amounts: Vec<Option<Decimal>>,
    /// The book's rounding, which saving the voucher will apply.
    pub rounding: Rounding,
}

impl VoucherAction {
    /// The voucher's amount as the book will record it: its lines summed with the book's rounding,
    /// or the amount of a voucher without lines.
    pub fn amount(&self) -> Decimal {
        if self.voucher.kind.has_lines() { self.voucher.totals(self.rounding).total } else { self.voucher.amount }
    }

    /// Where line `index`'s price came from, as the preview says it: "amount" when it was worked
    /// out from the sheet's line amount, else the resolver's source, or "typed".
    pub fn price_source(&self, index: usize) -> &str {
        if self.sheet_amounts.get(index).is_some_and(Option::is_some) {
            return "amount";
        }
        let basis = self.voucher.lines.get(index).and_then(|line| line.price_basis.as_ref());
        basis.map_or("typed", |b| b.source.as_str())
    }
}

impl Store {
    /// Works out what importing opening balances would do, writing nothing: one Opening voucher
    /// per customer, or the customer's one opening changed.
    pub fn plan_balance_import(
        &mut self,
        headers: &[String],
        mapping: &[Option<BalanceField>],
        rows: impl IntoIterator<Item = ImportRow>,
        options: &ImportOptions,
    ) -> Result<KindPlan<VoucherAction>> {
        if options.key != MatchKey::Code {
            return Err(StoreError::Rejected("balances are matched by customer code; leave out --key".into()));
        }
        let mapped: Vec<bool> = mapping.iter().map(Option::is_some).collect();
        let mut plan = KindPlan::new(ImportKind::Balances, headers, &mapped);
        let rounding = self.rounding()?;
        for row in rows {
            let cells = RowCells::new(headers, mapping, &row.cells);
            if let Some(refused) =
                KindRow::excel_errors(row.number, cells.text(BalanceField::Customer), cells.excel_errors())
            {
                plan.rows.push(refused);
                continue;
            }
            let code = cells.text(BalanceField::Customer);
            let column = cells.column(BalanceField::Customer);
            if code.is_empty() {
                let problem = match column {
                    Some(_) => cells.problem(BalanceField::Customer, "the customer code is missing"),
                    None => CellProblem::unmapped(BalanceField::Customer.key(), "the customer code is missing"),
                };
                let problems = vec![RowProblem { row: row.number, problem }];
                plan.rows.push(KindRow::new(row.number, "", KindOutcome::Invalid(problems)));
                continue;
            }
            let Some(customer) = self.customer_by_code(code)? else {
                let message = format!("there is no customer with code \"{code}\"");
                plan.rows.push(KindRow::invalid(row.number, code, column, message));
                continue;
            };
            let customer_id = customer.id.unwrap_or_default();
            let openings = opening_ids(self.conn(), customer_id)?;
            if openings.len() > 1 {
                let message = format!(
                    "{code} has {} opening balances already; void the extra ones first (clientele ledger {code})",
                    openings.len()
                );
                plan.rows.push(KindRow::invalid(row.number, code, None, message));
                continue;
            }
            let before = match openings.first() {
                Some(&id) => read_voucher(self.conn(), id)?,
                None => None,
            };
            let date_given = !cells.text(BalanceField::Date).is_empty();
            let mut voucher = before
                .clone()
                .unwrap_or_else(|| Voucher::new(VoucherKind::Opening, customer_id, chrono::NaiveDate::default()));
            let mut problems = apply_balance_row(&mut voucher, &cells, options.empty_clears);
            if before.is_none() && !date_given {
                problems.push(cells.problem(BalanceField::Date, "the date the balance stood at is missing"));
            }
            if problems.is_empty() {
                problems.extend(voucher.validate().into_iter().map(|e| {
                    let field = match e.field.as_str() {
                        "payable_amount" => BalanceField::Payable,
                        "due_date" => BalanceField::DueDate,
                        "memo" => BalanceField::Memo,
                        _ => BalanceField::Receivable,
                    };
                    cells.problem(field, e.message)
                }));
            }
            let outcome = if !problems.is_empty() {
                KindOutcome::Invalid(
                    problems.into_iter().map(|problem| RowProblem { row: row.number, problem }).collect(),
                )
            } else {
                match before {
                    None => KindOutcome::New(VoucherAction {
                        before: None,
                        voucher,
                        line_rows: Vec::new(),
                        sheet_amounts: Vec::new(),
                        rounding,
                    }),
                    Some(before) => {
                        let changes = balance_changes(&before, &voucher);
                        if changes.is_empty() {
                            KindOutcome::Unchanged
                        } else {
                            KindOutcome::Changed(
                                VoucherAction {
                                    before: Some(before),
                                    voucher,
                                    line_rows: Vec::new(),
                                    sheet_amounts: Vec::new(),
                                    rounding,
                                },
                                changes,
                            )
                        }
                    }
                }
            };
            plan.rows.push(KindRow::new(row.number, code, outcome));
        }
        plan.mark_duplicates(options.later_wins);
        self.rehearse(&mut plan)?;
        plan.gather_unmapped();
        Ok(plan)
    }

    /// Works out what importing vouchers would do, writing nothing: rows grouped into vouchers by
    /// their key, each priced and credit-checked as entry would.
    pub fn plan_voucher_import(
        &mut self,
        headers: &[String],
        mapping: &[Option<VoucherField>],
        rows: impl IntoIterator<Item = ImportRow>,
        options: &ImportOptions,
    ) -> Result<KindPlan<VoucherAction>> {
        if options.key != MatchKey::Code {
            return Err(StoreError::Rejected("vouchers are grouped by their voucher key; leave out --key".into()));
        }
        let mapped: Vec<bool> = mapping.iter().map(Option::is_some).collect();
        let mut plan = KindPlan::new(ImportKind::Vouchers, headers, &mapped);
        let rows: Vec<ImportRow> = rows.into_iter().collect();
        let groups = group_voucher_rows(
            rows.iter().map(|r| (r.number, RowCells::new(headers, mapping, &r.cells))),
            options.voucher_kind,
        );
        let rounding = self.rounding()?;
        let column = |field: VoucherField| {
            mapping.iter().position(|m| *m == Some(field)).and_then(|c| headers.get(c)).map(String::as_str)
        };
        for group in groups {
            let row = match group {
                Err(invalid) => KindRow::new(
                    invalid.rows.first().copied().unwrap_or_default(),
                    invalid.key,
                    KindOutcome::Invalid(invalid.problems),
                ),
                Ok(spec) => self.plan_voucher(&spec, &column, rounding)?,
            };
            plan.rows.push(row);
        }
        self.rehearse(&mut plan)?;
        if mapping.contains(&Some(VoucherField::Amount)) {
            plan.totals = sheet_totals(&plan, rounding);
        }
        plan.gather_unmapped();
        Ok(plan)
    }

    /// One voucher of the file: codes looked up, lines priced by entry's rule.
    fn plan_voucher<'c>(
        &self,
        spec: &VoucherRows,
        column: &dyn Fn(VoucherField) -> Option<&'c str>,
        rounding: Rounding,
    ) -> Result<KindRow<VoucherAction>> {
        let first = spec.rows.first().copied().unwrap_or_default();
        let invalid = |problems: Vec<RowProblem>| KindRow::new(first, spec.key.clone(), KindOutcome::Invalid(problems));
        let Some(customer) = self.customer_by_code(&spec.customer)? else {
            let message = format!("there is no customer with code \"{}\"", spec.customer);
            return Ok(invalid(vec![RowProblem::new(first, column(VoucherField::Customer), message)]));
        };
        let mut problems = Vec::new();
        let mut lines = Vec::new();
        for line in &spec.lines {
            match self.item_by_code(&line.item)? {
                None => problems.push(RowProblem::new(
                    line.row,
                    column(VoucherField::Item),
                    format!("there is no item with code \"{}\"", line.item),
                )),
                Some(item) => {
                    let entered = self.entry_line(
                        &customer,
                        &item,
                        spec.kind,
                        line.quantity,
                        spec.date,
                        line.unit_price,
                        line.discount,
                    )?;
                    match line.amount {
                        None => lines.push(entered),
                        Some(amount) => match entered.charged(amount, rounding) {
                            Some(charged) => lines.push(charged),
                            None => problems.push(RowProblem::new(
                                line.row,
                                column(VoucherField::Amount),
                                format!(
                                    "no unit price of at most {AMOUNT_DECIMALS} decimals makes {} for a quantity of {}; \
                                     map a unit price column instead of the amount",
                                    amount.normalize(),
                                    line.quantity.normalize()
                                ),
                            )),
                        },
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Ok(invalid(problems));
        }
        // The file's voucher key is kept as the reference, so the voucher can be found by it later.
        let keyed = !spec.rows.iter().any(|r| spec.key == format!("row {r}"));
        let reference = if !spec.reference.is_empty() || !keyed { spec.reference.clone() } else { spec.key.clone() };
        let voucher = Voucher {
            due_date: match spec.kind.has_lines() {
                true => Some(spec.due_date.unwrap_or_else(|| due_date(spec.date, customer.payment_terms_days))),
                false => None,
            },
            lines,
            amount: spec.amount.unwrap_or_default(),
            method: spec.method,
            reference,
            applies_to: spec.applies_to.clone(),
            memo: spec.memo.clone(),
            ..Voucher::new(spec.kind, customer.id.unwrap_or_default(), spec.date)
        };
        let line_rows: Vec<usize> = spec.lines.iter().map(|l| l.row).collect();
        let problems: Vec<RowProblem> =
            voucher.validate().into_iter().map(|e| voucher_problem(&e, first, &line_rows, column)).collect();
        if !problems.is_empty() {
            return Ok(invalid(problems));
        }
        let mut row = KindRow::new(first, spec.key.clone(), KindOutcome::Unchanged);
        match keyed.then(|| already_imported(self.conn(), &voucher)).transpose()?.flatten() {
            Some(number) => {
                row.notes.push(format!("already in the book as {number} (reference {})", voucher.reference))
            }
            None => {
                let sheet_amounts = spec.lines.iter().map(|l| l.amount).collect();
                row.outcome =
                    KindOutcome::New(VoucherAction { before: None, voucher, line_rows, sheet_amounts, rounding })
            }
        }
        Ok(row)
    }

    /// Saves every new or changed voucher of the plan as apply will, in a transaction rolled back
    /// at the end: refusals (a credit block, a vendor-only customer, an inactive item) make that
    /// voucher invalid with the save path's message; an accepted credit warning becomes a note.
    fn rehearse(&mut self, plan: &mut KindPlan<VoucherAction>) -> Result<()> {
        let rounding = self.rounding()?;
        let tx = self.write_tx()?;
        for row in &mut plan.rows {
            let action = match &row.outcome {
                KindOutcome::New(action) | KindOutcome::Changed(action, _) => action,
                _ => continue,
            };
            // Each voucher on its own savepoint: a refused one leaves nothing behind for the next,
            // while accepted ones stay, so a customer's later vouchers see the earlier ones' totals.
            let savepoint = tx.savepoint()?;
            match save_voucher_in(&savepoint, &action.voucher, true, rounding) {
                Ok(saved) => {
                    savepoint.commit()?;
                    if let Some(warning) = saved.credit_warning {
                        row.notes.push(format!("credit warning (accepted on apply): {warning}"));
                    }
                }
                Err(StoreError::Sqlite(e)) => return Err(StoreError::Sqlite(e)),
                Err(e) => {
                    drop(savepoint);
                    row.outcome = KindOutcome::Invalid(vec![RowProblem::new(row.row, None, e.to_string())]);
                }
            }
        }
        // Dropping the transaction rolls every rehearsed save back.
        drop(tx);
        Ok(())
    }

    /// Applies a balance or voucher preview in one transaction as a batch, each voucher through
    /// entry's save path (credit warnings accepted and kept, blocks refused); returns the batch id.
    pub fn apply_voucher_import(
        &mut self,
        plan: &KindPlan<VoucherAction>,
        file: &str,
        skip_invalid: bool,
    ) -> Result<i64> {
        let rounding = self.rounding()?;
        self.apply_kind_import(plan, file, skip_invalid, |conn, action| {
            let saved = save_voucher_in(conn, &action.voucher, true, rounding)?;
            let id = saved.voucher.id.unwrap_or_default();
            let stored = read_voucher(conn, id)?.ok_or(StoreError::VoucherNotFound(saved.voucher.number))?;
            Ok(vec![KindRecord {
                record_id: id,
                action: if action.before.is_some() { "updated" } else { "created" }.into(),
                before: action.before.as_ref().map(to_json).transpose()?,
                after: to_json(&stored)?,
            }])
        })
    }
}

/// The sheet's line amounts and the book's, over the vouchers the import would write; `None`
/// when it would write no line with a sheet amount.
fn sheet_totals(plan: &KindPlan<VoucherAction>, rounding: Rounding) -> Option<SheetTotals> {
    let mut totals = SheetTotals { decimals: rounding.decimals, ..SheetTotals::default() };
    let mut any = false;
    for row in &plan.rows {
        if let KindOutcome::New(action) = &row.outcome {
            for (line, sheet) in action.voucher.lines.iter().zip(&action.sheet_amounts) {
                if let Some(sheet) = sheet {
                    totals.add(*sheet, line.amounts(rounding).supply);
                    any = true;
                }
            }
        }
    }
    any.then_some(totals)
}

/// A voucher's problem named by the row and column it comes from.
fn voucher_problem<'c>(
    error: &ProfileError,
    first: usize,
    line_rows: &[usize],
    column: &dyn Fn(VoucherField) -> Option<&'c str>,
) -> RowProblem {
    if let Some(rest) = error.field.strip_prefix("lines[")
        && let Some((index, field)) = rest.split_once("].")
    {
        let row = index.parse::<usize>().ok().and_then(|i| line_rows.get(i).copied()).unwrap_or(first);
        let field = match field {
            "quantity" => Some(VoucherField::Quantity),
            "unit_price" => Some(VoucherField::UnitPrice),
            "discount_pct" => Some(VoucherField::Discount),
            _ => None,
        };
        return RowProblem::new(row, field.and_then(column), error.message.clone());
    }
    let field = VoucherField::ALL.iter().copied().find(|f| f.key() == error.field);
    RowProblem::new(first, field.and_then(column), error.message.clone())
}

/// The customer's opening vouchers that count.
fn opening_ids(conn: &Db, customer_id: i64) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM vouchers WHERE customer_id = ?1 AND kind = 'opening' AND voided = 0 ORDER BY id",
        )?
        .query_map([customer_id], |r| r.get(0))?
        .collect::<super::db::Result<Vec<i64>>>()?)
}

/// The number of a voucher that counts, of the same kind and customer, carrying this reference:
/// the file was imported before.
fn already_imported(conn: &Db, voucher: &Voucher) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT number FROM vouchers
             WHERE customer_id = ?1 AND kind = ?2 AND reference = ?3 AND voided = 0 ORDER BY id LIMIT 1",
        )?
        .query_row(params![voucher.customer_id, voucher.kind.as_str(), voucher.reference.trim()], |r| r.get(0))
        .optional()?)
}

/// What stands in the way of undoing one voucher record, if anything.
pub(super) fn undo_obstacle(conn: &Db, record: &KindRecord) -> Result<Option<String>> {
    let after: Voucher = from_json(&record.after, &format!("voucher #{}", record.record_id))?;
    let Some(now) = read_voucher(conn, record.record_id)? else {
        return Ok(Some(format!("voucher {} is gone", after.number)));
    };
    if record.action == "created" && now.voided {
        // Voided since: it already stopped counting, which is what undo would do.
        return Ok(None);
    }
    if now.voided {
        return Ok(Some(format!("{} was voided after the import", now.number)));
    }
    Ok((now != after).then(|| format!("{} was changed after the import", now.number)))
}

/// Undoes one voucher record: a created voucher is voided, a changed opening gets its values back.
pub(super) fn undo_record(conn: &Db, record: &KindRecord, rounding: Rounding) -> Result<()> {
    if record.action == "created" {
        if read_voucher(conn, record.record_id)?.is_some_and(|v| !v.voided) {
            mark_voided(conn, record.record_id, true)?;
        }
        return Ok(());
    }
    let before: Voucher = from_json(record.before.as_deref().unwrap_or(""), &format!("voucher #{}", record.record_id))?;
    save_voucher_in(conn, &before, true, rounding)?;
    Ok(())
}
