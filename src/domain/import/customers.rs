//! Customer imports: the fields a column can fill (profile fields, group axes, custom fields),
//! the header names and aliases each answers to, and how one row's cells change a profile.

use super::{CellProblem, excel_error, normalize_header};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::{Contact, Customer, EntityType, FROM_GROUP, OnExceed, Role};
use crate::domain::group::GroupAxis;
use crate::domain::money::{parse_non_negative_amount, parse_percent};
use std::fmt;

/// A profile field a column can fill, by the snake_case name `customers show --json` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Code,
    Name,
    Role,
    EntityType,
    TaxId,
    Representative,
    BusinessType,
    BusinessItem,
    Phone,
    Mobile,
    Fax,
    Email,
    Website,
    BillingLines,
    BillingCity,
    BillingRegion,
    BillingPostalCode,
    BillingCountry,
    ShippingLines,
    ShippingCity,
    ShippingRegion,
    ShippingPostalCode,
    ShippingCountry,
    PersonInCharge,
    Memo,
    Active,
    PriceLevel,
    DiscountRate,
    CreditLimit,
    AgeLimitDays,
    OnExceed,
    PaymentTermsDays,
    ContactName,
    ContactTitle,
    ContactPhone,
    ContactEmail,
}

impl Field {
    pub const ALL: [Field; 36] = [
        Field::Code,
        Field::Name,
        Field::Role,
        Field::EntityType,
        Field::TaxId,
        Field::Representative,
        Field::BusinessType,
        Field::BusinessItem,
        Field::Phone,
        Field::Mobile,
        Field::Fax,
        Field::Email,
        Field::Website,
        Field::BillingLines,
        Field::BillingCity,
        Field::BillingRegion,
        Field::BillingPostalCode,
        Field::BillingCountry,
        Field::ShippingLines,
        Field::ShippingCity,
        Field::ShippingRegion,
        Field::ShippingPostalCode,
        Field::ShippingCountry,
        Field::PersonInCharge,
        Field::Memo,
        Field::Active,
        Field::PriceLevel,
        Field::DiscountRate,
        Field::CreditLimit,
        Field::AgeLimitDays,
        Field::OnExceed,
        Field::PaymentTermsDays,
        Field::ContactName,
        Field::ContactTitle,
        Field::ContactPhone,
        Field::ContactEmail,
    ];

    /// (key, label, other names the column may carry).
    fn names(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            Field::Code => (
                "code",
                "Code",
                &[
                    "customer id",
                    "customer code",
                    "cust no",
                    "customer no",
                    "customer number",
                    "account",
                    "account no",
                    "거래처코드",
                    "코드",
                ],
            ),
            Field::Name => {
                ("name", "Name", &["customer name", "company", "company name", "customer", "거래처명", "상호"])
            }
            Field::Role => ("role", "Role", &["type", "customer or vendor", "구분"]),
            Field::EntityType => ("entity_type", "Entity type", &["entity", "company or individual"]),
            Field::TaxId => (
                "tax_id",
                "Tax ID",
                &[
                    "vat",
                    "vat no",
                    "vat number",
                    "tax no",
                    "tax number",
                    "business number",
                    "business registration number",
                    "brn",
                    "ein",
                    "사업자번호",
                    "사업자등록번호",
                ],
            ),
            Field::Representative => ("representative", "Representative", &["ceo", "owner", "대표자"]),
            Field::BusinessType => ("business_type", "Business type", &["업태"]),
            Field::BusinessItem => ("business_item", "Business item", &["종목"]),
            Field::Phone => ("phone", "Phone", &["telephone", "tel", "phone number", "전화", "전화번호"]),
            Field::Mobile => ("mobile", "Mobile", &["cell", "cell phone", "mobile phone", "휴대폰"]),
            Field::Fax => ("fax", "Fax", &["fax number", "팩스"]),
            Field::Email => ("email", "E-mail", &["mail", "email address", "e mail", "이메일"]),
            Field::Website => ("website", "Website", &["web", "url", "homepage", "홈페이지"]),
            Field::BillingLines => ("billing_address", "Billing address", &["address", "street", "주소"]),
            Field::BillingCity => ("billing_address.city", "Billing city", &["city"]),
            Field::BillingRegion => ("billing_address.region", "Billing region", &["state", "province", "region"]),
            Field::BillingPostalCode => (
                "billing_address.postal_code",
                "Billing postal code",
                &["postal code", "zip", "zip code", "postcode", "우편번호"],
            ),
            Field::BillingCountry => ("billing_address.country", "Billing country", &["country"]),
            Field::ShippingLines => ("shipping_address", "Shipping address", &["delivery address", "ship to"]),
            Field::ShippingCity => ("shipping_address.city", "Shipping city", &[]),
            Field::ShippingRegion => ("shipping_address.region", "Shipping region", &[]),
            Field::ShippingPostalCode => ("shipping_address.postal_code", "Shipping postal code", &[]),
            Field::ShippingCountry => ("shipping_address.country", "Shipping country", &[]),
            Field::PersonInCharge => {
                ("person_in_charge", "Person in charge", &["sales rep", "salesperson", "account manager", "담당자"])
            }
            Field::Memo => ("memo", "Memo", &["note", "notes", "remarks", "comment", "비고"]),
            Field::Active => ("active", "Active", &["status", "enabled"]),
            Field::PriceLevel => ("price_level", "Price level", &["price group", "level"]),
            Field::DiscountRate => ("discount_rate", "Discount %", &["discount", "discount rate", "할인율"]),
            Field::CreditLimit => ("credit_limit", "Credit limit", &["credit", "여신한도"]),
            Field::AgeLimitDays => (
                "age_limit_days",
                "Receivables age limit (days)",
                &["age limit", "overdue limit", "overdue days limit"],
            ),
            Field::OnExceed => ("on_exceed", "When exceeded", &["credit action", "on exceed"]),
            Field::PaymentTermsDays => {
                ("payment_terms_days", "Payment terms (days)", &["payment terms", "terms", "terms days", "결제조건"])
            }
            Field::ContactName => ("contact.name", "Contact", &["contact name", "contact person", "primary contact"]),
            Field::ContactTitle => ("contact.title", "Contact title", &["position", "job title"]),
            Field::ContactPhone => ("contact.phone", "Contact phone", &[]),
            Field::ContactEmail => ("contact.email", "Contact e-mail", &["contact email"]),
        }
    }

    pub fn key(self) -> &'static str {
        self.names().0
    }

    pub fn label(self) -> &'static str {
        self.names().1
    }
}

