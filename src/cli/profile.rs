//! The profile options shared by `customers add` and `customers edit`, and how they change a customer.

use super::error::{CliError, Result};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::{Contact, Customer, EntityType, OnExceed, Role};
use crate::domain::group::{GroupAxis, parse_pair, validate_name};
use crate::domain::money::{parse_non_negative_amount, parse_percent};
use crate::store::StoreError;
use clap::Args;

fn role(text: &str) -> std::result::Result<Role, String> {
    Role::parse(text).ok_or_else(|| "expected customer, vendor or both".to_string())
}

fn entity_type(text: &str) -> std::result::Result<EntityType, String> {
    EntityType::parse(text).ok_or_else(|| "expected company or individual".to_string())
}

/// The action given with `--on-exceed`: one of the customer's own, or none to take the groups'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnAction(pub Option<OnExceed>);

fn on_exceed(text: &str) -> std::result::Result<OwnAction, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "inherit" | "group" | "from group" | "(from group)" => Ok(OwnAction(None)),
        other => OnExceed::parse(other)
            .map(|action| OwnAction(Some(action)))
            .ok_or_else(|| "expected off, warn, block, or inherit to take the action from the groups".to_string()),
    }
}

/// Every profile field as an option. On `edit`, only the options given
/// change; an empty value (`--fax ""`, `--credit-limit ""`) clears that field.
#[derive(Debug, Clone, Default, Args)]
pub struct ProfileArgs {
    /// customer, vendor or both.
    #[arg(long, value_name = "ROLE", value_parser = role)]
    pub role: Option<Role>,
    /// company or individual.
    #[arg(long, value_name = "TYPE", value_parser = entity_type)]
    pub entity_type: Option<EntityType>,
    /// Tax or business registration number.
    #[arg(long, value_name = "T")]
    pub tax_id: Option<String>,
    /// Representative (CEO, owner).
    #[arg(long, value_name = "NAME")]
    pub representative: Option<String>,
    /// Business type, as on the registration certificate.
    #[arg(long, value_name = "TEXT")]
    pub business_type: Option<String>,
    /// Business item, as on the registration certificate.
    #[arg(long, value_name = "TEXT")]
    pub business_item: Option<String>,
    /// Main telephone number.
    #[arg(long, value_name = "P")]
    pub phone: Option<String>,
    /// Mobile number.
    #[arg(long, value_name = "P")]
    pub mobile: Option<String>,
    /// Fax number.
    #[arg(long, value_name = "P")]
    pub fax: Option<String>,
    /// E-mail address.
    #[arg(long, value_name = "E")]
    pub email: Option<String>,
    /// Website.
    #[arg(long, value_name = "URL")]
    pub website: Option<String>,
    /// Billing address: street lines.
    #[arg(long, value_name = "TEXT")]
    pub address: Option<String>,
    /// Billing address: city.
    #[arg(long, value_name = "TEXT")]
    pub city: Option<String>,
    /// Billing address: region, state or province.
    #[arg(long, value_name = "TEXT")]
    pub region: Option<String>,
    /// Billing address: postal code.
    #[arg(long, value_name = "TEXT")]
    pub postal_code: Option<String>,
    /// Billing address: country.
    #[arg(long, value_name = "TEXT")]
    pub country: Option<String>,
    /// Shipping address: street lines.
    #[arg(long, value_name = "TEXT")]
    pub ship_address: Option<String>,
    /// Shipping address: city.
    #[arg(long, value_name = "TEXT")]
    pub ship_city: Option<String>,
    /// Shipping address: region, state or province.
    #[arg(long, value_name = "TEXT")]
    pub ship_region: Option<String>,
    /// Shipping address: postal code.
    #[arg(long, value_name = "TEXT")]
    pub ship_postal_code: Option<String>,
    /// Shipping address: country.
    #[arg(long, value_name = "TEXT")]
    pub ship_country: Option<String>,
    /// Staff member who looks after this customer.
    #[arg(long, value_name = "NAME")]
    pub person_in_charge: Option<String>,
    /// Free notes; may span several lines.
    #[arg(long, value_name = "TEXT")]
    pub memo: Option<String>,
    /// A contact person; repeatable, the first is primary (on edit: replaces all contacts).
    #[arg(long, value_name = "NAME|TITLE|PHONE|EMAIL")]
    pub contact: Vec<String>,
    /// Remove every contact (for edit).
    #[arg(long, conflicts_with = "contact")]
    pub clear_contacts: bool,
    /// A group, e.g. Region=Seoul; repeatable; new values are created, AXIS= clears the axis.
    #[arg(long, value_name = "AXIS=VALUE")]
    pub group: Vec<String>,
    /// A custom field value, e.g. renewal=2026-03-31; repeatable; KEY= clears it.
    #[arg(long, value_name = "KEY=VALUE")]
    pub field: Vec<String>,
    /// Price level used when pricing this customer's orders; one of the book's levels
    /// (clientele levels list); empty to take it from the customer's groups.
    #[arg(long, value_name = "L")]
    pub price_level: Option<String>,
    /// Discount in percent, 0 to 100; empty for none.
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub discount: Option<String>,
    /// Most the customer may owe; empty for no limit.
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub credit_limit: Option<String>,
    /// Oldest unpaid invoice allowed, in days; empty for no limit.
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub age_limit: Option<String>,
    /// What happens when a limit is exceeded: off, warn or block; inherit (or group) takes
    /// it from the customer's groups. Off on the customer overrides a group's warn or block.
    #[arg(long, value_name = "MODE", value_parser = on_exceed)]
    pub on_exceed: Option<OwnAction>,
    /// Days until payment is due; empty for none.
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub payment_terms: Option<String>,
}

