//! The customer (or vendor) profile, its validation and the change log between two versions.

use super::custom_field::{FieldDef, FieldError, FieldValue};
use super::text::{self, MAX_LINE_CHARS, MAX_TEXT_CHARS};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

keyword_enum!(Role { Customer = "customer" / "Customer", Vendor = "vendor" / "Vendor", Both = "both" / "Customer & vendor" });
keyword_enum!(EntityType { Company = "company" / "Company", Individual = "individual" / "Individual" });
keyword_enum!(OnExceed { Off = "off" / "Off", Warn = "warn" / "Warn", Block = "block" / "Block" });

/// How a customer's own action reads where it is left to the customer's groups.
pub const FROM_GROUP: &str = "(from group)";

/// A customer's own "when exceeded" action as a clerk reads it: Off, Warn, Block or "(from group)".
pub fn own_action_text(action: Option<OnExceed>) -> String {
    action.map_or_else(|| FROM_GROUP.to_string(), |action| action.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Address {
    pub lines: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        [&self.lines, &self.city, &self.region, &self.postal_code, &self.country]
            .iter()
            .all(|part| part.trim().is_empty())
    }

    /// One line for the at-a-glance view.
    pub fn one_line(&self) -> String {
        [&self.lines, &self.city, &self.region, &self.postal_code, &self.country]
            .iter()
            .map(|part| part.trim().replace('\n', ", "))
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub primary: bool,
}

/// One record for customers and vendors alike. `id` is `None` until stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    #[serde(skip)]
    pub id: Option<i64>,
    pub code: String,
    pub name: String,
    pub role: Role,
    pub entity_type: EntityType,
    pub tax_id: String,
    pub representative: String,
    pub business_type: String,
    pub business_item: String,
    pub phone: String,
    pub mobile: String,
    pub fax: String,
    pub email: String,
    pub website: String,
    pub billing_address: Address,
    pub shipping_address: Address,
    pub person_in_charge: String,
    pub memo: String,
    pub active: bool,
    pub price_level: String,
    pub discount_rate: Option<Decimal>,
    pub credit_limit: Option<Decimal>,
    pub age_limit_days: Option<u32>,
    /// The customer's own action on exceeding a limit; `None` takes it from the customer's
    /// group values (see `domain::terms`), so an own Off can override a group's Block.
    pub on_exceed: Option<OnExceed>,
    pub payment_terms_days: Option<u32>,
    pub contacts: Vec<Contact>,
    /// Group axis name -> value name; at most one value per axis.
    pub groups: BTreeMap<String, String>,
    /// Custom field key -> value.
    pub custom: BTreeMap<String, FieldValue>,
}

/// A problem with one field of a profile, named so a form can show it beside that field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ProfileError {
    /// The field's snake_case name (`name`, `email`, `custom:renewal`, `contacts[1].email`).
    pub field: String,
    pub message: String,
}

impl ProfileError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> ProfileError {
        ProfileError { field: field.into(), message: message.into() }
    }
}

impl From<FieldError> for ProfileError {
    fn from(error: FieldError) -> ProfileError {
        ProfileError::new("custom", error.to_string())
    }
}

/// One recorded difference between two versions of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
}

/// The longest payment terms or receivables age limit taken: ten years of days. A mistyped
/// 2,147,483,647 would put due dates past year 9999.
pub const MAX_DAYS: u32 = 3_650;

pub const MAX_CODE_CHARS: usize = 40;

impl Default for Customer {
    /// A new, active, empty profile.
    fn default() -> Customer {
        Customer {
            id: None,
            code: String::new(),
            name: String::new(),
            role: Role::Customer,
            entity_type: EntityType::Company,
            tax_id: String::new(),
            representative: String::new(),
            business_type: String::new(),
            business_item: String::new(),
            phone: String::new(),
            mobile: String::new(),
            fax: String::new(),
            email: String::new(),
            website: String::new(),
            billing_address: Address::default(),
            shipping_address: Address::default(),
            person_in_charge: String::new(),
            memo: String::new(),
            active: true,
            price_level: String::new(),
            discount_rate: None,
            credit_limit: None,
            age_limit_days: None,
            on_exceed: None,
            payment_terms_days: None,
            contacts: Vec::new(),
            groups: BTreeMap::new(),
            custom: BTreeMap::new(),
        }
    }
}

