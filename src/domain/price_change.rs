//! Bulk changes to a price level: "set the level to the standard price ± N %", each result
//! rounded to the currency's decimals like any amount.

use super::money::parse_amount;
use super::voucher::Rounding;
use rust_decimal::Decimal;

/// The largest rise a bulk change takes; beyond it a typo (1000 for 10) is more likely than intent.
pub const MAX_RISE_PCT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceChangeError {
    #[error("type the change in percent, e.g. -10 for ten percent below the standard price, or 5 for five above")]
    Empty,
    #[error(
        "\"{0}\" is not a percentage; write e.g. -10 for ten percent below the standard price, or 5 for five above"
    )]
    NotAPercent(String),
    #[error("{0} % would make prices negative; a price can go down by 100 % at most")]
    BelowZero(String),
    #[error("{0} % is more than a bulk change takes (at most +{MAX_RISE_PCT} %)")]
    TooLarge(String),
}

/// Reads what a clerk types for a change: `-10`, `+5`, `7.5%`, `−10 %` (a typographic minus too).
pub fn parse_percent_change(text: &str) -> Result<Decimal, PriceChangeError> {
    let typed = text.trim();
    if typed.is_empty() {
        return Err(PriceChangeError::Empty);
    }
    let cleaned = typed.replace('−', "-");
    let cleaned = cleaned.trim().trim_end_matches('%').trim();
    let value = parse_amount(cleaned).map_err(|_| PriceChangeError::NotAPercent(typed.to_string()))?;
    if value < -Decimal::ONE_HUNDRED {
        return Err(PriceChangeError::BelowZero(value.to_string()));
    }
    if value > MAX_RISE_PCT {
        return Err(PriceChangeError::TooLarge(value.to_string()));
    }
    Ok(value)
}

/// The standard price moved by `percent`, rounded half away from zero to the currency's decimals.
pub fn price_from_standard(standard: Decimal, percent: Decimal, rounding: Rounding) -> Decimal {
    let factor = (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED;
    rounding.round(standard * factor).max(Decimal::ZERO).normalize()
}

/// "standard − 10 %", "standard + 5 %", "the standard price": how a change reads in a confirmation.
pub fn describe_change(percent: Decimal) -> String {
    let percent = percent.normalize();
    match percent.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Less => format!("the standard price − {} %", -percent),
        std::cmp::Ordering::Greater => format!("the standard price + {percent} %"),
        std::cmp::Ordering::Equal => "the standard price".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use rust_decimal_macros::dec;

    #[rstest]
    #[case("-10", dec!(-10))]
    #[case("+5", dec!(5))]
    #[case(" 7.5% ", dec!(7.5))]
    #[case("−10 %", dec!(-10))]
    #[case("-100", dec!(-100))]
    #[case("1000", dec!(1000))]
    fn changes_are_read_as_typed(#[case] typed: &str, #[case] expected: Decimal) {
        assert_eq!(parse_percent_change(typed), Ok(expected));
    }

    #[rstest]
    #[case("ten", PriceChangeError::NotAPercent("ten".into()))]
    #[case(" ", PriceChangeError::Empty)]
    #[case("-100.01", PriceChangeError::BelowZero("-100.01".into()))]
    #[case("1000.5", PriceChangeError::TooLarge("1000.5".into()))]
    fn bad_changes_are_refused_with_a_reason(#[case] typed: &str, #[case] expected: PriceChangeError) {
        assert_eq!(parse_percent_change(typed), Err(expected));
    }

    #[rstest]
    #[case(dec!(100), dec!(-10), 2, dec!(90))]
    #[case(dec!(19.99), dec!(-15), 2, dec!(16.99))] // 16.9915
    #[case(dec!(0.05), dec!(-50), 2, dec!(0.03))] // 0.025 rounds away from zero
    #[case(dec!(1234), dec!(5), 0, dec!(1296))] // 1295.7
    #[case(dec!(80), dec!(-100), 2, dec!(0))]
    #[case(dec!(0), dec!(25), 2, dec!(0))]
    fn a_level_price_is_the_standard_moved_and_rounded(
        #[case] standard: Decimal,
        #[case] percent: Decimal,
        #[case] decimals: u32,
        #[case] expected: Decimal,
    ) {
        assert_eq!(price_from_standard(standard, percent, Rounding { decimals }), expected);
    }

    #[test]
    fn a_change_reads_as_a_sentence_part() {
        assert_eq!(describe_change(dec!(-10.0)), "the standard price − 10 %");
        assert_eq!(describe_change(dec!(5)), "the standard price + 5 %");
        assert_eq!(describe_change(dec!(0)), "the standard price");
    }
}
