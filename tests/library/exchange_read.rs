//! The spreadsheet reader imports use: generated workbooks and CSV files, bad input, and the
//! corpus of real and broken files in ../shared/corpus/spreadsheets.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clientele::domain::import::excel_error;
use clientele::exchange::read::{
    CellValue, Format, HeaderRow, Limits, ReadError, ReadOptions, Row, TextEncoding, Workbook,
};
use encoding_rs::{EUC_KR, GB18030, SHIFT_JIS, WINDOWS_1252};
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Formula, Workbook as XWorkbook};
use tempfile::TempDir;

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every row of the first sheet, or the first error met on the way.
fn read_all(path: &Path, limits: Limits) -> Result<(usize, Vec<String>, Vec<Row>), ReadError> {
    let mut book = Workbook::open(path)?;
    let name = book.sheet_names()[0].clone();
    let mut sheet = book.sheet(&name, limits)?;
    let header = sheet.header().clone();
    let mut rows = Vec::new();
    while let Some(row) = sheet.next_row() {
        rows.push(row?);
    }
    assert_eq!(sheet.rows_read(), rows.len() as u64);
    Ok((header.row, header.names, rows))
}

fn customers_xlsx(dir: &Path) -> PathBuf {
    let path = dir.join("customers.xlsx");
    let mut book = XWorkbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Customers").unwrap();
    let date = XFormat::new().set_num_format("yyyy-mm-dd");
    let stamp = XFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    ws.write_string(0, 0, "Customer list 2026").unwrap();
    for (col, name) in ["Name", " Tax ID ", "Since", "Balance", "Rate", "Total", "", "City"].iter().enumerate() {
        if !name.is_empty() {
            ws.write_string(2, col as u16, *name).unwrap();
        }
    }
    ws.write_string(3, 0, "  Acme Ltd  ").unwrap();
    ws.write_string(3, 1, "00123").unwrap();
    ws.write_datetime_with_format(3, 2, ExcelDateTime::from_ymd(2026, 3, 1).unwrap(), &date).unwrap();
    ws.write_number(3, 3, 1234567.0).unwrap();
    ws.write_number(3, 4, 0.1).unwrap();
    ws.write_formula(3, 5, Formula::new("=D4*2").set_result("2469134")).unwrap();
    ws.write_string(3, 7, "Seoul").unwrap();
    // Row 5 is left blank on purpose; row 6 holds a date-time, an error and a stray blank.
    ws.write_string(5, 0, "Beta").unwrap();
    ws.write_string(5, 1, "00456").unwrap();
    let when = ExcelDateTime::from_ymd(2026, 3, 2).unwrap().and_hms(12, 30, 0).unwrap();
    ws.write_datetime_with_format(5, 2, when, &stamp).unwrap();
    ws.write_string(5, 3, "1,250.50").unwrap();
    ws.write_formula(5, 5, Formula::new("=NA()").set_result("#N/A")).unwrap();
    ws.write_string(5, 9, "   ").unwrap();
    // Formatted but empty cells below and to the right: trailing rows and columns to ignore.
    let bold = XFormat::new().set_bold();
    ws.write_blank(20, 0, &bold).unwrap();
    ws.write_blank(5, 12, &bold).unwrap();
    ws.write_string(30, 14, "  ").unwrap();
    book.save(&path).unwrap();
    path
}

