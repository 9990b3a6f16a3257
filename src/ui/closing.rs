//! Closing the window: a screen that holds typed, unsaved work is named, and shown, before
//! anything is lost. (The Customers screen and the level-price grid ask in their own words.)

use crate::ui::app::{Message, Tab};
use crate::ui::theme;
use crate::ui::widgets;
use iced::Element;
use iced::widget::{button, column, row, space, text};

/// A screen with unsaved work, found when the window was asked to close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsaved {
    pub tab: Tab,
    /// What holds the work, in the clerk's words: "An item", "Company settings".
    pub what: &'static str,
}

/// The first screen, in tab order, whose `unsaved` names typed work.
pub fn first_unsaved(screens: impl IntoIterator<Item = (Tab, Option<&'static str>)>) -> Option<Unsaved> {
    screens.into_iter().find_map(|(tab, what)| what.map(|what| Unsaved { tab, what }))
}

/// The question over the screen that holds the work: keep editing (to save it), or close.
pub fn dialog<'a>(unsaved: Unsaved) -> Element<'a, Message> {
    let button = |label: &'a str, message: Message, style: fn(&iced::Theme, button::Status) -> button::Style| {
        button(text(label).size(theme::TEXT)).padding([6, 14]).on_press(message).style(style)
    };
    widgets::dialog(
        column![
            text("Close without saving?").size(theme::SECTION_TITLE).font(theme::BOLD),
            text(format!(
                "{} on this screen has changes that are not saved. Keep editing to save them, or close and lose them.",
                unsaved.what
            ))
            .size(theme::TEXT),
            row![
                space::horizontal(),
                button(KEEP_EDITING, Message::CloseCancelled, theme::secondary_button),
                button(CLOSE_ANYWAY, Message::CloseAnyway, theme::danger_button),
            ]
            .spacing(8),
        ]
        .spacing(14),
    )
}

pub const KEEP_EDITING: &str = "Keep editing";
pub const CLOSE_ANYWAY: &str = "Close without saving";
