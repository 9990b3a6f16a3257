//! The Prices tab: the level-price grid, special prices for a customer or an item, and the
//! price levels themselves, each a page of its own.

pub mod grid;
pub mod levels;
pub mod specials;

use crate::store::{Store, StoreError};
use crate::ui::theme;
use grid::Grid;
use iced::widget::{button, column, container, row, space, text};
use iced::{Alignment, Element, Length};
use levels::Levels;
use specials::Specials;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    LevelPrices,
    SpecialPrices,
    Levels,
}

#[derive(Debug, Clone)]
pub enum Message {
    Page(Page),
    Grid(grid::Message),
    Specials(specials::Message),
    Levels(levels::Message),
    /// "Export prices…": level prices and special prices to an .xlsx file.
    Export,
    /// "Import prices…": level and special prices from a spreadsheet, in the import wizard.
    Import,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    /// Prices or levels changed: screens showing levels read them again.
    Changed,
    /// Save the level and special prices as .xlsx (the app asks where).
    Export,
    /// Open the import wizard for prices.
    Import,
}

pub struct Prices {
    page: Page,
    grid: Grid,
    specials: Specials,
    levels: Levels,
}

impl Prices {
    pub fn new(store: &Store) -> Result<Prices, StoreError> {
        Ok(Prices {
            page: Page::LevelPrices,
            grid: Grid::new(store)?,
            specials: Specials::new(store)?,
            levels: Levels::new(store)?,
        })
    }

    pub fn page(&self) -> Page {
        self.page
    }

    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    pub fn specials(&self) -> &Specials {
        &self.specials
    }

    pub fn levels(&self) -> &Levels {
        &self.levels
    }

    /// What on this screen holds typed changes not saved, besides typed level prices (which
    /// [`Prices::hold_close`] asks about on the grid itself).
    pub fn unsaved(&self) -> Option<&'static str> {
        self.specials.is_dirty().then_some("A special price")
    }

    /// Whether closing the window must wait: typed level prices are not saved. Shows the
    /// grid with a sentence saying so, and the next close request goes through.
    pub fn hold_close(&mut self) -> bool {
        if self.grid.unsaved() == 0 || self.grid.closing_asked() {
            return false;
        }
        self.page = Page::LevelPrices;
        self.grid.ask_before_closing();
        true
    }

    /// Reads everything again when the tab is entered: items, levels and customers change elsewhere.
    pub fn refresh(&mut self, store: &Store) {
        self.grid.refresh(store);
        self.specials.refresh(store);
        self.levels.refresh(store);
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        let changed = match message {
            Message::Export => return Action::Export,
            Message::Import => return Action::Import,
            Message::Page(page) => {
                self.page = page;
                false
            }
            Message::Grid(message) => self.grid.update(message, store) == grid::Action::Changed,
            Message::Specials(message) => self.specials.update(message, store) == specials::Action::Changed,
            Message::Levels(message) => {
                let changed = self.levels.update(message, store) == levels::Action::Changed;
                if changed {
                    // New, renamed or reordered levels are the grid's columns.
                    self.grid.refresh(store);
                }
                changed
            }
        };
        if changed { Action::Changed } else { Action::None }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut pages = row![].spacing(6).align_y(Alignment::Center);
        for (page, label) in
            [(Page::LevelPrices, "Level prices"), (Page::SpecialPrices, "Special prices"), (Page::Levels, "Levels")]
        {
            let style = if page == self.page { theme::primary_button } else { theme::secondary_button };
            pages = pages.push(
                button(text(label).size(theme::TEXT)).padding([5, 14]).on_press(Message::Page(page)).style(style),
            );
        }
        let unsaved = self.grid.unsaved();
        if unsaved > 0 && self.page != Page::LevelPrices {
            pages = pages.push(
                text(format!(
                    "Level prices has {unsaved} typed cell{} not saved.",
                    if unsaved == 1 { "" } else { "s" }
                ))
                .size(theme::SMALL)
                .style(theme::muted),
            );
        }
        pages = pages.push(space::horizontal()).push(
            button(text("Import prices…").size(theme::TEXT))
                .padding([5, 14])
                .on_press(Message::Import)
                .style(theme::secondary_button),
        );
        pages = pages.push(
            button(text("Export prices…").size(theme::TEXT))
                .padding([5, 14])
                .on_press(Message::Export)
                .style(theme::secondary_button),
        );
        let body: Element<'_, Message> = match self.page {
            Page::LevelPrices => self.grid.view().map(Message::Grid),
            Page::SpecialPrices => self.specials.view().map(Message::Specials),
            Page::Levels => self.levels.view().map(Message::Levels),
        };
        column![container(pages).padding(iced::Padding { top: 12.0, bottom: 0.0, left: 16.0, right: 16.0 }), body]
            .height(Length::Fill)
            .into()
    }
}
