//! Money and percentages as exact decimals: parsing what a clerk types and showing it back.

use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("\"{0}\" is not an amount; write digits with an optional decimal point, e.g. 1250.50")]
    NotANumber(String),
    #[error("{0} has more than {1} decimal places")]
    TooManyDecimals(String, u32),
    #[error("{0} must not be negative")]
    Negative(String),
    #[error("{0} is out of range: a percentage must be between 0 and 100")]
    PercentOutOfRange(String),
}

/// Most decimals an amount may carry; enough for any currency's minor unit.
pub const AMOUNT_DECIMALS: u32 = 4;

/// The largest amount, price or total the book takes: vouchers keep money as whole
/// ten-thousandths in a 64-bit integer (at most about 9.2 × 10^14), and arithmetic on larger
/// figures would overflow. 10^14 leaves room for tax on top.
pub const MAX_AMOUNT: i64 = 100_000_000_000_000;

/// Parses an amount as typed: thousands separators (`,`) and a leading
/// currency symbol are tolerated, anything else that is not a number is refused.
pub fn parse_amount(text: &str) -> Result<Decimal, MoneyError> {
    let cleaned: String = text
        .trim()
        .trim_start_matches(['$', '€', '£', '₩', '¥'])
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    let valid_shape = !cleaned.is_empty()
        && cleaned
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')))
        && cleaned.matches('.').count() <= 1
        && cleaned.chars().any(|c| c.is_ascii_digit());
    if !valid_shape {
        return Err(MoneyError::NotANumber(text.trim().to_string()));
    }
    let value = Decimal::from_str(&cleaned).map_err(|_| MoneyError::NotANumber(text.trim().to_string()))?;
    if value.scale() > AMOUNT_DECIMALS {
        return Err(MoneyError::TooManyDecimals(text.trim().to_string(), AMOUNT_DECIMALS));
    }
    Ok(value.normalize())
}

/// An amount that may not be negative (credit limits, prices).
pub fn parse_non_negative_amount(text: &str) -> Result<Decimal, MoneyError> {
    let value = parse_amount(text)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(MoneyError::Negative(text.trim().to_string()));
    }
    Ok(value)
}

/// A percentage between 0 and 100, with at most 4 decimals; a trailing `%` is allowed.
pub fn parse_percent(text: &str) -> Result<Decimal, MoneyError> {
    let value = parse_amount(text.trim().trim_end_matches('%'))?;
    if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return Err(MoneyError::PercentOutOfRange(text.trim().to_string()));
    }
    Ok(value)
}

/// `1234567.5` with symbol `$` -> `$1,234,567.50`: two decimals at least, more if the value has them.
pub fn format_amount(value: Decimal, symbol: &str) -> String {
    let negative = value.is_sign_negative() && !value.is_zero();
    let mut abs = value.abs().normalize();
    if abs.scale() < 2 {
        abs.rescale(2);
    }
    let text = abs.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if negative { "-" } else { "" };
    if fraction.is_empty() { format!("{sign}{symbol}{grouped}") } else { format!("{sign}{symbol}{grouped}.{fraction}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn parses_what_clerks_type() {
        assert_eq!(parse_amount("1,250.50").unwrap(), dec!(1250.5));
        assert_eq!(parse_amount("$ 10000").unwrap(), dec!(10000));
        assert_eq!(parse_amount("-3.25").unwrap(), dec!(-3.25));
    }

    #[test]
    fn refuses_non_numbers_and_excess_decimals() {
        assert!(matches!(parse_amount("12a"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse_amount(""), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse_amount("1.2.3"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse_amount("1e5"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse_amount("0.00001"), Err(MoneyError::TooManyDecimals(..))));
        assert!(matches!(parse_non_negative_amount("-1"), Err(MoneyError::Negative(_))));
        assert!(matches!(parse_percent("101"), Err(MoneyError::PercentOutOfRange(_))));
        assert_eq!(parse_percent("12.5%").unwrap(), dec!(12.5));
    }

    #[test]
    fn formats_with_grouping_and_two_decimals() {
        assert_eq!(format_amount(dec!(1234567.5), "$"), "$1,234,567.50");
        assert_eq!(format_amount(dec!(-12), "₩"), "-₩12.00");
        assert_eq!(format_amount(dec!(0.125), ""), "0.125");
        assert_eq!(format_amount(dec!(100), ""), "100.00");
    }
}
