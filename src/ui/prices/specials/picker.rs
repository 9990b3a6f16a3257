//! The type-ahead boxes of the Special prices page: a customer or an item found by code or name,
//! with suggestions under the box while the clerk types.
//!
//! Each lookup is one indexed query capped at a few rows, so it runs in `update` like the page's writes.

use super::Message;
use crate::domain::customer::Role;
use crate::domain::search::{ActiveFilter, SearchQuery};
use crate::store::{Store, StoreError};
use crate::ui::theme;
use crate::ui::widgets;
use iced::widget::{Column, button, column, container, row, text};
use iced::{Alignment, Element, Length};

/// How many suggestions are offered: enough to pick from, few enough to read at a glance.
pub const SUGGESTIONS: usize = 8;

/// Which box: the two filters above the list, or the two in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    FilterCustomer,
    FilterItem,
    FormCustomer,
    FormItem,
}

/// What a box looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Customer,
    Item,
}

impl Slot {
    pub fn kind(self) -> Kind {
        match self {
            Slot::FilterCustomer | Slot::FormCustomer => Kind::Customer,
            Slot::FilterItem | Slot::FormItem => Kind::Item,
        }
    }

    /// The widget id of the box's input, for focus and for tests.
    pub fn id(self) -> &'static str {
        match self {
            Slot::FilterCustomer => "specials-filter-customer",
            Slot::FilterItem => "specials-filter-item",
            Slot::FormCustomer => "specials-customer",
            Slot::FormItem => "specials-item",
        }
    }

    /// The widget id of the × that clears the box.
    pub fn clear_id(self) -> String {
        format!("{}-clear", self.id())
    }

    /// The widget id of the `index`th suggestion under the box (from 0).
    pub fn suggestion_id(self, index: usize) -> String {
        format!("{}-suggestion-{index}", self.id())
    }
}

/// A customer or an item as a box shows it once picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Role and city, or unit; and "inactive" when so. Shown in suggestions only.
    pub detail: String,
    /// A vendor and not a customer: a new special price for it is a purchase price.
    pub vendor: bool,
}

impl Choice {
    /// What the box reads once this is picked.
    pub fn label(&self) -> String {
        format!("{} {}", self.code, self.name)
    }
}

/// One box: what is typed, and what was picked (its text then reads the pick's label).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pick {
    pub text: String,
    pub chosen: Option<Choice>,
}

impl Pick {
    pub fn of(choice: Option<Choice>) -> Pick {
        Pick { text: choice.as_ref().map(Choice::label).unwrap_or_default(), chosen: choice }
    }

    /// Takes typed text; a pick the text no longer reads as is dropped. Says whether the pick changed.
    pub fn typed(&mut self, text: String) -> bool {
        let dropped = self.chosen.as_ref().is_some_and(|c| c.label() != text);
        if dropped {
            self.chosen = None;
        }
        self.text = text;
        dropped
    }

    pub fn id(&self) -> Option<i64> {
        self.chosen.as_ref().map(|c| c.id)
    }

    pub fn is_empty(&self) -> bool {
        self.chosen.is_none() && self.text.trim().is_empty()
    }
}

/// Customers (any role, inactive ones too: their old prices are still worth reading) or items
/// whose code or name matches `text`, best first.
pub fn lookup(store: &Store, kind: Kind, text: &str) -> Result<Vec<Choice>, StoreError> {
    match kind {
        Kind::Customer => {
            let query = SearchQuery {
                text: text.to_string(),
                groups: Vec::new(),
                role: None,
                active: ActiveFilter::All,
                limit: SUGGESTIONS,
            };
            Ok(store
                .search(&query)?
                .into_iter()
                .map(|row| {
                    let mut detail = row.role.to_string();
                    if !row.city.trim().is_empty() {
                        detail = format!("{detail} · {}", row.city.trim());
                    }
                    if !row.active {
                        detail.push_str(" · inactive");
                    }
                    Choice { id: row.id, code: row.code, name: row.name, detail, vendor: row.role == Role::Vendor }
                })
                .collect())
        }
        Kind::Item => Ok(store
            .find_items(text, true, SUGGESTIONS)?
            .into_iter()
            .filter_map(|item| {
                let mut detail = item.unit.trim().to_string();
                if !item.active {
                    detail = if detail.is_empty() { "inactive".into() } else { format!("{detail} · inactive") };
                }
                Some(Choice { id: item.id?, code: item.code, name: item.name, detail, vendor: false })
            })
            .collect()),
    }
}

/// The customer or item whose code is exactly `text`, for a box left without picking a suggestion.
pub fn exact(store: &Store, kind: Kind, text: &str) -> Result<Option<Choice>, StoreError> {
    let code = text.trim();
    if code.is_empty() {
        return Ok(None);
    }
    Ok(match kind {
        Kind::Customer => store.customer_by_code(code)?.and_then(|c| {
            Some(Choice {
                id: c.id?,
                code: c.code,
                name: c.name,
                detail: c.role.to_string(),
                vendor: c.role == Role::Vendor,
            })
        }),
        Kind::Item => store
            .item_by_code(code)?
            .and_then(|i| Some(Choice { id: i.id?, code: i.code, name: i.name, detail: i.unit, vendor: false })),
    })
}

/// The suggestions open under one box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestions {
    pub slot: Slot,
    pub rows: Vec<Choice>,
    /// The lookup failed: said instead of the rows.
    pub error: Option<String>,
}

/// A type-ahead box with its clear button, and the suggestions under it when they are its own.
pub fn view<'a>(
    slot: Slot,
    pick: &'a Pick,
    suggestions: Option<&'a Suggestions>,
    invalid: bool,
) -> Element<'a, Message> {
    let input = widgets::input(slot.id(), "Code or name", &pick.text, move |text| Message::Type(slot, text), invalid)
        .on_submit(Message::TakeFirst(slot));
    let clear = button(text("×").size(theme::TEXT))
        .padding([4, 10])
        .style(theme::secondary_button)
        .on_press_maybe((!pick.is_empty()).then_some(Message::Clear(slot)));
    let clear = container(clear).id(slot.clear_id());
    let mut content = column![row![input, clear].spacing(4).align_y(Alignment::Center)].spacing(4);
    if let Some(open) = suggestions.filter(|s| s.slot == slot) {
        content = content.push(list(open, &pick.text));
    }
    content.width(Length::Fill).into()
}

fn list<'a>(open: &'a Suggestions, typed: &str) -> Element<'a, Message> {
    let what = match open.slot.kind() {
        Kind::Customer => "customer",
        Kind::Item => "item",
    };
    let note: Element<'a, Message> = if let Some(error) = &open.error {
        text(error.as_str()).size(theme::SMALL).style(theme::error_text).into()
    } else if open.rows.is_empty() {
        widgets::label(format!("No {what} matches \u{201c}{}\u{201d}. Check the spelling.", typed.trim())).into()
    } else {
        widgets::label("Enter takes the outlined one; click another to pick it.").into()
    };
    let mut rows = Column::new();
    for (index, choice) in open.rows.iter().enumerate() {
        let label = widgets::suggestion_line(choice.code.as_str(), 90.0, choice.name.as_str(), choice.detail.as_str());
        let press = button(container(label).clip(true))
            .width(Length::Fill)
            .padding([4, 8])
            .on_press(Message::Pick(open.slot, choice.clone()))
            .style(theme::list_row(false, index == 0));
        rows = rows.push(container(press).id(open.slot.suggestion_id(index)));
    }
    let mut content = column![note].spacing(4);
    if !open.rows.is_empty() {
        content = content.push(container(rows).style(theme::panel));
    }
    content.into()
}
