//! The Items screen: a searchable list of products and services on the left, the item's form on the right.
//!
//! Every change is a quick single-row write, so `update` uses the store directly.

pub mod form;

use crate::domain::item::Item;
use crate::domain::money::Currency;
use crate::domain::money::format_amount;
use crate::store::{Store, StoreError};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets::{self, LeaveGuard};
use form::{Draft, Field, finish};
use iced::widget::{button, checkbox, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length};
use std::collections::BTreeMap;

/// How many items the list shows at most; the note under it says when more match.
pub const LIST_LIMIT: usize = 500;
pub const SEARCH_ID: &str = "items-search";

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    ShowInactive(bool),
    Select(i64),
    New,
    Edit(Field, String),
    Save,
    /// Deactivate an active item, activate an inactive one.
    ToggleActive,
    Delete,
    ConfirmDelete,
    CancelDelete,
    /// Leave the form although it has unsaved changes.
    Discard,
    /// Keep editing instead of leaving the form.
    KeepEditing,
    /// "Export…": every item to an .xlsx file.
    Export,
    /// "Import…": items from a spreadsheet, in the import wizard.
    Import,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    /// Items were added, changed or deleted.
    Changed,
    /// Save every item as .xlsx (the app asks where).
    Export,
    /// Open the import wizard for items.
    Import,
}

pub struct Items {
    search: String,
    show_inactive: bool,
    rows: Vec<Item>,
    /// More items match than the list shows.
    truncated: bool,
    symbol: Currency,
    draft: Draft,
    /// What the form held when it was opened or saved, so Save is offered only for changes.
    saved: Draft,
    errors: BTreeMap<Field, String>,
    /// A sentence about the whole form: a refusal, a store failure.
    problem: Option<String>,
    /// Deleting was refused because vouchers use the item: offer Deactivate instead.
    offer_deactivate: bool,
    confirming_delete: bool,
    /// Where the clerk asked to go (`Select` an item, or `New`) while the form had unsaved changes.
    leaving: LeaveGuard<Message>,
    status: Option<String>,
}

impl Items {
    pub fn new(store: &Store) -> Result<Items, StoreError> {
        let symbol = store.currency()?;
        let mut items = Items {
            search: String::new(),
            show_inactive: false,
            rows: Vec::new(),
            truncated: false,
            symbol,
            draft: Draft::blank(),
            saved: Draft::blank(),
            errors: BTreeMap::new(),
            problem: None,
            offer_deactivate: false,
            confirming_delete: false,
            leaving: LeaveGuard::default(),
            status: None,
        };
        items.reload(store)?;
        Ok(items)
    }

    /// The items the list shows now.
    pub fn rows(&self) -> &[Item] {
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

    /// What on this screen holds typed changes not saved, in the clerk's words.
    pub fn unsaved(&self) -> Option<&'static str> {
        self.is_dirty().then_some("An item")
    }

    pub fn is_dirty(&self) -> bool {
        self.draft != self.saved
    }

    /// Reads the list again (and the currency symbol, which Settings may have changed); typed text is kept.
    pub fn refresh(&mut self, store: &Store) {
        if let Ok(settings) = store.company_settings() {
            self.symbol = settings.currency;
        }
        if let Err(e) = self.reload(store) {
            self.problem = Some(finish(&format!("The items could not be read: {e}")));
        }
    }

    fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        let mut rows = store.find_items(&self.search, self.show_inactive, LIST_LIMIT + 1)?;
        self.truncated = rows.len() > LIST_LIMIT;
        rows.truncate(LIST_LIMIT);
        self.rows = rows;
        Ok(())
    }

    fn clear_messages(&mut self) {
        self.problem = None;
        self.offer_deactivate = false;
        self.confirming_delete = false;
        self.status = None;
    }

    fn open(&mut self, draft: Draft) {
        self.leaving = LeaveGuard::default();
        self.draft = draft.clone();
        self.saved = draft;
        self.errors.clear();
        self.clear_messages();
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        match message {
            Message::Export => Action::Export,
            Message::Import => Action::Import,
            Message::Search(search) => {
                self.search = search;
                self.refresh(store);
                Action::None
            }
            Message::ShowInactive(show) => {
                self.show_inactive = show;
                self.refresh(store);
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
                match store.item(id) {
                    Ok(Some(item)) => self.open(Draft::from_item(&item)),
                    Ok(None) => {
                        self.problem = Some("That item no longer exists; the list was read again.".into());
                        self.refresh(store);
                    }
                    Err(e) => self.problem = Some(finish(&format!("The item could not be read: {e}"))),
                }
                Action::None
            }
            Message::New => {
                self.open(Draft::blank());
                Action::None
            }
            Message::Edit(field, value) => {
                self.draft.set(field, value);
                self.errors.remove(&field);
                self.status = None;
                Action::None
            }
            Message::Save => self.save(store),
            Message::ToggleActive => self.toggle_active(store),
            Message::Delete => {
                self.clear_messages();
                let Some(id) = self.saved.id else { return Action::None };
                match store.item_has_transactions(id) {
                    Ok(true) => self.refuse_delete(),
                    Ok(false) => self.confirming_delete = true,
                    Err(e) => self.problem = Some(finish(&format!("The item could not be checked: {e}"))),
                }
                Action::None
            }
            Message::CancelDelete => {
                self.confirming_delete = false;
                Action::None
            }
            Message::ConfirmDelete => {
                self.confirming_delete = false;
                match store.delete_item(&self.saved.code) {
                    Ok(()) => {
                        let code = self.saved.code.clone();
                        self.open(Draft::blank());
                        self.status = Some(format!("Item {code} was deleted."));
                        self.refresh(store);
                        Action::Changed
                    }
                    Err(StoreError::ItemHasTransactions(_)) => {
                        self.refuse_delete();
                        Action::None
                    }
                    Err(e) => {
                        self.problem = Some(finish(&format!("The item could not be deleted: {e}")));
                        Action::None
                    }
                }
            }
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

    fn refuse_delete(&mut self) {
        let code = &self.saved.code;
        self.problem = Some(if self.saved.active {
            format!(
                "Item {code} is on vouchers, so it cannot be deleted: they must keep reading as they were written. Deactivate it instead to keep it off new vouchers."
            )
        } else {
            format!(
                "Item {code} is on vouchers, so it cannot be deleted. It is already inactive and cannot be put on new vouchers."
            )
        });
        self.offer_deactivate = self.saved.active;
    }

    fn save(&mut self, store: &mut Store) -> Action {
        self.clear_messages();
        let item = match self.draft.to_item() {
            Ok(item) => item,
            Err(mut errors) => {
                // Say at once that the code is taken, rather than after the other fields are fixed.
                if !errors.contains_key(&Field::Code)
                    && let Ok(Some(other)) = store.item_by_code(&self.draft.code)
                    && other.id != self.draft.id
                {
                    errors.insert(
                        Field::Code,
                        format!("Another item already has the code {}; choose another.", other.code),
                    );
                }
                self.errors = errors;
                self.problem = Some("Nothing was saved: correct the fields marked in red.".into());
                return Action::None;
            }
        };
        let result = if item.id.is_some() { store.update_item(&item) } else { store.add_item(&item) };
        match result {
            Ok(saved) => {
                let added = item.id.is_none();
                self.open(Draft::from_item(&saved));
                self.status = Some(if added {
                    format!("Item {} was added.", saved.code)
                } else {
                    format!("Item {} was saved.", saved.code)
                });
                self.refresh(store);
                Action::Changed
            }
            Err(e) => {
                self.store_refused(e);
                Action::None
            }
        }
    }

    /// Puts a store refusal beside the field it concerns, or above the buttons.
    fn store_refused(&mut self, error: StoreError) {
        match error {
            StoreError::DuplicateItemCode(code) => {
                self.errors.insert(Field::Code, format!("Another item already has the code {code}; choose another."));
                self.problem = Some("Nothing was saved: correct the fields marked in red.".into());
            }
            StoreError::Invalid(problems) => {
                for problem in problems {
                    if let Some(field) = Field::from_key(&problem.field) {
                        self.errors.insert(field, finish(&problem.message));
                    }
                }
                self.problem = Some("Nothing was saved: correct the fields marked in red.".into());
            }
            other => self.problem = Some(finish(&format!("The item could not be saved: {other}"))),
        }
    }

    fn toggle_active(&mut self, store: &mut Store) -> Action {
        self.clear_messages();
        if self.saved.id.is_none() {
            return Action::None;
        }
        let active = !self.saved.active;
        match store.set_item_active(&self.saved.code, active) {
            Ok(item) => {
                // Keep what the clerk typed in the other fields; only the status is written.
                let typed = self.draft.clone();
                self.open(Draft::from_item(&item));
                self.draft = Draft { active: item.active, ..typed };
                self.status = Some(if active {
                    format!("Item {} is active again and can be put on vouchers.", item.code)
                } else {
                    format!("Item {} is inactive: it stays on old vouchers but cannot be put on new ones.", item.code)
                });
                self.refresh(store);
                Action::Changed
            }
            Err(e) => {
                self.problem = Some(finish(&format!("The item's status could not be changed: {e}")));
                Action::None
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        row![
            container(self.list_view()).width(Length::FillPortion(3)).height(Length::Fill),
            container(self.form_view()).width(Length::FillPortion(2)).height(Length::Fill),
        ]
        .spacing(16)
        .padding(16)
        .height(Length::Fill)
        .into()
    }

    fn list_view(&self) -> Element<'_, Message> {
        let search = widgets::input(SEARCH_ID, "Search by code or name", &self.search, Message::Search, false);
        let toggle =
            checkbox(self.show_inactive).label("Show inactive").on_toggle(Message::ShowInactive).text_size(theme::TEXT);
        let heading = row![
            cell(head("Code"), CODE_W, false),
            cell(head("Name"), Length::Fill, false),
            cell(head("Unit"), UNIT_W, false),
            cell(head("Sales price"), PRICE_W, true),
            cell(head("Purchase price"), PRICE_W, true),
            cell(head("Tax %"), TAX_W, true),
        ]
        .spacing(10);
        let mut rows = column![];
        for item in &self.rows {
            rows = rows.push(self.row_view(item));
        }
        let body: Element<'_, Message> = if self.rows.is_empty() {
            let message = if self.search.trim().is_empty() {
                "No items yet. Fill in the form on the right and press Save to add the first one."
            } else {
                "No item matches the search."
            };
            container(text(message).size(theme::TEXT).style(theme::muted)).padding(16).into()
        } else {
            scrollable(rows).direction(crate::ui::reports::gutter()).height(Length::Fill).style(theme::scroller).into()
        };
        let count = widgets::count_line(self.rows.len(), self.truncated, ("item", "items"), "narrow the search");
        widgets::list_panel(
            Some(
                container(
                    row![
                        search,
                        toggle,
                        widgets::text_button("Import…", Some(Message::Import), theme::secondary_button),
                        widgets::text_button("Export…", Some(Message::Export), theme::secondary_button),
                    ]
                    .spacing(12)
                    .align_y(Alignment::Center),
                )
                .padding(12)
                .into(),
            ),
            heading.padding(widgets::over_gutter()),
            [4, 0],
            body,
            text(count).size(theme::SMALL).style(theme::muted),
        )
    }

    fn row_view(&self, item: &Item) -> Element<'_, Message> {
        let selected = item.id.is_some() && item.id == self.saved.id;
        let ink = if item.active { theme::INK } else { theme::FAINT };
        let styled = move |content: String| {
            text(content).size(theme::TEXT).style(move |_: &iced::Theme| text::Style { color: Some(ink) })
        };
        let mut name = row![styled(item.name.clone())].spacing(6).align_y(Alignment::Center);
        if !item.active {
            name = name.push(widgets::badge(Tone::Info, "Inactive"));
        }
        let line = row![
            cell(styled(item.code.clone()), CODE_W, false),
            container(name).width(Length::Fill),
            cell(styled(item.unit.clone()), UNIT_W, false),
            cell(styled(format_amount(item.sales_price, &self.symbol)), PRICE_W, true),
            cell(styled(format_amount(item.purchase_price, &self.symbol)), PRICE_W, true),
            cell(styled(format!("{}%", item.tax_rate.normalize())), TAX_W, true),
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        let mut press = button(line).padding([8, 12]).width(Length::Fill).style(theme::list_row(selected, false));
        if let Some(id) = item.id {
            press = press.on_press(Message::Select(id));
        }
        press.into()
    }

    fn form_view(&self) -> Element<'_, Message> {
        let editing = self.saved.id.is_some();
        let title = if editing { format!("Item {}", self.saved.code) } else { "New item".to_string() };
        let input = |field: Field| {
            let control = widgets::input(
                field.id(),
                field.placeholder(),
                self.draft.get(field),
                move |value| Message::Edit(field, value),
                self.errors.contains_key(&field),
            )
            .on_submit(Message::Save);
            widgets::field(field.label(), matches!(field, Field::Code | Field::Name), control, self.error(field))
        };
        let mut heading =
            row![text(title).size(theme::SECTION_TITLE + 2.0).font(theme::BOLD)].spacing(8).align_y(Alignment::Center);
        if editing && !self.saved.active {
            heading = heading.push(widgets::badge(Tone::Info, "Inactive"));
        }
        if self.is_dirty() {
            heading = heading.push(widgets::badge(Tone::Warning, "Unsaved"));
        }
        let mut content = column![
            heading,
            input(Field::Code),
            input(Field::Name),
            input(Field::Unit),
            row![input(Field::SalesPrice), input(Field::PurchasePrice)].spacing(12),
            container(input(Field::TaxRate)).width(Length::FillPortion(1)),
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
            "This item has changes that are not saved. Discard them, or keep editing and press Save.",
        ));
        if self.confirming_delete {
            content = content.push(widgets::notice(
                Tone::Warning,
                format!("Delete item {} for good? No voucher uses it; this cannot be undone.", self.saved.code),
            ));
            content = content.push(
                row![
                    widgets::text_button("Delete item", Some(Message::ConfirmDelete), theme::danger_button),
                    widgets::text_button("Cancel", Some(Message::CancelDelete), theme::secondary_button),
                ]
                .spacing(8),
            );
        }
        let save = widgets::text_button("Save", self.is_dirty().then_some(Message::Save), theme::primary_button);
        let mut buttons =
            row![save, widgets::text_button("New", Some(Message::New), theme::secondary_button)].spacing(8);
        if editing {
            let (label, tone) = if self.saved.active {
                (if self.offer_deactivate { "Deactivate instead" } else { "Deactivate" }, theme::secondary_button)
            } else {
                ("Activate", theme::secondary_button)
            };
            buttons = buttons.push(space::horizontal());
            buttons = buttons.push(widgets::text_button(label, Some(Message::ToggleActive), tone));
            buttons = buttons.push(widgets::text_button("Delete", Some(Message::Delete), theme::danger_button));
        }
        content = content.push(buttons.align_y(Alignment::Center));
        content = content.push(
            text("Prices are before tax. Inactive items stay on old vouchers but cannot be put on new ones.")
                .size(theme::SMALL)
                .style(theme::muted),
        );
        container(scrollable(content.padding(20)).style(theme::scroller)).style(theme::panel).width(Length::Fill).into()
    }
}

const CODE_W: Length = Length::Fixed(90.0);
const UNIT_W: Length = Length::Fixed(50.0);
const PRICE_W: Length = Length::Fixed(110.0);
const TAX_W: Length = Length::Fixed(56.0);

fn cell<'a>(content: impl Into<Element<'a, Message>>, width: Length, right: bool) -> Element<'a, Message> {
    let align = if right { Alignment::End } else { Alignment::Start };
    container(content).width(width).align_x(align).into()
}

fn head(label: &str) -> iced::widget::Text<'_> {
    text(label).size(theme::SMALL).font(theme::BOLD).style(theme::muted)
}
