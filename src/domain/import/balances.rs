//! Opening-balance imports: one row per customer with what they owed us (receivable) and what we
//! owed them (payable) on the day the book starts, saved as Opening vouchers.

use super::CellProblem;
use super::fixed::{ImportField, RowCells};
use crate::domain::customer::Change;
use crate::domain::voucher::Voucher;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BalanceField {
    Customer,
    Receivable,
    Payable,
    Date,
    DueDate,
    Memo,
}

impl ImportField for BalanceField {
    const ALL: &'static [BalanceField] = &[
        BalanceField::Customer,
        BalanceField::Receivable,
        BalanceField::Payable,
        BalanceField::Date,
        BalanceField::DueDate,
        BalanceField::Memo,
    ];

    fn names(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            BalanceField::Customer => {
                ("customer", "Customer code", &["customer", "code", "account", "vendor code", "거래처코드"])
            }
            BalanceField::Receivable => {
                ("receivable", "Receivable", &["owed to us", "opening receivable", "balance", "ar", "미수금"])
            }
            BalanceField::Payable => ("payable", "Payable", &["owed by us", "opening payable", "ap", "미지급금"]),
            BalanceField::Date => ("date", "Date", &["as of", "balance date", "opening date", "일자"]),
            BalanceField::DueDate => ("due_date", "Due date", &["due", "due on"]),
            BalanceField::Memo => ("memo", "Memo", &["note", "notes", "remarks", "비고"]),
        }
    }
}

/// Fills an opening voucher from one row: only mapped columns, and an empty cell leaves the value
/// as it was unless `empty_clears`. Every problem is returned, named by its column.
pub fn apply_balance_row(
    voucher: &mut Voucher,
    cells: &RowCells<'_, BalanceField>,
    empty_clears: bool,
) -> Vec<CellProblem> {
    let mut problems = Vec::new();
    let touches = |field| cells.has(field) && (empty_clears || !cells.text(field).is_empty());
    if touches(BalanceField::Receivable) {
        match cells.non_negative(BalanceField::Receivable) {
            Ok(value) => voucher.amount = value.unwrap_or_default(),
            Err(problem) => problems.push(problem),
        }
    }
    if touches(BalanceField::Payable) {
        match cells.non_negative(BalanceField::Payable) {
            Ok(value) => voucher.payable_amount = value.unwrap_or_default(),
            Err(problem) => problems.push(problem),
        }
    }
    // The date is never cleared: an opening balance stands on a day.
    match cells.date(BalanceField::Date) {
        Ok(Some(date)) => voucher.date = date,
        Ok(None) => {}
        Err(problem) => problems.push(problem),
    }
    if touches(BalanceField::DueDate) {
        match cells.date(BalanceField::DueDate) {
            Ok(due) => voucher.due_date = due,
            Err(problem) => problems.push(problem),
        }
    }
    if touches(BalanceField::Memo) {
        voucher.memo = cells.text(BalanceField::Memo).to_string();
    }
    problems
}

/// What differs between two versions of an opening voucher, as the preview lists it.
pub fn balance_changes(before: &Voucher, after: &Voucher) -> Vec<Change> {
    let show = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        ("receivable", before.amount.normalize().to_string(), after.amount.normalize().to_string()),
        ("payable", before.payable_amount.normalize().to_string(), after.payable_amount.normalize().to_string()),
        ("date", before.date.to_string(), after.date.to_string()),
        ("due_date", show(before.due_date), show(after.due_date)),
        ("memo", before.memo.clone(), after.memo.clone()),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .map(|(field, old_value, new_value)| Change { field: field.to_string(), old_value, new_value })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::fixed::guess;
    use crate::domain::voucher::VoucherKind;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    #[test]
    fn a_row_fills_the_opening_and_an_empty_cell_keeps_the_value() {
        let headers: Vec<String> = ["Customer", "Balance", "Payable", "As of"].iter().map(|h| h.to_string()).collect();
        let mapping = guess::<BalanceField>(&headers, &[]);
        let cells: Vec<String> = ["C1", "1,200", "", "2026-01-01"].iter().map(|c| c.to_string()).collect();
        let day = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        let before = Voucher { payable_amount: dec!(40), ..Voucher::new(VoucherKind::Opening, 1, day) };
        let mut after = before.clone();
        assert!(apply_balance_row(&mut after, &RowCells::new(&headers, &mapping, &cells), false).is_empty());
        assert_eq!((after.amount, after.payable_amount), (dec!(1200), dec!(40)));
        let fields: Vec<String> = balance_changes(&before, &after).into_iter().map(|c| c.field).collect();
        assert_eq!(fields, ["receivable", "date"]);

        let bad: Vec<String> = ["C1", "-5", "x", "soon"].iter().map(|c| c.to_string()).collect();
        let problems = apply_balance_row(&mut after, &RowCells::new(&headers, &mapping, &bad), false);
        assert_eq!(problems.len(), 3);
    }
}
