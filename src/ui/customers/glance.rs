//! The selected customer at a glance (as stored, not as being edited): its facts, its
//! balances, and its change history.

use crate::domain::credit::credit_used_pct;
use crate::domain::customer::{Customer, OnExceed, Role};
use crate::domain::ledger::Balance;
use crate::domain::money;
use crate::domain::money::Currency;
use crate::domain::terms::{EffectiveTerms, Source};
use crate::store::HistoryEntry;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{Column, column, container, progress_bar, row, text};
use iced::{Element, Length};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The role as a coloured badge, so vendors stand out from customers at a glance.
pub fn role_badge<'a, Message: 'a>(role: Role) -> Element<'a, Message> {
    let tone = match role {
        Role::Customer => Tone::Info,
        Role::Vendor => Tone::Warning,
        Role::Both => Tone::Success,
    };
    widgets::badge(tone, role.to_string())
}

/// How many history entries are drawn; older ones are counted, not shown.
const HISTORY_SHOWN: usize = 100;

/// The facts a clerk looks for first; the name, code and role are in the header above.
pub fn view<'a, Message: 'a>(
    customer: &'a Customer,
    effective: Option<&EffectiveTerms>,
    currency: &Currency,
) -> Element<'a, Message> {
    let groups =
        customer.groups.iter().map(|(axis, value)| format!("{axis}: {value}")).collect::<Vec<_>>().join("  ·  ");
    // The contact's own phone and e-mail stand with the contact; Phone and E-mail are the
    // company's, as their labels say.
    let contact = match customer.primary_contact() {
        Some(contact) => {
            let name = if contact.title.trim().is_empty() {
                contact.name.clone()
            } else {
                format!("{} ({})", contact.name, contact.title)
            };
            [name, contact.phone.clone(), contact.email.clone()]
                .into_iter()
                .filter(|part| !part.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" · ")
        }
        None => String::new(),
    };
    let phone = first_filled(&[&customer.phone, &customer.mobile]);
    let email = customer.email.clone();
    let address = if customer.billing_address.is_empty() {
        customer.shipping_address.one_line()
    } else {
        customer.billing_address.one_line()
    };
    let mut terms: Vec<String> = Vec::new();
    match customer.payment_terms_days {
        Some(0) => terms.push("payment on receipt".into()),
        Some(days) => terms.push(format!("payment in {days} days")),
        None => {}
    }
    match effective {
        // What applies: the customer's own terms first, then what each group passes on.
        Some(effective) => {
            let mut passed: Vec<(String, Vec<String>)> = Vec::new();
            let mut add = |said: String, source: &Source| match source {
                Source::Group { axis, value } => {
                    let group = format!("{axis}={value}");
                    match passed.iter_mut().find(|(g, _)| *g == group) {
                        Some((_, items)) => items.push(said),
                        None => passed.push((group, vec![said])),
                    }
                }
                _ => terms.push(said),
            };
            if let Some(level) = &effective.price_level {
                add(format!("price level {}", level.value), &level.source);
            }
            if let Some(rate) = &effective.discount_pct {
                add(format!("{}% discount", rate.value.normalize()), &rate.source);
            }
            if let Some(limit) = &effective.credit_limit {
                add(format!("credit limit {}", money::format_amount(limit.value, currency)), &limit.source);
            }
            if let Some(days) = &effective.age_limit_days {
                add(format!("overdue limit {} days", days.value), &days.source);
            }
            let limited = effective.credit_limit.is_some() || effective.age_limit_days.is_some();
            match effective.on_exceed.value {
                // Said only where it matters: the customer's own Off over limits that apply.
                OnExceed::Off if limited && effective.on_exceed.source == Source::Customer => {
                    add("limits not enforced (off)".to_string(), &effective.on_exceed.source);
                }
                OnExceed::Off => {}
                action => {
                    let action = action.to_string().to_lowercase();
                    add(format!("{action} when exceeded"), &effective.on_exceed.source);
                }
            }
            for (group, items) in passed {
                terms.push(format!("from group {group}: {}", items.join(", ")));
            }
        }
        None => {
            if let Some(limit) = customer.credit_limit {
                terms.push(format!("credit limit {}", money::format_amount(limit, currency)));
            }
            if let Some(rate) = customer.discount_rate {
                terms.push(format!("{}% discount", rate.normalize()));
            }
        }
    }

    let grid = column![
        row![pair("Person in charge", customer.person_in_charge.clone()), pair("Tax ID", customer.tax_id.clone())]
            .spacing(24),
        row![pair("Primary contact", contact), pair("Groups", groups)].spacing(24),
        row![pair("Phone", phone), pair("E-mail", email)].spacing(24),
        row![pair("Address", address), pair("Terms", terms.join("; "))].spacing(24),
    ]
    .spacing(10);

    container(grid).padding(16).width(Length::Fill).style(theme::panel).into()
}

fn first_filled(values: &[&String]) -> String {
    values.iter().find(|v| !v.trim().is_empty()).map(|v| v.to_string()).unwrap_or_default()
}

/// A label above a value; an empty value shows a faint dash so the grid keeps its shape.
fn pair<'a, Message: 'a>(label: &'a str, value: String) -> Element<'a, Message> {
    let value: Element<'a, Message> = if value.trim().is_empty() {
        text("—").size(theme::TEXT).style(theme::faint).into()
    } else {
        text(value).size(theme::TEXT).into()
    };
    column![widgets::label(label), value].spacing(2).width(Length::Fill).into()
}

