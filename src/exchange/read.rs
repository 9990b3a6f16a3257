//! Reading a spreadsheet for an import: opens .xlsx/.xlsm/.xlsb/.xls/.ods/.csv, finds the header
//! row and streams the data rows under it with limits, so a huge or broken file ends in a
//! sentence for the clerk instead of a crash or an exhausted memory.

mod cell;
mod csv_rows;
mod encoding;
mod grid;
mod number_format;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use calamine::{Ods, Reader, SheetType, Xls, XlsOptions, Xlsb, Xlsx};

pub use cell::CellValue;
use csv_rows::CsvRows;
pub use encoding::TextEncoding;
use grid::{Assembler, CellStream, from_data_ref, range_cells};
use number_format::DigitPattern;

/// How many non-empty rows at the top of a sheet are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

/// The file formats an import accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

/// The file name endings an import reads, for a file dialog's filter.
pub const EXTENSIONS: [&str; 8] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

impl Format {
    /// The format a file name promises; `None` for names no import reads.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" => Format::Xlsx,
            "xlsm" => Format::Xlsm,
            "xlsb" => Format::Xlsb,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
            "csv" | "tsv" | "txt" => Format::Csv,
            _ => return None,
        })
    }

    /// The extension as the clerk knows it, for messages.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => ".xlsx",
            Format::Xlsm => ".xlsm",
            Format::Xlsb => ".xlsb",
            Format::Xls => ".xls",
            Format::Ods => ".ods",
            Format::Csv => ".csv",
        }
    }
}

/// Why a spreadsheet could not be read, as a sentence for the clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("could not read {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{path} is not a spreadsheet ({reason})")]
    NotSpreadsheet { path: String, reason: String },
    #[error(
        "{path} is damaged or truncated: {}; open it in the program that made it and save it again, or ask for a fresh copy",
        plain_detail(detail)
    )]
    Damaged { path: String, detail: String },
    #[error("{path} is password-protected; open it with its password, save a copy without one and import that copy")]
    Password { path: String },
    #[error(
        "row {row} of {path} is not {encoding} text; choose the file's encoding and read it again, or in Excel save it as \"CSV UTF-8\" and import that file"
    )]
    NotDecodable { path: String, row: usize, encoding: String },
    #[error(
        "{path} holds a sheet Clientele cannot read (an Excel 4.0 macro sheet or an international macro sheet); in Excel, copy the sheet with the data to a new workbook, save it as .xlsx and import that file"
    )]
    UnsupportedSheet { path: String },
    #[error(
        "{path} is an old Excel file written in a character set Clientele cannot read (code page {codepage}); open it in Excel and save it as .xlsx"
    )]
    UnknownCodepage { path: String, codepage: u16 },
    #[error(
        "sheet \"{sheet}\" of {path} has a cell showing Excel's error {error}, which Clientele cannot read; fix the formula or clear the cell, save the file and try again"
    )]
    UnknownCellError { path: String, sheet: String, error: String },
    #[error("the workbook has no sheet named \"{name}\"")]
    SheetNotFound { name: String },
    #[error("sheet \"{name}\" is empty; choose the sheet that holds the table, or put the table on this one")]
    EmptySheet { name: String },
    #[error(
        "sheet \"{name}\" has no header row in its first {HEADER_SEARCH_ROWS} rows: put the column names in one row above the data"
    )]
    NoHeader { name: String },
    #[error(
        "row {row} of sheet \"{sheet}\" in {path} has values beyond column {} (more than {} columns); delete the columns right of the table, save the file and try again",
        column_name(max.saturating_sub(1)),
        grouped(*max)
    )]
    TooManyColumns { path: String, sheet: String, row: usize, max: usize },
    #[error("sheet \"{name}\" has more than {} rows; split the file", grouped(*max))]
    TooManyRows { name: String, max: usize },
    #[error("cell {cell} has more than {} characters", grouped(*max))]
    CellTooLong { cell: String, max: usize },
}

/// Bounds on what one sheet may hold, so a runaway file is refused rather than read forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Counted as the sheet numbers rows, the header and any title block included.
    pub max_rows: usize,
    pub max_columns: usize,
    /// Excel's own limit on a cell is 32,767 characters.
    pub max_cell_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // Excel's own last row: whatever a sheet can hold (a million customers and their
        // header, say) is read; a longer CSV is refused.
        Limits { max_rows: 1_048_576, max_columns: 256, max_cell_chars: 32_767 }
    }
}

