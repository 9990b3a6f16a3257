//! The Custom fields section of Settings: the definitions in order, adding, editing, reordering and deleting them.
//!
//! Values are stored under the field's id, so a label can be renamed freely;
//! the key (used by the CLI and files) and the type are fixed once created,
//! because stored values and scripts depend on them.

use super::parts::{self, Col, TEXT};
use crate::domain::custom_field::{FieldDef, FieldType, key_from_label, validate_key};
use crate::store::{Store, StoreError};
use crate::ui::widgets;
use iced::widget::{checkbox, column, container, row};
use iced::{Element, Length};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub enum Message {
    Add,
    DraftLabel(String),
    DraftKey(String),
    DraftType(FieldType),
    DraftChoices(String),
    DraftRequired(bool),
    DraftInList(bool),
    DraftSave,
    DraftCancel,
    Edit(i64),
    EditLabel(String),
    EditChoices(String),
    EditRequired(bool),
    EditInList(bool),
    EditSave,
    EditCancel,
    MoveUp(i64),
    MoveDown(i64),
    Delete(i64),
    DeleteConfirmed,
    DeleteCancel,
}

pub struct Fields {
    defs: Vec<FieldDef>,
    /// Field id -> how many customers hold a value for it.
    usage: HashMap<i64, u64>,
    customer_count: u64,
    draft: Option<Draft>,
    edit: Option<Edit>,
    confirm: Option<Confirm>,
    /// A problem not tied to an open form, such as a failed move.
    error: Option<String>,
}

/// The "new field" form.
struct Draft {
    label: String,
    key: String,
    /// Once the clerk types a key we stop re-suggesting one from the label.
    key_edited: bool,
    field_type: FieldType,
    choices: String,
    required: bool,
    show_in_list: bool,
    error: Option<String>,
}

/// The form editing one existing field.
struct Edit {
    id: i64,
    label: String,
    choices: String,
    required: bool,
    show_in_list: bool,
    error: Option<String>,
}

/// A deletion waiting for the clerk's "yes".
struct Confirm {
    id: i64,
    label: String,
    usage: u64,
}

