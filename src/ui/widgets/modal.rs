//! A dialog shown over a dimmed screen; the screen behind cannot be clicked until it is answered.

use crate::ui::theme;
use iced::widget::{center, container, opaque, stack};
use iced::{Element, Length};

/// Lays `dialog` over `base`. The backdrop swallows clicks so nothing behind changes meanwhile.
pub fn modal<'a, Message: 'a>(base: Element<'a, Message>, dialog: Element<'a, Message>) -> Element<'a, Message> {
    stack![base, opaque(center(opaque(dialog)).style(theme::backdrop))].into()
}

/// The box of a dialog: a fixed width so questions wrap to a readable measure.
pub fn dialog<'a, Message: 'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(content).padding(24).width(Length::Fixed(440.0)).style(theme::dialog).into()
}