/// The row holding the column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// 1-based, as the spreadsheet shows it.
    pub row: usize,
    /// Trimmed; a blank (or merged-away) header cell is "".
    pub names: Vec<String>,
}

/// Where a sheet's header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeaderRow {
    /// The first mostly-text row with two or more values among the first 30 (after any title).
    #[default]
    Detect,
    /// This 1-based row; rows above it are skipped.
    At(usize),
    /// No header: every row is data and `Header::names` is empty.
    None,
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based, as the spreadsheet shows it.
    pub number: usize,
    /// Aligned with the header's columns, padded with `Empty`; longer when the row holds
    /// values right of the last header.
    pub cells: Vec<CellValue>,
}

impl Row {
    /// Every cell as the text an import reads ([`CellValue::as_text`]).
    pub fn texts(&self) -> Vec<String> {
        self.cells.iter().map(CellValue::as_text).collect()
    }
}

enum Book {
    Xlsx(Xlsx<BufReader<File>>),
    Xlsb(Xlsb<BufReader<File>>),
    Xls(Xls<BufReader<File>>),
    Ods(Ods<BufReader<File>>),
    /// `encoding` is the clerk's choice; `None` lets the file's first bytes decide.
    Csv {
        sheet: String,
        encoding: Option<TextEncoding>,
    },
}

/// How to read a file, where the clerk has a say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// The encoding of a CSV or text file; `None` detects it. Workbooks carry their own.
    pub encoding: Option<TextEncoding>,
}

/// An open spreadsheet file.
pub struct Workbook {
    path: PathBuf,
    format: Format,
    book: Book,
}

/// What the first bytes say the file really is, whatever its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Zip,
    Ole,
    Text,
    Unknown,
}

impl Workbook {
    /// Opens a file, trusting its first bytes over its name where the two disagree on a
    /// workbook (a .xls that is really .xlsx is common), and refusing text dressed as one.
    pub fn open(path: &Path) -> Result<Workbook, ReadError> {
        Workbook::open_with(path, ReadOptions::default())
    }

