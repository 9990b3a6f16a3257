//! The sentences the Customers screen shows: a refused save's summary, field names, and errors as sentences.

use super::TextField;
use crate::domain::customer::ProfileError;
use crate::ui::{theme, widgets};
use iced::Element;
use iced::widget::{row, text};

/// The line above the form after a refused save: how many fields, and which.
pub(super) fn summary(errors: &[ProfileError]) -> String {
    let labels: Vec<String> = errors.iter().map(|e| field_label(&e.field)).collect();
    let mut unique: Vec<String> = Vec::new();
    for label in labels {
        if !unique.contains(&label) {
            unique.push(label);
        }
    }
    let count = errors.len();
    format!("Not saved: {} {} to fix ({}).", count, if count == 1 { "problem" } else { "problems" }, unique.join(", "))
}

/// A readable name for an error's field key.
fn field_label(key: &str) -> String {
    const FIELDS: [TextField; 25] = [
        TextField::Code,
        TextField::Name,
        TextField::TaxId,
        TextField::Representative,
        TextField::BusinessType,
        TextField::BusinessItem,
        TextField::Phone,
        TextField::Mobile,
        TextField::Fax,
        TextField::Email,
        TextField::Website,
        TextField::PersonInCharge,
        TextField::PriceLevel,
        TextField::Discount,
        TextField::CreditLimit,
        TextField::AgeLimit,
        TextField::PaymentTerms,
        TextField::BillingCity,
        TextField::BillingRegion,
        TextField::BillingPostal,
        TextField::BillingCountry,
        TextField::ShippingCity,
        TextField::ShippingRegion,
        TextField::ShippingPostal,
        TextField::ShippingCountry,
    ];
    if let Some(field) = FIELDS.iter().find(|f| f.key() == key) {
        return match key.split_once('.') {
            Some(("billing_address", _)) => format!("Billing {}", field.label().to_lowercase()),
            Some(("shipping_address", _)) => format!("Shipping {}", field.label().to_lowercase()),
            _ => field.label().to_string(),
        };
    }
    if let Some(custom) = key.strip_prefix("custom:") {
        return custom.replace('_', " ");
    }
    if let Some(axis) = key.strip_prefix("group:") {
        return axis.to_string();
    }
    if let Some(rest) = key.strip_prefix("contacts[")
        && let Some((index, _)) = rest.split_once(']')
    {
        return format!("contact {}", index.parse::<usize>().map_or(0, |i| i + 1));
    }
    match key {
        "memo" => "Memo".into(),
        "billing_address.lines" => "Billing address".into(),
        "shipping_address.lines" => "Shipping address".into(),
        "contacts" => "contacts".into(),
        other => other.replace('_', " "),
    }
}

/// Store and parse errors start in lower case to fit inside other text; alone
/// on screen they read as sentences: a capital letter and a full stop.
pub fn sentence(message: &str) -> String {
    let trimmed = message.trim();
    let mut chars = trimmed.chars();
    let mut out = match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?', '…']) {
        out.push('.');
    }
    out
}

pub const RELOAD_BUTTON: &str = "Reload the customer (drops your edits)";

/// The way out after another clerk saved the customer first: open it as they left it.
pub(super) fn reload_offer<'a, M: Clone + 'a>(reload: M) -> Element<'a, M> {
    row![
        widgets::text_button(RELOAD_BUTTON, Some(reload), theme::secondary_button),
        text("or copy what you typed before reloading.").size(theme::SMALL).style(theme::muted),
    ]
    .spacing(10)
    .align_y(iced::Alignment::Center)
    .into()
}
