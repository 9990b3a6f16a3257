//! The Prices & credit section of Settings: the price levels, and the terms a group value
//! passes to its customers (price level, discount, credit limit, overdue limit, action).

use super::parts::{self, TEXT};
use crate::domain::customer::OnExceed;
use crate::domain::money::{parse_non_negative_amount, parse_percent};
use crate::domain::pricing::PriceLevel;
use crate::domain::terms::{GroupDefaults, TermsSet};
use crate::store::{Store, StoreError};
use crate::ui::widgets::{self, choice, input};
use iced::widget::{Column, column, container, row, text};
use iced::{Alignment, Element, Length};
use std::fmt;

pub const NEW_LEVEL_ID: &str = "terms:new-level";
pub const DISCOUNT_ID: &str = "terms:discount";
pub const CREDIT_LIMIT_ID: &str = "terms:credit-limit";
pub const AGE_LIMIT_ID: &str = "terms:age-limit";

/// One group value, as the drop-down offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPick {
    pub axis: String,
    pub value: String,
}

impl fmt::Display for GroupPick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.axis, self.value)
    }
}

/// A level to pass on, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelPick(pub Option<String>);

impl fmt::Display for LevelPick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or("(not set)"))
    }
}

/// An action to pass on, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionPick(pub Option<OnExceed>);

impl ActionPick {
    const ALL: [ActionPick; 4] = [
        ActionPick(None),
        ActionPick(Some(OnExceed::Off)),
        ActionPick(Some(OnExceed::Warn)),
        ActionPick(Some(OnExceed::Block)),
    ];
}

impl fmt::Display for ActionPick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("(not set)"),
            Some(action) => write!(f, "{action}"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    NewLevel(String),
    AddLevel,
    Pick(GroupPick),
    Level(LevelPick),
    Discount(String),
    CreditLimit(String),
    AgeLimit(String),
    Action(ActionPick),
    Save,
}

/// The terms being edited for the picked group value, as typed.
#[derive(Debug, Clone, Default)]
struct Form {
    level: Option<String>,
    discount: String,
    credit_limit: String,
    age_limit: String,
    action: Option<OnExceed>,
}

pub struct Terms {
    levels: Vec<PriceLevel>,
    new_level: String,
    groups: Vec<GroupPick>,
    saved: Vec<GroupDefaults>,
    picked: Option<GroupPick>,
    form: Form,
    error: Option<String>,
    notice: Option<String>,
}

impl Terms {
    pub fn load(store: &Store) -> Result<Terms, StoreError> {
        let mut terms = Terms {
            levels: Vec::new(),
            new_level: String::new(),
            groups: Vec::new(),
            saved: Vec::new(),
            picked: None,
            form: Form::default(),
            error: None,
            notice: None,
        };
        terms.read(store)?;
        Ok(terms)
    }

    fn read(&mut self, store: &Store) -> Result<(), StoreError> {
        self.levels = store.price_levels()?;
        self.groups = store
            .group_axes()?
            .into_iter()
            .flat_map(|axis| {
                axis.values.into_iter().map(move |value| GroupPick { axis: axis.name.clone(), value: value.name })
            })
            .collect();
        self.saved = store.group_terms(None)?;
        if self.picked.as_ref().is_some_and(|p| !self.groups.contains(p)) {
            self.picked = None;
        }
        Ok(())
    }

    /// Re-reads levels, group values and their terms; what is being typed is kept.
    pub fn refresh(&mut self, store: &Store) {
        if let Err(error) = self.read(store) {
            self.error = Some(parts::sentence(error));
        }
    }

    /// Returns whether the database changed.
    pub fn update(&mut self, message: Message, store: &mut Store) -> bool {
        self.notice = None;
        match message {
            Message::NewLevel(name) => self.new_level = name,
            Message::AddLevel => return self.add_level(store),
            Message::Pick(group) => {
                let stored = self.saved.iter().find(|g| g.axis == group.axis && g.value == group.value);
                self.form = stored.map(|g| form_of(&g.terms)).unwrap_or_default();
                self.picked = Some(group);
                self.error = None;
            }
            Message::Level(level) => self.form.level = level.0,
            Message::Discount(typed) => self.form.discount = typed,
            Message::CreditLimit(typed) => self.form.credit_limit = typed,
            Message::AgeLimit(typed) => self.form.age_limit = typed,
            Message::Action(action) => self.form.action = action.0,
            Message::Save => return self.save(store),
        }
        false
    }

    fn add_level(&mut self, store: &mut Store) -> bool {
        if self.new_level.trim().is_empty() {
            self.error = Some("Type a name for the new level, e.g. Wholesale.".into());
            return false;
        }
        match store.add_price_level(&self.new_level) {
            Ok(level) => {
                self.notice = Some(format!("Added the price level {}.", level.name));
                self.new_level.clear();
                self.error = None;
                self.refresh(store);
                true
            }
            Err(error) => {
                self.error = Some(parts::sentence(error));
                false
            }
        }
    }