    /// Opens a file as [`Workbook::open`] does, a text file in the encoding `options` names.
    pub fn open_with(path: &Path, options: ReadOptions) -> Result<Workbook, ReadError> {
        let shown = path.display().to_string();
        let not_sheet = |reason: &str| ReadError::NotSpreadsheet { path: shown.clone(), reason: reason.to_string() };
        let Some(named) = Format::from_path(path) else {
            return Err(not_sheet("Clientele reads .xlsx, .xlsm, .xlsb, .xls, .ods and .csv files"));
        };
        let mut magic = Vec::with_capacity(8);
        File::open(path)
            .and_then(|f| f.take(8).read_to_end(&mut magic))
            .map_err(|e| ReadError::Io { path: shown.clone(), reason: e.to_string() })?;
        if magic.is_empty() {
            return Err(not_sheet("the file is empty"));
        }
        let content = if magic.starts_with(b"PK") {
            Content::Zip
        } else if magic.starts_with(b"\xD0\xCF\x11\xE0") {
            Content::Ole
        } else if magic.iter().all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r')) {
            Content::Text
        } else {
            Content::Unknown
        };
        let format = match (named, content) {
            (Format::Csv, Content::Text | Content::Unknown) => Format::Csv,
            (_, Content::Unknown) => {
                return Err(not_sheet(&format!("its contents are not those of a {} file", named.extension())));
            }
            (Format::Csv, _) => {
                return Err(not_sheet("it is an Excel workbook with a .csv name; rename it to .xlsx and try again"));
            }
            (_, Content::Text) if magic.trim_ascii_start().starts_with(b"<") => {
                return Err(not_sheet(
                    "it holds a web page or XML, not a workbook; open it in Excel and save it as .xlsx",
                ));
            }
            (_, Content::Text) => {
                return Err(not_sheet(&format!(
                    "it holds plain text, not a {} workbook; if it is a CSV export, rename it to .csv",
                    named.extension()
                )));
            }
            (Format::Xlsx | Format::Xlsm | Format::Xlsb | Format::Ods, Content::Zip) => named,
            (Format::Xls, Content::Zip) => Format::Xlsx,
            // An encrypted .xlsx is an OLE container too; the xlsx opener recognises that.
            (Format::Xlsx | Format::Xlsm | Format::Xlsb, Content::Ole) => {
                open_calamine::<Xlsx<_>, _>(path, xlsx_error)?;
                Format::Xls
            }
            (_, Content::Ole) => Format::Xls,
        };
        let book = match format {
            Format::Xlsx | Format::Xlsm => Book::Xlsx(open_calamine(path, xlsx_error)?),
            Format::Xlsb => Book::Xlsb(open_calamine(path, xlsb_error)?),
            Format::Xls => Book::Xls(open_xls(path)?),
            Format::Ods => Book::Ods(open_calamine(path, ods_error)?),
            Format::Csv => Book::Csv {
                sheet: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Sheet1".to_string()),
                encoding: options.encoding,
            },
        };
        Ok(Workbook { path: path.to_path_buf(), format, book })
    }

    /// The format actually read (a .xls that held an .xlsx reports `Xlsx`).
    pub fn format(&self) -> Format {
        self.format
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The worksheets in workbook order; chart and macro sheets hold no rows and are left out.
    /// A CSV file has one sheet named after the file.
    pub fn sheet_names(&self) -> Vec<String> {
        fn worksheets<R: Reader<BufReader<File>>>(r: &R) -> Vec<String> {
            r.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect()
        }
        match &self.book {
            Book::Xlsx(r) => worksheets(r),
            Book::Xlsb(r) => worksheets(r),
            Book::Xls(r) => worksheets(r),
            Book::Ods(r) => worksheets(r),
            Book::Csv { sheet, .. } => vec![sheet.clone()],
        }
    }

    /// Opens a sheet and finds its header row. xlsx, xlsm and xlsb are streamed; xls and ods
    /// sheets are loaded whole because calamine cannot stream them (those formats are small:
    /// .xls stops at 65,536 rows).
    pub fn sheet(&mut self, name: &str, limits: Limits) -> Result<SheetReader<'_>, ReadError> {
        self.sheet_with(name, limits, HeaderRow::Detect)
    }

    /// Opens a sheet whose header row the clerk has named, or which has none.
    pub fn sheet_with(
        &mut self,
        name: &str,
        limits: Limits,
        header_row: HeaderRow,
    ) -> Result<SheetReader<'_>, ReadError> {
        if !self.sheet_names().iter().any(|n| n == name) {
            return Err(ReadError::SheetNotFound { name: name.to_string() });
        }
        let shown = self.path.display().to_string();
        // The last row the sheet says it has (1-based), when it says so.
        let mut last_row: Option<u64> = None;
        let source = match &mut self.book {
            Book::Csv { encoding, .. } => Source::Csv(Box::new(CsvRows::open(&self.path, *encoding)?)),
            Book::Xlsx(book) => {
                let mut cells = guarded(&shown, xlsx_error, || book.worksheet_cells_reader(name))?;
                last_row = Some(u64::from(cells.dimensions().end.0) + 1);
                // The workbook's styles, by index, that show whole numbers zero-padded (04240).
                let patterns: Vec<Option<DigitPattern>> = cells
                    .styles()
                    .iter()
                    .map(|style| style.number_format.as_ref().and_then(|f| DigitPattern::parse(&f.format_code)))
                    .collect();
                let (path, sheet) = (shown.clone(), name.to_string());
                let stream: CellStream<'_> = if patterns.iter().all(Option::is_none) {
                    Box::new(move || {
                        cells
                            .next_cell()
                            .map(|c| c.map(|c| (c.get_position().0, c.get_position().1, from_data_ref(c.get_value()))))
                            .map_err(|e| xlsx_cell_error(&path, &sheet, e))
                    })
                } else {
                    // The style index comes in the same pass over the sheet as the value.
                    Box::new(move || {
                        cells
                            .next_cell_with_style_id()
                            .map(|c| {
                                c.map(|(c, style)| {
                                    let (row, col) = c.get_position();
                                    let value = from_data_ref(c.get_value());
                                    (row, col, formatted(value, patterns.get(style).and_then(Option::as_ref)))
                                })
                            })
                            .map_err(|e| xlsx_cell_error(&path, &sheet, e))
                    })
                };
                Source::Cells(Assembler::new(stream, limits.max_columns, shown.clone(), name.to_string()))
            }
            Book::Xlsb(book) => {
                let mut cells = guarded(&shown, xlsb_error, || book.worksheet_cells_reader(name))?;
                let path = shown.clone();
                last_row = Some(u64::from(cells.dimensions().end.0) + 1);
                let stream: CellStream<'_> = Box::new(move || {
                    cells
                        .next_cell()
                        .map(|c| c.map(|c| (c.get_position().0, c.get_position().1, from_data_ref(c.get_value()))))
                        .map_err(|e| damaged(&path, e))
                });
                Source::Cells(Assembler::new(stream, limits.max_columns, shown.clone(), name.to_string()))
            }
            Book::Xls(book) => {
                let range = guarded(&shown, xls_error, || book.worksheet_range(name))?;
                last_row = range.end().map(|(row, _)| u64::from(row) + 1);
                Source::Cells(Assembler::new(range_cells(range), limits.max_columns, shown.clone(), name.to_string()))
            }
            Book::Ods(book) => {
                let range = guarded(&shown, ods_error, || book.worksheet_range(name))?;
                last_row = range.end().map(|(row, _)| u64::from(row) + 1);
                Source::Cells(Assembler::new(range_cells(range), limits.max_columns, shown.clone(), name.to_string()))
            }
        };
        let mut reader = SheetReader::start(source, shown, name.to_string(), limits, header_row)?;
        reader.last_row = last_row;
        Ok(reader)
    }

    /// The worksheets that hold data: a table (see [`Workbook::default_sheet`]) with at least
    /// one row under its header. Each sheet is read only as far as its first data row (xls and
    /// ods sheets are loaded whole, as they always are); a sheet that cannot be read is left out.
    pub fn sheets_with_data(&mut self) -> Vec<String> {
        self.sheet_names().into_iter().filter(|name| self.table(name) == Some(true)).collect()
    }

    /// The sheet an import reads when the clerk names none: the first that holds a table (a
    /// header of two or more column names), so a "Read me" or cover page of prose in front of
    /// the data is passed over, while a template's header-only sheet still counts. The first
    /// sheet when none does (its reading then says what is wrong); `None` without worksheets.
    pub fn default_sheet(&mut self) -> Option<String> {
        let names = self.sheet_names();
        let first = names.first()?.clone();
        if names.len() == 1 {
            return Some(first);
        }
        Some(names.into_iter().find(|name| self.table(name).is_some()).unwrap_or(first))
    }

    /// Whether a sheet is a table (a header of two or more names) and then whether it has a
    /// data row; `None` when it is no table or cannot be read.
    fn table(&mut self, name: &str) -> Option<bool> {
        let mut reader = self.sheet(name, Limits::default()).ok()?;
        let named = reader.header().names.iter().filter(|n| !n.is_empty()).count();
        (named >= 2).then(|| matches!(reader.next_row(), Some(Ok(_))))
    }
}

