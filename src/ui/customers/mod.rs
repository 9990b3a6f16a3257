//! The Customers screen: the searchable list on the left, the selected customer on the right.
//!
//! Quick single-row work (open, save, delete, the rows in view) runs on the
//! screen's `Store`; loading the list's ids may scan a million rows, so it is
//! returned as an [`Action::Load`] for the parent to run off the UI thread.

pub mod form;
mod glance;
pub mod list;
mod profile;
pub mod trading;

pub use form::{ContactField, Edit, LongField, ProfileForm, TextField};
pub use list::{GroupChoice, ListRequest, Loaded, RoleFilter, StatusFilter};
pub use profile::{Pick, Profile};

use crate::domain::custom_field::FieldDef;
use crate::domain::customer::ProfileError;
use crate::domain::group::GroupAxis;
use crate::store::{Store, StoreError};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{Column, button, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length};
use list::List;

pub const SAVE_BUTTON: &str = "Save";
pub const DETAIL_ID: &str = "customer-detail";

#[derive(Debug, Clone)]
pub enum Message {
    List(list::Message),
    Loaded(Loaded),
    /// Up (-1) or Down (+1) from the keyboard.
    Step(isize),
    /// Enter: open the row under the keyboard cursor.
    OpenCursor,
    Edit(Edit),
    New,
    /// The window is being closed.
    Quit,
    Save,
    ToggleActive,
    Delete,
    ConfirmDelete,
    CancelDelete,
    GuardSave,
    GuardDiscard,
    GuardCancel,
    DismissNotice,
    /// The trading area under the selected customer.
    Trading(trading::Message),
}

/// Work the parent must do for the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    /// Load the list's ids off the UI thread (see [`ListRequest::run`]) and send back `Message::Loaded`.
    Load(ListRequest),
    /// Move keyboard focus to the widget with this id.
    Focus(String),
    /// Scroll the list to this offset so the keyboard cursor stays in view.
    ScrollList(f32),
    /// Scroll the profile back to its top, for a different customer.
    ShowTop,
    /// Nothing is left unsaved: the window may close.
    Quit,
    Batch(Vec<Action>),
}

impl Action {
    fn and(self, other: Action) -> Action {
        match (self, other) {
            (Action::None, other) | (other, Action::None) => other,
            (Action::Batch(mut all), other) => {
                all.push(other);
                Action::Batch(all)
            }
            (first, other) => Action::Batch(vec![first, other]),
        }
    }
}

/// What the clerk asked for when the unsaved-changes question interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Open(i64),
    New,
    /// Close the window.
    Quit,
}

pub struct Customers {
    fields: Vec<FieldDef>,
    axes: Vec<GroupAxis>,
    currency: String,
    list: List,
    profile: Option<Profile>,
    /// Vouchers and ledger of the selected stored customer.
    trading: Option<trading::Trading>,
    guard: Option<Intent>,
    confirm_delete: bool,
    notice: Option<(Tone, String)>,
    duplicates: Vec<String>,
    /// Set by a save: once the list is reloaded, scroll to the saved customer.
    reveal: Option<i64>,
}

impl Customers {
    /// The screen for this database, with its field definitions, axes and currency.
    /// The list is empty until the returned [`Action::Load`] is answered.
    pub fn new(store: &Store) -> Result<(Customers, Action), StoreError> {
        let mut screen = Customers {
            fields: Vec::new(),
            axes: Vec::new(),
            currency: String::new(),
            list: List::default(),
            profile: None,
            trading: None,
            guard: None,
            confirm_delete: false,
            notice: None,
            duplicates: Vec::new(),
            reveal: None,
        };
        let action = screen.reload_settings(store)?;
        Ok((screen, action))
    }

    /// Reads field definitions, group axes and the currency again (after Settings changed them).
    pub fn reload_settings(&mut self, store: &Store) -> Result<Action, StoreError> {
        self.fields = store.field_defs()?;
        self.axes = store.group_axes()?;
        self.currency = store.company_settings()?.currency_symbol;
        self.list.retain_filters(&self.axes);
        self.list.set_columns(&self.fields);
        self.list.forget(None);
        Ok(self.reload())
    }

    pub fn list(&self) -> &List {
        &self.list
    }

    pub fn profile(&self) -> Option<&Profile> {
        self.profile.as_ref()
    }

