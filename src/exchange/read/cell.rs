//! One cell's value as the importer sees it, and the conversions a field needs (text, money, date).

use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_decimal::Decimal;

/// Excel shows no dates past 9999-12-31 (serial 2958465); anything beyond is a plain number.
const LAST_EXCEL_SERIAL: f64 = 2_958_466.0;

/// A cell's value, already freed from the file format it came from.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    /// The raw text, untrimmed: whitespace is dropped only by [`CellValue::as_text`].
    Text(String),
    Number(f64),
    /// A number whose format shows it otherwise than plainly: a ZIP code 4240 formatted `00000`
    /// shows as 04240. The text is what Excel shows; the value still reads as a number.
    Formatted {
        value: f64,
        shown: String,
    },
    Bool(bool),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// An Excel error value such as `#N/A`, as Excel shows it.
    Error(String),
}

impl CellValue {
    /// What a clerk sees: trimmed text, numbers as Excel shows them (15 significant digits,
    /// without exponent or trailing ".0"), dates as YYYY-MM-DD, errors as Excel writes them.
    pub fn as_text(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.trim().to_string(),
            CellValue::Number(n) => shown_number(*n),
            CellValue::Formatted { shown, .. } => shown.clone(),
            CellValue::Bool(true) => "TRUE".to_string(),
            CellValue::Bool(false) => "FALSE".to_string(),
            CellValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            CellValue::DateTime(dt) => {
                if dt.second() == 0 && dt.nanosecond() == 0 {
                    dt.format("%Y-%m-%d %H:%M").to_string()
                } else {
                    dt.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            CellValue::Error(e) => e.clone(),
        }
    }

    /// An exact decimal: numbers go through the form Excel shows, so 0.1 stays 0.1 and
    /// 3.304000000000001 is 3.304; text may carry thousands separators ("1,250.50").
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            CellValue::Number(n) | CellValue::Formatted { value: n, .. } if n.is_finite() => {
                parse_decimal(&shown_number(*n))
            }
            CellValue::Text(s) => parse_decimal(s.trim()),
            _ => None,
        }
    }

    /// A calendar date: date cells, Excel serial numbers in Excel's range, ISO text
    /// (YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, optionally followed by a time).
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            CellValue::Date(d) => Some(*d),
            CellValue::DateTime(dt) => Some(dt.date()),
            CellValue::Number(n) | CellValue::Formatted { value: n, .. } => serial_to_datetime(*n).map(|dt| dt.date()),
            CellValue::Text(s) => parse_iso_date(s.trim()),
            _ => None,
        }
    }

    /// Empty, or text that is nothing but whitespace.
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Excel keeps 15 significant digits of a number: the rest of a double is noise from its binary
/// form (`29.020000000000003`), which Excel never shows.
const EXCEL_DIGITS: usize = 15;

/// A number as Excel shows it in a General cell, without the exponent: rounded to 15 significant
/// digits, trailing zeros dropped (29.020000000000003 -> "29.02", 1e21 -> "1000000000000000000000").
/// Every conversion of a number to text or to a decimal goes through here, so a value the clerk
/// sees as 3.304 is never imported as 3.304000000000001.
pub(crate) fn shown_number(n: f64) -> String {
    if n == 0.0 || !n.is_finite() {
        // "-0" from a formula is 0 to a clerk; NaN and infinities have no cell form.
        return if n.is_finite() { "0".to_string() } else { format!("{n}") };
    }
    // "d.dddddddddddddde±x": the digits as Excel rounds them, and the power of ten of the first.
    let scientific = format!("{:.*e}", EXCEL_DIGITS - 1, n.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    // Where the decimal point goes, counted in digits from the first.
    let point = exponent + 1;
    let mut text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    };
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
    if n < 0.0 { format!("-{text}") } else { text }
}

fn parse_decimal(s: &str) -> Option<Decimal> {
    if s.is_empty() {
        return None;
    }
    let cleaned = strip_thousands(s)?;
    Decimal::from_str(&cleaned).ok().or_else(|| Decimal::from_scientific(&cleaned).ok())
}

/// Removes thousands separators only where they sit in proper groups of three, so "1,2" is not
/// silently read as 12.
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (sign, body) = match s.strip_prefix(['-', '+']) {
        Some(rest) => (&s[..1], rest),
        None => ("", s),
    };
    let (int_part, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if !(first_ok && rest_ok && digits_ok) {
        return None;
    }
    let mut out = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let head = match s.get(..10) {
        Some(h) if s.len() == 10 || matches!(s.as_bytes().get(10), Some(b' ' | b'T')) => h,
        _ => return None,
    };
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"].iter().find_map(|f| NaiveDate::parse_from_str(head, f).ok())
}

/// An Excel serial number (1900 date system) as a date and time, when it lies in Excel's range.
pub(crate) fn serial_to_datetime(serial: f64) -> Option<NaiveDateTime> {
    if !(1.0..LAST_EXCEL_SERIAL).contains(&serial) {
        return None;
    }
    // Excel counts a 29 February 1900 that never was; serials before it are one day off.
    let serial = if serial < 60.0 { serial + 1.0 } else { serial };
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let millis = (serial * 86_400_000.0).round() as i64;
    epoch.checked_add_signed(Duration::milliseconds(millis))
}