enum Source<'a> {
    Cells(Assembler<'a>),
    /// Boxed: the csv reader and the decoder's buffers are large beside a cell stream.
    Csv(Box<CsvRows>),
}

/// Streams the data rows of one sheet, below its header.
pub struct SheetReader<'a> {
    source: Source<'a>,
    /// The file, as messages name it.
    path: String,
    sheet: String,
    limits: Limits,
    header: Header,
    /// Rows read while looking for the header that come after it.
    ahead: VecDeque<(usize, Vec<CellValue>)>,
    /// An error met while looking ahead for the header, due once the rows before it are out.
    pending_error: Option<ReadError>,
    rows_read: u64,
    finished: bool,
    /// The last row the sheet declares, for progress; None for CSV or when undeclared.
    last_row: Option<u64>,
}

impl<'a> SheetReader<'a> {
    fn start(
        source: Source<'a>,
        path: String,
        sheet: String,
        limits: Limits,
        header_row: HeaderRow,
    ) -> Result<Self, ReadError> {
        let mut reader = SheetReader {
            source,
            path,
            sheet,
            limits,
            header: Header { row: 0, names: Vec::new() },
            ahead: VecDeque::new(),
            pending_error: None,
            rows_read: 0,
            finished: false,
            last_row: None,
        };
        match header_row {
            HeaderRow::None => {}
            HeaderRow::Detect => reader.detect_header()?,
            HeaderRow::At(number) => reader.header_at(number)?,
        }
        Ok(reader)
    }