impl Customer {
    pub fn new(name: impl Into<String>) -> Customer {
        Customer { name: name.into(), ..Customer::default() }
    }

    pub fn primary_contact(&self) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.primary).or_else(|| self.contacts.first())
    }

    /// Every check a profile must pass before it is stored; all problems at once.
    pub fn validate(&self, fields: &[FieldDef]) -> Vec<ProfileError> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() {
            errors.push(ProfileError::new("name", "Name is required"));
        }
        let code_chars = text::char_len(&self.code);
        if code_chars > MAX_CODE_CHARS {
            errors.push(ProfileError::new(
                "code",
                format!("Code is too long ({code_chars} characters; at most {MAX_CODE_CHARS})"),
            ));
        } else if self.code.chars().any(|c| c.is_control()) || self.code.trim() != self.code {
            errors.push(ProfileError::new(
                "code",
                "Code must not start or end with spaces or contain control characters",
            ));
        }
        for (field, label, value) in self.line_fields() {
            if let Some(problem) = text::line_too_long(label, value) {
                errors.push(ProfileError::new(field, problem));
            } else if text::has_control(value) {
                errors.push(ProfileError::new(
                    field,
                    format!("{label} must be one line, without tabs or control characters"),
                ));
            }
        }
        for (field, label, value) in [
            ("memo", "Memo", &self.memo),
            ("billing_address.lines", "Billing address", &self.billing_address.lines),
            ("shipping_address.lines", "Shipping address", &self.shipping_address.lines),
        ] {
            let chars = text::char_len(value);
            if chars > MAX_TEXT_CHARS {
                errors.push(ProfileError::new(
                    field,
                    format!("{label} is too long ({chars} characters; at most {MAX_TEXT_CHARS})"),
                ));
            } else if text::has_stray_control(value) {
                errors.push(ProfileError::new(field, format!("{label} holds a control character")));
            }
        }
        if !self.email.trim().is_empty() && !looks_like_email(&self.email) {
            errors.push(ProfileError::new(
                "email",
                format!("\"{}\" is not an e-mail address (expected name@example.com)", self.email.trim()),
            ));
        }
        if let Some(rate) = self.discount_rate
            && (rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED)
        {
            errors.push(ProfileError::new("discount_rate", "Discount must be between 0 and 100 %"));
        }
        if self.credit_limit.is_some_and(|limit| limit < Decimal::ZERO) {
            errors.push(ProfileError::new("credit_limit", "Credit limit must not be negative"));
        }
        for (field, label, days) in [
            ("payment_terms_days", "Payment terms", self.payment_terms_days),
            ("age_limit_days", "The receivables age limit", self.age_limit_days),
        ] {
            if days.is_some_and(|days| days > MAX_DAYS) {
                errors.push(ProfileError::new(field, format!("{label} must be at most {MAX_DAYS} days (ten years)")));
            }
        }
        for (i, contact) in self.contacts.iter().enumerate() {
            if contact.name.trim().is_empty() {
                errors
                    .push(ProfileError::new(format!("contacts[{i}].name"), format!("Contact {} needs a name", i + 1)));
            }
            if !contact.email.trim().is_empty() && !looks_like_email(&contact.email) {
                errors.push(ProfileError::new(
                    format!("contacts[{i}].email"),
                    format!("Contact {}: \"{}\" is not an e-mail address", i + 1, contact.email.trim()),
                ));
            }
            for (label, value) in [
                ("name", &contact.name),
                ("title", &contact.title),
                ("phone", &contact.phone),
                ("email", &contact.email),
            ] {
                if text::has_control(value) {
                    errors.push(ProfileError::new(
                        format!("contacts[{i}].{label}"),
                        format!("Contact {}: {label} must be one line, without control characters", i + 1),
                    ));
                } else if text::char_len(value) > MAX_LINE_CHARS {
                    errors.push(ProfileError::new(
                        format!("contacts[{i}].{label}"),
                        format!("Contact {}: {label} is too long (at most {MAX_LINE_CHARS})", i + 1),
                    ));
                }
            }
        }
        if self.contacts.iter().filter(|c| c.primary).count() > 1 {
            errors.push(ProfileError::new("contacts", "Only one contact can be the primary contact"));
        }
        for key in self.custom.keys() {
            if !fields.iter().any(|def| &def.key == key) {
                errors.push(ProfileError::new(format!("custom:{key}"), FieldError::Unknown(key.clone()).to_string()));
            }
        }
        for def in fields {
            match self.custom.get(&def.key) {
                None if def.required => errors.push(ProfileError::new(
                    format!("custom:{}", def.key),
                    FieldError::Required { label: def.label.clone() }.to_string(),
                )),
                Some(value) => {
                    // Re-parsing the canonical text applies the same type and choice checks
                    // whether the value came from the form, the CLI or a file.
                    if let Err(error) = def.parse_value(&value.to_canonical()) {
                        errors.push(ProfileError::new(format!("custom:{}", def.key), error.to_string()));
                    }
                }
                None => {}
            }
        }
        errors
    }

    fn line_fields(&self) -> [(&'static str, &'static str, &String); 20] {
        [
            ("name", "Name", &self.name),
            ("tax_id", "Tax ID", &self.tax_id),
            ("representative", "Representative", &self.representative),
            ("business_type", "Business type", &self.business_type),
            ("business_item", "Business item", &self.business_item),
            ("phone", "Phone", &self.phone),
            ("mobile", "Mobile", &self.mobile),
            ("fax", "Fax", &self.fax),
            ("email", "E-mail", &self.email),
            ("website", "Website", &self.website),
            ("person_in_charge", "Person in charge", &self.person_in_charge),
            ("price_level", "Price level", &self.price_level),
            ("billing_address.city", "Billing city", &self.billing_address.city),
            ("billing_address.region", "Billing region", &self.billing_address.region),
            ("billing_address.postal_code", "Billing postal code", &self.billing_address.postal_code),
            ("billing_address.country", "Billing country", &self.billing_address.country),
            ("shipping_address.city", "Shipping city", &self.shipping_address.city),
            ("shipping_address.region", "Shipping region", &self.shipping_address.region),
            ("shipping_address.postal_code", "Shipping postal code", &self.shipping_address.postal_code),
            ("shipping_address.country", "Shipping country", &self.shipping_address.country),
        ]
    }

    /// The profile flattened to (field label, display value) pairs; the
    /// basis of the change history, so every field a clerk edits appears.
    pub fn flatten(&self, fields: &[FieldDef]) -> Vec<(String, String)> {
        let opt = |value: Option<Decimal>| value.map(|v| v.normalize().to_string()).unwrap_or_default();
        let days = |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
        let mut flat: Vec<(String, String)> = vec![
            ("Code".into(), self.code.clone()),
            ("Role".into(), self.role.to_string()),
            ("Entity type".into(), self.entity_type.to_string()),
            ("Active".into(), if self.active { "yes" } else { "no" }.into()),
            ("Billing address".into(), self.billing_address.lines.clone()),
            ("Shipping address".into(), self.shipping_address.lines.clone()),
            ("Memo".into(), self.memo.clone()),
            ("Discount %".into(), opt(self.discount_rate)),
            ("Credit limit".into(), opt(self.credit_limit)),
            ("Receivables age limit (days)".into(), days(self.age_limit_days)),
            ("When exceeded".into(), own_action_text(self.on_exceed)),
            ("Payment terms (days)".into(), days(self.payment_terms_days)),
        ];
        flat.extend(self.line_fields().iter().map(|(_, label, value)| (label.to_string(), (*value).clone())));
        for (i, contact) in self.contacts.iter().enumerate() {
            let primary = if contact.primary { " (primary)" } else { "" };
            flat.push((
                format!("Contact {}", i + 1),
                format!("{}{primary} | {} | {} | {}", contact.name, contact.title, contact.phone, contact.email),
            ));
        }
        for (axis, value) in &self.groups {
            flat.push((format!("Group {axis}"), value.clone()));
        }
        for (key, value) in &self.custom {
            let label = fields.iter().find(|d| &d.key == key).map_or(key.as_str(), |d| d.label.as_str());
            flat.push((label.to_string(), value.to_canonical()));
        }
        flat
    }

    /// What changed from `before` to `self`, field by field, for the history.
    pub fn changes_from(&self, before: &Customer, fields: &[FieldDef]) -> Vec<Change> {
        let old: BTreeMap<String, String> = before.flatten(fields).into_iter().collect();
        let new: BTreeMap<String, String> = self.flatten(fields).into_iter().collect();
        let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter_map(|key| {
                let old_value = old.get(key).cloned().unwrap_or_default();
                let new_value = new.get(key).cloned().unwrap_or_default();
                (old_value != new_value).then(|| Change { field: key.clone(), old_value, new_value })
            })
            .collect()
    }
}