fn days(option: &'static str, text: &str) -> Result<Option<u32>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    trimmed.parse().map(Some).map_err(|_| CliError::Days { option, value: trimmed.to_string() })
}

fn optional_amount(
    option: &'static str,
    text: &str,
    parse: fn(&str) -> std::result::Result<rust_decimal::Decimal, crate::domain::money::MoneyError>,
) -> Result<Option<rust_decimal::Decimal>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse(text).map(Some).map_err(|source| CliError::Money { option, source })
}

fn parse_contact(text: &str) -> Result<Contact> {
    let parts: Vec<&str> = text.split('|').map(str::trim).collect();
    if parts.len() > 4 {
        return Err(CliError::BadContact(text.to_string()));
    }
    let part = |i: usize| parts.get(i).copied().unwrap_or_default().to_string();
    Ok(Contact { name: part(0), title: part(1), phone: part(2), email: part(3), primary: false })
}

/// The stored spelling of an axis typed in any case; the database compares
/// axis names without case, so two spellings must not become two entries.
fn axis_name(axes: &[GroupAxis], typed: &str) -> Result<String> {
    let typed = validate_name(typed)?;
    axes.iter()
        .find(|a| a.name.eq_ignore_ascii_case(&typed))
        .map(|a| a.name.clone())
        .ok_or_else(|| StoreError::UnknownAxis(typed).into())
}

/// The book's spelling of a level typed in any case (levels compare without case), or a
/// sentence naming the book's levels. An empty value is kept: it clears the customer's own level.
fn book_level(levels: &[String], typed: &str) -> Result<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(String::new());
    }
    crate::domain::pricing::book_level(levels, typed).map(str::to_string).ok_or_else(|| {
        let known = if levels.is_empty() {
            "the book has no price levels yet (add one with: clientele levels add NAME)".to_string()
        } else {
            format!("the book's levels are {}; an empty --price-level \"\" leaves it to the groups", levels.join(", "))
        };
        CliError::UnknownLevel { level: typed.to_string(), known }
    })
}

pub fn unknown_field(key: &str, defs: &[FieldDef]) -> CliError {
    let known = if defs.is_empty() {
        "there are no custom fields yet (add one with: clientele fields add KEY --label L --type T)".to_string()
    } else {
        format!("known fields: {}", defs.iter().map(|d| d.key.as_str()).collect::<Vec<_>>().join(", "))
    };
    CliError::UnknownField { key: key.to_string(), known }
}