    /// About how many data rows the sheet holds, from the size it declares, for a progress bar:
    /// blank rows are counted and a file may declare wrongly, so it is an estimate. None when
    /// unknown (CSV, or a sheet that declares no size).
    pub fn expected_rows(&self) -> Option<u64> {
        self.last_row.filter(|&last| last > 1).map(|last| last.saturating_sub(self.header.row as u64))
    }

    /// Looks through the first rows for the header. A limit broken further down is reported
    /// in its turn, after the rows before it, so the clerk hears of the first problem first.
    fn detect_header(&mut self) -> Result<(), ReadError> {
        let mut top = Vec::new();
        while top.len() < HEADER_SEARCH_ROWS {
            match self.next_vetted() {
                Some(Ok(row)) => top.push(row),
                Some(Err(e)) => {
                    self.pending_error = Some(e);
                    break;
                }
                None => break,
            }
        }
        let at = find_header(&top);
        match (at, self.pending_error.take()) {
            (Some(at), pending) => {
                self.pending_error = pending;
                let mut rows = top.into_iter().skip(at);
                if let Some((row, cells)) = rows.next() {
                    self.set_header(row, &cells);
                }
                self.ahead = rows.collect();
                Ok(())
            }
            (None, Some(e)) => Err(e),
            (None, None) if top.is_empty() => Err(ReadError::EmptySheet { name: self.sheet.clone() }),
            (None, None) => Err(ReadError::NoHeader { name: self.sheet.clone() }),
        }
    }

    /// The header is where the clerk says it is; a blank row there means unnamed columns.
    fn header_at(&mut self, number: usize) -> Result<(), ReadError> {
        let mut any = false;
        while let Some(row) = self.next_vetted() {
            let (row, cells) = row?;
            any = true;
            if row < number {
                continue;
            }
            if row == number {
                self.set_header(row, &cells);
            } else {
                self.header.row = number;
                self.ahead.push_back((row, cells));
            }
            return Ok(());
        }
        if any {
            self.header.row = number;
            Ok(())
        } else {
            Err(ReadError::EmptySheet { name: self.sheet.clone() })
        }
    }