    pub fn trading(&self) -> Option<&trading::Trading> {
        self.trading.as_ref()
    }

    pub fn selected(&self) -> Option<i64> {
        self.profile.as_ref().and_then(Profile::id)
    }

    pub fn is_dirty(&self) -> bool {
        self.profile.as_ref().is_some_and(Profile::is_dirty)
    }

    /// The question being asked about unsaved changes, if any.
    pub fn guard(&self) -> Option<Intent> {
        self.guard
    }

    pub fn is_confirming_delete(&self) -> bool {
        self.confirm_delete
    }

    pub fn notice(&self) -> Option<&(Tone, String)> {
        self.notice.as_ref()
    }

    pub fn duplicates(&self) -> &[String] {
        &self.duplicates
    }

    pub fn fields(&self) -> &[FieldDef] {
        &self.fields
    }

    fn reload(&mut self) -> Action {
        Action::Load(self.list.request())
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        match message {
            Message::List(message) => {
                let reloads = matches!(
                    message,
                    list::Message::SearchChanged(_)
                        | list::Message::GroupFilter(_)
                        | list::Message::RoleFilter(_)
                        | list::Message::StatusFilter(_)
                );
                match self.list.update(message, store) {
                    list::Event::None => Action::None,
                    list::Event::Open(id) => self.request(Intent::Open(id), store),
                    list::Event::Reload if reloads => {
                        self.list.scroll_to_top();
                        self.reload().and(Action::ScrollList(0.0))
                    }
                    list::Event::Reload => self.reload(),
                }
            }
            Message::Loaded(loaded) => {
                if !self.list.loaded(loaded, store) {
                    return Action::None;
                }
                self.after_load(store)
            }
            Message::Step(step) => match self.list.step(step, self.selected()) {
                Some(id) if Some(id) == self.selected() => self.reveal_cursor(id),
                Some(id) => self.request(Intent::Open(id), store),
                None => Action::None,
            },
            Message::OpenCursor => match self.list.cursor().and_then(|i| self.list.ids().get(i).copied()) {
                Some(id) if Some(id) != self.selected() => self.request(Intent::Open(id), store),
                _ => Action::None,
            },
            Message::Edit(edit) => {
                if let Some(profile) = &mut self.profile {
                    profile.edit(edit);
                }
                Action::None
            }
            Message::New => self.request(Intent::New, store),
            Message::Quit => self.request(Intent::Quit, store),
            Message::Save => self.save(store).unwrap_or(Action::None),
            Message::ToggleActive => {
                let Some(profile) = &mut self.profile else { return Action::None };
                if profile.id().is_none() {
                    return Action::None;
                }
                profile.form.active = !profile.form.active;
                match self.save(store) {
                    Ok(action) => action,
                    Err(()) => {
                        if let Some(profile) = &mut self.profile {
                            profile.form.active = !profile.form.active;
                        }
                        Action::None
                    }
                }
            }
            Message::Delete => {
                if self.profile.as_ref().is_some_and(|p| p.id().is_some() && !p.has_transactions) {
                    self.confirm_delete = true;
                }
                Action::None
            }
            Message::CancelDelete => {
                self.confirm_delete = false;
                Action::None
            }
            Message::ConfirmDelete => {
                self.confirm_delete = false;
                self.delete(store)
            }
            Message::GuardSave => {
                let Some(intent) = self.guard.take() else { return Action::None };
                match self.save(store) {
                    Ok(action) => action.and(self.perform(intent, store)),
                    Err(()) => Action::None,
                }
            }
            Message::GuardDiscard => match self.guard.take() {
                Some(intent) => self.perform(intent, store),
                None => Action::None,
            },
            Message::GuardCancel => {
                self.guard = None;
                Action::None
            }
            Message::DismissNotice => {
                self.notice = None;
                self.duplicates.clear();
                Action::None
            }
            Message::Trading(message) => {
                let Some(trading) = &mut self.trading else { return Action::None };
                match trading.update(message, store) {
                    trading::Action::None => Action::None,
                    trading::Action::Focus(id) => Action::Focus(id),
                    trading::Action::Changed(focus) => {
                        if let Some(profile) = &mut self.profile {
                            profile.has_transactions = true;
                        }
                        focus.map_or(Action::None, Action::Focus)
                    }
                }
            }
        }
    }