#[test]
fn xlsx_title_block_header_and_cell_values() {
    let dir = TempDir::new().unwrap();
    let path = customers_xlsx(dir.path());
    let mut book = Workbook::open(&path).unwrap();
    assert_eq!(book.format(), Format::Xlsx);
    assert_eq!(book.sheet_names(), vec!["Customers".to_string()]);
    let mut sheet = book.sheet("Customers", Limits::default()).unwrap();
    assert_eq!(sheet.header().row, 3);
    assert_eq!(sheet.header().names, vec!["Name", "Tax ID", "Since", "Balance", "Rate", "Total", "", "City"]);

    let first = sheet.next_row().unwrap().unwrap();
    assert_eq!(first.number, 4);
    assert_eq!(
        first.cells,
        vec![
            text("  Acme Ltd  "),
            text("00123"),
            CellValue::Date(day(2026, 3, 1)),
            CellValue::Number(1234567.0),
            CellValue::Number(0.1),
            CellValue::Number(2469134.0),
            CellValue::Empty,
            text("Seoul"),
        ]
    );
    assert_eq!(first.cells[0].as_text(), "Acme Ltd");
    assert_eq!(first.cells[1].as_text(), "00123");
    assert_eq!(first.cells[2].as_text(), "2026-03-01");
    assert_eq!(first.cells[2].as_date(), Some(day(2026, 3, 1)));
    assert_eq!(first.cells[3].as_text(), "1234567");
    assert_eq!(first.cells[3].as_decimal(), Some(Decimal::new(1234567, 0)));
    assert_eq!(first.cells[4].as_text(), "0.1");
    assert_eq!(first.cells[4].as_decimal(), Some(Decimal::new(1, 1)));
    assert_eq!(first.cells[5].as_text(), "2469134");
    assert!(first.cells[6].is_empty());

    let second = sheet.next_row().unwrap().unwrap();
    assert_eq!(second.number, 6, "the blank row 5 is skipped");
    assert_eq!(second.cells.len(), 8, "padded to the header, trailing blanks dropped");
    let noon = day(2026, 3, 2).and_hms_opt(12, 30, 0).unwrap();
    assert_eq!(second.cells[2], CellValue::DateTime(noon));
    assert_eq!(second.cells[2].as_date(), Some(day(2026, 3, 2)));
    assert_eq!(second.cells[2].as_text(), "2026-03-02 12:30");
    assert_eq!(second.cells[3].as_decimal(), Some(Decimal::new(125050, 2)));
    assert_eq!(second.cells[4], CellValue::Empty);
    assert_eq!(second.cells[5], CellValue::Error("#N/A".to_string()));

    assert!(sheet.next_row().is_none(), "trailing formatted blanks are not data");
    assert_eq!(sheet.rows_read(), 2);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn csv_with_bom_semicolons_and_quotes() {
    let dir = TempDir::new().unwrap();
    let body = "\u{feff}Name;Tax ID;Note\r\n\"Acme; Ltd\";00123;\"two\nlines\"\r\n\r\nBeta;00456;\r\n";
    let path = write(dir.path(), "list.csv", body.as_bytes());
    let mut book = Workbook::open(&path).unwrap();
    assert_eq!(book.format(), Format::Csv);
    assert_eq!(book.sheet_names(), vec!["list".to_string()]);
    let mut sheet = book.sheet("list", Limits::default()).unwrap();
    assert_eq!(sheet.csv_delimiter(), Some(';'));
    assert_eq!(sheet.header().row, 1);
    assert_eq!(sheet.header().names, vec!["Name", "Tax ID", "Note"]);
    let row = sheet.next_row().unwrap().unwrap();
    assert_eq!(row.number, 2);
    assert_eq!(row.cells, vec![text("Acme; Ltd"), text("00123"), text("two\nlines")]);
    let row = sheet.next_row().unwrap().unwrap();
    assert_eq!(row.number, 4);
    assert_eq!(row.cells, vec![text("Beta"), text("00456"), CellValue::Empty]);
    assert!(sheet.next_row().is_none());
}

#[test]
fn csv_tab_delimited() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "tabs.csv", b"Name\tAmount\tCity\nAcme\t1,250.50\tSeoul, Korea\n");
    let (row, names, rows) = read_all(&path, Limits::default()).unwrap();
    assert_eq!(row, 1);
    assert_eq!(names, vec!["Name", "Amount", "City"]);
    assert_eq!(rows[0].cells[2], text("Seoul, Korea"));
    assert_eq!(rows[0].cells[1].as_decimal(), Some(Decimal::new(125050, 2)));
}

/// A text file as read: the encoding used, the header and the rows as text.
type TextRead = (TextEncoding, Vec<String>, Vec<Vec<String>>);

/// Every row of a text file read with `options`.
fn read_text(path: &Path, options: ReadOptions) -> Result<TextRead, ReadError> {
    let mut book = Workbook::open_with(path, options)?;
    let name = book.sheet_names()[0].clone();
    let mut sheet = book.sheet(&name, Limits::default())?;
    let encoding = sheet.text_encoding().expect("a text file has an encoding");
    let header = sheet.header().names.clone();
    let mut rows = Vec::new();
    while let Some(row) = sheet.next_row() {
        rows.push(row?.cells.iter().map(CellValue::as_text).collect());
    }
    Ok((encoding, header, rows))
}

/// Korean customers as a Korean Excel saves "CSV": CP949, commas, CRLF, no BOM.
const KOREAN_CSV: &str = "상호,대표자,사업자번호,주소\r\n(주)한빛상사,김철수,123-45-67890,서울특별시 강남구 테헤란로 1\r\n\
    대한물산,박영희,234-56-78901,부산광역시 해운대구 센텀로 22\r\n푸른들식품,이민준,345-67-89012,대구광역시 중구 동성로 3\r\n";

