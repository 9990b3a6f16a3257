//! What a customer search asks for, and the words each customer is found by.
//!
//! Ranking rule (applied by the store): an exact code match first; then
//! customers whose name, code, tax ID or phone starts with the query (name
//! matches alphabetically first); then every other customer with a word
//! starting with each word of the query, among its code, name, tax ID, phones,
//! e-mail, contact names and phones, and custom text fields.
//!
//! "Words" are runs of letters and digits. So that a clerk finds what sits
//! inside a word too, the word list also holds: every ending (of two or more
//! characters) of words written in Hangul, Chinese or Japanese, which are
//! written without spaces ("빛상사" finds "한빛상사"); each phone number as
//! bare digits; and for the customer's own phone and mobile, the bare digits
//! reversed behind a mark, so that a query word of four digits or more also
//! finds the phones it ends ("0100" and "5550100" find "02-555-0100"). One
//! reversed word per phone keeps the index far smaller than storing every
//! ending. A query with punctuation ("50%", "t_s") must also contain that
//! punctuation literally.

use super::customer::{Customer, Role};
use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActiveFilter {
    #[default]
    ActiveOnly,
    InactiveOnly,
    All,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub text: String,
    /// (axis name, value name) pairs; a customer must hold every one.
    pub groups: Vec<(String, String)>,
    pub role: Option<Role>,
    pub active: ActiveFilter,
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> SearchQuery {
        SearchQuery { text: String::new(), groups: Vec::new(), role: None, active: ActiveFilter::All, limit: 100 }
    }
}

impl SearchQuery {
    pub fn text(text: impl Into<String>) -> SearchQuery {
        SearchQuery { text: text.into(), ..SearchQuery::default() }
    }

    /// The query as compared with stored keys.
    pub fn key(&self) -> String {
        text::search_key(&self.text)
    }
}

/// Role filter semantics: a "both" record is a customer and a vendor.
pub fn role_matches(filter: Role, role: Role) -> bool {
    filter == role || role == Role::Both
}

/// Splits text into search words: lower-cased, compatibility-normalised runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    text::search_key(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The shortest run of digits looked up as the ending of a phone number.
const MIN_PHONE_ENDING: usize = 4;

/// Starts the reversed-digits word of a phone. NFKC folds this modifier letter
/// to a plain "r", so no query word typed by a user can start with it, and a
/// query only reaches these words through [`index_query`].
const REVERSED_DIGITS_MARK: char = '\u{02B3}';

fn reversed_digits_word(digits: &str) -> String {
    std::iter::once(REVERSED_DIGITS_MARK).chain(digits.chars().rev()).collect()
}

/// Hangul, CJK ideographs and kana: scripts written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

/// The index text under construction: words separated by spaces. Repeated
/// words are harmless (the index records only which customers hold a word).
struct Doc(String);

impl Doc {
    fn push(&mut self, word: &str) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        self.0.push_str(word);
    }

    /// Every word of `text`, with the endings of words in unspaced scripts.
    fn text(&mut self, text: &str) {
        let key = text::search_key(text);
        for word in key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            self.push(word);
            if !word.is_ascii() && word.chars().any(is_unspaced_script) {
                // Endings of two or more characters; a single character is too common to be useful.
                let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
                for &start in starts.iter().skip(1).take(starts.len().saturating_sub(2)) {
                    self.push(&word[start..]);
                }
            }
        }
    }

    /// A phone's groups, its bare digits and, when asked, the bare digits reversed.
    fn phone(&mut self, phone: &str, findable_by_ending: bool) {
        self.text(phone);
        let bare = text::digits(phone);
        if bare.len() >= MIN_PHONE_ENDING {
            self.push(&bare);
            if findable_by_ending {
                self.push(&reversed_digits_word(&bare));
            }
        }
    }
}

/// The words the search index holds for a customer, space-separated.
pub fn search_document(customer: &Customer) -> String {
    let mut doc = Doc(String::with_capacity(256));
    doc.text(&customer.code);
    doc.text(&customer.name);
    doc.text(&customer.tax_id);
    let tax = text::alnum_key(&customer.tax_id);
    if !tax.is_empty() {
        doc.push(&tax);
    }
    doc.text(&customer.email);
    doc.phone(&customer.phone, true);
    doc.phone(&customer.mobile, true);
    for contact in &customer.contacts {
        doc.text(&contact.name);
        doc.text(&contact.email);
        doc.phone(&contact.phone, false);
    }
    for value in customer.custom.values() {
        if let Some(text) = value.as_text() {
            doc.text(text);
        }
    }
    doc.0
}

/// Whether the query holds punctuation or symbols that must match literally.
pub fn has_punctuation(key: &str) -> bool {
    key.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace())
}

/// The index query for "every query word starts a word of the customer":
/// each word quoted (quotes doubled), as a prefix, all required. A word of
/// four digits or more may instead end the customer's phone or mobile.
pub fn index_query(key: &str) -> Option<String> {
    query_of_prefixes(key, |word| format!("\"{}\"*", word.replace('"', "\"\"")), " OR ", " AND ")
}