    /// Does what the clerk asked, or first asks about unsaved changes.
    fn request(&mut self, intent: Intent, store: &Store) -> Action {
        if self.is_dirty() {
            self.guard = Some(intent);
            return Action::None;
        }
        self.perform(intent, store)
    }

    fn perform(&mut self, intent: Intent, store: &Store) -> Action {
        match intent {
            Intent::Open(id) => self.open(id, store),
            Intent::New => {
                self.profile = Some(Profile::new_customer());
                self.trading = None;
                self.notice = None;
                self.duplicates.clear();
                Action::Focus(TextField::Name.id()).and(Action::ShowTop)
            }
            Intent::Quit => Action::Quit,
        }
    }

    /// Loads one customer into the profile and puts the list's cursor on it.
    pub fn open(&mut self, id: i64, store: &Store) -> Action {
        let loaded = store.customer(id).and_then(|customer| {
            let history = store.history(id)?;
            let has_transactions = store.has_transactions(id)?;
            Ok((customer, history, has_transactions))
        });
        let other = self.profile.as_ref().is_none_or(|p| p.id() != Some(id));
        if other {
            self.notice = None;
            self.duplicates.clear();
        }
        match loaded {
            Ok((Some(customer), history, has_transactions)) => {
                match &mut self.trading {
                    // The same customer again: fresh figures, and whatever is being typed is kept.
                    Some(trading) if !other => trading.refresh(store),
                    _ => {
                        let today = chrono::Local::now().date_naive();
                        self.trading = Some(trading::Trading::new(&customer, &self.currency, today, store));
                    }
                }
                self.profile = Some(Profile::existing(customer, history, has_transactions));
                let top = if other { Action::ShowTop } else { Action::None };
                self.list.set_cursor(id).map_or(Action::None, Action::ScrollList).and(top)
            }
            Ok((None, ..)) => {
                self.notice = Some((Tone::Warning, "That customer no longer exists; the list was refreshed.".into()));
                self.list.forget(Some(id));
                self.reload()
            }
            Err(error) => {
                self.notice = Some((Tone::Danger, sentence(&format!("The customer could not be opened: {error}"))));
                Action::None
            }
        }
    }

    fn reveal_cursor(&mut self, id: i64) -> Action {
        self.list.set_cursor(id).map_or(Action::None, Action::ScrollList)
    }

    fn after_load(&mut self, store: &Store) -> Action {
        if let Some(id) = self.reveal.take().or(self.selected())
            && self.list.position(id).is_some()
        {
            return self.reveal_cursor(id);
        }
        if self.profile.is_none()
            && let Some(&first) = self.list.ids().first()
        {
            // Something useful on the right from the first moment, rather than an empty pane.
            return self.open(first, store);
        }
        if let Some(&first) = self.list.ids().first() {
            // The open customer is not among the results: Enter opens the best match.
            let _ = self.list.set_cursor(first);
        }
        Action::None
    }

    /// Validates and stores the form. `Err(())` means nothing was saved and the reasons are shown.
    fn save(&mut self, store: &mut Store) -> Result<Action, ()> {
        let Some(profile) = &mut self.profile else { return Err(()) };
        let customer = match profile.form.to_customer(&self.fields, &self.axes) {
            Ok(customer) => customer,
            Err(errors) => {
                self.notice = Some((Tone::Danger, summary(&errors)));
                profile.errors = errors;
                return Err(());
            }
        };
        let result = match customer.id {
            Some(_) => store.update_customer(&customer),
            None => store.insert_customer(&customer),
        };
        match result {
            Ok(saved) => {
                self.list.forget(Some(saved.id));
                let reopened = self.open(saved.id, store);
                // After opening, which clears the previous customer's notices.
                self.duplicates = saved.duplicates.iter().map(|d| format!("Possible duplicate: {d}")).collect();
                let name = customer.name.trim().to_string();
                self.notice = Some((Tone::Success, format!("Saved {} {}.", saved.code, name)));
                // The list order may have changed (a new customer, a new name): reload and keep it in view.
                self.reveal = Some(saved.id);
                if self
                    .axes
                    .iter()
                    .any(|a| customer.groups.get(&a.name).is_some_and(|v| !a.values.iter().any(|x| &x.name == v)))
                {
                    // A new group value was created by this save; the drop-downs must offer it.
                    if let Ok(axes) = store.group_axes() {
                        self.axes = axes;
                    }
                }
                Ok(reopened.and(self.reload()))
            }
            Err(StoreError::Invalid(errors)) => {
                self.notice = Some((Tone::Danger, summary(&errors)));
                profile.errors = errors;
                Err(())
            }
            Err(error @ StoreError::DuplicateCode(_)) => {
                let message = sentence(&error.to_string());
                profile.errors = vec![ProfileError::new("code", message.clone())];
                self.notice = Some((Tone::Danger, format!("Not saved: {message}")));
                Err(())
            }
            Err(error) => {
                self.notice = Some((Tone::Danger, sentence(&format!("Not saved: {error}"))));
                Err(())
            }
        }
    }