#[test]
fn csv_in_each_encoding_excel_saves_reads_whole() {
    let dir = TempDir::new().unwrap();
    let (cp949, _, bad) = EUC_KR.encode(KOREAN_CSV);
    assert!(!bad);
    let path = write(dir.path(), "korean.csv", &cp949);
    let (encoding, header, rows) = read_text(&path, ReadOptions::default()).unwrap();
    assert_eq!(encoding, TextEncoding::Korean);
    assert_eq!(encoding.label(), "Korean (CP949/EUC-KR)");
    assert_eq!(header, vec!["상호", "대표자", "사업자번호", "주소"]);
    assert_eq!(rows[0], vec!["(주)한빛상사", "김철수", "123-45-67890", "서울특별시 강남구 테헤란로 1"]);
    assert_eq!(rows[2][1], "이민준");

    // "Unicode text": UTF-16 LE with a BOM, tab-separated, named .txt.
    let unicode = "이름\t도시\r\n김철수\t서울\r\n\r\nMüller\tKöln\r\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(unicode.encode_utf16().flat_map(u16::to_le_bytes));
    let path = write(dir.path(), "unicode.txt", &le);
    let mut book = Workbook::open(&path).unwrap();
    let mut sheet = book.sheet("unicode", Limits::default()).unwrap();
    assert_eq!(sheet.text_encoding(), Some(TextEncoding::Utf16Le));
    assert_eq!(sheet.csv_delimiter(), Some('\t'), "the delimiter is found in the decoded text");
    assert_eq!(sheet.header().names, vec!["이름", "도시"]);
    let first = sheet.next_row().unwrap().unwrap();
    assert_eq!((first.number, first.cells[0].as_text()), (2, "김철수".to_string()));
    let second = sheet.next_row().unwrap().unwrap();
    assert_eq!(second.number, 4, "a blank line counts as a row, in the decoded text's line ends");
    assert_eq!(second.cells[1].as_text(), "Köln");

    let mut be = vec![0xFE, 0xFF];
    be.extend(unicode.encode_utf16().flat_map(u16::to_be_bytes));
    let path = write(dir.path(), "big-endian.txt", &be);
    let (encoding, header, rows) = read_text(&path, ReadOptions::default()).unwrap();
    assert_eq!((encoding, header[0].as_str(), rows[1][0].as_str()), (TextEncoding::Utf16Be, "이름", "Müller"));

    let japanese = "氏名,住所\r\n山田太郎,東京都千代田区丸の内一丁目\r\n佐藤花子,大阪府大阪市北区梅田二丁目\r\n鈴木一郎,愛知県名古屋市中村区名駅三丁目\r\n";
    let path = write(dir.path(), "japanese.csv", &SHIFT_JIS.encode(japanese).0);
    let (encoding, _, rows) = read_text(&path, ReadOptions::default()).unwrap();
    assert_eq!((encoding, rows[0][0].as_str()), (TextEncoding::Japanese, "山田太郎"));
    assert_eq!(encoding.label(), "Japanese (Shift_JIS)");

    let chinese = "客户名称,地址\r\n北京华贸有限公司,北京市朝阳区建国路八十八号\r\n上海东方贸易公司,上海市浦东新区世纪大道一百号\r\n广州南方食品厂,广州市天河区体育西路一号\r\n";
    let path = write(dir.path(), "chinese.csv", &GB18030.encode(chinese).0);
    let (encoding, _, rows) = read_text(&path, ReadOptions::default()).unwrap();
    assert_eq!((encoding, rows[1][0].as_str()), (TextEncoding::Chinese, "上海东方贸易公司"));

    let western = "Name,Company\r\nMüller,Café Zürich\r\nJosé García,Crème Brûlée SARL\r\n";
    let path = write(dir.path(), "western.csv", &WINDOWS_1252.encode(western).0);
    let (encoding, _, rows) = read_text(&path, ReadOptions::default()).unwrap();
    assert_eq!(encoding, TextEncoding::Western);
    assert_eq!(rows, vec![vec!["Müller", "Café Zürich"], vec!["José García", "Crème Brûlée SARL"]]);

    for (name, bytes) in [
        ("plain.csv", KOREAN_CSV.as_bytes().to_vec()),
        ("bom.csv", {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(KOREAN_CSV.as_bytes());
            b
        }),
    ] {
        let path = write(dir.path(), name, &bytes);
        let (encoding, header, rows) = read_text(&path, ReadOptions::default()).unwrap();
        assert_eq!(
            (encoding, header[0].as_str(), rows[0][1].as_str()),
            (TextEncoding::Utf8, "상호", "김철수"),
            "{name}"
        );
    }
}

