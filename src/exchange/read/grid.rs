//! Rows of a workbook sheet (xlsx, xlsm, xlsb, xls, ods), assembled from calamine's cells.

use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime, Range};
use chrono::NaiveDate;

use super::cell::{date_or_datetime, parse_iso_value};
use super::{CellValue, ReadError};

/// Excel's last date, 9999-12-31, is serial 2958465.
const LAST_EXCEL_SERIAL: f64 = 2_958_466.0;

/// One cell at a time, in file order: (row, column) counted from 0; the error says what is wrong
/// with the file.
pub(super) type CellStream<'a> = Box<dyn FnMut() -> Result<Option<(u32, u32, CellValue)>, ReadError> + 'a>;

/// Groups a stream of cells into rows, refusing a cell beyond the column limit before any
/// memory is spent on it (a sheet may put one value in column XFD).
pub(super) struct Assembler<'a> {
    cells: CellStream<'a>,
    pending: Option<(u32, u32, CellValue)>,
    done: bool,
    max_columns: usize,
    path: String,
    sheet: String,
}

impl<'a> Assembler<'a> {
    pub(super) fn new(cells: CellStream<'a>, max_columns: usize, path: String, sheet: String) -> Self {
        Assembler { cells, pending: None, done: false, max_columns, path, sheet }
    }

    /// The next row holding at least one value, numbered from 1.
    pub(super) fn next_row(&mut self) -> Option<Result<(usize, Vec<CellValue>), ReadError>> {
        let mut current: Option<(u32, Vec<CellValue>)> = None;
        loop {
            let (row, col, value) = match self.pending.take() {
                Some(cell) => cell,
                None if self.done => break,
                None => match self.pull() {
                    Ok(Some(cell)) => cell,
                    Ok(None) => {
                        self.done = true;
                        break;
                    }
                    Err(e) => {
                        self.done = true;
                        return Some(Err(e));
                    }
                },
            };
            if value == CellValue::Empty {
                continue;
            }
            match &current {
                Some((r, _)) if *r != row => {
                    self.pending = Some((row, col, value));
                    break;
                }
                _ => {}
            }
            let col = col as usize;
            if col >= self.max_columns {
                self.done = true;
                return Some(Err(ReadError::TooManyColumns {
                    path: self.path.clone(),
                    sheet: self.sheet.clone(),
                    row: row as usize + 1,
                    max: self.max_columns,
                }));
            }
            let cells = &mut current.get_or_insert_with(|| (row, Vec::new())).1;
            if cells.len() <= col {
                cells.resize(col + 1, CellValue::Empty);
            }
            cells[col] = value;
        }
        current.map(|(row, cells)| Ok((row as usize + 1, cells)))
    }

    /// calamine has panicked on malformed files before; a broken file must not take the app
    /// down, so a panic is reported as damage.
    fn pull(&mut self) -> Result<Option<(u32, u32, CellValue)>, ReadError> {
        match catch_unwind(AssertUnwindSafe(|| (self.cells)())) {
            Ok(Ok(cell)) => Ok(cell),
            Ok(Err(error)) => Err(error),
            Err(_) => Err(ReadError::Damaged {
                path: self.path.clone(),
                detail: "part of a sheet could not be decoded".to_string(),
            }),
        }
    }
}

/// A whole sheet already in memory (xls and ods, which calamine cannot stream), walked cell by
/// cell so the rest of the reader sees the same stream as for xlsx.
pub(super) fn range_cells<'a>(range: Range<Data>) -> CellStream<'a> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let (height, width) = range.get_size();
    let mut index = 0usize;
    let total = height.saturating_mul(width);
    Box::new(move || {
        while index < total {
            let (r, c) = (index / width, index % width);
            index += 1;
            if let Some(value) = range.get((r, c))
                && *value != Data::Empty
            {
                return Ok(Some((top + r as u32, left + c as u32, from_data(value))));
            }
        }
        Ok(None)
    })
}

pub(super) fn from_data_ref(value: &DataRef<'_>) -> CellValue {
    match value {
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::Text(s.clone()),
        DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => from_excel_datetime(dt),
        DataRef::DateTimeIso(s) => parse_iso_value(s).unwrap_or_else(|| CellValue::Text(s.clone())),
        DataRef::DurationIso(s) => CellValue::Text(s.clone()),
        DataRef::Error(e) => CellValue::Error(error_text(e).to_string()),
        DataRef::Empty => CellValue::Empty,
    }
}

