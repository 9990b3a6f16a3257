//! Zero-padded number formats (`00000`, `000-00-00000`, `"KR-"0000`): a ZIP code, phone number,
//! tax ID or code kept as a number shows in Excel as 04240 and must be imported as 04240, not 4240.
//! Only formats made of digit placeholders and literal text are recognised; dates, currency,
//! percentages, decimals and thousands separators are left to the plain number.

/// One piece of a digit pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// `0` shows a digit or 0, `#` a digit or nothing, `?` a digit or a space.
    Digit(char),
    Literal(String),
}

/// A number format that shows whole numbers digit by digit, with literal text between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DigitPattern {
    parts: Vec<Part>,
}

/// Excel's own limit: past 15 digits a number is no longer an exact whole number.
const MAX_WHOLE: f64 = 1e15;

impl DigitPattern {
    /// The pattern of a format code, when it is one that changes how a whole number reads: at
    /// least two `0` placeholders, or one with literal text (`"No. "0`). Only the first section
    /// (the one for positive numbers) is read; a code with a section for negatives is still a
    /// pattern for the positives.
    pub(super) fn parse(code: &str) -> Option<DigitPattern> {
        let mut parts = Vec::new();
        let mut chars = code.chars();
        let literal = |parts: &mut Vec<Part>, text: &str| match parts.last_mut() {
            Some(Part::Literal(s)) => s.push_str(text),
            _ => parts.push(Part::Literal(text.to_string())),
        };
        while let Some(c) = chars.next() {
            match c {
                '0' | '#' | '?' => parts.push(Part::Digit(c)),
                ';' => break,
                '"' => {
                    let mut quoted = String::new();
                    loop {
                        match chars.next() {
                            Some('"') => break,
                            Some(q) => quoted.push(q),
                            None => return None,
                        }
                    }
                    literal(&mut parts, &quoted);
                }
                '\\' => literal(&mut parts, &chars.next()?.to_string()),
                // "_x" leaves the width of x blank (used to line up with a closing bracket).
                '_' => {
                    chars.next()?;
                    literal(&mut parts, " ");
                }
                '-' | ' ' | '(' | ')' | '/' | ':' | '+' => literal(&mut parts, &c.to_string()),
                // Anything else is a decimal point, a thousands separator, a percent sign, an
                // exponent, a date or time code, a currency sign, a colour or condition in
                // brackets, text (@) or a fill (*): not a digit pattern.
                _ => return None,
            }
        }
        let zeros = parts.iter().filter(|p| **p == Part::Digit('0')).count();
        let literals = parts.iter().any(|p| matches!(p, Part::Literal(_)));
        let digits = parts.iter().any(|p| matches!(p, Part::Digit(_)));
        (digits && (zeros >= 2 || (zeros >= 1 && literals))).then_some(DigitPattern { parts })
    }

    /// The number as Excel shows it in this format: a whole number from 0 below 10^15, its
    /// digits filled into the placeholders from the right, the leftmost taking any extra digits.
    /// `None` for fractions and negative numbers, which read as plain numbers.
    pub(super) fn render(&self, value: f64) -> Option<String> {
        if !(0.0..MAX_WHOLE).contains(&value) || value.fract() != 0.0 {
            return None;
        }
        let digits = format!("{}", value as u64);
        let digits = if digits == "0" { "" } else { digits.as_str() };
        let placeholders = self.parts.iter().filter(|p| matches!(p, Part::Digit(_))).count();
        // Digits beyond the placeholders all go to the first one.
        let extra = digits.len().saturating_sub(placeholders);
        let mut remaining = digits.chars();
        let mut out = String::new();
        let mut seen = 0;
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Digit(kind) => {
                    seen += 1;
                    if seen == 1 {
                        out.extend(remaining.by_ref().take(extra));
                    }
                    // Placeholders past the digits' start take the digits; those before them pad.
                    let pads = placeholders.saturating_sub(digits.len());
                    if seen > pads {
                        out.extend(remaining.next());
                    } else {
                        match kind {
                            '0' => out.push('0'),
                            '?' => out.push(' '),
                            _ => {}
                        }
                    }
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(code: &str, value: f64) -> Option<String> {
        DigitPattern::parse(code)?.render(value)
    }

    #[test]
    fn zero_padded_codes_read_as_excel_shows_them() {
        assert_eq!(shown("00000", 4240.0).as_deref(), Some("04240"));
        assert_eq!(shown("000-00-00000", 1234567890.0).as_deref(), Some("123-45-67890"));
        assert_eq!(shown("000-00-00000", 12345678.0).as_deref(), Some("001-23-45678"));
        assert_eq!(shown("0000000000", 212345678.0).as_deref(), Some("0212345678"));
        assert_eq!(shown("00000", 123456.0).as_deref(), Some("123456"), "more digits than placeholders");
        assert_eq!(shown("00000", 0.0).as_deref(), Some("00000"));
        assert_eq!(shown("\"KR-\"0000", 12.0).as_deref(), Some("KR-0012"));
        assert_eq!(shown("000\\-0000", 1234.0).as_deref(), Some("000-1234"));
        assert_eq!(shown("(000) 000-0000", 2125551234.0).as_deref(), Some("(212) 555-1234"));
        assert_eq!(shown("###-0000", 51234.0).as_deref(), Some("5-1234"));
        assert_eq!(shown("00000;-00000", 42.0).as_deref(), Some("00042"));
        assert_eq!(shown("00000", 4240.5), None, "a fraction reads as a number");
        assert_eq!(shown("00000", -4240.0), None);
    }

    #[test]
    fn other_formats_are_not_digit_patterns() {
        for code in [
            "General",
            "0",
            "#",
            "0.00",
            "#,##0",
            "0%",
            "0.00E+00",
            "yyyy-mm-dd",
            "mm/dd",
            "[Red]00000",
            "$00000",
            "@",
            "*000",
            "\"unterminated",
        ] {
            assert_eq!(DigitPattern::parse(code), None, "{code}");
        }
        assert!(DigitPattern::parse("\"No. \"0").is_some());
    }
}
