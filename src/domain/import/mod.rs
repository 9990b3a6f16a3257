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
}

/// A problem with one cell (or one row, when `column` is `None`), as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellProblem {
    /// The column's header as the file has it.
    pub column: Option<String>,
    pub message: String,
}

impl CellProblem {
    pub fn new(column: Option<&str>, message: impl Into<String>) -> CellProblem {
        CellProblem { column: column.map(str::to_string), message: message.into() }
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
}
