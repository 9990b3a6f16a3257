//! The editable profile: the open customer's form, its errors, and the sections that draw it.

use super::form::{
    ActionChoice, ContactField, Edit, Editors, LevelChoice, LongField, ON_EXCEED_ID, ProfileForm, TextField,
    level_choices,
};
use crate::domain::custom_field::{FieldDef, FieldType};
use crate::domain::customer::{Customer, EntityType, ProfileError, Role};
use crate::domain::group::GroupAxis;
use crate::domain::money::Currency;
use crate::store::{HistoryEntry, Store, StoreError};
use crate::ui::theme;
use crate::ui::widgets::{self, choice, editor, field, input, section};
use iced::widget::{Column, button, checkbox, column, container, radio, row, text};
use iced::{Alignment, Element, Length};
use std::fmt;

/// The book's price level names in their order, which the price level drop-down offers.
pub fn level_names(store: &Store) -> Result<Vec<String>, StoreError> {
    Ok(store.price_levels()?.into_iter().map(|level| level.name).collect())
}

/// The customer open on the right: what was loaded, what is being edited, and what went wrong.
pub struct Profile {
    /// The form as loaded or last saved; the form differs from it when there are unsaved changes.
    pub original: ProfileForm,
    pub form: ProfileForm,
    pub editors: Editors,
    /// The stored customer, for the at-a-glance card; `None` for a new one.
    pub stored: Option<Customer>,
    pub history: Vec<HistoryEntry>,
    pub errors: Vec<ProfileError>,
    pub has_transactions: bool,
    /// The book's price level names (see [`level_names`]), offered by the price level drop-down.
    pub levels: Vec<String>,
    /// The stored customer's version when it was opened: a save over a later one is refused.
    pub version: Option<i64>,
    /// Set when a save was refused because someone saved the customer since it was opened.
    pub conflict: bool,
}

impl Profile {
    pub fn new_customer(levels: Vec<String>) -> Profile {
        let form = ProfileForm::default();
        Profile {
            editors: Editors::from_form(&form),
            original: form.clone(),
            form,
            stored: None,
            history: Vec::new(),
            errors: Vec::new(),
            has_transactions: false,
            levels,
            version: None,
            conflict: false,
        }
    }

    pub fn existing(
        customer: Customer,
        history: Vec<HistoryEntry>,
        has_transactions: bool,
        levels: Vec<String>,
        version: Option<i64>,
    ) -> Profile {
        let form = ProfileForm::from_customer(&customer);
        Profile {
            editors: Editors::from_form(&form),
            original: form.clone(),
            form,
            stored: Some(customer),
            history,
            errors: Vec::new(),
            has_transactions,
            levels,
            version,
            conflict: false,
        }
    }

    pub fn id(&self) -> Option<i64> {
        self.form.id
    }

    pub fn is_dirty(&self) -> bool {
        self.form != self.original
    }

    pub fn edit(&mut self, edit: Edit) {
        if let Some(key) = edit.field() {
            self.errors.retain(|e| e.field != key);
        }
        self.form.apply(edit, &mut self.editors);
    }

