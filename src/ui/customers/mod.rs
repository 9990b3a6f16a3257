//! The Customers screen: the searchable list on the left, the selected customer on the right.
//!
//! Quick single-row work (open, save, delete, the rows in view) runs on the
//! screen's `Store`; loading the list's ids may scan a million rows, so it is
//! returned as an [`Action::Load`] for the parent to run off the UI thread.

pub mod dialogs;
pub mod form;
mod glance;
pub mod list;
mod notices;
mod profile;
pub mod trading;

pub use form::{ContactField, Edit, LongField, ProfileForm, TextField};
pub use list::{GroupChoice, ListRequest, Loaded, RoleFilter, StatusFilter};
pub use notices::{RELOAD_BUTTON, sentence};
pub use profile::{Pick, Profile};

use crate::domain::custom_field::FieldDef;
use crate::domain::customer::{Customer, ProfileError};
use crate::domain::group::GroupAxis;
use crate::domain::money::Currency;
use crate::domain::search::SearchQuery;
use crate::store::{Duplicate, Store, StoreError};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use dialogs::action_button;
use iced::widget::{Column, button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};
use list::List;
use notices::summary;

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
    /// Save although the customer looks like one the book has (asked before saving).
    SaveDespiteDuplicates,
    /// Drop the new form and open the customer it looks like, by code.
    OpenDuplicate(String),
    CancelDuplicates,
    /// Show the customer's trading (entry pane and ledger) or its profile form.
    Page(Page),
    DismissNotice,
    /// Drop the edits a refused save kept and open the customer as another clerk saved it.
    ReloadProfile,
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
    /// Scroll the page until the container with this id shows.
    Reveal(String),
    ScrollList(f32),
    /// Scroll the profile back to its top, for a different customer.
    ShowTop,
    /// Nothing is left unsaved: the window may close.
    Quit,
    /// Open the import wizard.
    Import,
    /// Save these customers (the list's search and filters, without its display limit) as .xlsx.
    Export(SearchQuery),
    /// Send `Trading(RetrySave(id))` after a wait: a voucher found the book busy.
    RetrySaveLater(i64),
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

/// What is shown under the selected customer's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// The entry pane and the ledger: the everyday work.
    #[default]
    Trading,
    /// The profile form and its change history.
    Profile,
}

