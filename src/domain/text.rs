//! Text normalisation shared by search, duplicate detection and validation.

use unicode_normalization::UnicodeNormalization;

/// The longest free text we accept in one field. Long enough for any real
/// memo, short enough that a pasted file by mistake is refused clearly.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Names, codes, phones and other one-line fields.
pub const MAX_LINE_CHARS: usize = 500;

/// Compatibility-normalised, lower-cased, trimmed, with runs of white space
/// folded to one space: the form in which search compares text.
pub fn search_key(text: &str) -> String {
    // ASCII is already in normal form: skip the NFKC pass, the costly part of a bulk load.
    let folded: String =
        if text.is_ascii() { text.to_ascii_lowercase() } else { text.nfkc().flat_map(char::to_lowercase).collect() };
    let mut key = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// Only the digits, for phone numbers ("+82 (2) 555-0100" -> "8225550100").
pub fn digits(text: &str) -> String {
    if text.is_ascii() {
        return text.chars().filter(char::is_ascii_digit).collect();
    }
    text.nfkc().filter(char::is_ascii_digit).collect()
}

/// Letters and digits only, lower-cased: tax IDs written with or without dashes compare equal.
pub fn alnum_key(text: &str) -> String {
    if text.is_ascii() {
        return text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    }
    text.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// Legal-form words that do not make two company names different.
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "sa",
    "sarl",
    "srl",
    "bv",
    "nv",
    "plc",
    "pty",
    "oy",
    "ab",
    "kk",
    "주식회사",
    "주",
    "유한회사",
    "유",
    "有限公司",
    "株式会社",
];

/// The key under which two customer names count as "the same name" for the
/// duplicate warning: case, punctuation, spacing and legal forms ignored.
pub fn duplicate_name_key(name: &str) -> String {
    let lowered: String = name.nfkc().flat_map(char::to_lowercase).collect();
    let spaced: String = lowered.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().filter(|word| !LEGAL_FORMS.contains(word)).collect::<String>()
}

/// Counts characters, not bytes, so Korean and emoji are measured as people see them.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Whether a one-line text holds a control character (a tab, a line break, an escape, a NUL):
/// stored, it would print raw in a terminal or break a line in a list.
pub fn has_control(value: &str) -> bool {
    value.chars().any(char::is_control)
}

/// Whether a multi-line text (a memo, an address) holds a control character other than a line
/// break or a tab.
pub fn has_stray_control(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// The one rule for a one-line text (a name, a reference): at most [`MAX_LINE_CHARS`]
/// characters; the sentence names the field and how long it is.
pub fn line_too_long(label: &str, value: &str) -> Option<String> {
    let chars = char_len(value);
    (chars > MAX_LINE_CHARS).then(|| format!("{label} is too long ({chars} characters; at most {MAX_LINE_CHARS})"))
}

/// Columns a character takes in a terminal or a narrow box. East Asian wide characters and most
/// emoji take two; combining marks none. An approximation of Unicode's
/// East Asian Width that covers the scripts a customer book holds.
fn char_width(c: char) -> usize {
    let code = c as u32;
    match code {
        0 => 0,
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F | 0x20D0..=0x20FF => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F680..=0x1F6FF
        | 0x1F900..=0x1F9FF
        | 0x1FA70..=0x1FAFF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Cuts `text` to at most `max` columns, marking the cut with "…"; line
/// breaks become spaces so one record stays on one line.
pub fn clip(text: &str, max: usize) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if width(&flat) <= max {
        return flat;
    }
    let mut clipped = String::new();
    let mut used = 0;
    for c in flat.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        clipped.push(c);
        used += w;
    }
    clipped.push('…');
    clipped
}

/// A count with its thousands grouped, as people read it: 1234567 -> "1,234,567".
pub fn thousands(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(width("Acme"), 4);
        assert_eq!(width("한빛상사"), 8);
        assert_eq!(width("北京🚀"), 6);
    }

    #[test]
    fn clip_respects_columns() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("한빛상사무역", 7), "한빛상…");
        assert!(width(&clip("abcdefghijkl", 5)) <= 5);
        assert_eq!(clip("two\nlines", 20), "two lines");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0_u64), "0");
        assert_eq!(thousands(999_u64), "999");
        assert_eq!(thousands(1_000_u64), "1,000");
        assert_eq!(thousands(32_767_u64), "32,767");
        assert_eq!(thousands(1_000_000_u64), "1,000,000");
    }

    #[test]
    fn search_key_folds_case_width_and_spaces() {
        assert_eq!(search_key("  ＡＣＭＥ   Trading "), "acme trading");
        assert_eq!(search_key("한빛 상사"), "한빛 상사");
    }

    #[test]
    fn duplicate_key_ignores_legal_form_and_punctuation() {
        assert_eq!(duplicate_name_key("Acme Trading, Inc."), duplicate_name_key("ACME trading"));
        assert_eq!(duplicate_name_key("(주)한빛상사"), duplicate_name_key("한빛상사"));
        assert_ne!(duplicate_name_key("Acme Trading"), duplicate_name_key("Acme Foods"));
    }

    #[test]
    fn digits_and_alnum() {
        assert_eq!(digits("+82 (2) 555-0100"), "8225550100");
        assert_eq!(alnum_key("123-45-67890"), "1234567890");
    }
}
