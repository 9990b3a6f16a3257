//! Writing lists and reports to .xlsx: a table writer with real number, date and currency formats, and the exports built on it.
//!
//! Every sheet gets a bold header row that stays frozen and carries an autofilter,
//! sensible column widths, amounts as numbers in the book's currency format and
//! dates as real spreadsheet dates. Text is always written as text, so codes,
//! tax IDs and postal codes with leading zeros survive a round trip.
//!
//! The workbook is saved to a temporary file beside the target and renamed over it
//! only when complete, so a failed export never leaves a half-written file or
//! spoils one that was already there.

mod alert_run;
mod customers;
mod invalid_rows;
mod lists;
mod reports;

pub use alert_run::export_alert_run;
pub use customers::{CUSTOMER_LABELS, customer_columns, export_customers};
pub use invalid_rows::{InvalidRow, PROBLEMS_HEADER, ROW_HEADER, export_invalid_rows, problems_text};
pub use lists::{export_items, export_prices, item_columns, level_price_columns, special_price_columns};
pub use reports::{ageing_columns, balance_columns, export_ageing, export_balances, export_ledger, ledger_columns};

use crate::domain::money::{AMOUNT_DECIMALS, Currency};
use crate::store::StoreError;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::io;
use std::path::{Path, PathBuf};

/// What a failed export tells the person who asked for it.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: the folder {folder} does not exist")]
    NoFolder { path: PathBuf, folder: PathBuf },
    #[error("cannot write {0}: it is a folder; give a file name such as {0}/export.xlsx")]
    IsFolder(PathBuf),
    #[error("cannot write {0}: the file name must end in .xlsx, e.g. customers.xlsx")]
    NotXlsx(PathBuf),
    #[error(
        "cannot write {0}: permission denied, or the file is open in another program; close it there and try again"
    )]
    Denied(PathBuf),
    #[error("cannot write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error(
        "cannot write {path}: the sheet \"{sheet}\" would have more than {max} rows, the most a spreadsheet holds; narrow the list with a filter"
    )]
    TooManyRows { path: PathBuf, sheet: String, max: u32 },
    #[error("cannot build the spreadsheet {path}: {reason}")]
    Sheet { path: PathBuf, reason: String },
    #[error("cannot read what to export: {0}")]
    Store(#[from] StoreError),
}

/// How a column's values are shown. The cell's value type says what is stored; the kind picks the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Written as text, so "00123" stays "00123" and a retyped code stays text too.
    Text,
    /// Money in the book's currency: symbol, thousands separators, 2 to 4 decimals.
    Amount,
    /// A plain number (quantities), shown as typed.
    Number,
    /// A number of percent: 12.5 means 12.5 % and reads back as 12.5.
    Percent,
    /// A calendar date as a real spreadsheet date, shown YYYY-MM-DD.
    Date,
    /// A whole number (days).
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub kind: ColumnKind,
    /// In characters, as spreadsheets measure columns.
    pub width: f64,
}

impl Column {
    pub fn new(header: impl Into<String>, kind: ColumnKind, width: f64) -> Column {
        Column { header: header.into(), kind, width }
    }
}

/// One cell's value. Exact decimals become floating point only here, at the last step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportCell {
    Empty,
    Text(String),
    Decimal(Decimal),
    Integer(i64),
    Date(NaiveDate),
}

impl ExportCell {
    /// Text, or an empty cell for empty text.
    pub fn text(value: &str) -> ExportCell {
        if value.is_empty() { ExportCell::Empty } else { ExportCell::Text(value.to_string()) }
    }

    pub fn optional_decimal(value: Option<Decimal>) -> ExportCell {
        value.map_or(ExportCell::Empty, ExportCell::Decimal)
    }

    pub fn optional_integer(value: Option<impl Into<i64>>) -> ExportCell {
        value.map_or(ExportCell::Empty, |v| ExportCell::Integer(v.into()))
    }

    pub fn optional_date(value: Option<NaiveDate>) -> ExportCell {
        value.map_or(ExportCell::Empty, ExportCell::Date)
    }
}

/// One row as the exports produce it: reading the store may fail midway.
pub type ExportRow = Result<Vec<ExportCell>, ExportError>;

/// The most data rows a sheet holds under its header (Excel's limit is 1,048,576 rows in all).
pub const MAX_ROWS: u32 = 1_048_575;

