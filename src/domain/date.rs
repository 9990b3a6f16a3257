//! Reading a date as a clerk types it: the one parser for voucher dates, report periods, special
//! prices, custom fields, imported text and command-line options.
//!
//! `2026-03-31` (and `2026/03/31`, `2026.3.31`, `2026. 3. 31.`, `20260331`) is read everywhere.
//! A date written with the year last is read in the order of the computer's language: day first
//! (`31/03/2026`, `31.03.2026`) in most of the world, month first (`03/31/2026`) in the US. On a PC
//! whose language writes the year first (Korean, Chinese, Japanese), such a date is read only when
//! it can mean one day (`31/03/2026`); `03/04/2026` is refused with the form to use instead.

use chrono::NaiveDate;
use std::sync::OnceLock;

/// The order of day and month in a date whose year comes last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// The year first (ISO, Korean, Chinese, Japanese): day and month of a year-last date are
    /// read only when just one reading is a real day.
    YearFirst,
    DayFirst,
    MonthFirst,
}

impl DateOrder {
    /// The order a language tag writes dates in: `en-US` month first, `ko-KR` year first,
    /// most others (`en-GB`, `de-DE`, `fr`) day first. An unknown tag reads year first.
    pub fn for_locale(tag: &str) -> DateOrder {
        let tag = tag.replace('_', "-");
        let mut parts = tag.split(['-', '.', '@']);
        let language = parts.next().unwrap_or("").to_ascii_lowercase();
        let region =
            parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic())).map(str::to_ascii_uppercase);
        match (language.as_str(), region.as_deref()) {
            ("" | "c" | "posix", _) => DateOrder::YearFirst,
            ("ko" | "zh" | "ja" | "hu" | "lt" | "mn", _) => DateOrder::YearFirst,
            ("en" | "es", Some("US" | "PH" | "PR" | "UM" | "AS" | "GU" | "MP" | "VI")) | ("fil", _) => {
                DateOrder::MonthFirst
            }
            ("en", None) => DateOrder::MonthFirst,
            _ => DateOrder::DayFirst,
        }
    }

    /// How to write a date in this order, as told in a refusal.
    fn example(self) -> &'static str {
        match self {
            DateOrder::YearFirst => "2026-03-31",
            DateOrder::DayFirst => "31/03/2026 or 2026-03-31",
            DateOrder::MonthFirst => "03/31/2026 or 2026-03-31",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("\u{201c}{text}\u{201d} is not a date; write it as {example}")]
    NotADate { text: String, example: &'static str },
    #[error("\u{201c}{text}\u{201d} is not a date: {reason}; write it as {example}")]
    NoSuchDay { text: String, reason: String, example: &'static str },
    #[error("\u{201c}{text}\u{201d} could be {first} or {second}; write it as year-month-day, e.g. {first}")]
    Ambiguous { text: String, first: NaiveDate, second: NaiveDate },
}

/// The years a book keeps: a year 0 or 20266 is a typing slip, not a date of trade.
pub const FIRST_YEAR: u32 = 1900;
pub const LAST_YEAR: u32 = 9999;

static ORDER: OnceLock<DateOrder> = OnceLock::new();

/// Sets the order year-last dates are read in, once, when the program starts (from the
/// computer's language). Until then, and in tests, dates are read year first.
pub fn set_date_order(order: DateOrder) {
    let _ = ORDER.set(order);
}

/// The order year-last dates are read in on this computer.
pub fn date_order() -> DateOrder {
    ORDER.get().copied().unwrap_or(DateOrder::YearFirst)
}

/// A date as typed, in this computer's order (see the module's note).
pub fn read_date(text: &str) -> Result<NaiveDate, DateError> {
    read_date_in(text, date_order())
}

/// A date as typed, in `order`.
pub fn read_date_in(text: &str, order: DateOrder) -> Result<NaiveDate, DateError> {
    let shown = text.trim();
    let not_a_date = || DateError::NotADate { text: shown.to_string(), example: order.example() };
    // Korean writes "2026. 3. 31.": the spaces and the closing dot are part of the form.
    let compact: String = shown.trim_end_matches('.').chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() || !compact.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.')) {
        return Err(not_a_date());
    }
    if compact.len() == 8 && compact.chars().all(|c| c.is_ascii_digit()) {
        return day_of(shown, order, &compact[..4], &compact[4..6], &compact[6..]);
    }
    let Some(separator) = compact.chars().find(|c| !c.is_ascii_digit()) else { return Err(not_a_date()) };
    let parts: Vec<&str> = compact.split(separator).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return Err(not_a_date());
    }
    let (a, b, c) = (parts[0], parts[1], parts[2]);
    if a.len() == 4 {
        return day_of(shown, order, a, b, c);
    }
    if a.len() > 2 || b.len() > 2 || !(c.len() == 4 || c.len() == 2) {
        return Err(not_a_date());
    }
    match order {
        DateOrder::DayFirst => day_of(shown, order, c, b, a),
        DateOrder::MonthFirst => day_of(shown, order, c, a, b),
        DateOrder::YearFirst => match (day_of(shown, order, c, b, a), day_of(shown, order, c, a, b)) {
            (Ok(first), Ok(second)) if first != second => {
                Err(DateError::Ambiguous { text: shown.to_string(), first, second })
            }
            (Ok(day), _) | (_, Ok(day)) => Ok(day),
            (Err(_), Err(_)) => Err(not_a_date()),
        },
    }
}

