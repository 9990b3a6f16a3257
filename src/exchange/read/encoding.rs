//! The character encoding of a CSV or text file: named for people, guessed from the bytes (BOM,
//! UTF-8, else chardetng's guess among the legacy encodings), and decoded to UTF-8 as a stream.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;
use std::sync::OnceLock;

use encoding_rs::{
    Decoder, DecoderResult, EUC_KR, Encoding, GB18030, GBK, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252,
};

/// How a text file's bytes become characters. Excel saves "CSV" in the PC's legacy code page
/// (CP949 on a Korean PC, Shift_JIS on a Japanese one), "CSV UTF-8" in UTF-8 with a BOM, and
/// "Unicode text" in UTF-16 LE with a BOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// CP949, Windows' Korean code page: a superset of EUC-KR (WHATWG's "EUC-KR" decoder).
    Korean,
    /// Shift_JIS as Windows writes it (CP932).
    Japanese,
    /// GB18030, which reads GBK and GB2312 too.
    Chinese,
    /// Windows-1252, which reads ISO-8859-1 (Latin-1) too.
    Western,
    /// Another encoding chardetng found or the clerk named (Cyrillic, Greek, Big5, ...).
    Other(&'static Encoding),
}

impl TextEncoding {
    /// The encodings offered for a choice, most common first.
    pub const CHOICES: [TextEncoding; 7] = [
        TextEncoding::Utf8,
        TextEncoding::Korean,
        TextEncoding::Japanese,
        TextEncoding::Chinese,
        TextEncoding::Western,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
    ];

    /// The name a clerk recognises.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Korean => "Korean (CP949/EUC-KR)",
            TextEncoding::Japanese => "Japanese (Shift_JIS)",
            TextEncoding::Chinese => "Chinese (GB18030)",
            TextEncoding::Western => "Western (Windows-1252)",
            TextEncoding::Other(encoding) => encoding.name(),
        }
    }

    /// The short name for `--encoding` and for JSON: "utf-8", "cp949", "shift_jis", ...
    pub fn key(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Korean => "cp949",
            TextEncoding::Japanese => "shift_jis",
            TextEncoding::Chinese => "gb18030",
            TextEncoding::Western => "windows-1252",
            TextEncoding::Other(encoding) => encoding.name(),
        }
    }

    /// A name as a clerk or a script writes it: `utf-8`, `cp949`, `euc-kr`, `utf-16le`, `sjis`,
    /// `gb18030`, `latin1`, or any label the WHATWG Encoding Standard knows (`windows-1251`, `big5`).
    pub fn parse(text: &str) -> Option<TextEncoding> {
        let name = text.trim().to_ascii_lowercase();
        // Windows' and Excel's names that the web standard does not list.
        let name = match name.as_str() {
            "cp949" | "ms949" | "uhc" | "949" => "euc-kr",
            "cp932" | "932" => "shift_jis",
            "cp936" | "936" => "gbk",
            "cp1252" | "1252" => "windows-1252",
            "utf-8-bom" | "utf-8-sig" | "utf8-bom" | "65001" => "utf-8",
            "utf16le" | "utf-16" | "unicode" | "1200" => "utf-16le",
            "utf16be" | "1201" => "utf-16be",
            other => other,
        };
        // "replacement" is the standard's name for refusing to decode, not an encoding.
        Encoding::for_label_no_replacement(name.as_bytes()).map(TextEncoding::from_encoding)
    }

    fn from_encoding(encoding: &'static Encoding) -> TextEncoding {
        match encoding {
            e if e == UTF_8 => TextEncoding::Utf8,
            e if e == UTF_16LE => TextEncoding::Utf16Le,
            e if e == UTF_16BE => TextEncoding::Utf16Be,
            e if e == EUC_KR => TextEncoding::Korean,
            e if e == SHIFT_JIS => TextEncoding::Japanese,
            // encoding_rs decodes GBK exactly as GB18030.
            e if e == GB18030 || e == GBK => TextEncoding::Chinese,
            e if e == WINDOWS_1252 => TextEncoding::Western,
            other => TextEncoding::Other(other),
        }
    }

    pub(super) fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => UTF_8,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
            TextEncoding::Korean => EUC_KR,
            TextEncoding::Japanese => SHIFT_JIS,
            TextEncoding::Chinese => GB18030,
            TextEncoding::Western => WINDOWS_1252,
            TextEncoding::Other(encoding) => encoding,
        }
    }

    /// How many bytes at the start of `head` are this encoding's byte order mark (0 when none).
    pub(super) fn bom_len(self, head: &[u8]) -> usize {
        match Encoding::for_bom(head) {
            Some((encoding, len)) if encoding == self.encoding() => len,
            _ => 0,
        }
    }

    /// The encoding of a file from its first bytes (`complete` when that is the whole file): its
    /// BOM; else UTF-8 when the bytes are valid UTF-8 (plain ASCII included); else chardetng's
    /// guess among the legacy encodings, leaning to this PC's own when it is Korean, Japanese or
    /// Chinese (a CSV is most often saved on the PC that imports it).
    pub(super) fn detect(head: &[u8], complete: bool) -> TextEncoding {
        static HINT: OnceLock<Option<&'static [u8]>> = OnceLock::new();
        let hint = *HINT.get_or_init(|| region_hint(&sys_locale::get_locale().unwrap_or_default()));
        TextEncoding::detect_near(head, complete, hint)
    }

    /// As [`TextEncoding::detect`], with chardetng's country hint (a two-letter top-level domain).
    fn detect_near(head: &[u8], complete: bool, hint: Option<&[u8]>) -> TextEncoding {
        if let Some((encoding, _)) = Encoding::for_bom(head) {
            return TextEncoding::from_encoding(encoding);
        }
        match std::str::from_utf8(head) {
            Ok(_) => return TextEncoding::Utf8,
            // A sample cut in the middle of a character is still UTF-8.
            Err(e) if e.error_len().is_none() && !complete => return TextEncoding::Utf8,
            Err(_) => {}
        }
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(head, complete);
        TextEncoding::from_encoding(detector.guess(hint, chardetng::Utf8Detection::Deny))
    }
}