/// The rule of both index queries, in either's syntax: every query word a prefix (`prefix`), all
/// required (`and`); a word of four digits or more may instead (`or`) end a phone.
fn query_of_prefixes(key: &str, prefix: impl Fn(&str) -> String, or: &str, and: &str) -> Option<String> {
    let terms: Vec<String> = words(key)
        .iter()
        .map(|word| {
            if word.len() >= MIN_PHONE_ENDING && word.bytes().all(|b| b.is_ascii_digit()) {
                format!("({}{or}{})", prefix(word), prefix(&reversed_digits_word(word)))
            } else {
                prefix(word)
            }
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(and))
}

/// A word as SQLite's search index (`unicode61`, `remove_diacritics 2`) keeps and compares it:
/// Latin letters lose their accents ("café" is "cafe"); every other script is left as it is.
/// A book on a server folds its words and queries with this, so both find the same customers.
pub fn without_diacritics(word: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    let is_accented_latin = |c: char| matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF);
    if !word.chars().any(is_accented_latin) {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut plain = String::with_capacity(word.len());
    for c in word.chars() {
        if is_accented_latin(c) {
            plain.extend(std::iter::once(c).nfd().filter(|d| !matches!(*d as u32, 0x0300..=0x036F)));
        } else {
            plain.push(c);
        }
    }
    std::borrow::Cow::Owned(plain)
}

/// A search document's words as a server's index holds them (see [`without_diacritics`]),
/// space-separated.
pub fn server_index_words(doc: &str) -> String {
    doc.split(' ').filter(|w| !w.is_empty()).map(without_diacritics).collect::<Vec<_>>().join(" ")
}

/// [`index_query`] for a book on a PostgreSQL server, as a `tsquery`: each query word a quoted
/// prefix (`'word':*`), all required; a word of four digits or more may instead end a phone.
pub fn server_index_query(key: &str) -> Option<String> {
    let prefix = |word: &str| format!("'{}':*", without_diacritics(word).replace('\\', "\\\\").replace('\'', "''"));
    query_of_prefixes(key, prefix, " | ", " & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_query_asks_what_the_file_query_asks_in_tsquery_form() {
        assert_eq!(index_query("Acme 0100").unwrap(), "\"acme\"* AND (\"0100\"* OR \"\u{02B3}0010\"*)");
        assert_eq!(server_index_query("Acme 0100").unwrap(), "'acme':* & ('0100':* | '\u{02B3}0010':*)");
        assert_eq!(server_index_query("Café").unwrap(), "'cafe':*", "accents folded as unicode61 folds them");
        assert_eq!(without_diacritics("한빛상사"), "한빛상사");
        assert_eq!(server_index_words("café 빛상사 ʳ001"), "cafe 빛상사 ʳ001");
        assert_eq!(server_index_query("!!"), None);
    }
    use crate::domain::customer::Contact;

    fn words_of(customer: &Customer) -> Vec<String> {
        search_document(customer).split(' ').map(str::to_string).collect()
    }

    #[test]
    fn document_holds_contacts_phone_digits_and_endings() {
        let mut customer = Customer::new("(주)한빛상사 Acme-Trading");
        customer.phone = "02-555-0100".into();
        customer.tax_id = "123-45-67890".into();
        customer.contacts.push(Contact { name: "Kim Minji".into(), ..Contact::default() });
        let words = words_of(&customer);
        for expected in [
            "주",
            "한빛상사",
            "빛상사",
            "상사",
            "acme",
            "trading",
            "025550100",
            "\u{02B3}001055520",
            "555",
            "1234567890",
            "kim",
            "minji",
        ] {
            assert!(words.iter().any(|w| w == expected), "{expected} missing from {words:?}");
        }
        assert!(!words.iter().any(|w| w == "사"), "single-character endings are left out");
        assert!(!words.iter().any(|w| w == "5550100"), "phone endings are found through the reversed word");
    }

    #[test]
    fn only_the_own_phones_are_reversed() {
        let mut customer = Customer::new("Acme");
        customer.mobile = "010-1234-5678".into();
        customer.contacts.push(Contact { name: "Kim".into(), phone: "02-555-0100".into(), ..Contact::default() });
        let reversed: Vec<String> =
            words_of(&customer).into_iter().filter(|w| w.starts_with(REVERSED_DIGITS_MARK)).collect();
        assert_eq!(reversed, ["\u{02B3}87654321010"]);
    }

    #[test]
    fn digit_words_may_also_end_a_phone() {
        assert_eq!(index_query("kim 0100").as_deref(), Some("\"kim\"* AND (\"0100\"* OR \"\u{02B3}0010\"*)"));
        assert_eq!(index_query("555").as_deref(), Some("\"555\"*"), "three digits are too few to look up as an ending");
        assert_eq!(index_query("a1234").as_deref(), Some("\"a1234\"*"));
    }

    #[test]
    fn index_query_quotes_every_word() {
        assert_eq!(index_query("Clear market").as_deref(), Some("\"clear\"* AND \"market\"*"));
        assert_eq!(index_query("'); DROP").as_deref(), Some("\"drop\"*"));
        assert_eq!(index_query("%_ -"), None);
        assert!(has_punctuation("50%") && !has_punctuation("한빛 상사"));
    }
}
