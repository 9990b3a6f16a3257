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
//! bare digits and its endings of four digits or more ("0100" and "5550100"
//! find "02-555-0100"). A query with punctuation ("50%", "t_s") must also
//! contain that punctuation literally.

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

/// Hangul, CJK ideographs and kana: scripts written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

fn push_word_and_endings(word: &str, out: &mut Vec<String>) {
    out.push(word.to_string());
    if word.chars().any(is_unspaced_script) {
        let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        // Endings of two or more characters; a single character is too common to be useful.
        for &start in starts.iter().skip(1).take(starts.len().saturating_sub(2)) {
            out.push(word[start..].to_string());
        }
    }
}

fn push_phone(phone: &str, out: &mut Vec<String>) {
    for word in words(phone) {
        out.push(word);
    }
    let bare = text::digits(phone);
    if bare.len() >= 4 {
        out.push(bare.clone());
        for start in 1..=bare.len() - 4 {
            out.push(bare[start..].to_string());
        }
    }
}

/// The words the search index holds for a customer, space-separated.
pub fn search_document(customer: &Customer) -> String {
    let mut out: Vec<String> = Vec::with_capacity(32);
    let add_text = |text: &str, out: &mut Vec<String>| {
        for word in words(text) {
            push_word_and_endings(&word, out);
        }
    };
    add_text(&customer.code, &mut out);
    add_text(&customer.name, &mut out);
    add_text(&customer.tax_id, &mut out);
    let tax = text::alnum_key(&customer.tax_id);
    if !tax.is_empty() {
        out.push(tax);
    }
    add_text(&customer.email, &mut out);
    push_phone(&customer.phone, &mut out);
    push_phone(&customer.mobile, &mut out);
    for contact in &customer.contacts {
        add_text(&contact.name, &mut out);
        add_text(&contact.email, &mut out);
        push_phone(&contact.phone, &mut out);
    }
    for value in customer.custom.values() {
        if let Some(text) = value.as_text() {
            add_text(text, &mut out);
        }
    }
    out.sort_unstable();
    out.dedup();
    out.join(" ")
}

/// Whether the query holds punctuation or symbols that must match literally.
pub fn has_punctuation(key: &str) -> bool {
    key.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace())
}

/// The index query for "every query word starts a word of the customer":
/// each word quoted (quotes doubled), as a prefix, all required.
pub fn index_query(key: &str) -> Option<String> {
    let terms: Vec<String> = words(key).iter().map(|w| format!("\"{}\"*", w.replace('"', "\"\""))).collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;
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
            "5550100",
            "0100",
            "555",
            "1234567890",
            "kim",
            "minji",
        ] {
            assert!(words.iter().any(|w| w == expected), "{expected} missing from {words:?}");
        }
        assert!(!words.iter().any(|w| w == "사"), "single-character endings are left out");
        assert!(!words.iter().any(|w| w == "100"), "phone endings start at four digits");
    }

    #[test]
    fn index_query_quotes_every_word() {
        assert_eq!(index_query("Clear market").as_deref(), Some("\"clear\"* AND \"market\"*"));
        assert_eq!(index_query("'); DROP").as_deref(), Some("\"drop\"*"));
        assert_eq!(index_query("%_ -"), None);
        assert!(has_punctuation("50%") && !has_punctuation("한빛 상사"));
    }
}
