//! The Special prices page: the special prices of a customer, an item, both or all, listed on the
//! left with whether each applies today, and added, edited and removed in the form on the right.
//!
//! Every change is a quick single-row write, so `update` uses the store directly. Saved vouchers
//! keep the prices they were given: nothing here touches them.

pub mod form;
pub mod list;
pub mod picker;

use crate::domain::money::Currency;
use crate::domain::pricing::PriceSide;
use crate::store::{Store, StoreError};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets::{self, LeaveGuard};
use chrono::NaiveDate;
use form::{Draft, Field, SideChoice, finish};
use iced::widget::{column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length};
use list::Line;
use picker::{Choice, Pick, Slot, Suggestions};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub enum Message {
    /// Text typed into a customer or item box.
    Type(Slot, String),
    /// A suggestion clicked.
    Pick(Slot, Choice),
    /// Enter in a box: take the first suggestion (or the customer or item with exactly that code).
    TakeFirst(Slot),
    /// The × beside a box.
    Clear(Slot),
    /// A row of the list clicked.
    Select(i64),
    Side(PriceSide),
    Edit(Field, String),
    Save,
    New,
    Delete,
    ConfirmDelete,
    CancelDelete,
    /// Leave the form although it has unsaved changes.
    Discard,
    /// Keep editing instead of leaving the form.
    KeepEditing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    /// Special prices were added, changed or removed.
    Changed,
}

pub struct Specials {
    symbol: Currency,
    /// The day "Expired" and "Not yet valid" are judged on.
    today: NaiveDate,
    /// Set by a test: `refresh` then keeps it instead of reading the clock.
    today_fixed: bool,
    filter_customer: Pick,
    filter_item: Pick,
    rows: Vec<Line>,
    /// More special prices match than the list shows.
    truncated: bool,
    /// The suggestions open under one of the boxes.
    suggestions: Option<Suggestions>,
    draft: Draft,
    /// What the form held when it was opened or saved, so Save is offered only for changes.
    saved: Draft,
    errors: BTreeMap<Field, String>,
    /// A sentence about the whole form or page: a refusal, a store failure.
    problem: Option<String>,
    status: Option<String>,
    confirming_delete: bool,
    /// Where the clerk asked to go (`Select` a special price, or `New`) while the form had unsaved changes.
    leaving: LeaveGuard<Message>,
}

impl Specials {
    pub fn new(store: &Store) -> Result<Specials, StoreError> {
        let symbol = store.currency()?;
        let mut specials = Specials {
            symbol,
            today: chrono::Local::now().date_naive(),
            today_fixed: false,
            filter_customer: Pick::default(),
            filter_item: Pick::default(),
            rows: Vec::new(),
            truncated: false,
            suggestions: None,
            draft: Draft::blank(None, None),
            saved: Draft::blank(None, None),
            errors: BTreeMap::new(),
            problem: None,
            status: None,
            confirming_delete: false,
            leaving: LeaveGuard::default(),
        };
        specials.reload(store)?;
        Ok(specials)
    }