    fn set_header(&mut self, row: usize, cells: &[CellValue]) {
        self.header = Header { row, names: cells.iter().map(CellValue::as_text).collect() };
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn sheet_name(&self) -> &str {
        &self.sheet
    }

    /// The encoding a CSV or text file is read in (detected, or the one asked for); `None` for
    /// workbooks, which carry their own.
    pub fn text_encoding(&self) -> Option<TextEncoding> {
        match &self.source {
            Source::Csv(csv) => Some(csv.encoding()),
            Source::Cells(_) => None,
        }
    }

    /// The separator a CSV file turned out to use; `None` for workbooks.
    pub fn csv_delimiter(&self) -> Option<char> {
        match &self.source {
            Source::Csv(csv) => Some(char::from(csv.delimiter())),
            Source::Cells(_) => None,
        }
    }

    /// The next data row; rows with nothing in them are skipped. After an error the reader
    /// is finished.
    pub fn next_row(&mut self) -> Option<Result<Row, ReadError>> {
        let (number, mut cells) = match self.ahead.pop_front() {
            Some(row) => row,
            None if self.pending_error.is_some() => return self.pending_error.take().map(Err),
            None => match self.next_vetted()? {
                Ok(row) => row,
                Err(e) => return Some(Err(e)),
            },
        };
        if cells.len() < self.header.names.len() {
            cells.resize(self.header.names.len(), CellValue::Empty);
        }
        self.rows_read += 1;
        Some(Ok(Row { number, cells }))
    }

    /// Data rows handed out so far, for a progress bar.
    pub fn rows_read(&self) -> u64 {
        self.rows_read
    }

    /// The next non-empty row with trailing empty cells dropped, checked against the limits.
    fn next_vetted(&mut self) -> Option<Result<(usize, Vec<CellValue>), ReadError>> {
        if self.finished {
            return None;
        }
        let result = loop {
            let next = match &mut self.source {
                Source::Cells(cells) => cells.next_row(),
                Source::Csv(csv) => csv.next_row(),
            };
            match next {
                None => {
                    self.finished = true;
                    return None;
                }
                Some(Err(e)) => break Err(e),
                Some(Ok((number, mut cells))) => {
                    while cells.last().is_some_and(CellValue::is_empty) {
                        cells.pop();
                    }
                    if !cells.is_empty() {
                        break self.vet(number, cells);
                    }
                }
            }
        };
        if result.is_err() {
            self.finished = true;
        }
        Some(result)
    }

    fn vet(&self, number: usize, cells: Vec<CellValue>) -> Result<(usize, Vec<CellValue>), ReadError> {
        let limits = &self.limits;
        if number > limits.max_rows {
            return Err(ReadError::TooManyRows { name: self.sheet.clone(), max: limits.max_rows });
        }
        if cells.len() > limits.max_columns {
            return Err(ReadError::TooManyColumns {
                path: self.path.clone(),
                sheet: self.sheet.clone(),
                row: number,
                max: limits.max_columns,
            });
        }
        for (col, cell) in cells.iter().enumerate() {
            if let CellValue::Text(s) = cell
                && s.len() > limits.max_cell_chars
                && s.chars().count() > limits.max_cell_chars
            {
                return Err(ReadError::CellTooLong {
                    cell: format!("{}{number}", column_name(col)),
                    max: limits.max_cell_chars,
                });
            }
        }
        Ok((number, cells))
    }
}

/// A number as its zero-padded format shows it, when it has one and is a whole number.
fn formatted(value: CellValue, pattern: Option<&DigitPattern>) -> CellValue {
    match (value, pattern) {
        (CellValue::Number(n), Some(pattern)) => match pattern.render(n) {
            Some(shown) => CellValue::Formatted { value: n, shown },
            None => CellValue::Number(n),
        },
        (value, _) => value,
    }
}

/// The first row with at least two values, mostly text (a title such as "Customer list 2026"
/// above the table has one); failing that, a row of text alone heads a one-column list.
fn find_header(rows: &[(usize, Vec<CellValue>)]) -> Option<usize> {
    let counts = |cells: &[CellValue]| {
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        let text = cells.iter().filter(|c| matches!(c, CellValue::Text(s) if !s.trim().is_empty())).count();
        (filled, text)
    };
    rows.iter()
        .position(|(_, cells)| {
            let (filled, text) = counts(cells);
            filled >= 2 && text * 2 > filled
        })
        .or_else(|| {
            rows.iter().position(|(_, cells)| {
                let (filled, text) = counts(cells);
                filled >= 1 && text == filled
            })
        })
}

/// Spreadsheet column letters: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

/// 1000000 -> "1,000,000", the way the limits are written for people.
fn grouped(n: usize) -> String {
    crate::domain::text::thousands(n as u64)
}

/// Runs a calamine call, turning its errors into sentences and its panics (malformed files have
/// triggered some) into a damage report rather than a crash.
fn guarded<T, E>(
    path: &str,
    describe: fn(&str, E) -> ReadError,
    call: impl FnOnce() -> Result<T, E>,
) -> Result<T, ReadError> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(describe(path, e)),
        Err(_) => {
            Err(ReadError::Damaged { path: path.to_string(), detail: "its structure could not be decoded".to_string() })
        }
    }
}

fn open_calamine<R, E>(path: &Path, describe: fn(&str, E) -> ReadError) -> Result<R, ReadError>
where
    R: Reader<BufReader<File>, Error = E>,
{
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| ReadError::Io { path: shown.clone(), reason: e.to_string() })?;
    guarded(&shown, describe, || R::new(BufReader::new(file)))
}

/// calamine's description of damage without the names of its own layers ("Cfb error: Xml
/// error: ..."), which mean nothing to a clerk.
fn plain_detail(detail: &str) -> &str {
    const LAYERS: [&str; 7] =
        ["Cfb error: ", "Xml error: ", "Zip error: ", "I/O error: ", "Vba error: ", "Xls error: ", "Xlsx error: "];
    let mut text = detail;
    while let Some(rest) = LAYERS.iter().find_map(|layer| text.strip_prefix(layer)) {
        text = rest;
    }
    text
}