pub fn history<'a, Message: 'a>(entries: &'a [HistoryEntry]) -> Element<'a, Message> {
    if entries.is_empty() {
        return text("No changes recorded yet.").size(theme::TEXT).style(theme::muted).into();
    }
    let mut list = Column::new().spacing(6);
    list = list.push(
        row![
            widgets::label("When").width(Length::Fixed(150.0)),
            widgets::label("Field").width(Length::Fixed(180.0)),
            widgets::label("Change").width(Length::Fill),
            widgets::label("By").width(Length::Fixed(110.0)),
        ]
        .spacing(12),
    );
    for entry in entries.iter().take(HISTORY_SHOWN) {
        let change = if entry.field == "Created" {
            format!("created as {}", entry.new_value)
        } else {
            format!("{} → {}", shown(&entry.old_value), shown(&entry.new_value))
        };
        list = list.push(
            row![
                text(&entry.changed_at).size(theme::SMALL).style(theme::muted).width(Length::Fixed(150.0)),
                text(&entry.field).size(theme::TEXT).width(Length::Fixed(180.0)),
                text(change).size(theme::TEXT).width(Length::Fill),
                text(&entry.changed_by).size(theme::SMALL).style(theme::muted).width(Length::Fixed(110.0)),
            ]
            .spacing(12),
        );
    }
    if entries.len() > HISTORY_SHOWN {
        list = list.push(
            text(format!("… and {} earlier changes", entries.len() - HISTORY_SHOWN))
                .size(theme::SMALL)
                .style(theme::muted),
        );
    }
    list.into()
}

/// Empty values are shown as "(empty)" so "→ Seoul" reads as "was empty", not as a glitch.
fn shown(value: &str) -> String {
    if value.trim().is_empty() { "(empty)".to_string() } else { value.replace('\n', " / ") }
}

/// The customer's money at a glance: what they owe, what we owe them, how late, and how
/// much of the credit limit is used, so trouble shows before a voucher is typed.
pub fn balances<'a, Message: 'a>(
    balance: Balance,
    overdue: Decimal,
    oldest_overdue_days: Option<i64>,
    terms: Option<&EffectiveTerms>,
    currency: &Currency,
) -> Element<'a, Message> {
    let figure = |label: &'a str, value: String, tone: Option<Tone>| -> Element<'a, Message> {
        // Amounts wrap by glyph rather than run into their neighbours on a narrow window.
        let value = text(value).size(16).font(theme::BOLD).wrapping(iced::widget::text::Wrapping::WordOrGlyph);
        let value = match tone {
            Some(Tone::Danger) => value.style(theme::error_text),
            _ => value,
        };
        column![widgets::label(label), value].spacing(2).width(Length::Fill).into()
    };
    let late = overdue > Decimal::ZERO;
    let age_limit = terms.and_then(|t| t.age_limit_days.as_ref()).map(|l| l.value);
    let mut oldest = match oldest_overdue_days {
        Some(1) => "1 day".to_string(),
        Some(days) => format!("{days} days"),
        None => "none".to_string(),
    };
    if let Some(limit) = age_limit {
        oldest.push_str(&format!(" (limit {limit})"));
    }
    let grid = row![
        figure("Receivable", money::format_amount(balance.receivable, currency), None),
        figure("Payable", money::format_amount(balance.payable, currency), None),
        figure("Overdue", money::format_amount(overdue, currency), late.then_some(Tone::Danger)),
        figure("Oldest overdue", oldest, late.then_some(Tone::Danger)),
        credit_used(balance.receivable, terms, currency),
    ]
    .spacing(16);
    container(grid).padding([10, 16]).width(Length::Fill).style(theme::panel).into()
}

/// Receivable against the credit limit, as a bar that turns red over the limit.
fn credit_used<'a, Message: 'a>(
    receivable: Decimal,
    terms: Option<&EffectiveTerms>,
    currency: &Currency,
) -> Element<'a, Message> {
    let Some(limit) = terms.and_then(|t| t.credit_limit.as_ref()) else {
        return column![widgets::label("Credit used"), text("no limit").size(16).font(theme::BOLD)]
            .spacing(2)
            .width(Length::Fill)
            .into();
    };
    let over = receivable > limit.value;
    // A zero limit has no share to show: anything owed is over it, a full red bar.
    let used = match credit_used_pct(receivable, limit.value) {
        Some(percent) => (percent / Decimal::ONE_HUNDRED).to_f32().unwrap_or(0.0).clamp(0.0, 1.0),
        None if over => 1.0,
        None => 0.0,
    };
    let said = format!(
        "{} of {}",
        money::format_amount(receivable.max(Decimal::ZERO), currency),
        money::format_amount(limit.value, currency)
    );
    let bar = progress_bar(0.0..=1.0, used).girth(6).style(if over {
        iced::widget::progress_bar::danger
    } else {
        iced::widget::progress_bar::primary
    });
    let value = text(said).size(theme::TEXT).font(theme::BOLD).wrapping(iced::widget::text::Wrapping::WordOrGlyph);
    let value = if over { value.style(theme::error_text) } else { value };
    column![widgets::label("Credit used"), value, bar].spacing(4).width(Length::Fill).into()
}