/// What a column fills.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Field(Field),
    /// A group axis, by name.
    Group(String),
    /// A custom field, by key.
    Custom(String),
}

impl Target {
    /// The name `--map` takes: a field's key, `group:AXIS` or `custom:KEY`.
    pub fn key(&self) -> String {
        match self {
            Target::Field(field) => field.key().to_string(),
            Target::Group(axis) => format!("group:{axis}"),
            Target::Custom(key) => format!("custom:{key}"),
        }
    }
}

/// Everything a customer column can fill in this book, with the names each answers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    entries: Vec<(Target, String, Vec<String>)>,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Field(field) => f.write_str(field.label()),
            Target::Group(axis) => write!(f, "Group {axis}"),
            Target::Custom(key) => write!(f, "Custom field {key}"),
        }
    }
}

impl Catalog {
    /// The profile fields, then one entry per group axis and per custom field of the book.
    pub fn new(fields: &[FieldDef], axes: &[GroupAxis]) -> Catalog {
        let mut entries = Vec::new();
        for field in Field::ALL {
            let (key, label, aliases) = field.names();
            let mut names = vec![key.to_string(), label.to_string()];
            names.extend(aliases.iter().map(|a| a.to_string()));
            entries.push((Target::Field(field), label.to_string(), names));
        }
        for axis in axes {
            let names = vec![axis.name.clone(), format!("group {}", axis.name), format!("group:{}", axis.name)];
            entries.push((Target::Group(axis.name.clone()), axis.name.clone(), names));
        }
        for def in fields {
            let names = vec![def.label.clone(), def.key.clone(), format!("custom:{}", def.key)];
            entries.push((Target::Custom(def.key.clone()), def.label.clone(), names));
        }
        let entries = entries
            .into_iter()
            .map(|(target, label, names)| (target, label, names.iter().map(|n| normalize_header(n)).collect()))
            .collect();
        Catalog { entries }
    }

    /// Every target with the label a template or an export uses for its column.
    pub fn targets(&self) -> impl Iterator<Item = (&Target, &str)> {
        self.entries.iter().map(|(target, label, _)| (target, label.as_str()))
    }

    /// The target a header names: its key, label or an alias (case, spaces and punctuation aside).
    pub fn find(&self, header: &str) -> Option<&Target> {
        let wanted = normalize_header(header);
        if wanted.is_empty() {
            return None;
        }
        // Keys and labels before aliases, so "Region" is the group axis, not the billing region's alias.
        self.entries
            .iter()
            .find(|(target, label, names)| {
                normalize_header(label) == wanted || names.first() == Some(&wanted) || is_named(target, &wanted)
            })
            .or_else(|| self.entries.iter().find(|(_, _, names)| names.contains(&wanted)))
            .map(|(target, _, _)| target)
    }