impl Fields {
    /// A field being added or changed, not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.draft.is_some() || self.edit.is_some()
    }

    pub fn load(store: &Store) -> Result<Fields, StoreError> {
        let mut fields = Fields {
            defs: Vec::new(),
            usage: HashMap::new(),
            customer_count: 0,
            draft: None,
            edit: None,
            confirm: None,
            error: None,
        };
        fields.read(store)?;
        Ok(fields)
    }

    fn read(&mut self, store: &Store) -> Result<(), StoreError> {
        let defs = store.field_defs()?;
        let mut usage = HashMap::with_capacity(defs.len());
        for def in &defs {
            usage.insert(def.id, store.field_usage(def.id)?);
        }
        self.customer_count = store.customer_count()?;
        self.defs = defs;
        self.usage = usage;
        Ok(())
    }

    /// Re-reads the definitions after a write; a failure is shown rather than lost.
    pub fn refresh(&mut self, store: &Store) {
        if let Err(error) = self.read(store) {
            self.error = Some(parts::sentence(error));
        }
    }

    /// Returns whether the database changed.
    pub fn update(&mut self, message: Message, store: &mut Store) -> bool {
        match message {
            Message::Add => {
                self.close_forms();
                self.draft = Some(Draft {
                    label: String::new(),
                    key: String::new(),
                    key_edited: false,
                    field_type: FieldType::Text,
                    choices: String::new(),
                    required: false,
                    show_in_list: false,
                    error: None,
                });
                false
            }
            Message::DraftLabel(label) => {
                if let Some(draft) = &mut self.draft {
                    if !draft.key_edited {
                        draft.key = suggest_key(&label, &self.defs);
                    }
                    draft.label = label;
                }
                false
            }
            Message::DraftKey(key) => {
                if let Some(draft) = &mut self.draft {
                    // Clearing the key hands the suggestion back to the label.
                    draft.key_edited = !key.is_empty();
                    draft.key = key;
                }
                false
            }
            Message::DraftType(field_type) => {
                if let Some(draft) = &mut self.draft {
                    draft.field_type = field_type;
                }
                false
            }
            Message::DraftChoices(choices) => {
                if let Some(draft) = &mut self.draft {
                    draft.choices = choices;
                }
                false
            }
            Message::DraftRequired(required) => {
                if let Some(draft) = &mut self.draft {
                    draft.required = required;
                }
                false
            }
            Message::DraftInList(show) => {
                if let Some(draft) = &mut self.draft {
                    draft.show_in_list = show;
                }
                false
            }
            Message::DraftSave => self.save_draft(store),
            Message::DraftCancel => {
                self.draft = None;
                false
            }
            Message::Edit(id) => {
                self.close_forms();
                if let Some(def) = self.defs.iter().find(|d| d.id == id) {
                    self.edit = Some(Edit {
                        id,
                        label: def.label.clone(),
                        choices: def.choices.join(", "),
                        required: def.required,
                        show_in_list: def.show_in_list,
                        error: None,
                    });
                }
                false
            }
            Message::EditLabel(label) => {
                if let Some(edit) = &mut self.edit {
                    edit.label = label;
                }
                false
            }
            Message::EditChoices(choices) => {
                if let Some(edit) = &mut self.edit {
                    edit.choices = choices;
                }
                false
            }
            Message::EditRequired(required) => {
                if let Some(edit) = &mut self.edit {
                    edit.required = required;
                }
                false
            }
            Message::EditInList(show) => {
                if let Some(edit) = &mut self.edit {
                    edit.show_in_list = show;
                }
                false
            }
            Message::EditSave => self.save_edit(store),
            Message::EditCancel => {
                self.edit = None;
                false
            }
            Message::MoveUp(id) => self.move_field(id, -1, store),
            Message::MoveDown(id) => self.move_field(id, 1, store),
            Message::Delete(id) => {
                self.close_forms();
                let Some(def) = self.defs.iter().find(|d| d.id == id) else {
                    return false;
                };
                // Counted now, not from the table, so the warning is never stale.
                match store.field_usage(id) {
                    Ok(usage) => self.confirm = Some(Confirm { id, label: def.label.clone(), usage }),
                    Err(error) => self.error = Some(parts::sentence(error)),
                }
                false
            }
            Message::DeleteConfirmed => {
                let Some(confirm) = self.confirm.take() else {
                    return false;
                };
                match store.delete_field(confirm.id) {
                    Ok(()) => {
                        self.refresh(store);
                        true
                    }
                    Err(error) => {
                        self.error = Some(parts::sentence(error));
                        false
                    }
                }
            }
            Message::DeleteCancel => {
                self.confirm = None;
                false
            }
        }
    }

    fn close_forms(&mut self) {
        self.draft = None;
        self.edit = None;
        self.confirm = None;
        self.error = None;
    }

    fn save_draft(&mut self, store: &mut Store) -> bool {
        let Some(draft) = &mut self.draft else {
            return false;
        };
        let label = draft.label.trim().to_string();
        let key = draft.key.trim().to_string();
        let choices = if draft.field_type == FieldType::Choice { split_choices(&draft.choices) } else { Vec::new() };
        if let Err(problem) = check_label(&label, None, &self.defs)
            .and_then(|()| check_key(&key, &self.defs))
            .and_then(|()| check_choices(draft.field_type, &choices))
        {
            draft.error = Some(problem);
            return false;
        }
        let def = FieldDef {
            id: 0,
            key,
            label,
            field_type: draft.field_type,
            choices,
            required: draft.required,
            position: 0,
            show_in_list: draft.show_in_list,
        };
        match store.add_field(&def) {
            Ok(_) => {
                self.draft = None;
                self.refresh(store);
                true
            }
            Err(error) => {
                draft.error = Some(parts::sentence(error));
                false
            }
        }
    }

    fn save_edit(&mut self, store: &mut Store) -> bool {
        let Some(edit) = &mut self.edit else {
            return false;
        };
        let Some(def) = self.defs.iter().find(|d| d.id == edit.id) else {
            self.edit = None;
            return false;
        };
        let label = edit.label.trim().to_string();
        let choices = if def.field_type == FieldType::Choice { split_choices(&edit.choices) } else { Vec::new() };
        if let Err(problem) =
            check_label(&label, Some(def.id), &self.defs).and_then(|()| check_choices(def.field_type, &choices))
        {
            edit.error = Some(problem);
            return false;
        }
        let changed =
            FieldDef { label, choices, required: edit.required, show_in_list: edit.show_in_list, ..def.clone() };
        if changed == *def {
            self.edit = None;
            return false;
        }
        match store.update_field(&changed) {
            Ok(()) => {
                self.edit = None;
                self.refresh(store);
                true
            }
            Err(error) => {
                edit.error = Some(parts::sentence(error));
                false
            }
        }
    }

    /// Swaps a field with its neighbour, then numbers every position afresh so
    /// equal or gapped positions (from older data or the CLI) cannot confuse the order.
    fn move_field(&mut self, id: i64, step: isize, store: &mut Store) -> bool {
        let Some(index) = self.defs.iter().position(|d| d.id == id) else {
            return false;
        };
        let Some(other) = index.checked_add_signed(step).filter(|i| *i < self.defs.len()) else {
            return false;
        };
        self.error = None;
        let mut order = self.defs.clone();
        order.swap(index, other);
        let mut wrote = false;
        for (position, def) in order.iter_mut().enumerate() {
            let position = position as i64;
            if def.position != position {
                def.position = position;
                if let Err(error) = store.update_field(def) {
                    self.error = Some(parts::sentence(error));
                    break;
                }
                wrote = true;
            }
        }
        self.refresh(store);
        wrote
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut body = column![].spacing(16);
        body = body.push(if self.defs.is_empty() {
            parts::hint(
                "No custom fields yet. Add one to keep extra facts about each customer, \
                 such as an account manager or a renewal date.",
            )
        } else {
            self.list()
        });
        if let Some(error) = &self.error {
            body = body.push(parts::error_line(error));
        }
        body = body.push(match &self.draft {
            Some(draft) => draft_form(draft),
            None => row![parts::primary_button("Add field", Some(Message::Add))].into(),
        });
        parts::section(
            "Custom fields",
            "Extra facts you keep about each customer, shown on the profile in this order.",
            body,
        )
    }

    /// The definitions in order; the edit form or the delete question opens
    /// right under the field it is about.
    fn list(&self) -> Element<'_, Message> {
        let last = self.defs.len().saturating_sub(1);
        let mut list = column![parts::list_header(&COLUMNS)];
        for (index, def) in self.defs.iter().enumerate() {
            let id = def.id;
            let actions = row![
                parts::tagged(
                    format!("field-{}-up", def.key),
                    parts::row_button("↑", (index > 0).then_some(Message::MoveUp(id))),
                ),
                parts::tagged(
                    format!("field-{}-down", def.key),
                    parts::row_button("↓", (index < last).then_some(Message::MoveDown(id))),
                ),
                parts::tagged(format!("field-{}-edit", def.key), parts::row_button("Edit", Some(Message::Edit(id)))),
                parts::tagged(
                    format!("field-{}-delete", def.key),
                    parts::row_delete_button("Delete", Some(Message::Delete(id))),
                ),
            ]
            .spacing(2);
            let choices = if def.choices.is_empty() { "—".to_string() } else { def.choices.join(", ") };
            list = list.push(parts::list_row(
                &COLUMNS,
                vec![
                    parts::body(def.label.as_str()),
                    parts::body(def.key.as_str()),
                    parts::body(def.field_type.to_string()),
                    parts::body(yes_no(def.required)),
                    parts::body(yes_no(def.show_in_list)),
                    parts::body(choices),
                    parts::body(self.usage.get(&id).copied().unwrap_or(0).to_string()),
                    actions.into(),
                ],
            ));
            if let Some(edit) = self.edit.as_ref().filter(|e| e.id == id) {
                list = list.push(container(self.edit_form(def, edit)).padding([4, 0]));
            }
            if let Some(confirm) = self.confirm.as_ref().filter(|c| c.id == id) {
                list = list.push(container(confirm_delete(confirm)).padding([4, 0]));
            }
            list = list.push(parts::separator());
        }
        list.into()
    }

    fn edit_form<'a>(&'a self, def: &'a FieldDef, edit: &'a Edit) -> Element<'a, Message> {
        let label = widgets::input("edit-field-label", "Label", &edit.label, Message::EditLabel, edit.error.is_some())
            .on_submit(Message::EditSave);
        let fixed = format!(
            "Key: {} · Type: {}. Both are fixed once a field is created; \
             renaming the label keeps every customer's value.",
            def.key, def.field_type
        );
        let mut form = column![
            parts::subheading(format!("Edit \u{201c}{}\u{201d}", def.label)),
            container(widgets::field("Label", true, label, None)).max_width(420),
            parts::hint(fixed),
        ]
        .spacing(12);
        if def.field_type == FieldType::Choice {
            let choices = widgets::input(
                "edit-field-choices",
                "Gold, Silver, Bronze",
                &edit.choices,
                Message::EditChoices,
                false,
            )
            .on_submit(Message::EditSave);
            form = form.push(widgets::field("Choices, separated by commas", true, choices, None));
            let kept = split_choices(&edit.choices);
            let removed: Vec<&str> = def
                .choices
                .iter()
                .filter(|old| !kept.iter().any(|c| c.eq_ignore_ascii_case(old)))
                .map(String::as_str)
                .collect();
            if !removed.is_empty() {
                form = form.push(parts::hint(format!(
                    "Customers who hold {} keep it, but must pick another choice the next time their profile is saved.",
                    removed.join(", ")
                )));
            }
        }
        form = form.push(flags(
            "edit-field",
            edit.required,
            edit.show_in_list,
            Message::EditRequired,
            Message::EditInList,
        ));
        let without_value = self.customer_count.saturating_sub(self.usage.get(&def.id).copied().unwrap_or(0));
        if edit.required && !def.required && without_value > 0 {
            form = form.push(parts::hint(format!(
                "{} no value for this field yet; each will need one the next time the profile is saved.",
                have(without_value)
            )));
        }
        if let Some(error) = &edit.error {
            form = form.push(parts::error_line(error));
        }
        form = form.push(
            row![
                parts::primary_button("Save changes", Some(Message::EditSave)),
                parts::secondary_button("Cancel", Some(Message::EditCancel)),
            ]
            .spacing(8),
        );
        parts::panel(form)
    }
}