fn damaged(path: &str, detail: impl std::fmt::Display) -> ReadError {
    ReadError::Damaged { path: path.to_string(), detail: detail.to_string() }
}

fn io(path: &str, e: std::io::Error) -> ReadError {
    ReadError::Io { path: path.to_string(), reason: e.to_string() }
}

fn xlsx_error(path: &str, e: calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::Password => ReadError::Password { path: path.to_string() },
        // A relationship calamine has no sheet type for: Excel 4.0 macro sheets (xlMacrosheet,
        // xlIntlMacrosheet) are the ones Excel writes. calamine refuses the whole workbook.
        calamine::XlsxError::Unrecognized { typ: "sheet:type", .. } => {
            ReadError::UnsupportedSheet { path: path.to_string() }
        }
        calamine::XlsxError::Io(e) => io(path, e),
        other => damaged(path, other),
    }
}

/// An error met in the middle of an .xlsx sheet. calamine knows Excel's classic error values
/// only and stops the sheet at a newer one (#SPILL!, #CALC!, ...), which is no damage.
fn xlsx_cell_error(path: &str, sheet: &str, e: calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::CellError(error) => {
            ReadError::UnknownCellError { path: path.to_string(), sheet: sheet.to_string(), error }
        }
        other => xlsx_error(path, other),
    }
}

fn xlsb_error(path: &str, e: calamine::XlsbError) -> ReadError {
    match e {
        calamine::XlsbError::Password => ReadError::Password { path: path.to_string() },
        calamine::XlsbError::Io(e) => io(path, e),
        other => damaged(path, other),
    }
}

fn xls_error(path: &str, e: calamine::XlsError) -> ReadError {
    match e {
        calamine::XlsError::Password => ReadError::Password { path: path.to_string() },
        calamine::XlsError::Io(e) => io(path, e),
        other => match unknown_codepage(&other) {
            Some(codepage) => ReadError::UnknownCodepage { path: path.to_string(), codepage },
            None => damaged(path, other),
        },
    }
}

/// The code page an .xls names that calamine has no decoder for. calamine's CFB error type is
/// private, so its message ("Codepage 8001 not found", the number in hex) is what can be read.
fn unknown_codepage(e: &calamine::XlsError) -> Option<u16> {
    let calamine::XlsError::Cfb(cfb) = e else { return None };
    let text = cfb.to_string();
    let hex = text.strip_prefix("Codepage ")?.strip_suffix(" not found")?;
    u16::from_str_radix(hex, 16).ok()
}

/// The decoder for the code pages MS-XLS defines that the codepage table lacks: 32768 is Mac
/// Roman and 32769 is "ANSI Latin I" as BIFF2-BIFF4 files write Windows-1252.
fn codepage_stand_in(codepage: u16) -> Option<u16> {
    match codepage {
        32768 => Some(10000),
        32769 => Some(1252),
        _ => None,
    }
}

/// Opens an .xls. A file written in a code page calamine does not know by that number but
/// MS-XLS defines is read again in the same code page under its Windows number. Password
/// protection is named whatever its kind: RC4 (calamine's own check), the old XOR obfuscation
/// (which calamine takes for records and reads as garbage), and an encrypted workbook of a newer
/// Excel saved under an .xls name.
fn open_xls(path: &Path) -> Result<Xls<BufReader<File>>, ReadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| io(&shown, e))?;
    if xls_file_pass(&bytes) {
        return Err(ReadError::Password { path: shown });
    }
    let open = |force_codepage: Option<u16>| {
        let mut options = XlsOptions::default();
        options.force_codepage = force_codepage;
        let reader = BufReader::new(File::open(path).map_err(|e| io(&shown, e))?);
        match catch_unwind(AssertUnwindSafe(|| Xls::new_with_options(reader, options))) {
            Ok(result) => Ok(result),
            Err(_) => Err(damaged(&shown, "its structure could not be decoded")),
        }
    };
    let error = match open(None)? {
        Ok(book) => return Ok(book),
        Err(error) => error,
    };
    if let Some(codepage) = unknown_codepage(&error).and_then(codepage_stand_in)
        && let Ok(book) = open(Some(codepage))?
    {
        return Ok(book);
    }
    let reported = xls_error(&shown, error);
    if matches!(reported, ReadError::Damaged { .. })
        && let Err(ReadError::Password { path }) = open_calamine::<Xlsx<_>, _>(path, xlsx_error)
    {
        return Err(ReadError::Password { path });
    }
    Err(reported)
}

