//! The profile as the form holds it (text, as typed) and its conversion to and from a `Customer`.
//!
//! Numbers stay text until Save so a half-typed "12." is never rejected mid-keystroke;
//! every parse problem becomes a `ProfileError` named like the domain's own errors.

use crate::domain::custom_field::{FieldDef, FieldType};
use crate::domain::customer::{
    Address, Contact, Customer, EntityType, FROM_GROUP, OnExceed, ProfileError, Role, own_action_text,
};
use crate::domain::group::GroupAxis;
use crate::domain::money;
use crate::domain::pricing::book_level;
use iced::widget::text_editor;
use std::collections::BTreeMap;
use std::fmt;

/// The one-line text fields; each knows its error key (the domain's field name) and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Code,
    Name,
    TaxId,
    Representative,
    BusinessType,
    BusinessItem,
    Phone,
    Mobile,
    Fax,
    Email,
    Website,
    PersonInCharge,
    PriceLevel,
    Discount,
    CreditLimit,
    AgeLimit,
    PaymentTerms,
    BillingCity,
    BillingRegion,
    BillingPostal,
    BillingCountry,
    ShippingCity,
    ShippingRegion,
    ShippingPostal,
    ShippingCountry,
}

impl TextField {
    /// The name `ProfileError::field` uses for this field, also the suffix of its widget id.
    pub fn key(self) -> &'static str {
        match self {
            TextField::Code => "code",
            TextField::Name => "name",
            TextField::TaxId => "tax_id",
            TextField::Representative => "representative",
            TextField::BusinessType => "business_type",
            TextField::BusinessItem => "business_item",
            TextField::Phone => "phone",
            TextField::Mobile => "mobile",
            TextField::Fax => "fax",
            TextField::Email => "email",
            TextField::Website => "website",
            TextField::PersonInCharge => "person_in_charge",
            TextField::PriceLevel => "price_level",
            TextField::Discount => "discount_rate",
            TextField::CreditLimit => "credit_limit",
            TextField::AgeLimit => "age_limit_days",
            TextField::PaymentTerms => "payment_terms_days",
            TextField::BillingCity => "billing_address.city",
            TextField::BillingRegion => "billing_address.region",
            TextField::BillingPostal => "billing_address.postal_code",
            TextField::BillingCountry => "billing_address.country",
            TextField::ShippingCity => "shipping_address.city",
            TextField::ShippingRegion => "shipping_address.region",
            TextField::ShippingPostal => "shipping_address.postal_code",
            TextField::ShippingCountry => "shipping_address.country",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TextField::Code => "Code",
            TextField::Name => "Name",
            TextField::TaxId => "Tax ID",
            TextField::Representative => "Representative",
            TextField::BusinessType => "Business type",
            TextField::BusinessItem => "Business item",
            TextField::Phone => "Phone",
            TextField::Mobile => "Mobile",
            TextField::Fax => "Fax",
            TextField::Email => "E-mail",
            TextField::Website => "Website",
            TextField::PersonInCharge => "Person in charge",
            TextField::PriceLevel => "Price level",
            TextField::Discount => "Discount %",
            TextField::CreditLimit => "Credit limit",
            TextField::AgeLimit => "Receivables age limit (days)",
            TextField::PaymentTerms => "Payment terms (days)",
            TextField::BillingCity | TextField::ShippingCity => "City",
            TextField::BillingRegion | TextField::ShippingRegion => "Region",
            TextField::BillingPostal | TextField::ShippingPostal => "Postal code",
            TextField::BillingCountry | TextField::ShippingCountry => "Country",
        }
    }

    /// The widget id of the field's input, e.g. `profile:email`.
    pub fn id(self) -> String {
        format!("profile:{}", self.key())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactField {
    Name,
    Title,
    Phone,
    Email,
}

impl ContactField {
    pub fn key(self) -> &'static str {
        match self {
            ContactField::Name => "name",
            ContactField::Title => "title",
            ContactField::Phone => "phone",
            ContactField::Email => "email",
        }
    }
}

/// The multi-line fields, edited with a text editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongField {
    Memo,
    BillingLines,
    ShippingLines,
}

impl LongField {
    pub fn key(self) -> &'static str {
        match self {
            LongField::Memo => "memo",
            LongField::BillingLines => "billing_address.lines",
            LongField::ShippingLines => "shipping_address.lines",
        }
    }

    pub fn id(self) -> String {
        format!("profile:{}", self.key())
    }
}