    fn delete(&mut self, store: &mut Store) -> Action {
        let Some(profile) = &self.profile else { return Action::None };
        let Some(id) = profile.id() else { return Action::None };
        let label = format!("{} {}", profile.original.code, profile.original.name);
        match store.delete_customer(id) {
            Ok(()) => {
                let index = self.list.position(id);
                self.list.remove(id, store);
                self.profile = None;
                self.trading = None;
                let next = index.and_then(|i| self.list.ids().get(i).or(self.list.ids().last()).copied());
                let action = match next {
                    Some(next) => self.open(next, store),
                    None => Action::None,
                };
                self.duplicates.clear();
                self.notice = Some((Tone::Success, format!("Deleted {label}.")));
                action
            }
            Err(error) => {
                self.notice = Some((Tone::Danger, sentence(&format!("Not deleted: {error}"))));
                Action::None
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let list = container(self.list.view(&self.axes, self.selected()).map(Message::List))
            .width(Length::Fixed(440.0))
            .height(Length::Fill);
        let detail = container(self.detail()).width(Length::Fill).height(Length::Fill);
        let screen: Element<'_, Message> = row![list, detail].spacing(16).padding(16).into();

        if let Some(intent) = self.guard {
            widgets::modal(screen, self.guard_dialog(intent))
        } else if self.confirm_delete
            && let Some(profile) = &self.profile
        {
            widgets::modal(screen, delete_dialog(profile))
        } else {
            screen
        }
    }

    fn detail(&self) -> Element<'_, Message> {
        let mut top = Column::new().spacing(8);
        top = top.push(self.toolbar());
        if let Some((tone, message)) = &self.notice {
            top = top.push(
                row![
                    container(widgets::notice(*tone, message.as_str())).width(Length::Fill),
                    button(text("Dismiss").size(theme::SMALL))
                        .on_press(Message::DismissNotice)
                        .style(theme::link_button),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        for duplicate in &self.duplicates {
            top = top.push(widgets::notice(Tone::Warning, duplicate.as_str()));
        }

        let Some(profile) = &self.profile else {
            let empty = container(
                column![
                    text("No customer selected").size(theme::SECTION_TITLE).font(theme::BOLD),
                    text("Pick one from the list, or press New (Ctrl+N) to add one.")
                        .size(theme::TEXT)
                        .style(theme::muted),
                ]
                .spacing(6)
                .align_x(Alignment::Center),
            )
            .center(Length::Fill)
            .style(theme::panel);
            return column![top, empty].spacing(12).into();
        };

        let mut body = Column::new().spacing(14).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO });
        if let Some(stored) = &profile.stored {
            body = body.push(glance::view(stored, &self.currency));
        } else {
            body = body.push(widgets::notice(
                Tone::Info,
                "New customer. Fill in at least the name; the code is given automatically when left empty.",
            ));
        }
        if let Some(trading) = &self.trading {
            body = body.push(trading.header());
        }
        body = body.push(profile.view(&self.fields, &self.axes, &self.currency).map(Message::Edit));
        if let Some(trading) = &self.trading {
            body = body.push(trading.view().map(Message::Trading));
        }
        if profile.stored.is_some() {
            body = body.push(widgets::section("Change history", glance::history(&profile.history)));
        }
        column![top, scrollable(body).id(DETAIL_ID).height(Length::Fill).style(theme::scroller)].spacing(12).into()
    }

    fn toolbar(&self) -> Element<'_, Message> {
        let profile = self.profile.as_ref();
        let title: Element<'_, Message> = match profile {
            Some(p) if p.id().is_none() => text("New customer").size(theme::HEADING).font(theme::BOLD).into(),
            Some(p) => {
                let name =
                    if p.form.name.trim().is_empty() { "(no name)".to_string() } else { shorten(&p.form.name, 36) };
                let mut title = row![
                    text(name).size(theme::HEADING).font(theme::BOLD).wrapping(iced::widget::text::Wrapping::None),
                    text(&p.original.code).size(theme::TEXT).style(theme::muted),
                    glance::role_badge(p.original.role),
                ]
                .spacing(10)
                .align_y(Alignment::Center);
                if !p.original.active {
                    title = title.push(widgets::badge(Tone::Danger, "Inactive"));
                }
                title.into()
            }
            None => text("Customers").size(theme::HEADING).font(theme::BOLD).into(),
        };
        let mut heading = row![title].spacing(8).align_y(Alignment::Center);
        if self.is_dirty() {
            heading = heading.push(widgets::badge(Tone::Warning, "Unsaved changes"));
        }
        // The buttons keep their place; a long name is cut at the window's edge instead.
        let mut bar = row![container(heading).width(Length::Fill).clip(true)].spacing(8).align_y(Alignment::Center);
        bar = bar.push(action_button("New", Some(Message::New), theme::secondary_button));
        let existing = profile.filter(|p| p.id().is_some());
        if let Some(p) = existing {
            let label = if p.original.active { "Deactivate" } else { "Activate" };
            bar = bar.push(action_button(label, Some(Message::ToggleActive), theme::secondary_button));
            let can_delete = !p.has_transactions;
            bar = bar.push(action_button("Delete", can_delete.then_some(Message::Delete), theme::danger_button));
        }
        bar = bar.push(action_button(SAVE_BUTTON, profile.map(|_| Message::Save), theme::primary_button));
        bar.into()
    }

