//! The price levels page: add a level, rename one (customers and group values naming it
//! follow), and put them in the order the grid, the profile and the pick lists show.

use crate::domain::pricing::PriceLevel;
use crate::store::{LevelUsage, Store, StoreError};
use crate::ui::customers::sentence;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};

pub const NEW_LEVEL_ID: &str = "levels:new";
pub const RENAME_ID: &str = "levels:rename";

#[derive(Debug, Clone)]
pub enum Message {
    NewName(String),
    Add,
    /// Start renaming the level with this id.
    Rename(i64),
    RenameText(String),
    RenameSave,
    RenameCancel,
    /// Move the level with this id up (-1) or down (+1).
    Move(i64, i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    /// Levels were added, renamed or reordered.
    Changed,
}

pub struct Levels {
    levels: Vec<(PriceLevel, LevelUsage)>,
    new_name: String,
    /// The level being renamed and the name typed so far.
    renaming: Option<(i64, String)>,
    problem: Option<String>,
    status: Option<String>,
}

impl Levels {
    pub fn new(store: &Store) -> Result<Levels, StoreError> {
        let mut levels =
            Levels { levels: Vec::new(), new_name: String::new(), renaming: None, problem: None, status: None };
        levels.reload(store)?;
        Ok(levels)
    }

    pub fn names(&self) -> Vec<&str> {
        self.levels.iter().map(|(level, _)| level.name.as_str()).collect()
    }

    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub fn refresh(&mut self, store: &Store) {
        if let Err(e) = self.reload(store) {
            self.problem = Some(sentence(&format!("The price levels could not be read: {e}")));
        }
    }

    fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        let mut levels = Vec::new();
        for level in store.price_levels()? {
            let usage = store.level_usage(&level)?;
            levels.push((level, usage));
        }
        self.levels = levels;
        Ok(())
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        match message {
            Message::NewName(name) => {
                self.new_name = name;
                Action::None
            }
            Message::Add => {
                self.clear();
                match store.add_price_level(&self.new_name) {
                    Ok(level) => {
                        self.status = Some(format!(
                            "Level {} was added. Give its prices on the Level prices page; items without one use the standard price.",
                            level.name
                        ));
                        self.new_name.clear();
                        self.changed(store)
                    }
                    Err(e) => self.refused("The level was not added", e),
                }
            }
            Message::Rename(id) => {
                self.clear();
                let name = self.levels.iter().find(|(l, _)| l.id == id).map(|(l, _)| l.name.clone());
                self.renaming = name.map(|name| (id, name));
                Action::None
            }
            Message::RenameText(typed) => {
                if let Some((_, name)) = &mut self.renaming {
                    *name = typed;
                }
                Action::None
            }
            Message::RenameCancel => {
                self.renaming = None;
                Action::None
            }
            Message::RenameSave => {
                self.clear();
                let Some((id, new)) = self.renaming.clone() else { return Action::None };
                let Some(old) = self.levels.iter().find(|(l, _)| l.id == id).map(|(l, _)| l.name.clone()) else {
                    self.renaming = None;
                    return Action::None;
                };
                match store.rename_price_level(&old, &new) {
                    Ok(()) => {
                        self.renaming = None;
                        self.status = Some(format!(
                            "{old} is now called {}; its customers, group values and prices follow.",
                            new.trim()
                        ));
                        self.changed(store)
                    }
                    Err(e) => self.refused("The level was not renamed", e),
                }
            }
            Message::Move(id, step) => {
                self.clear();
                let mut names: Vec<String> = self.levels.iter().map(|(l, _)| l.name.clone()).collect();
                let Some(from) = self.levels.iter().position(|(l, _)| l.id == id) else { return Action::None };
                let to = from as i64 + i64::from(step);
                if to < 0 || to >= names.len() as i64 {
                    return Action::None;
                }
                names.swap(from, to as usize);
                match store.order_price_levels(&names) {
                    Ok(()) => self.changed(store),
                    Err(e) => self.refused("The order was not changed", e),
                }
            }
        }
    }

    fn clear(&mut self) {
        self.problem = None;
        self.status = None;
    }