impl ProfileArgs {
    /// Applies the options given to `customer`. Parses and checks every
    /// option before returning, so nothing is half-applied on error.
    /// `levels` are the book's price level names: `--price-level` must name one of them.
    pub fn apply(
        &self,
        customer: &mut Customer,
        defs: &[FieldDef],
        axes: &[GroupAxis],
        levels: &[String],
    ) -> Result<()> {
        if let Some(role) = self.role {
            customer.role = role;
        }
        if let Some(entity_type) = self.entity_type {
            customer.entity_type = entity_type;
        }
        if let Some(OwnAction(on_exceed)) = self.on_exceed {
            customer.on_exceed = on_exceed;
        }
        let texts: [(&Option<String>, &mut String); 21] = [
            (&self.tax_id, &mut customer.tax_id),
            (&self.representative, &mut customer.representative),
            (&self.business_type, &mut customer.business_type),
            (&self.business_item, &mut customer.business_item),
            (&self.phone, &mut customer.phone),
            (&self.mobile, &mut customer.mobile),
            (&self.fax, &mut customer.fax),
            (&self.email, &mut customer.email),
            (&self.website, &mut customer.website),
            (&self.address, &mut customer.billing_address.lines),
            (&self.city, &mut customer.billing_address.city),
            (&self.region, &mut customer.billing_address.region),
            (&self.postal_code, &mut customer.billing_address.postal_code),
            (&self.country, &mut customer.billing_address.country),
            (&self.ship_address, &mut customer.shipping_address.lines),
            (&self.ship_city, &mut customer.shipping_address.city),
            (&self.ship_region, &mut customer.shipping_address.region),
            (&self.ship_postal_code, &mut customer.shipping_address.postal_code),
            (&self.ship_country, &mut customer.shipping_address.country),
            (&self.person_in_charge, &mut customer.person_in_charge),
            (&self.memo, &mut customer.memo),
        ];
        for (given, field) in texts {
            if let Some(value) = given {
                *field = value.clone();
            }
        }
        if let Some(level) = &self.price_level {
            customer.price_level = book_level(levels, level)?;
        }
        if let Some(text) = &self.discount {
            customer.discount_rate = optional_amount("--discount", text, parse_percent)?;
        }
        if let Some(text) = &self.credit_limit {
            customer.credit_limit = optional_amount("--credit-limit", text, parse_non_negative_amount)?;
        }
        if let Some(text) = &self.age_limit {
            customer.age_limit_days = days("--age-limit", text)?;
        }
        if let Some(text) = &self.payment_terms {
            customer.payment_terms_days = days("--payment-terms", text)?;
        }
        if self.clear_contacts {
            customer.contacts.clear();
        }
        if !self.contact.is_empty() {
            let mut contacts = self.contact.iter().map(|c| parse_contact(c)).collect::<Result<Vec<_>>>()?;
            contacts[0].primary = true;
            customer.contacts = contacts;
        }
        for pair in &self.group {
            match pair.split_once('=') {
                Some((axis, value)) if value.trim().is_empty() => {
                    let axis = axis_name(axes, axis)?;
                    customer.groups.remove(&axis);
                }
                _ => {
                    let (axis, value) = parse_pair(pair)?;
                    let axis = axis_name(axes, &axis)?;
                    customer.groups.insert(axis, value);
                }
            }
        }
        for pair in &self.field {
            let (key, value) = pair.split_once('=').ok_or_else(|| CliError::BadFieldPair(pair.clone()))?;
            let key = key.trim();
            let def = defs.iter().find(|d| d.key == key).ok_or_else(|| unknown_field(key, defs))?;
            match def.parse_value(value)? {
                Some(value) => customer.custom.insert(def.key.clone(), value),
                None => customer.custom.remove(&def.key),
            };
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_field::{FieldType, FieldValue};
    use rust_decimal_macros::dec;

    fn axes() -> Vec<GroupAxis> {
        vec![GroupAxis { id: 1, name: "Region".into(), values: vec![] }]
    }

    fn renewal() -> FieldDef {
        FieldDef {
            id: 1,
            key: "renewal".into(),
            label: "Renewal".into(),
            field_type: FieldType::Date,
            choices: vec![],
            required: false,
            position: 0,
            show_in_list: false,
        }
    }

    #[test]
    fn applies_only_what_is_given() {
        let mut customer = Customer::new("Acme");
        customer.phone = "555".into();
        let args = ProfileArgs {
            email: Some("a@b.example".into()),
            discount: Some("12.5%".into()),
            group: vec!["region=Seoul".into()],
            field: vec!["renewal=2026-03-31".into()],
            contact: vec!["Kim|Buyer|010|kim@b.example".into(), "Lee".into()],
            ..ProfileArgs::default()
        };
        args.apply(&mut customer, &[renewal()], &axes(), &[]).unwrap();
        assert_eq!(customer.phone, "555");
        assert_eq!(customer.email, "a@b.example");
        assert_eq!(customer.discount_rate, Some(dec!(12.5)));
        assert_eq!(customer.groups.get("Region").map(String::as_str), Some("Seoul"));
        assert!(matches!(customer.custom.get("renewal"), Some(FieldValue::Date(_))));
        assert!(customer.contacts[0].primary && !customer.contacts[1].primary);
        assert_eq!(customer.contacts[0].title, "Buyer");
    }

    #[test]
    fn empty_values_clear() {
        let mut customer = Customer::new("Acme");
        customer.credit_limit = Some(dec!(100));
        customer.groups.insert("Region".into(), "Seoul".into());
        customer.custom.insert("renewal".into(), FieldValue::Text("x".into()));
        let args = ProfileArgs {
            credit_limit: Some(String::new()),
            group: vec!["REGION=".into()],
            field: vec!["renewal=".into()],
            ..ProfileArgs::default()
        };
        args.apply(&mut customer, &[renewal()], &axes(), &[]).unwrap();
        assert_eq!(customer.credit_limit, None);
        assert!(customer.groups.is_empty());
        assert!(customer.custom.is_empty());
    }

    #[test]
    fn bad_input_is_named() {
        let mut customer = Customer::new("Acme");
        let fail =
            |args: ProfileArgs| args.apply(&mut customer.clone(), &[renewal()], &axes(), &[]).unwrap_err().to_string();
        let message = fail(ProfileArgs { field: vec!["colour=red".into()], ..ProfileArgs::default() });
        assert!(message.contains("\"colour\"") && message.contains("renewal"), "{message}");
        let message = fail(ProfileArgs { group: vec!["Channel=Web".into()], ..ProfileArgs::default() });
        assert!(message.contains("Channel"), "{message}");
        let message = fail(ProfileArgs { credit_limit: Some("-5".into()), ..ProfileArgs::default() });
        assert!(message.contains("--credit-limit"), "{message}");
        let message = fail(ProfileArgs { age_limit: Some("soon".into()), ..ProfileArgs::default() });
        assert!(message.contains("--age-limit"), "{message}");
        let message = fail(ProfileArgs { contact: vec!["a|b|c|d|e".into()], ..ProfileArgs::default() });
        assert!(message.contains("NAME|TITLE"), "{message}");
        assert!(ProfileArgs::default().apply(&mut customer, &[], &[], &[]).is_ok());
    }

    #[test]
    fn a_price_level_must_be_one_of_the_books() {
        let levels = ["Retail".to_string(), "Wholesale".to_string()];
        let mut customer = Customer::new("Acme");
        let level = |text: &str| ProfileArgs { price_level: Some(text.into()), ..ProfileArgs::default() };
        level("wholesale").apply(&mut customer, &[], &[], &levels).unwrap();
        assert_eq!(customer.price_level, "Wholesale", "the book's spelling is stored");
        let message = level("Gold").apply(&mut customer, &[], &[], &levels).unwrap_err().to_string();
        assert_eq!(
            message,
            "there is no price level \"Gold\"; the book's levels are Retail, Wholesale; \
             an empty --price-level \"\" leaves it to the groups"
        );
        assert_eq!(customer.price_level, "Wholesale", "unchanged by the refused level");
        let message = level("Gold").apply(&mut customer, &[], &[], &[]).unwrap_err().to_string();
        assert!(message.contains("no price levels yet"), "{message}");
        level(" ").apply(&mut customer, &[], &[], &levels).unwrap();
        assert_eq!(customer.price_level, "", "an empty level clears it");
    }

    #[test]
    fn the_action_can_be_left_to_the_groups() {
        for (text, expected) in [
            ("inherit", OwnAction(None)),
            ("Group", OwnAction(None)),
            ("off", OwnAction(Some(OnExceed::Off))),
            ("BLOCK", OwnAction(Some(OnExceed::Block))),
        ] {
            assert_eq!(on_exceed(text), Ok(expected), "{text}");
        }
        assert!(on_exceed("stop").unwrap_err().contains("inherit"));
        let mut customer = Customer { on_exceed: Some(OnExceed::Warn), ..Customer::new("Acme") };
        ProfileArgs { on_exceed: Some(OwnAction(None)), ..ProfileArgs::default() }
            .apply(&mut customer, &[], &[], &[])
            .unwrap();
        assert_eq!(customer.on_exceed, None);
    }
}