#[test]
fn a_chosen_encoding_is_used_and_a_wrong_one_names_the_row() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "korean.csv", &EUC_KR.encode(KOREAN_CSV).0);
    let korean = ReadOptions { encoding: Some(TextEncoding::Korean) };
    let (encoding, _, rows) = read_text(&path, korean).unwrap();
    assert_eq!((encoding, rows[1][0].as_str()), (TextEncoding::Korean, "대한물산"));

    // The header is ASCII in both; the first Hangul is on row 2.
    let ascii_header = format!("Name,City\r\n{}", KOREAN_CSV.lines().nth(1).unwrap());
    let path = write(dir.path(), "mixed.csv", &EUC_KR.encode(&ascii_header).0);
    let utf8 = ReadOptions { encoding: Some(TextEncoding::Utf8) };
    let err = read_text(&path, utf8).unwrap_err();
    assert!(matches!(err, ReadError::NotDecodable { row: 2, .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("row 2 of "), "{message}");
    assert!(message.contains("is not UTF-8 text; choose the file's encoding"), "{message}");

    // Latin-1 bytes with no BOM are no longer refused: they read as Western text.
    let path = write(dir.path(), "latin.csv", b"Name,City\nJos\xe9,M\xfcnchen\n");
    let (_, _, rows) = read_text(&path, ReadOptions::default()).unwrap();
    assert_eq!(rows, vec![vec!["José", "München"]]);
}

#[test]
fn valid_utf8_stays_utf8_even_past_the_sample() {
    let dir = TempDir::new().unwrap();
    let mut csv = String::from("code,name\n");
    // 64 KiB of ASCII first, then Hangul: the sample is plain ASCII, the rest UTF-8.
    for i in 0..8_000 {
        csv.push_str(&format!("{i:06},Customer\n"));
    }
    csv.push_str("999999,김철수\n");
    let path = write(dir.path(), "long.csv", csv.as_bytes());
    let (encoding, _, rows) = read_text(&path, ReadOptions::default()).unwrap();
    assert_eq!(encoding, TextEncoding::Utf8);
    assert_eq!(rows.last().unwrap()[1], "김철수");
}

#[test]
fn csv_of_200000_rows_streams_to_the_end() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("big.csv");
    let mut out = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    writeln!(out, "code,name,amount").unwrap();
    for i in 0..200_000 {
        writeln!(out, "{i:06},Customer {i},{}.50", i % 977).unwrap();
    }
    drop(out);
    let mut book = Workbook::open(&path).unwrap();
    let mut sheet = book.sheet("big", Limits::default()).unwrap();
    let mut last = None;
    while let Some(row) = sheet.next_row() {
        last = Some(row.unwrap());
    }
    assert_eq!(sheet.rows_read(), 200_000);
    let last = last.unwrap();
    assert_eq!(last.number, 200_001);
    assert_eq!(last.cells[0], text("199999"));
}

#[test]
fn text_named_xlsx_is_not_a_spreadsheet() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "notes.xlsx", b"Name,City\nAcme,Seoul\n");
    let err = Workbook::open(&path).err().unwrap();
    assert!(matches!(err, ReadError::NotSpreadsheet { .. }), "{err:?}");
    assert!(err.to_string().contains("is not a spreadsheet ("), "{err}");
}

#[test]
fn truncated_xlsx_is_damaged() {
    let dir = TempDir::new().unwrap();
    let whole = fs::read(customers_xlsx(dir.path())).unwrap();
    let path = write(dir.path(), "cut.xlsx", &whole[..whole.len() / 2]);
    let err = read_all(&path, Limits::default()).unwrap_err();
    assert!(matches!(err, ReadError::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains("is damaged or truncated: "), "{err}");
}

#[test]
fn empty_file_is_refused() {
    let dir = TempDir::new().unwrap();
    for name in ["empty.xlsx", "empty.xls"] {
        let path = write(dir.path(), name, b"");
        let err = Workbook::open(&path).err().unwrap();
        assert!(err.to_string().contains("the file is empty"), "{err}");
    }
    let path = write(dir.path(), "empty.csv", b"");
    let err = Workbook::open(&path).err().unwrap();
    assert!(err.to_string().contains("the file is empty"), "{err}");
    let path = write(dir.path(), "blank.csv", b"\n ; \n\n");
    let err = read_all(&path, Limits::default()).unwrap_err();
    assert_eq!(err, ReadError::EmptySheet { name: "blank".into() });
}

#[test]
fn unknown_extension_and_missing_file() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "report.pdf", b"%PDF-1.4");
    assert!(matches!(Workbook::open(&path), Err(ReadError::NotSpreadsheet { .. })));
    let err = Workbook::open(&dir.path().join("gone.xlsx")).err().unwrap();
    assert!(matches!(err, ReadError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("gone.xlsx"), "{err}");
}

fn one_sheet(dir: &Path, name: &str, fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> PathBuf {
    let path = dir.join(name);
    let mut book = XWorkbook::new();
    fill(book.add_worksheet());
    book.save(&path).unwrap();
    path
}

#[test]
fn empty_sheet_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = one_sheet(dir.path(), "blank.xlsx", |_| {});
    let err = read_all(&path, Limits::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sheet \"Sheet1\" is empty; choose the sheet that holds the table, or put the table on this one"
    );
}