    /// A `--map` target as typed: a field key (`tax_id`), `group:AXIS` or `custom:KEY`.
    pub fn parse(&self, text: &str) -> Option<Target> {
        let text = text.trim();
        let target = if let Some(axis) = text.strip_prefix("group:") {
            let known = self
                .entries
                .iter()
                .find(|(t, _, _)| matches!(t, Target::Group(a) if a.eq_ignore_ascii_case(axis.trim())));
            // An axis the book has not yet: the import creates it (its preview lists it as new).
            if known.is_none() && !axis.trim().is_empty() {
                return Some(Target::Group(axis.trim().to_string()));
            }
            known
        } else if let Some(key) = text.strip_prefix("custom:") {
            self.entries.iter().find(|(t, _, _)| matches!(t, Target::Custom(k) if k.eq_ignore_ascii_case(key.trim())))
        } else {
            self.entries.iter().find(|(t, _, _)| matches!(t, Target::Field(f) if f.key().eq_ignore_ascii_case(text)))
        };
        target.map(|(target, _, _)| target.clone())
    }

    /// The header a file should carry for `target`: `label` when it maps back to the target and
    /// no earlier header (`taken`, as `normalize_header` gives them) claims it, else the first
    /// other name that does ("Group Name" for an axis called Name, a custom field's key), else
    /// the `--map` name, which always does.
    pub fn header_for(&self, target: &Target, label: &str, taken: &[String]) -> String {
        let mut candidates = vec![label.to_string()];
        match target {
            Target::Field(_) => {}
            Target::Group(axis) => candidates.extend([format!("Group {axis}"), format!("group:{axis}")]),
            Target::Custom(key) => candidates.extend([key.clone(), format!("custom:{key}")]),
        }
        candidates
            .iter()
            .find(|c| self.find(c) == Some(target) && !taken.contains(&normalize_header(c)))
            .cloned()
            .unwrap_or_else(|| target.key())
    }

    /// Guesses what each header fills; a target goes to the first column naming it, the rest stay unmapped.
    /// `fixed` holds the clerk's choices by column, which win and are never guessed over.
    pub fn guess(&self, headers: &[String], fixed: &[(usize, Option<Target>)]) -> Vec<Option<Target>> {
        let mut mapping: Vec<Option<Target>> = vec![None; headers.len()];
        for (column, target) in fixed {
            if let Some(slot) = mapping.get_mut(*column) {
                *slot = target.clone();
            }
        }
        for (column, header) in headers.iter().enumerate() {
            if fixed.iter().any(|(c, _)| *c == column) {
                continue;
            }
            if let Some(target) = self.find(header)
                && !mapping.contains(&Some(target.clone()))
            {
                mapping[column] = Some(target.clone());
            }
        }
        mapping
    }
}

fn is_named(target: &Target, wanted: &str) -> bool {
    match target {
        Target::Group(axis) => normalize_header(axis) == wanted,
        Target::Custom(key) => normalize_header(key) == wanted,
        Target::Field(_) => false,
    }
}

/// Fills `customer` from one row: `cells` are (column header, target, cell text). An empty cell
/// leaves the value as it was, or clears it when `empty_clears`. Every problem is returned, each
/// named by its column, and then nothing of the row counts.
pub fn apply_row(
    customer: &mut Customer,
    cells: &[(&str, &Target, &str)],
    fields: &[FieldDef],
    empty_clears: bool,
) -> Vec<CellProblem> {
    let mut problems = Vec::new();
    for &(column, target, text) in cells {
        let text = text.trim();
        if text.is_empty() && !empty_clears {
            continue;
        }
        if let Some(error) = excel_error(text) {
            problems.push(CellProblem::excel_error(Some(column), error));
            continue;
        }
        if let Err(message) = set(customer, target, text, fields) {
            problems.push(CellProblem::new(Some(column), message));
        }
    }
    problems
}

fn set(customer: &mut Customer, target: &Target, text: &str, fields: &[FieldDef]) -> Result<(), String> {
    match target {
        Target::Group(axis) => {
            if text.is_empty() {
                customer.groups.remove(axis);
            } else {
                customer.groups.insert(axis.clone(), text.to_string());
            }
            Ok(())
        }
        Target::Custom(key) => {
            let def = fields.iter().find(|d| &d.key == key).ok_or_else(|| format!("there is no custom field {key}"))?;
            match def.parse_value(text).map_err(|e| e.to_string())? {
                Some(value) => customer.custom.insert(key.clone(), value),
                None => customer.custom.remove(key),
            };
            Ok(())
        }
        Target::Field(field) => set_field(customer, *field, text),
    }
}

