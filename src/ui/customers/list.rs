//! The customer list: search box, filters, and a virtual list that builds only the rows in view.
//!
//! The list keeps every matching id (a million ids is 8 MB) but fetches and
//! builds rows only for the window the scrollable shows, so scrolling costs the
//! same whether the book holds fifty customers or a million.

use crate::domain::custom_field::{FieldDef, FieldType};
use crate::domain::customer::Role;
use crate::domain::group::GroupAxis;
use crate::domain::search::{ActiveFilter, SearchQuery};
use crate::store::{ListRow, Store, StoreError};
use crate::ui::theme;
use crate::ui::widgets;
use crate::ui::worker::Worker;
use iced::Task;
use iced::widget::{button, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Every row has the same height, so a row's position is its index times it:
/// two lines, and a third when custom fields are shown as list columns.
pub const ROW_HEIGHT: f32 = 48.0;
const COLUMNS_LINE: f32 = 18.0;
/// Rows built above and below the visible ones, so a fast wheel never shows a gap.
const OVERSCAN: usize = 4;
/// Assumed until the scrollable reports its real size; generous, so the first frame is full.
const DEFAULT_VIEWPORT: f32 = 1_000.0;
/// Typed searches are ranked and cut here; browsing (empty search) has no limit.
pub const SEARCH_LIMIT: usize = 1_000;
/// Beyond this many cached rows, rows out of view are forgotten.
const CACHE_LIMIT: usize = 4_000;

pub const SEARCH_ID: &str = "customer-search";
pub const LIST_ID: &str = "customer-list";

/// One entry of an axis filter: "All Region" or one of its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupChoice {
    pub axis: String,
    pub value: Option<String>,
}

/// How wide a group value may be in a filter box (in columns: a Hangul or Han character takes
/// two), so a long one is cut with "…" instead of wrapping under the box.
const FILTER_COLUMNS: usize = 14;

impl fmt::Display for GroupChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(value) => f.write_str(&crate::domain::text::clip(value, FILTER_COLUMNS)),
            None => f.write_str(&crate::domain::text::clip(&format!("All {}", self.axis), FILTER_COLUMNS)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoleFilter {
    #[default]
    All,
    Customers,
    Vendors,
}

impl RoleFilter {
    pub const ALL: [RoleFilter; 3] = [RoleFilter::All, RoleFilter::Customers, RoleFilter::Vendors];

    fn role(self) -> Option<Role> {
        match self {
            RoleFilter::All => None,
            RoleFilter::Customers => Some(Role::Customer),
            RoleFilter::Vendors => Some(Role::Vendor),
        }
    }
}

impl fmt::Display for RoleFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RoleFilter::All => "All roles",
            RoleFilter::Customers => "Customers",
            RoleFilter::Vendors => "Vendors",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusFilter(pub ActiveFilter);

impl StatusFilter {
    pub const ALL: [StatusFilter; 3] = [
        StatusFilter(ActiveFilter::ActiveOnly),
        StatusFilter(ActiveFilter::InactiveOnly),
        StatusFilter(ActiveFilter::All),
    ];
}

impl fmt::Display for StatusFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            ActiveFilter::ActiveOnly => "Active",
            ActiveFilter::InactiveOnly => "Inactive",
            ActiveFilter::All => "Active & inactive",
        })
    }
}

/// A request for the list's ids, answered off the UI thread by [`ListRequest::task`].
#[derive(Debug, Clone, PartialEq)]
pub struct ListRequest {
    pub generation: u64,
    pub query: SearchQuery,
    /// The newest request the list has made, so a request overtaken while it waited for the
    /// worker is skipped instead of searched (typing ten letters asks ten times).
    pub newest: Newest,
}

/// The number of the list's newest request, shared with the requests in flight.
#[derive(Debug, Clone, Default)]
pub struct Newest(Arc<AtomicU64>);

impl Newest {
    fn set(&self, generation: u64) {
        self.0.store(generation, Ordering::Relaxed);
    }

    /// Whether a request numbered `generation` has been overtaken by a newer one.
    pub fn overtakes(&self, generation: u64) -> bool {
        self.0.load(Ordering::Relaxed) > generation
    }
}

impl PartialEq for Newest {
    /// Requests compare by what they ask, not by the counter they share.
    fn eq(&self, _other: &Newest) -> bool {
        true
    }
}

/// The ids that answer a [`ListRequest`].
#[derive(Debug, Clone)]
pub struct Loaded {
    pub generation: u64,
    pub result: Result<LoadedIds, StoreError>,
}