#[test]
fn header_only_sheet_has_no_rows() {
    let dir = TempDir::new().unwrap();
    let path = one_sheet(dir.path(), "header.xlsx", |ws| {
        ws.write_string(0, 0, "Name").unwrap();
        ws.write_string(0, 1, "City").unwrap();
    });
    let (row, names, rows) = read_all(&path, Limits::default()).unwrap();
    assert_eq!((row, names), (1, vec!["Name".to_string(), "City".to_string()]));
    assert!(rows.is_empty());
}

#[test]
fn column_xfd_is_refused_by_the_column_limit() {
    let dir = TempDir::new().unwrap();
    let path = one_sheet(dir.path(), "wide.xlsx", |ws| {
        ws.write_string(0, 0, "Name").unwrap();
        ws.write_string(0, 1, "City").unwrap();
        ws.write_string(1, 0, "Acme").unwrap();
        ws.write_string(1, 16_383, "far away").unwrap();
    });
    let err = read_all(&path, Limits::default()).unwrap_err();
    assert!(matches!(&err, ReadError::TooManyColumns { row: 2, max: 256, sheet, .. } if sheet == "Sheet1"), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("row 2 of sheet \"Sheet1\" in "), "{message}");
    assert!(message.contains("wide.xlsx has values beyond column IV (more than 256 columns)"), "{message}");
}

#[test]
fn long_cells_up_to_the_limit_are_read_whole() {
    let dir = TempDir::new().unwrap();
    let long = "x".repeat(32_767);
    let path = one_sheet(dir.path(), "long.xlsx", |ws| {
        ws.write_string(0, 0, "Name").unwrap();
        ws.write_string(0, 1, "Note").unwrap();
        ws.write_string(1, 0, "Acme").unwrap();
        ws.write_string(1, 1, &long).unwrap();
        ws.write_string(6, 1, "y".repeat(101)).unwrap();
    });
    let (_, _, rows) = read_all(&path, Limits::default()).unwrap();
    assert_eq!(rows[0].cells[1], CellValue::Text(long));
    let tight = Limits { max_cell_chars: 100, ..Limits::default() };
    let mut book = Workbook::open(&path).unwrap();
    let mut sheet = book.sheet("Sheet1", tight).unwrap();
    let err = sheet.next_row().unwrap().unwrap_err();
    assert_eq!(err.to_string(), "cell B2 has more than 100 characters");
    assert!(sheet.next_row().is_none(), "the reader stops at the first error");
    // Excel cannot hold a longer cell, but a CSV can.
    let csv = format!("Name,Note\nAcme,{}\n", "z".repeat(32_768));
    let path = write(dir.path(), "long.csv", csv.as_bytes());
    let err = read_all(&path, Limits::default()).unwrap_err();
    assert_eq!(err.to_string(), "cell B2 has more than 32,767 characters");
}

#[test]
fn row_limit_is_refused_with_a_sentence() {
    let dir = TempDir::new().unwrap();
    let mut csv = String::from("code,name\n");
    for i in 0..20 {
        csv.push_str(&format!("{i},n{i}\n"));
    }
    let path = write(dir.path(), "rows.csv", csv.as_bytes());
    let limits = Limits { max_rows: 10, ..Limits::default() };
    let mut book = Workbook::open(&path).unwrap();
    let mut sheet = book.sheet("rows", limits).unwrap();
    let mut results = Vec::new();
    while let Some(r) = sheet.next_row() {
        results.push(r);
    }
    assert_eq!(results.len(), 10, "nine rows then the error, then nothing");
    let err = results.pop().unwrap().unwrap_err();
    assert_eq!(err.to_string(), "sheet \"rows\" has more than 10 rows; split the file");
    assert!(results.iter().all(Result::is_ok));
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/spreadsheets");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: no corpus at {}", dir.display());
        None
    }
}

/// Reads every sheet of a file to the end, header rows as data; the rows per sheet.
fn read_every_sheet(path: &Path) -> Result<Vec<Vec<Row>>, ReadError> {
    read_every_sheet_with(path, HeaderRow::None)
}

fn read_every_sheet_with(path: &Path, header: HeaderRow) -> Result<Vec<Vec<Row>>, ReadError> {
    let mut book = Workbook::open(path)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let mut rows = Vec::new();
        match book.sheet_with(&name, Limits::default(), header) {
            Ok(mut sheet) => {
                while let Some(row) = sheet.next_row() {
                    match row {
                        Ok(row) => rows.push(row),
                        Err(ReadError::TooManyColumns { .. } | ReadError::TooManyRows { .. }) => break,
                        Err(e) => return Err(e),
                    }
                }
            }
            Err(ReadError::EmptySheet { .. } | ReadError::NoHeader { .. }) => {}
            Err(ReadError::TooManyColumns { .. } | ReadError::TooManyRows { .. }) => {}
            Err(e) => return Err(e),
        }
        sheets.push(rows);
    }
    Ok(sheets)
}