    pub fn error(&self, key: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == key).map(|e| e.message.as_str())
    }

    pub fn view<'a>(
        &'a self,
        fields: &'a [FieldDef],
        axes: &'a [GroupAxis],
        currency: &'a Currency,
    ) -> Element<'a, Edit> {
        let mut sections =
            column![self.identity(), self.contact(), self.addresses(), self.terms(currency), self.groups(axes),]
                .spacing(14);
        if !fields.is_empty() {
            sections = sections.push(self.custom_fields(fields));
        }
        sections
            .push(self.contacts())
            .push(section(
                "Memo",
                editor(LongField::Memo.id(), &self.editors.memo, |a| Edit::Long(LongField::Memo, a), 4.0, false),
            ))
            .into()
    }

    fn text_field(&self, which: TextField, required: bool, placeholder: &str) -> Element<'_, Edit> {
        let error = self.error(which.key());
        field(
            which.label(),
            required,
            input(
                which.id(),
                placeholder,
                self.form.text(which),
                move |value| Edit::Text(which, value),
                error.is_some(),
            ),
            error,
        )
    }

    fn identity(&self) -> Element<'_, Edit> {
        let code_hint = if self.form.id.is_none() { "Automatic" } else { "" };
        let active: Element<'_, Edit> = column![
            widgets::label("Status"),
            container(checkbox(self.form.active).label("Active").on_toggle(Edit::Active).text_size(theme::TEXT))
                .padding([6, 0]),
        ]
        .spacing(4)
        .width(Length::Fill)
        .into();
        section(
            "Identity",
            column![
                row![
                    container(self.text_field(TextField::Code, false, code_hint)).width(Length::FillPortion(1)),
                    container(self.text_field(TextField::Name, true, "Company or person"))
                        .width(Length::FillPortion(3)),
                ]
                .spacing(12),
                row![
                    field("Role", false, choice(Role::ALL, Some(self.form.role), Edit::Role, false), None),
                    field(
                        "Entity type",
                        false,
                        choice(EntityType::ALL, Some(self.form.entity_type), Edit::EntityType, false),
                        None
                    ),
                    self.text_field(TextField::TaxId, false, ""),
                ]
                .spacing(12),
                row![
                    self.text_field(TextField::Representative, false, ""),
                    self.text_field(TextField::BusinessType, false, ""),
                    self.text_field(TextField::BusinessItem, false, ""),
                ]
                .spacing(12),
                row![self.text_field(TextField::PersonInCharge, false, "Who looks after this customer"), active]
                    .spacing(12),
            ]
            .spacing(12),
        )
    }

    fn contact(&self) -> Element<'_, Edit> {
        section(
            "Contact",
            column![
                row![
                    self.text_field(TextField::Phone, false, ""),
                    self.text_field(TextField::Mobile, false, ""),
                    self.text_field(TextField::Fax, false, ""),
                ]
                .spacing(12),
                row![
                    self.text_field(TextField::Email, false, "name@example.com"),
                    self.text_field(TextField::Website, false, ""),
                ]
                .spacing(12),
            ]
            .spacing(12),
        )
    }

    fn address(&self, title: &'static str, lines: LongField, parts: [TextField; 4]) -> Element<'_, Edit> {
        let error = self.error(lines.key());
        column![
            text(title).size(theme::TEXT).font(theme::BOLD),
            field(
                "Street and number",
                false,
                editor(lines.id(), self.editors.get(lines), move |a| Edit::Long(lines, a), 2.0, error.is_some()),
                error,
            ),
            row![self.text_field(parts[0], false, ""), self.text_field(parts[1], false, "")].spacing(12),
            row![self.text_field(parts[2], false, ""), self.text_field(parts[3], false, "")].spacing(12),
        ]
        .spacing(10)
        .width(Length::Fill)
        .into()
    }

    fn addresses(&self) -> Element<'_, Edit> {
        section(
            "Addresses",
            row![
                self.address(
                    "Billing",
                    LongField::BillingLines,
                    [
                        TextField::BillingCity,
                        TextField::BillingRegion,
                        TextField::BillingPostal,
                        TextField::BillingCountry
                    ],
                ),
                self.address(
                    "Shipping",
                    LongField::ShippingLines,
                    [
                        TextField::ShippingCity,
                        TextField::ShippingRegion,
                        TextField::ShippingPostal,
                        TextField::ShippingCountry,
                    ],
                ),
            ]
            .spacing(24),
        )
    }

    fn terms<'a>(&'a self, currency: &'a Currency) -> Element<'a, Edit> {
        let credit_hint = if currency.symbol.is_empty() {
            "e.g. 10000".to_string()
        } else {
            format!("{} e.g. 10,000", currency.symbol)
        };
        let credit_error = self.error(TextField::CreditLimit.key());
        let level_error = self.error(TextField::PriceLevel.key());
        let (levels, level) = level_choices(&self.levels, &self.form.price_level);
        let level_pick = container(choice(
            levels,
            Some(level),
            |picked: LevelChoice| Edit::Text(TextField::PriceLevel, picked.level),
            level_error.is_some(),
        ))
        .id(TextField::PriceLevel.id())
        .clip(true);
        let action_pick = container(choice(
            ActionChoice::ALL,
            Some(ActionChoice(self.form.on_exceed)),
            |picked: ActionChoice| Edit::OnExceed(picked.0),
            false,
        ))
        .id(ON_EXCEED_ID);
        section(
            "Terms",
            column![
                row![
                    field(TextField::PriceLevel.label(), false, level_pick, level_error),
                    self.text_field(TextField::Discount, false, "0 – 100"),
                    field(
                        TextField::CreditLimit.label(),
                        false,
                        input(
                            TextField::CreditLimit.id(),
                            &credit_hint,
                            &self.form.credit_limit,
                            |v| Edit::Text(TextField::CreditLimit, v),
                            credit_error.is_some(),
                        ),
                        credit_error,
                    ),
                ]
                .spacing(12),
                row![
                    self.text_field(TextField::AgeLimit, false, "e.g. 90"),
                    field("When the limit is exceeded", false, action_pick, None),
                    self.text_field(TextField::PaymentTerms, false, "e.g. 30"),
                ]
                .spacing(12),
            ]
            .spacing(12),
        )
    }

    fn groups<'a>(&'a self, axes: &'a [GroupAxis]) -> Element<'a, Edit> {
        if axes.is_empty() {
            return section(
                "Groups",
                text("No group axes yet. Add them in Settings (e.g. Region, Channel).")
                    .size(theme::TEXT)
                    .style(theme::muted),
            );
        }
        let mut grid = Column::new().spacing(12);
        for pair in axes.chunks(2) {
            let mut line = row![].spacing(24);
            for axis in pair {
                line = line.push(self.group(axis));
            }
            if pair.len() == 1 {
                line = line.push(iced::widget::space::horizontal());
            }
            grid = grid.push(line);
        }
        section("Groups", grid)
    }

    fn group<'a>(&'a self, axis: &'a GroupAxis) -> Element<'a, Edit> {
        let key = format!("group:{}", axis.name);
        let error = self.error(&key);
        let mut options = vec![Pick(None)];
        options.extend(axis.values.iter().map(|v| Pick(Some(v.name.clone()))));
        let typed = self.form.new_groups.get(&axis.name).cloned().unwrap_or_default();
        let picked = if typed.trim().is_empty() { Pick(self.form.groups.get(&axis.name).cloned()) } else { Pick(None) };
        let name = axis.name.clone();
        let picker =
            choice(options, Some(picked), move |pick: Pick| Edit::Group(name.clone(), pick.0), false).placeholder("—");
        let name = axis.name.clone();
        let new_value = input(
            format!("profile:group:{}", axis.name),
            "or type a new value",
            &typed,
            move |value| Edit::NewGroup(name.clone(), value),
            error.is_some(),
        );
        field(&axis.name, false, row![picker, new_value].spacing(8), error)
    }

    fn custom_fields<'a>(&'a self, fields: &'a [FieldDef]) -> Element<'a, Edit> {
        let mut grid = Column::new().spacing(12);
        for chunk in fields.chunks(3) {
            let mut line = row![].spacing(12);
            for def in chunk {
                line = line.push(self.custom_field(def));
            }
            for _ in chunk.len()..3 {
                line = line.push(iced::widget::space::horizontal());
            }
            grid = grid.push(line);
        }
        section("Custom fields", grid)
    }

    fn custom_field<'a>(&'a self, def: &'a FieldDef) -> Element<'a, Edit> {
        let key = format!("custom:{}", def.key);
        let error = self.error(&key);
        let value = self.form.custom.get(&def.key).map(String::as_str).unwrap_or("");
        let id = format!("profile:custom:{}", def.key);
        let control: Element<'a, Edit> = match def.field_type {
            FieldType::Bool => {
                let checked = crate::domain::custom_field::parse_bool(value).unwrap_or(false);
                let key = def.key.clone();
                container(
                    checkbox(checked)
                        .label("Yes")
                        .on_toggle(move |on| Edit::CustomBool(key.clone(), on))
                        .text_size(theme::TEXT),
                )
                .padding([6, 0])
                .into()
            }
            FieldType::Choice => {
                let mut options = Vec::new();
                if !def.required {
                    options.push(Pick(None));
                }
                options.extend(def.choices.iter().map(|c| Pick(Some(c.clone()))));
                let selected = (!value.is_empty()).then(|| Pick(Some(value.to_string())));
                let key = def.key.clone();
                choice(
                    options,
                    selected,
                    move |pick: Pick| Edit::Custom(key.clone(), pick.0.unwrap_or_default()),
                    error.is_some(),
                )
                .placeholder("Choose…")
                .into()
            }
            other => {
                let hint = match other {
                    FieldType::Date => "YYYY-MM-DD",
                    FieldType::Number => "e.g. 42",
                    FieldType::Decimal => "e.g. 12.50",
                    _ => "",
                };
                let key = def.key.clone();
                input(id, hint, value, move |v| Edit::Custom(key.clone(), v), error.is_some()).into()
            }
        };
        field(&def.label, def.required, control, error)
    }

    fn contacts(&self) -> Element<'_, Edit> {
        let mut list = Column::new().spacing(8);
        if self.form.contacts.is_empty() {
            list = list.push(text("No contact people yet.").size(theme::TEXT).style(theme::muted));
        } else {
            list = list.push(
                row![
                    widgets::label("Name *").width(Length::FillPortion(3)),
                    widgets::label("Title").width(Length::FillPortion(2)),
                    widgets::label("Phone").width(Length::FillPortion(3)),
                    widgets::label("E-mail").width(Length::FillPortion(4)),
                    widgets::label("Primary").width(Length::Fixed(70.0)),
                    widgets::label("").width(Length::Fixed(64.0)),
                ]
                .spacing(8),
            );
        }
        for (i, contact) in self.form.contacts.iter().enumerate() {
            let cell = |which: ContactField, value: &str, portion: u16| -> Element<'_, Edit> {
                let key = format!("contacts[{i}].{}", which.key());
                let invalid = self.error(&key).is_some();
                container(input(format!("profile:{key}"), "", value, move |v| Edit::Contact(i, which, v), invalid))
                    .width(Length::FillPortion(portion))
                    .into()
            };
            list = list.push(
                row![
                    cell(ContactField::Name, &contact.name, 3),
                    cell(ContactField::Title, &contact.title, 2),
                    cell(ContactField::Phone, &contact.phone, 3),
                    cell(ContactField::Email, &contact.email, 4),
                    container(radio("", i, self.form.primary_contact, Edit::PrimaryContact).size(16))
                        .width(Length::Fixed(70.0))
                        .center_x(Length::Fixed(70.0)),
                    button(text("Remove").size(theme::SMALL))
                        .on_press(Edit::RemoveContact(i))
                        .style(theme::link_button)
                        .width(Length::Fixed(64.0)),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
            for which in [ContactField::Name, ContactField::Title, ContactField::Phone, ContactField::Email] {
                if let Some(error) = self.error(&format!("contacts[{i}].{}", which.key())) {
                    list = list.push(text(error).size(theme::SMALL).style(theme::error_text));
                }
            }
        }
        if let Some(error) = self.error("contacts") {
            list = list.push(text(error).size(theme::SMALL).style(theme::error_text));
        }
        list = list.push(
            button(text("+ Add contact").size(theme::TEXT)).on_press(Edit::AddContact).style(theme::secondary_button),
        );
        section("Contact people", list)
    }
}

/// One entry of a drop-down that may be left empty ("—").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick(pub Option<String>);

impl fmt::Display for Pick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or("—"))
    }
}
