//! The Groups section of Settings: group axes (Region, Channel, Trade, …) and their values.
//!
//! Renames are safe at any time (customers hold values by id); deletions ask
//! first and say how many customers would lose their group.

use super::parts::{self, Col, SMALL};
use crate::domain::group::{GroupAxis, GroupValue, validate_name};
use crate::store::{Store, StoreError};
use crate::ui::{theme, widgets};
use iced::widget::{Column, column, container, row, space, text};
use iced::{Alignment, Element, Length};
use std::collections::HashMap;

/// Something on the page that can be renamed or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Axis(i64),
    Value { axis: i64, id: i64 },
}

impl Target {
    fn axis(self) -> i64 {
        match self {
            Target::Axis(axis) | Target::Value { axis, .. } => axis,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    NewAxisChanged(String),
    AddAxis,
    NewValueChanged(i64, String),
    AddValue(i64),
    Rename(Target),
    RenameChanged(String),
    RenameSave,
    RenameCancel,
    Delete(Target),
    DeleteConfirmed,
    DeleteCancel,
}

/// Where an error is shown: under the "add axis" row, under one axis's
/// "add value" row, or right under the axis or value it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spot {
    NewAxis,
    NewValue(i64),
    At(Target),
}

struct Renaming {
    target: Target,
    text: String,
}

struct Confirm {
    target: Target,
    name: String,
    usage: u64,
}

pub struct Groups {
    axes: Vec<GroupAxis>,
    /// Value id -> how many customers hold it.
    usage: HashMap<i64, u64>,
    new_axis: String,
    /// Axis id -> the value being typed into that axis's "add value" box.
    new_values: HashMap<i64, String>,
    renaming: Option<Renaming>,
    confirm: Option<Confirm>,
    error: Option<(Spot, String)>,
}

impl Groups {
    pub fn load(store: &Store) -> Result<Groups, StoreError> {
        let mut groups = Groups {
            axes: Vec::new(),
            usage: HashMap::new(),
            new_axis: String::new(),
            new_values: HashMap::new(),
            renaming: None,
            confirm: None,
            error: None,
        };
        groups.read(store)?;
        Ok(groups)
    }

    fn read(&mut self, store: &Store) -> Result<(), StoreError> {
        let axes = store.group_axes()?;
        let mut usage = HashMap::new();
        for value in axes.iter().flat_map(|a| &a.values) {
            usage.insert(value.id, store.group_value_usage(value.id)?);
        }
        self.axes = axes;
        self.usage = usage;
        Ok(())
    }

    /// Re-reads axes, values and usage after a write; a failure is shown rather than lost.
    pub fn refresh(&mut self, store: &Store) {
        if let Err(error) = self.read(store) {
            self.error = Some((Spot::NewAxis, parts::sentence(error)));
        }
    }

    /// Returns whether the database changed.
    pub fn update(&mut self, message: Message, store: &mut Store) -> bool {
        match message {
            Message::NewAxisChanged(name) => {
                self.new_axis = name;
                false
            }
            Message::AddAxis => self.add_axis(store),
            Message::NewValueChanged(axis, name) => {
                self.new_values.insert(axis, name);
                false
            }
            Message::AddValue(axis) => self.add_value(axis, store),
            Message::Rename(target) => {
                self.confirm = None;
                self.error = None;
                self.renaming = self.name_of(target).map(|name| Renaming { target, text: name.to_string() });
                false
            }
            Message::RenameChanged(text) => {
                if let Some(renaming) = &mut self.renaming {
                    renaming.text = text;
                }
                false
            }
            Message::RenameSave => self.save_rename(store),
            Message::RenameCancel => {
                self.renaming = None;
                self.error = None;
                false
            }
            Message::Delete(target) => {
                self.renaming = None;
                self.error = None;
                self.ask_delete(target, store);
                false
            }
            Message::DeleteConfirmed => self.delete(store),
            Message::DeleteCancel => {
                self.confirm = None;
                false
            }
        }
    }

    fn axis(&self, id: i64) -> Option<&GroupAxis> {
        self.axes.iter().find(|a| a.id == id)
    }

    fn name_of(&self, target: Target) -> Option<&str> {
        let axis = self.axis(target.axis())?;
        match target {
            Target::Axis(_) => Some(&axis.name),
            Target::Value { id, .. } => axis.values.iter().find(|v| v.id == id).map(|v| v.name.as_str()),
        }
    }

