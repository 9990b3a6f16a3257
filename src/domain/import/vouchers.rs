//! Voucher imports: sales, purchases, collections and payments, one line per row. Rows with the
//! same voucher key ("Invoice no") make one voucher; a row without a key stands alone. The prices
//! left empty are found later by the price resolver, as entry finds them. An order export's rows
//! give a line amount instead of a price: the line keeps that amount (`VoucherLine::charged`).
//! A sheet without a kind column takes one kind for the whole file (`--kind sale`).

use super::CellProblem;
use super::fixed::{ImportField, RowCells, RowProblem};
use crate::domain::voucher::{PaymentMethod, VoucherKind};
use chrono::NaiveDate;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VoucherField {
    Voucher,
    Kind,
    Date,
    DueDate,
    Customer,
    Item,
    Quantity,
    UnitPrice,
    Discount,
    Amount,
    Method,
    Reference,
    AppliesTo,
    Memo,
}

impl ImportField for VoucherField {
    const ALL: &'static [VoucherField] = &[
        VoucherField::Voucher,
        VoucherField::Kind,
        VoucherField::Date,
        VoucherField::DueDate,
        VoucherField::Customer,
        VoucherField::Item,
        VoucherField::Quantity,
        VoucherField::UnitPrice,
        VoucherField::Discount,
        VoucherField::Amount,
        VoucherField::Method,
        VoucherField::Reference,
        VoucherField::AppliesTo,
        VoucherField::Memo,
    ];

    fn names(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            VoucherField::Voucher => (
                "voucher",
                "Voucher",
                &[
                    "invoice no",
                    "invoice number",
                    "invoice",
                    "voucher no",
                    "voucher number",
                    "document no",
                    "order id",
                    "order no",
                    "order number",
                    "전표번호",
                    "주문번호",
                ],
            ),
            VoucherField::Kind => ("kind", "Kind", &["type", "voucher type", "구분"]),
            VoucherField::Date => ("date", "Date", &["voucher date", "invoice date", "order date", "일자"]),
            VoucherField::DueDate => ("due_date", "Due date", &["due", "due on"]),
            VoucherField::Customer => (
                "customer",
                "Customer code",
                &["customer", "customer id", "vendor", "vendor code", "account", "거래처코드"],
            ),
            VoucherField::Item => ("item", "Item code", &["item", "sku", "product code", "product id", "품목코드"]),
            VoucherField::Quantity => ("quantity", "Quantity", &["qty", "수량"]),
            VoucherField::UnitPrice => ("unit_price", "Unit price", &["price", "단가"]),
            VoucherField::Discount => ("discount", "Discount %", &["discount", "discount rate", "할인율"]),
            // On an item line: the line's amount, after discount and before tax (an order export's "Sales").
            VoucherField::Amount => (
                "amount",
                "Amount",
                &[
                    "sum",
                    "paid",
                    "received",
                    "sales",
                    "line amount",
                    "line total",
                    "total",
                    "net amount",
                    "금액",
                    "합계",
                ],
            ),
            VoucherField::Method => ("method", "Method", &["payment method", "paid by"]),
            VoucherField::Reference => ("reference", "Reference", &["ref", "cheque no", "bank reference"]),
            VoucherField::AppliesTo => ("applies_to", "Applies to", &["apply to", "pays invoice", "invoice paid"]),
            VoucherField::Memo => ("memo", "Memo", &["note", "notes", "remarks", "비고"]),
        }
    }
}

/// The voucher kinds a sheet may name, with the words clerks use for them.
pub fn parse_kind(text: &str) -> Option<VoucherKind> {
    let kind = match text.trim().to_lowercase().as_str() {
        "sale" | "sales" | "invoice" | "sales invoice" | "매출" => VoucherKind::Sale,
        "purchase" | "purchases" | "bill" | "매입" => VoucherKind::Purchase,
        "collection" | "collect" | "receipt" | "수금" => VoucherKind::Collection,
        "payment" | "pay" | "지급" => VoucherKind::Payment,
        _ => return None,
    };
    Some(kind)
}

/// An item line as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    pub row: usize,
    pub item: String,
    pub quantity: Decimal,
    /// Empty: the price resolver decides.
    pub unit_price: Option<Decimal>,
    /// Empty: the customer's discount, as the resolver finds it.
    pub discount: Option<Decimal>,
    /// The line's amount as the sheet gives it (an order export): the line keeps it, and a
    /// unit price or discount in the row gives way to it.
    pub amount: Option<Decimal>,
}

