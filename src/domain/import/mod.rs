//! Import rules shared by every kind: matching spreadsheet headers to fields (by name, by alias,
//! or as the clerk fixed them), the options a clerk chooses, and what the preview reports.
//! Pure: the rows come in as text, already read from the file by `exchange::read`.

pub mod balances;
pub mod customers;
pub mod fixed;
pub mod items;
pub mod prices;
pub mod vouchers;

use serde::{Deserialize, Serialize};

/// How records in the file are matched to records in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKey {
    #[default]
    Code,
    TaxId,
}

impl MatchKey {
    pub fn parse(text: &str) -> Option<MatchKey> {
        match normalize_header(text).as_str() {
            "code" => Some(MatchKey::Code),
            "taxid" => Some(MatchKey::TaxId),
            _ => None,
        }
    }
}

/// What the clerk chose for one import.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOptions {
    pub key: MatchKey,
    /// An empty cell clears the value; otherwise it leaves the value as it was.
    pub empty_clears: bool,
    /// When the same key is in the file twice, the later row wins; otherwise both are invalid.
    pub later_wins: bool,
    /// Vouchers: the kind of every voucher whose sheet gives none (`--kind sale`), for an
    /// order export that has no kind column.
    pub voucher_kind: Option<crate::domain::voucher::VoucherKind>,
}

/// A problem with one cell (or one row, when `column` is `None`), as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellProblem {
    /// The column's header as the file has it.
    pub column: Option<String>,
    pub message: String,
    /// The `--map` key of a field the record needs and no column is mapped to: the planner
    /// takes such problems off the rows and says them once for the file ([`UnmappedField`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmapped: Option<String>,
}

impl CellProblem {
    pub fn new(column: Option<&str>, message: impl Into<String>) -> CellProblem {
        CellProblem { column: column.map(str::to_string), message: message.into(), unmapped: None }
    }

    /// A cell holding one of Excel's error values (see [`excel_error`]) instead of a value.
    pub fn excel_error(column: Option<&str>, error: &str) -> CellProblem {
        CellProblem::new(
            column,
            format!(
                "the cell holds Excel's error {error}, not a value; fix the formula in the sheet or clear the cell"
            ),
        )
    }

    /// A record needs `field` (its `--map` key) and no column is mapped to it.
    pub fn unmapped(field: &str, message: impl Into<String>) -> CellProblem {
        CellProblem { column: None, message: message.into(), unmapped: Some(field.to_string()) }
    }
}

/// A field records of the file need and no column is mapped to, said once at the mapping rather
/// than on each of the rows (a sheet of 140,000 customers without a name column is one problem).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmappedField {
    /// The field's `--map` key ("name", "customer", "kind").
    pub field: String,
    /// How many records of the file need it.
    pub records: u64,
}

impl UnmappedField {
    /// "No column is mapped to name, which 3 records need" (the caller adds how to map one).
    pub fn message(&self, noun: &str) -> String {
        let plural = if self.records == 1 { "" } else { "s" };
        let need = if self.records == 1 { "needs" } else { "need" };
        format!("No column is mapped to {}, which {} {noun}{plural} {need}", self.field, self.records)
    }

    /// Takes the unmapped-field problems out of one record's `problems`, counting the record
    /// once for each such field in `found`.
    pub fn take<P>(problems: &mut Vec<P>, problem: impl Fn(&P) -> &CellProblem, found: &mut Vec<UnmappedField>) {
        let mut fields: Vec<String> = Vec::new();
        problems.retain(|p| match &problem(p).unmapped {
            Some(field) => {
                if !fields.contains(field) {
                    fields.push(field.clone());
                }
                false
            }
            None => true,
        });
        for field in fields {
            match found.iter_mut().find(|f| f.field == field) {
                Some(known) => known.records += 1,
                None => found.push(UnmappedField { field, records: 1 }),
            }
        }
    }
}

/// The columns a guess must not fill with a record's field in a file with several rows per
/// record. An order export has one row per order line and repeats the customer (or item) on
/// each: its Discount, Quantity or Sales columns belong to the line, so guessing one as the
/// customer's discount rate or credit limit would be wrong, and would set the customer from
/// whichever line came last. The rule, by data rather than by header names: when keys repeat
/// in `rows` (a sample of the file), a column whose values differ between rows of one key is
/// per line, never a field of the record. "Keys repeat" means at least two different keys are
/// on more than one row: a plain list with one code given twice is a mistake the preview names
/// (both rows invalid), not a reason to change the mapping. Columns the clerk chose (`fixed`)
/// and the key column itself are never taken. Returns, per column, whether its guess should be
/// dropped.
pub fn per_line_columns<R: AsRef<[String]>>(key_column: Option<usize>, rows: &[R], fixed: &[usize]) -> Vec<bool> {
    let width = rows.iter().map(|r| r.as_ref().len()).max().unwrap_or(0);
    let mut varies = vec![false; width];
    let Some(key_column) = key_column else { return varies };
    let mut first_row: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut repeated: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (index, row) in rows.iter().enumerate() {
        let row = row.as_ref();
        let key = row.get(key_column).map_or("", |k| k.trim()).to_lowercase();
        if key.is_empty() {
            continue;
        }
        let Some(&first) = first_row.get(&key) else {
            first_row.insert(key, index);
            continue;
        };
        repeated.insert(key);
        for (column, slot) in varies.iter_mut().enumerate() {
            let cell = |r: &[String]| r.get(column).map_or(String::new(), |c| c.trim().to_string());
            if column != key_column && !fixed.contains(&column) && cell(rows[first].as_ref()) != cell(row) {
                *slot = true;
            }
        }
    }
    if repeated.len() < 2 {
        return vec![false; width];
    }
    varies
}