    fn add_axis(&mut self, store: &mut Store) -> bool {
        self.error = None;
        let name = match validate_name(&self.new_axis) {
            Ok(name) => name,
            Err(_) if self.new_axis.trim().is_empty() => {
                self.error = Some((Spot::NewAxis, "Type a name for the new axis, e.g. Region.".into()));
                return false;
            }
            Err(error) => {
                self.error = Some((Spot::NewAxis, parts::sentence(error)));
                return false;
            }
        };
        if let Some(existing) = self.axes.iter().find(|a| a.name.eq_ignore_ascii_case(&name)) {
            self.error = Some((Spot::NewAxis, duplicate_axis(&existing.name)));
            return false;
        }
        match store.add_axis(&name) {
            Ok(_) => {
                self.new_axis.clear();
                self.refresh(store);
                true
            }
            Err(error) => {
                self.error = Some((Spot::NewAxis, describe(error)));
                false
            }
        }
    }

    fn add_value(&mut self, axis_id: i64, store: &mut Store) -> bool {
        self.error = None;
        let Some(axis) = self.axis(axis_id) else {
            return false;
        };
        let typed = self.new_values.get(&axis_id).map(String::as_str).unwrap_or_default();
        let name = match validate_name(typed) {
            Ok(name) => name,
            Err(_) if typed.trim().is_empty() => {
                self.error = Some((Spot::NewValue(axis_id), format!("Type the new {} value first.", axis.name)));
                return false;
            }
            Err(error) => {
                self.error = Some((Spot::NewValue(axis_id), parts::sentence(error)));
                return false;
            }
        };
        if let Some(existing) = axis.values.iter().find(|v| v.name.eq_ignore_ascii_case(&name)) {
            self.error = Some((Spot::NewValue(axis_id), duplicate_value(&axis.name, &existing.name)));
            return false;
        }
        match store.add_group_value(axis_id, &name) {
            Ok(_) => {
                self.new_values.remove(&axis_id);
                self.refresh(store);
                true
            }
            Err(error) => {
                self.error = Some((Spot::NewValue(axis_id), describe(error)));
                false
            }
        }
    }

    fn save_rename(&mut self, store: &mut Store) -> bool {
        let Some(renaming) = &self.renaming else {
            return false;
        };
        let target = renaming.target;
        let spot = Spot::At(target);
        let (Some(axis), Some(old)) = (self.axis(target.axis()), self.name_of(target)) else {
            self.renaming = None;
            return false;
        };
        let name = match validate_name(&renaming.text) {
            Ok(name) => name,
            Err(error) => {
                self.error = Some((spot, parts::sentence(error)));
                return false;
            }
        };
        if name == old {
            self.renaming = None;
            self.error = None;
            return false;
        }
        // Names compare without case in the database, so check the same way
        // here and say which existing name is in the way.
        let clash = match target {
            Target::Axis(id) => self
                .axes
                .iter()
                .find(|a| a.id != id && a.name.eq_ignore_ascii_case(&name))
                .map(|a| duplicate_axis(&a.name)),
            Target::Value { id, .. } => axis
                .values
                .iter()
                .find(|v| v.id != id && v.name.eq_ignore_ascii_case(&name))
                .map(|v| duplicate_value(&axis.name, &v.name)),
        };
        if let Some(problem) = clash {
            self.error = Some((spot, problem));
            return false;
        }
        let axis_name = axis.name.clone();
        let written = match target {
            Target::Axis(id) => store.rename_axis(id, &name),
            Target::Value { id, .. } => store.rename_group_value(id, &name),
        };
        match written {
            Ok(()) => {
                self.renaming = None;
                self.error = None;
                self.refresh(store);
                true
            }
            Err(StoreError::DuplicateGroupValue { value, .. }) => {
                // The store does not know the axis name on rename; we do.
                self.error = Some((spot, duplicate_value(&axis_name, &value)));
                false
            }
            Err(error) => {
                self.error = Some((spot, describe(error)));
                false
            }
        }
    }

    fn ask_delete(&mut self, target: Target, store: &Store) {
        let Some(axis) = self.axis(target.axis()) else {
            return;
        };
        // Counted now, not taken from the page, so the warning is never stale.
        let usage = match target {
            Target::Axis(_) => axis.values.iter().map(|v| store.group_value_usage(v.id)).sum::<Result<u64, _>>(),
            Target::Value { id, .. } => store.group_value_usage(id),
        };
        match (usage, self.name_of(target)) {
            (Ok(usage), Some(name)) => self.confirm = Some(Confirm { target, name: name.to_string(), usage }),
            (Err(error), _) => self.error = Some((Spot::At(target), parts::sentence(error))),
            (Ok(_), None) => {}
        }
    }

