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

/// The one rule for a one-line text (a name, a reference): at most [`MAX_LINE_CHARS`]
/// characters; the sentence names the field and how long it is.
pub fn line_too_long(label: &str, value: &str) -> Option<String> {
    let chars = char_len(value);
    (chars > MAX_LINE_CHARS).then(|| format!("{label} is too long ({chars} characters; at most {MAX_LINE_CHARS})"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
