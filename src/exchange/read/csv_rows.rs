//! Rows of a CSV or text file: its encoding (BOM, UTF-8 or a guessed legacy code page, or the
//! clerk's choice) decoded as a stream, and its delimiter (comma, semicolon, tab) detected.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use super::encoding::{Decoding, Malformed, TextEncoding};
use super::{CellValue, ReadError};

/// Enough to see the first few dozen lines of any real export.
const SNIFF_BYTES: usize = 64 * 1024;
const SNIFF_RECORDS: usize = 30;
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// Streams a CSV file's records as rows of text cells.
pub(super) struct CsvRows {
    /// The file decoded to UTF-8; line ends are noted in the decoded stream, which is the one
    /// the csv parser reports positions in.
    reader: csv::Reader<LineEnds<Decoding<BufReader<File>>>>,
    record: csv::ByteRecord,
    row: usize,
    /// Where line breaks are, shared with the reader that sees the bytes first.
    ends: Rc<RefCell<VecDeque<(u64, u8)>>>,
    /// Where the first byte sequence the encoding does not allow was met, in the decoded stream.
    malformed: Malformed,
    path: String,
    delimiter: u8,
    encoding: TextEncoding,
}

impl CsvRows {
    /// Opens a text file in `encoding`, or in the encoding its first bytes suggest.
    pub(super) fn open(path: &Path, encoding: Option<TextEncoding>) -> Result<CsvRows, ReadError> {
        let shown = path.display().to_string();
        let io_err = |e: std::io::Error| ReadError::Io { path: shown.clone(), reason: e.to_string() };
        let mut file = File::open(path).map_err(io_err)?;
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut head).map_err(io_err)?;
        let complete = head.len() < SNIFF_BYTES;
        let encoding = encoding.unwrap_or_else(|| TextEncoding::detect(&head, complete));
        let bom = encoding.bom_len(&head);
        // The delimiter is looked for in the text, not the bytes: in UTF-16 a tab is two bytes.
        let (sample, _) = encoding.encoding().decode_without_bom_handling(&head[bom..]);
        let delimiter = sniff_delimiter(sample.as_bytes(), complete);
        file.seek(SeekFrom::Start(bom as u64)).map_err(io_err)?;
        let ends = Rc::new(RefCell::new(VecDeque::new()));
        let malformed = Malformed::default();
        let decoded = Decoding::new(BufReader::new(file), encoding, Rc::clone(&malformed));
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(LineEnds { inner: decoded, offset: 0, ends: Rc::clone(&ends) });
        Ok(CsvRows {
            reader,
            record: csv::ByteRecord::new(),
            row: 0,
            ends,
            malformed,
            path: shown,
            delimiter,
            encoding,
        })
    }

    /// The encoding the file is read in.
    pub(super) fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The csv parser drops blank lines, which a spreadsheet shows as rows; they are counted
    /// back from the line breaks between the previous record and this one, so row numbers match
    /// what the clerk sees. A record is reported from just after the previous record's last
    /// byte, which for CRLF files is that record's own "\n".
    fn blank_lines_before(&mut self, start: u64) -> usize {
        let mut ends = self.ends.borrow_mut();
        let mut before = None;
        while ends.front().is_some_and(|&(at, _)| at < start) {
            before = ends.pop_front();
        }
        let mut breaks = 0usize;
        let mut leftover = false;
        for (expected, &(at, byte)) in (start..).zip(ends.iter()) {
            if at != expected {
                break;
            }
            if byte == b'\n' {
                if at == start && start > 0 && before == Some((start - 1, b'\r')) {
                    leftover = true;
                }
                breaks += 1;
            }
        }
        breaks - usize::from(leftover)
    }

    pub(super) fn delimiter(&self) -> u8 {
        self.delimiter
    }

    fn not_decodable(&self) -> ReadError {
        ReadError::NotDecodable { path: self.path.clone(), row: self.row, encoding: self.encoding.label().to_string() }
    }

    /// The next record, numbered as a spreadsheet program would show it (one row per record,
    /// even when a quoted field spans several lines).
    pub(super) fn next_row(&mut self) -> Option<Result<(usize, Vec<CellValue>), ReadError>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let start = self.record.position().map_or(0, |p| p.byte());
                self.row += 1 + self.blank_lines_before(start);
                // The parser reads ahead, so a bad byte noted already may lie in a later row.
                let end = self.reader.position().byte();
                if self.malformed.get().is_some_and(|at| at < end) {
                    return Some(Err(self.not_decodable()));
                }
                let mut cells = Vec::with_capacity(self.record.len());
                for field in self.record.iter() {
                    match std::str::from_utf8(field) {
                        Ok("") => cells.push(CellValue::Empty),
                        Ok(s) => cells.push(CellValue::Text(s.to_string())),
                        // The decoder hands out UTF-8 only; this is for safety's sake.
                        Err(_) => return Some(Err(self.not_decodable())),
                    }
                }
                Some(Ok((self.row, cells)))
            }
            Err(e) => Some(Err(match e.kind() {
                csv::ErrorKind::Io(io) => ReadError::Io { path: self.path.clone(), reason: io.to_string() },
                _ => ReadError::Damaged {
                    path: self.path.clone(),
                    detail: format!("row {} could not be read", self.row + 1),
                },
            })),
        }
    }
}