fn draft_form(draft: &Draft) -> Element<'_, Message> {
    let label = widgets::input("new-field-label", "e.g. Account manager", &draft.label, Message::DraftLabel, false)
        .on_submit(Message::DraftSave);
    let key = widgets::input("new-field-key", "account_manager", &draft.key, Message::DraftKey, false)
        .on_submit(Message::DraftSave);
    let kind = container(widgets::choice(FieldType::ALL, Some(draft.field_type), Message::DraftType, false))
        .id("new-field-type");
    let mut form = column![
        parts::subheading("New field"),
        row![
            container(widgets::field("Label", true, label, None)).width(Length::FillPortion(3)),
            container(widgets::field("Key", true, key, None)).width(Length::FillPortion(3)),
            container(widgets::field("Type", true, kind, None)).width(Length::FillPortion(2)),
        ]
        .spacing(12),
        parts::hint(
            "The key names the field on the command line and in files. \
             The key and the type cannot be changed once the field is created.",
        ),
    ]
    .spacing(12);
    if draft.field_type == FieldType::Choice {
        let choices =
            widgets::input("new-field-choices", "Gold, Silver, Bronze", &draft.choices, Message::DraftChoices, false)
                .on_submit(Message::DraftSave);
        form = form.push(widgets::field("Choices, separated by commas", true, choices, None));
    }
    form =
        form.push(flags("new-field", draft.required, draft.show_in_list, Message::DraftRequired, Message::DraftInList));
    if let Some(error) = &draft.error {
        form = form.push(parts::error_line(error));
    }
    form = form.push(
        row![
            parts::primary_button("Save field", Some(Message::DraftSave)),
            parts::secondary_button("Cancel", Some(Message::DraftCancel)),
        ]
        .spacing(8),
    );
    parts::panel(form)
}

