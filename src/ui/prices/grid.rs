//! The level-price grid: items down, price levels across, every cell editable in place; typed
//! cells are kept until Save writes them all in one transaction. Above it, the bulk change
//! "set a level to the standard price ± N %" for the items the search matches.

use crate::domain::money::Currency;
use crate::domain::money::{format_amount, parse_non_negative_amount};
use crate::domain::price_change::{describe_change, parse_percent_change};
use crate::store::{LevelPriceChange, PriceGrid, Store, StoreError};
use crate::ui::customers::sentence as finish;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets::{self, plain_amount as plain};
use iced::widget::{Row, button, checkbox, column, container, row, scrollable, space, text, text_input};
use iced::{Alignment, Element, Length};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How many items the grid shows at most; a note says when more match.
pub const GRID_LIMIT: usize = 200;
pub const SEARCH_ID: &str = "grid-search";
pub const PERCENT_ID: &str = "grid-bulk-percent";

/// The id of the cell for one item at one level, for focus and tests.
pub fn cell_id(item_code: &str, level: &str) -> String {
    format!("grid:{item_code}:{level}")
}

/// (item id, level id): one cell.
type Cell = (i64, i64);

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    ShowInactive(bool),
    Edit(i64, i64, String),
    Save,
    Discard,
    BulkLevel(String),
    BulkPercent(String),
    /// Ask for confirmation, saying how many items the change sets.
    BulkPreview,
    BulkApply,
    BulkCancel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    /// Level prices were written.
    Changed,
}

/// A bulk change waiting for the clerk's yes: the level, the change and how many items it sets.
#[derive(Debug, Clone, PartialEq)]
struct PendingBulk {
    level: String,
    percent: Decimal,
    items: usize,
}

pub struct Grid {
    search: String,
    show_inactive: bool,
    grid: PriceGrid,
    symbol: Currency,
    /// Cells typed into, as typed; kept across searches until saved or discarded.
    edits: BTreeMap<Cell, String>,
    /// Why a typed cell cannot be saved, after a Save was refused.
    errors: BTreeMap<Cell, String>,
    /// Item code and level name of each edited cell, for sentences about cells not on screen.
    names: BTreeMap<Cell, (String, String)>,
    bulk_level: Option<String>,
    bulk_percent: String,
    bulk_pending: Option<PendingBulk>,
    /// The window was asked to close while cells were unsaved; a second ask closes it.
    closing_asked: bool,
    problem: Option<String>,
    status: Option<String>,
}

impl Grid {
    pub fn new(store: &Store) -> Result<Grid, StoreError> {
        let mut grid = Grid {
            search: String::new(),
            show_inactive: false,
            grid: PriceGrid::default(),
            symbol: store.currency()?,
            edits: BTreeMap::new(),
            errors: BTreeMap::new(),
            names: BTreeMap::new(),
            bulk_level: None,
            bulk_percent: String::new(),
            bulk_pending: None,
            closing_asked: false,
            problem: None,
            status: None,
        };
        grid.reload(store)?;
        Ok(grid)
    }

    /// The grid as read: its levels and rows.
    pub fn grid(&self) -> &PriceGrid {
        &self.grid
    }

    /// How many cells hold typed changes that are not saved.
    pub fn unsaved(&self) -> usize {
        self.edits.len()
    }

    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn closing_asked(&self) -> bool {
        self.closing_asked
    }

    pub fn ask_before_closing(&mut self) {
        self.closing_asked = true;
        let count = self.edits.len();
        self.problem = Some(format!(
            "{count} typed price{} not saved. Press Save changes (or Discard), then close the window; closing again now leaves {} unsaved.",
            if count == 1 { " is" } else { "s are" },
            if count == 1 { "it" } else { "them" }
        ));
    }

    /// Reads the grid again (levels may have been added or renamed); typed cells are kept.
    pub fn refresh(&mut self, store: &Store) {
        if let Ok(settings) = store.company_settings() {
            self.symbol = settings.currency;
        }
        if let Err(e) = self.reload(store) {
            self.problem = Some(finish(&format!("The prices could not be read: {e}")));
        }
    }

    fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        self.grid = store.price_grid(&self.search, self.show_inactive, GRID_LIMIT)?;
        let levels = &self.grid.levels;
        if self.bulk_level.as_ref().is_none_or(|chosen| !levels.iter().any(|l| &l.name == chosen)) {
            self.bulk_level = levels.first().map(|l| l.name.clone());
        }
        // A level deleted or renamed since: its typed cells have nowhere to go.
        self.edits.retain(|(_, level), _| levels.iter().any(|l| l.id == *level));
        Ok(())
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        match message {
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
            Message::Edit(item, level, typed) => {
                self.status = None;
                self.errors.remove(&(item, level));
                if typed.trim() == self.stored_text(item, level).unwrap_or_default() {
                    self.edits.remove(&(item, level));
                } else {
                    if let Some(names) = self.cell_names(item, level) {
                        self.names.insert((item, level), names);
                    }
                    self.edits.insert((item, level), typed);
                }
                Action::None
            }
            Message::Save => self.save(store),
            Message::Discard => {
                self.edits.clear();
                self.errors.clear();
                self.problem = None;
                self.status = Some("Typed changes were discarded.".into());
                Action::None
            }
            Message::BulkLevel(level) => {
                self.bulk_level = Some(level);
                self.bulk_pending = None;
                Action::None
            }
            Message::BulkPercent(typed) => {
                self.bulk_percent = typed;
                self.bulk_pending = None;
                Action::None
            }
            Message::BulkPreview => {
                self.bulk_preview(store);
                Action::None
            }
            Message::BulkCancel => {
                self.bulk_pending = None;
                Action::None
            }
            Message::BulkApply => self.bulk_apply(store),
        }
    }

    /// The stored price of a cell on screen as the cell shows it, or `None` when it falls back.
    fn stored_text(&self, item: i64, level: i64) -> Option<String> {
        let slot = self.grid.levels.iter().position(|l| l.id == level)?;
        let row = self.grid.rows.iter().find(|r| r.item.id == Some(item))?;
        row.prices.get(slot).copied().flatten().map(plain)
    }

    fn cell_names(&self, item: i64, level: i64) -> Option<(String, String)> {
        let level = self.grid.levels.iter().find(|l| l.id == level)?;
        let row = self.grid.rows.iter().find(|r| r.item.id == Some(item))?;
        Some((row.item.code.clone(), level.name.clone()))
    }

    fn describe(&self, cell: Cell) -> String {
        match self.names.get(&cell) {
            Some((item, level)) => format!("{item} at {level}"),
            None => "A cell".to_string(),
        }
    }

    fn save(&mut self, store: &mut Store) -> Action {
        self.problem = None;
        self.status = None;
        if self.edits.is_empty() {
            return Action::None;
        }
        let mut changes = Vec::with_capacity(self.edits.len());
        self.errors.clear();
        for (&(item_id, level_id), typed) in &self.edits {
            let price = if typed.trim().is_empty() {
                None
            } else {
                match parse_non_negative_amount(typed) {
                    Ok(price) => Some(price),
                    Err(e) => {
                        self.errors.insert((item_id, level_id), finish(&e.to_string()));
                        continue;
                    }
                }
            };
            changes.push(LevelPriceChange { item_id, level_id, price });
        }
        if let Some((&cell, reason)) = self.errors.iter().next() {
            let others = self.errors.len() - 1;
            let more = if others > 0 { format!(" ({others} more cells are marked in red.)") } else { String::new() };
            self.problem = Some(format!("Nothing was saved. {}: {reason}{more}", self.describe(cell)));
            return Action::None;
        }
        match store.set_level_prices(&changes) {
            Ok(count) => {
                self.edits.clear();
                self.names.clear();
                self.status = Some(match count {
                    1 => "1 level price was saved. The next voucher uses it; saved vouchers keep their prices.".into(),
                    n => format!(
                        "{n} level prices were saved. The next voucher uses them; saved vouchers keep their prices."
                    ),
                });
                self.refresh(store);
                Action::Changed
            }
            Err(e) => {
                self.problem = Some(finish(&format!("Nothing was saved: {e}")));
                Action::None
            }
        }
    }

    fn bulk_preview(&mut self, store: &Store) {
        self.problem = None;
        self.status = None;
        let Some(level) = self.bulk_level.clone() else {
            self.problem = Some("Add a price level first (the Levels page).".into());
            return;
        };
        if !self.edits.is_empty() {
            self.problem = Some("Save or discard the typed cells first, so the bulk change does not meet them.".into());
            return;
        }
        let percent = match parse_percent_change(&self.bulk_percent) {
            Ok(percent) => percent,
            Err(e) => {
                self.problem = Some(finish(&e.to_string()));
                return;
            }
        };
        match store.items_matching(&self.search, self.show_inactive) {
            Ok(0) => self.problem = Some("No item matches the search, so there is nothing to change.".into()),
            Ok(items) => self.bulk_pending = Some(PendingBulk { level, percent, items }),
            Err(e) => self.problem = Some(finish(&format!("The items could not be counted: {e}"))),
        }
    }

    fn bulk_apply(&mut self, store: &mut Store) -> Action {
        let Some(pending) = self.bulk_pending.take() else { return Action::None };
        match store.set_level_from_standard(&pending.level, pending.percent, &self.search, self.show_inactive) {
            Ok(count) => {
                self.status = Some(format!(
                    "{} set to {} for {} item{}.",
                    pending.level,
                    describe_change(pending.percent),
                    count,
                    if count == 1 { "" } else { "s" }
                ));
                self.refresh(store);
                Action::Changed
            }
            Err(e) => {
                self.problem = Some(finish(&format!("Nothing was changed: {e}")));
                Action::None
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let search = widgets::input(SEARCH_ID, "Search items by code or name", &self.search, Message::Search, false);
        let inactive =
            checkbox(self.show_inactive).label("Show inactive").on_toggle(Message::ShowInactive).text_size(theme::TEXT);
        let mut toolbar = row![container(search).width(Length::Fixed(320.0)), inactive, space::horizontal()]
            .spacing(12)
            .align_y(Alignment::Center);
        if !self.edits.is_empty() {
            let count = self.edits.len();
            toolbar = toolbar.push(widgets::badge(
                Tone::Warning,
                format!("{count} unsaved change{}", if count == 1 { "" } else { "s" }),
            ));
            toolbar = toolbar.push(action_button("Discard", Message::Discard, theme::secondary_button));
        }
        toolbar = toolbar.push(
            button(text("Save changes").size(theme::TEXT))
                .padding([6, 14])
                .style(theme::primary_button)
                .on_press_maybe((!self.edits.is_empty()).then_some(Message::Save)),
        );
        let mut content = column![toolbar, self.bulk_view()].spacing(10);
        if let Some(problem) = &self.problem {
            content = content.push(widgets::notice(Tone::Danger, problem.as_str()));
        }
        if let Some(status) = &self.status {
            content = content.push(widgets::notice(Tone::Success, status.as_str()));
        }
        content = content.push(self.table_view());
        container(content.padding(16)).height(Length::Fill).into()
    }

    fn bulk_view(&self) -> Element<'_, Message> {
        let names: Vec<String> = self.grid.levels.iter().map(|l| l.name.clone()).collect();
        let scope = if self.search.trim().is_empty() {
            "for all items".to_string()
        } else {
            format!("for the items matching \u{201c}{}\u{201d}", self.search.trim())
        };
        let line = row![
            text("Set level").size(theme::TEXT),
            container(widgets::choice(names, self.bulk_level.clone(), Message::BulkLevel, false))
                .width(Length::Fixed(170.0)),
            text("to the standard price").size(theme::TEXT),
            container(
                widgets::input(PERCENT_ID, "-10", &self.bulk_percent, Message::BulkPercent, false)
                    .on_submit(Message::BulkPreview)
            )
            .width(Length::Fixed(80.0)),
            text("%").size(theme::TEXT),
            text(scope).size(theme::TEXT).style(theme::muted),
            button(text("Apply…").size(theme::TEXT))
                .padding([6, 14])
                .style(theme::secondary_button)
                .on_press_maybe((!self.bulk_percent.trim().is_empty()).then_some(Message::BulkPreview)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let mut bulk = column![line].spacing(8);
        if let Some(pending) = &self.bulk_pending {
            bulk = bulk.push(widgets::notice(
                Tone::Warning,
                format!(
                    "Set {} to {} for {} item{}? Their {} prices are replaced and rounded to the currency's decimals. \
                     Saved vouchers keep their prices.",
                    pending.level,
                    describe_change(pending.percent),
                    pending.items,
                    if pending.items == 1 { "" } else { "s" },
                    pending.level
                ),
            ));
            bulk = bulk.push(
                row![
                    action_button("Set prices", Message::BulkApply, theme::primary_button),
                    action_button("Cancel", Message::BulkCancel, theme::secondary_button),
                ]
                .spacing(8),
            );
        }
        container(bulk).padding([10, 12]).width(Length::Fill).style(theme::panel).into()
    }

    fn table_view(&self) -> Element<'_, Message> {
        let levels = &self.grid.levels;
        let mut heading = Row::new()
            .push(cell(head("Code"), CODE_W, false))
            .push(cell(head("Name"), Length::Fill, false))
            .push(cell(head("Standard"), PRICE_W, true));
        for level in levels {
            heading = heading.push(cell(head(&level.name), PRICE_W, true));
        }
        let mut rows = column![];
        for grid_row in &self.grid.rows {
            let Some(item_id) = grid_row.item.id else { continue };
            let item = &grid_row.item;
            let ink = if item.active { theme::INK } else { theme::FAINT };
            let styled = move |content: String| {
                text(content).size(theme::TEXT).style(move |_: &iced::Theme| text::Style { color: Some(ink) })
            };
            let mut line = Row::new()
                .push(cell(styled(item.code.clone()), CODE_W, false))
                .push(cell(styled(item.name.clone()), Length::Fill, false))
                .push(cell(styled(format_amount(item.sales_price, &self.symbol)), PRICE_W, true));
            for (slot, level) in levels.iter().enumerate() {
                let key = (item_id, level.id);
                let stored = grid_row.prices.get(slot).copied().flatten();
                let value = self.edits.get(&key).cloned().unwrap_or_else(|| stored.map(plain).unwrap_or_default());
                let fallback = plain(item.sales_price);
                let input = text_input(&fallback, &value)
                    .id(cell_id(&item.code, &level.name))
                    .on_input(move |typed| Message::Edit(item_id, level.id, typed))
                    .on_submit(Message::Save)
                    .size(theme::TEXT)
                    .padding([4, 6])
                    .align_x(Alignment::End);
                let input = if self.errors.contains_key(&key) {
                    input.style(theme::input(true))
                } else if self.edits.contains_key(&key) {
                    input.style(theme::changed_input)
                } else {
                    input.style(theme::input(false))
                };
                line = line.push(container(input).width(PRICE_W));
            }
            rows = rows.push(container(line.spacing(8).align_y(Alignment::Center)).padding([3, 12]));
        }
        let body: Element<'_, Message> = if levels.is_empty() {
            empty_note(
                "No price levels yet. Add one on the Levels page (e.g. Retail, Wholesale); then each item gets a price per level here.",
            )
        } else if self.grid.rows.is_empty() {
            empty_note(if self.search.trim().is_empty() {
                "No items yet. Add items on the Items tab first."
            } else {
                "No item matches the search."
            })
        } else {
            scrollable(rows).direction(crate::ui::reports::gutter()).height(Length::Fill).style(theme::scroller).into()
        };
        let count =
            widgets::count_line(self.grid.rows.len(), self.grid.truncated, ("item", "items"), "narrow the search");
        let footer = row![
            text(count).size(theme::SMALL).style(theme::muted),
            space::horizontal(),
            text("An empty cell uses the standard price (shown faint). Enter saves the typed cells.")
                .size(theme::SMALL)
                .style(theme::muted),
        ];
        widgets::list_panel(None, heading.spacing(8).padding(widgets::over_gutter()), [6, 0], body, footer)
    }
}

const CODE_W: Length = Length::Fixed(90.0);
const PRICE_W: Length = Length::Fixed(100.0);

fn cell<'a>(content: impl Into<Element<'a, Message>>, width: Length, right: bool) -> Element<'a, Message> {
    let align = if right { Alignment::End } else { Alignment::Start };
    container(content).width(width).align_x(align).into()
}

fn head(label: &str) -> iced::widget::Text<'_> {
    text(label).size(theme::SMALL).font(theme::BOLD).style(theme::muted)
}

fn empty_note(message: &str) -> Element<'_, Message> {
    container(text(message).size(theme::TEXT).style(theme::muted)).padding(16).into()
}

fn action_button<'a>(
    label: &'a str,
    message: Message,
    style: fn(&iced::Theme, button::Status) -> button::Style,
) -> Element<'a, Message> {
    button(text(label).size(theme::TEXT)).padding([6, 14]).style(style).on_press(message).into()
}