pub(super) fn from_data(value: &Data) -> CellValue {
    match value {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => from_excel_datetime(dt),
        Data::DateTimeIso(s) => parse_iso_value(s).unwrap_or_else(|| CellValue::Text(s.clone())),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(error_text(e).to_string()),
        Data::Empty => CellValue::Empty,
    }
}

/// An error cell as Excel shows it. calamine's own names match Excel's but for "getting data",
/// which Excel writes `#GETTING_DATA` (calamine says `#DATA!`), so each is spelled out here.
fn error_text(error: &CellErrorType) -> &'static str {
    match error {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
}

/// A date-formatted number. calamine knows the workbook's date system (1900 or 1904) and
/// applies it in `to_ymd_hms_milli`; durations and values outside Excel's calendar stay numbers.
fn from_excel_datetime(dt: &ExcelDateTime) -> CellValue {
    let serial = dt.as_f64();
    if dt.is_duration() || !(1.0..LAST_EXCEL_SERIAL).contains(&serial) {
        return CellValue::Number(serial);
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))
        .and_then(|date| date.and_hms_milli_opt(u32::from(h), u32::from(mi), u32::from(s), u32::from(ms)))
        .map(date_or_datetime)
        .unwrap_or(CellValue::Number(serial))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn stream(cells: Vec<(u32, u32, CellValue)>) -> CellStream<'static> {
        let mut it = cells.into_iter();
        Box::new(move || Ok(it.next()))
    }

    #[test]
    fn cells_group_into_rows_and_skip_blanks() {
        let t = |s: &str| CellValue::Text(s.to_string());
        let mut a = Assembler::new(
            stream(vec![(0, 1, t("b")), (0, 0, t("a")), (1, 0, CellValue::Empty), (3, 2, CellValue::Number(1.0))]),
            10,
            "f".into(),
            "S".into(),
        );
        assert_eq!(a.next_row(), Some(Ok((1, vec![t("a"), t("b")]))));
        let expected = vec![CellValue::Empty, CellValue::Empty, CellValue::Number(1.0)];
        assert_eq!(a.next_row(), Some(Ok((4, expected))));
        assert_eq!(a.next_row(), None);
    }

    #[test]
    fn a_cell_past_the_column_limit_is_refused() {
        let mut a = Assembler::new(stream(vec![(4, 16_383, CellValue::Bool(true))]), 256, "f".into(), "S".into());
        let error = ReadError::TooManyColumns { path: "f".into(), sheet: "S".into(), row: 5, max: 256 };
        assert_eq!(a.next_row(), Some(Err(error)));
        assert_eq!(a.next_row(), None);
    }

    #[test]
    fn a_panicking_reader_is_damage() {
        let mut a = Assembler::new(Box::new(|| panic!("bad record")), 256, "f".into(), "S".into());
        assert!(matches!(a.next_row(), Some(Err(ReadError::Damaged { .. }))));
        assert_eq!(a.next_row(), None);
    }

    #[test]
    fn error_cells_read_as_excel_writes_them() {
        let cases = [
            (CellErrorType::Div0, "#DIV/0!"),
            (CellErrorType::NA, "#N/A"),
            (CellErrorType::Name, "#NAME?"),
            (CellErrorType::Null, "#NULL!"),
            (CellErrorType::Num, "#NUM!"),
            (CellErrorType::Ref, "#REF!"),
            (CellErrorType::Value, "#VALUE!"),
            (CellErrorType::GettingData, "#GETTING_DATA"),
        ];
        for (error, shown) in cases {
            let cell = from_data(&Data::Error(error.clone()));
            assert_eq!(cell.as_text(), shown);
            assert_eq!(crate::domain::import::excel_error(&cell.as_text()), Some(shown));
            assert_eq!(from_data_ref(&DataRef::Error(error)), cell);
        }
    }

    #[test]
    fn excel_dates_become_dates() {
        let date = |v, t, e| from_excel_datetime(&ExcelDateTime::new(v, t, e));
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(date(46082.0, ExcelDateTimeType::DateTime, false), CellValue::Date(day));
        assert_eq!(date(44620.0, ExcelDateTimeType::DateTime, true), CellValue::Date(day));
        assert_eq!(
            date(46082.5, ExcelDateTimeType::DateTime, false),
            CellValue::DateTime(day.and_hms_opt(12, 0, 0).unwrap())
        );
        assert_eq!(date(1.5, ExcelDateTimeType::TimeDelta, false), CellValue::Number(1.5));
        assert_eq!(date(-3.0, ExcelDateTimeType::DateTime, false), CellValue::Number(-3.0));
    }
}