/// One voucher as read from its rows, codes not yet looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherRows {
    /// The voucher key as the file has it ("row N" for a row without one).
    pub key: String,
    /// The sheet's row numbers, in order.
    pub rows: Vec<usize>,
    pub kind: VoucherKind,
    pub date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub customer: String,
    pub lines: Vec<LineRow>,
    pub amount: Option<Decimal>,
    pub method: PaymentMethod,
    pub reference: String,
    /// Collections and payments: the number of the book's invoice they pay, if named.
    pub applies_to: Option<String>,
    pub memo: String,
}

/// A voucher of the file that cannot be imported: its key, its rows and every problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidVoucher {
    pub key: String,
    pub rows: Vec<usize>,
    pub problems: Vec<RowProblem>,
}

/// The rows of one voucher key: (row number, cells).
type Members<'a> = Vec<(usize, RowCells<'a, VoucherField>)>;

/// Reads the rows (row number, cells) and groups them into vouchers by key, in the order each key
/// first appears. A voucher with any problem comes back as its key, its rows and the problems.
/// `file_kind` is the kind of a voucher whose kind cell is empty (or that has no kind column).
pub fn group_voucher_rows<'a>(
    rows: impl IntoIterator<Item = (usize, RowCells<'a, VoucherField>)>,
    file_kind: Option<VoucherKind>,
) -> Vec<Result<VoucherRows, InvalidVoucher>> {
    let mut groups: Vec<(String, Members<'a>)> = Vec::new();
    // Where each voucher key's group is, so a file of many vouchers is grouped in one pass.
    let mut by_key: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (number, cells) in rows {
        let key = cells.text(VoucherField::Voucher).to_string();
        if !key.is_empty()
            && let Some(&at) = by_key.get(&key.to_lowercase())
        {
            groups[at].1.push((number, cells));
            continue;
        }
        if !key.is_empty() {
            by_key.insert(key.to_lowercase(), groups.len());
        }
        let key = if key.is_empty() { format!("row {number}") } else { key };
        groups.push((key, vec![(number, cells)]));
    }
    groups.into_iter().map(|(key, members)| read_group(key, &members, file_kind)).collect()
}

fn read_group(
    key: String,
    members: &[(usize, RowCells<'_, VoucherField>)],
    file_kind: Option<VoucherKind>,
) -> Result<VoucherRows, InvalidVoucher> {
    let numbers: Vec<usize> = members.iter().map(|(n, _)| *n).collect();
    // A cell holding an Excel error (#N/A...) is said as that, not as a bad date or amount too.
    let errors: Vec<RowProblem> = members
        .iter()
        .flat_map(|(row, cells)| cells.excel_errors().into_iter().map(|problem| RowProblem { row: *row, problem }))
        .collect();
    if !errors.is_empty() {
        return Err(InvalidVoucher { key, rows: numbers, problems: errors });
    }
    let mut problems = Vec::new();
    let mut at = |row: usize, problem: CellProblem| problems.push(RowProblem { row, problem });
    let (first_row, first) = (&members[0].0, &members[0].1);
    // The voucher's own fields come from its first row; a later row saying otherwise is a mistake.
    for (number, cells) in &members[1..] {
        for field in [VoucherField::Kind, VoucherField::Date, VoucherField::Customer] {
            let (theirs, ours) = (cells.text(field), first.text(field));
            if !theirs.is_empty() && !theirs.eq_ignore_ascii_case(ours) {
                let message = format!(
                    "voucher {key} has {} \"{ours}\" on row {first_row} but \"{theirs}\" here; one voucher has one {}",
                    field.key(),
                    field.key()
                );
                at(*number, cells.problem(field, message));
            }
        }
    }
    let kind_text = first.text(VoucherField::Kind);
    let kind = match first.required(VoucherField::Kind, "the kind") {
        Err(_) if file_kind.is_some() => file_kind,
        Ok(text) => parse_kind(text).or_else(|| {
            at(
                *first_row,
                first.problem(
                    VoucherField::Kind,
                    format!("\"{kind_text}\" is not a voucher kind; write sale, purchase, collection or payment"),
                ),
            );
            None
        }),
        Err(problem) => {
            at(*first_row, problem);
            None
        }
    };
    let date = match first.required(VoucherField::Date, "the date").and_then(|_| first.date(VoucherField::Date)) {
        Ok(date) => date,
        Err(problem) => {
            at(*first_row, problem);
            None
        }
    };
    let due_date = first.date(VoucherField::DueDate).unwrap_or_else(|p| {
        at(*first_row, p);
        None
    });
    let customer = first.required(VoucherField::Customer, "the customer code").unwrap_or_else(|p| {
        at(*first_row, p);
        ""
    });
    let method_text = first.text(VoucherField::Method);
    let method = if method_text.is_empty() {
        PaymentMethod::default()
    } else {
        PaymentMethod::parse(method_text).unwrap_or_else(|| {
            at(
                *first_row,
                first.problem(
                    VoucherField::Method,
                    format!("\"{method_text}\" is not a method; write cash, bank, card or other"),
                ),
            );
            PaymentMethod::default()
        })
    };
    let mut lines = Vec::new();
    let mut amount = None;
    if let Some(kind) = kind {
        if kind.has_lines() {
            for (number, cells) in members {
                if let Some(line) = read_line(*number, cells, &mut at) {
                    lines.push(line);
                }
            }
        } else {
            if members.len() > 1 {
                let message = format!(
                    "a {} has one amount, so it takes one row; voucher {key} has {}",
                    kind.as_str(),
                    members.len()
                );
                at(members[1].0, CellProblem::new(members[1].1.column(VoucherField::Voucher), message));
            }
            for field in [VoucherField::Item, VoucherField::Quantity, VoucherField::UnitPrice, VoucherField::Discount] {
                if !first.text(field).is_empty() {
                    let message =
                        format!("a {} has an amount, not item lines; leave {} empty", kind.as_str(), field.key());
                    at(*first_row, first.problem(field, message));
                }
            }
            match first
                .required(VoucherField::Amount, "the amount")
                .and_then(|_| first.non_negative(VoucherField::Amount))
            {
                Ok(value) => amount = value,
                Err(problem) => at(*first_row, problem),
            }
        }
    }
    match (kind, date, problems.is_empty()) {
        (Some(kind), Some(date), true) => Ok(VoucherRows {
            key,
            rows: numbers,
            kind,
            date,
            due_date,
            customer: customer.to_string(),
            lines,
            amount,
            method,
            reference: first.text(VoucherField::Reference).to_string(),
            applies_to: Some(first.text(VoucherField::AppliesTo).to_string()).filter(|n| !n.is_empty()),
            memo: first.text(VoucherField::Memo).to_string(),
        }),
        _ => Err(InvalidVoucher { key, rows: numbers, problems }),
    }
}

fn read_line(
    number: usize,
    cells: &RowCells<'_, VoucherField>,
    at: &mut impl FnMut(usize, CellProblem),
) -> Option<LineRow> {
    let item = cells.required(VoucherField::Item, "the item code").map_err(|p| at(number, p)).ok();
    let quantity =
        match cells.required(VoucherField::Quantity, "the quantity").and_then(|_| cells.amount(VoucherField::Quantity))
        {
            Ok(Some(q)) if q > Decimal::ZERO => Some(q),
            Ok(_) => {
                at(number, cells.problem(VoucherField::Quantity, "the quantity must be more than 0"));
                None
            }
            Err(problem) => {
                at(number, problem);
                None
            }
        };
    // A line amount is the net amount charged: it wins over the row's unit price and discount
    // (an order export carries both, and its discount is already taken off the amount).
    let amount = match cells.sheet_amount(VoucherField::Amount) {
        Ok(Some(amount)) if amount.is_sign_negative() => {
            let message =
                "a line's amount must not be negative; a return is not a sale line, so leave this row out (or skip it)";
            at(number, cells.problem(VoucherField::Amount, message));
            return None;
        }
        Ok(amount) => amount,
        Err(problem) => {
            at(number, problem);
            return None;
        }
    };
    let (unit_price, discount) = match amount {
        Some(_) => (Ok(None), Ok(None)),
        None => (
            cells.non_negative(VoucherField::UnitPrice).map_err(|p| at(number, p)),
            cells.percent(VoucherField::Discount).map_err(|p| at(number, p)),
        ),
    };
    Some(LineRow {
        row: number,
        item: item?.to_string(),
        quantity: quantity?,
        unit_price: unit_price.ok()?,
        discount: discount.ok()?,
        amount,
    })
}

/// The sheet's line amounts beside what the book would record for them, over the vouchers the
/// import would write: they differ only where the sheet has more decimals than the book's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SheetTotals {
    /// The sum of the amount column as the sheet has it.
    pub sheet: Decimal,
    /// The sum of the same lines' amounts as the book keeps them.
    pub book: Decimal,
    /// How many lines had more decimals than the currency keeps, and were rounded.
    pub rounded_lines: u64,
    /// The currency's decimals.
    pub decimals: u32,
}

impl SheetTotals {
    /// Adds one line: the sheet's amount and the amount the book keeps for it.
    pub fn add(&mut self, sheet: Decimal, book: Decimal) {
        self.sheet = self.sheet.saturating_add(sheet);
        self.book = self.book.saturating_add(book);
        if sheet != book {
            self.rounded_lines += 1;
        }
    }

    /// Why the book's total is not the sheet's, when it is not.
    pub fn explanation(&self) -> Option<String> {
        if self.sheet == self.book {
            return None;
        }
        let keeps = match self.decimals {
            0 => "whole units".to_string(),
            1 => "1 decimal".to_string(),
            2 => "cents".to_string(),
            n => format!("{n} decimals"),
        };
        let lines = if self.rounded_lines == 1 { "1 line was" } else { "lines were" };
        let count = if self.rounded_lines == 1 { String::new() } else { format!("{} ", self.rounded_lines) };
        Some(format!(
            "the sheet has amounts with more than {} decimals; the book keeps {keeps}: {count}{lines} rounded, sheet total {}, book total {}",
            self.decimals,
            grouped(self.sheet),
            grouped(self.book)
        ))
    }
}

/// An amount with thousands separators, as the preview says totals: 1,234.5678.
fn grouped(value: Decimal) -> String {
    let text = value.normalize().to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::fixed::guess;
    use rust_decimal_macros::dec;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn rows_with_one_key_make_one_voucher_and_disagreements_are_named() {
        let headers = strings(&["Invoice no", "Type", "Date", "Customer", "Item", "Qty", "Price", "Amount"]);
        let mapping = guess::<VoucherField>(&headers, &[]);
        assert!(mapping.iter().all(Option::is_some), "{mapping:?}");
        let rows = [
            strings(&["INV-1", "sale", "2026-03-01", "C1", "A", "2", "", ""]),
            strings(&["", "collection", "2026-03-02", "C1", "", "", "", "50"]),
            strings(&["inv-1", "", "", "", "B", "1", "9.5", ""]),
            strings(&["INV-2", "sale", "2026-03-01", "C1", "A", "0", "", ""]),
            strings(&["INV-2", "sale", "2026-03-01", "C2", "A", "1", "", ""]),
        ];
        let cells: Vec<(usize, RowCells<'_, VoucherField>)> =
            rows.iter().enumerate().map(|(i, r)| (i + 2, RowCells::new(&headers, &mapping, r))).collect();
        let groups = group_voucher_rows(cells, None);
        assert_eq!(groups.len(), 3);
        let sale = groups[0].as_ref().unwrap();
        assert_eq!((sale.rows.clone(), sale.lines.len()), (vec![2, 4], 2));
        assert_eq!((sale.lines[0].unit_price, sale.lines[1].unit_price), (None, Some(dec!(9.5))));
        let collection = groups[1].as_ref().unwrap();
        assert_eq!((collection.key.as_str(), collection.amount), ("row 3", Some(dec!(50))));
        let invalid = groups[2].as_ref().unwrap_err();
        assert_eq!(invalid.rows, [5, 6]);
        let found: Vec<(usize, Option<String>)> =
            invalid.problems.iter().map(|p| (p.row, p.problem.column.clone())).collect();
        assert_eq!(found, [(6, Some("Customer".to_string())), (5, Some("Qty".to_string()))]);
    }

    #[test]
    fn an_order_export_takes_the_files_kind_and_keeps_line_amounts() {
        let headers =
            strings(&["Order ID", "Order Date", "Customer ID", "Product ID", "Quantity", "Sales", "Discount"]);
        let mapping = guess::<VoucherField>(&headers, &[]);
        assert!(mapping.iter().all(Option::is_some), "{mapping:?}");
        let rows = [
            strings(&["CA-1", "2026-03-01", "C1", "A", "2", "261.96", "0.2"]),
            strings(&["CA-1", "2026-03-01", "C1", "B", "3", "957.5775", "0"]),
        ];
        let read = |kind| {
            let cells = rows.iter().enumerate().map(|(i, r)| (i + 2, RowCells::new(&headers, &mapping, r)));
            group_voucher_rows(cells, kind)
        };
        let missing = read(None);
        let problem = &missing[0].as_ref().unwrap_err().problems[0].problem;
        assert_eq!(problem.unmapped.as_deref(), Some("kind"), "no kind column and no kind for the file");
        let sale = read(Some(VoucherKind::Sale)).remove(0).unwrap();
        assert_eq!(sale.kind, VoucherKind::Sale);
        let amounts: Vec<_> = sale.lines.iter().map(|l| (l.amount, l.unit_price, l.discount)).collect();
        assert_eq!(amounts, [(Some(dec!(261.96)), None, None), (Some(dec!(957.5775)), None, None)]);
    }

    #[test]
    fn totals_say_why_the_book_differs_from_the_sheet() {
        let mut totals = SheetTotals { decimals: 2, ..SheetTotals::default() };
        totals.add(dec!(261.96), dec!(261.96));
        assert_eq!(totals.explanation(), None);
        totals.add(dec!(957.5775), dec!(957.58));
        assert_eq!(
            totals.explanation().unwrap(),
            "the sheet has amounts with more than 2 decimals; the book keeps cents: 1 line was rounded, \
             sheet total 1,219.5375, book total 1,219.54"
        );
    }
}