/// The number format for amounts in this currency: `"$"#,##0.00##` for two decimals (up to four
/// shown when a price has them), `"₩"#,##0` for none. The symbol is quoted so characters with a
/// meaning in formats (`.`, `0`, `#`) are shown as they are.
pub fn currency_format(currency: &Currency) -> String {
    let symbol = currency.symbol.trim();
    let quoted = if symbol.is_empty() {
        String::new()
    } else if symbol.contains('"') {
        // A quote cannot sit inside a quoted part: escape every character instead.
        symbol.chars().flat_map(|c| ['\\', c]).collect()
    } else {
        format!("\"{symbol}\"")
    };
    // A trailing optional "#" would leave "1,235." on a whole amount in a currency without
    // decimals, so such a currency shows whole numbers (the cell keeps the exact value).
    let decimals = currency.decimals.min(AMOUNT_DECIMALS) as usize;
    let fraction = match decimals {
        0 => String::new(),
        d => format!(".{}{}", "0".repeat(d), "#".repeat(AMOUNT_DECIMALS as usize - d)),
    };
    format!("{quoted}#,##0{fraction}")
}

/// Days since 1899-12-30: how spreadsheets store a date (right for every date after February 1900).
pub fn excel_serial(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (date - epoch).num_days() as f64
}

/// The formats of one workbook, made once and reused for every cell.
struct Formats {
    header: Format,
    text: Format,
    amount: Format,
    percent: Format,
    date: Format,
    integer: Format,
}

impl Formats {
    fn new(currency: &Currency) -> Formats {
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            text: Format::new().set_num_format("@"),
            amount: Format::new().set_num_format(currency_format(currency)),
            percent: Format::new().set_num_format("0.00##\" %\""),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            integer: Format::new().set_num_format("0"),
        }
    }

    /// The format a column's numbers get; `None` leaves them General.
    fn for_kind(&self, kind: ColumnKind) -> Option<&Format> {
        match kind {
            ColumnKind::Text => Some(&self.text),
            ColumnKind::Amount => Some(&self.amount),
            ColumnKind::Percent => Some(&self.percent),
            ColumnKind::Date => Some(&self.date),
            ColumnKind::Integer => Some(&self.integer),
            ColumnKind::Number => None,
        }
    }
}

/// A workbook being filled, sheet by sheet, and saved safely at the end.
pub struct XlsxExport {
    target: PathBuf,
    workbook: Workbook,
    formats: Formats,
}

impl XlsxExport {
    /// Checks the target before any work is done, so a typo in the folder fails at once.
    pub fn new(target: &Path, currency: &Currency) -> Result<XlsxExport, ExportError> {
        check_target(target)?;
        Ok(XlsxExport { target: target.to_path_buf(), workbook: Workbook::new(), formats: Formats::new(currency) })
    }

    /// Adds a sheet with a header row and the rows; returns how many rows were written.
    /// `progress` hears the count now and then.
    pub fn add_sheet(
        &mut self,
        name: &str,
        columns: &[Column],
        rows: impl IntoIterator<Item = ExportRow>,
        progress: Option<&mut dyn FnMut(u64)>,
    ) -> Result<u64, ExportError> {
        let target = self.target.clone();
        let sheet_error = |e: XlsxError| ExportError::Sheet { path: target.clone(), reason: e.to_string() };
        // Rows are written in order, so each goes straight to a temporary file instead of
        // staying in memory until the save: 100,000 customers took ~700 MB the other way.
        let sheet = self.workbook.add_worksheet_with_constant_memory().map_err(sheet_error)?;
        sheet.set_name(sheet_name(name)).map_err(sheet_error)?;
        let written = fill(sheet, &self.formats, columns, rows, progress).map_err(|e| match e {
            Fill::Xlsx(e) => sheet_error(e),
            Fill::TooMany => {
                ExportError::TooManyRows { path: self.target.clone(), sheet: name.to_string(), max: MAX_ROWS }
            }
            Fill::Row(e) => e,
        })?;
        Ok(written)
    }

    /// Saves to a temporary file beside the target, then puts it in the target's place.
    pub fn save(self) -> Result<(), ExportError> {
        save_workbook(self.workbook, &self.target)
    }
}

/// Saves `workbook` to a temporary file beside `target`, then renames it into place, so a
/// failure never leaves half a file (nor touches an earlier one).
pub(crate) fn save_workbook(mut workbook: Workbook, target: &Path) -> Result<(), ExportError> {
    let temporary = temporary_path(target);
    let saved = workbook.save(&temporary).map_err(|e| match e {
        XlsxError::IoError(e) => io_error(target, &e),
        other => ExportError::Sheet { path: target.to_path_buf(), reason: other.to_string() },
    });
    let placed = saved.and_then(|()| std::fs::rename(&temporary, target).map_err(|e| io_error(target, &e)));
    if placed.is_err() {
        // Whatever was written so far is of no use to anyone.
        let _ = std::fs::remove_file(&temporary);
    }
    placed
}