#[test]
fn every_corpus_file_reads_or_fails_with_a_sentence() {
    let Some(dir) = corpus() else { return };
    let mut seen = 0;
    let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name != "README.md" && !name.starts_with("LICENSE")
        })
        .collect();
    entries.sort();
    let mut unclear = Vec::new();
    for path in entries {
        seen += 1;
        for header in [HeaderRow::Detect, HeaderRow::None] {
            if let Err(e) = read_every_sheet_with(&path, header) {
                let message = e.to_string();
                eprintln!("{}: {message}", path.display());
                // A sentence, not a Rust debug dump or calamine's internal names.
                if message.is_empty() || ["{ ", "Cfb", "Unrecognized", "Codepage"].iter().any(|w| message.contains(w)) {
                    unclear.push(message);
                }
            }
        }
    }
    assert!(unclear.is_empty(), "{unclear:#?}");
    assert!(seen > 100, "only {seen} corpus files");
}

#[test]
fn corpus_dates_read_as_dates() {
    let Some(dir) = corpus() else { return };
    for name in ["date.xlsx", "date.xls", "date.ods", "date.xlsb", "date_1904.xlsx", "date_1904.xls"] {
        let sheets = read_every_sheet(&dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let dates: Vec<NaiveDate> = sheets
            .iter()
            .flatten()
            .flat_map(|r| r.cells.iter())
            .filter_map(|c| match c {
                CellValue::Date(d) => Some(*d),
                CellValue::DateTime(dt) => Some(dt.date()),
                _ => None,
            })
            .collect();
        assert!(!dates.is_empty(), "{name}: no dates");
        assert!(dates.iter().all(|d| (1899..2100).contains(&chrono::Datelike::year(d))), "{name}: {dates:?}");
    }
}

#[test]
fn corpus_protected_and_hostile_files_fail_cleanly() {
    let Some(dir) = corpus() else { return };
    for name in ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods", "issue_385.xls"] {
        let err = read_every_sheet(&dir.join(name)).err();
        assert!(matches!(err, Some(ReadError::Password { .. })), "{name}: {err:?}");
        assert!(err.unwrap().to_string().contains("password-protected"));
    }
    let err = read_every_sheet(&dir.join("too_small.xls")).err();
    assert!(matches!(err, Some(ReadError::NotSpreadsheet { .. })), "{err:?}");
    // One value in A1 and one in XFD1048576: refused by the limits, not an abort.
    let path = dir.join("huge_dimension_issue693.xlsx");
    let mut book = Workbook::open(&path).unwrap();
    let name = book.sheet_names()[0].clone();
    let outcome = book.sheet(&name, Limits::default()).map(|mut s| s.next_row());
    assert!(
        matches!(
            outcome,
            Err(ReadError::TooManyColumns { .. } | ReadError::TooManyRows { .. } | ReadError::NoHeader { .. })
                | Ok(Some(Err(ReadError::TooManyColumns { .. } | ReadError::TooManyRows { .. })))
        ),
        "{outcome:?}"
    );
}

#[test]
fn csv_row_numbers_count_blank_lines_like_a_spreadsheet() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "gaps.csv", b"\n\nName,City\nA,\"x\ny\"\n\n\nB,z\r\n\r\nC,w");
    let (row, _, rows) = read_all(&path, Limits::default()).unwrap();
    assert_eq!(row, 3);
    let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, vec![4, 7, 9]);
}

#[test]
fn a_sheet_declares_about_how_many_rows_it_holds_and_a_csv_does_not() {
    let dir = TempDir::new().unwrap();
    let path = one_sheet(dir.path(), "sized.xlsx", |ws| {
        ws.write_string(0, 0, "Report of March").unwrap();
        ws.write_string(2, 0, "Code").unwrap();
        ws.write_string(2, 1, "Name").unwrap();
        for n in 0..500u32 {
            ws.write_string(3 + n, 0, format!("C{n}")).unwrap();
            ws.write_string(3 + n, 1, format!("Customer {n}")).unwrap();
        }
    });
    let mut book = Workbook::open(&path).unwrap();
    let sheet = book.sheet(&book.sheet_names()[0], Limits::default()).unwrap();
    assert_eq!(sheet.header().row, 3);
    assert_eq!(sheet.expected_rows(), Some(500), "the rows below the header, as the sheet declares them");

    let csv = write(dir.path(), "list.csv", b"Code,Name\r\nC1,Acme\r\n");
    let mut book = Workbook::open(&csv).unwrap();
    let sheet = book.sheet("list", Limits::default()).unwrap();
    assert_eq!(sheet.expected_rows(), None);
}

