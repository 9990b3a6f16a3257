//! Reading dates, amounts and report filters typed on the command line, each refusal naming its option.

use super::error::{CliError, Result};
use crate::domain::customer::Role;
use crate::domain::group::{GroupAxis, parse_pair};
use crate::domain::money::MoneyError;
use crate::store::{ReportFilter, StoreError};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A calendar date by the program's one date reader (`YYYY-MM-DD` always; the computer's own
/// order for a year-last date); impossible days (2026-02-30) are refused.
pub fn date(option: &'static str, text: &str) -> Result<NaiveDate> {
    crate::domain::date::read_date(text).map_err(|source| CliError::BadDate { option, source })
}

pub fn optional_date(option: &'static str, text: Option<&str>) -> Result<Option<NaiveDate>> {
    text.map(|t| date(option, t)).transpose()
}

/// Today on this computer's calendar: what a clerk means when no date is given.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// An amount through one of `domain::money`'s parsers, a refusal naming the option.
pub fn money(
    option: &'static str,
    text: &str,
    parse: fn(&str) -> std::result::Result<Decimal, MoneyError>,
) -> Result<Decimal> {
    parse(text).map_err(|source| CliError::Money { option, source })
}

pub fn role(text: &str) -> std::result::Result<Role, String> {
    Role::parse(text).ok_or_else(|| "expected customer, vendor or both".to_string())
}

/// The customers a report covers. Group pairs must name an axis and a value
/// that exist: a typo would otherwise print an empty report that looks true.
pub fn report_filter(
    groups: &[String],
    role: Option<Role>,
    person: Option<String>,
    axes: &[GroupAxis],
) -> Result<ReportFilter> {
    let mut pairs = Vec::with_capacity(groups.len());
    for text in groups {
        let (axis, value) = parse_pair(text)?;
        let found = axes.iter().find(|a| a.name.eq_ignore_ascii_case(&axis)).ok_or(StoreError::UnknownAxis(axis))?;
        let value = found
            .values
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(&value))
            .ok_or_else(|| StoreError::UnknownGroupValue { axis: found.name.clone(), value })?;
        pairs.push((found.name.clone(), value.name.clone()));
    }
    let person = person.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
    Ok(ReportFilter { groups: pairs, role, person_in_charge: person })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert_eq!(date("--date", " 2026-02-28 ").unwrap(), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(date("--date", "2026/2/3").unwrap(), NaiveDate::from_ymd_opt(2026, 2, 3).unwrap());
        for bad in ["2026-02-30", "26-02-03-1", "", "2026-02-03x", "+2026-02-0", "03/04/2026"] {
            let message = date("--date", bad).unwrap_err().to_string();
            assert!(
                message.starts_with("--date: ") && message.contains("is not a date") || message.contains("could be"),
                "{bad}: {message}"
            );
        }
        assert_eq!(
            date("--date", "2026-02-30").unwrap_err().to_string(),
            "--date: \u{201c}2026-02-30\u{201d} is not a date: February 2026 has 28 days; write it as 2026-03-31"
        );
    }
}