fn set_field(c: &mut Customer, field: Field, text: &str) -> Result<(), String> {
    let owned = text.to_string();
    match field {
        Field::Code => c.code = owned,
        Field::Name => c.name = owned,
        Field::Role => {
            c.role = Role::parse(text)
                .or_else(|| (text.is_empty()).then_some(Role::Customer))
                .ok_or_else(|| format!("\"{text}\" is not a role; write customer, vendor or both"))?;
        }
        Field::EntityType => {
            c.entity_type = EntityType::parse(text)
                .or_else(|| (text.is_empty()).then_some(EntityType::Company))
                .ok_or_else(|| format!("\"{text}\" is not an entity type; write company or individual"))?
        }
        Field::TaxId => c.tax_id = owned,
        Field::Representative => c.representative = owned,
        Field::BusinessType => c.business_type = owned,
        Field::BusinessItem => c.business_item = owned,
        Field::Phone => c.phone = owned,
        Field::Mobile => c.mobile = owned,
        Field::Fax => c.fax = owned,
        Field::Email => c.email = owned,
        Field::Website => c.website = owned,
        Field::BillingLines => c.billing_address.lines = owned,
        Field::BillingCity => c.billing_address.city = owned,
        Field::BillingRegion => c.billing_address.region = owned,
        Field::BillingPostalCode => c.billing_address.postal_code = owned,
        Field::BillingCountry => c.billing_address.country = owned,
        Field::ShippingLines => c.shipping_address.lines = owned,
        Field::ShippingCity => c.shipping_address.city = owned,
        Field::ShippingRegion => c.shipping_address.region = owned,
        Field::ShippingPostalCode => c.shipping_address.postal_code = owned,
        Field::ShippingCountry => c.shipping_address.country = owned,
        Field::PersonInCharge => c.person_in_charge = owned,
        Field::Memo => c.memo = owned,
        Field::Active => c.active = yes_no(text).ok_or_else(|| format!("\"{text}\" is not yes or no"))?,
        Field::PriceLevel => c.price_level = owned,
        Field::DiscountRate => c.discount_rate = optional(text, |t| parse_percent(t).map_err(|e| e.to_string()))?,
        Field::CreditLimit => {
            c.credit_limit = optional(text, |t| parse_non_negative_amount(t).map_err(|e| e.to_string()))?
        }
        Field::AgeLimitDays => c.age_limit_days = optional(text, days)?,
        Field::PaymentTermsDays => c.payment_terms_days = optional(text, days)?,
        Field::OnExceed => {
            c.on_exceed =
                if text.is_empty() || text.eq_ignore_ascii_case(FROM_GROUP) || text.eq_ignore_ascii_case("inherit") {
                    None
                } else {
                    Some(
                        OnExceed::parse(text)
                            .ok_or_else(|| format!("\"{text}\" is not an action; write off, warn, block or inherit"))?,
                    )
                }
        }
        Field::ContactName | Field::ContactTitle | Field::ContactPhone | Field::ContactEmail => {
            set_contact(c, field, owned)
        }
    }
    Ok(())
}

/// The primary contact's part; other contacts are never touched, and a missing primary is added.
fn set_contact(c: &mut Customer, field: Field, text: String) {
    let index = match c.contacts.iter().position(|contact| contact.primary) {
        Some(index) => index,
        None if text.is_empty() => return,
        None => {
            c.contacts.insert(0, Contact { primary: true, ..Contact::default() });
            0
        }
    };
    let contact = &mut c.contacts[index];
    match field {
        Field::ContactName => contact.name = text,
        Field::ContactTitle => contact.title = text,
        Field::ContactPhone => contact.phone = text,
        _ => contact.email = text,
    }
}

fn optional<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if text.is_empty() { Ok(None) } else { parse(text).map(Some) }
}

fn days(text: &str) -> Result<u32, String> {
    // A spreadsheet number cell reads as "30" or, from some writers, "30.0".
    let whole = text.strip_suffix(".0").unwrap_or(text);
    whole.parse::<u32>().map_err(|_| format!("\"{text}\" is not a number of days; write a whole number such as 30"))
}

fn yes_no(text: &str) -> Option<bool> {
    match normalize_header(text).as_str() {
        "" | "yes" | "y" | "true" | "1" | "active" => Some(true),
        "no" | "n" | "false" | "0" | "inactive" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
