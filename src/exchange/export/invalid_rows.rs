//! The rows an import refused, written back out with the file's own headers and a Problems
//! column, so the clerk can correct them in a spreadsheet and import just those again.

use super::{Column, ColumnKind, ExportCell, ExportError, write_table};
use crate::domain::import::CellProblem;
use crate::domain::money::Currency;
use std::path::Path;

/// One refused row: its number in the imported file, its cells as read, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRow {
    pub number: usize,
    pub cells: Vec<String>,
    pub problems: Vec<CellProblem>,
}

/// The header of the column that says what is wrong with each row.
pub const PROBLEMS_HEADER: &str = "Problems";
/// The header of the column with each row's number in the imported file.
pub const ROW_HEADER: &str = "Row in file";

/// Writes `rows` under "Row in file", the file's `headers` and "Problems"; returns how many rows.
/// Every cell is written as text, as it was read, so codes keep their leading zeros.
pub fn export_invalid_rows(path: &Path, headers: &[String], rows: &[InvalidRow]) -> Result<u64, ExportError> {
    let mut columns = vec![Column::new(ROW_HEADER, ColumnKind::Integer, 10.0)];
    columns.extend(
        headers
            .iter()
            .map(|h| Column::new(h.clone(), ColumnKind::Text, (h.chars().count() as f64 + 4.0).clamp(10.0, 40.0))),
    );
    columns.push(Column::new(PROBLEMS_HEADER, ColumnKind::Text, 60.0));
    let lines = rows.iter().map(|row| {
        let mut cells = vec![ExportCell::Integer(row.number as i64)];
        cells.extend((0..headers.len()).map(|i| ExportCell::text(row.cells.get(i).map_or("", String::as_str))));
        cells.push(ExportCell::text(&problems_text(&row.problems)));
        Ok(cells)
    });
    write_table(path, "Invalid rows", &columns, lines, &Currency::new("", 2), None)
}

/// `Column "Credit limit": "abc" is not a number; the code is on rows 3 and 5`.
pub fn problems_text(problems: &[CellProblem]) -> String {
    problems
        .iter()
        .map(|p| match &p.column {
            Some(column) => format!("Column \u{201c}{column}\u{201d}: {}", p.message),
            None => p.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook};

    #[test]
    fn the_invalid_rows_read_back_with_their_headers_cells_and_problems() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("invalid.xlsx");
        let headers = vec!["Code".to_string(), "Company".to_string(), "Credit limit".to_string()];
        let rows = vec![
            InvalidRow {
                number: 4,
                cells: vec!["00123".into(), "Acme".into(), "lots".into()],
                problems: vec![CellProblem::new(Some("Credit limit"), "\"lots\" is not a number")],
            },
            InvalidRow {
                number: 9,
                cells: vec!["C-9".into()],
                problems: vec![
                    CellProblem::new(Some("Company"), "the name is required"),
                    CellProblem::new(None, "C-9 is on rows 9 and 12"),
                ],
            },
        ];
        assert_eq!(export_invalid_rows(&path, &headers, &rows).unwrap(), 2);

        let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(workbook.sheet_names(), vec!["Invalid rows".to_string()]);
        let range = workbook.worksheet_range_at(0).unwrap().unwrap();
        let read: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        let text = |s: &str| Data::String(s.to_string());
        assert_eq!(
            read[0],
            vec![text(ROW_HEADER), text("Code"), text("Company"), text("Credit limit"), text(PROBLEMS_HEADER)]
        );
        assert_eq!(read[1][0], Data::Float(4.0));
        assert_eq!(read[1][1], text("00123"), "codes stay text with their leading zeros");
        assert_eq!(read[1][3], text("lots"));
        assert_eq!(read[1][4], text("Column \u{201c}Credit limit\u{201d}: \"lots\" is not a number"));
        assert_eq!(read[2][0], Data::Float(9.0));
        assert_eq!(read[2][2], Data::Empty, "a row shorter than the headers leaves the rest empty");
        assert_eq!(read[2][4], text("Column \u{201c}Company\u{201d}: the name is required; C-9 is on rows 9 and 12"));
        assert_eq!(read.len(), 3);
    }
}
