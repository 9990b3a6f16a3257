//! What a customer search asks for, and the text each customer is found by.
//!
//! Ranking rule (applied by the store): an exact code match first; then
//! customers whose name, code, tax ID, phone or e-mail starts with the query
//! (name matches alphabetically, then code, tax ID, phone and e-mail matches);
//! then every other customer containing the query anywhere in its searchable
//! text (code, name, tax ID, phones, e-mail, contact names, custom text fields).

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
        SearchQuery {
            text: String::new(),
            groups: Vec::new(),
            role: None,
            active: ActiveFilter::All,
            limit: 100,
        }
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

/// The one text the substring index holds for a customer. Phones appear as
/// typed and as digits only, so "5550100" finds "555-0100".
pub fn search_document(customer: &Customer) -> String {
    let mut parts: Vec<String> = vec![
        customer.code.clone(),
        customer.name.clone(),
        customer.tax_id.clone(),
        customer.phone.clone(),
        text::digits(&customer.phone),
        customer.mobile.clone(),
        text::digits(&customer.mobile),
        customer.email.clone(),
    ];
    for contact in &customer.contacts {
        parts.push(contact.name.clone());
        parts.push(contact.phone.clone());
        parts.push(contact.email.clone());
    }
    for value in customer.custom.values() {
        if let Some(text) = value.as_text() {
            parts.push(text.to_string());
        }
    }
    let joined = parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" \u{1F} ");
    text::search_key(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::Contact;

    #[test]
    fn document_holds_contacts_and_phone_digits() {
        let mut customer = Customer::new("Acme Trading");
        customer.phone = "02-555-0100".into();
        customer.contacts.push(Contact { name: "Kim Minji".into(), ..Contact::default() });
        let doc = search_document(&customer);
        assert!(doc.contains("acme trading"));
        assert!(doc.contains("025550100"));
        assert!(doc.contains("kim minji"));
    }
}