    fn delete(&mut self, store: &mut Store) -> bool {
        let Some(confirm) = self.confirm.take() else {
            return false;
        };
        let deleted = match confirm.target {
            Target::Axis(id) => store.delete_axis(id),
            Target::Value { id, .. } => store.delete_group_value(id),
        };
        match deleted {
            Ok(()) => {
                if let Target::Axis(id) = confirm.target {
                    self.new_values.remove(&id);
                }
                self.refresh(store);
                true
            }
            Err(error) => {
                self.error = Some((Spot::At(confirm.target), parts::sentence(error)));
                false
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut body = column![].spacing(16);
        if self.axes.is_empty() {
            body = body.push(parts::hint("No group axes yet. Add one below, e.g. Region, Channel or Trade."));
        }
        for axis in &self.axes {
            body = body.push(self.axis_card(axis));
        }
        let new_axis_error = matches!(self.error, Some((Spot::NewAxis, _)));
        let new_axis = widgets::input(
            "new-axis",
            "New axis, e.g. Region",
            &self.new_axis,
            Message::NewAxisChanged,
            new_axis_error,
        )
        .on_submit(Message::AddAxis)
        .width(320);
        body = body.push(
            row![new_axis, parts::primary_button("Add axis", Some(Message::AddAxis))]
                .spacing(8)
                .align_y(Alignment::Center),
        );
        if let Some((Spot::NewAxis, error)) = &self.error {
            body = body.push(parts::error_line(error));
        }
        parts::section(
            "Groups",
            "Sort customers along axes such as Region, Channel or Trade. \
             Each customer holds at most one value per axis.",
            body,
        )
    }

    fn axis_card<'a>(&'a self, axis: &'a GroupAxis) -> Element<'a, Message> {
        let held: u64 = axis.values.iter().map(|v| self.usage_of(v)).sum();
        let summary = format!(
            "{} · {}",
            match axis.values.len() {
                1 => "1 value".to_string(),
                n => format!("{n} values"),
            },
            parts::customers(held)
        );
        let head: Element<'a, Message> = if self.is_renaming(Target::Axis(axis.id)) {
            self.rename_row()
        } else {
            row![
                parts::subheading(axis.name.as_str()),
                text(summary).size(SMALL).style(theme::muted),
                space::horizontal(),
                parts::tagged(
                    format!("axis-{}-rename", axis.id),
                    parts::row_button("Rename", Some(Message::Rename(Target::Axis(axis.id)))),
                ),
                parts::tagged(
                    format!("axis-{}-delete", axis.id),
                    parts::row_delete_button("Delete", Some(Message::Delete(Target::Axis(axis.id)))),
                ),
            ]
            .spacing(12)
            .align_y(Alignment::Center)
            .into()
        };
        let mut card: Column<'a, Message> = column![head].spacing(12);
        let axis_target = Target::Axis(axis.id);
        if let Some((Spot::At(at), error)) = &self.error
            && *at == axis_target
        {
            card = card.push(parts::error_line(error));
        }
        if let Some(confirm) = self.confirm.as_ref().filter(|c| c.target == axis_target) {
            card = card.push(confirm_delete(confirm, &axis.name));
        }
        if axis.values.is_empty() {
            card = card.push(parts::hint(format!("No values yet. Add the first {} below.", axis.name)));
        } else {
            card = card.push(self.values_list(axis));
        }
        let typed = self.new_values.get(&axis.id).map(String::as_str).unwrap_or_default();
        let new_value = widgets::input(
            format!("axis-{}-new-value", axis.id),
            &format!("New {} value", axis.name),
            typed,
            move |name| Message::NewValueChanged(axis.id, name),
            matches!(self.error, Some((Spot::NewValue(id), _)) if id == axis.id),
        )
        .on_submit(Message::AddValue(axis.id))
        .width(320);
        card = card.push(
            row![
                new_value,
                parts::tagged(
                    format!("axis-{}-add-value", axis.id),
                    parts::secondary_button("Add value", Some(Message::AddValue(axis.id))),
                ),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        if let Some((Spot::NewValue(id), error)) = &self.error
            && *id == axis.id
        {
            card = card.push(parts::error_line(error));
        }
        parts::panel(card)
    }

    /// The axis's values; renaming happens in the line, and the delete
    /// question opens right under the value it is about.
    fn values_list<'a>(&'a self, axis: &'a GroupAxis) -> Element<'a, Message> {
        let mut list = column![parts::list_header(&VALUE_COLUMNS)];
        for value in &axis.values {
            let target = Target::Value { axis: axis.id, id: value.id };
            let name = if self.is_renaming(target) { self.rename_row() } else { parts::body(value.name.as_str()) };
            let actions = row![
                parts::tagged(
                    format!("value-{}-rename", value.id),
                    parts::row_button("Rename", Some(Message::Rename(target))),
                ),
                parts::tagged(
                    format!("value-{}-delete", value.id),
                    parts::row_delete_button("Delete", Some(Message::Delete(target))),
                ),
            ]
            .spacing(2);
            list = list.push(parts::list_row(
                &VALUE_COLUMNS,
                vec![name, parts::body(self.usage_of(value).to_string()), actions.into()],
            ));
            if let Some(confirm) = self.confirm.as_ref().filter(|c| c.target == target) {
                list = list.push(container(confirm_delete(confirm, &axis.name)).padding([4, 0]));
            }
            if let Some((Spot::At(at), error)) = &self.error
                && *at == target
            {
                list = list.push(container(parts::error_line(error)).padding([0, 8]));
            }
            list = list.push(parts::separator());
        }
        list.into()
    }

    fn usage_of(&self, value: &GroupValue) -> u64 {
        self.usage.get(&value.id).copied().unwrap_or(0)
    }

    /// Whether the open rename was refused, so its box is outlined in red.
    fn rename_failed(&self) -> bool {
        matches!((&self.renaming, &self.error), (Some(r), Some((Spot::At(at), _))) if r.target == *at)
    }

    fn is_renaming(&self, target: Target) -> bool {
        self.renaming.as_ref().is_some_and(|r| r.target == target)
    }

    fn rename_row(&self) -> Element<'_, Message> {
        let text = self.renaming.as_ref().map(|r| r.text.as_str()).unwrap_or_default();
        row![
            widgets::input("rename", "New name", text, Message::RenameChanged, self.rename_failed())
                .on_submit(Message::RenameSave)
                .width(260),
            parts::tagged("rename-save".into(), parts::primary_button("Save", Some(Message::RenameSave))),
            parts::secondary_button("Cancel", Some(Message::RenameCancel)),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    }
}

/// The columns of a values list; the last holds the row's buttons.
const VALUE_COLUMNS: [Col; 3] = [
    Col::new("Value", Length::Fill),
    Col::right("Customers", Length::Fixed(90.0)),
    Col::right("", Length::Fixed(130.0)),
];

fn confirm_delete<'a>(confirm: &'a Confirm, axis_name: &'a str) -> Element<'a, Message> {
    let (question, consequence, button) = match confirm.target {
        Target::Axis(_) => (
            format!("Delete the axis \u{201c}{}\u{201d} and all its values?", confirm.name),
            match confirm.usage {
                0 => "No customer is grouped under it. This cannot be undone.".to_string(),
                1 => format!("1 customer is grouped under it and will lose its {axis_name}. This cannot be undone."),
                n => format!(
                    "{n} customers are grouped under it and will lose their {axis_name}. This cannot be undone."
                ),
            },
            "Delete axis",
        ),
        Target::Value { .. } => (
            format!("Delete \u{201c}{}\u{201d} from {axis_name}?", confirm.name),
            match confirm.usage {
                0 => "No customer holds it. This cannot be undone.".to_string(),
                1 => format!("1 customer holds it and will have no {axis_name} afterwards. This cannot be undone."),
                n => format!("{n} customers hold it and will have no {axis_name} afterwards. This cannot be undone."),
            },
            "Delete value",
        ),
    };
    parts::confirm_box(question, consequence, button, Message::DeleteConfirmed, Message::DeleteCancel)
}

fn duplicate_axis(existing: &str) -> String {
    format!("There is already an axis called \u{201c}{existing}\u{201d}; choose another name.")
}

fn duplicate_value(axis: &str, existing: &str) -> String {
    format!("{axis} already has a value \u{201c}{existing}\u{201d}; choose another name.")
}

fn describe(error: StoreError) -> String {
    match error {
        StoreError::DuplicateAxis(name) => duplicate_axis(&name),
        StoreError::DuplicateGroupValue { axis, value } if !axis.is_empty() => duplicate_value(&axis, &value),
        other => parts::sentence(other),
    }
}