    fn guard_dialog(&self, intent: Intent) -> Element<'_, Message> {
        let who = match self.profile.as_ref() {
            Some(p) if p.id().is_some() => format!("{} {}", p.original.code, p.original.name),
            _ => "the new customer".to_string(),
        };
        let then = match intent {
            Intent::Open(_) => "before opening another customer",
            Intent::New => "before starting a new customer",
            Intent::Quit => "before closing Clientele",
        };
        widgets::dialog(
            column![
                text("Discard unsaved changes?").size(theme::SECTION_TITLE).font(theme::BOLD),
                text(format!("You changed {who} without saving. Save the changes {then}, or discard them?"))
                    .size(theme::TEXT),
                row![
                    space::horizontal(),
                    action_button("Cancel", Some(Message::GuardCancel), theme::secondary_button),
                    action_button("Discard", Some(Message::GuardDiscard), theme::danger_button),
                    action_button("Save", Some(Message::GuardSave), theme::primary_button),
                ]
                .spacing(8),
            ]
            .spacing(14),
        )
    }
}

fn delete_dialog(profile: &Profile) -> Element<'_, Message> {
    widgets::dialog(
        column![
            text(format!("Delete {} {}?", profile.original.code, profile.original.name))
                .size(theme::SECTION_TITLE)
                .font(theme::BOLD),
            text("Its contacts, groups and change history are deleted with it. This cannot be undone. To keep the record but hide it, use Deactivate instead.")
                .size(theme::TEXT),
            row![
                space::horizontal(),
                action_button("Cancel", Some(Message::CancelDelete), theme::secondary_button),
                action_button("Delete for good", Some(Message::ConfirmDelete), theme::danger_button),
            ]
            .spacing(8),
        ]
        .spacing(14),
    )
}

fn action_button<'a>(
    label: &'a str,
    on_press: Option<Message>,
    style: fn(&iced::Theme, button::Status) -> button::Style,
) -> Element<'a, Message> {
    button(text(label).size(theme::TEXT)).padding([6, 14]).on_press_maybe(on_press).style(style).into()
}

/// Cuts a long name with an ellipsis so the header keeps one line.
fn shorten(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        value.to_string()
    } else {
        value.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// The line above the form after a refused save: how many fields, and which.
fn summary(errors: &[ProfileError]) -> String {
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
