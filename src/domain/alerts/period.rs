//! The period a rule's measure covers, relative to the day it runs: this week, last week, this
//! month, last month, the last N days, or the year to date. Weeks start on Monday.

use chrono::{Datelike, Duration, NaiveDate};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Period {
    ThisWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
    /// The `n` days ending with the day it runs (1 is that day alone).
    LastDays(u32),
    YearToDate,
}

/// The first and last day a period covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "\"{0}\" is not a period; write this_week, last_week, this_month, last_month, ytd or last_days:N (N from 1 to 3660)"
    )]
    Unknown(String),
}

/// The longest "last N days": ten years.
const MAX_DAYS: u32 = 3660;

impl Period {
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let key = text.trim().to_ascii_lowercase();
        let unknown = || PeriodError::Unknown(text.trim().to_string());
        Ok(match key.as_str() {
            "this_week" => Period::ThisWeek,
            "last_week" => Period::LastWeek,
            "this_month" => Period::ThisMonth,
            "last_month" => Period::LastMonth,
            "ytd" | "year_to_date" => Period::YearToDate,
            other => {
                let days = other.strip_prefix("last_days:").ok_or_else(unknown)?;
                match days.trim().parse::<u32>() {
                    Ok(n) if (1..=MAX_DAYS).contains(&n) => Period::LastDays(n),
                    _ => return Err(unknown()),
                }
            }
        })
    }

    /// The CLI's form, which [`Period::parse`] reads back.
    pub fn key(self) -> String {
        match self {
            Period::ThisWeek => "this_week".into(),
            Period::LastWeek => "last_week".into(),
            Period::ThisMonth => "this_month".into(),
            Period::LastMonth => "last_month".into(),
            Period::LastDays(n) => format!("last_days:{n}"),
            Period::YearToDate => "ytd".into(),
        }
    }

    /// The days it covers for a run on `today`.
    pub fn range(self, today: NaiveDate) -> DateRange {
        let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let first_of_month = today.with_day(1).unwrap_or(today);
        match self {
            Period::ThisWeek => DateRange { from: monday, to: today },
            Period::LastWeek => DateRange { from: monday - Duration::days(7), to: monday - Duration::days(1) },
            Period::ThisMonth => DateRange { from: first_of_month, to: today },
            Period::LastMonth => {
                let last = first_of_month.pred_opt().unwrap_or(first_of_month);
                DateRange { from: last.with_day(1).unwrap_or(last), to: last }
            }
            Period::LastDays(n) => {
                DateRange { from: today - Duration::days(i64::from(n.clamp(1, MAX_DAYS)) - 1), to: today }
            }
            Period::YearToDate => DateRange { from: today.with_ordinal(1).unwrap_or(today), to: today },
        }
    }
}

/// As a sentence says it: "this week", "the last 30 days".
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::ThisWeek => f.write_str("this week"),
            Period::LastWeek => f.write_str("last week"),
            Period::ThisMonth => f.write_str("this month"),
            Period::LastMonth => f.write_str("last month"),
            Period::LastDays(1) => f.write_str("today"),
            Period::LastDays(n) => write!(f, "the last {n} days"),
            Period::YearToDate => f.write_str("this year to date"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn range(from: NaiveDate, to: NaiveDate) -> DateRange {
        DateRange { from, to }
    }

    #[test]
    fn periods_cover_the_days_a_person_means() {
        // 2026-11-27 is a Friday.
        let friday = day(2026, 11, 27);
        assert_eq!(Period::ThisWeek.range(friday), range(day(2026, 11, 23), friday));
        assert_eq!(Period::LastWeek.range(friday), range(day(2026, 11, 16), day(2026, 11, 22)));
        assert_eq!(Period::ThisMonth.range(friday), range(day(2026, 11, 1), friday));
        assert_eq!(Period::LastMonth.range(friday), range(day(2026, 10, 1), day(2026, 10, 31)));
        assert_eq!(Period::LastDays(7).range(friday), range(day(2026, 11, 21), friday));
        assert_eq!(Period::LastDays(1).range(friday), range(friday, friday));
        assert_eq!(Period::YearToDate.range(friday), range(day(2026, 1, 1), friday));
        // On a Monday this week is that day; in January last month is December.
        assert_eq!(Period::ThisWeek.range(day(2026, 11, 23)), range(day(2026, 11, 23), day(2026, 11, 23)));
        assert_eq!(Period::LastMonth.range(day(2027, 1, 5)), range(day(2026, 12, 1), day(2026, 12, 31)));
        assert_eq!(Period::LastMonth.range(day(2028, 3, 31)), range(day(2028, 2, 1), day(2028, 2, 29)));
    }

    #[test]
    fn the_cli_forms_read_back_and_bad_ones_are_refused() {
        for text in ["this_week", "last_week", "this_month", "last_month", "ytd", "last_days:30"] {
            assert_eq!(Period::parse(text).unwrap().key(), text);
        }
        assert_eq!(Period::parse("LAST_DAYS: 7"), Ok(Period::LastDays(7)));
        for bad in ["last_days:0", "last_days:x", "last_days:99999", "fortnight", ""] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Period::LastDays(30).to_string(), "the last 30 days");
    }
}