    fn save(&mut self, store: &mut Store) -> bool {
        let Some(group) = self.picked.clone() else { return false };
        let terms = match terms_of(&self.form) {
            Ok(terms) => terms,
            Err(problem) => {
                self.error = Some(problem);
                return false;
            }
        };
        match store.set_group_terms(&group.axis, &group.value, &terms) {
            Ok(()) => {
                self.error = None;
                self.notice =
                    Some(format!("Saved the terms of {group}; its customers get them unless set on the customer."));
                self.refresh(store);
                true
            }
            Err(error) => {
                self.error = Some(parts::sentence(error));
                false
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut body = Column::new().spacing(16);
        let names: Vec<&str> = self.levels.iter().map(|l| l.name.as_str()).collect();
        let levels = if names.is_empty() { "No price levels yet.".to_string() } else { names.join(", ") };
        body = body.push(column![parts::subheading("Price levels"), parts::body(levels)].spacing(6));
        body = body.push(
            row![
                container(
                    input(NEW_LEVEL_ID, "New level, e.g. Wholesale", &self.new_level, Message::NewLevel, false)
                        .on_submit(Message::AddLevel)
                )
                .width(Length::Fixed(280.0)),
                parts::secondary_button("Add level", Some(Message::AddLevel)),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        );
        body = body.push(parts::subheading("What a group passes to its customers"));
        body = body.push(
            container(
                choice(self.groups.as_slice(), self.picked.as_ref(), Message::Pick, false)
                    .placeholder("Pick a group value"),
            )
            .width(Length::Fixed(320.0))
            .clip(true),
        );
        if self.picked.is_some() {
            body = body.push(self.form());
        }
        if let Some(error) = &self.error {
            body = body.push(parts::error_line(error));
        } else if let Some(notice) = &self.notice {
            body = body.push(text(notice).size(TEXT).style(crate::ui::theme::success_text));
        }
        for group in &self.saved {
            body = body.push(parts::hint(format!("{} = {}: {}", group.axis, group.value, summary(&group.terms))));
        }
        parts::section(
            "Prices & credit",
            "Price levels, and the level, discount and credit limits each group value gives its customers; a value set on a customer wins.",
            body,
        )
    }

    fn form(&self) -> Element<'_, Message> {
        let mut levels: Vec<LevelPick> = vec![LevelPick(None)];
        levels.extend(self.levels.iter().map(|l| LevelPick(Some(l.name.clone()))));
        let level = choice(levels, Some(LevelPick(self.form.level.clone())), Message::Level, false);
        let action = choice(ActionPick::ALL, Some(ActionPick(self.form.action)), Message::Action, false);
        column![
            row![
                container(widgets::field("Price level", false, level, None)).width(Length::Fixed(200.0)),
                container(widgets::field(
                    "Discount %",
                    false,
                    input(DISCOUNT_ID, "", &self.form.discount, Message::Discount, false),
                    None
                ))
                .width(Length::Fixed(120.0)),
                container(widgets::field(
                    "Credit limit",
                    false,
                    input(CREDIT_LIMIT_ID, "", &self.form.credit_limit, Message::CreditLimit, false),
                    None
                ))
                .width(Length::Fixed(160.0)),
                container(widgets::field(
                    "Overdue limit (days)",
                    false,
                    input(AGE_LIMIT_ID, "", &self.form.age_limit, Message::AgeLimit, false),
                    None
                ))
                .width(Length::Fixed(160.0)),
                container(widgets::field("When exceeded", false, action, None)).width(Length::Fixed(150.0)),
            ]
            .spacing(12),
            parts::primary_button("Save terms", Some(Message::Save)),
        ]
        .spacing(12)
        .into()
    }
}

fn form_of(terms: &TermsSet) -> Form {
    Form {
        level: terms.price_level.clone(),
        discount: terms.discount_pct.map(|d| d.normalize().to_string()).unwrap_or_default(),
        credit_limit: terms.credit_limit.map(|d| d.normalize().to_string()).unwrap_or_default(),
        age_limit: terms.age_limit_days.map(|d| d.to_string()).unwrap_or_default(),
        action: terms.on_exceed,
    }
}

fn optional(typed: &str) -> Option<&str> {
    Some(typed.trim()).filter(|t| !t.is_empty())
}

/// The typed terms, or a sentence naming the field that is wrong; empty fields are "not set".
fn terms_of(form: &Form) -> Result<TermsSet, String> {
    let discount = optional(&form.discount)
        .map(parse_percent)
        .transpose()
        .map_err(|e| parts::sentence(format!("discount: {e}")))?;
    let credit_limit = optional(&form.credit_limit)
        .map(parse_non_negative_amount)
        .transpose()
        .map_err(|e| parts::sentence(format!("credit limit: {e}")))?;
    let age_limit_days = optional(&form.age_limit).map(|t| t.parse::<u32>()).transpose().map_err(|_| {
        format!("Overdue limit: \u{201c}{}\u{201d} is not a whole number of days.", form.age_limit.trim())
    })?;
    Ok(TermsSet {
        price_level: form.level.clone(),
        discount_pct: discount,
        credit_limit,
        age_limit_days,
        on_exceed: form.action,
    })
}

fn summary(terms: &TermsSet) -> String {
    let mut said = Vec::new();
    if let Some(level) = &terms.price_level {
        said.push(format!("level {level}"));
    }
    if let Some(discount) = terms.discount_pct {
        said.push(format!("{}% discount", discount.normalize()));
    }
    if let Some(limit) = terms.credit_limit {
        said.push(format!("credit limit {}", limit.normalize()));
    }
    if let Some(days) = terms.age_limit_days {
        said.push(format!("overdue limit {days} days"));
    }
    if let Some(action) = terms.on_exceed {
        said.push(format!("{} when exceeded", action.to_string().to_lowercase()));
    }
    if said.is_empty() { "nothing set".to_string() } else { said.join(", ") }
}