/// Reads an ISO 8601 date or date-time as written by LibreOffice (`2021-01-31`,
/// `2021-01-31T10:00:00`, `2021-01-31T10:00:00.5`).
pub(crate) fn parse_iso_value(s: &str) -> Option<CellValue> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(CellValue::Date(d));
    }
    let dt = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    Some(date_or_datetime(dt))
}

/// A midnight date-time is a date: Excel has no separate type and a clerk typed a date.
pub(crate) fn date_or_datetime(dt: NaiveDateTime) -> CellValue {
    if dt.time() == NaiveTime::MIN { CellValue::Date(dt.date()) } else { CellValue::DateTime(dt) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(CellValue::Number(1234567.0).as_text(), "1234567");
        assert_eq!(CellValue::Number(0.1).as_text(), "0.1");
        assert_eq!(CellValue::Number(1e21).as_text(), "1000000000000000000000");
        assert_eq!(CellValue::Number(-0.0).as_text(), "0");
        assert_eq!(CellValue::Number(0.1).as_decimal(), Some(Decimal::new(1, 1)));
        assert_eq!(CellValue::Number(f64::NAN).as_decimal(), None);
    }

    #[test]
    fn numbers_read_as_excel_shows_them_without_float_noise() {
        let text = |n: f64| CellValue::Number(n).as_text();
        let decimal = |n: f64| CellValue::Number(n).as_decimal();
        assert_eq!(text(29.020000000000003), "29.02");
        assert_eq!(decimal(3.304000000000001), Some(Decimal::new(3304, 3)));
        assert_eq!(text(0.1 + 0.2), "0.3");
        assert_eq!(decimal(0.1 + 0.2), Some(Decimal::new(3, 1)));
        assert_eq!(text(-29.020000000000003), "-29.02");
        assert_eq!(text(1234567.0), "1234567");
        assert_eq!(text(1e21), "1000000000000000000000");
        assert_eq!(text(-0.0), "0");
        assert_eq!(text(0.000123), "0.000123");
        assert_eq!(text(1.5e-7), "0.00000015");
        assert_eq!(text(123456789012345.0), "123456789012345");
        // Excel keeps 15 digits: a 17-digit double is shown rounded, as Excel shows it.
        assert_eq!(text(12345678901234567.0), "12345678901234600");
        // What Excel itself stores when the clerk types 12345678901234567 (it cuts at entry).
        assert_eq!(text(12345678901234500.0), "12345678901234500");
        assert_eq!(text(0.30000000000000004), "0.3");
        assert_eq!(text(999999999999999.9), "1000000000000000");
    }

    #[test]
    fn a_formatted_number_reads_as_shown_and_as_its_value() {
        let zip = CellValue::Formatted { value: 4240.0, shown: "04240".into() };
        assert_eq!(zip.as_text(), "04240");
        assert_eq!(zip.as_decimal(), Some(Decimal::new(4240, 0)));
        assert!(!zip.is_empty());
    }

    #[test]
    fn text_decimals_accept_grouped_thousands_only() {
        let d = |s: &str| CellValue::Text(s.to_string()).as_decimal();
        assert_eq!(d(" 1,250.50 "), Some(Decimal::new(125050, 2)));
        assert_eq!(d("-1,234,567"), Some(Decimal::new(-1234567, 0)));
        assert_eq!(d("1,2"), None);
        assert_eq!(d("12a"), None);
        assert_eq!(d(""), None);
        assert_eq!(d(","), None);
    }

    #[test]
    fn dates_from_serials_and_iso_text() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(CellValue::Number(46082.0).as_date(), Some(day));
        assert_eq!(CellValue::Number(-5.0).as_date(), None);
        assert_eq!(CellValue::Number(1e9).as_date(), None);
        for s in ["2026-03-01", "2026/03/01", "2026.03.01", "2026-03-01 10:00"] {
            assert_eq!(CellValue::Text(s.into()).as_date(), Some(day), "{s}");
        }
        assert_eq!(CellValue::Text("2026-02-30".into()).as_date(), None);
        assert_eq!(CellValue::Text("01/03/2026".into()).as_date(), None);
        assert_eq!(CellValue::Text("2026-03-é".into()).as_date(), None);
    }

    #[test]
    fn iso_values_from_libreoffice() {
        let day = NaiveDate::from_ymd_opt(2021, 1, 31).unwrap();
        assert_eq!(parse_iso_value("2021-01-31"), Some(CellValue::Date(day)));
        assert_eq!(
            parse_iso_value("2021-01-31T10:30:00"),
            Some(CellValue::DateTime(day.and_hms_opt(10, 30, 0).unwrap()))
        );
        assert_eq!(parse_iso_value("PT10H"), None);
    }
}