/// One change a clerk makes in the form.
#[derive(Debug, Clone)]
pub enum Edit {
    Text(TextField, String),
    Long(LongField, text_editor::Action),
    Role(Role),
    EntityType(EntityType),
    /// The customer's own action, or `None` to take it from its groups.
    OnExceed(Option<OnExceed>),
    Active(bool),
    /// A value picked from an axis' list; `None` clears the axis.
    Group(String, Option<String>),
    /// A value typed for an axis; created in the store on save when it is new.
    NewGroup(String, String),
    Custom(String, String),
    CustomBool(String, bool),
    Contact(usize, ContactField, String),
    PrimaryContact(usize),
    AddContact,
    RemoveContact(usize),
}

impl Edit {
    /// The error key this edit answers, so its message can go away as the clerk fixes it.
    pub fn field(&self) -> Option<String> {
        match self {
            Edit::Text(field, _) => Some(field.key().to_string()),
            Edit::Long(field, _) => Some(field.key().to_string()),
            Edit::Custom(key, _) | Edit::CustomBool(key, _) => Some(format!("custom:{key}")),
            Edit::Contact(i, field, _) => Some(format!("contacts[{i}].{}", field.key())),
            Edit::Group(axis, _) | Edit::NewGroup(axis, _) => Some(format!("group:{axis}")),
            _ => None,
        }
    }
}

/// The widget id of the "When the limit is exceeded" drop-down; the price level's is
/// `TextField::PriceLevel.id()`.
pub const ON_EXCEED_ID: &str = "profile:on_exceed";

/// One entry of the "When the limit is exceeded" drop-down: the customer's own action, or
/// "(from group)" to take the action its group values pass on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionChoice(pub Option<OnExceed>);

impl ActionChoice {
    pub const ALL: [ActionChoice; 4] = [
        ActionChoice(None),
        ActionChoice(Some(OnExceed::Off)),
        ActionChoice(Some(OnExceed::Warn)),
        ActionChoice(Some(OnExceed::Block)),
    ];
}

impl fmt::Display for ActionChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&own_action_text(self.0))
    }
}

/// One entry of the price level drop-down: a level of the book, "(from group)" (the empty
/// level), or a stored level the book does not have, kept so nothing changes unasked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChoice {
    /// The text stored on the customer; empty for "(from group)".
    pub level: String,
    pub in_book: bool,
}

impl fmt::Display for LevelChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.level.trim().is_empty(), self.in_book) {
            (true, _) => f.write_str(FROM_GROUP),
            (false, true) => f.write_str(&self.level),
            (false, false) => write!(f, "{} (not in the book)", self.level),
        }
    }
}