/// What would be lost by leaving the customer now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsaved {
    Profile,
    Voucher,
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
    currency: Currency,
    list: List,
    profile: Option<Profile>,
    /// Vouchers and ledger of the selected stored customer.
    trading: Option<trading::Trading>,
    guard: Option<(Intent, Unsaved)>,
    /// Kept while moving between customers: a clerk entering vouchers stays on Trading.
    page: Page,
    confirm_delete: bool,
    /// Customers the form looks like, asked about before saving.
    likely_duplicates: Option<Vec<Duplicate>>,
    /// Where the clerk was going when "Save" in the leave-question met the duplicate question:
    /// "Save anyway" goes on there.
    after_duplicates: Option<Intent>,
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
            currency: Currency::default(),
            list: List::default(),
            profile: None,
            trading: None,
            guard: None,
            page: Page::default(),
            confirm_delete: false,
            likely_duplicates: None,
            after_duplicates: None,
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
        self.currency = store.currency()?;
        self.list.retain_filters(&self.axes);
        self.list.set_columns(&self.fields);
        self.list.forget(None);
        if let Some(profile) = &mut self.profile {
            // Levels added or renamed in Settings are offered without reopening the customer.
            profile.levels = profile::level_names(store)?;
        }
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
        self.guard.map(|(intent, _)| intent)
    }

    /// What the question is about: the profile's changes or a voucher being typed.
    pub fn guarded(&self) -> Option<Unsaved> {
        self.guard.map(|(_, unsaved)| unsaved)
    }

    /// The clerk went to another tab: what was said here about the last action no longer holds
    /// when they come back.
    /// The list drawn afresh (back from another tab or the import wizard) starts at the top;
    /// this puts it back where the clerk left it.
    pub fn restore_scroll(&self) -> Action {
        Action::ScrollList(self.list.offset())
    }

    pub fn leave(&mut self) {
        self.notice = None;
        if let Some(trading) = &mut self.trading {
            trading.forget_notice();
        }
    }

    /// The page shown under the header; a customer not yet saved only has its profile.
    pub fn page(&self) -> Page {
        if self.trading.is_some() { self.page } else { Page::Profile }
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
            Message::List(list::Message::Import) => Action::Import,
            Message::List(list::Message::Export) => {
                Action::Export(SearchQuery { limit: usize::MAX, ..self.list.query() })
            }
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
                // "Saved …" or "Not saved: …" was about the form as it stood; the fields keep
                // their own error lines.
                self.notice = None;
                Action::None
            }
            Message::New => self.request(Intent::New, store),
            Message::Quit => self.request(Intent::Quit, store),
            Message::Save => {
                // Asked before the record exists, while "Open the existing one" still loses nothing.
                if let Some(found) = self.looks_like(store) {
                    self.likely_duplicates = Some(found);
                    return Action::None;
                }
                self.save(store).unwrap_or(Action::None)
            }
            Message::SaveDespiteDuplicates => {
                self.likely_duplicates = None;
                match (self.save(store), self.after_duplicates.take()) {
                    (Ok(action), Some(intent)) => action.and(self.request_past_profile(intent, store)),
                    (Ok(action), None) => action,
                    (Err(()), _) => Action::None,
                }
            }
            Message::CancelDuplicates => {
                self.likely_duplicates = None;
                self.after_duplicates = None;
                Action::None
            }
            Message::OpenDuplicate(code) => {
                self.likely_duplicates = None;
                self.after_duplicates = None;
                match store.customer_by_code(&code) {
                    Ok(Some(Customer { id: Some(id), .. })) => {
                        // The clerk chose the existing record over the typed one.
                        self.profile = None;
                        self.reveal = Some(id);
                        self.open(id, store).and(self.reload())
                    }
                    Ok(_) => {
                        self.notice = Some((Tone::Danger, format!("{code} is no longer in the book.")));
                        Action::None
                    }
                    Err(error) => {
                        self.notice = Some((Tone::Danger, sentence(&format!("{code} could not be opened: {error}"))));
                        Action::None
                    }
                }
            }
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
            Message::GuardSave => match self.guard.take() {
                None => Action::None,
                Some((intent, Unsaved::Profile)) => {
                    // The same question as Save asks, before the record exists.
                    if let Some(found) = self.looks_like(store) {
                        self.likely_duplicates = Some(found);
                        self.after_duplicates = Some(intent);
                        return Action::None;
                    }
                    match self.save(store) {
                        Ok(action) => action.and(self.request_past_profile(intent, store)),
                        Err(()) => Action::None,
                    }
                }
                Some((intent, Unsaved::Voucher)) => {
                    self.page = Page::Trading;
                    let saved = self.update(Message::Trading(trading::Message::Save), store);
                    // A refused voucher stays on screen with its reasons; the clerk decides again.
                    if self.trading.as_ref().is_some_and(trading::Trading::has_unsaved_entry) {
                        saved
                    } else {
                        saved.and(self.perform(intent, store))
                    }
                }
            },
            Message::GuardDiscard => match self.guard.take() {
                Some((intent, Unsaved::Profile)) => self.request_past_profile(intent, store),
                Some((intent, Unsaved::Voucher)) => self.perform(intent, store),
                None => Action::None,
            },
            Message::Page(page) => {
                self.page = page;
                Action::ShowTop
            }
            Message::GuardCancel => {
                self.guard = None;
                Action::None
            }
            Message::DismissNotice => {
                self.notice = None;
                self.duplicates.clear();
                Action::None
            }
            Message::ReloadProfile => match self.profile.as_ref().and_then(Profile::id) {
                Some(id) => {
                    self.profile = None;
                    self.open(id, store)
                }
                None => Action::None,
            },
            Message::Trading(message) => {
                let Some(trading) = &mut self.trading else { return Action::None };
                match trading.update(message, store) {
                    trading::Action::None => Action::None,
                    trading::Action::Focus(id) => Action::Focus(id),
                    trading::Action::Reveal(id) => Action::Reveal(id),
                    trading::Action::RetrySaveLater(party) => Action::RetrySaveLater(party),
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
            self.guard = Some((intent, Unsaved::Profile));
            return Action::None;
        }
        self.request_past_profile(intent, store)
    }

    /// The profile is saved or given up; a voucher being typed for this customer is asked about next.
    fn request_past_profile(&mut self, intent: Intent, store: &Store) -> Action {
        let leaves_customer = match intent {
            Intent::Open(id) => self.selected() != Some(id),
            Intent::New | Intent::Quit => true,
        };
        if leaves_customer && self.trading.as_ref().is_some_and(trading::Trading::has_unsaved_entry) {
            self.guard = Some((intent, Unsaved::Voucher));
            return Action::None;
        }
        self.perform(intent, store)
    }

    fn perform(&mut self, intent: Intent, store: &Store) -> Action {
        match intent {
            Intent::Open(id) => self.open(id, store),
            Intent::New => {
                let levels = match profile::level_names(store) {
                    Ok(levels) => levels,
                    Err(error) => {
                        self.notice = Some((Tone::Danger, sentence(&format!("The form could not be opened: {error}"))));
                        return Action::None;
                    }
                };
                self.profile = Some(Profile::new_customer(levels));
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
            Ok((customer, history, has_transactions, profile::level_names(store)?, store.customer_version(id)?))
        });
        let other = self.profile.as_ref().is_none_or(|p| p.id() != Some(id));
        if other {
            self.notice = None;
            self.duplicates.clear();
        }
        match loaded {
            Ok((Some(customer), history, has_transactions, levels, version)) => {
                match &mut self.trading {
                    // The same customer again: fresh figures, and whatever is being typed is kept.
                    Some(trading) if !other => trading.reload(&customer, store),
                    _ => {
                        let today = chrono::Local::now().date_naive();
                        self.trading = Some(trading::Trading::new(&customer, &self.currency, today, store));
                    }
                }
                self.profile = Some(Profile::existing(customer, history, has_transactions, levels, version));
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

    /// Customers the form looks like (same tax ID, name or phone) that it did not look like when
    /// opened, or `None`. A form with problems goes on to the save, which names them.
    fn looks_like(&self, store: &Store) -> Option<Vec<Duplicate>> {
        let profile = self.profile.as_ref()?;
        let customer = profile.form.to_customer(&self.fields, &self.axes).ok()?;
        let found = store.find_duplicates(&customer).ok()?;
        let known = match &profile.stored {
            Some(stored) => store.find_duplicates(stored).unwrap_or_default(),
            None => Vec::new(),
        };
        let new: Vec<Duplicate> = found.into_iter().filter(|d| !known.contains(d)).collect();
        (!new.is_empty()).then_some(new)
    }

    /// The customers the form looks like, while the question before saving is open.
    pub fn likely_duplicates(&self) -> Option<&[Duplicate]> {
        self.likely_duplicates.as_deref()
    }

    /// Validates and stores the form. `Err(())` means nothing was saved and the reasons are shown.
    fn save(&mut self, store: &mut Store) -> Result<Action, ()> {
        let Some(profile) = &mut self.profile else { return Err(()) };
        let customer = match profile.form.to_customer(&self.fields, &self.axes) {
            Ok(customer) => customer,
            Err(errors) => {
                self.notice = Some((Tone::Danger, summary(&errors)));
                profile.errors = errors;
                self.page = Page::Profile;
                return Err(());
            }
        };
        let result = match customer.id {
            Some(_) => store.update_customer_seen(&customer, profile.version),
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
                self.page = Page::Profile;
                Err(())
            }
            Err(error @ StoreError::DuplicateCode(_)) => {
                let message = sentence(&error.to_string());
                profile.errors = vec![ProfileError::new("code", message.clone())];
                self.notice = Some((Tone::Danger, format!("Not saved: {message}")));
                self.page = Page::Profile;
                Err(())
            }
            Err(error) => {
                // Another clerk's save came first: theirs stays, the form keeps what was typed.
                profile.conflict = matches!(error, StoreError::ChangedSince { .. });
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
        // The list gives way on a laptop so the customer's page keeps room for a voucher's lines.
        let screen: Element<'_, Message> = iced::widget::responsive(move |size| {
            let list = container(self.list.view(&self.axes, self.selected()).map(Message::List))
                .width(Length::Fixed(list_width(size.width)))
                .height(Length::Fill);
            let detail = container(self.detail()).width(Length::Fill).height(Length::Fill);
            row![list, detail].spacing(16).padding(16).into()
        })
        .into();

        if let Some((intent, unsaved)) = self.guard {
            widgets::modal(screen, dialogs::guard(self.profile.as_ref(), intent, unsaved))
        } else if let Some(found) = &self.likely_duplicates {
            widgets::modal(screen, dialogs::duplicates(found))
        } else if self.confirm_delete
            && let Some(profile) = &self.profile
        {
            widgets::modal(screen, dialogs::delete(profile))
        } else {
            screen
        }
    }

    fn detail(&self) -> Element<'_, Message> {
        let mut top = Column::new().spacing(8);
        top = top.push(self.toolbar());
        // A success is said in the bar (see `toolbar`); a problem needs reading, and stays above.
        if let Some((tone, message)) = self.notice.as_ref().filter(|(tone, _)| *tone != Tone::Success) {
            top = top.push(widgets::dismissable(*tone, message.as_str(), Message::DismissNotice));
        }
        if self.profile.as_ref().is_some_and(|p| p.conflict) {
            top = top.push(notices::reload_offer(Message::ReloadProfile));
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

        let mut body = Column::new().spacing(12).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO });
        if profile.stored.is_none() {
            body = body.push(widgets::notice(
                Tone::Info,
                "New customer. Fill in at least the name; the code is given automatically when left empty.",
            ));
        }
        // Trading shows who the customer is in figures (the name and code are in the bar above)
        // so the voucher and the latest ledger rows fit a laptop's screen; the profile card is
        // one click away.
        if let Some(trading) = &self.trading {
            body = body.push(trading.header());
        }
        match (&self.trading, self.page()) {
            (Some(trading), Page::Trading) => body = body.push(trading.view().map(Message::Trading)),
            _ => {
                if let Some(stored) = &profile.stored {
                    let effective = self.trading.as_ref().and_then(|t| t.summary()).and_then(|s| s.terms.as_ref());
                    body = body.push(glance::view(stored, effective, &self.currency));
                }
                body = body.push(profile.view(&self.fields, &self.axes, &self.currency).map(Message::Edit));
                if profile.stored.is_some() {
                    body = body.push(widgets::section("Change history", glance::history(&profile.history)));
                }
            }
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
                // The code leads: when a long name meets a laptop's width, its tail is cut, never
                // the code that tells two like-named customers apart.
                let mut title = row![
                    text(&p.original.code).size(theme::TEXT).style(theme::muted),
                    text(name).size(theme::HEADING).font(theme::BOLD).wrapping(iced::widget::text::Wrapping::None),
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
        // The buttons and the status keep their place and size; a long name is cut instead.
        let mut bar = row![container(title).width(Length::Fill).clip(true)].spacing(8).align_y(Alignment::Center);
        if self.is_dirty() {
            bar = bar.push(widgets::badge(Tone::Warning, "Unsaved changes"));
        } else if let Some((Tone::Success, message)) = &self.notice {
            bar = bar.push(
                container(
                    text(message.as_str())
                        .size(theme::SMALL)
                        .style(theme::success_text)
                        .wrapping(iced::widget::text::Wrapping::None),
                )
                .max_width(260.0)
                .clip(true),
            );
        }
        if self.trading.is_some() {
            bar = bar.push(self.page_switch());
        }
        bar = bar.push(action_button("New", Some(Message::New), theme::secondary_button));
        // Deactivate and Delete act on the profile, and stand on its page.
        let existing = profile.filter(|p| p.id().is_some() && self.page() == Page::Profile);
        if let Some(p) = existing {
            let label = if p.original.active { "Deactivate" } else { "Activate" };
            bar = bar.push(action_button(label, Some(Message::ToggleActive), theme::secondary_button));
            let can_delete = !p.has_transactions;
            bar = bar.push(action_button("Delete", can_delete.then_some(Message::Delete), theme::danger_button));
        }
        bar = bar.push(action_button(SAVE_BUTTON, profile.map(|_| Message::Save), theme::primary_button));
        bar.into()
    }
}

impl Customers {
    /// Trading or Profile: two pages of one customer, so the entry pane sits right under the balances.
    fn page_switch(&self) -> Element<'_, Message> {
        let shown = self.page();
        let mut switch = row![].spacing(0).align_y(Alignment::Center);
        for (page, label) in [(Page::Trading, "Trading"), (Page::Profile, "Profile & contacts")] {
            let style = if page == shown { theme::primary_button } else { theme::secondary_button };
            switch = switch.push(
                button(text(label).size(theme::TEXT)).padding([5, 14]).on_press(Message::Page(page)).style(style),
            );
        }
        switch.into()
    }
}

/// How wide the customer list is in a window `width` wide: narrower on a laptop (1024 px leaves
/// ~650 px for the customer's page), at most 440 on a large screen.
fn list_width(width: f32) -> f32 {
    ((width - 48.0) * 0.32).clamp(300.0, 440.0)
}

/// Cuts a long name with an ellipsis so the header keeps one line.
fn shorten(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        value.to_string()
    } else {
        value.chars().take(max - 1).collect::<String>() + "…"
    }
}