#[derive(Debug, Clone)]
pub struct LoadedIds {
    pub ids: Arc<[i64]>,
    /// The search stopped at its limit; there may be more matches.
    pub truncated: bool,
}

impl ListRequest {
    /// Reads the ids on the window's worker connection, off the UI thread: browsing a million
    /// customers must not freeze the window. Answers `Message::Loaded`.
    pub fn task<M: Send + 'static>(self, worker: &Worker, answer: fn(Loaded) -> M) -> Task<M> {
        let generation = self.generation;
        let work = move |store: &mut Store| {
            if self.newest.overtakes(generation) {
                // The list ignores this answer anyway: it waits for the newer one.
                return Loaded { generation, result: Ok(LoadedIds { ids: Arc::from([]), truncated: false }) };
            }
            self.run(store)
        };
        Task::perform(worker.run(work), move |loaded| {
            answer(loaded.unwrap_or_else(|error| Loaded { generation, result: Err(error) }))
        })
    }

    pub fn run(&self, store: &Store) -> Loaded {
        Loaded { generation: self.generation, result: self.run_with(store) }
    }

    pub fn run_with(&self, store: &Store) -> Result<LoadedIds, StoreError> {
        if self.query.text.trim().is_empty() {
            let ids = store.browse_ids(&self.query)?;
            Ok(LoadedIds { ids: ids.into(), truncated: false })
        } else {
            let ids = store.search_ids(&self.query)?;
            let truncated = ids.len() >= self.query.limit;
            Ok(LoadedIds { ids: ids.into(), truncated })
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    SearchChanged(String),
    SearchSubmitted,
    GroupFilter(GroupChoice),
    RoleFilter(RoleFilter),
    StatusFilter(StatusFilter),
    Scrolled {
        offset: f32,
        height: f32,
    },
    RowClicked(i64),
    /// "Import…" under the list: the screen asks the app for the import wizard.
    Import,
    /// "Export…" under the list: the customers it shows, to an .xlsx file.
    Export,
}

pub struct List {
    search: String,
    groups: BTreeMap<String, String>,
    role: RoleFilter,
    status: StatusFilter,
    ids: Arc<[i64]>,
    truncated: bool,
    loading: bool,
    generation: u64,
    newest: Newest,
    rows: HashMap<i64, ListRow>,
    offset: f32,
    viewport: f32,
    /// The keyboard position: where Up/Down start from and what Enter opens.
    cursor: Option<usize>,
    error: Option<String>,
    /// Custom fields shown in each row (their "List column" setting), in field order.
    columns: Vec<FieldDef>,
}

impl Default for List {
    fn default() -> List {
        List {
            search: String::new(),
            groups: BTreeMap::new(),
            role: RoleFilter::All,
            status: StatusFilter(ActiveFilter::ActiveOnly),
            ids: Arc::from(Vec::new()),
            truncated: false,
            loading: false,
            generation: 0,
            newest: Newest::default(),
            rows: HashMap::new(),
            offset: 0.0,
            viewport: DEFAULT_VIEWPORT,
            cursor: None,
            error: None,
            columns: Vec::new(),
        }
    }
}

impl List {
    pub fn row_height(&self) -> f32 {
        if self.columns.is_empty() { ROW_HEIGHT } else { ROW_HEIGHT + COLUMNS_LINE }
    }

    /// Takes the custom fields marked to show in the list.
    pub fn set_columns(&mut self, fields: &[FieldDef]) {
        self.columns = fields.iter().filter(|f| f.show_in_list).cloned().collect();
    }

    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn search(&self) -> &str {
        &self.search
    }

    pub fn cursor(&self) -> Option<usize> {
        self.cursor
    }

    pub fn is_loading(&self) -> bool {
        self.loading
    }

    pub fn position(&self, id: i64) -> Option<usize> {
        self.ids.iter().position(|&other| other == id)
    }

    /// How many rows are fetched and kept; bounded however long the list is.
    pub fn cached_rows(&self) -> usize {
        self.rows.len()
    }

    pub fn row(&self, id: i64) -> Option<&ListRow> {
        self.rows.get(&id)
    }

    /// The indexes of the rows the view builds: the visible ones plus a small margin.
    pub fn window(&self) -> Range<usize> {
        let first = ((self.offset / self.row_height()).floor().max(0.0) as usize).saturating_sub(OVERSCAN);
        let last = (((self.offset + self.viewport) / self.row_height()).ceil().max(0.0) as usize + OVERSCAN)
            .min(self.ids.len());
        first.min(last)..last
    }

    /// The query the current search box and filters describe.
    pub fn query(&self) -> SearchQuery {
        SearchQuery {
            text: self.search.clone(),
            groups: self.groups.iter().map(|(axis, value)| (axis.clone(), value.clone())).collect(),
            role: self.role.role(),
            active: self.status.0,
            limit: SEARCH_LIMIT,
        }
    }

    /// Starts a new load; answers to older requests are ignored when they arrive.
    pub fn request(&mut self) -> ListRequest {
        self.generation += 1;
        self.loading = true;
        self.newest.set(self.generation);
        ListRequest { generation: self.generation, query: self.query(), newest: self.newest.clone() }
    }

    /// Takes the answer to a request. Returns false (and changes nothing) for a stale one.
    pub fn loaded(&mut self, loaded: Loaded, store: &Store) -> bool {
        if loaded.generation != self.generation {
            return false;
        }
        self.loading = false;
        match loaded.result {
            Ok(found) => {
                self.ids = found.ids;
                self.truncated = found.truncated;
                self.error = None;
                self.cursor = None;
                self.fill(store);
            }
            Err(error) => {
                self.error = Some(super::sentence(&format!("The list could not be loaded: {error}")));
            }
        }
        true
    }

    /// Handles a list message; returns a customer the user picked, if any.
    pub fn update(&mut self, message: Message, store: &Store) -> Event {
        match message {
            Message::SearchChanged(search) => {
                self.search = search;
                Event::Reload
            }
            Message::SearchSubmitted => {
                self.cursor.and_then(|i| self.ids.get(i).copied()).map_or(Event::None, Event::Open)
            }
            Message::GroupFilter(choice) => {
                match choice.value {
                    Some(value) => self.groups.insert(choice.axis, value),
                    None => self.groups.remove(&choice.axis),
                };
                Event::Reload
            }
            Message::RoleFilter(role) => {
                self.role = role;
                Event::Reload
            }
            Message::StatusFilter(status) => {
                self.status = status;
                Event::Reload
            }
            Message::Scrolled { offset, height } => {
                self.offset = offset;
                self.viewport = height.max(self.row_height());
                self.fill(store);
                Event::None
            }
            Message::RowClicked(id) => Event::Open(id),
            // The screen answers these before the list sees them.
            Message::Import | Message::Export => Event::None,
        }
    }

    /// Drops filters on axes or values that no longer exist (after Settings changed them).
    pub fn retain_filters(&mut self, axes: &[GroupAxis]) {
        self.groups
            .retain(|axis, value| axes.iter().any(|a| &a.name == axis && a.values.iter().any(|v| &v.name == value)));
    }

    /// Forgets fetched rows so they are read again (after a save or a settings change).
    pub fn forget(&mut self, id: Option<i64>) {
        match id {
            Some(id) => {
                self.rows.remove(&id);
            }
            None => self.rows.clear(),
        }
    }

    /// Removes a deleted customer without reloading the whole list.
    pub fn remove(&mut self, id: i64, store: &Store) {
        self.ids = self.ids.iter().copied().filter(|&other| other != id).collect::<Vec<_>>().into();
        self.rows.remove(&id);
        self.fill(store);
    }

    /// Marks `id` as the keyboard position. Returns the scroll offset that
    /// brings its row into view, if it is not already.
    pub fn set_cursor(&mut self, id: i64) -> Option<f32> {
        let index = self.position(id)?;
        self.cursor = Some(index);
        let top = index as f32 * self.row_height();
        let target = if top < self.offset {
            Some(top)
        } else if top + self.row_height() > self.offset + self.viewport {
            Some(top + self.row_height() - self.viewport)
        } else {
            None
        };
        if let Some(offset) = target {
            self.offset = offset.max(0.0);
        }
        target
    }

    /// The id `step` rows away from the keyboard position (clamped to the list).
    pub fn step(&self, step: isize, selected: Option<i64>) -> Option<i64> {
        if self.ids.is_empty() {
            return None;
        }
        let from = self.cursor.or_else(|| selected.and_then(|id| self.position(id)));
        let index = match from {
            Some(index) => index.saturating_add_signed(step).min(self.ids.len() - 1),
            None => 0,
        };
        self.ids.get(index).copied()
    }

    /// How far the list is scrolled, to put it back when it is drawn again after another tab.
    pub fn offset(&self) -> f32 {
        self.offset
    }

    /// A new search starts at the top.
    pub fn scroll_to_top(&mut self) {
        self.offset = 0.0;
    }

    /// Reads the rows of the visible window that are not cached yet. A window
    /// is a few dozen primary-key reads, quick enough for the UI thread.
    pub fn fill(&mut self, store: &Store) {
        let window = self.window();
        let missing: Vec<i64> =
            self.ids[window.clone()].iter().copied().filter(|id| !self.rows.contains_key(id)).collect();
        if missing.is_empty() {
            return;
        }
        if self.rows.len() + missing.len() > CACHE_LIMIT {
            let keep: std::collections::HashSet<i64> = self.ids[window].iter().copied().collect();
            self.rows.retain(|id, _| keep.contains(id));
        }
        match store.list_rows(&missing) {
            Ok(rows) => self.rows.extend(rows.into_iter().map(|row| (row.id, row))),
            Err(error) => self.error = Some(super::sentence(&format!("Some rows could not be read: {error}"))),
        }
    }

    pub fn view<'a>(&'a self, axes: &'a [GroupAxis], selected: Option<i64>) -> Element<'a, Message> {
        let search = widgets::input(
            SEARCH_ID,
            "Search code, name, phone, e-mail…   (Ctrl+F)",
            &self.search,
            Message::SearchChanged,
            false,
        )
        .on_submit(Message::SearchSubmitted);

        let mut filters = row![].spacing(8);
        for axis in axes {
            let mut options = vec![GroupChoice { axis: axis.name.clone(), value: None }];
            options.extend(
                axis.values.iter().map(|v| GroupChoice { axis: axis.name.clone(), value: Some(v.name.clone()) }),
            );
            let selected = GroupChoice { axis: axis.name.clone(), value: self.groups.get(&axis.name).cloned() };
            // Clipped: a value longer than the box would otherwise wrap below it (a pick list
            // draws its label one line high), over the filter under it.
            filters = filters.push(
                container(widgets::choice(options, Some(selected), Message::GroupFilter, false))
                    .id(format!("filter:{}", axis.name))
                    .width(Length::Fixed(130.0))
                    .clip(true),
            );
        }
        filters = filters
            .push(
                container(widgets::choice(&RoleFilter::ALL[..], Some(self.role), Message::RoleFilter, false))
                    .id("filter:role")
                    .width(Length::Fixed(120.0))
                    .clip(true),
            )
            .push(
                container(widgets::choice(&StatusFilter::ALL[..], Some(self.status), Message::StatusFilter, false))
                    .id("filter:status")
                    .width(Length::Fixed(150.0))
                    .clip(true),
            );

        let header = column![search, filters.wrap().vertical_spacing(8)].spacing(10).padding(12);

        let body: Element<'a, Message> = if self.ids.is_empty() {
            let message = if self.loading {
                "Loading…"
            } else if self.search.trim().is_empty() && self.groups.is_empty() {
                "No customers here yet. Press New (Ctrl+N) to add one."
            } else {
                "No customer matches. Check the spelling or clear a filter."
            };
            container(text(message).size(theme::TEXT).style(theme::muted))
                .padding(24)
                .width(Length::Fill)
                .height(Length::Fill)
                .into()
        } else {
            self.rows_view(selected)
        };

        let count = self.ids.len();
        let mut status = format!("{} {}", thousands(count), if count == 1 { "customer" } else { "customers" });
        if self.truncated {
            status = format!("First {} matches shown; type more to narrow", thousands(count));
        }
        if self.loading {
            status.push_str("  ·  updating…");
        }
        let mut counts = column![text(status).size(theme::SMALL)].spacing(2);
        if let Some(error) = &self.error {
            counts = counts.push(text(error).size(theme::SMALL).style(theme::error_text));
        }
        let link = |label, message| {
            button(text(label).size(theme::SMALL)).padding([0, 6]).style(theme::link_button).on_press(message)
        };
        let footer = row![
            container(counts).width(Length::Fill),
            link("Import…", Message::Import),
            link("Export…", Message::Export),
        ]
        .spacing(4)
        .align_y(Alignment::Center);

        let heading = row![text("Customer").size(theme::SMALL), space::horizontal(), text("Code").size(theme::SMALL)];
        widgets::list_panel(Some(header.into()), heading, [4, 14], body, footer)
    }

    fn rows_view(&self, selected: Option<i64>) -> Element<'_, Message> {
        let window = self.window();
        let total = self.ids.len() as f32 * self.row_height();
        let mut content = column![space().height(Length::Fixed(window.start as f32 * self.row_height()))];
        for index in window.clone() {
            let id = self.ids[index];
            content = content.push(self.row_view(index, id, selected == Some(id)));
        }
        content = content.push(space().height(Length::Fixed((total - window.end as f32 * self.row_height()).max(0.0))));
        scrollable(content.width(Length::Fill))
            .id(LIST_ID)
            .on_scroll(|viewport| Message::Scrolled {
                offset: viewport.absolute_offset().y,
                height: viewport.bounds().height,
            })
            .height(Length::Fill)
            .style(theme::scroller)
            .into()
    }

    fn row_view(&self, index: usize, id: i64, selected: bool) -> Element<'_, Message> {
        let cursor = self.cursor == Some(index);
        let content: Element<'_, Message> = match self.rows.get(&id) {
            Some(row) => {
                let name = one_line(clip(&row.name, 40), theme::TEXT).style(move |_: &iced::Theme| {
                    iced::widget::text::Style { color: Some(if row.active { theme::INK } else { theme::FAINT }) }
                });
                let mut first = row![name].spacing(6).align_y(Alignment::Center);
                if !row.active {
                    first = first.push(one_line("inactive".into(), theme::SMALL).style(theme::faint));
                }
                first =
                    first.push(space::horizontal()).push(one_line(row.code.clone(), theme::SMALL).style(theme::muted));
                let place =
                    [row.city.trim(), row.phone.trim()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>();
                let mut details = vec![row.role.to_string()];
                details.extend(place.into_iter().map(str::to_string));
                let second = row![
                    container(one_line(clip(&details.join(" · "), 44), theme::SMALL).style(theme::muted))
                        .width(Length::Fill)
                        .clip(true),
                    container(one_line(clip(&row.person_in_charge, 16), theme::SMALL).style(theme::muted))
                        .align_right(Length::Fixed(104.0))
                        .clip(true),
                ]
                .spacing(8);
                let mut lines = column![first, second].spacing(3);
                if !self.columns.is_empty() {
                    lines = lines.push(
                        container(one_line(clip(&self.column_values(row), 60), theme::SMALL).style(theme::faint))
                            .width(Length::Fill)
                            .clip(true),
                    );
                }
                lines.into()
            }
            None => text("…").size(theme::SMALL).style(theme::faint).into(),
        };
        button(container(content).center_y(Length::Fill).clip(true))
            .on_press(Message::RowClicked(id))
            .width(Length::Fill)
            .height(Length::Fixed(self.row_height()))
            .padding([4, 14])
            .style(theme::list_row(selected, cursor))
            .into()
    }
}

