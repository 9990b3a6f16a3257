//! Small building blocks shared by the screens: labelled form fields, sections, notices, badges, dialogs.

mod form;
mod modal;

pub use form::{choice, editor, field, input, section};
pub use modal::{dialog, modal};

use crate::ui::theme::{self, Tone};
use iced::widget::{container, text};
use iced::{Element, Length};

/// A coloured strip with one sentence: an error, a warning, a confirmation.
pub fn notice<'a, Message: 'a>(tone: Tone, message: impl text::IntoFragment<'a>) -> Element<'a, Message> {
    container(text(message).size(theme::TEXT)).padding([8, 12]).width(Length::Fill).style(theme::notice(tone)).into()
}

/// A small rounded label (role, Inactive, Unsaved).
pub fn badge<'a, Message: 'a>(tone: Tone, label: impl text::IntoFragment<'a>) -> Element<'a, Message> {
    container(text(label).size(theme::SMALL)).padding([2, 8]).style(theme::badge(tone)).into()
}

/// Muted small text, for labels and secondary information.
pub fn label<'a>(content: impl text::IntoFragment<'a>) -> iced::widget::Text<'a> {
    text(content).size(theme::SMALL).style(theme::muted)
}