/// The country whose legacy encoding chardetng should favour, from a locale such as "ko-KR" or
/// "ja_JP.UTF-8": only for Korean, Japanese and Chinese, whose short files are otherwise easily
/// taken for one another; elsewhere the guess stays neutral.
fn region_hint(locale: &str) -> Option<&'static [u8]> {
    let lower = locale.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_', '.', '@']);
    let language = parts.next().unwrap_or_default();
    let region = parts.find(|p| p.len() == 2).unwrap_or_default();
    match (language, region) {
        ("ko", _) => Some(b"kr"),
        ("ja", _) => Some(b"jp"),
        ("zh", "tw" | "hk" | "mo") => Some(b"tw"),
        ("zh", _) => Some(b"cn"),
        _ => None,
    }
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Where the first byte sequence that is not valid in the encoding went in the decoded stream;
/// shared with the reader that numbers the rows, which turns it into the row's error.
pub(super) type Malformed = Rc<Cell<Option<u64>>>;

/// How many bytes of the file are decoded at a time.
const CHUNK: usize = 32 * 1024;

/// A byte stream decoded to UTF-8 as it is read, so a file of a million rows is never held in
/// memory. A byte sequence the encoding does not allow becomes U+FFFD and is noted in
/// `malformed` (the first only), so the row it lies in can be refused by number.
pub(super) struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    finished: bool,
    output: Vec<u8>,
    taken: usize,
    /// Bytes handed out so far (the decoded stream's offset of `output[0]`).
    offset: u64,
    malformed: Malformed,
}

impl<R: Read> Decoding<R> {
    /// Decodes `inner`, which starts after any BOM.
    pub(super) fn new(inner: R, encoding: TextEncoding, malformed: Malformed) -> Self {
        Decoding {
            inner,
            decoder: encoding.encoding().new_decoder_without_bom_handling(),
            input: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            finished: false,
            output: Vec::new(),
            taken: 0,
            offset: 0,
            malformed,
        }
    }