    /// Judges validity on `today` from now on (for tests; the app uses the computer's calendar).
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
        self.today_fixed = true;
    }

    /// The special prices the list shows now.
    pub fn rows(&self) -> &[Line] {
        &self.rows
    }

    /// The problem shown under a field, if any.
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors.get(&field).map(String::as_str)
    }

    /// The sentence about the whole form (a refusal or a failure), if any.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// What the form holds now.
    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    /// The special price open in the form, when it is a stored one.
    pub fn selected(&self) -> Option<i64> {
        self.saved.id
    }

    pub fn is_dirty(&self) -> bool {
        self.draft != self.saved
    }

    /// Reads the list again (and the currency symbol, which Settings may have changed); typed text is kept.
    pub fn refresh(&mut self, store: &Store) {
        if let Ok(settings) = store.company_settings() {
            self.symbol = settings.currency;
        }
        if !self.today_fixed {
            self.today = chrono::Local::now().date_naive();
        }
        if let Err(e) = self.reload(store) {
            self.problem = Some(finish(&format!("The special prices could not be read: {e}")));
        }
    }

    fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        let (rows, truncated) = list::read(store, self.filter_customer.id(), self.filter_item.id())?;
        self.rows = rows;
        self.truncated = truncated;
        Ok(())
    }

    fn clear_messages(&mut self) {
        self.problem = None;
        self.status = None;
        self.confirming_delete = false;
    }

    fn open(&mut self, draft: Draft) {
        self.leaving = LeaveGuard::default();
        self.suggestions = None;
        self.draft = draft.clone();
        self.saved = draft;
        self.errors.clear();
        self.clear_messages();
    }

    /// A new special price for the customer and item the list is narrowed to.
    fn blank(&self) -> Draft {
        let mut draft = Draft::blank(self.filter_customer.chosen.clone(), self.filter_item.chosen.clone());
        draft.side = side_for(draft.customer.chosen.as_ref());
        draft
    }

    fn pick_of(&mut self, slot: Slot) -> &mut Pick {
        match slot {
            Slot::FilterCustomer => &mut self.filter_customer,
            Slot::FilterItem => &mut self.filter_item,
            Slot::FormCustomer => &mut self.draft.customer,
            Slot::FormItem => &mut self.draft.item,
        }
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        match message {
            Message::Type(slot, text) => {
                self.typed(slot, text, store);
                Action::None
            }
            Message::Pick(slot, choice) => {
                self.picked(slot, Some(choice), store);
                Action::None
            }
            Message::TakeFirst(slot) => {
                let first = self.suggestions.as_ref().filter(|s| s.slot == slot).and_then(|s| s.rows.first().cloned());
                let typed = self.pick_of(slot).text.clone();
                let found = match first {
                    Some(choice) => Some(choice),
                    None => picker::exact(store, slot.kind(), &typed).ok().flatten(),
                };
                if found.is_some() {
                    self.picked(slot, found, store);
                }
                Action::None
            }
            Message::Clear(slot) => {
                self.picked(slot, None, store);
                Action::None
            }
            Message::Select(_) | Message::New if self.asks_before(&message) => {
                self.leaving.ask(message);
                Action::None
            }
            Message::KeepEditing => {
                self.leaving.keep_editing();
                Action::None
            }
            Message::Discard => {
                self.draft = self.saved.clone();
                self.leaving.take().map_or(Action::None, |next| self.update(next, store))
            }
            Message::Select(id) => {
                match self.rows.iter().find(|line| line.id() == id) {
                    Some(line) => {
                        let draft = Draft::from_price(&line.row.price, line.customer(), line.item());
                        self.open(draft);
                    }
                    None => {
                        self.problem = Some("That special price is no longer listed; the list was read again.".into());
                        self.refresh(store);
                    }
                }
                Action::None
            }
            Message::New => {
                let blank = self.blank();
                self.open(blank);
                Action::None
            }
            Message::Side(side) => {
                self.draft.side = side;
                self.status = None;
                Action::None
            }
            Message::Edit(field, value) => {
                self.draft.set(field, value);
                self.errors.remove(&field);
                self.status = None;
                Action::None
            }
            Message::Save => self.save(store),
            Message::Delete => {
                self.clear_messages();
                self.confirming_delete = self.saved.id.is_some();
                Action::None
            }
            Message::CancelDelete => {
                self.confirming_delete = false;
                Action::None
            }
            Message::ConfirmDelete => self.delete(store),
        }
    }

    /// Whether `message` would leave a form with unsaved changes, so the clerk is asked first.
    fn asks_before(&self, message: &Message) -> bool {
        self.is_dirty()
            && match message {
                Message::Select(id) => self.saved.id != Some(*id),
                _ => true,
            }
    }

    fn typed(&mut self, slot: Slot, text: String, store: &Store) {
        let dropped = self.pick_of(slot).typed(text.clone());
        if matches!(slot, Slot::FormCustomer | Slot::FormItem) {
            self.errors.remove(&if slot == Slot::FormCustomer { Field::Customer } else { Field::Item });
            self.status = None;
        }
        self.suggestions = if text.trim().is_empty() {
            None
        } else {
            Some(match picker::lookup(store, slot.kind(), &text) {
                Ok(rows) => Suggestions { slot, rows, error: None },
                Err(e) => {
                    Suggestions { slot, rows: Vec::new(), error: Some(finish(&format!("The search failed: {e}"))) }
                }
            })
        };
        // The box no longer names what the list was narrowed to: show what the other box narrows to.
        if dropped && matches!(slot, Slot::FilterCustomer | Slot::FilterItem) {
            self.refresh(store);
        }
    }

    /// Takes (or with `None` clears) the choice of one box.
    fn picked(&mut self, slot: Slot, choice: Option<Choice>, store: &Store) {
        self.suggestions = None;
        *self.pick_of(slot) = Pick::of(choice.clone());
        match slot {
            Slot::FilterCustomer | Slot::FilterItem => {
                // A new special price is for what the list is narrowed to, unless the clerk chose otherwise.
                if self.draft.id.is_none() && choice.is_some() {
                    let clean = !self.is_dirty();
                    let form = if slot == Slot::FilterCustomer { Slot::FormCustomer } else { Slot::FormItem };
                    if self.pick_of(form).is_empty() {
                        *self.pick_of(form) = Pick::of(choice);
                        if slot == Slot::FilterCustomer {
                            self.draft.side = side_for(self.draft.customer.chosen.as_ref());
                        }
                        if clean {
                            self.saved = self.draft.clone();
                        }
                    }
                }
                self.refresh(store);
            }
            Slot::FormCustomer => {
                self.errors.remove(&Field::Customer);
                if self.draft.id.is_none() {
                    self.draft.side = side_for(self.draft.customer.chosen.as_ref());
                }
            }
            Slot::FormItem => {
                self.errors.remove(&Field::Item);
            }
        }
    }

    fn save(&mut self, store: &mut Store) -> Action {
        self.clear_messages();
        self.suggestions = None;
        // A box left with a code typed in full but not picked takes the customer or item of that code.
        for slot in [Slot::FormCustomer, Slot::FormItem] {
            let pick = self.pick_of(slot).clone();
            if pick.chosen.is_none()
                && let Ok(Some(choice)) = picker::exact(store, slot.kind(), &pick.text)
            {
                *self.pick_of(slot) = Pick::of(Some(choice));
            }
        }
        let price = match self.draft.to_price() {
            Ok(price) => price,
            Err(errors) => {
                self.errors = errors;
                self.problem = Some("Nothing was saved: correct the fields marked in red.".into());
                return Action::None;
            }
        };
        let added = self.draft.id.is_none();
        let result = if added {
            store.add_special_price(&price)
        } else {
            store.update_special_price(&price).map(|()| price.special.id)
        };
        match result {
            Ok(id) => {
                let mut stored = price;
                stored.special.id = id;
                // `to_price` succeeded, so both boxes hold a pick.
                let (customer, item) = (self.draft.customer.chosen.clone(), self.draft.item.chosen.clone());
                if let (Some(customer), Some(item)) = (customer, item) {
                    self.open(Draft::from_price(&stored, customer, item));
                }
                self.status = Some(if added {
                    format!("Special price #{id} was added.")
                } else {
                    format!("Special price #{id} was saved.")
                });
                self.refresh(store);
                Action::Changed
            }
            Err(StoreError::Invalid(problems)) => {
                for problem in problems {
                    if let Some(field) = Field::from_key(&problem.field) {
                        self.errors.insert(field, finish(&problem.message));
                    }
                }
                self.problem = Some("Nothing was saved: correct the fields marked in red.".into());
                Action::None
            }
            Err(e) => {
                self.problem = Some(finish(&format!("The special price could not be saved: {e}")));
                Action::None
            }
        }
    }

    fn delete(&mut self, store: &mut Store) -> Action {
        self.confirming_delete = false;
        let Some(id) = self.saved.id else { return Action::None };
        match store.delete_special_price(id) {
            Ok(()) => {
                let blank = self.blank();
                self.open(blank);
                self.status = Some(format!("Special price #{id} was deleted."));
                self.refresh(store);
                Action::Changed
            }
            Err(e) => {
                self.problem = Some(finish(&format!("The special price could not be deleted: {e}")));
                self.refresh(store);
                Action::None
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        // The form gives way on a laptop so the list keeps room for who and what each price is for.
        iced::widget::responsive(move |size| {
            let form_width = if size.width < 1200.0 { 330.0 } else { 400.0 };
            row![
                container(self.list_view()).width(Length::Fill).height(Length::Fill),
                container(self.form_view()).width(Length::Fixed(form_width)).height(Length::Fill),
            ]
            .spacing(16)
            .padding(16)
            .height(Length::Fill)
            .into()
        })
        .into()
    }

    fn list_view(&self) -> Element<'_, Message> {
        let suggestions = self.suggestions.as_ref();
        let filters = row![
            widgets::field(
                "Customer",
                false,
                picker::view(Slot::FilterCustomer, &self.filter_customer, suggestions, false),
                None
            ),
            widgets::field("Item", false, picker::view(Slot::FilterItem, &self.filter_item, suggestions, false), None),
        ]
        .spacing(12);
        let mut lines = column![];
        for line in &self.rows {
            lines = lines.push(list::line(line, &self.symbol, self.today, self.saved.id == Some(line.id())));
        }
        let narrowed = self.filter_customer.chosen.is_some() || self.filter_item.chosen.is_some();
        let body: Element<'_, Message> = if self.rows.is_empty() {
            let message = if narrowed {
                "No special price matches the customer and item chosen above."
            } else {
                "No special prices yet. Choose a customer and an item in the form on the right, enter the price and press Save."
            };
            container(text(message).size(theme::TEXT).style(theme::muted)).padding(16).into()
        } else {
            scrollable(lines).direction(crate::ui::reports::gutter()).height(Length::Fill).style(theme::scroller).into()
        };
        let count = widgets::count_line(
            self.rows.len(),
            self.truncated,
            ("special price", "special prices"),
            "narrow by customer or item",
        );
        widgets::list_panel(
            Some(container(filters).padding(12).into()),
            container(list::heading()).padding(widgets::over_gutter()),
            [4, 0],
            body,
            text(count).size(theme::SMALL).style(theme::muted),
        )
    }

    fn form_view(&self) -> Element<'_, Message> {
        let editing = self.saved.id;
        let title = match editing {
            Some(id) => format!("Special price #{id}"),
            None => "New special price".to_string(),
        };
        let mut heading =
            row![text(title).size(theme::SECTION_TITLE + 2.0).font(theme::BOLD)].spacing(8).align_y(Alignment::Center);
        if self.is_dirty() {
            heading = heading.push(widgets::badge(Tone::Warning, "Unsaved"));
        }
        let input = |field: Field| {
            let control = widgets::input(
                field.id(),
                field.placeholder(),
                self.draft.get(field),
                move |value| Message::Edit(field, value),
                self.errors.contains_key(&field),
            )
            .on_submit(Message::Save);
            widgets::field(field.label(), field == Field::Price, control, self.error(field))
        };
        let suggestions = self.suggestions.as_ref();
        let side = widgets::choice(
            &SideChoice::ALL[..],
            Some(SideChoice(self.draft.side)),
            |c: SideChoice| Message::Side(c.0),
            false,
        );
        let customer_box = picker::view(
            Slot::FormCustomer,
            &self.draft.customer,
            suggestions,
            self.errors.contains_key(&Field::Customer),
        );
        let item_box =
            picker::view(Slot::FormItem, &self.draft.item, suggestions, self.errors.contains_key(&Field::Item));
        let mut content = column![
            heading,
            widgets::field("Side", false, side, None),
            widgets::field(Field::Customer.label(), true, customer_box, self.error(Field::Customer)),
            widgets::field(Field::Item.label(), true, item_box, self.error(Field::Item)),
            row![input(Field::Price), input(Field::MinQuantity)].spacing(12),
            row![input(Field::ValidFrom), input(Field::ValidTo)].spacing(12),
        ]
        .spacing(12);
        if let Some(problem) = &self.problem {
            content = content.push(widgets::notice(Tone::Danger, problem.as_str()));
        }
        if let Some(status) = &self.status {
            content = content.push(widgets::notice(Tone::Success, status.as_str()));
        }
        content = content.extend(self.leaving.view(
            Message::Discard,
            Message::KeepEditing,
            "This special price has changes that are not saved. Discard them, or keep editing and press Save.",
        ));
        if self.confirming_delete
            && let Some(id) = editing
        {
            content = content.push(widgets::notice(
                Tone::Warning,
                format!("Delete special price #{id} for good? Vouchers already saved keep their prices."),
            ));
            content = content.push(
                row![
                    widgets::text_button("Delete special price", Some(Message::ConfirmDelete), theme::danger_button),
                    widgets::text_button("Cancel", Some(Message::CancelDelete), theme::secondary_button),
                ]
                .spacing(8),
            );
        }
        let save = widgets::text_button("Save", self.is_dirty().then_some(Message::Save), theme::primary_button);
        let mut buttons =
            row![save, widgets::text_button("New", Some(Message::New), theme::secondary_button)].spacing(8);
        if editing.is_some() {
            buttons = buttons.push(space::horizontal());
            buttons = buttons.push(widgets::text_button("Delete", Some(Message::Delete), theme::danger_button));
        }
        content = content.push(buttons.align_y(Alignment::Center));
        content = content.push(
            text(
                "A special price is used on a voucher dated within its dates once the quantity reaches the minimum; \
                 the most specific one wins. Prices are before tax. Saved vouchers keep the prices they were given.",
            )
            .size(theme::SMALL)
            .style(theme::muted),
        );
        container(scrollable(content.padding(20)).style(theme::scroller)).style(theme::panel).width(Length::Fill).into()
    }
}

/// The side a new special price starts on: purchases for a vendor, sales otherwise.
fn side_for(customer: Option<&Choice>) -> PriceSide {
    match customer {
        Some(choice) if choice.vendor => PriceSide::Purchase,
        _ => PriceSide::Sales,
    }
}