#[test]
fn numbers_read_as_excel_shows_them_and_error_cells_as_excel_writes_them() {
    let dir = TempDir::new().unwrap();
    let path = one_sheet(dir.path(), "noise.xlsx", |ws| {
        ws.write_string(0, 0, "Name").unwrap();
        ws.write_string(0, 1, "Price").unwrap();
        ws.write_string(0, 2, "Rate").unwrap();
        ws.write_string(1, 0, "Acme").unwrap();
        ws.write_number(1, 1, 29.020000000000003).unwrap();
        ws.write_number(1, 2, 3.304000000000001).unwrap();
        ws.write_formula(2, 0, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
        ws.write_number(2, 1, 0.1 + 0.2).unwrap();
    });
    let (_, _, rows) = read_all(&path, Limits::default()).unwrap();
    assert_eq!(rows[0].cells[1].as_text(), "29.02");
    assert_eq!(rows[0].cells[2].as_decimal(), Some(Decimal::new(3304, 3)));
    assert_eq!(rows[1].cells[1].as_text(), "0.3");
    assert_eq!(rows[1].cells[0], CellValue::Error("#DIV/0!".into()));
    assert_eq!(excel_error(&rows[1].cells[0].as_text()), Some("#DIV/0!"));

    // A CSV saved by Excel carries the error as text; it reaches the same check.
    let csv = write(dir.path(), "errors.csv", b"Name,City\r\n#N/A,Seoul\r\n#REF!,#VALUE!\r\n");
    let (_, _, rows) = read_all(&csv, Limits::default()).unwrap();
    let texts: Vec<String> = rows.iter().flat_map(|r| r.cells.iter().map(CellValue::as_text)).collect();
    let errors: Vec<Option<&str>> = texts.iter().map(|t| excel_error(t)).collect();
    assert_eq!(errors, vec![Some("#N/A"), None, Some("#REF!"), Some("#VALUE!")]);
}

#[test]
fn zero_padded_number_formats_keep_their_leading_zeros() {
    let dir = TempDir::new().unwrap();
    let zip = XFormat::new().set_num_format("00000");
    let tax = XFormat::new().set_num_format("000-00-00000");
    let money = XFormat::new().set_num_format("#,##0.00");
    let path = one_sheet(dir.path(), "zips.xlsx", |ws| {
        for (c, name) in ["Name", "ZIP", "Tax ID", "Balance", "Plain"].iter().enumerate() {
            ws.write_string(0, c as u16, *name).unwrap();
        }
        ws.write_string(1, 0, "Acme").unwrap();
        ws.write_number_with_format(1, 1, 4240.0, &zip).unwrap();
        ws.write_number_with_format(1, 2, 1234567890.0, &tax).unwrap();
        ws.write_number_with_format(1, 3, 1250.5, &money).unwrap();
        ws.write_number(1, 4, 4240.0).unwrap();
        ws.write_string(2, 0, "Bee").unwrap();
        ws.write_number_with_format(2, 1, 4240.5, &zip).unwrap();
        ws.write_number_with_format(2, 2, 12345678.0, &tax).unwrap();
    });
    let (_, _, rows) = read_all(&path, Limits::default()).unwrap();
    let texts: Vec<Vec<String>> = rows.iter().map(|r| r.cells.iter().map(CellValue::as_text).collect()).collect();
    assert_eq!(texts[0], vec!["Acme", "04240", "123-45-67890", "1250.5", "4240"]);
    assert_eq!(texts[1][1], "4240.5", "a fraction is not a code");
    assert_eq!(texts[1][2], "001-23-45678");
    assert_eq!(rows[0].cells[1].as_decimal(), Some(Decimal::new(4240, 0)), "still a number to a numeric field");

    // The same written by openpyxl (tests/fixtures/spreadsheets/make.py).
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spreadsheets/zero-padded-openpyxl.xlsx");
    let (_, names, rows) = read_all(&fixture, Limits::default()).unwrap();
    assert_eq!(names, vec!["Name", "ZIP", "Tax ID", "Phone", "Amount"]);
    let texts: Vec<Vec<String>> = rows.iter().map(|r| r.cells.iter().map(CellValue::as_text).collect()).collect();
    assert_eq!(texts[0], vec!["Acme", "04240", "123-45-67890", "0212345678", "29.02"]);
    assert_eq!(texts[1], vec!["Bee", "01001", "001-23-45678", "3123456789", "3.304"]);

    // The same saved again by LibreOffice Calc, which escapes the dashes: 000\-00\-00000.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spreadsheets/zero-padded-libreoffice.xlsx");
    let (_, _, rows) = read_all(&fixture, Limits::default()).unwrap();
    let texts: Vec<Vec<String>> = rows.iter().map(|r| r.cells.iter().map(CellValue::as_text).collect()).collect();
    assert_eq!(texts[0], vec!["Acme", "04240", "123-45-67890", "0212345678", "29.02"]);
    assert_eq!(texts[1], vec!["Bee", "01001", "001-23-45678", "3123456789", "3.304"]);
}

#[test]
fn a_workbook_with_a_macro_sheet_is_refused_with_what_to_do() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spreadsheets/macro-sheet.xlsx");
    let err = Workbook::open(&fixture).err().expect("calamine cannot open it");
    assert!(matches!(err, ReadError::UnsupportedSheet { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("Excel 4.0 macro sheet") && message.contains("save it as .xlsx"), "{message}");
    assert!(!message.contains("Unrecognized"), "{message}");
}

#[test]
fn the_default_sheet_is_the_first_that_holds_a_table() {
    let dir = TempDir::new().unwrap();
    let make = |name: &str, template: bool| {
        let path = dir.path().join(name);
        let mut book = XWorkbook::new();
        let readme = book.add_worksheet();
        readme.set_name("Read me").unwrap();
        readme.write_string(0, 0, "Fill in the Orders sheet.").unwrap();
        readme.write_string(1, 0, "Do not rename the columns.").unwrap();
        readme.write_string(2, 0, "Dates are written 2026-03-01.").unwrap();
        book.add_worksheet().set_name("Empty").unwrap();
        if template {
            let header_only = book.add_worksheet();
            header_only.set_name("Template").unwrap();
            header_only.write_string(0, 0, "Code").unwrap();
            header_only.write_string(0, 1, "Name").unwrap();
        }
        let orders = book.add_worksheet();
        orders.set_name("Orders").unwrap();
        orders.write_string(0, 0, "Code").unwrap();
        orders.write_string(0, 1, "Name").unwrap();
        orders.write_string(1, 0, "C1").unwrap();
        orders.write_string(1, 1, "Acme").unwrap();
        book.save(&path).unwrap();
        path
    };
    let mut book = Workbook::open(&make("orders.xlsx", false)).unwrap();
    assert_eq!(book.sheets_with_data(), vec!["Orders".to_string()]);
    assert_eq!(book.default_sheet().as_deref(), Some("Orders"), "the prose and the empty sheet are passed over");

    // A header-only sheet is a template to fill: it is the table, even with no rows yet.
    let mut book = Workbook::open(&make("template.xlsx", true)).unwrap();
    assert_eq!(book.sheets_with_data(), vec!["Orders".to_string()]);
    assert_eq!(book.default_sheet().as_deref(), Some("Template"));

    // With no table anywhere, the first sheet is read (and says what is wrong with it).
    let plain = one_sheet(dir.path(), "blank.xlsx", |_| {});
    assert_eq!(Workbook::open(&plain).unwrap().default_sheet().as_deref(), Some("Sheet1"));
}

#[test]
fn an_xls_in_an_unknown_code_page_is_read_or_named() {
    let Some(dir) = corpus() else { return };
    // A BIFF5 file whose CodePage record says 10000 (Mac Roman).
    let original = fs::read(dir.join("biff5_write.xls")).unwrap();
    let record = [0x42, 0x00, 0x02, 0x00, 0x10, 0x27];
    let at = original.windows(record.len()).position(|w| w == record).expect("a CodePage record");
    let with_codepage = |codepage: u16| {
        let mut bytes = original.clone();
        bytes[at + 4..at + 6].copy_from_slice(&codepage.to_le_bytes());
        bytes
    };
    let temp = TempDir::new().unwrap();
    // 0x8001 is MS-XLS's "ANSI Latin I" of BIFF2-BIFF4, which calamine's table lacks.
    let latin = write(temp.path(), "latin.xls", &with_codepage(0x8001));
    let sheets = read_every_sheet(&latin).unwrap_or_else(|e| panic!("{e}"));
    let expected = read_every_sheet(&dir.join("biff5_write.xls")).unwrap();
    assert_eq!(sheets.len(), expected.len());
    assert_eq!(sheets.iter().map(Vec::len).sum::<usize>(), expected.iter().map(Vec::len).sum::<usize>());

    let unknown = write(temp.path(), "unknown.xls", &with_codepage(0x1234));
    let err = read_every_sheet(&unknown).unwrap_err();
    assert!(matches!(err, ReadError::UnknownCodepage { codepage: 0x1234, .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("a character set Clientele cannot read") && message.contains("save it as .xlsx"));
    assert!(!message.contains("Cfb"), "{message}");
}

#[test]
fn an_error_value_calamine_does_not_know_is_named_not_called_damage() {
    // tests/fixtures/spreadsheets/make.py: B2 holds #SPILL!, which Excel 365 writes.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spreadsheets/spill-error.xlsx");
    let err = read_all(&fixture, Limits::default()).unwrap_err();
    assert!(matches!(&err, ReadError::UnknownCellError { error, .. } if error == "#SPILL!"), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("sheet \"Customers\" of "), "{message}");
    assert!(message.contains("Excel's error #SPILL!") && !message.contains("damaged"), "{message}");
}