    /// Decodes the next chunk into `output`; false at the end of the stream.
    fn fill(&mut self) -> std::io::Result<bool> {
        while self.taken >= self.output.len() {
            if self.finished {
                return Ok(false);
            }
            self.offset += self.output.len() as u64;
            self.output.clear();
            self.taken = 0;
            if self.start == self.end && !self.eof {
                let n = loop {
                    match self.inner.read(&mut self.input) {
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        other => break other?,
                    }
                };
                self.start = 0;
                self.end = n;
                self.eof = n == 0;
            }
            let pending = self.end - self.start;
            // Every encoding offered needs at most 3 UTF-8 bytes per input byte, and a decoder
            // may hold back a partial character (up to 4 bytes) from the previous chunk.
            let room = self.decoder.max_utf8_buffer_length_without_replacement(pending).unwrap_or(pending * 3 + 16);
            self.output.resize(room.max(16), 0);
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.start..self.end],
                &mut self.output,
                self.eof,
            );
            self.start += read;
            self.output.truncate(written);
            match result {
                DecoderResult::InputEmpty => self.finished = self.eof,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(_, _) => {
                    if self.malformed.get().is_none() {
                        self.malformed.set(Some(self.offset + written as u64));
                    }
                    self.output.extend_from_slice("\u{FFFD}".as_bytes());
                }
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() || !self.fill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.output.len() - self.taken);
        buf[..n].copy_from_slice(&self.output[self.taken..self.taken + n]);
        self.taken += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: TextEncoding, chunk: usize) -> (String, Option<u64>) {
        let malformed = Malformed::default();
        let mut reader = Decoding::new(bytes, encoding, malformed.clone());
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        (String::from_utf8(out).unwrap(), malformed.get())
    }

    #[test]
    fn names_parse_and_label() {
        for (name, encoding) in [
            ("utf-8", TextEncoding::Utf8),
            ("UTF8", TextEncoding::Utf8),
            ("cp949", TextEncoding::Korean),
            ("euc-kr", TextEncoding::Korean),
            ("utf-16le", TextEncoding::Utf16Le),
            ("utf-16be", TextEncoding::Utf16Be),
            ("shift_jis", TextEncoding::Japanese),
            ("sjis", TextEncoding::Japanese),
            ("gb18030", TextEncoding::Chinese),
            ("gbk", TextEncoding::Chinese),
            ("windows-1252", TextEncoding::Western),
            ("latin1", TextEncoding::Western),
        ] {
            assert_eq!(TextEncoding::parse(name), Some(encoding), "{name}");
        }
        assert_eq!(TextEncoding::parse("windows-1251").map(TextEncoding::label), Some("windows-1251"));
        assert_eq!(TextEncoding::parse("klingon"), None);
        assert_eq!(TextEncoding::parse("replacement"), None);
        assert_eq!(TextEncoding::Korean.label(), "Korean (CP949/EUC-KR)");
        for encoding in TextEncoding::CHOICES {
            assert_eq!(TextEncoding::parse(encoding.key()), Some(encoding));
        }
    }

    #[test]
    fn detection_trusts_the_bom_then_utf8_then_guesses() {
        assert_eq!(TextEncoding::detect(b"\xEF\xBB\xBFName", true), TextEncoding::Utf8);
        assert_eq!(TextEncoding::detect(b"\xFF\xFEN\0", true), TextEncoding::Utf16Le);
        assert_eq!(TextEncoding::detect(b"\xFE\xFF\0N", true), TextEncoding::Utf16Be);
        assert_eq!(TextEncoding::detect("Name,City\n김철수,서울\n".as_bytes(), true), TextEncoding::Utf8);
        // A sample cut inside "서" is still UTF-8; the whole file cut there is not.
        let cut = &"이름,서울".as_bytes()[..8];
        assert_eq!(TextEncoding::detect(cut, false), TextEncoding::Utf8);
        let (korean, _, _) = EUC_KR.encode("이름,도시\r\n김철수,서울특별시\r\n박영희,부산광역시\r\n");
        assert_eq!(TextEncoding::detect_near(&korean, true, None), TextEncoding::Korean);
        let (western, _, _) = WINDOWS_1252.encode("Name,City\r\nMüller,Café Zürich\r\nJosé,München\r\n");
        assert_eq!(TextEncoding::detect_near(&western, true, None), TextEncoding::Western);
        // Two Hangul syllables alone are too few to tell; on a Korean PC they are Korean.
        let (short, _, _) = EUC_KR.encode("name,city\r\nAcme,서울\r\n");
        assert_eq!(TextEncoding::detect_near(&short, true, Some(b"kr")), TextEncoding::Korean);
        assert_eq!(TextEncoding::detect_near(&western, true, Some(b"kr")), TextEncoding::Western);
    }

    #[test]
    fn the_pcs_language_gives_the_hint_for_cjk_only() {
        assert_eq!(region_hint("ko-KR"), Some(&b"kr"[..]));
        assert_eq!(region_hint("ko_KR.UTF-8"), Some(&b"kr"[..]));
        assert_eq!(region_hint("ja"), Some(&b"jp"[..]));
        assert_eq!(region_hint("zh-Hant-TW"), Some(&b"tw"[..]));
        assert_eq!(region_hint("zh-CN"), Some(&b"cn"[..]));
        for locale in ["en-US", "de-DE", "C", ""] {
            assert_eq!(region_hint(locale), None, "{locale}");
        }
    }

    #[test]
    fn decoding_streams_across_chunks_and_notes_bad_bytes() {
        let text = "이름,도시\r\n김철수,서울\r\n".repeat(5_000);
        let (bytes, _, _) = EUC_KR.encode(&text);
        let (decoded, malformed) = decode(&bytes, TextEncoding::Korean, 7);
        assert_eq!(decoded, text);
        assert_eq!(malformed, None);
        let (decoded, malformed) = decode(b"ab\xFFcd", TextEncoding::Utf8, 3);
        assert_eq!(decoded, "ab\u{FFFD}cd");
        assert_eq!(malformed, Some(2));
        let (decoded, malformed) = decode(b"a\0b\0", TextEncoding::Utf16Le, 1);
        assert_eq!((decoded.as_str(), malformed), ("ab", None));
    }
}