/// A practical check: one `@`, something before it, a dotted domain after it, no spaces.
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_field::FieldType;
    use rust_decimal_macros::dec;

    fn renewal(required: bool) -> FieldDef {
        FieldDef {
            id: 1,
            key: "renewal".into(),
            label: "Renewal date".into(),
            field_type: FieldType::Date,
            choices: vec![],
            required,
            position: 0,
            show_in_list: false,
        }
    }

    #[test]
    fn a_plain_profile_is_valid() {
        let mut customer = Customer::new("Acme Trading");
        customer.email = "sales@acme.example".into();
        customer.discount_rate = Some(dec!(5));
        assert!(customer.validate(&[]).is_empty());
    }

    #[test]
    fn collects_every_problem_with_its_field() {
        let mut customer = Customer::new("  ");
        customer.email = "not an email".into();
        customer.credit_limit = Some(dec!(-1));
        customer.discount_rate = Some(dec!(150));
        customer.custom.insert("nope".into(), FieldValue::Text("x".into()));
        customer.contacts.push(Contact { name: "".into(), ..Contact::default() });
        let fields: Vec<String> = customer.validate(&[renewal(true)]).into_iter().map(|e| e.field).collect();
        for expected in
            ["name", "email", "credit_limit", "discount_rate", "custom:nope", "custom:renewal", "contacts[0].name"]
        {
            assert!(fields.iter().any(|f| f == expected), "missing {expected} in {fields:?}");
        }
    }

    #[test]
    fn long_text_is_refused_with_a_count() {
        let customer = Customer::new("x".repeat(MAX_LINE_CHARS + 1));
        let errors = customer.validate(&[]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("too long"));
    }

    #[test]
    fn changes_name_each_edited_field() {
        let before = Customer::new("Acme");
        let mut after = before.clone();
        after.name = "Acme Ltd".into();
        after.groups.insert("Region".into(), "Seoul".into());
        let changes = after.changes_from(&before, &[]);
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changes.iter().any(|c| c.field == "Name" && c.old_value == "Acme" && c.new_value == "Acme Ltd"));
        assert!(changes.iter().any(|c| c.field == "Group Region" && c.new_value == "Seoul"));
    }

    #[test]
    fn keywords_parse_both_forms() {
        assert_eq!(Role::parse("vendor"), Some(Role::Vendor));
        assert_eq!(Role::parse("Customer & vendor"), Some(Role::Both));
        assert_eq!(OnExceed::parse("BLOCK"), Some(OnExceed::Block));
        assert_eq!(Role::parse("supplier"), None);
    }

    #[test]
    fn the_history_tells_an_own_off_from_an_action_left_to_the_groups() {
        let before = Customer::new("Acme");
        assert_eq!(before.on_exceed, None, "a new customer takes its action from its groups");
        let after = Customer { on_exceed: Some(OnExceed::Off), ..before.clone() };
        let changes = after.changes_from(&before, &[]);
        assert_eq!(
            changes,
            [Change { field: "When exceeded".into(), old_value: "(from group)".into(), new_value: "Off".into() }]
        );
    }
}