/// The price level drop-down's entries for a customer on `current`, and the one selected:
/// "(from group)", the book's `levels` in their order, then `current` if the book lacks it.
/// Levels compare without case and surrounding spaces, as the store matches them.
pub fn level_choices(levels: &[String], current: &str) -> (Vec<LevelChoice>, LevelChoice) {
    let mut choices = vec![LevelChoice { level: String::new(), in_book: true }];
    choices.extend(levels.iter().map(|level| LevelChoice { level: level.clone(), in_book: true }));
    let wanted = current.trim();
    let selected = if wanted.is_empty() {
        choices[0].clone()
    } else if let Some(known) = book_level(levels, wanted) {
        LevelChoice { level: known.to_string(), in_book: true }
    } else {
        let extra = LevelChoice { level: current.to_string(), in_book: false };
        choices.push(extra.clone());
        extra
    };
    (choices, selected)
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AddressForm {
    pub lines: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl AddressForm {
    fn from(address: &Address) -> AddressForm {
        AddressForm {
            lines: address.lines.clone(),
            city: address.city.clone(),
            region: address.region.clone(),
            postal_code: address.postal_code.clone(),
            country: address.country.clone(),
        }
    }

    fn to_address(&self) -> Address {
        Address {
            lines: self.lines.trim_end().to_string(),
            city: self.city.clone(),
            region: self.region.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactForm {
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
}

/// Everything the profile form shows, as text; compared with the loaded
/// version to know whether there are unsaved changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileForm {
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
    pub billing: AddressForm,
    pub shipping: AddressForm,
    pub person_in_charge: String,
    pub memo: String,
    pub active: bool,
    pub price_level: String,
    pub discount: String,
    pub credit_limit: String,
    pub age_limit_days: String,
    pub on_exceed: Option<OnExceed>,
    pub payment_terms_days: String,
    pub contacts: Vec<ContactForm>,
    pub primary_contact: Option<usize>,
    pub groups: BTreeMap<String, String>,
    pub new_groups: BTreeMap<String, String>,
    pub custom: BTreeMap<String, String>,
}

impl Default for ProfileForm {
    fn default() -> ProfileForm {
        ProfileForm::from_customer(&Customer::default())
    }
}

impl ProfileForm {
    pub fn from_customer(customer: &Customer) -> ProfileForm {
        let decimal =
            |value: Option<rust_decimal::Decimal>| value.map(|v| v.normalize().to_string()).unwrap_or_default();
        let days = |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
        ProfileForm {
            id: customer.id,
            code: customer.code.clone(),
            name: customer.name.clone(),
            role: customer.role,
            entity_type: customer.entity_type,
            tax_id: customer.tax_id.clone(),
            representative: customer.representative.clone(),
            business_type: customer.business_type.clone(),
            business_item: customer.business_item.clone(),
            phone: customer.phone.clone(),
            mobile: customer.mobile.clone(),
            fax: customer.fax.clone(),
            email: customer.email.clone(),
            website: customer.website.clone(),
            billing: AddressForm::from(&customer.billing_address),
            shipping: AddressForm::from(&customer.shipping_address),
            person_in_charge: customer.person_in_charge.clone(),
            memo: customer.memo.clone(),
            active: customer.active,
            price_level: customer.price_level.clone(),
            discount: decimal(customer.discount_rate),
            credit_limit: decimal(customer.credit_limit),
            age_limit_days: days(customer.age_limit_days),
            on_exceed: customer.on_exceed,
            payment_terms_days: days(customer.payment_terms_days),
            contacts: customer
                .contacts
                .iter()
                .map(|c| ContactForm {
                    name: c.name.clone(),
                    title: c.title.clone(),
                    phone: c.phone.clone(),
                    email: c.email.clone(),
                })
                .collect(),
            primary_contact: customer.contacts.iter().position(|c| c.primary),
            groups: customer.groups.clone(),
            new_groups: BTreeMap::new(),
            custom: customer.custom.iter().map(|(key, value)| (key.clone(), value.to_canonical())).collect(),
        }
    }

    pub fn text(&self, field: TextField) -> &str {
        match field {
            TextField::Code => &self.code,
            TextField::Name => &self.name,
            TextField::TaxId => &self.tax_id,
            TextField::Representative => &self.representative,
            TextField::BusinessType => &self.business_type,
            TextField::BusinessItem => &self.business_item,
            TextField::Phone => &self.phone,
            TextField::Mobile => &self.mobile,
            TextField::Fax => &self.fax,
            TextField::Email => &self.email,
            TextField::Website => &self.website,
            TextField::PersonInCharge => &self.person_in_charge,
            TextField::PriceLevel => &self.price_level,
            TextField::Discount => &self.discount,
            TextField::CreditLimit => &self.credit_limit,
            TextField::AgeLimit => &self.age_limit_days,
            TextField::PaymentTerms => &self.payment_terms_days,
            TextField::BillingCity => &self.billing.city,
            TextField::BillingRegion => &self.billing.region,
            TextField::BillingPostal => &self.billing.postal_code,
            TextField::BillingCountry => &self.billing.country,
            TextField::ShippingCity => &self.shipping.city,
            TextField::ShippingRegion => &self.shipping.region,
            TextField::ShippingPostal => &self.shipping.postal_code,
            TextField::ShippingCountry => &self.shipping.country,
        }
    }

    fn text_mut(&mut self, field: TextField) -> &mut String {
        match field {
            TextField::Code => &mut self.code,
            TextField::Name => &mut self.name,
            TextField::TaxId => &mut self.tax_id,
            TextField::Representative => &mut self.representative,
            TextField::BusinessType => &mut self.business_type,
            TextField::BusinessItem => &mut self.business_item,
            TextField::Phone => &mut self.phone,
            TextField::Mobile => &mut self.mobile,
            TextField::Fax => &mut self.fax,
            TextField::Email => &mut self.email,
            TextField::Website => &mut self.website,
            TextField::PersonInCharge => &mut self.person_in_charge,
            TextField::PriceLevel => &mut self.price_level,
            TextField::Discount => &mut self.discount,
            TextField::CreditLimit => &mut self.credit_limit,
            TextField::AgeLimit => &mut self.age_limit_days,
            TextField::PaymentTerms => &mut self.payment_terms_days,
            TextField::BillingCity => &mut self.billing.city,
            TextField::BillingRegion => &mut self.billing.region,
            TextField::BillingPostal => &mut self.billing.postal_code,
            TextField::BillingCountry => &mut self.billing.country,
            TextField::ShippingCity => &mut self.shipping.city,
            TextField::ShippingRegion => &mut self.shipping.region,
            TextField::ShippingPostal => &mut self.shipping.postal_code,
            TextField::ShippingCountry => &mut self.shipping.country,
        }
    }

    fn long_mut(&mut self, field: LongField) -> &mut String {
        match field {
            LongField::Memo => &mut self.memo,
            LongField::BillingLines => &mut self.billing.lines,
            LongField::ShippingLines => &mut self.shipping.lines,
        }
    }

    /// Applies an edit. Multi-line edits go through `editors`, whose text is copied back here.
    pub fn apply(&mut self, edit: Edit, editors: &mut Editors) {
        match edit {
            Edit::Text(field, value) => *self.text_mut(field) = value,
            Edit::Long(field, action) => {
                let editor = editors.get_mut(field);
                editor.perform(action);
                *self.long_mut(field) = editor.text();
            }
            Edit::Role(role) => self.role = role,
            Edit::EntityType(entity_type) => self.entity_type = entity_type,
            Edit::OnExceed(on_exceed) => self.on_exceed = on_exceed,
            Edit::Active(active) => self.active = active,
            Edit::Group(axis, value) => {
                self.new_groups.remove(&axis);
                match value {
                    Some(value) => self.groups.insert(axis, value),
                    None => self.groups.remove(&axis),
                };
            }
            Edit::NewGroup(axis, value) => {
                if value.is_empty() {
                    self.new_groups.remove(&axis);
                } else {
                    self.new_groups.insert(axis, value);
                }
            }
            Edit::Custom(key, value) => {
                self.custom.insert(key, value);
            }
            Edit::CustomBool(key, value) => {
                self.custom.insert(key, if value { "yes" } else { "no" }.to_string());
            }
            Edit::Contact(index, field, value) => {
                if let Some(contact) = self.contacts.get_mut(index) {
                    match field {
                        ContactField::Name => contact.name = value,
                        ContactField::Title => contact.title = value,
                        ContactField::Phone => contact.phone = value,
                        ContactField::Email => contact.email = value,
                    }
                }
            }
            Edit::PrimaryContact(index) => self.primary_contact = Some(index),
            Edit::AddContact => {
                self.contacts.push(ContactForm::default());
                if self.contacts.len() == 1 {
                    self.primary_contact = Some(0);
                }
            }
            Edit::RemoveContact(index) => {
                if index < self.contacts.len() {
                    self.contacts.remove(index);
                    self.primary_contact = match self.primary_contact {
                        Some(p) if p == index => (!self.contacts.is_empty()).then_some(0),
                        Some(p) if p > index => Some(p - 1),
                        other => other,
                    };
                }
            }
        }
    }

    /// The group value that will be saved for an axis: a typed new value wins over the pick.
    pub fn group_value(&self, axis: &str) -> Option<&str> {
        self.new_groups
            .get(axis)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .or_else(|| self.groups.get(axis).map(String::as_str))
    }

    /// Builds the customer to save, or every problem at once (parse errors first,
    /// then the domain's validation), each named by its field.
    pub fn to_customer(&self, fields: &[FieldDef], axes: &[GroupAxis]) -> Result<Customer, Vec<ProfileError>> {
        let mut errors: Vec<ProfileError> = Vec::new();
        let mut optional =
            |text: &str, field: &str, parse: &dyn Fn(&str) -> Result<rust_decimal::Decimal, money::MoneyError>| {
                if text.trim().is_empty() {
                    return None;
                }
                match parse(text) {
                    Ok(value) => Some(value),
                    Err(error) => {
                        errors.push(ProfileError::new(field, super::sentence(&error.to_string())));
                        None
                    }
                }
            };
        let discount_rate = optional(&self.discount, "discount_rate", &money::parse_percent);
        let credit_limit = optional(&self.credit_limit, "credit_limit", &money::parse_non_negative_amount);
        let mut days = |text: &str, field: &str, label: &str| -> Option<u32> {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                return None;
            }
            match trimmed.replace(',', "").parse::<u32>() {
                Ok(value) => Some(value),
                Err(_) => {
                    errors.push(ProfileError::new(
                        field,
                        format!("{label}: \"{trimmed}\" is not a whole number of days, e.g. 30"),
                    ));
                    None
                }
            }
        };
        let age_limit_days = days(&self.age_limit_days, "age_limit_days", "Receivables age limit");
        let payment_terms_days = days(&self.payment_terms_days, "payment_terms_days", "Payment terms");

        let mut custom = BTreeMap::new();
        for def in fields {
            let text = self.custom.get(&def.key).map(String::as_str).unwrap_or("");
            // An untouched checkbox of a required yes/no field means "no", not "missing".
            let text = if def.field_type == FieldType::Bool && text.is_empty() && def.required { "no" } else { text };
            match def.parse_value(text) {
                Ok(Some(value)) => {
                    custom.insert(def.key.clone(), value);
                }
                Ok(None) => {}
                Err(error) => errors.push(ProfileError::new(format!("custom:{}", def.key), error.to_string())),
            }
        }

        let mut groups = BTreeMap::new();
        for axis in axes {
            if let Some(value) = self.group_value(&axis.name) {
                if let Err(error) = crate::domain::group::validate_name(value) {
                    errors.push(ProfileError::new(format!("group:{}", axis.name), super::sentence(&error.to_string())));
                } else {
                    groups.insert(axis.name.clone(), value.trim().to_string());
                }
            }
        }

        let customer = Customer {
            id: self.id,
            code: self.code.trim().to_string(),
            name: self.name.clone(),
            role: self.role,
            entity_type: self.entity_type,
            tax_id: self.tax_id.clone(),
            representative: self.representative.clone(),
            business_type: self.business_type.clone(),
            business_item: self.business_item.clone(),
            phone: self.phone.clone(),
            mobile: self.mobile.clone(),
            fax: self.fax.clone(),
            email: self.email.trim().to_string(),
            website: self.website.clone(),
            billing_address: self.billing.to_address(),
            shipping_address: self.shipping.to_address(),
            person_in_charge: self.person_in_charge.clone(),
            memo: self.memo.trim_end().to_string(),
            active: self.active,
            price_level: self.price_level.clone(),
            discount_rate,
            credit_limit,
            age_limit_days,
            on_exceed: self.on_exceed,
            payment_terms_days,
            contacts: self
                .contacts
                .iter()
                .enumerate()
                .map(|(i, c)| Contact {
                    name: c.name.clone(),
                    title: c.title.clone(),
                    phone: c.phone.clone(),
                    email: c.email.trim().to_string(),
                    primary: self.primary_contact == Some(i),
                })
                .collect(),
            groups,
            custom,
        };
        for error in customer.validate(fields) {
            if !errors.iter().any(|e| e.field == error.field) {
                errors.push(error);
            }
        }
        if errors.is_empty() { Ok(customer) } else { Err(errors) }
    }
}

/// The text editors behind the multi-line fields. They hold cursor and
/// selection, so they live beside the form rather than in it.
#[derive(Default)]
pub struct Editors {
    pub memo: text_editor::Content,
    pub billing_lines: text_editor::Content,
    pub shipping_lines: text_editor::Content,
}

impl Editors {
    pub fn from_form(form: &ProfileForm) -> Editors {
        Editors {
            memo: text_editor::Content::with_text(&form.memo),
            billing_lines: text_editor::Content::with_text(&form.billing.lines),
            shipping_lines: text_editor::Content::with_text(&form.shipping.lines),
        }
    }

    pub fn get(&self, field: LongField) -> &text_editor::Content {
        match field {
            LongField::Memo => &self.memo,
            LongField::BillingLines => &self.billing_lines,
            LongField::ShippingLines => &self.shipping_lines,
        }
    }

    fn get_mut(&mut self, field: LongField) -> &mut text_editor::Content {
        match field {
            LongField::Memo => &mut self.memo,
            LongField::BillingLines => &mut self.billing_lines,
            LongField::ShippingLines => &mut self.shipping_lines,
        }
    }
}
