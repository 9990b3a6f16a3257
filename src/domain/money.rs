//! Money and percentages as exact decimals: parsing what a clerk types and showing it back.

use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurrencyError {
    #[error("Enter a currency symbol, e.g. $, € or ₩.")]
    NoSymbol,
    #[error(
        "The currency symbol \u{201c}{0}\u{201d} is too long: use at most {MAX_SYMBOL_CHARS} characters, e.g. $ or CHF."
    )]
    SymbolTooLong(String),
    #[error("A currency carries 0 to {AMOUNT_DECIMALS} decimals, not {0}.")]
    TooManyDecimals(u32),
}

/// Longest currency symbol accepted: room for "CHF" or "US$", not for a sentence.
pub const MAX_SYMBOL_CHARS: usize = 5;

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
    let value = parse_amount_any_decimals(text)?;
    if value.scale() > AMOUNT_DECIMALS {
        return Err(MoneyError::TooManyDecimals(text.trim().to_string(), AMOUNT_DECIMALS));
    }
    Ok(value)
}

/// An amount as a sheet gives it, with as many decimals as it has: a line amount computed in a
/// spreadsheet (957.5775, or 1328.94414 after a discount) is rounded to the book's currency
/// where it becomes a line, not refused.
pub fn parse_amount_any_decimals(text: &str) -> Result<Decimal, MoneyError> {
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

/// The office's currency: the symbol amounts are shown with and how many decimals its
/// amounts carry (₩ and ¥ none, $ and € two). Line amounts round to `decimals`, and every
/// amount on screen and in exports shows at least that many places.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Currency {
    pub symbol: String,
    pub decimals: u32,
}

impl Default for Currency {
    fn default() -> Currency {
        Currency { symbol: "$".into(), decimals: 2 }
    }
}

/// Currencies offered by name, with their usual decimals: (symbol, decimals, name).
pub const COMMON_CURRENCIES: [(&str, u32, &str); 10] = [
    ("$", 2, "US dollar"),
    ("₩", 0, "Korean won"),
    ("€", 2, "Euro"),
    ("£", 2, "Pound sterling"),
    ("¥", 0, "Japanese yen"),
    ("¥", 2, "Chinese yuan"),
    ("NT$", 0, "New Taiwan dollar"),
    ("HK$", 2, "Hong Kong dollar"),
    ("S$", 2, "Singapore dollar"),
    ("CHF", 2, "Swiss franc"),
];

impl Currency {
    pub fn new(symbol: impl Into<String>, decimals: u32) -> Currency {
        Currency { symbol: symbol.into(), decimals: decimals.min(AMOUNT_DECIMALS) }
    }

    /// A currency as a clerk sets it: a symbol of 1 to 5 characters (trimmed) and 0 to 4 decimals.
    pub fn checked(symbol: &str, decimals: u32) -> Result<Currency, CurrencyError> {
        let symbol = symbol.trim();
        if symbol.is_empty() {
            return Err(CurrencyError::NoSymbol);
        }
        if symbol.chars().count() > MAX_SYMBOL_CHARS {
            return Err(CurrencyError::SymbolTooLong(symbol.to_string()));
        }
        if decimals > AMOUNT_DECIMALS {
            return Err(CurrencyError::TooManyDecimals(decimals));
        }
        Ok(Currency::new(symbol, decimals))
    }

    /// `1234567.5` -> `$1,234,567.50`; `1234567` -> `₩1,234,567`: at least the currency's
    /// decimals, more when the value has them (a unit price of ₩12.5 stays 12.5).
    pub fn format(&self, value: Decimal) -> String {
        format_with_decimals(value, &self.symbol, self.decimals)
    }

    /// How an amount looks in this currency, for settings to preview: `$1,234.50`, `₩1,235`.
    pub fn example(&self) -> String {
        self.format(self.round(Decimal::new(12345, 1)))
    }