impl List {
    /// "Industry: Retail · Key account" for the fields shown as list columns; a
    /// yes/no field shows its label when yes and nothing when no.
    fn column_values(&self, row: &ListRow) -> String {
        self.columns
            .iter()
            .filter_map(|def| {
                let value = row.custom.get(&def.key)?.trim();
                match def.field_type {
                    FieldType::Bool => {
                        crate::domain::custom_field::parse_bool(value).unwrap_or(false).then(|| def.label.clone())
                    }
                    _ if value.is_empty() => None,
                    _ => Some(format!("{}: {value}", def.label)),
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Text that never wraps: a row has a fixed height, and a wrapped line would spill out of it.
fn one_line<'a>(content: String, size: f32) -> iced::widget::Text<'a> {
    text(content).size(size).wrapping(iced::widget::text::Wrapping::None)
}

/// What a list message asks of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    None,
    Reload,
    Open(i64),
}

/// Shortens text to `max` characters with an ellipsis; rows have a fixed height and must not wrap.
fn clip(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        value.to_string()
    } else {
        let mut short: String = value.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

/// 1234567 -> "1,234,567" (see [`crate::domain::text::thousands`]).
pub fn thousands(n: usize) -> String {
    crate::domain::text::thousands(n as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_overtaken_while_it_waits_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let worker = Worker::start(dir.path().join("book.db"));
        let mut list = List::default();
        let first = list.request();
        let second = list.request();
        assert!(first.newest.overtakes(first.generation), "typing again overtakes the first search");
        assert!(!second.newest.overtakes(second.generation));
        // The worker answers the overtaken one without searching; the list ignores it as stale.
        let answer =
            |request: ListRequest| {
                let generation = request.generation;
                iced::futures::executor::block_on(worker.run(move |store| {
                    if request.newest.overtakes(generation) { None } else { Some(request.run(store)) }
                }))
                .unwrap()
            };
        assert!(answer(first).is_none());
        assert!(answer(second).is_some_and(|loaded| loaded.result.is_ok()));
    }
}