/// Whether an .xls's workbook stream opens with a FilePass record: BIFF8's BOF record for the
/// workbook globals (type 0x0809, 16 bytes, version 0x0600, kind 0x0005) directly followed by
/// FilePass (0x002F), which MS-XLS requires to come right after it in a protected file.
fn xls_file_pass(bytes: &[u8]) -> bool {
    const BOF: [u8; 8] = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00];
    bytes.windows(BOF.len()).enumerate().filter(|(_, w)| *w == BOF).any(|(at, _)| {
        let next = at + 4 + 16;
        bytes.get(next..next + 2) == Some(&[0x2F, 0x00])
    })
}

fn ods_error(path: &str, e: calamine::OdsError) -> ReadError {
    match e {
        calamine::OdsError::Password => ReadError::Password { path: path.to_string() },
        calamine::OdsError::Io(e) => io(path, e),
        // calamine writes this one as a debug dump.
        calamine::OdsError::Zip(_) => damaged(path, "its zip container could not be read"),
        other => damaged(path, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_a_dialog_offers_is_read() {
        for ext in EXTENSIONS {
            assert!(Format::from_path(Path::new(&format!("file.{ext}"))).is_some(), "{ext}");
        }
    }

    #[test]
    fn column_names_and_grouping() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(grouped(32_767), "32,767");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(256), "256");
    }

    #[test]
    fn header_skips_a_title_block() {
        let t = |s: &str| CellValue::Text(s.to_string());
        let rows = vec![
            (1, vec![t("Customer list 2026")]),
            (3, vec![t("Name"), t("Tax ID"), CellValue::Empty, t("City")]),
            (4, vec![t("Acme"), t("00123"), CellValue::Number(1.0)]),
        ];
        assert_eq!(find_header(&rows), Some(1));
        let numbers = vec![(1, vec![CellValue::Number(1.0), CellValue::Number(2.0)])];
        assert_eq!(find_header(&numbers), None);
        let single = vec![(1, vec![t("Name")]), (2, vec![t("Acme")])];
        assert_eq!(find_header(&single), Some(0));
    }

    #[test]
    fn a_file_pass_record_after_the_workbook_bof_is_password_protection() {
        let mut stream = vec![0u8; 100];
        stream.extend([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]);
        stream.extend([0u8; 12]);
        let plain = [stream.clone(), vec![0x42, 0x00, 0x02, 0x00, 0xB5, 0x04]].concat();
        assert!(!xls_file_pass(&plain));
        let xor = [stream.clone(), vec![0x2F, 0x00, 0x06, 0x00, 0x00, 0x00]].concat();
        assert!(xls_file_pass(&xor));
        assert!(!xls_file_pass(&stream), "cut short");
        assert_eq!(codepage_stand_in(32769), Some(1252));
        assert_eq!(codepage_stand_in(32768), Some(10000));
        assert_eq!(codepage_stand_in(1), None);
    }

    #[test]
    fn errors_read_as_sentences() {
        let e = ReadError::CellTooLong { cell: "B7".into(), max: 32_767 };
        assert_eq!(e.to_string(), "cell B7 has more than 32,767 characters");
        let e =
            ReadError::Damaged { path: "a.xls".into(), detail: "Cfb error: Sector 9 points past end of file".into() };
        assert_eq!(
            e.to_string(),
            "a.xls is damaged or truncated: Sector 9 points past end of file; open it in the program that made it and save it again, or ask for a fresh copy"
        );
        let e = ReadError::UnknownCodepage { path: "old.xls".into(), codepage: 1 };
        assert_eq!(
            e.to_string(),
            "old.xls is an old Excel file written in a character set Clientele cannot read (code page 1); open it in Excel and save it as .xlsx"
        );
        let e = ReadError::TooManyRows { name: "Sheet1".into(), max: 1_000_000 };
        assert_eq!(e.to_string(), "sheet \"Sheet1\" has more than 1,000,000 rows; split the file");
    }
}