/// Whether `text` has the shape of a whole date (three groups of digits with a four-digit year,
/// or eight digits), so a field can say at once that it is not a real day without interrupting
/// the clerk halfway through typing one.
pub fn looks_whole(text: &str) -> bool {
    let compact: String = text.trim().trim_end_matches('.').chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 8 && compact.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let parts: Vec<&str> = compact.split(['-', '/', '.']).collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && (parts[0].len() == 4 || parts[2].len() == 4)
}

/// The day from its year, month and day digits, or the reason there is none.
fn day_of(text: &str, order: DateOrder, year: &str, month: &str, day: &str) -> Result<NaiveDate, DateError> {
    let number = |digits: &str| digits.parse::<u32>().unwrap_or(u32::MAX);
    let no_such_day =
        |reason: String| DateError::NoSuchDay { text: text.to_string(), reason, example: order.example() };
    let (month, day) = (number(month), number(day));
    let year = match (year.len(), number(year)) {
        // As spreadsheets read two-digit years: 00–29 this century, 30–99 the last.
        (2, short) if short < 30 => 2000 + short,
        (2, short) => 1900 + short,
        (4, full) if (FIRST_YEAR..=LAST_YEAR).contains(&full) => full,
        (4, _) => return Err(no_such_day(format!("a book keeps the years {FIRST_YEAR} to {LAST_YEAR}"))),
        _ => return Err(no_such_day("the year needs four digits".to_string())),
    };
    if !(1..=12).contains(&month) {
        return Err(no_such_day(format!("there is no month {month}")));
    }
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| {
        let last = (28..=31).rev().find(|d| NaiveDate::from_ymd_opt(year as i32, month, *d).is_some()).unwrap_or(28);
        let name =
            NaiveDate::from_ymd_opt(year as i32, month, 1).map(|d| d.format("%B").to_string()).unwrap_or_default();
        no_such_day(format!("{name} {} has {last} days", year))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn year_first_forms_are_read_everywhere() {
        for order in [DateOrder::YearFirst, DateOrder::DayFirst, DateOrder::MonthFirst] {
            for typed in ["2026-03-31", " 2026/3/31 ", "2026.03.31", "2026. 3. 31.", "20260331"] {
                assert_eq!(read_date_in(typed, order), Ok(day(2026, 3, 31)), "{typed} in {order:?}");
            }
        }
    }

    #[test]
    fn year_last_dates_follow_the_computer_order() {
        assert_eq!(read_date_in("31/12/2026", DateOrder::DayFirst), Ok(day(2026, 12, 31)));
        assert_eq!(read_date_in("04.03.2026", DateOrder::DayFirst), Ok(day(2026, 3, 4)));
        assert_eq!(read_date_in("03/04/2026", DateOrder::MonthFirst), Ok(day(2026, 3, 4)));
        assert_eq!(read_date_in("12/31/26", DateOrder::MonthFirst), Ok(day(2026, 12, 31)));
        assert_eq!(read_date_in("31/12/2026", DateOrder::YearFirst), Ok(day(2026, 12, 31)), "only one reading");
    }

    #[test]
    fn refusals_say_why_and_how_to_write_it() {
        let us = read_date_in("31/12/2026", DateOrder::MonthFirst).unwrap_err().to_string();
        assert_eq!(
            us,
            "\u{201c}31/12/2026\u{201d} is not a date: there is no month 31; write it as 03/31/2026 or 2026-03-31"
        );
        let february = read_date_in("2026-02-30", DateOrder::YearFirst).unwrap_err().to_string();
        assert!(february.contains("February 2026 has 28 days"), "{february}");
        let both = read_date_in("03/04/2026", DateOrder::YearFirst).unwrap_err();
        assert_eq!(
            both,
            DateError::Ambiguous { text: "03/04/2026".into(), first: day(2026, 4, 3), second: day(2026, 3, 4) }
        );
        let ancient = read_date_in("0000-01-01", DateOrder::YearFirst).unwrap_err().to_string();
        assert!(ancient.contains("a book keeps the years 1900 to 9999"), "{ancient}");
        for typed in
            ["", "tomorrow", "2026-03", "2026-03-31-1", "1.2", "31/03/202", "+2026-03-31", "2026-3-31x", "1899-12-31"]
        {
            assert!(read_date_in(typed, DateOrder::DayFirst).is_err(), "{typed:?} is refused");
        }
    }

    #[test]
    fn a_date_being_typed_is_not_judged_until_it_is_whole() {
        for partial in ["2026", "2026-0", "2026-02-", "31/12/202", "3/4/26"] {
            assert!(!looks_whole(partial), "{partial}");
        }
        for whole in ["2026-02-30", "31/12/2026", "20260230", "2026. 2. 30."] {
            assert!(looks_whole(whole), "{whole}");
        }
    }

    #[test]
    fn the_language_gives_the_order() {
        assert_eq!(DateOrder::for_locale("en-US"), DateOrder::MonthFirst);
        assert_eq!(DateOrder::for_locale("en_GB.UTF-8"), DateOrder::DayFirst);
        assert_eq!(DateOrder::for_locale("de-DE"), DateOrder::DayFirst);
        assert_eq!(DateOrder::for_locale("ko-KR"), DateOrder::YearFirst);
        assert_eq!(DateOrder::for_locale("zh-Hans-CN"), DateOrder::YearFirst);
        assert_eq!(DateOrder::for_locale("C"), DateOrder::YearFirst);
    }
}