    fn changed(&mut self, store: &Store) -> Action {
        self.refresh(store);
        Action::Changed
    }

    fn refused(&mut self, what: &str, error: StoreError) -> Action {
        self.problem = Some(sentence(&format!("{what}: {error}")));
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let add = row![
            container(
                widgets::input(NEW_LEVEL_ID, "New level, e.g. Wholesale", &self.new_name, Message::NewName, false)
                    .on_submit(Message::Add)
            )
            .width(Length::Fixed(280.0)),
            button(text("Add level").size(theme::TEXT))
                .padding([6, 14])
                .style(theme::primary_button)
                .on_press_maybe((!self.new_name.trim().is_empty()).then_some(Message::Add)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let mut content = column![add].spacing(12);
        if let Some(problem) = &self.problem {
            content = content.push(widgets::notice(Tone::Danger, problem.as_str()));
        }
        if let Some(status) = &self.status {
            content = content.push(widgets::notice(Tone::Success, status.as_str()));
        }
        let mut list = column![].spacing(2);
        let last = self.levels.len().saturating_sub(1);
        for (index, (level, usage)) in self.levels.iter().enumerate() {
            list = list.push(self.level_row(index, last, level, usage));
        }
        let body: Element<'_, Message> = if self.levels.is_empty() {
            text("No price levels yet. A level (Retail, Wholesale, Online…) gives each item a price of its own; a customer or a group value then names the level it buys at.")
                .size(theme::TEXT)
                .style(theme::muted)
                .into()
        } else {
            scrollable(list).style(theme::scroller).into()
        };
        content = content.push(container(body).padding(12).width(Length::Fill).style(theme::panel));
        content = content.push(
            text("The order is the one the price grid and the pick lists show. A renamed level keeps its prices, and its customers and group values follow it. Saved vouchers keep their prices.")
                .size(theme::SMALL)
                .style(theme::muted),
        );
        container(content.padding(16).max_width(1000)).into()
    }

    fn level_row<'a>(
        &'a self,
        index: usize,
        last: usize,
        level: &'a PriceLevel,
        usage: &LevelUsage,
    ) -> Element<'a, Message> {
        let name: Element<'a, Message> = match &self.renaming {
            Some((id, typed)) if *id == level.id => row![
                container(
                    widgets::input(RENAME_ID, "Level name", typed, Message::RenameText, false)
                        .on_submit(Message::RenameSave)
                )
                .width(Length::Fixed(220.0)),
                small_button("Save", Some(Message::RenameSave), theme::primary_button),
                small_button("Cancel", Some(Message::RenameCancel), theme::secondary_button),
            ]
            .spacing(6)
            .align_y(Alignment::Center)
            .into(),
            _ => text(&level.name).size(theme::TEXT).font(theme::BOLD).into(),
        };
        let usage = format!(
            "{} · {} · {}",
            plural(usage.customers, "customer"),
            plural(usage.group_values, "group value"),
            plural(usage.item_prices, "item price")
        );
        row![
            container(text(format!("{}.", index + 1)).size(theme::TEXT).style(theme::muted)).width(Length::Fixed(28.0)),
            container(name).width(Length::Fixed(380.0)),
            container(text(usage).size(theme::SMALL).style(theme::muted)).width(Length::Fill),
            small_button("↑ Up", (index > 0).then_some(Message::Move(level.id, -1)), theme::secondary_button),
            small_button("↓ Down", (index < last).then_some(Message::Move(level.id, 1)), theme::secondary_button),
            small_button("Rename", Some(Message::Rename(level.id)), theme::secondary_button),
        ]
        .spacing(8)
        .padding([6, 4])
        .align_y(Alignment::Center)
        .into()
    }
}

fn plural(count: u64, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

fn small_button<'a>(
    label: &'a str,
    on_press: Option<Message>,
    style: fn(&iced::Theme, button::Status) -> button::Style,
) -> Element<'a, Message> {
    button(text(label).size(theme::SMALL)).padding([4, 10]).style(style).on_press_maybe(on_press).into()
}