/// How many rows at the top of a file the window and the command line read before guessing the
/// columns, to see whether a record spans rows ([`per_line_columns`]).
pub const GUESS_ROWS: usize = 5_000;

/// Takes out of a guessed `mapping` the columns [`per_line_columns`] finds per line in `rows` (the
/// first [`GUESS_ROWS`] of the file); the columns the clerk chose (`fixed`) stay as chosen.
pub fn drop_per_line_guesses<T, U, R: AsRef<[String]>>(
    mapping: &mut [Option<T>],
    key_column: Option<usize>,
    rows: &[R],
    fixed: &[(usize, U)],
) {
    let chosen: Vec<usize> = fixed.iter().map(|(column, _)| *column).collect();
    let rows = &rows[..rows.len().min(GUESS_ROWS)];
    for (slot, per_line) in mapping.iter_mut().zip(per_line_columns(key_column, rows, &chosen)) {
        if per_line {
            *slot = None;
        }
    }
}

/// Whether a column's values (a sample) read like a grouping a new group axis could hold
/// ("Segment": Consumer, Corporate, Home Office): text, not numbers, with values repeating (at
/// most half as many different values as filled cells, and at most 50 of them). The wizard
/// offers "New group axis" only for such columns; it never maps one by itself.
pub fn groups_like<'a>(values: impl IntoIterator<Item = &'a str>) -> bool {
    let filled: Vec<&str> = values.into_iter().map(str::trim).filter(|v| !v.is_empty()).collect();
    if filled.len() < 2 || filled.iter().any(|v| crate::domain::money::parse_amount(v).is_ok()) {
        return false;
    }
    let distinct: std::collections::HashSet<String> = filled.iter().map(|v| v.to_lowercase()).collect();
    distinct.len() <= 50 && distinct.len() * 2 <= filled.len()
}

/// Excel's error values, as Excel writes them in a cell and in a CSV it saves.
const EXCEL_ERRORS: [&str; 16] = [
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#UNKNOWN!",
    "#BUSY!",
    "#PYTHON!",
];

/// The Excel error a cell's text is (`#N/A`, `#DIV/0!`, ...), as Excel spells it; `None` for any
/// other text. A formula that failed in the sheet reaches an import as this text (from a workbook's
/// error cell or a CSV Excel saved), and must not become a customer's name or a code.
pub fn excel_error(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if !text.starts_with('#') {
        return None;
    }
    // Excel turns a typed "#n/a" into the error #N/A, so case does not matter.
    EXCEL_ERRORS.iter().copied().find(|e| e.eq_ignore_ascii_case(text))
}

/// A header reduced to what matching looks at: lower case letters and digits only, so
/// "Tax No.", "tax_no" and "TAX NO" are one header.
pub fn normalize_header(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_their_case_spaces_and_punctuation() {
        assert_eq!(normalize_header(" Tax No. "), "taxno");
        assert_eq!(normalize_header("tax_no"), "taxno");
        assert_eq!(normalize_header("사업자 번호"), "사업자번호");
        assert_eq!(MatchKey::parse("tax_id"), Some(MatchKey::TaxId));
        assert_eq!(MatchKey::parse("id"), None);
    }

    #[test]
    fn excel_errors_are_recognised_exactly() {
        for e in ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#GETTING_DATA"] {
            assert_eq!(excel_error(e), Some(e));
        }
        assert_eq!(excel_error(" #n/a "), Some("#N/A"));
        for text in ["", "N/A", "#N/A!", "#1", "#REF", "Acme #N/A", "#", "#DIV/0"] {
            assert_eq!(excel_error(text), None, "{text}");
        }
        let problem = CellProblem::excel_error(Some("Name"), "#N/A");
        assert_eq!(problem.column.as_deref(), Some("Name"));
        assert_eq!(
            problem.message,
            "the cell holds Excel's error #N/A, not a value; fix the formula in the sheet or clear the cell"
        );
    }

    #[test]
    fn a_column_of_repeated_words_reads_like_groups() {
        assert!(groups_like(["Consumer", "Corporate", "consumer", "Consumer", ""]));
        assert!(!groups_like(["CA-1", "CA-2", "CA-3", "CA-3"]), "mostly different: an id");
        assert!(!groups_like(["0.2", "0", "0", "0.2"]), "numbers are per line");
        assert!(!groups_like(["Consumer"]));
    }

    #[test]
    fn columns_that_differ_within_one_key_are_per_line() {
        let rows: Vec<Vec<String>> = [
            ["C1", "Acme", "0.2", "Consumer"],
            ["C2", "Bolt", "0", "Corporate"],
            ["c1", "Acme", "0", "Consumer"],
            ["C2", "Bolt", "0.1", "Corporate"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        assert_eq!(per_line_columns(Some(0), &rows, &[]), [false, false, true, false]);
        assert_eq!(per_line_columns(Some(0), &rows, &[2]), [false, false, false, false], "the clerk's choice stays");
        assert_eq!(per_line_columns(Some(0), &rows[..2], &[]), [false; 4], "one row per key: a plain list");
        assert_eq!(per_line_columns(Some(0), &rows[..3], &[]), [false; 4], "one key given twice is a mistake");
        assert_eq!(per_line_columns(None, &rows, &[]), [false; 4]);
    }
}