/// Writes one sheet to `path`: the whole of a simple export. Returns how many rows were written.
pub fn write_table(
    path: &Path,
    sheet_name: &str,
    columns: &[Column],
    rows: impl IntoIterator<Item = ExportRow>,
    currency: &Currency,
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<u64, ExportError> {
    let mut export = XlsxExport::new(path, currency)?;
    let written = export.add_sheet(sheet_name, columns, rows, progress)?;
    export.save()?;
    Ok(written)
}

enum Fill {
    Xlsx(XlsxError),
    TooMany,
    Row(ExportError),
}

impl From<XlsxError> for Fill {
    fn from(error: XlsxError) -> Fill {
        Fill::Xlsx(error)
    }
}

/// How often `progress` hears the count.
const PROGRESS_EVERY: u64 = 10_000;

fn fill(
    sheet: &mut Worksheet,
    formats: &Formats,
    columns: &[Column],
    rows: impl IntoIterator<Item = ExportRow>,
    mut progress: Option<&mut dyn FnMut(u64)>,
) -> Result<u64, Fill> {
    let column_formats: Vec<Option<&Format>> = columns.iter().map(|c| formats.for_kind(c.kind)).collect();
    for (col, column) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, col, &column.header, &formats.header)?;
        sheet.set_column_width(col, column.width)?;
    }
    let mut row: u32 = 0;
    for cells in rows {
        let cells = cells.map_err(Fill::Row)?;
        if row == MAX_ROWS {
            return Err(Fill::TooMany);
        }
        row += 1;
        for ((col, cell), format) in (0u16..).zip(cells).zip(&column_formats) {
            write_cell(sheet, row, col, cell, *format)?;
        }
        if let Some(progress) = progress.as_deref_mut()
            && u64::from(row) % PROGRESS_EVERY == 0
        {
            progress(u64::from(row));
        }
    }
    if !columns.is_empty() {
        let last_col = u16::try_from(columns.len() - 1).unwrap_or(u16::MAX);
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, row, last_col)?;
    }
    Ok(u64::from(row))
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: ExportCell,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match (cell, format) {
        (ExportCell::Empty, _) => {}
        (ExportCell::Text(text), Some(format)) => {
            sheet.write_string_with_format(row, col, text, format)?;
        }
        (ExportCell::Text(text), None) => {
            sheet.write_string(row, col, text)?;
        }
        (ExportCell::Decimal(value), format) => {
            // The only place an exact amount becomes floating point: the cell value itself.
            let number = value.to_f64().unwrap_or_default();
            write_number(sheet, row, col, number, format)?;
        }
        (ExportCell::Integer(value), format) => write_number(sheet, row, col, value as f64, format)?,
        (ExportCell::Date(date), format) => write_number(sheet, row, col, excel_serial(date), format)?,
    }
    Ok(())
}

fn write_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    number: f64,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match format {
        Some(format) => sheet.write_number_with_format(row, col, number, format)?,
        None => sheet.write_number(row, col, number)?,
    };
    Ok(())
}

/// A name spreadsheets accept: at most 31 characters, none of `[]:*?/\`, not empty.
fn sheet_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).take(31).collect::<String>();
    let cleaned = cleaned.trim_matches('\'').trim().to_string();
    if cleaned.is_empty() { "Sheet1".to_string() } else { cleaned }
}

/// Refuses a target that cannot be an .xlsx file before any work is done.
pub(crate) fn check_target(target: &Path) -> Result<(), ExportError> {
    if target.is_dir() {
        return Err(ExportError::IsFolder(target.to_path_buf()));
    }
    let is_xlsx = target.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(ExportError::NotXlsx(target.to_path_buf()));
    }
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(ExportError::NoFolder { path: target.to_path_buf(), folder: folder.to_path_buf() });
    }
    Ok(())
}

/// A hidden name in the target's folder, so the final rename stays on one disk.
fn temporary_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

fn io_error(target: &Path, error: &io::Error) -> ExportError {
    match error.kind() {
        io::ErrorKind::NotFound => {
            let folder = target.parent().unwrap_or(Path::new(".")).to_path_buf();
            ExportError::NoFolder { path: target.to_path_buf(), folder }
        }
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            ExportError::Denied(target.to_path_buf())
        }
        // Windows' sharing and lock violations: the file is open in Excel.
        _ if cfg!(windows) && matches!(error.raw_os_error(), Some(32 | 33)) => {
            ExportError::Denied(target.to_path_buf())
        }
        _ => ExportError::Io { path: target.to_path_buf(), reason: error.to_string() },
    }
}

#[cfg(test)]
mod tests;
