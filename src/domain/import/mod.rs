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
}