/// The two switches of a definition; `prefix` names them for tests ("new-field", "edit-field").
fn flags<'a>(
    prefix: &str,
    required: bool,
    show_in_list: bool,
    on_required: fn(bool) -> Message,
    on_list: fn(bool) -> Message,
) -> Element<'a, Message> {
    row![
        parts::tagged(
            format!("{prefix}-required"),
            checkbox(required).label("Required").on_toggle(on_required).text_size(TEXT).size(16),
        ),
        parts::tagged(
            format!("{prefix}-in-list"),
            checkbox(show_in_list).label("Show as list column").on_toggle(on_list).text_size(TEXT).size(16),
        ),
    ]
    .spacing(24)
    .into()
}

fn confirm_delete(confirm: &Confirm) -> Element<'_, Message> {
    let consequence = match confirm.usage {
        0 => "No customer holds a value for it. This cannot be undone.".to_string(),
        n => format!("{} a value for it; those values will be deleted too. This cannot be undone.", hold(n)),
    };
    parts::confirm_box(
        format!("Delete the field \u{201c}{}\u{201d}?", confirm.label),
        consequence,
        "Delete field",
        Message::DeleteConfirmed,
        Message::DeleteCancel,
    )
}

/// The columns of the fields list; the last holds the row's buttons.
const COLUMNS: [Col; 8] = [
    Col::new("Label", Length::FillPortion(3)),
    Col::new("Key", Length::FillPortion(3)),
    Col::new("Type", Length::Fixed(110.0)),
    Col::new("Required", Length::Fixed(70.0)),
    Col::new("List column", Length::Fixed(80.0)),
    Col::new("Choices", Length::FillPortion(4)),
    Col::right("Customers", Length::Fixed(75.0)),
    Col::right("", Length::Fixed(150.0)),
];