    /// What an amount rounds to in this currency, half away from zero.
    pub fn round(&self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(self.decimals, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    /// A guess from the computer's language tag (`ko-KR`, `en-GB`, `de`), offered on a new book:
    /// the clerk can pick another. Unknown places get the dollar.
    pub fn for_locale(tag: &str) -> Currency {
        let tag = tag.replace('_', "-");
        let mut parts = tag.split(['-', '.', '@']);
        let language = parts.next().unwrap_or("").to_ascii_lowercase();
        let region =
            parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic())).map(str::to_ascii_uppercase);
        let pick = |symbol: &str, decimals: u32| Currency::new(symbol, decimals);
        match (language.as_str(), region.as_deref()) {
            ("ko", _) | (_, Some("KR")) => pick("₩", 0),
            ("ja", _) | (_, Some("JP")) => pick("¥", 0),
            (_, Some("TW")) => pick("NT$", 0),
            (_, Some("HK")) => pick("HK$", 2),
            (_, Some("SG")) => pick("S$", 2),
            ("zh", _) | (_, Some("CN")) => pick("¥", 2),
            (_, Some("GB")) => pick("£", 2),
            (_, Some("CH")) => pick("CHF", 2),
            (_, Some("US")) => pick("$", 2),
            (
                "de" | "fr" | "es" | "it" | "nl" | "pt" | "fi" | "el" | "sk" | "sl" | "et" | "lv" | "lt" | "ga" | "mt",
                _,
            ) => pick("€", 2),
            _ => Currency::default(),
        }
    }
}

/// `1234567.5` in dollars -> `$1,234,567.50`: the currency's decimals at least, more if the
/// value has them; the one way every screen, report, message and export writes an amount.
pub fn format_amount(value: Decimal, currency: &Currency) -> String {
    currency.format(value)
}

fn format_with_decimals(value: Decimal, symbol: &str, decimals: u32) -> String {
    let negative = value.is_sign_negative() && !value.is_zero();
    let mut abs = value.abs().normalize();
    if abs.scale() < decimals {
        abs.rescale(decimals);
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
        assert_eq!(parse_amount_any_decimals("1,328.94414").unwrap(), dec!(1328.94414));
        assert!(matches!(parse_amount_any_decimals("12a"), Err(MoneyError::NotANumber(_))));
    }

    #[test]
    fn formats_with_grouping_and_two_decimals() {
        let dollar = Currency::default();
        assert_eq!(format_amount(dec!(1234567.5), &dollar), "$1,234,567.50");
        assert_eq!(format_amount(dec!(-12), &Currency::new("₩", 2)), "-₩12.00");
        assert_eq!(format_amount(dec!(0.125), &Currency::new("", 2)), "0.125");
        assert_eq!(format_amount(dec!(100), &Currency::new("", 2)), "100.00");
    }

    #[test]
    fn a_currency_without_decimals_shows_whole_amounts() {
        let won = Currency::new("₩", 0);
        assert_eq!(won.format(dec!(1234567)), "₩1,234,567");
        assert_eq!(won.format(dec!(1234567.00)), "₩1,234,567");
        assert_eq!(won.format(dec!(12.5)), "₩12.5", "a unit price keeps the decimals it has");
        assert_eq!(won.round(dec!(1234.5)), dec!(1235));
        assert_eq!(Currency::new("€", 2).format(dec!(-3)), "-€3.00");
        assert_eq!(Currency::new("$", 9).decimals, AMOUNT_DECIMALS);
    }

    #[test]
    fn a_currency_needs_a_short_symbol_and_at_most_four_decimals() {
        assert_eq!(Currency::checked(" ₩ ", 0), Ok(Currency::new("₩", 0)));
        assert_eq!(Currency::checked("", 2), Err(CurrencyError::NoSymbol));
        assert!(matches!(Currency::checked("EUROS!", 2), Err(CurrencyError::SymbolTooLong(_))));
        assert!(Currency::checked("₩₩₩₩₩", 0).is_ok(), "five characters, counted as characters, not bytes");
        assert_eq!(Currency::checked("$", 5), Err(CurrencyError::TooManyDecimals(5)));
    }

    #[test]
    fn the_computer_language_suggests_a_currency() {
        assert_eq!(Currency::for_locale("ko-KR"), Currency::new("₩", 0));
        assert_eq!(Currency::for_locale("ko_KR.UTF-8"), Currency::new("₩", 0));
        assert_eq!(Currency::for_locale("en-GB"), Currency::new("£", 2));
        assert_eq!(Currency::for_locale("de-DE"), Currency::new("€", 2));
        assert_eq!(Currency::for_locale("zh-Hans-CN"), Currency::new("¥", 2));
        assert_eq!(Currency::for_locale("zh-TW"), Currency::new("NT$", 0));
        assert_eq!(Currency::for_locale("ja"), Currency::new("¥", 0));
        assert_eq!(Currency::for_locale("en-US"), Currency::default());
        assert_eq!(Currency::for_locale(""), Currency::default());
    }
}