/// Passes bytes through while noting where each "\r" and "\n" lies.
struct LineEnds<R> {
    inner: R,
    offset: u64,
    ends: Rc<RefCell<VecDeque<(u64, u8)>>>,
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut ends = self.ends.borrow_mut();
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                ends.push_back((self.offset + i as u64, b));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Picks the delimiter that splits the first records into the same number of columns (more than
/// one) most often; quotes are honoured because the csv parser itself does the counting.
fn sniff_delimiter(head: &[u8], complete: bool) -> u8 {
    let mut best = (0usize, 0usize, b',');
    for delimiter in DELIMITERS {
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(head);
        let mut counts: Vec<usize> = Vec::new();
        let mut record = csv::ByteRecord::new();
        while counts.len() < SNIFF_RECORDS {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    // Blank lines and one-cell title lines say nothing about the delimiter.
                    if record.len() > 1 || record.iter().any(|f| !f.is_empty()) {
                        counts.push(record.len());
                    }
                }
                _ => break,
            }
        }
        // The last record of a cut-off sample may be cut off too.
        if !complete && counts.len() > 1 {
            counts.pop();
        }
        let Some((width, agreeing)) = mode(&counts) else {
            continue;
        };
        if width > 1 && (agreeing, width) > (best.0, best.1) {
            best = (agreeing, width, delimiter);
        }
    }
    best.2
}

/// The most common value and how often it occurs; ties go to the larger value.
fn mode(values: &[usize]) -> Option<(usize, usize)> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for chunk in sorted.chunk_by(|a, b| a == b) {
        let candidate = (chunk[0], chunk.len());
        if best.is_none_or(|(v, n)| (candidate.1, candidate.0) >= (n, v)) {
            best = Some(candidate);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_follows_consistent_columns() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n", true), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3\n", true), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n\"x;y\"\t2\n", true), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n\"1;2\",3\n", true), b',');
        assert_eq!(sniff_delimiter(b"Customers\n\nname;city\nA;B\n", true), b';');
        assert_eq!(sniff_delimiter(b"one column\nvalue\n", true), b',');
        assert_eq!(sniff_delimiter(b"", true), b',');
    }

    #[test]
    fn mode_prefers_frequent_then_wide() {
        assert_eq!(mode(&[3, 3, 1]), Some((3, 2)));
        assert_eq!(mode(&[2, 3]), Some((3, 1)));
        assert_eq!(mode(&[]), None);
    }
}