fn yes_no(flag: bool) -> &'static str {
    if flag { "Yes" } else { "—" }
}

/// "1 customer holds" / "3 customers hold".
fn hold(count: u64) -> String {
    match count {
        1 => "1 customer holds".to_string(),
        n => format!("{} hold", parts::customers(n)),
    }
}

/// "1 customer has" / "3 customers have".
fn have(count: u64) -> String {
    match count {
        1 => "1 customer has".to_string(),
        n => format!("{} have", parts::customers(n)),
    }
}

/// The key suggested for a label: `key_from_label`, made unique with a number
/// so the suggestion never collides with an existing field.
fn suggest_key(label: &str, defs: &[FieldDef]) -> String {
    if label.trim().is_empty() {
        return String::new();
    }
    let base = key_from_label(label);
    let taken = |key: &str| defs.iter().any(|d| d.key == key);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!("_{n}");
            let stem: String = base.chars().take(40 - suffix.len()).collect();
            stem + &suffix
        })
        .find(|key| !taken(key))
        .unwrap_or(base)
}

fn split_choices(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
}

fn check_label(label: &str, own_id: Option<i64>, defs: &[FieldDef]) -> Result<(), String> {
    if label.is_empty() {
        return Err("Give the field a label, e.g. Account manager.".to_string());
    }
    // Two fields with one label would be indistinguishable on the profile.
    match defs.iter().find(|d| Some(d.id) != own_id && d.label.trim().eq_ignore_ascii_case(label)) {
        Some(other) => {
            Err(format!("There is already a field labelled \u{201c}{}\u{201d}; choose another label.", other.label))
        }
        None => Ok(()),
    }
}

fn check_key(key: &str, defs: &[FieldDef]) -> Result<(), String> {
    if key.is_empty() {
        return Err("Give the field a key, e.g. account_manager.".to_string());
    }
    validate_key(key).map_err(parts::sentence)?;
    match defs.iter().find(|d| d.key == key) {
        Some(other) => Err(format!(
            "The key \u{201c}{key}\u{201d} is already used by the field \u{201c}{}\u{201d}; choose another key.",
            other.label
        )),
        None => Ok(()),
    }
}

fn check_choices(field_type: FieldType, choices: &[String]) -> Result<(), String> {
    if field_type == FieldType::Choice && choices.is_empty() {
        Err("A choice field needs at least one choice; list them separated by commas, e.g. Gold, Silver, Bronze."
            .to_string())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(key: &str) -> FieldDef {
        FieldDef::new(key, key, FieldType::Text)
    }

    #[test]
    fn suggested_keys_avoid_existing_ones() {
        assert_eq!(suggest_key("Account manager", &[]), "account_manager");
        assert_eq!(suggest_key("Region", &[def("region")]), "region_2");
        assert_eq!(suggest_key("Region", &[def("region"), def("region_2")]), "region_3");
        assert_eq!(suggest_key("  ", &[]), "");
        let long = "a".repeat(40);
        let suggested = suggest_key(&long, &[def(&long)]);
        assert!(suggested.len() <= 40 && suggested.ends_with("_2"), "{suggested}");
    }

    #[test]
    fn choices_are_split_on_commas() {
        assert_eq!(split_choices(" Gold, Silver ,,Bronze "), ["Gold", "Silver", "Bronze"]);
        assert!(check_choices(FieldType::Choice, &split_choices(" , ")).is_err());
        assert!(check_choices(FieldType::Text, &[]).is_ok());
    }

    #[test]
    fn key_problems_are_sentences() {
        let bad = check_key("Bad Key", &[]).unwrap_err();
        assert!(bad.starts_with("Field key") && bad.ends_with('.'), "{bad}");
        assert!(check_key("region", &[def("region")]).unwrap_err().contains("already used"));
    }
}
